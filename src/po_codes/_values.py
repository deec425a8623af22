"""The one reader of values: every path (validate, normalize, figures, the CLI) reads here.

A written value is read in two steps:

1. **Clean** (:func:`clean` in Python, :func:`clean_expr` in polars): Unicode NFC,
    surrounding whitespace removed, and the missing-value tokens (``NULL``, ``NA``,
    ``N/A``, ``-``, ``–``, ``—``, empty text) become null. A cleaned null is *missing*.
2. **Read** by the column's kind:

    - *vocabulary* columns (closure codes, priorities, districts, yes/no) are read
      once per **distinct spelling** in Python (:meth:`ClosureCode.get` and friends)
      and mapped back to the rows through an Enum of the spellings, so a column of
      ten million rows with twenty spellings costs twenty Python calls;
    - *timestamps* are read in polars: ISO 8601 (``T`` or space, optional seconds and
      fraction, ``Z`` or an offset converted to Europe/Oslo local time), Norwegian
      ``dd.mm.yyyy HH:MM[:SS]``, ``dd.mm.yyyy HH.MM``, ``dd.mm.yyyy`` and two-digit
      years (``dd.mm.yy``, read as 20yy); a second of 60 is unreadable. The formats
      a column needs are found once per *shape* of its text (every digit a 9), from
      an example of the shape and from the shape itself, so an impossible date such
      as 31 February is unreadable without hiding the other dates written the same
      way;
    - *counts* are exact non-negative integers (``1234``, ``1 234``, ``1.234``,
      ``1234,0``: see :func:`count_expr`); *years* are four digits from 2000 to 2099,
      optionally with a zero fraction (``2016``, ``2016.0``), never a count's
      thousands form (``2.016`` is unreadable). The figures raise an error naming an
      unreadable count or year; a missing year stays a missing year;
    - *free text* (task id, case number, ...) is only cleaned.

Every reading says, per row, whether the value was **missing**, **unreadable**
(written but not readable) or, for closure codes, **tolerant** (recognised only after
tolerant parsing). Rules, :func:`po_codes.normalize` and the figures all use these
facts, so the same written value is read the same way everywhere.

A frame made by :func:`po_codes.normalize` (it has the ``po_written`` column) is
already read: its columns are used as they are, and ``po_written`` supplies the text
of the values that could not be read or were read only tolerantly.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Final

import attrs
import polars as pl

from po_codes._districts import HARMONISED_UNITS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

__all__ = [
    "HARMONISED_UNITS",
    "MISSING_TOKENS",
    "WRITTEN",
    "ColumnReading",
    "clean",
    "clean_expr",
    "count_expr",
    "datetime_expr",
    "year_expr",
]

MISSING_TOKENS: Final = ("NULL", "null", "NA", "N/A", "n/a", "-", "–", "—")
"""Written values that mean "missing" when they stand alone, in every column."""
_MISSING_KEYS: Final = frozenset(token.casefold() for token in MISSING_TOKENS)
_MISSING_LIST: Final = sorted(_MISSING_KEYS)


def _case_variants(token: str) -> set[str]:
    variants = {""}
    for char in token:
        variants = {v + c for v in variants for c in {char.lower(), char.upper()}}
    return variants


# Every upper/lower-case spelling of the tokens: rows are matched with one is_in,
# without lower-casing every value.
_MISSING_SPELLINGS: Final = sorted({"", *(v for t in _MISSING_KEYS for v in _case_variants(t))})

WRITTEN: Final = "po_written"
"""Name of the struct column :func:`po_codes.normalize` adds: the text of values it
could not read exactly (see :func:`po_codes.normalize`)."""

DATETIME_DTYPE: Final = pl.Datetime("us")
# Polars 1.x's streaming engine can pair the columns of different rows on plans whose
# order is not fixed (a join, unique and group_by: seen on 1.30 in 6 of 20 runs;
# tests/test_reading.py). Lazy inputs stream on polars 2 and later (0 of 30 runs on
# 2.1) and are collected in memory before that: correct first, then bounded.
ENGINE: Final = "streaming" if int(pl.__version__.split(".")[0]) >= 2 else "in-memory"
LOCAL_ZONE: Final = "Europe/Oslo"

# Plan nodes that give their rows in the same order on every run (scans, selections,
# filters, slices). Anything else (joins, unique, group_by, sorts with ties...) may not.
_ORDERED_NODES: Final = re.compile(
    r"^(?:DF \[|SELECT\b|simple π|FILTER\b|FROM$|WITH_COLUMNS:|\[|Csv SCAN|Parquet SCAN|"
    r"PROJECT\b|ROW_INDEX\b|ESTIMATED ROWS|SELECTION:|SLICE\b|RENAME\b|DROP\b|WITH ROW INDEX|"
    r"ROW INDEX\b|col\(|dyn |ANONYMOUS SCAN|PYTHON SCAN)"
)


def order_is_fixed(plan: pl.LazyFrame) -> bool:
    """True when ``plan`` surely gives its rows in the same order each time it runs.

    Decided from the unoptimised plan: only scans, selections, filters and slices.
    When unsure, False (the caller then collects the plan once).
    """
    try:
        text = plan.explain(optimized=False)
    except pl.exceptions.PolarsError:
        return False
    return all(_ORDERED_NODES.match(line.strip()) for line in text.splitlines() if line.strip())


# -- step 1: cleaning ----------------------------------------------------------------------


def clean(text: str) -> str | None:
    """Return ``text`` in NFC without surrounding whitespace, or None when it is missing.

    Examples
    --------
    >>> clean("  N/A ") is None
    True
    >>> clean("a\u030a") == "å"
    True
    """
    cleaned = unicodedata.normalize("NFC", text).strip()
    if not cleaned or cleaned.casefold() in _MISSING_KEYS:
        return None
    return cleaned


def written_expr(text: pl.Expr) -> pl.Expr:
    """True where stripped ``text`` is neither empty nor a missing token (null for null).

    One ``is_in`` over every case spelling of the tokens and the empty text: ``text``
    is used once, so it is computed once, and nothing is lower-cased.
    """
    return ~text.is_in(_MISSING_SPELLINGS)


def clean_expr(expr: pl.Expr) -> pl.Expr:
    """Polars twin of :func:`clean` over a string expression."""
    text = expr.cast(pl.String).str.normalize("NFC").str.strip_chars()
    return pl.when(written_expr(text)).then(text)


def _blank_expr(expr: pl.Expr) -> pl.Expr:
    """True where a written value is missing (cheaper than cleaning: no NFC needed)."""
    return ~written_expr(expr.cast(pl.String).str.strip_chars()).fill_null(value=False)


# -- step 2: reading by kind -----------------------------------------------------------------


@attrs.frozen
class Spelling:
    """What one distinct written spelling of a vocabulary column means."""

    value: object  # the canonical value, or None
    missing: bool = False
    tolerant: bool = False
    unit: bool = False  # a resource column's unit name (call sign), read as assigned

    @property
    def unreadable(self) -> bool:
        """Written, but no value could be read from it."""
        return not self.missing and self.value is None


@attrs.frozen
class ColumnReading:
    """How one input column is read, as polars expressions over the input frame.

    Attributes
    ----------
    value
        The canonical value (null where missing or unreadable).
    missing
        True where nothing was written.
    unreadable
        True where something was written that could not be read.
    tolerant
        True where the value was recognised only after tolerant parsing.
    text
        The cleaned text as written (for messages), null where missing.
    note
        One of the ``report.note.unit_*`` keys of the :mod:`po_codes._i18n` catalogues
        (fields ``column`` and ``target``) when how the column was read is worth saying
        in a report, else None.
    unit
        True where the value names a unit (resource columns: a call sign), or None
        when no value can.
    parsed
        True when ``value`` is parsed from text (costly) and ``unreadable`` is exactly
        ``~missing & value.is_null()``. Polars shares no subexpression nested inside
        another, so an engine computing both would parse twice: it computes the value
        once, in a projection of its own, and the rest from that column.
    """

    value: pl.Expr
    missing: pl.Expr
    unreadable: pl.Expr
    tolerant: pl.Expr
    text: pl.Expr
    note: str | None = None
    unit: pl.Expr | None = None
    parsed: bool = False


_FALSE_EXPR: Final = pl.lit(value=False)


def native(expr: pl.Expr, value: pl.Expr | None = None) -> ColumnReading:
    """A column already of its canonical dtype: nothing can be unreadable."""
    return ColumnReading(
        value=expr if value is None else value,
        missing=expr.is_null(),
        unreadable=_FALSE_EXPR,
        tolerant=_FALSE_EXPR,
        text=expr.cast(pl.String),
    )


def free_text(expr: pl.Expr) -> ColumnReading:
    """A text column that is only cleaned (task id, case number, incident type...)."""
    text = clean_expr(expr)
    return ColumnReading(
        value=text, missing=_blank_expr(expr), unreadable=_FALSE_EXPR, tolerant=_FALSE_EXPR,
        text=text,
    )  # fmt: skip


def vocabulary(
    expr: pl.Expr,
    spellings: Mapping[str, Spelling],
    dtype: pl.DataType,
    note: str | None = None,
) -> ColumnReading:
    """Read a column through the meanings of its distinct spellings.

    ``spellings`` must hold every distinct non-null value of ``expr`` cast to text.
    Each row's spelling is found once, by a cast to an Enum of the spellings; every
    fact is then a test on that small integer (``is_in`` for yes/no facts, a gather
    for the value): elementwise, and no string is hashed twice.
    """
    keys = list(spellings)
    if not keys:  # every value is null; keep the column's length (no bare literals)
        missing = expr.is_null()
        return ColumnReading(
            value=pl.when(~missing).then(pl.lit(None, dtype)), missing=missing,
            unreadable=~missing, tolerant=~missing, text=expr.cast(pl.String), note=note,
        )  # fmt: skip
    index = expr.cast(pl.String).cast(pl.Enum(keys)).to_physical()
    facts = list(spellings.values())

    def where(fact: Callable[[Spelling], bool]) -> pl.Expr:
        return index.is_in([i for i, s in enumerate(facts) if fact(s)])

    def mapped(values: Sequence[object], of: pl.DataType) -> pl.Expr:
        return pl.lit(pl.Series(values, dtype=of)).gather(index)

    return ColumnReading(
        value=mapped([s.value for s in facts], dtype),
        missing=where(lambda s: s.missing).fill_null(value=True),
        unreadable=where(lambda s: s.unreadable).fill_null(value=False),
        tolerant=where(lambda s: s.tolerant).fill_null(value=False),
        # As written (NFC), surrounding whitespace kept: " Utført " was read as "Utført".
        text=mapped([_shown(k) for k in keys], pl.String()),
        note=note,
        unit=where(lambda s: s.unit).fill_null(value=False) if any(s.unit for s in facts) else None,
    )


def _shown(key: str) -> str | None:
    """A written value as messages show it: NFC, whitespace kept; None when missing."""
    return None if clean(key) is None else unicodedata.normalize("NFC", key)


def classify(
    values: Iterable[str | None], read: Callable[[str], object], *, exact: Callable[[str], bool]
) -> dict[str, Spelling]:
    """Read each distinct written spelling once: its value, and whether it is missing."""
    table: dict[str, Spelling] = {}
    for written in values:
        if written is None or written in table:
            continue
        cleaned = clean(written)
        if cleaned is None:
            table[written] = Spelling(None, missing=True)
            continue
        value = read(cleaned)
        tolerant = value is not None and not exact(unicodedata.normalize("NFC", written))
        table[written] = Spelling(value, tolerant=tolerant)
    return table


# -- booleans --------------------------------------------------------------------------------

_TRUE: Final = frozenset({"ja", "j", "yes", "y", "true", "t", "1", "x", "sann", "1.0"})
_FALSE: Final = frozenset({"nei", "n", "no", "false", "f", "0", "usann", "0.0"})


def read_boolean(text: str) -> bool | None:
    """Read one cleaned yes/no value: Ja/Nei, true/false, 1/0, x (any case); else None."""
    key = text.casefold()
    return True if key in _TRUE else False if key in _FALSE else None


UNITS_ONLY: Final = "report.note.unit_names"
"""The note of a resource column that names units instead of saying yes or no."""
UNITS_MIXED: Final = "report.note.unit_mixed"
"""The note of a resource column that mixes yes/no values with units' call signs."""
_CALL_SIGN: Final = re.compile(r"^[^\W\d_]{1,4}[ .-]?\d[\w .\-/]*$")


