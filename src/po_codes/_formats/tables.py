"""Tables the command line writes (figures, codes): text, CSV safe to open, JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Final

import polars as pl

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["safe_csv", "write_table"]

# A spreadsheet runs a cell starting with one of these as a formula (OWASP, CSV injection).
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def safe_csv(table: pl.DataFrame) -> str:
    """``table`` as CSV whose text cells never start a spreadsheet formula.

    A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a leading ``'``, as OWASP recommends; numbers are written as they are.
    """
    text_columns = [name for name, dtype in table.schema.items() if dtype == pl.String]
    guarded = table.with_columns(
        pl.when(_starts(name)).then(pl.lit("'") + pl.col(name)).otherwise(pl.col(name)).alias(name)
        for name in text_columns
    )
    return guarded.write_csv()


def _starts(name: str) -> pl.Expr:
    return pl.any_horizontal(pl.col(name).str.starts_with(s) for s in _FORMULA_START)


def _display(table: pl.DataFrame, decimal: str = ".") -> pl.DataFrame:
    """Years without separators, shares as percentages (``decimal`` mark), for people."""
    shares = [
        n
        for n in table.columns
        if n == "share" or n.endswith("_share") or n.startswith(("ci_", "limit_"))
    ]
    return table.with_columns(
        *(pl.col(n).cast(pl.String) for n in table.columns if n == "year"),
        *(
            pl.when(pl.col(n).is_not_null())
            .then(
                pl.format("{} %", (pl.col(n) * 100).round(1)).str.replace(
                    ".", decimal, literal=True
                )
            )
            .alias(n)
            for n in shares
        ),
    )


def write_table(
    table: pl.DataFrame,
    fmt: str,
    *,
    width: int = 80,
    rename: Mapping[str, str] | None = None,
    decimal: str = ".",
) -> str:
    """``table`` as ``csv`` (formula-safe), ``json`` or an ASCII ``text`` table.

    ``rename`` (column headers) and ``decimal`` (the decimal mark of shares) apply to the
    text table only: CSV and JSON keep the library's names and numbers.
    """
    if fmt == "csv":
        return safe_csv(table)
    if fmt == "json":
        return json.dumps(table.to_dicts(), ensure_ascii=False, indent=2, default=str) + "\n"
    with pl.Config(
        tbl_rows=-1,
        tbl_cols=-1,
        tbl_hide_dataframe_shape=True,
        tbl_hide_column_data_types=True,
        tbl_width_chars=width,
        fmt_str_lengths=24,
        thousands_separator=" ",
        tbl_formatting="ASCII_MARKDOWN",
    ):
        return f"{_display(table, decimal).rename(dict(rename or {}))}\n"
