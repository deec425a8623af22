"""The ``po-codes`` command line.

Data goes to standard output, messages and errors to standard error. Exit codes:
0 success, 1 rule failures at or above ``--fail-on``, 2 unreadable input or bad usage.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import TYPE_CHECKING

from po_codes._codes import ClosureCode
from po_codes._errors import PoCodesError, SchemaError
from po_codes._version import __version__

if TYPE_CHECKING:
    from collections.abc import Sequence

    import polars as pl

    from po_codes._report import ValidationReport

__all__ = ["main"]

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit with 2 and a one-line reason."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_USAGE)


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
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        width = max(len(code.value) for code in ClosureCode)
        for title, codes in (
            ("With a resource deployed", ClosureCode.with_resource()),
            ("Without a resource deployed", ClosureCode.without_resource()),
        ):
            print(f"{title}:")
            for code in codes:
                print(f"  {code.value:<{width}}  {code.label_en}")
    return EXIT_OK


_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
_ANNOTATION = {"error": "error", "warning": "warning", "info": "notice"}
_MAX_ANNOTATIONS = 1000
_TEXT_ROWS = 60


def _split(values: list[str] | None) -> list[str] | None:
    """Accept both ``--select PO1 --select PO2`` and ``--select PO1,PO2``."""
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _escape(text: str, *, prop: bool = False) -> str:
    """Escape text for a GitHub workflow command (data, or a property value)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _source_line(path: str, row_index: int) -> int | None:
    """Line of a row in a text export: header on line 1, one line per record."""
    suffix = path.lower().rsplit(".", 1)[-1]
    return row_index + 2 if suffix in {"csv", "txt", "tsv"} else None


def _failing(report: ValidationReport[pl.DataFrame], fail_on: str) -> bool:
    threshold = _SEVERITY_RANK[fail_on]
    return any(
        o.status == "failed" and _SEVERITY_RANK[o.severity.value] >= threshold
        for o in report.outcomes
    )