def boolean_spellings(
    values: Iterable[str | None], *, units: bool
) -> tuple[dict[str, Spelling], str | None]:
    """Classify a yes/no column's spellings.

    With ``units=True`` (the resource column), a column holding no yes/no value at all
    but other text (call signs such as ``"P 30-10"``) is read as "assigned when a unit
    is named": any written value is True; a missing one is False. In a column mixing
    yes/no values with call signs (``"Nei"``, ``"P-1 Oslo"``), a call sign is True too;
    other text stays unreadable.
    """
    table = classify(values, read_boolean, exact=lambda _text: True)
    written = [s for s in table.values() if not s.missing]
    if units and written and all(s.value is None for s in written):
        unit_table = {
            key: Spelling(value=not s.missing, missing=False, unit=not s.missing)
            for key, s in table.items()
        }
        return unit_table, UNITS_ONLY
    if not units:
        return table, None
    signs = {
        key
        for key, s in table.items()
        if s.unreadable and _CALL_SIGN.match(unicodedata.normalize("NFC", key).strip())
    }
    if not signs:
        return table, None
    for key in signs:
        table[key] = Spelling(value=True, unit=True)
    return table, UNITS_MIXED


# -- timestamps ------------------------------------------------------------------------------

TIMESTAMP_FORMATS: Final = (
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S%.f%#z",
    "%Y-%m-%dT%H:%M:%S%.f%#z",
    "%Y-%m-%d %H:%M%#z",
    "%Y-%m-%dT%H:%M%#z",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H.%M",
    "%d.%m.%Y",
    "%d.%m.%y %H:%M:%S",
    "%d.%m.%y %H:%M",
    "%d.%m.%y %H.%M",
    "%d.%m.%y",
)
"""Timestamp formats read from text, tried in this order: ISO 8601 (naive, or with
``Z``/an offset, converted to Europe/Oslo), Norwegian ``dd.mm.yyyy`` forms, and
two-digit years (read as 20yy)."""


