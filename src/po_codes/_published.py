"""Reading published PO figure tables, in any of their usual layouts, into the long form.

Layouts read:

- **wide**: one row per district (and year), one column per closure code;
- **transposed**: one row per closure code, one column per district;
- **long**: one row per district, year and code, with a count column (``Antall``).

Above the header there may be a title row or notes; they are skipped. Counts are read
exactly (see :func:`po_codes._values.count_expr`); an empty cell, ``-`` or ``–`` is
not 0 but an error naming the cell (it may mean zero, too few to publish, or not
counted), as is a count too large to sum exactly. Code headers are matched as
:meth:`ClosureCode.parse` does, and through the abbreviations of :data:`ABBREVIATIONS`;
a column of counts whose header is neither a code nor a known column is an error
naming it, never dropped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

import polars as pl

from po_codes._codes import CLOSURE_CODE_DTYPE, ClosureCode
from po_codes._columns import resolve_columns
from po_codes._districts import District
from po_codes._errors import (
    MissingColumnError,
    SchemaError,
    UnknownDistrictError,
    UnreadableFileError,
)
from po_codes._io import EXCEL_SUFFIXES, check_path, read_table, read_tasks
from po_codes._text import fold
from po_codes._values import clean, clean_expr, count_expr, years

if TYPE_CHECKING:
    from os import PathLike
    from pathlib import Path

__all__ = ["ABBREVIATIONS", "read_figures", "read_tasks_or_figures"]

_C = ClosureCode
ABBREVIATIONS: Final[dict[str, ClosureCode]] = {
    "ikke kap": _C.IKKE_KAPASITET,
    "ingen op tiltak": _C.INGEN_OPERATIVE_TILTAK,
    "ingen op": _C.INGEN_OPERATIVE_TILTAK,
    "ingen operative": _C.INGEN_OPERATIVE_TILTAK,
    "iot": _C.INGEN_OPERATIVE_TILTAK,
    "videre oppf": _C.VIDERE_OPPFOLGINGSTILTAK,
    "videre oppfolging": _C.VIDERE_OPPFOLGINGSTILTAK,
    "ordnet pa st": _C.ORDNET_PA_STEDET,
    "ordnet p st": _C.ORDNET_PA_STEDET,
    "muntl palegg": _C.MUNTLIG_PALEGG,
    "sak oppr": _C.SAK_OPPRETTET,
    "falsk meld": _C.FALSK_MELDING,
    "feil meld": _C.FEIL_MELDING,
    "ikke utf": _C.IKKE_UTFORT,
    "ordnet int": _C.ORDNET_INTERNT,
}
"""Abbreviated code headers seen in published tables (folded, dots removed) and their code."""

_TOTAL_HEADERS: Final = frozenset({"sum", "totalt", "total", "i alt", "totalsum", "sum oppdrag"})
_NATIONAL: Final = frozenset({"totalt", "total", "sum", "hele landet", "norge", "i alt", "landet"})
_MAX_COUNT: Final = 2**63 - 1


def _code_of(header: str) -> ClosureCode | None:
    found = ClosureCode.get(header)
    if found is not None:
        return found
    key = re.sub(r"\s+", " ", fold(header).replace(".", " ")).strip()
    return ABBREVIATIONS.get(key)


def _is_total(text: str) -> bool:
    return fold(text) in _TOTAL_HEADERS


def _is_national(text: str | None) -> bool:
    return text is not None and fold(text) in _NATIONAL


def read_figures(path: str | PathLike[str]) -> pl.DataFrame:
    """Read a published PO figures table into the long counted form.

    Wide tables (a district column, optionally ``År``, one column per code label and
    optionally ``Sum``/``Totalt``), transposed tables (codes as rows, districts as
    columns) and long tables (``År``, ``Politidistrikt``, ``Avslutningskode``,
    ``Antall``) are read; title rows or notes above the header are skipped. A total
    column is checked against the sum of the code columns, and a national row
    (``Totalt``, ``Hele landet``...) against the sum of the district rows; it is
    then dropped.

    Parameters
    ----------
    path
        A ``.csv`` (separator and encoding detected as for exports) or ``.xlsx`` file.

    Returns
    -------
    pl.DataFrame
        ``district`` (canonical names), ``year`` (Int32, null when the table has no
        year), ``closure_code`` (Enum), ``n`` (Int64); ready for the figures
        functions (they use ``n`` as the count).

    Raises
    ------
    SchemaError
        If the file cannot be read, has no district or code columns, a count or a
        column of counts cannot be read, a total does not match, or a district is
        unknown; the message names the file and what was found.
    TypeError
        If ``path`` is not a str or path-like.

    Examples
    --------
    >>> long = read_figures("po-tall-2016.csv")  # doctest: +SKIP
    >>> po.indicators(long)  # doctest: +SKIP
    """
    resolved = check_path(path)
    try:
        return _read_figures(resolved)
    except UnreadableFileError:
        raise
    except SchemaError as exc:  # name the file, keep what the error names
        raise type(exc)(
            f"{str(resolved)!r}: {exc}",
            path=str(resolved),
            line=exc.line,
            column=exc.column,
            value=exc.value,
        ) from None


def _read_figures(resolved: Path) -> pl.DataFrame:
    raw = _with_header(_read(resolved))
    mapping = resolve_columns(raw.columns)
    targets = {target: source for source, target in mapping.items()}
    if "district" in targets and "closure_code" in targets and "n" in targets:
        long = _long(raw, targets)
    elif "district" in targets:
        long = _wide(raw, targets)
    else:
        long = _transposed(raw, targets)
    return _finish(long)


def _read(path: Path) -> pl.DataFrame:
    """The file's cells as text, title lines above a CSV header skipped."""
    if path.suffix.lower() in EXCEL_SUFFIXES or path.suffix.lower() == ".parquet":
        return read_table(path).frame
    text = path.read_bytes()
    skip = _title_lines(text)
    return read_table(path, skip_lines=skip).frame


