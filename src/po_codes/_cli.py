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
from po_codes._errors import PoCodesError
from po_codes._version import __version__

if TYPE_CHECKING:
    from collections.abc import Sequence

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