def repeated_hour(local: pl.Expr) -> pl.Expr:
    """True where a naive Norwegian local time falls in the hour the October change repeats.

    Such a time happened twice (summer time, then winter time), so the order of two
    of them cannot be told from the local times alone.
    """
    earliest = local.dt.replace_time_zone(LOCAL_ZONE, ambiguous="earliest", non_existent="null")
    latest = local.dt.replace_time_zone(LOCAL_ZONE, ambiguous="latest", non_existent="null")
    return (earliest != latest).fill_null(value=False)


def _with_format(text: pl.Expr, fmt: str) -> pl.Expr:
    parsed = text.str.to_datetime(fmt, strict=False, time_unit="us")
    if fmt.endswith("%#z"):
        parsed = parsed.dt.convert_time_zone(LOCAL_ZONE).dt.replace_time_zone(None)
    if "%Y" in fmt:  # chrono's %Y takes "16" as the year 16: four digits only
        parsed = _from_year_1000(parsed)
    if "%y" in fmt:  # chrono reads 69-99 as 19xx; PO exists since 2007
        parsed = (
            pl.when(parsed.dt.year() < 2000).then(parsed.dt.offset_by("100y")).otherwise(parsed)
        )
    return parsed.cast(DATETIME_DTYPE)


_YEAR_1000: Final = -30_610_224_000_000_000  # 1000-01-01 00:00 in microseconds since 1970


