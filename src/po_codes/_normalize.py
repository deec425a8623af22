"""Canonical task tables: :func:`normalize`, and the checks every entry point shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, overload

import polars as pl

from po_codes._columns import resolve_columns
from po_codes._errors import MissingColumnError, SchemaError
from po_codes._frames import as_frame
from po_codes._values import (
    BOOLEANS,
    TIMESTAMPS,
    WRITTEN,
    ColumnReading,
    datetime_expr,
    read_frame,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["normalize"]

# Canonical columns whose written text can fail to be read (recorded in WRITTEN).
READ_COLUMNS: Final = (
    "closure_code",
    "district",
    "priority",
    *TIMESTAMPS,
    *BOOLEANS,
    "year",
    "n",
)
_UNREADABLE_DTYPES: Final = (pl.List, pl.Array, pl.Struct, pl.Object, pl.Binary)


def require_closure_code(
    mapping: Mapping[str, str], names: list[str], what: str, *, path: str | None = None
) -> str:
    """Return the input column holding closure codes, or raise :class:`MissingColumnError`."""
    for source, target in mapping.items():
        if target == "closure_code":
            return source
    shown = ", ".join(map(repr, names[:30])) or "no columns at all"
    raise MissingColumnError(
        f"{what} has no closure code column: expected 'closure_code' or a header such as "
        f"'Avslutningskode', 'Kode' or 'Closure code' (or pass columns={{'your_column': "
        f"'closure_code'}}); found {shown}",
        path=path,
    )


def check_dtypes(mapping: Mapping[str, str], schema: pl.Schema) -> None:
    """Raise :class:`SchemaError` if a mapped column has a dtype no value can be read from.

    Nested columns (List, Array, Struct), objects, bytes and durations hold no value
    of any canonical column; a time of day is not a timestamp.
    """
    for source, target in mapping.items():
        dtype = schema[source]
        if isinstance(dtype, _UNREADABLE_DTYPES) and not (source == WRITTEN and target == WRITTEN):
            raise SchemaError(
                f"column {source!r} ({target}) has dtype {dtype}; expected text, "
                "numbers, booleans or timestamps",
                column=source,
            )
        if isinstance(dtype, pl.Duration) or (target in TIMESTAMPS and dtype == pl.Time):
            expected = (
                "a timestamp: expected dates with times (Datetime or Date), or text such as "
                "'30.10.2016 02:50'"
                if target in TIMESTAMPS
                else "a value of the column: expected text, numbers or booleans"
            )
            raise SchemaError(
                f"column {source!r} ({target}) has dtype {dtype}, not {expected}",
                column=source,
            )


def resolve(
    frame: pl.DataFrame | pl.LazyFrame,
    columns: Mapping[str, str] | None,
    what: str = "the frame",
) -> tuple[pl.Schema, dict[str, str]]:
    """Resolve a frame's columns for reading: its schema and ``{source: canonical}``.

    Raises
    ------
    MissingColumnError
        If no column holds closure codes.
    SchemaError
        If ``columns`` is wrong, a mapped column has an unreadable dtype, or a kept
        column would collide with a canonical name.
    """
    schema = frame.collect_schema()
    names = schema.names()
    mapping = resolve_columns(names, columns)
    require_closure_code(mapping, names, what)
    check_dtypes(mapping, schema)
    targets = set(mapping.values())
    for name in names:
        if name not in mapping and name in targets:
            source = next(s for s, t in mapping.items() if t == name)
            raise SchemaError(
                f"column {source!r} is read as {name!r}, but the frame already has a column "
                f"named {name!r}: rename one of them, or map {name!r} instead",
                column=source,
            )
    return schema, mapping


def _unit_names(reading: ColumnReading) -> pl.Expr:
    """The ``resource_unit`` column: the unit named where the resource column names one."""
    unit = pl.lit(value=False) if reading.unit is None else reading.unit
    return pl.when(unit).then(reading.text).cast(pl.String).alias("resource_unit")


@overload
def normalize(frame: pl.DataFrame, columns: Mapping[str, str] | None = None) -> pl.DataFrame: ...
@overload
def normalize(frame: pl.LazyFrame, columns: Mapping[str, str] | None = None) -> pl.LazyFrame: ...
@overload
def normalize(frame: Any, columns: Mapping[str, str] | None = None) -> pl.DataFrame: ...
def normalize(
    frame: pl.DataFrame | pl.LazyFrame | Any,
    columns: Mapping[str, str] | None = None,
) -> pl.DataFrame | pl.LazyFrame:
    """Rename columns to canonical names and read their values into canonical dtypes.

    Headers are matched through the aliases (see :data:`po_codes.COLUMNS`); values
    are read by the one reader every path uses (see the "Reading values" page):
    closure codes and priorities become their Enums, districts their canonical names,
    yes/no columns Booleans, timestamps naive ``Datetime("us")`` in Norwegian local
    time, ``year`` Int32 and ``n`` Int64; text columns are cleaned (NFC, surrounding
    whitespace removed, ``NULL``/``N/A``/``-`` read as missing). ``year`` is added
    from ``created_at`` when absent. When there is a resource column, a String column
    ``resource_unit`` is added too: the unit it names (a call sign such as "P 30-10",
    read as assigned), null where it names none. Other columns are kept unchanged, in place.

    **Nothing is lost.** A value that cannot be read becomes null in its canonical
    column, and its text is kept in the struct column ``po_written`` (one field per
    read column; the field is null where the value was read exactly). Closure codes
    that were recognised only after tolerant parsing ("Utfoert") keep their spelling
    there too. :func:`po_codes.validate` reads ``po_written``, so validating the
    normalised frame gives the same report as validating the raw one. The schema
    depends only on the input's columns, never on its values.

    Parameters
    ----------
    frame
        Task-level or counted rows: a DataFrame, a LazyFrame, or any object exporting
        Arrow (``__arrow_c_stream__``), which is read as a DataFrame.
    columns
        Explicit ``{"input name": "canonical name"}`` entries that win over aliases.

    Returns
    -------
    pl.DataFrame | pl.LazyFrame
        The same kind of frame as ``frame`` (a DataFrame for Arrow objects).

    Raises
    ------
    MissingColumnError
        If no column holds closure codes.
    SchemaError
        If ``columns`` is wrong or a column cannot hold values.
    TypeError
        If ``frame`` is not a frame.

    Examples
    --------
    >>> import polars as pl
    >>> import po_codes as po
    >>> raw = pl.DataFrame({"Kode": ["Utfoert", "Ukjent"], "Ressurs": ["Ja", "kanskje"]})
    >>> out = po.normalize(raw)
    >>> out["closure_code"].to_list(), out["resource_assigned"].to_list()
    (['Utført', None], [True, None])
    >>> out["po_written"].struct.unnest().rows()
    [('Utfoert', None), ('Ukjent', 'kanskje')]
    """
    frame = as_frame(frame)
    schema, mapping = resolve(frame, columns)
    readings = read_frame(frame, mapping, schema)
    names = schema.names()
    exprs: list[pl.Expr] = [
        readings[mapping[name]].value.alias(mapping[name]) if name in mapping else pl.col(name)
        for name in names
        if name != WRITTEN
    ]
    if "resource_assigned" in readings and "resource_unit" not in names:
        exprs.append(_unit_names(readings["resource_assigned"]))
    created = next((s for s, t in mapping.items() if t == "created_at"), None)
    if created is not None and "year" not in mapping.values():
        year = datetime_expr(pl.col(created), schema[created]).dt.year().cast(pl.Int32)
        exprs.append(year.alias("year"))
    fields = [
        pl.when(readings[target].unreadable | readings[target].tolerant)
        .then(readings[target].text)
        .cast(pl.String)
        .alias(target)
        for target in READ_COLUMNS
        if target in readings
    ]
    exprs.append(pl.struct(fields).alias(WRITTEN))
    return frame.select(exprs)