def _title_lines(data: bytes) -> int:
    """How many lines above the header: those with fewer separators than the widest."""
    lines = data.splitlines()[:30]
    counts = [max(line.count(sep) for sep in (b";", b",", b"\t")) for line in lines]
    if not counts:
        return 0
    widest = max(counts)
    return next(i for i, n in enumerate(counts) if n == widest)


def _with_header(raw: pl.DataFrame) -> pl.DataFrame:
    """Promote a data row to the header when the header is a title (Excel title rows)."""
    if _recognised(raw.columns):
        return raw
    for index, row in enumerate(raw.head(10).iter_rows()):
        names = ["" if v is None else str(v).strip() for v in row]
        if _recognised(names):
            unique = [name or f"column_{i}" for i, name in enumerate(names)]
            body = raw.slice(index + 1)
            return body.rename(dict(zip(body.columns, unique, strict=True)))
    if raw.is_empty() and not raw.columns:
        raise SchemaError("the table is empty")
    return raw


def _recognised(names: list[str]) -> bool:
    mapping = resolve_columns(names)
    codes = sum(_code_of(n) is not None for n in names)
    return "district" in mapping.values() or codes >= 3 or "closure_code" in mapping.values()


def _counts(frame: pl.DataFrame, columns: list[str], what: str) -> pl.DataFrame:
    """Read count columns exactly; raise naming a bad cell.

    An empty cell or a dash is not 0: nothing says whether it means zero, too few to
    publish, or not counted, so it is an error asking for the number.
    """
    written = frame.with_columns(pl.col(c).cast(pl.String) for c in columns)
    parsed = written.with_columns(count_expr(pl.col(c)).alias(c) for c in columns)
    for column in columns:
        bad = written.filter(parsed.get_column(column).is_null())
        if bad.height:
            row = bad.row(0, named=True)
            value, label = row[column], row.get("__label")
            shown = "an empty cell" if clean(value or "") is None else repr(value)
            raise SchemaError(
                f"{shown} in column {column!r} ({what} {label!r}) is not a count: write "
                "the number as a whole number (1234, 1 234 or 1.234; 0 for none), at "
                f"most {_MAX_COUNT}",
                column=column,
                value=value,
            )
    sums = parsed.select(pl.col(columns).cast(pl.Float64).sum()).row(0) if columns else ()
    if sum(value or 0 for value in sums) >= 2**63:
        raise SchemaError(
            "the counts add up to more than a 64-bit integer holds "
            f"({_MAX_COUNT}); they cannot be summed exactly"
        )
    return parsed