def _from_year_1000(parsed: pl.Expr) -> pl.Expr:
    """``parsed`` (naive, microseconds), null before the year 1000, parsed once.

    ``when(parsed >= ...).then(parsed)`` would parse the text twice: polars shares no
    subexpression nested inside another. Here the microseconds since 1000-01-01 are
    cast to an unsigned integer, which makes a negative count (an earlier year) null.
    """
    since = (parsed.cast(pl.Int64) - _YEAR_1000).cast(pl.UInt64, strict=False)
    return (since.cast(pl.Int64) + _YEAR_1000).cast(DATETIME_DTYPE)


def _timestamp_text(expr: pl.Expr) -> pl.Expr:
    """Cleaned text of a timestamp (no NFC: digits and separators do not decompose).

    Null also where a time field is 60: chrono takes second 60 (a leap second) as the
    next minute, and no other field may be 60 either, so such text is unreadable.
    """
    text = expr.cast(pl.String).str.strip_chars()
    return pl.when(written_expr(text) & ~text.str.contains(":60", literal=True)).then(text)


def shape_expr(expr: pl.Expr) -> pl.Expr:
    """The shape of a written timestamp (every ASCII digit a 9): rows of one shape share a format.

    Surrounding white space is kept: values that differ only there fall into shapes of
    their own, each of which still shares its formats (the reading strips them). One
    ``replace_many`` takes a third less time than a regular expression over every row.
    """
    return expr.cast(pl.String).str.replace_many(_DIGITS, _NINES)


_DIGITS: Final = [str(digit) for digit in range(10)]
_NINES: Final = ["9"] * 10


