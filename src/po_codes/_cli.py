"""The ``po-codes`` command line.

Data goes to standard output (or ``--output``), messages and errors to standard
error. Exit codes: 0 success; 1 rule failures at or above ``--fail-on`` (or a skipped
rule with ``--fail-on-skipped``); 2 unreadable input or bad usage; 3 an internal
error (one line; the traceback with ``--debug``). A broken pipe never turns a
failure into 0.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import shutil
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO
from xml.sax.saxutils import escape, quoteattr

from po_codes._codes import ClosureCode
from po_codes._errors import MissingColumnError, PoCodesError
from po_codes._version import __version__

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    import polars as pl

    from po_codes._report import ValidationReport

__all__ = ["main"]

EXIT_OK: Final = 0
EXIT_FAILURES: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERNAL: Final = 3
_SEVERITY_RANK: Final = {"info": 0, "warning": 1, "error": 2}
_ANNOTATION: Final = {"error": "error", "warning": "warning", "info": "notice"}
_ANNOTATIONS_PER_RULE: Final = 10
_PROGRESS_BYTES: Final = 10 * 1024 * 1024  # ~100k rows of a typical export
STDIN: Final = "-"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit with 2 and a one-line reason."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_USAGE)


class _UsageError(PoCodesError):
    """A flag or setting has a value the command cannot use."""


# -- output --------------------------------------------------------------------------------


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    """Standard output, or the ``--output`` file (written whole, UTF-8)."""
    if path is None or path == STDIN:
        yield sys.stdout
        return
    buffer = io.StringIO()
    yield buffer
    try:
        Path(path).write_text(buffer.getvalue(), encoding="utf-8")
    except OSError as exc:
        raise _UsageError(f"cannot write {path!r}: {exc.strerror or exc}") from exc


def _width() -> int:
    return max(60, min(shutil.get_terminal_size((80, 24)).columns, 200))


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


# -- codes ---------------------------------------------------------------------------------


def _cmd_codes(args: argparse.Namespace) -> int:
    rows: list[dict[str, str | bool]] = [
        {
            "code": code.name,
            "label": code.value,
            "group": code.group.value,
            "requires_resource": code.requires_resource,
            "label_en": code.label_en,
        }
        for code in ClosureCode
    ]
    out = sys.stdout
    if args.format == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        width = max(len(code.value) for code in ClosureCode)
        for title, codes in (
            ("With a resource deployed", ClosureCode.with_resource()),
            ("Without a resource deployed", ClosureCode.without_resource()),
        ):
            out.write(f"{title}:\n")
            for code in codes:
                out.write(f"  {code.value:<{width}}  {code.label_en}\n")
    return EXIT_OK


# -- settings ------------------------------------------------------------------------------


def _pyproject_settings(start: Path) -> dict[str, Any]:
    """``[tool.po-codes]`` of the nearest ``pyproject.toml`` at or above ``start``."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                document = tomllib.loads(candidate.read_text("utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise _UsageError(f"cannot read {str(candidate)!r}: {exc}") from exc
            settings = document.get("tool", {}).get("po-codes", {})
            if not isinstance(settings, dict):
                raise _UsageError(f"{candidate}: [tool.po-codes] must be a table")
            return settings
    return {}


def _pairs(values: list[str] | None, what: str) -> dict[str, str]:
    """``["A=b,C=d", "E=f"]`` -> ``{"A": "b", "C": "d", "E": "f"}``."""
    result: dict[str, str] = {}
    for value in values or []:
        for part in value.split(","):
            if not part.strip():
                continue
            key, sep, target = part.partition("=")
            if not sep or not key.strip() or not target.strip():
                raise _UsageError(f"{what} takes NAME=VALUE pairs, got {part!r}")
            result[key.strip()] = target.strip()
    return result


def _split(values: list[str] | None) -> list[str] | None:
    """Accept both ``--select PO1 --select PO2`` and ``--select PO1,PO2``."""
    if values is None:
        return None
    parts = [part.strip() for value in values for part in value.split(",")]
    if not any(parts):
        raise _UsageError("--select/--ignore need at least one rule id or prefix")
    return [part for part in parts if part]


