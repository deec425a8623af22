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
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from po_codes._codes import ClosureCode
from po_codes._console import (
    STDIN,
    degrade_unencodable,
    output,
    silence_stdout,
    width,
    windows_broken_pipe,
    write_file,
)
from po_codes._errors import MissingColumnError, PoCodesError
from po_codes._formats import FORMATS
from po_codes._i18n import LANGS, number, text, texts
from po_codes._settings import (
    DEMO_MAX_ROWS,
    SEVERITY_RANK,
    UsageError,
    settings_of,
    share_of_one,
    whole_number,
)
from po_codes._version import __version__

if TYPE_CHECKING:
    from collections.abc import Sequence

    from po_codes._i18n import Lang
    from po_codes._report import ValidationReport

__all__ = ["main"]

EXIT_OK: Final = 0
EXIT_FAILURES: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERNAL: Final = 3
_PROGRESS_BYTES: Final = 10 * 1024 * 1024  # ~100k rows of a typical export
STDIN_NAME: Final = "<stdin>"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit with 2 and a one-line reason."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_USAGE)


# -- output --------------------------------------------------------------------------------


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
        import polars as pl  # noqa: PLC0415

        from po_codes._formats.tables import safe_csv  # noqa: PLC0415

        out.write(safe_csv(pl.DataFrame(rows)))
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


# -- validate ------------------------------------------------------------------------------


def _stdin_file(folder: str) -> Path:
    path = Path(folder) / "stdin.csv"
    path.write_bytes(sys.stdin.buffer.read())
    return path


def _as_shown(message: str, folder: str, shown: str) -> str:
    """``message`` with the temporary file standing for stdin named as the user knows it."""
    return message.replace(str(Path(folder) / "stdin.csv"), shown)


def _progress(path: Path, message: str) -> None:
    """A progress line on standard error for large files, only on a terminal."""
    with contextlib.suppress(OSError):
        if sys.stderr.isatty() and path.stat().st_size > _PROGRESS_BYTES:
            sys.stderr.write(f"\r{message:<70}")
            sys.stderr.flush()


def _validate_file(
    path: Path, shown: str, settings: dict[str, Any], skip_without_codes: bool
) -> ValidationReport[Any] | None:
    from po_codes._io import canonical_headers, read_table  # noqa: PLC0415
    from po_codes._report import located  # noqa: PLC0415
    from po_codes._validate import validate  # noqa: PLC0415

    lang = settings["lang"]
    started = time.perf_counter()
    _progress(path, text("cli.reading", lang, path=shown))
    table = read_table(path, lines=True, find_title=True)
    _progress(path, text("cli.validating", lang, path=shown, n=number(table.frame.height, lang)))
    try:
        frame = canonical_headers(table.frame, path, settings["columns"])
    except MissingColumnError:
        if skip_without_codes:
            sys.stderr.write(text("cli.no_code_column", lang, path=shown) + "\n")
            return None
        raise
    report = validate(
        frame,
        select=settings["select"],
        ignore=settings["ignore"],
        severity=settings["severity"],
        priority_threshold=settings["priority_threshold"],
        max_failures=settings["max_failures"],
        thresholds=settings["thresholds"],
        lang=lang,
        task_key=settings["task_key"],
    )
    if table.notes:  # how the file was read (a title line skipped) comes first
        report._notes = (*table.notes, *report.notes)  # noqa: SLF001
    seconds = number(time.perf_counter() - started, lang, 1)
    _progress(path, text("cli.done", lang, path=shown, seconds=seconds))
    with contextlib.suppress(OSError):
        if sys.stderr.isatty() and path.stat().st_size > _PROGRESS_BYTES:
            sys.stderr.write("\n")
    located(report, shown, table.lines)
    return report


def _failing(report: ValidationReport[Any], fail_on: str, fail_on_skipped: bool) -> bool:
    threshold = SEVERITY_RANK[fail_on]
    failed = any(
        o.status == "failed" and SEVERITY_RANK[o.severity.value] >= threshold
        for o in report.outcomes
    )
    return failed or (fail_on_skipped and report.n_skipped > 0)