def formats_for(examples: Sequence[str | None]) -> list[str]:
    """The formats, in :data:`TIMESTAMP_FORMATS` order, that read some of ``examples``.

    ``examples`` holds one value per shape (:func:`shape_expr`). The example may be an
    impossible date ("31.02.2020 10:00") while the other values of its shape are fine,
    so each shape is also tried with every digit a 1 ("11.11.1111 11:11"), a possible
    value of every field: a format is kept when it reads the example or its shape.
    Keeping a format that no value needs changes no value, only the time taken.
    """
    written = [e for e in examples if e is not None]
    shapes = [re.sub(r"\d", "1", e) for e in written]
    values = pl.Series("t", [*written, *shapes], dtype=pl.String)
    if values.is_empty():
        return []
    frame = pl.DataFrame(values).select(
        _with_format(_timestamp_text(pl.col("t")), fmt).is_not_null().any().alias(str(i))
        for i, fmt in enumerate(TIMESTAMP_FORMATS)
    )
    return [fmt for i, fmt in enumerate(TIMESTAMP_FORMATS) if frame.get_column(str(i)).item()]


def datetime_expr(
    expr: pl.Expr, dtype: pl.DataType | None = None, formats: Sequence[str] | None = None
) -> pl.Expr:
    """Read timestamps into naive ``Datetime("us")`` in Norwegian local time.

    Native Date/Datetime columns are used as they are; a time-zone-aware one is
    converted to Europe/Oslo and made naive. Text is read with the first of
    ``formats`` (default: every one of :data:`TIMESTAMP_FORMATS`) that reads it;
    anything else written is null (the caller marks it unreadable). Passing only the
    formats a column's shapes need (:func:`formats_for`) gives the same values, faster.
    """
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is not None:
            expr = expr.dt.convert_time_zone(LOCAL_ZONE).dt.replace_time_zone(None)
        return expr.cast(DATETIME_DTYPE)
    if dtype is not None and dtype == pl.Date:
        return expr.cast(DATETIME_DTYPE)
    chosen = TIMESTAMP_FORMATS if formats is None else tuple(formats)
    if not chosen:
        return pl.when(expr.is_null() & expr.is_not_null()).then(pl.lit(None, DATETIME_DTYPE))
    text = _timestamp_text(expr)
    parsed = [_with_format(text, fmt) for fmt in chosen]
    return parsed[0] if len(parsed) == 1 else pl.coalesce(parsed)


def timestamps(
    expr: pl.Expr, dtype: pl.DataType, formats: Sequence[str] | None = None
) -> ColumnReading:
    """Reading of a timestamp column (text or native)."""
    if dtype.is_temporal():
        return native(expr, datetime_expr(expr, dtype))
    value = datetime_expr(expr, dtype, formats)
    missing = _blank_expr(expr)
    return ColumnReading(
        value=value, missing=missing, unreadable=~missing & value.is_null(),
        tolerant=_FALSE_EXPR, text=clean_expr(expr), parsed=True,
    )  # fmt: skip


# -- counts and years ------------------------------------------------------------------------

_SPACES: Final = r"[ \u00a0\u2007\u2009\u202f']"
# Digits grouped by threes with a space (or no-break, figure, thin or narrow no-break
# space, or an apostrophe): "1 234", "12 345 678", "1 234,0". "1 2 3" and "12 34" are
# not a number as anyone writes one.
_SPACED: Final = rf"^\d{{1,3}}(?:{_SPACES}\d{{3}})+(?:[.,]0+)?$"
_PLAIN: Final = r"^\d+$"
_DOTS: Final = r"^\d{1,3}(?:\.\d{3})+$"
_ZERO_FRACTION: Final = r"^(\d+|\d{1,3}(?:\.\d{3})+)[.,]0+$"


def count_expr(expr: pl.Expr, dtype: pl.DataType | None = None) -> pl.Expr:
    """Read non-negative integer counts exactly; null where a value cannot be one.

    Accepted: ``1234``, ``1 234`` (groups of three digits after a space, no-break or
    narrow no-break space; ``1 2 3`` and ``12 34`` are not counts),
    ``1.234`` and ``1.234.567`` (dot thousands), ``1234.0``/``1234,0`` (a zero
    fraction). Fractions, negatives and other text are null, never scaled or 0: the
    callers report them as errors.
    """
    if dtype is not None and dtype.is_integer():
        return pl.when(expr >= 0).then(expr.cast(pl.Int64, strict=False))
    if dtype is not None and (dtype.is_float() or isinstance(dtype, pl.Decimal)):
        number = expr.cast(pl.Float64)
        whole = (number >= 0) & (number == number.floor()) & number.is_finite()
        return pl.when(whole).then(number.cast(pl.Int64, strict=False))
    if dtype is not None and dtype == pl.Boolean:  # never a count; null on every row
        return pl.when(expr.is_null() & expr.is_not_null()).then(expr.cast(pl.Int64))
    cleaned = clean_expr(expr)
    text = (
        pl.when(cleaned.str.contains(_SPACED))
        .then(cleaned.str.replace_all(_SPACES, ""))
        .otherwise(cleaned)
    )
    digits = (
        pl.when(text.str.contains(_PLAIN))
        .then(text)
        .when(text.str.contains(_DOTS))
        .then(text.str.replace_all(".", "", literal=True))
        .when(text.str.contains(_ZERO_FRACTION))
        .then(text.str.extract(_ZERO_FRACTION, 1).str.replace_all(".", "", literal=True))
    )
    return digits.cast(pl.Int64, strict=False)