def _as_list(value: object, key: str) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise _UsageError(f"[tool.po-codes] {key} must be a string or a list of strings")


def _as_table(value: object, key: str) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return {str(k): str(v) for k, v in value.items()}
    raise _UsageError(f"[tool.po-codes] {key} must be a table of strings")


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    """Flags win over ``[tool.po-codes]`` settings of the nearest pyproject.toml."""
    found = _pyproject_settings(Path.cwd())
    known = {
        "select", "ignore", "severity", "columns", "fail-on", "lang", "priority-threshold",
        "task-key",
    }  # fmt: skip
    unknown = sorted(set(found) - known)
    if unknown:
        raise _UsageError(f"[tool.po-codes] has unknown settings: {', '.join(unknown)}")
    select = (
        _split(args.select) if args.select is not None else _as_list(found.get("select"), "select")
    )
    ignore = (
        _split(args.ignore) if args.ignore is not None else _as_list(found.get("ignore"), "ignore")
    )
    severity = {
        **_as_table(found.get("severity"), "severity"),
        **_pairs(args.severity, "--severity"),
    }
    columns = {**_as_table(found.get("columns"), "columns"), **_pairs(args.columns, "--columns")}
    fail_on = args.fail_on or found.get("fail-on", "error")
    lang = args.lang or found.get("lang", "en")
    threshold = args.priority_threshold or str(found.get("priority-threshold", "3"))
    task_key = (
        _split(args.task_key)
        if args.task_key is not None
        else _as_list(found.get("task-key"), "task-key") or ["task_id"]
    )
    if fail_on not in _SEVERITY_RANK:
        raise _UsageError(f"fail-on must be error, warning or info, got {fail_on!r}")
    if lang not in ("en", "nb"):
        raise _UsageError(f"lang must be en or nb, got {lang!r}")
    return {
        "select": select,
        "ignore": ignore,
        "severity": severity or None,
        "columns": columns or None,
        "fail_on": fail_on,
        "lang": lang,
        "priority_threshold": threshold,
        "task_key": task_key,
    }


# -- validate ------------------------------------------------------------------------------


def _stdin_file(folder: str) -> Path:
    path = Path(folder) / "stdin.csv"
    path.write_bytes(sys.stdin.buffer.read())
    return path


def _progress(path: Path, message: str) -> None:
    """A progress line on standard error for large files, only on a terminal."""
    with contextlib.suppress(OSError):
        if sys.stderr.isatty() and path.stat().st_size > _PROGRESS_BYTES:
            sys.stderr.write(f"\r{message:<70}")
            sys.stderr.flush()


def _validate_file(
    path: Path, shown: str, settings: dict[str, Any], skip_without_codes: bool
) -> tuple[ValidationReport[Any] | None, pl.Series | None]:
    from po_codes._io import canonical_headers, read_table  # noqa: PLC0415
    from po_codes._validate import validate  # noqa: PLC0415

    started = time.perf_counter()
    _progress(path, f"po-codes: reading {shown} ...")
    table = read_table(path, lines=True)
    _progress(path, f"po-codes: validating {table.frame.height:,} rows of {shown} ...")
    try:
        frame = canonical_headers(table.frame, path, settings["columns"])
    except MissingColumnError:
        if skip_without_codes:
            sys.stderr.write(f"{shown}: no closure code column, skipped\n")
            return None, None
        raise
    report = validate(
        frame,
        select=settings["select"],
        ignore=settings["ignore"],
        severity=settings["severity"],
        priority_threshold=settings["priority_threshold"],
        lang=settings["lang"],
        task_key=settings["task_key"],
    )
    _progress(path, f"po-codes: {shown} done in {time.perf_counter() - started:.1f} s")
    with contextlib.suppress(OSError):
        if sys.stderr.isatty() and path.stat().st_size > _PROGRESS_BYTES:
            sys.stderr.write("\n")
    return report, table.lines


def _failing(report: ValidationReport[Any], fail_on: str, fail_on_skipped: bool) -> bool:
    threshold = _SEVERITY_RANK[fail_on]
    failed = any(
        o.status == "failed" and _SEVERITY_RANK[o.severity.value] >= threshold
        for o in report.outcomes
    )
    return failed or (fail_on_skipped and report.n_skipped > 0)