def _cmd_validate(args: argparse.Namespace) -> int:
    from po_codes._io import read_tasks  # noqa: PLC0415  (keeps `po-codes codes` fast)
    from po_codes._validate import validate  # noqa: PLC0415

    results: list[dict[str, object]] = []
    exit_code = EXIT_OK
    for path in args.paths:
        try:
            frame = read_tasks(path)
            report = validate(
                frame,
                select=_split(args.select),
                ignore=_split(args.ignore),
                priority_threshold=args.priority_threshold,
            )
        except PoCodesError as exc:
            sys.stderr.write(f"po-codes: error: {exc}\n")
            results.append({"path": path, "ok": False, "error": str(exc)})
            exit_code = max(exit_code, EXIT_USAGE)
            continue
        if _failing(report, args.fail_on):
            exit_code = max(exit_code, EXIT_FAILURES)
        if args.format == "json":
            results.append({"path": path, **report.to_dict()})
        elif args.format == "github":
            _print_annotations(path, report)
        else:
            print(f"{path}: {report}")
    if args.format == "json":
        json.dump({"files": results}, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    return exit_code


def _print_annotations(path: str, report: ValidationReport[pl.DataFrame]) -> None:
    failures = report.failures
    for row in failures.head(_MAX_ANNOTATIONS).iter_rows(named=True):
        line = _source_line(path, row["row_index"])
        where = f"file={_escape(path, prop=True)}"
        if line is not None:
            where += f",line={line}"
        title = _escape(f"{row['rule_id']} ({row['severity']})", prop=True)
        message = _escape(f"{row['rule_id']} row {row['row_index']}: {row['message']}")
        print(f"::{_ANNOTATION[row['severity']]} {where},title={title}::{message}")
    if len(failures) > _MAX_ANNOTATIONS:
        more = len(failures) - _MAX_ANNOTATIONS
        print(f"::notice file={_escape(path, prop=True)}::{more} more failures not shown")
    verdict = "ok" if report.ok else "errors found"
    sys.stderr.write(f"{path}: {report.n_rows} rows, {verdict}\n")


def _read_any(path: str) -> tuple[pl.DataFrame, str | None]:
    """Read task rows, or a published wide table; return the frame and its weight column."""
    from po_codes._io import read_tasks  # noqa: PLC0415
    from po_codes._published import read_figures  # noqa: PLC0415

    try:
        return read_tasks(path), None
    except SchemaError as exc:
        if "closure code column" not in str(exc):
            raise
    return read_figures(path), "n"


def _cmd_figures(args: argparse.Namespace) -> int:
    from po_codes._figures import figures  # noqa: PLC0415

    by = tuple(part.strip() for part in args.by.split(",") if part.strip())
    frame, weight = _read_any(args.path)
    table = figures(frame, by=by, weight=args.weight or weight)
    _write_table(table, args.format)
    return EXIT_OK


def _write_table(table: pl.DataFrame, fmt: str) -> None:
    import polars as pl  # noqa: PLC0415

    if fmt == "csv":
        sys.stdout.write(table.write_csv())
    elif fmt == "json":
        json.dump(table.to_dicts(), sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        with pl.Config(
            tbl_rows=-1,
            tbl_cols=-1,
            tbl_hide_dataframe_shape=True,
            tbl_width_chars=200,
            fmt_str_lengths=40,
            float_precision=4,
            thousands_separator=" ",
        ):
            print(table)


def _cmd_demo(args: argparse.Namespace) -> int:
    import time  # noqa: PLC0415

    import polars as pl  # noqa: PLC0415

    from po_codes._figures import compare, figures, harmonize_districts, indicators  # noqa: PLC0415
    from po_codes._synthetic import synthetic_tasks  # noqa: PLC0415
    from po_codes._validate import validate  # noqa: PLC0415

    started = time.perf_counter()
    print(
        f"1. Generating {args.rows:,} synthetic PO tasks for 2007-2016 "
        f"(seed {args.seed}, {args.error_rate:.1%} injected rule violations)..."
    )
    tasks = synthetic_tasks(args.rows, seed=args.seed, error_rate=args.error_rate)
    print(f"\n2. Validating them against {len(_rule_ids())} rules in one polars query:\n")
    report = validate(tasks)
    print(report)
    clean = report.valid_rows()
    print(
        f"\n   {clean.height:,} valid rows kept, {report.n_rows - clean.height:,} rows "
        "with errors set aside (report.invalid_rows())."
    )
    national = figures(clean, by="year").filter(pl.col("year") == pl.col("year").max())
    year = int(national.get_column("year").max())  # type: ignore[arg-type]
    print(f"\n3. National PO figures for {year} (po.figures):\n")
    _write_table(national.drop("year"), "text")
    harmonised = harmonize_districts(clean, split="combine")
    print("\n4. Indicators per district, all years, on the 2016 districts (po.indicators):\n")
    _write_table(indicators(harmonised, by="district"), "text")
    print("\n5. Is a district's 'Ikke kapasitet' share unusual? (po.compare, 95% Wilson):\n")
    table = compare(harmonised, code="Ikke kapasitet").select(
        "district", "n", "total", "share", "national_share", "ci_low", "ci_high", "flag"
    )
    _write_table(table, "text")
    print(f"\nDone in {time.perf_counter() - started:.1f} s.")
    return EXIT_OK


def _rule_ids() -> list[str]:
    from po_codes._rules import RULES  # noqa: PLC0415

    return [rule.id for rule in RULES]


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="po-codes",
        description="Norwegian police PO closure codes: list codes, validate task exports, "
        "compute PO figures.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    codes = sub.add_parser("codes", help="list the 14 closure codes")
    codes.add_argument("--format", choices=("text", "json", "csv"), default="text")
    codes.set_defaults(func=_cmd_codes)

    check = sub.add_parser(
        "validate",
        help="validate task exports (CSV, Parquet, Excel)",
        description="Validate PO task exports. Exit 0 when no rule at or above --fail-on "
        "failed, 1 when one did, 2 when a file cannot be read or the usage is wrong.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="export file(s)")
    check.add_argument("--format", choices=("text", "json", "github"), default="text")
    check.add_argument(
        "--select", action="append", metavar="IDS", help="rule ids or prefixes, comma-separated"
    )
    check.add_argument(
        "--ignore", action="append", metavar="IDS", help="rule ids or prefixes to skip"
    )
    check.add_argument("--fail-on", choices=("error", "warning", "info"), default="error")
    check.add_argument(
        "--priority-threshold",
        default="3",
        metavar="P",
        help="least urgent priority that counts as '3 or higher' (default 3)",
    )
    check.set_defaults(func=_cmd_validate)

    fig = sub.add_parser("figures", help="PO figures (counts and shares per code)")
    fig.add_argument("path", metavar="PATH", help="task export, or a published wide table")
    fig.add_argument("--by", default="district,year", help="grouping columns (comma-separated)")
    fig.add_argument("--weight", default=None, help="count column of an already-counted table")
    fig.add_argument("--format", choices=("text", "csv", "json"), default="text")
    fig.set_defaults(func=_cmd_figures)

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
    except BrokenPipeError:  # e.g. `po-codes codes | head`
        return EXIT_OK
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