def counts(expr: pl.Expr, dtype: pl.DataType) -> ColumnReading:
    """Reading of a count column (``n``)."""
    return _number(expr, dtype, count_expr(expr, dtype))


_YEAR: Final = r"^(\d{4})(?:[.,]0+)?$"


def year_expr(expr: pl.Expr, dtype: pl.DataType | None = None) -> pl.Expr:
    """Read years 2000–2099 (``2016``, ``2016.0``, ``2016,0``) as Int32; null otherwise.

    Text must be four digits, optionally with a zero fraction: the thousands
    separators of counts ("2.016", "2 016") are not years.
    """
    if dtype is not None and (dtype.is_numeric() or dtype == pl.Boolean):
        number = count_expr(expr, dtype)
    else:
        number = clean_expr(expr).str.extract(_YEAR, 1).cast(pl.Int64, strict=False)
    return pl.when((number >= 2000) & (number <= 2099)).then(number).cast(pl.Int32)


def years(expr: pl.Expr, dtype: pl.DataType) -> ColumnReading:
    """Reading of a year column."""
    return _number(expr, dtype, year_expr(expr, dtype))


def _number(expr: pl.Expr, dtype: pl.DataType, value: pl.Expr) -> ColumnReading:
    """A number read from ``expr``: missing when blank, unreadable when not read."""
    missing = expr.is_null() if not _is_text(dtype) else _blank_expr(expr)
    return ColumnReading(
        value=value, missing=missing, unreadable=~missing & value.is_null(),
        tolerant=_FALSE_EXPR, text=expr.cast(pl.String),
    )  # fmt: skip


def _is_text(dtype: pl.DataType) -> bool:
    return dtype == pl.String or isinstance(dtype, pl.Categorical | pl.Enum)


# -- a whole frame ---------------------------------------------------------------------------

VOCABULARY: Final = frozenset(
    {"closure_code", "priority", "district", "resource_assigned", "resource_redeployed"}
)
TIMESTAMPS: Final = ("created_at", "closed_at", "arrived_at")
BOOLEANS: Final = ("resource_assigned", "resource_redeployed")


def _read_code(text: str) -> object:
    from po_codes._codes import ClosureCode  # noqa: PLC0415  (cycle: _codes uses _text)

    found = ClosureCode.get(text)
    return None if found is None else found.value


def _read_priority(text: str) -> object:
    from po_codes._priority import Priority  # noqa: PLC0415

    found = Priority.get(text)
    return None if found is None else found.value


def read_district(text: str) -> str | None:
    """The canonical name of a district spelling, a harmonised unit's name, or None."""
    from po_codes._districts import District, district_key  # noqa: PLC0415

    found = District.get(text)
    if found is not None:
        return found.name
    key = district_key(text)
    return next((unit for unit in HARMONISED_UNITS if district_key(unit) == key), None)


def _exact_code(text: str) -> bool:
    from po_codes._codes import ClosureCode  # noqa: PLC0415

    return text in ClosureCode._value2member_map_


def _canonical_dtype(target: str) -> pl.DataType:
    from po_codes._codes import CLOSURE_CODE_DTYPE  # noqa: PLC0415
    from po_codes._priority import PRIORITY_DTYPE  # noqa: PLC0415

    return {
        "closure_code": CLOSURE_CODE_DTYPE,
        "priority": PRIORITY_DTYPE,
        "district": pl.String(),
        "resource_assigned": pl.Boolean(),
        "resource_redeployed": pl.Boolean(),
    }[target]


def needs_spellings(target: str, dtype: pl.DataType, written: frozenset[str]) -> bool:
    """True when column ``target`` is read through its distinct spellings (or shapes)."""
    if target in TIMESTAMPS:
        return target not in written and not dtype.is_temporal()
    if target not in VOCABULARY or target in written:
        return False
    if target in BOOLEANS and dtype == pl.Boolean:
        return False
    return target == "district" or dtype != _canonical_dtype(target)