def _long(raw: pl.DataFrame, targets: dict[str, str]) -> pl.DataFrame:
    codes = raw.get_column(targets["closure_code"]).cast(pl.String).unique().drop_nulls()
    table = {value: _code_of(value) for value in codes.to_list()}
    unknown = sorted(v for v, code in table.items() if code is None)
    if unknown:
        raise SchemaError(
            f"not closure codes: {', '.join(map(repr, unknown[:10]))}",
            column=targets["closure_code"],
            value=unknown[0],
        )
    frame = raw.select(
        pl.col(targets["district"]).cast(pl.String).alias("district"),
        (pl.col(targets["year"]) if "year" in targets else pl.lit(None, pl.String)).alias("year"),
        pl.col(targets["closure_code"])
        .cast(pl.String)
        .replace_strict({k: v.value for k, v in table.items() if v}, default=None)
        .alias("label"),
        pl.col(targets["n"]).alias("n"),
        pl.col(targets["district"]).cast(pl.String).alias("__label"),
    )
    return _counts(frame, ["n"], "district").drop("__label")


def _wide(raw: pl.DataFrame, targets: dict[str, str]) -> pl.DataFrame:
    district, year = targets["district"], targets.get("year")
    others = [c for c in raw.columns if c not in (district, year)]
    codes = {c: code for c in others if (code := _code_of(c)) is not None}
    total = next((c for c in others if _is_total(c)), None)
    _refuse_unknown(raw, [c for c in others if c not in codes and c != total])
    if not codes:
        raise SchemaError(f"no column is a closure code label; columns are {raw.columns}")
    frame = raw.select(
        pl.col(district).cast(pl.String).alias("district"),
        (pl.col(year) if year else pl.lit(None, pl.String)).alias("year"),
        *(pl.col(c).alias(c) for c in codes),
        *([pl.col(total).alias("__total")] if total else []),
        pl.col(district).cast(pl.String).alias("__label"),
    )
    numbers = [*codes, *(["__total"] if total else [])]
    parsed = _counts(frame, numbers, "district").rename({"__total": total} if total else {})
    if total:
        _check_total(parsed, list(codes), total)
    long = parsed.unpivot(
        index=["district", "year"], on=list(codes), variable_name="column", value_name="n"
    )
    return long.with_columns(
        pl.col("column").replace_strict({c: code.value for c, code in codes.items()}).alias("label")
    ).select("district", "year", "label", "n")


def _transposed(raw: pl.DataFrame, targets: dict[str, str]) -> pl.DataFrame:
    first = raw.columns[0]
    labels = raw.get_column(first).cast(pl.String)
    codes = [_code_of(v) if v is not None else None for v in labels.to_list()]
    if sum(c is not None for c in codes) < 1:
        raise SchemaError(
            f"no district column (Distrikt/Politidistrikt), and the first column "
            f"holds no closure codes either (so the table is not transposed); columns are "
            f"{raw.columns}"
        )
    year = targets.get("year")
    columns = [c for c in raw.columns[1:] if c != year]
    districts = [c for c in columns if not _is_total(c) and not _is_national(c)]
    _refuse_unknown_districts(districts)
    rows = raw.with_columns(pl.Series("__code", [c.value if c else None for c in codes]))
    body = rows.filter(pl.col("__code").is_not_null())
    skipped = rows.filter(pl.col("__code").is_null() & pl.col(first).is_not_null())
    for label in skipped.get_column(first).cast(pl.String).to_list():
        if not _is_total(label):
            raise SchemaError(
                f"row {label!r} is neither a closure code nor a total", column=first, value=label
            )
    frame = body.select(
        pl.col("__code").alias("label"),
        (pl.col(year) if year else pl.lit(None, pl.String)).alias("year"),
        *(pl.col(c) for c in districts),
        pl.col(first).cast(pl.String).alias("__label"),
    )
    parsed = _counts(frame, districts, "code")
    return (
        parsed.drop("__label")
        .unpivot(index=["label", "year"], on=districts, variable_name="district", value_name="n")
        .select("district", "year", "label", "n")
    )