def _with_lines(failures: pl.DataFrame, lines: pl.Series | None) -> pl.DataFrame:
    """Add each failure's line in the file (null when the file has no lines)."""
    import polars as pl  # noqa: PLC0415

    if lines is None or failures.is_empty():
        return failures.with_columns(pl.lit(None, pl.Int64).alias("line"))
    return failures.with_columns(
        pl.lit(lines.cast(pl.Int64)).gather(pl.col("row_index")).alias("line")
    )


def _cmd_validate(args: argparse.Namespace) -> int:
    settings = _settings(args)
    results: list[tuple[str, ValidationReport[Any], pl.Series | None]] = []
    errors: list[dict[str, object]] = []
    exit_code = EXIT_OK
    with tempfile.TemporaryDirectory() as folder:
        for given in args.paths:
            shown = "<stdin>" if given == STDIN else given
            try:
                path = _stdin_file(folder) if given == STDIN else Path(given)
                report, lines = _validate_file(path, shown, settings, args.skip_without_codes)
            except PoCodesError as exc:
                sys.stderr.write(f"po-codes: error: {exc}\n")
                errors.append({"path": shown, "ok": False, "error": str(exc)})
                exit_code = max(exit_code, EXIT_USAGE)
                continue
            if report is None:
                continue
            if _failing(report, settings["fail_on"], args.fail_on_skipped):
                exit_code = max(exit_code, EXIT_FAILURES)
            results.append((shown, report, lines))
    args.exit_code = exit_code  # kept for a broken pipe while writing
    writer = _WRITERS[args.format]
    with _output(args.output) as out:
        writer(out, results, errors)
    if args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        with Path(os.environ["GITHUB_STEP_SUMMARY"]).open("a", encoding="utf-8") as summary:
            _write_markdown(summary, results, errors)
    if args.format != "text" or args.output:
        sys.stderr.write(_total_line(results, errors) + "\n")
    return exit_code


def _total_line(
    results: list[tuple[str, ValidationReport[Any], pl.Series | None]],
    errors: list[dict[str, object]],
) -> str:
    rows = sum(report.n_rows for _, report, _ in results)
    failed = sum(not report.ok for _, report, _ in results)
    invalid = sum(report.n_invalid for _, report, _ in results)
    files = len(results) + len(errors)
    parts = [
        f"po-codes: {_plural(files, 'file', 'files')}",
        _plural(rows, "row", "rows"),
        f"{_plural(invalid, 'invalid row', 'invalid rows')}",
        f"{failed} with errors",
    ]
    if errors:
        parts.append(f"{len(errors)} unreadable")
    return ", ".join(parts)


def _write_text(
    out: TextIO,
    results: list[tuple[str, ValidationReport[Any], pl.Series | None]],
    errors: list[dict[str, object]],
) -> None:
    out.writelines(f"{shown}: {report}\n" for shown, report, _ in results)
    if len(results) + len(errors) > 1:
        out.write(_total_line(results, errors) + "\n")


def _write_json(
    out: TextIO,
    results: list[tuple[str, ValidationReport[Any], pl.Series | None]],
    errors: list[dict[str, object]],
) -> None:
    files: list[dict[str, object]] = []
    for shown, report, lines in results:
        document = report.to_dict()
        document["failures"] = _with_lines(report.failures, lines).to_dicts()
        files.append({"path": shown, **document})
    files.extend(errors)
    out.write(json.dumps({"files": files}, ensure_ascii=False, indent=2, default=str) + "\n")


def _place(row: dict[str, Any]) -> str:
    """Where a failure is: its line in the file, else its row."""
    return f"line {row['line']}" if row["line"] is not None else f"row {row['row_index']}"