def _cmd_validate(args: argparse.Namespace) -> int:
    from po_codes._formats import FORMATS, FileError  # noqa: PLC0415
    from po_codes._formats._common import total_line  # noqa: PLC0415
    from po_codes._report import render_reports  # noqa: PLC0415

    settings = settings_of(args)
    lang = args.ui_lang = settings["lang"]
    results: list[ValidationReport[Any]] = []
    errors: list[FileError] = []
    exit_code = EXIT_OK
    with tempfile.TemporaryDirectory() as folder:
        for given in args.paths:
            shown = STDIN_NAME if given == STDIN else given
            try:
                path = _stdin_file(folder) if given == STDIN else Path(given)
                report = _validate_file(path, shown, settings, args.skip_without_codes)
            except PoCodesError as exc:
                message = _as_shown(str(exc), folder, shown) if given == STDIN else str(exc)
                sys.stderr.write(text("cli.error", lang, message=message) + "\n")
                errors.append(FileError(shown, message))
                exit_code = max(exit_code, EXIT_USAGE)
                continue
            if report is None:
                continue
            if _failing(report, settings["fail_on"], args.fail_on_skipped):
                exit_code = max(exit_code, EXIT_FAILURES)
            results.append(report)
    args.exit_code = exit_code  # kept for a broken pipe while writing
    listed = settings["listed"]
    per_rule = FORMATS[args.format].listed if listed == "default" else listed
    options: dict[str, Any] = {"width": width()} if args.format == "text" else {}
    if args.format == "junit":
        options["fail_on"] = settings["fail_on"]
    document = render_reports(
        args.format, results, errors, max_failures=per_rule, lang=lang, **options
    )
    with output(args.output, args.paths) as out:
        out.write(document + "\n")
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.format == "github" and summary_file:
        markdown = render_reports("markdown", results, errors, max_failures=per_rule, lang=lang)
        write_file(summary_file, markdown + "\n", append=True)
    if args.format != "text" or args.output:
        data = [r._data(0) for r in results]  # noqa: SLF001  (counts only)
        sys.stderr.write(total_line(data, errors, lang) + "\n")
    return exit_code


# -- figures and page ----------------------------------------------------------------------


_KEEP_INVALID_HELP = "count rows that fail error rules too (default: leave them out and say so)"


def _cmd_figures(args: argparse.Namespace) -> int:
    from po_codes._figures import figures  # noqa: PLC0415
    from po_codes._formats.tables import write_table  # noqa: PLC0415
    from po_codes._publish import drop_invalid, left_out_line  # noqa: PLC0415
    from po_codes._published import read_tasks_or_figures  # noqa: PLC0415

    lang = args.ui_lang = args.lang
    by = tuple(part.strip() for part in args.by.split(",") if part.strip())
    rows, left_out = drop_invalid(read_tasks_or_figures(args.path), keep_invalid=args.keep_invalid)
    sys.stderr.write(left_out_line(left_out, lang) + "\n")
    table = figures(rows, by=by, weight=args.weight)
    headers = {
        name: text(f"cli.figures.col.{name}", lang)
        for name in table.columns
        if f"cli.figures.col.{name}" in texts(lang)
    }
    decimal = number(0.5, lang, 1)[1]
    with output(args.output, [args.path]) as out:
        out.write(write_table(table, args.format, width=width(), rename=headers, decimal=decimal))
    return EXIT_OK


def _cmd_page(args: argparse.Namespace) -> int:
    args.ui_lang = args.lang
    import polars as pl  # noqa: PLC0415

    from po_codes._publish import build_page, left_out_line  # noqa: PLC0415
    from po_codes._published import read_tasks_or_figures  # noqa: PLC0415

    frames = [read_tasks_or_figures(path) for path in args.paths]
    frame = frames[0] if len(frames) == 1 else pl.concat(frames, how="diagonal_relaxed")
    source = ", ".join(Path(p).name for p in args.paths)
    if any(Path(p).resolve() == Path(args.output).resolve() for p in args.paths):
        raise UsageError(f"--output {args.output!r} is one of the input files")
    page, left_out = build_page(
        frame,
        title=args.title,
        lang=args.lang,
        code=args.code,
        source=source,
        keep_invalid=args.keep_invalid,
    )
    sys.stderr.write(left_out_line(left_out, args.lang) + "\n")
    write_file(args.output, page)
    size = number(len(page.encode()) / 1024, args.lang)
    sys.stderr.write(text("cli.wrote", args.lang, path=args.output, size=size) + "\n")
    return EXIT_OK