def distinct_spellings(
    frame: pl.DataFrame | pl.LazyFrame,
    sources: Mapping[str, str],
    extra: Sequence[pl.LazyFrame] = (),
) -> tuple[dict[str, list[str | None]], list[pl.DataFrame]]:
    """The distinct values, as text, of each ``{target: source}`` column, in one query.

    ``extra`` queries are collected in the same run (a lazy source is read once).
    """
    if not sources and not extra:
        return {}, []
    # One group-by over every column's spellings: a text source (CSV) is parsed once,
    # not once per column. Timestamps: one example per shape (rows of one shape share
    # a format); the shapes of the first rows are known beforehand, so only the rows
    # of other shapes are shaped (a pattern match costs a sixth of building a shape),
    # and such a shape is its own example (formats_for tries it with every digit a 1).
    stamps = [source for target, source in sources.items() if target in TIMESTAMPS]
    seen = _first_shapes(frame, stamps)
    keys = [
        _other_shape(source, seen[source]) if target in TIMESTAMPS else pl.col(source)
        for target, source in sources.items()
    ]
    queries = (
        [frame.lazy().group_by(k.cast(pl.String).alias(str(i)) for i, k in enumerate(keys)).len()]
        if keys
        else []
    )
    found = pl.collect_all(
        [*queries, *extra], engine=ENGINE if isinstance(frame, pl.LazyFrame) else "auto"
    )
    spellings: dict[str, list[str | None]] = {}
    for i, (target, source) in enumerate(sources.items()):
        written = found[0].get_column(str(i)).unique(maintain_order=True)
        if target in TIMESTAMPS:
            written = written.drop_nulls()
        spellings[target] = [*seen.get(source, {}).values(), *written.to_list()]
    return spellings, found[len(queries) :]


_SAMPLE: Final = 10_000  # rows whose timestamp shapes are found before the first pass


def _first_shapes(
    frame: pl.DataFrame | pl.LazyFrame, sources: Sequence[str]
) -> dict[str, dict[str, str]]:
    """Per timestamp column: the shapes of its first rows, each with its first value."""
    if not sources:
        return {}
    head = frame.lazy().select(pl.col(s).cast(pl.String) for s in sources).head(_SAMPLE)
    first = head.collect(engine=ENGINE if isinstance(frame, pl.LazyFrame) else "auto")
    found = {}
    for source in sources:
        shaped = (
            first.select(shape_expr(pl.col(source)).alias("s"), pl.col(source).alias("v"))
            .drop_nulls("s")
            .unique("s", keep="first", maintain_order=True)
        )
        found[source] = dict(zip(shaped.get_column("s"), shaped.get_column("v"), strict=True))
    return found


def _other_shape(source: str, known: Mapping[str, str]) -> pl.Expr:
    """The shape of ``source`` where it is none of ``known``, else null."""
    text = pl.col(source).cast(pl.String)
    if known:  # a value matches a known shape's pattern exactly when it has that shape
        text = pl.when(~text.str.contains(_shapes_pattern(known))).then(text)
    return shape_expr(text)


def _shapes_pattern(shapes: Iterable[str]) -> str:
    r"""A regular expression matching exactly the texts of one of ``shapes``.

    A shape's 9 is any ASCII digit; every other character stands for itself (written
    as ``\x{...}`` unless it is an ASCII letter, so nothing needs escaping).
    """

    def char(ch: str) -> str:
        if ch == "9":
            return "[0-9]"
        return ch if ch.isascii() and ch.isalpha() else f"\\x{{{ord(ch):X}}}"

    def one(shape: str) -> str:
        return "".join(char(ch) for ch in shape)

    return "^(?:" + "|".join(one(shape) for shape in shapes) + ")$"


def spelling_table(
    target: str, values: Iterable[str | None]
) -> tuple[dict[str, Spelling], str | None]:
    """Classify the distinct spellings of vocabulary column ``target``."""
    if target == "closure_code":
        return classify(values, _read_code, exact=_exact_code), None
    if target == "priority":
        return classify(values, _read_priority, exact=lambda _t: True), None
    if target == "district":
        return classify(values, read_district, exact=lambda _t: True), None
    return boolean_spellings(values, units=target == "resource_assigned")