def _escape(text: str, *, prop: bool = False) -> str:
    """Escape text for a GitHub workflow command (data, or a property value)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _write_github(
    out: TextIO,
    results: list[tuple[str, ValidationReport[Any], pl.Series | None]],
    errors: list[dict[str, object]],
) -> None:
    import polars as pl  # noqa: PLC0415

    for shown, report, lines in results:
        failures = _with_lines(report.failures, lines)
        where = f"file={_escape(shown, prop=True)}"
        shown_rows = failures.group_by("rule_id", maintain_order=True).head(_ANNOTATIONS_PER_RULE)
        for row in shown_rows.iter_rows(named=True):
            at = where + (f",line={row['line']}" if row["line"] is not None else "")
            place = _place(row)
            title = _escape(f"{row['rule_id']} ({row['severity']})", prop=True)
            message = _escape(f"{row['rule_id']} {place}: {row['message']}")
            out.write(f"::{_ANNOTATION[row['severity']]} {at},title={title}::{message}\n")
        counts = failures.group_by("rule_id", maintain_order=True).agg(pl.len())
        hidden = [
            f"{rule} {n - _ANNOTATIONS_PER_RULE:,} more"
            for rule, n in counts.iter_rows()
            if n > _ANNOTATIONS_PER_RULE
        ]
        summary = report.headline() + (f"; not annotated: {', '.join(hidden)}" if hidden else "")
        level = "error" if not report.ok else "notice"
        out.write(f"::{level} {where},title=po-codes summary::{_escape(summary)}\n")
    for error in errors:
        where = f"file={_escape(str(error['path']), prop=True)}"
        out.write(f"::error {where}::{_escape(str(error['error']))}\n")


def _write_markdown(
    out: TextIO,
    results: list[tuple[str, ValidationReport[Any], pl.Series | None]],
    errors: list[dict[str, object]],
) -> None:
    out.write("## po-codes validation\n\n")
    for shown, report, lines in results:
        mark = "✅" if report.ok else "❌"
        out.write(f"### {mark} `{shown}`\n\n{report.headline()}\n\n")
        failed = [o for o in report.outcomes if o.status != "passed"]
        if failed:
            out.write("| rule | severity | status | rows | what |\n|---|---|---|---:|---|\n")
            for o in failed:
                rows = (
                    f"{o.n_failed:,}"
                    if o.status == "failed"
                    else "needs " + ", ".join(o.missing_columns)
                )
                title = o.rule.title_in(report.lang).replace("|", "\\|")
                out.write(f"| {o.rule.id} | {o.severity.value} | {o.status} | {rows} | {title} |\n")
            out.write("\n")
        failures = (
            _with_lines(report.failures, lines).group_by("rule_id", maintain_order=True).head(3)
        )
        if not failures.is_empty():
            out.write("<details><summary>First failures</summary>\n\n")
            for row in failures.iter_rows(named=True):
                place = _place(row)
                message = str(row["message"]).replace("\n", " ")
                out.write(f"- **{row['rule_id']}** {place}: {message}\n")
            out.write("\n</details>\n\n")
    out.writelines(f"### ⚠️ `{error['path']}`\n\n{error['error']}\n\n" for error in errors)


def _write_html(
    out: TextIO,
    results: list[tuple[str, ValidationReport[Any], pl.Series | None]],
    errors: list[dict[str, object]],
) -> None:
    import html  # noqa: PLC0415

    if len(results) == 1 and not errors:
        shown, report, _ = results[0]
        out.write(report.to_html(title=f"po-codes: {shown}") + "\n")
        return
    parts = [
        f"<section><h1>{html.escape(shown)}</h1>{report.to_html(full_page=False)}</section>"
        for shown, report, _ in results
    ]
    parts.extend(
        f"<section><h1>{html.escape(str(e['path']))}</h1><p>{html.escape(str(e['error']))}</p></section>"
        for e in errors
    )
    out.write(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>po-codes validation</title></head><body>{''.join(parts)}</body></html>\n"
    )


def _write_junit(
    out: TextIO,
    results: list[tuple[str, ValidationReport[Any], pl.Series | None]],
    errors: list[dict[str, object]],
) -> None:
    suites: list[str] = []
    for shown, report, lines in results:
        failures = _with_lines(report.failures, lines)
        cases: list[str] = []
        for o in report.outcomes:
            name = quoteattr(f"{o.rule.id} {o.rule.title_in(report.lang)}")
            body = ""
            if o.status == "skipped":
                body = f"<skipped message={quoteattr('needs ' + ', '.join(o.missing_columns))}/>"
            elif o.status == "failed":
                first = failures.filter(failures["rule_id"] == o.rule.id).head(20)
                detail = "\n".join(
                    f"{_place(r)}: {r['message']}" for r in first.iter_rows(named=True)
                )
                message = quoteattr(f"{o.n_failed:,} rows failed")
                body = (
                    f"<failure type={quoteattr(o.severity.value)} message={message}>"
                    f"{escape(detail)}</failure>"
                )
            cases.append(f"<testcase classname={quoteattr(shown)} name={name}>{body}</testcase>")
        n_failed = sum(o.status == "failed" for o in report.outcomes)
        suites.append(
            f"<testsuite name={quoteattr(shown)} tests='{len(report.outcomes)}' "
            f"failures='{n_failed}' errors='0' skipped='{report.n_skipped}'>"
            f"{''.join(cases)}</testsuite>"
        )
    suites.extend(
        f"<testsuite name={quoteattr(str(error['path']))} tests='1' failures='0' errors='1'>"
        f"<testcase classname={quoteattr(str(error['path']))} name='read'>"
        f"<error message={quoteattr(str(error['error']))}/></testcase></testsuite>"
        for error in errors
    )
    out.write(
        "<?xml version='1.0' encoding='utf-8'?>\n<testsuites>" + "".join(suites) + "</testsuites>\n"
    )


_WRITERS: Final = {
    "text": _write_text,
    "json": _write_json,
    "github": _write_github,
    "markdown": _write_markdown,
    "html": _write_html,
    "junit": _write_junit,
}


# -- figures and page ----------------------------------------------------------------------


def _read_any(path: str) -> pl.DataFrame:
    """Read task rows, or a published figures table (any layout read_figures reads)."""
    from po_codes._io import read_tasks  # noqa: PLC0415
    from po_codes._published import read_figures  # noqa: PLC0415

    try:
        return read_tasks(path)
    except MissingColumnError:
        return read_figures(path)


def _cmd_figures(args: argparse.Namespace) -> int:
    from po_codes._figures import figures  # noqa: PLC0415

    by = tuple(part.strip() for part in args.by.split(",") if part.strip())
    table = figures(_read_any(args.path), by=by, weight=args.weight)
    with _output(args.output) as out:
        _write_table(out, table, args.format)
    return EXIT_OK


def _display(table: pl.DataFrame) -> pl.DataFrame:
    """Years without separators, shares as percentages, for people."""
    import polars as pl  # noqa: PLC0415

    shares = [
        n
        for n in table.columns
        if n == "share" or n.endswith("_share") or n.startswith(("ci_", "limit_"))
    ]
    return table.with_columns(
        *(pl.col(n).cast(pl.String) for n in table.columns if n == "year"),
        *(
            pl.when(pl.col(n).is_not_null())
            .then(pl.format("{} %", (pl.col(n) * 100).round(1)))
            .alias(n)
            for n in shares
        ),
    )


def _write_table(
    out: TextIO, table: pl.DataFrame, fmt: str, rename: dict[str, str] | None = None
) -> None:
    import polars as pl  # noqa: PLC0415

    if fmt == "csv":
        out.write(table.write_csv())
    elif fmt == "json":
        out.write(json.dumps(table.to_dicts(), ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        with pl.Config(
            tbl_rows=-1,
            tbl_cols=-1,
            tbl_hide_dataframe_shape=True,
            tbl_hide_column_data_types=True,
            tbl_width_chars=_width(),
            fmt_str_lengths=24,
            thousands_separator=" ",
            tbl_formatting="ASCII_MARKDOWN",
        ):
            out.write(f"{_display(table).rename(rename or {})}\n")


def _cmd_page(args: argparse.Namespace) -> int:
    import polars as pl  # noqa: PLC0415

    from po_codes._page import district_page  # noqa: PLC0415

    frames = [_read_any(path) for path in args.paths]
    frame = frames[0] if len(frames) == 1 else pl.concat(frames, how="diagonal_relaxed")
    source = ", ".join(Path(p).name for p in args.paths)
    page = district_page(frame, title=args.title, lang=args.lang, code=args.code, source=source)
    try:
        Path(args.output).write_text(page, encoding="utf-8")
    except OSError as exc:
        raise _UsageError(f"cannot write {args.output!r}: {exc.strerror or exc}") from exc
    sys.stderr.write(f"po-codes: wrote {args.output} ({len(page.encode()) / 1024:,.0f} KiB)\n")
    return EXIT_OK


# -- demo ----------------------------------------------------------------------------------


def _cmd_demo(args: argparse.Namespace) -> int:
    import polars as pl  # noqa: PLC0415

    from po_codes._figures import compare, harmonize_districts, indicators  # noqa: PLC0415
    from po_codes._synthetic import synthetic_tasks  # noqa: PLC0415
    from po_codes._validate import validate  # noqa: PLC0415

    out = sys.stdout
    started = time.perf_counter()
    out.write(
        f"1. Generating {args.rows:,} synthetic PO tasks for 2007-2016\n"
        f"   (seed {args.seed}, {args.error_rate:.1%} injected rule violations)...\n"
    )
    tasks = synthetic_tasks(args.rows, seed=args.seed, error_rate=args.error_rate)
    out.write(f"\n2. Validating them against {len(_rule_ids())} rules in one polars query:\n\n")
    report = validate(tasks)
    out.write(f"{_wrap(report.to_text(examples=1))}\n")
    clean = report.valid_rows()
    out.write(
        f"\n   {clean.height:,} valid rows kept; {report.n_rows - clean.height:,} rows with\n"
        "   errors set aside (report.invalid_rows()).\n"
    )
    harmonised = harmonize_districts(clean, split="combine")
    latest = int(harmonised.get_column("year").max())  # type: ignore[arg-type]
    out.write(
        f"\n3. Indicators per district in {latest} (po.indicators), on the 12 districts\n"
        "   of 2016 with Nordland and Troms combined (po.harmonize_districts):\n\n"
    )
    table = indicators(harmonised.filter(pl.col("year") == latest), by="district").select(
        "district",
        "total",
        "with_resource_share",
        "ikke_kapasitet_share",
        "ingen_operative_tiltak_share",
    )
    _write_table(
        out,
        table,
        "text",
        rename={
            "with_resource_share": "resource",
            "ikke_kapasitet_share": "ikke kap.",
            "ingen_operative_tiltak_share": "ingen op.",
        },
    )
    out.write(
        f"\n4. Is a district's 'Ikke kapasitet' share unusual in {latest}? (po.compare:\n"
        "   funnel limits widened for the real spread between districts, 95 %)\n\n"
    )
    funnel = (
        compare(harmonised, code="Ikke kapasitet", by=("district", "year"))
        .filter(pl.col("year") == latest)
        .select("district", "total", "share", "national_share", "limit_low", "limit_high", "flag")
    )
    _write_table(
        out,
        funnel,
        "text",
        rename={"national_share": "national", "limit_low": "low", "limit_high": "high"},
    )
    out.write(
        "\n   'above' means higher than the national share by more than chance and the\n"
        "   usual spread between districts explain: a reason to look closer, not a rank.\n"
        f"\nDone in {time.perf_counter() - started:.1f} s.\n"
    )
    return EXIT_OK


def _wrap(text: str, width: int = 80) -> str:
    """Wrap long report lines for an 80-column terminal, keeping their indent."""
    import textwrap  # noqa: PLC0415

    lines: list[str] = []
    for line in text.splitlines():
        if len(line) <= width:
            lines.append(line)
            continue
        indent = " " * (len(line) - len(line.lstrip()) + 2)
        lines.extend(textwrap.wrap(line, width=width, subsequent_indent=indent))
    return "\n".join(lines)


def _rule_ids() -> list[str]:
    from po_codes._rules import RULES  # noqa: PLC0415

    return [rule.id for rule in RULES]


# -- the parser ----------------------------------------------------------------------------


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="po-codes",
        description="Norwegian police PO closure codes: list codes, validate task exports, "
        "compute PO figures, publish a district page.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    codes = sub.add_parser("codes", help="list the 14 closure codes")
    codes.add_argument("--format", choices=("text", "json", "csv"), default="text")
    codes.set_defaults(func=_cmd_codes)

    check = sub.add_parser(
        "validate",
        help="validate task exports (CSV, Parquet, Excel)",
        description="Validate PO task exports. Exit 0 when no rule at or above --fail-on "
        "failed, 1 when one did, 2 when a file cannot be read or the usage is wrong, 3 on an "
        "internal error. Settings may also come from [tool.po-codes] in the nearest "
        "pyproject.toml (select, ignore, severity, columns, fail-on, lang, "
        "priority-threshold, task-key); flags win.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="export file(s); - for stdin")
    check.add_argument(
        "--format", choices=tuple(_WRITERS), default="text", help="output format (text)"
    )
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    check.add_argument("--select", action="append", metavar="IDS", help="rule ids or prefixes")
    check.add_argument(
        "--ignore", action="append", metavar="IDS", help="rule ids or prefixes to skip"
    )
    check.add_argument(
        "--severity", action="append", metavar="ID=LEVEL", help="e.g. PO203=error (repeatable)"
    )
    check.add_argument(
        "--columns", action="append", metavar="HEADER=COLUMN", help='e.g. "Oppdrags-ID=task_id"'
    )
    check.add_argument("--fail-on", choices=("error", "warning", "info"), default=None)
    check.add_argument(
        "--fail-on-skipped", action="store_true", help="exit 1 when a rule could not run"
    )
    check.add_argument("--lang", choices=("en", "nb"), default=None, help="report language")
    check.add_argument(
        "--priority-threshold",
        default=None,
        metavar="P",
        help="least urgent priority that counts as '3 or higher' (3)",
    )
    check.add_argument(
        "--task-key",
        action="append",
        metavar="COLUMNS",
        help="columns that identify a task, for PO003 (task_id); e.g. district,task_id",
    )
    check.add_argument(
        "--skip-without-codes",
        action="store_true",
        help="skip files without a closure code column (for pre-commit) instead of exit 2",
    )
    check.set_defaults(func=_cmd_validate)

    fig = sub.add_parser("figures", help="PO figures (counts and shares per code)")
    fig.add_argument("path", metavar="PATH", help="task export, or a published figures table")
    fig.add_argument("--by", default="district,year", help="grouping columns (comma-separated)")
    fig.add_argument("--weight", default=None, help="count column (default: n/antall if any)")
    fig.add_argument("--format", choices=("text", "csv", "json"), default="text")
    fig.add_argument("--output", "-o", metavar="FILE", help="write the table to FILE")
    fig.set_defaults(func=_cmd_figures)

    page = sub.add_parser("page", help="one publishable HTML page of PO figures per district")
    page.add_argument("paths", nargs="+", metavar="PATH", help="task exports or figures tables")
    page.add_argument("--output", "-o", metavar="FILE", required=True)
    page.add_argument("--lang", choices=("nb", "en"), default="nb")
    page.add_argument("--title", default=None)
    page.add_argument("--code", default="Ikke kapasitet", help="the code of the trend and funnel")
    page.set_defaults(func=_cmd_page)

    demo = sub.add_parser("demo", help="synthetic national data: validate it, print figures")
    demo.add_argument("--rows", type=int, default=300_000, help="number of tasks (300 000)")
    demo.add_argument("--seed", type=int, default=0)
    demo.add_argument("--error-rate", type=float, default=0.002)
    demo.set_defaults(func=_cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (also the process's, via the script)."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except PoCodesError as exc:
        sys.stderr.write(f"po-codes: error: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`po-codes ... | head`): say nothing more, and never
        # turn a failure into success. Point stdout at devnull so the interpreter's
        # final flush does not raise again.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return int(getattr(args, "exit_code", EXIT_FAILURES if args.command == "validate" else 0))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if args.debug:
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        sys.stderr.write(
            f"po-codes: internal error: {type(exc).__name__}: {first} (run with --debug for "
            "the traceback, and please report it)\n"
        )
        return EXIT_INTERNAL
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
