"""Reading values of messy exports: booleans, timestamps, counts, and :func:`normalize`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, TypeVar, overload

import polars as pl

from po_codes._codes import CLOSURE_CODE_DTYPE, _as_expr, parse_codes
from po_codes._columns import resolve_columns
from po_codes._districts import parse_districts
from po_codes._errors import SchemaError
from po_codes._priority import PRIORITY_DTYPE, parse_priorities
from po_codes._text import fold, fold_expr, via_distinct

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "FrameT",
    "normalize",
    "parse_booleans",
    "parse_counts",
    "parse_datetimes",
]

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)

_TRUE: Final = ("ja", "j", "yes", "y", "true", "t", "1", "x", "sann")
_FALSE: Final = ("nei", "n", "no", "false", "f", "0", "usann")
DATETIME_FORMATS: Final = (
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
)
"""Timestamp formats read from text, tried in this order (``T`` is read as a space)."""
DATETIME_DTYPE: Final = pl.Datetime("us")
DATETIME_COLUMNS: Final = ("created_at", "closed_at", "arrived_at")
BOOLEAN_COLUMNS: Final = ("resource_assigned", "resource_redeployed")
TEXT_COLUMNS: Final = ("task_id", "incident_type", "case_number", "handled_by")


def parse_booleans(col: str | pl.Expr, dtype: pl.DataType | None = None) -> pl.Expr:
    """Read yes/no values: ``Ja``/``Nei``, ``true``/``false``, ``1``/``0``, ``x`` (any case).

    Anything else becomes null (unknown). ``dtype`` is the input's dtype when known:
    a Boolean column is returned unchanged and numbers are read as ``!= 0``.
    """
    expr = _as_expr(col)
    if dtype is not None and dtype == pl.Boolean:
        return expr
    if dtype is not None and dtype.is_numeric():
        return expr != 0
    return via_distinct(
        expr.cast(pl.String),
        lambda values: fold_expr(values).replace_strict(
            [*_TRUE, *_FALSE],
            [True] * len(_TRUE) + [False] * len(_FALSE),
            default=None,
            return_dtype=pl.Boolean,
        ),
        pl.Boolean(),
    )


def read_boolean(text: str) -> bool | None:
    """Python twin of :func:`parse_booleans` for one written value."""
    key = fold(text)
    return True if key in _TRUE else False if key in _FALSE else None


def parse_datetimes(col: str | pl.Expr, dtype: pl.DataType | None = None) -> pl.Expr:
    """Read timestamps: ISO 8601 and Norwegian ``dd.mm.yyyy HH:MM[:SS]``, or dates.

    Text that matches none of :data:`DATETIME_FORMATS` becomes null. Datetime and
    Date columns are cast to ``Datetime("us")``; a time zone is kept.
    """
    expr = _as_expr(col)
    if dtype is not None and isinstance(dtype, pl.Datetime):
        return expr if dtype.time_zone is not None else expr.cast(DATETIME_DTYPE)
    if dtype is not None and dtype == pl.Date:
        return expr.cast(DATETIME_DTYPE)
    if dtype is not None and dtype != pl.String and not isinstance(dtype, pl.Categorical):
        return pl.lit(None, DATETIME_DTYPE)
    text = expr.cast(pl.String).str.strip_chars().str.replace("T", " ", literal=True)
    return pl.coalesce(
        [text.str.to_datetime(fmt, strict=False, time_unit="us") for fmt in DATETIME_FORMATS]
    )


def parse_counts(col: str | pl.Expr, dtype: pl.DataType | None = None) -> pl.Expr:
    """Read counts written the Norwegian way: ``"1 234"``, ``"1.234"``, ``"1\u00a0234"``.

    Spaces and ``.`` thousands separators are dropped; a trailing ``,0`` decimal
    part is allowed. Unreadable text becomes null.
    """
    expr = _as_expr(col)
    if dtype is not None and dtype.is_integer():
        return expr.cast(pl.Int64)
    if dtype is not None and dtype.is_float():
        return pl.when(expr == expr.round(0)).then(expr).cast(pl.Int64, strict=False)
    text = expr.cast(pl.String).str.replace_all(r"[\s\u00a0\u202f'.]", "").str.replace(r",0*$", "")
    return text.cast(pl.Int64, strict=False)


def parse_text(col: str | pl.Expr) -> pl.Expr:
    """Strip surrounding whitespace; empty text becomes null."""
    text = _as_expr(col).cast(pl.String).str.strip_chars()
    return pl.when(text.str.len_bytes() > 0).then(text)


def value_parser(name: str, source: str, dtype: pl.DataType) -> pl.Expr:
    """The expression reading canonical column ``name`` from input column ``source``."""
    col = pl.col(source)
    if name == "closure_code":
        return col if dtype == CLOSURE_CODE_DTYPE else parse_codes(col)
    if name == "priority":
        return col if dtype == PRIORITY_DTYPE else parse_priorities(col)
    if name == "district":
        return pl.coalesce(parse_districts(col), parse_text(col))
    if name in BOOLEAN_COLUMNS:
        return parse_booleans(col, dtype)
    if name in DATETIME_COLUMNS:
        return parse_datetimes(col, dtype)
    if name == "year":
        return parse_counts(col, dtype).cast(pl.Int32, strict=False)
    if name == "n":
        return parse_counts(col, dtype)
    return parse_text(col)


def require_closure_code(mapping: Mapping[str, str], names: list[str], what: str) -> str:
    """Return the input column holding closure codes, or raise :class:`SchemaError`."""
    for source, target in mapping.items():
        if target == "closure_code":
            return source
    shown = ", ".join(map(repr, names[:30])) or "no columns at all"
    raise SchemaError(
        f"{what} has no closure code column: expected 'closure_code' or a Norwegian header "
        f"such as 'Avslutningskode' or 'Kode' (or pass columns={{'your_column': "
        f"'closure_code'}}); found {shown}"
    )


_UNREADABLE_DTYPES: Final = (pl.List, pl.Array, pl.Struct, pl.Object, pl.Binary)


def check_dtypes(mapping: Mapping[str, str], schema: pl.Schema) -> None:
    """Raise :class:`SchemaError` if a mapped column has a dtype no value can be read from."""
    for source, target in mapping.items():
        if isinstance(schema[source], _UNREADABLE_DTYPES):
            raise SchemaError(
                f"column {source!r} ({target}) has dtype {schema[source]}; expected text, "
                "numbers, booleans or timestamps"
            )


def check_frame(frame: object, what: str = "frame") -> None:
    """Raise TypeError unless ``frame`` is a polars DataFrame or LazyFrame."""
    if not isinstance(frame, pl.DataFrame | pl.LazyFrame):
        raise TypeError(
            f"{what} must be a polars DataFrame or LazyFrame, got {type(frame).__name__}"
        )


@overload
def normalize(
    frame: pl.DataFrame, columns: Mapping[str, str] | None = None, *, lossless: bool = False
) -> pl.DataFrame: ...
@overload
def normalize(
    frame: pl.LazyFrame, columns: Mapping[str, str] | None = None, *, lossless: bool = False
) -> pl.LazyFrame: ...
def normalize(
    frame: pl.DataFrame | pl.LazyFrame,
    columns: Mapping[str, str] | None = None,
    *,
    lossless: bool = False,
) -> pl.DataFrame | pl.LazyFrame:
    """Rename columns to canonical names and read their values into canonical dtypes.

    Headers are matched through the Norwegian aliases (see :data:`po_codes.COLUMNS`);
    values are read tolerantly: closure codes and priorities become their Enums
    (null where unknown), districts their canonical names (unknown spellings are
    kept as written), yes/no columns Booleans, timestamps ``Datetime("us")``.
    ``year`` is added from ``created_at`` when absent. Other columns are kept
    unchanged, in place.

    Parameters
    ----------
    frame
        Task-level or counted rows, as a DataFrame or LazyFrame.
    columns
        Explicit ``{"input name": "canonical name"}`` entries that win over aliases.
    lossless
        For a DataFrame: convert a column only when every written value converts;
        a column holding any unreadable value (an unknown code, "kanskje" in a yes/no
        column...) keeps its text, stripped, so :func:`po_codes.validate` can report
        those values. Known codes, priorities and districts are still written in
        their canonical spelling. Ignored for a LazyFrame (it would need the data).

    Returns
    -------
    pl.DataFrame | pl.LazyFrame
        The same kind of frame as ``frame``.

    Raises
    ------
    SchemaError
        If no column holds closure codes, or ``columns`` is wrong.
    TypeError
        If ``frame`` is not a polars frame.
    """
    check_frame(frame)
    schema = frame.collect_schema()
    names = schema.names()
    mapping = resolve_columns(names, columns)
    require_closure_code(mapping, names, "the frame")
    check_dtypes(mapping, schema)
    exprs = [
        value_parser(mapping[name], name, schema[name]).alias(mapping[name])
        if name in mapping
        else pl.col(name)
        for name in names
    ]
    created = next((s for s, t in mapping.items() if t == "created_at"), None)
    if created is not None and "year" not in mapping.values():
        year = parse_datetimes(pl.col(created), schema[created]).dt.year().cast(pl.Int32)
        exprs.append(year.alias("year"))
    if lossless and isinstance(frame, pl.DataFrame):
        return _lossless(frame, mapping, exprs)
    return frame.select(exprs)


def _lossless(
    frame: pl.DataFrame, mapping: Mapping[str, str], exprs: list[pl.Expr]
) -> pl.DataFrame:
    """Select ``exprs``, but keep the text of columns where some written value did not convert."""
    converted = frame.select(exprs)
    kept: list[pl.Series] = []
    for source, target in mapping.items():
        if target in TEXT_COLUMNS or target == "district":
            continue  # text columns (and districts, see value_parser) never lose a value
        written = frame.select(parse_text(pl.col(source)).alias(target)).to_series()
        value = converted.get_column(target)
        if (written.is_not_null() & value.is_null()).any():
            both = pl.DataFrame([value.cast(pl.String).alias("canonical"), written])
            kept.append(both.select(pl.coalesce("canonical", target).alias(target)).to_series())
    return converted.with_columns(kept) if kept else converted