# -- demo ----------------------------------------------------------------------------------


def _cmd_demo(args: argparse.Namespace) -> int:
    from po_codes._demo import run_demo  # noqa: PLC0415

    rows = whole_number(args.rows, "--rows", 1, DEMO_MAX_ROWS)
    seed = whole_number(args.seed, "--seed", 0, 2**32 - 1)
    error_rate = share_of_one(args.error_rate, "--error-rate")
    run_demo(sys.stdout, rows=rows, seed=seed, error_rate=error_rate, width=80)
    return EXIT_OK


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
        "priority-threshold, max-failures, threshold, task-key); flags win.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="export file(s); - for stdin")
    check.add_argument(
        "--format", choices=tuple(FORMATS), default="text", help="output format (text)"
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
    check.add_argument("--lang", choices=LANGS, default=None, help="report language")
    check.add_argument(
        "--priority-threshold",
        default=None,
        metavar="P",
        help="least urgent priority that counts as '3 or higher' (3)",
    )
    check.add_argument(
        "--max-failures",
        default=None,
        metavar="N|all",
        help="failing rows listed per rule (10 in text, markdown and github; all in json)",
    )
    check.add_argument(
        "--threshold",
        action="append",
        metavar="ID=SHARE",
        help="a rule passes while under this share of rows fail, e.g. PO205=5%% (repeatable)",
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
    fig.add_argument("--keep-invalid", action="store_true", help=_KEEP_INVALID_HELP)
    fig.add_argument("--lang", choices=LANGS, default="en", help="language of messages and headers")
    fig.set_defaults(func=_cmd_figures)

    page = sub.add_parser("page", help="one publishable HTML page of PO figures per district")
    page.add_argument("paths", nargs="+", metavar="PATH", help="task exports or figures tables")
    page.add_argument("--output", "-o", metavar="FILE", required=True)
    page.add_argument("--lang", choices=LANGS, default="nb")
    page.add_argument("--title", default=None)
    page.add_argument("--code", default="Ikke kapasitet", help="the code of the trend and funnel")
    page.add_argument("--keep-invalid", action="store_true", help=_KEEP_INVALID_HELP)
    page.set_defaults(func=_cmd_page)

    demo = sub.add_parser("demo", help="synthetic national data: validate it, print figures")
    demo.add_argument("--rows", default="300000", help="number of tasks, 1 to 5 000 000 (300 000)")
    demo.add_argument("--seed", default="0", help="random seed, 0 to 2**32 - 1 (0)")
    demo.add_argument(
        "--error-rate", default="0.002", help="share of rows given a rule violation (0.002)"
    )
    demo.set_defaults(func=_cmd_demo)
    return parser


def _broken_pipe(args: argparse.Namespace) -> int:
    """The reader went away (``po-codes ... | head``): say nothing more, keep the exit code.

    A failure never turns into success. Standard output is pointed at devnull so the
    interpreter's final flush does not raise again.
    """
    silence_stdout()
    return int(getattr(args, "exit_code", EXIT_FAILURES if args.command == "validate" else 0))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (also the process's, via the script)."""
    degrade_unencodable()
    parser = _build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except PoCodesError as exc:
        sys.stderr.write(text("cli.error", getattr(args, "ui_lang", "en"), message=exc) + "\n")
        return EXIT_USAGE
    except BrokenPipeError:
        return _broken_pipe(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if isinstance(exc, OSError) and windows_broken_pipe(exc):
            return _broken_pipe(args)
        if args.debug:
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        lang: Lang = getattr(args, "ui_lang", "en")
        sys.stderr.write(text("cli.internal", lang, error=f"{type(exc).__name__}: {first}") + "\n")
        return EXIT_INTERNAL
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
