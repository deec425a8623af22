"""Reading published PO figure tables (wide, one column per code) into the long form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import polars as pl

from po_codes._codes import CLOSURE_CODE_DTYPE, ClosureCode
from po_codes._columns import resolve_columns
from po_codes._districts import District
from po_codes._errors import SchemaError, UnknownDistrictError
from po_codes._io import check_path, read_table
from po_codes._text import fold
from po_codes._values import count_expr

if TYPE_CHECKING:
    from os import PathLike

__all__ = ["read_figures"]

_TOTAL_HEADERS: Final = frozenset({"sum", "totalt", "total", "i alt", "totalsum"})
_NATIONAL_ROWS: Final = frozenset({"totalt", "total", "sum", "hele landet", "norge", "i alt"})


def read_figures(path: str | PathLike[str]) -> pl.DataFrame:
    """Read a published PO figures table into the long counted form.

    The table has a district column (``Distrikt``/``Politidistrikt``), optionally a
    year column (``År``), one column per closure code (headers matched tolerantly,
    as :meth:`ClosureCode.parse` does) and optionally a ``Sum``/``Totalt`` column.
    Numbers may be written the Norwegian way (``"1 234"``, ``"1.234"``); an empty
    cell counts as 0. A total column is checked against the sum of the code columns,
    and a national row (``Totalt``, ``Hele landet``...) against the sum of the
    district rows; it is then dropped.

    Parameters
    ----------
    path
        A ``.csv`` (separator and encoding sniffed as for exports) or ``.xlsx`` file.

    Returns
    -------
    pl.DataFrame
        ``district`` (canonical names), ``year`` (Int32, null when the table has no
        year), ``closure_code`` (Enum), ``n`` (Int64); ready for
        ``po.figures(..., weight="n")``.

    Raises
    ------
    SchemaError
        If the file cannot be read, has no district or code columns, a number cannot
        be read, a total does not match, or a district is unknown; the message names
        the file and what was found.
    TypeError
        If ``path`` is not a str or path-like.

    Examples
    --------
    >>> long = read_figures("po-tall-2016.csv")  # doctest: +SKIP
    >>> po.indicators(long, weight="n")  # doctest: +SKIP
    """
    resolved = check_path(path)
    raw = read_table(resolved).frame
    where = str(resolved)
    names = raw.columns
    mapping = resolve_columns(names)
    district = next((s for s, t in mapping.items() if t == "district"), None)
    if district is None:
        raise SchemaError(f"{where!r}: no district column (Distrikt/Politidistrikt) in {names}")
    year = next((s for s, t in mapping.items() if t == "year"), None)
    codes = {name: ClosureCode.get(name) for name in names if name not in (district, year)}
    code_columns = {name: code for name, code in codes.items() if code is not None}
    if not code_columns:
        raise SchemaError(f"{where!r}: no column is a closure code label; columns are {names}")
    total = next((n for n in names if fold(n) in _TOTAL_HEADERS), None)

    numbers = raw.select(
        pl.col(district).cast(pl.String).str.strip_chars().alias("district"),
        *([pl.col(year).cast(pl.String).str.strip_chars().alias("year")] if year else []),
        *(pl.col(n).cast(pl.String).str.strip_chars().alias(n) for n in code_columns),
        *([pl.col(total).cast(pl.String).str.strip_chars().alias("__total")] if total else []),
    )
    number_columns = [*code_columns, *(["__total"] if total else [])]
    parsed = numbers.with_columns(
        count_expr(pl.col(n).fill_null("0").str.replace(r"^\s*[-–—]\s*$", "0")).alias(n)
        for n in number_columns
    )
    for name in number_columns:
        bad = numbers.filter(parsed.get_column(name).is_null() & pl.col(name).is_not_null())
        if bad.height:
            row = bad.row(0, named=True)
            shown = name if name != "__total" else total
            raise SchemaError(
                f"{where!r}: {row[name]!r} in column {shown!r} (district {row['district']!r}) "
                "is not a count"
            )
    parsed = parsed.with_columns(
        pl.col("year").cast(pl.Int32, strict=False)
        if year
        else pl.lit(None, pl.Int32).alias("year")
    )
    row_sum = pl.sum_horizontal(list(code_columns))
    if total:
        wrong = parsed.filter(pl.col("__total") != row_sum)
        if wrong.height:
            row = wrong.with_columns(row_sum.alias("__sum")).row(0, named=True)
            raise SchemaError(
                f"{where!r}: the total of {row['district']!r} is {row['__total']}, but its "
                f"code columns add up to {row['__sum']}"
            )
    is_national = pl.col("district").str.to_lowercase().is_in(sorted(_NATIONAL_ROWS))
    rows = parsed.filter(~is_national & pl.col("district").is_not_null())
    _check_national(parsed.filter(is_national), rows, list(code_columns), where)
    unknown = sorted({d for d in rows.get_column("district").to_list() if District.get(d) is None})
    if unknown:
        hints = []
        for name in unknown[:10]:
            try:
                District.parse(name)
            except UnknownDistrictError as exc:
                hints.append(str(exc))
        raise SchemaError(f"{where!r}: unknown district(s): " + "; ".join(hints))
    canonical = {d: District.parse(d).name for d in rows.get_column("district").unique().to_list()}
    long = rows.with_columns(pl.col("district").replace_strict(canonical)).unpivot(
        index=["district", "year"], on=list(code_columns), variable_name="label", value_name="n"
    )
    labels = {name: code.value for name, code in code_columns.items()}
    return long.select(
        "district",
        "year",
        pl.col("label").replace_strict(labels).cast(CLOSURE_CODE_DTYPE).alias("closure_code"),
        pl.col("n").cast(pl.Int64),
    ).sort("district", "year", "closure_code", maintain_order=True)


def _check_national(
    national: pl.DataFrame, rows: pl.DataFrame, codes: list[str], where: str
) -> None:
    """A national row must equal the sum of the district rows of its year."""
    if national.is_empty():
        return
    sums = rows.group_by("year").agg(pl.col(codes).sum())
    for row in national.iter_rows(named=True):
        match = sums.filter(pl.col("year").eq_missing(row["year"]))
        if match.is_empty():
            continue
        for code in codes:
            if match.get_column(code).item() != row[code]:
                raise SchemaError(
                    f"{where!r}: the national row {row['district']!r} has {row[code]} for "
                    f"{code!r}, but the districts add up to {match.get_column(code).item()}"
                )
