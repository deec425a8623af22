"""PO figures: counts, shares and indicators per group.

Every function reads task-level rows or already-counted rows, accepts raw headers
through the aliases, and returns the kind of frame it was given. Values are read by
the one reader (:mod:`po_codes._values`): closure codes, districts and years on the
few distinct groups, counts exactly. The rows are grouped once by
``(*by, closure_code)``; zero-filling, shares and wide tables work on that small
counted result.

Counted tables: ``weight=None`` means the canonical ``n`` column when the frame has
one (headers ``n``, ``antall``, ``count``...), else one task per row. A count that is
not a non-negative integer is an error naming it, never 0 and never scaled.

Tasks whose closure code is missing or not one of the 14 are in no ``total``;
:func:`code_table` and :func:`indicators` count them in ``uncoded``.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, Final, overload

import polars as pl

from po_codes._codes import CLOSURE_CODE_DTYPE, ClosureCode, parse_codes
from po_codes._columns import CANONICAL, _alias_keys, resolve_columns
from po_codes._districts import District, districts, parse_districts
from po_codes._errors import InvalidArgumentError, SchemaError
from po_codes._frames import as_frame
from po_codes._normalize import check_dtypes, require_closure_code
from po_codes._stats import OUTPUT_COLUMNS, funnel_stats
from po_codes._text import fold
from po_codes._values import (
    HARMONISED_UNITS,
    WRITTEN,
    clean_expr,
    count_expr,
    datetime_expr,
    year_expr,
    years,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["code_table", "compare", "figures", "harmonize_districts", "indicators"]

COMBINED: Final = HARMONISED_UNITS[0]
"""The unit ``harmonize_districts(split="combine")`` reports for Nordland and Troms."""
_SPLIT_DISTRICT: Final = "midtre-halogaland"
_N: Final = "n"
_W: Final = "__po_weight"
_MAX_INT64: Final = 2**63 - 1


# -- reading the input ---------------------------------------------------------------------


def _by_names(by: object) -> list[str]:
    if isinstance(by, str):
        return [by]
    if by is None:
        return []
    if not isinstance(by, list | tuple):
        raise TypeError(f"by must be a column name or a sequence of names, got {by!r}")
    names: list[str] = []
    for name in by:
        if not isinstance(name, str):
            raise TypeError(f"by must hold column names (str), got {name!r}")
        names.append(name)
    return names


def district_names(expr: pl.Expr) -> pl.Expr:
    """Canonical district names; spellings no reader knows are kept as written."""
    return pl.coalesce(parse_districts(expr), clean_expr(expr))


def _cleaned(name: str, dtype: pl.DataType) -> pl.Expr | None:
    """Reading of a text ``by`` column: cleaned as every value is (missing tokens null)."""
    if dtype == pl.String or isinstance(dtype, pl.Categorical | pl.Enum):
        return clean_expr(pl.col(name))
    return None


class _Input:
    """Resolves the columns a figures function needs; reads them on the grouped rows."""

    def __init__(self, frame: object, what: str) -> None:
        self.frame = as_frame(frame)
        self.schema = self.frame.collect_schema()
        self.names = [n for n in self.schema.names() if n != WRITTEN]
        self.mapping = resolve_columns(self.names)
        self.canonical = {target: source for source, target in self.mapping.items()}
        require_closure_code(self.mapping, self.names, what)
        check_dtypes(self.mapping, self.schema)

    def resolve(self, name: str, role: str) -> tuple[str, pl.Expr, pl.Expr | None]:
        """Return the output name, the per-row expression, and a reading of its values.

        The reading (canonical district names, years...) is applied after the rows
        are grouped, to the few distinct values only.
        """
        if name in self.names and name not in self.mapping:
            read = _cleaned(name, self.schema[name])
            return name, pl.col(name), None if read is None else read.alias(name)
        target = name if name in CANONICAL else _alias_keys().get(fold(name))
        if target == "closure_code":
            raise InvalidArgumentError(
                f"{role} names the closure code column {name!r}: the figures are already "
                "broken down by closure code"
            )
        if target is not None and target in self.canonical:
            source = self.canonical[target]
            dtype = self.schema[source]
            if target == "district":
                read = district_names(pl.col(target))
            elif target == "year":
                read = year_expr(pl.col(target), dtype)
                column = pl.col(source)
                self._first_bad(
                    source, self._unreadable(target, years(column, dtype).unreadable),
                    "year {value!r} in column {source!r} (row {row}) is not a year from 2000 "
                    "to 2099: years are read as written (2016, 2016.0), never guessed; "
                    "correct the value or leave it empty",
                    # integers: two reductions say whether any is outside the years
                    quick=(column.min() < 2000) | (column.max() > 2099)
                    if dtype.is_integer() and not self._marked(target) else None,
                )  # fmt: skip
            else:
                read = _cleaned(target, dtype)
            return target, pl.col(source), None if read is None else read.alias(target)
        if target == "year" and "created_at" in self.canonical:
            source = self.canonical["created_at"]
            created = datetime_expr(pl.col(source), self.schema[source])
            return "year", created.dt.year().cast(pl.Int32), None
        shown = ", ".join(map(repr, self.names))
        raise SchemaError(
            f"{role} column {name!r} is not in the frame; it has {shown}", column=name
        )

    def weight(self, weight: object) -> pl.Expr:
        """The count of each row: the weight column read exactly, else 1.

        Raises
        ------
        SchemaError
            If a count is not a non-negative integer (the message names it).
        """
        source = count_column(self.names, weight)
        if source is None:
            return pl.lit(1, pl.Int64)
        column, dtype = pl.col(source), self.schema[source]
        counts = count_expr(column, dtype)
        quick = None
        if dtype.is_integer() and not self._marked(self.mapping.get(source, source)):
            quick = (column.null_count() > 0) | (column.min() < 0)
            if dtype == pl.UInt64:  # above Int64: not a count that can be summed
                quick = quick | (column.max() > _MAX_INT64)
        self._first_bad(
            source, self._unreadable(self.mapping.get(source, source), counts.is_null()),
            "count {value!r} in column {source!r} (row {row}) is not a non-negative whole "
            f"number up to {_MAX_INT64}: counts are read exactly (1234, 1 234, 1.234, "
            "1234,0), never rounded, scaled or taken as 0; a missing count is an error too",
            quick=quick, total=counts.cast(pl.Float64).sum(),
        )  # fmt: skip
        return counts.fill_null(0)

    def _marked(self, target: str) -> bool:
        """True when the frame is normalize()'s output and records ``target``'s text."""
        struct = self.schema.get(WRITTEN)
        return isinstance(struct, pl.Struct) and any(f.name == target for f in struct.fields)

    def _unreadable(self, target: str, unreadable: pl.Expr) -> pl.Expr:
        """Rows whose ``target`` value was written but is unreadable, normalised or not."""
        if not self._marked(target):
            return unreadable
        return pl.col(WRITTEN).struct.field(target).is_not_null() | unreadable

    def _written(self, target: str, source: str) -> pl.Expr:
        """The value of ``source`` as written (normalize() keeps it in its struct)."""
        column = pl.col(source).cast(pl.String)
        if not self._marked(target):
            return column
        return pl.coalesce(pl.col(WRITTEN).struct.field(target), column)

    def _first_bad(
        self,
        source: str,
        bad: pl.Expr,
        message: str,
        *,
        quick: pl.Expr | None = None,
        total: pl.Expr | None = None,
    ) -> None:
        """Raise :class:`SchemaError` for the first row where ``bad`` holds.

        ``message`` is formatted with the row's ``value`` (as text), ``source`` and ``row``.
        ``quick`` is a cheaper aggregate that is true where some row is bad (default
        ``bad.any()``); the rows are searched only then. ``total`` (counts, as floats)
        is summed in the same pass: a sum that Int64 cannot hold is an error too.
        """
        lazy = self.frame.lazy()
        checks = [(bad.any() if quick is None else quick).alias("bad")]
        if total is not None:
            checks.append(total.alias("total"))
        check = lazy.select(checks).collect()
        if not check.item(0, "bad"):
            if total is not None and (check.item(0, "total") or 0) >= 2**63:
                raise SchemaError(
                    f"the counts in column {source!r} add up to more than {_MAX_INT64}, "
                    "the largest sum a 64-bit integer holds: they cannot be summed exactly",
                    column=source,
                )
            return
        found = (
            lazy.with_row_index("__po_row")
            .filter(bad)
            .select("__po_row", self._written(self.mapping.get(source, source), source))
            .head(1)
            .collect()
        )
        if found.height:
            row, value = found.row(0)
            raise SchemaError(
                message.format(value=value, source=source, row=row), column=source, value=value
            )

    def counts(self, by: object, weight: object) -> tuple[pl.LazyFrame, list[str]]:
        """Group once: ``*by, closure_code (null = missing/unknown), n``.

        Rows are grouped by the values as written; codes and keys are then read on
        the distinct groups only and regrouped, which is much cheaper than reading
        every row.
        """
        resolved = [self.resolve(name, "by") for name in _by_names(by)]
        keys = [name for name, _, _ in resolved]
        if len(set(keys)) != len(keys):
            raise InvalidArgumentError(f"by names a column twice: {keys}")
        code_source = self.canonical["closure_code"]
        group = [*keys, "closure_code"]
        written = (
            self.frame.lazy()
            .select(
                *(expr.alias(name) for name, expr, _ in resolved),
                pl.col(code_source).alias("closure_code"),
                self.weight(weight).alias(_W),
            )
            .group_by(group)
            .agg(pl.col(_W).sum().cast(pl.Int64).alias(_N))
        )
        readings = [read for _, _, read in resolved if read is not None]
        readings.append(parse_codes(pl.col("closure_code")).alias("closure_code"))
        counted = written.with_columns(readings).group_by(group).agg(pl.col(_N).sum())
        return counted, keys


def _finish(frame: Any, lf: pl.LazyFrame) -> pl.DataFrame | pl.LazyFrame:
    return lf if isinstance(frame, pl.LazyFrame) else lf.collect()


def _share(numerator: pl.Expr, total: pl.Expr) -> pl.Expr:
    """``numerator / total``, null where the total is 0 (never a division by zero)."""
    return pl.when(total > 0).then(numerator / total).otherwise(None).cast(pl.Float64)


def _per_group(counted: pl.LazyFrame, keys: list[str], aggregations: list[pl.Expr]) -> pl.LazyFrame:
    """Aggregate per group: ``aggregations`` over coded rows, ``uncoded`` over the others.

    Every group present is kept; a group whose tasks all have a missing or unknown
    code gets null aggregations (and its count in ``uncoded``).
    """
    coded = pl.col("closure_code").is_not_null()
    uncoded = pl.col(_N).filter(~coded).sum().cast(pl.Int64).alias("uncoded")
    valid = counted.filter(coded)
    if not keys:
        return counted.select(uncoded).join(valid.select(aggregations), how="cross")
    out = valid.group_by(keys).agg(aggregations)
    return counted.group_by(keys).agg(uncoded).join(out, on=keys, how="left", nulls_equal=True)


def _sorted(lf: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    return lf.sort(keys, nulls_last=True, maintain_order=True) if keys else lf


# -- figures -------------------------------------------------------------------------------


@overload
def figures(
    frame: pl.LazyFrame, by: str | Sequence[str] = ..., *, weight: str | None = None
) -> pl.LazyFrame: ...
@overload
def figures(
    frame: pl.DataFrame | Any, by: str | Sequence[str] = ..., *, weight: str | None = None
) -> pl.DataFrame: ...
def figures(
    frame: pl.DataFrame | pl.LazyFrame | Any,
    by: str | Sequence[str] = ("district", "year"),
    *,
    weight: str | None = None,
) -> pl.DataFrame | pl.LazyFrame:
    """Count tasks per closure code: the long form of the published PO figures.

    Parameters
    ----------
    frame
        Task rows or counted rows (a DataFrame, a LazyFrame, or an Arrow-exporting
        object); raw Norwegian headers work.
    by
        Grouping columns (``"district"``, ``"year"``, any other column); ``year`` is
        taken from ``created_at`` when there is no year column. ``()`` counts the
        whole frame.
    weight
        Count column. Default: the canonical ``n`` column when the frame has one
        (``n``, ``antall``, ``count``), else one task per row.

    Returns
    -------
    pl.DataFrame | pl.LazyFrame
        ``*by, closure_code, n, share``: every group present gets all 14 codes in
        canonical order (``n = 0`` where absent); ``n`` is Int64 and ``share`` is
        ``n`` over the group's total of coded tasks (a group whose total is 0 gets
        null shares). District names are canonical. Same kind of frame as ``frame``.

    Raises
    ------
    MissingColumnError
        If there is no closure code column.
    SchemaError
        If a ``by``/``weight`` column is absent, or a count is not a non-negative
        integer.
    InvalidArgumentError
        If ``by`` names the closure code column or a column twice.
    TypeError
        If ``frame`` is not a frame.

    Examples
    --------
    >>> import polars as pl
    >>> import po_codes as po
    >>> tasks = pl.DataFrame({"Distrikt": ["Oslo", "oslo", "Vest"], "Kode": ["Utført"] * 3})
    >>> out = po.figures(tasks, by="district")
    >>> out.filter(pl.col("n") > 0).rows()
    [('Oslo', 'Utført', 2, 1.0), ('Vest', 'Utført', 1, 1.0)]
    """
    data = _Input(frame, "the frame")
    counted, keys = data.counts(by, weight)
    return _finish(data.frame, _long(counted, keys))


def _long(counted: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    codes = pl.LazyFrame({"closure_code": pl.Series([c.value for c in ClosureCode])}).select(
        pl.col("closure_code").cast(CLOSURE_CODE_DTYPE)
    )
    valid = counted.filter(pl.col("closure_code").is_not_null())
    if keys:
        groups = counted.select(keys).unique()
        grid = groups.join(codes, how="cross")
        joined = grid.join(valid, on=[*keys, "closure_code"], how="left", nulls_equal=True)
    else:
        joined = codes.join(valid, on="closure_code", how="left")
    total = pl.col(_N).sum().over(keys) if keys else pl.col(_N).sum()
    return _sorted(
        joined.with_columns(pl.col(_N).fill_null(0)).with_columns(
            _share(pl.col(_N), total).alias("share")
        ),
        [*keys, "closure_code"],
    ).select(*keys, "closure_code", _N, "share")


@overload
def code_table(
    frame: pl.LazyFrame,
    by: str | Sequence[str] = ...,
    *,
    weight: str | None = None,
    shares: bool = False,
) -> pl.LazyFrame: ...
@overload
def code_table(
    frame: pl.DataFrame | Any,
    by: str | Sequence[str] = ...,
    *,
    weight: str | None = None,
    shares: bool = False,
) -> pl.DataFrame: ...
def code_table(
    frame: pl.DataFrame | pl.LazyFrame | Any,
    by: str | Sequence[str] = "district",
    *,
    weight: str | None = None,
    shares: bool = False,
) -> pl.DataFrame | pl.LazyFrame:
    """The published table: one row per group, one column per closure code.

    Parameters
    ----------
    frame
        Task rows or counted rows.
    by
        Grouping column(s); default ``"district"``.
    weight
        Count column (default: ``n`` when the frame has one, else one per row).
    shares
        Put each code's share of the row total in the code columns instead of counts.

    Returns
    -------
    pl.DataFrame | pl.LazyFrame
        ``*by``, the 14 Norwegian labels in canonical order (Int64 counts, or Float64
        shares), ``total`` (Int64: tasks with a valid code) and ``uncoded`` (Int64:
        tasks whose code is missing or unknown, not in ``total``). Same kind as
        ``frame``.

    Raises
    ------
    MissingColumnError
        If there is no closure code column.
    SchemaError
        If a ``by``/``weight`` column is absent, or a count is not a non-negative
        integer.
    TypeError
        If ``frame`` is not a frame.

    Examples
    --------
    >>> import polars as pl
    >>> import po_codes as po
    >>> tasks = pl.DataFrame({"district": ["Oslo", "Oslo"], "kode": ["Utført", "Overtatt"]})
    >>> po.code_table(tasks).select("district", "Utført", "Overtatt", "total").row(0)
    ('Oslo', 1, 1, 2)
    """
    data = _Input(frame, "the frame")
    counted, keys = data.counts(by, weight)
    columns = [
        pl.col(_N).filter(pl.col("closure_code") == code.value).sum().alias(code.value)
        for code in ClosureCode
    ]
    wide = _per_group(counted, keys, [*columns, pl.col(_N).sum().alias("total")])
    labels = [code.value for code in ClosureCode]
    wide = wide.with_columns(pl.col([*labels, "total", "uncoded"]).fill_null(0).cast(pl.Int64))
    if shares:
        wide = wide.with_columns(_share(pl.col(label), pl.col("total")) for label in labels)
    return _finish(data.frame, _sorted(wide, keys).select(*keys, *labels, "total", "uncoded"))


DEMAND: Final = "ikke_kapasitet_of_demand"
"""Ikke kapasitet over (with-resource tasks + Ikke kapasitet): refused among wanted."""

INDICATORS: Final = (
    "with_resource_share",
    "ikke_kapasitet_share",
    "ingen_operative_tiltak_share",
    "falsk_melding_share",
    "sak_opprettet_share",
    DEMAND,
)
"""The share columns of :func:`indicators`, in order."""


@overload
def indicators(
    frame: pl.LazyFrame, by: str | Sequence[str] = ..., *, weight: str | None = None
) -> pl.LazyFrame: ...
@overload
def indicators(
    frame: pl.DataFrame | Any, by: str | Sequence[str] = ..., *, weight: str | None = None
) -> pl.DataFrame: ...
def indicators(
    frame: pl.DataFrame | pl.LazyFrame | Any,
    by: str | Sequence[str] = ("district", "year"),
    *,
    weight: str | None = None,
) -> pl.DataFrame | pl.LazyFrame:
    """The indicators the press and unions follow, per group.

    Parameters
    ----------
    frame
        Task rows or counted rows.
    by
        Grouping column(s); default ``("district", "year")``. Any other column works
        too, e.g. ``("district", "year", "priority")`` for each priority separately
        (raw headers such as ``"Prioritet"`` are found).
    weight
        Count column (default: ``n`` when the frame has one, else one per row).

    Returns
    -------
    pl.DataFrame | pl.LazyFrame
        ``*by, total, uncoded, with_resource_share`` (share of tasks closed with one
        of the nine with-resource codes), ``ikke_kapasitet_share`` (the capacity
        indicator), ``ingen_operative_tiltak_share``, ``falsk_melding_share`` and
        ``sak_opprettet_share``, all shares of ``total`` (coded tasks), and
        ``ikke_kapasitet_of_demand``: "Ikke kapasitet" over the tasks that wanted a
        resource (the with-resource tasks plus "Ikke kapasitet"), i.e. of the tasks
        the operations centre wanted to send a patrol to, the share that got none.
        Its denominator does not move with how many no-action tasks a district logs,
        which differs between districts and has grown over time. Shares are null
        where their denominator is 0; ``uncoded`` counts tasks with a missing or
        unknown code.

    Warns
    -----
    UserWarning
        When a DataFrame result mixes districts only of 2002 with districts only of
        2016; harmonise first (:func:`harmonize_districts`).

    Raises
    ------
    MissingColumnError
        If there is no closure code column.
    SchemaError
        If a ``by``/``weight`` column is absent, or a count is not a non-negative
        integer.
    TypeError
        If ``frame`` is not a frame.

    Examples
    --------
    >>> import polars as pl
    >>> import po_codes as po
    >>> tasks = pl.DataFrame(
    ...     {
    ...         "district": ["Oslo"] * 4,
    ...         "year": [2016] * 4,
    ...         "kode": ["Utført", "Ikke kapasitet", "Utført", "Overtatt"],
    ...     }
    ... )
    >>> po.indicators(tasks).select("total", "with_resource_share", "ikke_kapasitet_share").row(0)
    (4, 0.5, 0.25)
    """
    data = _Input(frame, "the frame")
    counted, keys = data.counts(by, weight)
    code = pl.col("closure_code")
    n = pl.col(_N)
    total = n.sum()
    with_resource = n.filter(code.to_physical() < len(ClosureCode.with_resource())).sum()
    refused = n.filter(code == ClosureCode.IKKE_KAPASITET.value).sum()
    aggregations = [
        total.alias("total"),
        _share(with_resource, total).alias("with_resource_share"),
        *(
            _share(n.filter(code == c.value).sum(), total).alias(f"{c.name.lower()}_share")
            for c in (
                ClosureCode.IKKE_KAPASITET,
                ClosureCode.INGEN_OPERATIVE_TILTAK,
                ClosureCode.FALSK_MELDING,
                ClosureCode.SAK_OPPRETTET,
            )
        ),
        _share(refused, with_resource + refused).alias(DEMAND),
    ]
    out = _per_group(counted, keys, aggregations).with_columns(
        pl.col("total", "uncoded").fill_null(0).cast(pl.Int64)
    )
    return _checked(data.frame, _sorted(out, keys).select(*keys, "total", "uncoded", *INDICATORS))


# -- districts -----------------------------------------------------------------------------


def _district_map(split: str) -> dict[str, str]:
    """Canonical 2002 and 2016 names -> harmonised 2016 unit."""
    table: dict[str, str] = {d.name: d.name for d in districts(2016)}
    for old in districts(2002):
        if old.id == _SPLIT_DISTRICT:
            continue
        table[old.name] = District.by_id(old.successors[0]).name
    if split == "combine":
        for name, unit in list(table.items()):
            if unit in {"Nordland", "Troms"}:
                table[name] = COMBINED
        table[District.by_id(_SPLIT_DISTRICT).name] = COMBINED
    elif split != "error":
        table[District.by_id(_SPLIT_DISTRICT).name] = _split_target(split)
    return table


def _split_target(split: str) -> str:
    split_district = District.by_id(_SPLIT_DISTRICT)
    target = District.get(split, generation=2016)
    if target is None or target.id not in split_district.successors:
        options = ", ".join(repr(s) for s in ("error", "combine", *split_district.successors))
        raise InvalidArgumentError(
            f"split={split!r}: Midtre Hålogaland can go to one of its successors or be "
            f"combined; use one of {options}"
        )
    return target.name


@overload
def harmonize_districts(
    frame: pl.DataFrame,
    *,
    column: str = "district",
    to: int = 2016,
    split: str = "error",
    weight: str | None = None,
) -> pl.DataFrame: ...
@overload
def harmonize_districts(
    frame: pl.LazyFrame,
    *,
    column: str = "district",
    to: int = 2016,
    split: str = "error",
    weight: str | None = None,
) -> pl.LazyFrame: ...
def harmonize_districts(
    frame: pl.DataFrame | pl.LazyFrame,
    *,
    column: str = "district",
    to: int = 2016,
    split: str = "error",
    weight: str | None = None,
) -> pl.DataFrame | pl.LazyFrame:
    """Map the 27 districts of 2002 to the 12 of 2016, so time series span the reform.

    Each 2002 district becomes the 2016 district it was merged into (2016 names map
    to themselves; spellings are canonicalised; unknown names are kept as written).
    Midtre Hålogaland was split between Nordland and Troms, so ``split`` says what to
    do with it. The registry works at district level: later moves of single
    municipalities are not modelled.

    Parameters
    ----------
    frame
        Task rows or counted rows.
    column
        The district column (raw headers such as ``"Distrikt"`` work).
    to
        Target generation; only ``2016`` is possible.
    split
        ``"error"`` (default): raise if Midtre Hålogaland occurs. ``"combine"``: report
        Nordland, Troms and every district that became part of them as one unit,
        ``"Nordland og Troms"``, in every year, so the series stays comparable. A
        2016 district id or name (``"nordland"``, ``"troms"``): assign it there.
    weight
        Count column; when given, or when the frame has a count column (``n``,
        ``antall``), rows that now share every other value are summed and a ``share``
        column is recomputed, so each harmonised district appears once per group and
        totals are preserved. The outputs of :func:`code_table` (counts) and
        :func:`indicators` are re-aggregated the same way.

    Returns
    -------
    pl.DataFrame | pl.LazyFrame
        The frame with harmonised district names. Same kind as ``frame``.

    Raises
    ------
    InvalidArgumentError
        If Midtre Hålogaland occurs with ``split="error"``, or ``to``/``split`` is
        not a possible value.
    SchemaError
        If the district column is absent.
    TypeError
        If ``frame`` is not a polars frame.

    Examples
    --------
    >>> import polars as pl
    >>> import po_codes as po
    >>> counted = pl.DataFrame({"district": ["Follo", "Romerike", "Øst"], "n": [1, 2, 3]})
    >>> po.harmonize_districts(counted).rows()
    [('Øst', 6)]
    """
    frame = as_frame(frame)
    if to != 2016 or isinstance(to, bool):
        raise InvalidArgumentError(
            f"to={to!r}: districts can only be harmonised to the 12 of 2016 (2002 districts "
            "cannot be recovered from 2016 ones)"
        )
    if not isinstance(split, str):
        raise TypeError(f"split must be a string, got {split!r}")
    if not isinstance(column, str):
        raise TypeError(f"column must be a column name (str), got {column!r}")
    table = _district_map(split)
    schema = frame.collect_schema()
    names = schema.names()
    source = _find_column(names, column, "district")
    check_dtypes({**resolve_columns(names), source: "district"}, schema)
    canonical = district_names(pl.col(source))
    if split == "error":
        _refuse_split(frame, canonical)
    lf = frame.lazy().with_columns(canonical.replace(table).alias(source))
    return _finish(frame, _reaggregate(lf, schema, weight))


_LABELS: Final = tuple(code.value for code in ClosureCode)


def _reaggregate(lf: pl.LazyFrame, schema: pl.Schema, weight: str | None) -> pl.LazyFrame:
    """Sum counted rows that now share every key; recompute the shares.

    Handles the outputs of the figures functions: long counted rows (``n``, with or
    without ``share``), :func:`code_table`'s wide counts (label columns, ``total``,
    ``uncoded``) and :func:`indicators` (shares times ``total`` are counts again).
    Task rows (no count column) are returned as they are.
    """
    names = schema.names()
    weight_column = count_column(names, weight)
    if weight_column is not None:
        shares = [n for n in names if n == "share"]
        keys = [n for n in names if n not in (weight_column, *shares)]
        summed = lf.group_by(keys, maintain_order=True).agg(
            count_expr(pl.col(weight_column), schema[weight_column]).sum().alias(weight_column)
        )
        if shares and "closure_code" in keys:
            groups = [k for k in keys if k != "closure_code"]
            share = _share(pl.col(weight_column), pl.col(weight_column).sum().over(groups or None))
            summed = summed.with_columns(share.alias("share"))
        return summed.select(names)
    wide = [n for n in (*_LABELS, "total", "uncoded") if n in names]
    if "total" in names and any(label in names for label in _LABELS):
        if any(schema[label].is_float() for label in _LABELS if label in names):
            raise InvalidArgumentError(
                "the code table holds shares (shares=True), which cannot be summed: "
                "harmonise the counts (shares=False), then compute shares"
            )
        keys = [n for n in names if n not in wide]
        return lf.group_by(keys, maintain_order=True).agg(pl.col(wide).sum()).select(names)
    share_columns = [n for n in INDICATORS if n in names and n != DEMAND]
    if "total" in names and (share_columns or DEMAND in names):
        keys = [n for n in names if n not in ("total", "uncoded", DEMAND, *share_columns)]
        counts = [(pl.col(c) * pl.col("total")).round(0).alias(c) for c in share_columns]
        summed = (
            lf.with_columns(counts)
            .group_by(keys, maintain_order=True)
            .agg(
                pl.col([c for c in ("total", "uncoded") if c in names]).sum(),
                pl.col(share_columns).sum(),
            )
        )
        return summed.with_columns(
            *(_share(pl.col(c), pl.col("total")).alias(c) for c in share_columns),
            *_demand(names),
        ).select(names)
    return lf


def _demand(names: list[str]) -> list[pl.Expr]:
    """``ikke_kapasitet_of_demand`` from summed counts (see :func:`_reaggregate`)."""
    if DEMAND not in names:
        return []
    parts = ("with_resource_share", "ikke_kapasitet_share")
    if not all(part in names for part in parts):
        raise InvalidArgumentError(
            f"{DEMAND} can only be harmonised with the with_resource_share and "
            "ikke_kapasitet_share columns it is computed from: keep them, or harmonise the "
            "tasks and compute the indicators afterwards"
        )
    with_resource, refused = pl.col(parts[0]), pl.col(parts[1])  # counts here, not shares
    return [_share(refused, with_resource + refused).alias(DEMAND)]


def _find_column(names: list[str], name: str, role: str) -> str:
    if name in names:
        return name
    mapping = resolve_columns(names)
    target = name if name in CANONICAL else _alias_keys().get(fold(name))
    for source, canonical in mapping.items():
        if canonical == target:
            return source
    shown = ", ".join(map(repr, names))
    raise SchemaError(f"{role} column {name!r} is not in the frame; it has {shown}")


def count_column(names: list[str], weight: object = None) -> str | None:
    """The count column: ``weight`` when given, else the canonical ``n`` (``antall``...)."""
    if weight is not None:
        if not isinstance(weight, str):
            raise TypeError(f"weight must be a column name (str) or None, got {weight!r}")
        return _find_column(names, weight, "weight")
    for source, target in resolve_columns(names).items():
        if target == _N:
            return source
    return None


def mixed_generations(names: Sequence[str | None]) -> tuple[list[str], list[str]]:
    """Names only of the 27 districts before 2016, and names only of the 12 of 2016.

    A name of both generations (Oslo, Agder...) and an unknown name are in neither; a
    harmonised unit such as "Nordland og Troms" counts as 2016.
    """
    old, new = set(), set()
    for name in names:
        if name is None:
            continue
        in_2016 = District.get(name, generation=2016)
        in_2002 = District.get(name, generation=2002)
        if in_2002 is not None and in_2016 is None:
            old.add(name)
        elif (in_2016 is not None and in_2002 is None) or name == COMBINED:
            new.add(name)
    return sorted(old), sorted(new)


def warn_mixed_generations(names: Sequence[str | None], *, stacklevel: int = 3) -> None:
    """Warn (UserWarning) when ``names`` mix districts only of 2002 and only of 2016.

    ``stacklevel`` 3 points at the caller of the public function that calls this.
    """
    old, new = mixed_generations(names)
    if old and new:
        warnings.warn(
            f"the frame mixes districts from before the 2016 reform ({', '.join(old)}) with "
            f"districts of 2016 ({', '.join(new)}): they are not comparable units (series "
            "break at the reform, and a 2016 district holds several old ones); harmonise "
            'first: po.harmonize_districts(tasks, split="combine")',
            UserWarning,
            stacklevel=stacklevel,
        )


def _checked(frame: Any, lf: pl.LazyFrame) -> pl.DataFrame | pl.LazyFrame:
    """:func:`_finish`, warning when an eager result mixes district generations.

    A LazyFrame is returned unchecked: checking would read the data a second time.
    """
    out = _finish(frame, lf)
    if isinstance(out, pl.DataFrame) and "district" in out.columns:
        names = out.get_column("district")
        if names.dtype == pl.String:
            warn_mixed_generations(names.unique().to_list(), stacklevel=4)
    return out


def _refuse_split(frame: pl.DataFrame | pl.LazyFrame, canonical: pl.Expr) -> None:
    name = District.by_id(_SPLIT_DISTRICT).name
    found = frame.lazy().select((canonical == name).any()).collect().item()
    if found:
        raise InvalidArgumentError(
            f"{name} occurs in the data, and it was split between Nordland and Troms in "
            "2016: pass split='combine' (one 'Nordland og Troms' unit in every year), or "
            "split='nordland' / split='troms' to assign it to one of them"
        )


# -- district against national -------------------------------------------------------------


@overload
def compare(
    frame: pl.LazyFrame,
    *,
    code: ClosureCode | str,
    by: str | Sequence[str] = "district",
    weight: str | None = None,
    level: float = 0.95,
    method: str = "random_effects",
) -> pl.LazyFrame: ...
@overload
def compare(
    frame: pl.DataFrame | Any,
    *,
    code: ClosureCode | str,
    by: str | Sequence[str] = "district",
    weight: str | None = None,
    level: float = 0.95,
    method: str = "random_effects",
) -> pl.DataFrame: ...
def compare(
    frame: pl.DataFrame | pl.LazyFrame | Any,
    *,
    code: ClosureCode | str,
    by: str | Sequence[str] = "district",
    weight: str | None = None,
    level: float = 0.95,
    method: str = "random_effects",
) -> pl.DataFrame | pl.LazyFrame:
    """Compare each unit's share of one code with the other units: a funnel plot.

    The first ``by`` column is the unit (by default the district); the other ``by``
    columns form groups (``by=("district", "year")``: each year separately). ``flag``
    is ``"above"`` when the unit's share is above its upper limit: higher than chance
    *and* the usual spread between units explain; ``"below"`` likewise; else
    ``"within"``. A signal to look closer, not a ranking or a verdict.

    ``method="random_effects"`` (default) compares each unit with the *other* units of
    its group, allowing for chance and for their usual spread ``tau``: limits
    ``p0 ± t * sqrt(p0 (1 - p0) / N + tau**2 + se(p0)**2)``, a prediction interval
    (Higgins, Thompson and Spiegelhalter 2009), so an ordinary unit is flagged about
    ``1 - level`` of the time whatever its size. ``"overdispersed"`` widens binomial
    limits by ``sqrt(phi)`` (Spiegelhalter 2005) and flags large units far more often
    than small ones; ``"binomial"`` is chance alone. Formulas and a simulation: the
    "Comparing districts" page of the documentation.

    Parameters
    ----------
    frame
        Task rows or counted rows.
    code
        The closure code, in any spelling :meth:`ClosureCode.parse` accepts.
    by
        The unit column, then grouping columns (default ``"district"``).
    weight
        Count column (default: ``n`` when the frame has one, else one per row).
    level
        Level of the funnel limits and intervals, strictly between 0 and 1: 0.95
        (default) or 0.998 for the outer funnel.
    method
        ``"random_effects"`` (default), ``"overdispersed"`` or ``"binomial"``.

    Returns
    -------
    pl.DataFrame | pl.LazyFrame
        One row per unit: ``*by, n, total, share, national_share`` (the group's
        pooled share), ``ci_low, ci_high`` (Wilson interval of ``share``), ``z``
        (binomial, against ``national_share``), ``phi`` (overdispersed: the group's
        factor; binomial: 1; random effects: null), ``tau`` (random effects: the
        between-unit standard deviation of the unit's reference, 0.01 = 1 percentage
        point; binomial: 0; overdispersed: null), ``level, limit_low, limit_high,
        flag``. Share, intervals and flag are null for a unit with no coded tasks;
        with random effects, limits, ``tau`` and flag are null in a group of fewer
        than 4 units with tasks. Same kind as ``frame``; :func:`funnel_curve` draws
        the limits as curves.

    Warns
    -----
    UserWarning
        When a DataFrame result mixes districts only of 2002 with districts only of
        2016; harmonise first (:func:`harmonize_districts`).

    Raises
    ------
    UnknownCodeError
        If ``code`` is not a closure code.
    InvalidArgumentError
        If ``level`` is not strictly between 0 and 1, or ``method`` is unknown.
    MissingColumnError
        If there is no closure code column.
    SchemaError
        If a ``by``/``weight`` column is absent, or a count is not a non-negative
        integer.
    TypeError
        If ``frame`` is not a frame.

    Examples
    --------
    >>> import polars as pl
    >>> import po_codes as po
    >>> tasks = pl.DataFrame(
    ...     {
    ...         "district": ["Oslo"] * 10 + ["Vest"] * 10,
    ...         "kode": ["Ikke kapasitet"] * 9 + ["Utført"] * 11,
    ...     }
    ... )
    >>> po.compare(tasks, code="ikke kapasitet", method="binomial")["flag"].to_list()
    ['above', 'below']
    >>> po.compare(tasks, code="ikke kapasitet")["flag"].to_list()  # two units: no spread
    [None, None]
    """
    target = ClosureCode.parse(code)
    data = _Input(frame, "the frame")
    counted, keys = data.counts(by, weight)
    if not keys:
        raise InvalidArgumentError("by must name at least the unit column, e.g. 'district'")
    hits = pl.col(_N).filter(pl.col("closure_code") == target.value).sum()
    aggregations = [hits.cast(pl.Int64).alias("n"), pl.col(_N).sum().cast(pl.Int64).alias("total")]
    units = (
        _per_group(counted, keys, aggregations)
        .with_columns(pl.col("n", "total").fill_null(0))
        .drop("uncoded")
    )
    out = funnel_stats(_sorted(units, keys), groups=keys[1:], level=level, method=method)
    columns = [*keys, "n", "total", *OUTPUT_COLUMNS]
    return _checked(data.frame, _sorted(out, keys).select(columns))