def column_reading(
    target: str,
    source: str,
    dtype: pl.DataType,
    *,
    spellings: Sequence[str | None] | None = None,
    written: pl.Expr | None = None,
    normalised: bool = False,
    districts_as: pl.DataType | None = None,
) -> ColumnReading:
    """The reading of input column ``source`` as canonical column ``target``.

    ``spellings`` are the column's distinct values (needed exactly when
    :func:`needs_spellings` says so); ``written`` is the field of the
    :data:`WRITTEN` struct for this column, when the frame came from
    :func:`po_codes.normalize`. ``normalised``: the frame has that struct, so it is
    :func:`po_codes.normalize`'s output and its free text is already cleaned (cleaning
    is idempotent: reading it again would give the same values, more slowly).
    ``districts_as``: the dtype of a district read through its spellings (default
    String; the engine uses an Enum of every district name, see
    :func:`po_codes._districts.district_names_dtype`).
    """
    col = pl.col(source)  # the column's name in the frame the expressions run on
    if written is not None:
        return ColumnReading(
            value=col, missing=col.is_null() & written.is_null(),
            unreadable=col.is_null() & written.is_not_null(),
            tolerant=col.is_not_null() & written.is_not_null(),
            text=pl.coalesce(written, col.cast(pl.String)),
        )  # fmt: skip
    if target in VOCABULARY:
        if spellings is None:
            if target in BOOLEANS and dtype == pl.Boolean:
                return native(col)
            return native(col.cast(_canonical_dtype(target)))
        table, note = spelling_table(target, spellings)
        dtype = _canonical_dtype(target)
        if target == "district" and districts_as is not None:
            dtype = districts_as
        reading = vocabulary(col, table, dtype, note)
        if note == UNITS_ONLY:  # unit names only: a missing value means "no unit"
            return attrs.evolve(
                reading, value=reading.value.fill_null(value=False), missing=_FALSE_EXPR
            )
        return reading
    if target in TIMESTAMPS:
        return timestamps(col, dtype, None if spellings is None else formats_for(spellings))
    if target == "year":
        return years(col, dtype)
    if target == "n":
        return counts(col, dtype)
    if normalised and dtype == pl.String:
        return native(col)
    return free_text(col)


def spellings_of(
    frame: pl.DataFrame | pl.LazyFrame, mapping: Mapping[str, str], schema: pl.Schema
) -> dict[str, list[str | None]]:
    """The distinct spellings of every mapped column read through its spellings."""
    return collect_spellings(frame, mapping, schema)[0]


def collect_spellings(
    frame: pl.DataFrame | pl.LazyFrame,
    mapping: Mapping[str, str],
    schema: pl.Schema,
    extra: Sequence[pl.LazyFrame] = (),
) -> tuple[dict[str, list[str | None]], list[pl.DataFrame]]:
    """:func:`spellings_of`, and ``extra`` queries over ``frame`` collected in the same run."""
    marked = _written_fields(schema)
    wanted = {
        target: source
        for source, target in mapping.items()
        if needs_spellings(target, schema[source], marked)
    }
    return distinct_spellings(frame, wanted, extra)


def _written_fields(schema: pl.Schema) -> frozenset[str]:
    struct = schema.get(WRITTEN)
    if not isinstance(struct, pl.Struct):
        return frozenset()
    return frozenset(f.name for f in struct.fields)


def readings_of(
    mapping: Mapping[str, str],
    schema: pl.Schema,
    spellings: Mapping[str, Sequence[str | None]],
    names: Mapping[str, str] | None = None,
    districts_as: pl.DataType | None = None,
) -> dict[str, ColumnReading]:
    """The reading of every mapped ``{source: target}`` column, keyed by target.

    ``names`` renames input columns in the expressions (``{input name: name in the
    frame the expressions run on}``), for plans that carry the input under other names;
    ``districts_as`` is passed to :func:`column_reading`.
    """
    names = names or {}
    marked = _written_fields(schema)
    written = pl.col(names.get(WRITTEN, WRITTEN))
    return {
        target: column_reading(
            target,
            names.get(source, source),
            schema[source],
            spellings=spellings.get(target),
            written=written.struct.field(target) if target in marked else None,
            normalised=WRITTEN in schema,
            districts_as=districts_as,
        )
        for source, target in mapping.items()
    }


def read_frame(
    frame: pl.DataFrame | pl.LazyFrame,
    mapping: Mapping[str, str],
    schema: pl.Schema,
) -> dict[str, ColumnReading]:
    """Read every mapped ``{source: target}`` column of ``frame``: one query for spellings."""
    return readings_of(mapping, schema, spellings_of(frame, mapping, schema))