def _refuse_unknown(raw: pl.DataFrame, columns: list[str]) -> None:
    """A column of counts that is not a code is an error; a column of text is left alone."""
    for column in columns:
        values = raw.get_column(column).cast(pl.String)
        written = pl.DataFrame({"v": values}).select(clean_expr(pl.col("v"))).to_series()
        written = written.drop_nulls()
        numbers = pl.DataFrame({"v": written}).select(count_expr(pl.col("v"))).to_series()
        if len(written) and numbers.is_not_null().all():
            raise SchemaError(
                f"column {column!r} holds counts but is not a closure code (nor a "
                "known abbreviation); rename it to the code's label, e.g. 'Ikke kapasitet'",
                column=column,
            )


def _refuse_unknown_districts(columns: list[str]) -> None:
    unknown = [c for c in columns if District.get(c) is None]
    if unknown:
        raise SchemaError(
            f"columns {unknown[:10]} are neither districts nor totals (transposed "
            "table: codes as rows, districts as columns)",
            column=unknown[0],
        )


def _check_total(parsed: pl.DataFrame, codes: list[str], total: str) -> None:
    row_sum = pl.sum_horizontal(codes)
    wrong = parsed.filter(pl.col(total) != row_sum)
    if wrong.height:
        row = wrong.with_columns(row_sum.alias("__sum")).row(0, named=True)
        raise SchemaError(
            f"the total of {row['district']!r} is {row[total]}, but its code "
            f"columns add up to {row['__sum']}",
            column=total,
            value=row[total],
        )


def _finish(long: pl.DataFrame) -> pl.DataFrame:
    """Check and drop national rows; canonical district names; the long schema."""
    year = years(pl.col("year").cast(pl.String), pl.String())
    bad_year = long.filter(year.unreadable)
    if bad_year.height:
        raise SchemaError(
            f"year {bad_year.item(0, 'year')!r} (district "
            f"{bad_year.item(0, 'district')!r}) is not a year from 2000 to 2099",
            value=bad_year.item(0, "year"),
        )
    frame = long.with_columns(
        clean_expr(pl.col("district")).alias("district"),
        year.value.alias("year"),
        pl.col("label").cast(CLOSURE_CODE_DTYPE).alias("closure_code"),
        pl.col("n").cast(pl.Int64),
    ).filter(pl.col("district").is_not_null())
    national = frame.filter(
        pl.col("district").str.to_lowercase().str.replace_all(r"\s+", " ").is_in(sorted(_NATIONAL))
    )
    rows = frame.filter(
        ~pl.col("district").is_in(national.get_column("district").unique().implode())
    )
    _check_national(national, rows)
    names = rows.get_column("district").unique().to_list()
    unknown = sorted(d for d in names if District.get(d) is None)
    if unknown:
        hints = []
        for name in unknown[:10]:
            try:
                District.parse(name)
            except UnknownDistrictError as exc:
                hints.append(str(exc))
        raise SchemaError("unknown district(s): " + "; ".join(hints), value=unknown[0])
    canonical = {d: District.parse(d).name for d in names}
    out = rows.with_columns(pl.col("district").replace_strict(canonical))
    return (
        out.group_by("district", "year", "closure_code")
        .agg(pl.col("n").sum())
        .sort("district", "year", "closure_code", maintain_order=True)
        .select("district", "year", "closure_code", "n")
    )


def _check_national(national: pl.DataFrame, rows: pl.DataFrame) -> None:
    """A national row must equal the sum of the district rows of its year."""
    if national.is_empty():
        return
    sums = rows.group_by("year", "closure_code").agg(pl.col("n").sum().alias("sum"))
    joined = national.join(sums, on=["year", "closure_code"], how="left", nulls_equal=True)
    wrong = joined.filter(pl.col("sum").is_not_null() & (pl.col("sum") != pl.col("n")))
    if wrong.height:
        row = wrong.row(0, named=True)
        raise SchemaError(
            f"the national row {row['district']!r} has {row['n']} for "
            f"{str(row['closure_code'])!r}, but the districts add up to {row['sum']}"
        )


def read_tasks_or_figures(path: str) -> pl.DataFrame:
    """Read task rows, or a published figures table (any layout read_figures reads)."""
    try:
        return read_tasks(path)
    except MissingColumnError:
        return read_figures(path)
