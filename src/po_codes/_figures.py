"""PO figures: counts, shares, indicators, harmonised districts, district vs national.

Every function reads task-level rows or already-counted rows (``weight="n"``),
accepts raw Norwegian headers through the aliases, and returns the kind of frame it
was given. The rows are grouped once by ``(*by, closure_code)``; everything else
(zero-filling, shares, wide tables, intervals) works on that small counted result.

Tasks whose closure code is missing or not one of the 14 are not counted: run
:func:`po_codes.validate` to find them.
"""

from __future__ import annotations

from statistics import NormalDist
from typing import TYPE_CHECKING, Final, overload

import polars as pl

from po_codes._codes import CLOSURE_CODE_DTYPE, ClosureCode
from po_codes._columns import CANONICAL, _alias_keys, resolve_columns
from po_codes._districts import District, districts, parse_districts
from po_codes._errors import InvalidArgumentError, SchemaError
from po_codes._normalize import (
    check_dtypes,
    check_frame,
    parse_counts,
    parse_datetimes,
    parse_text,
    require_closure_code,
    value_parser,
)
from po_codes._text import fold

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["code_table", "compare", "figures", "harmonize_districts", "indicators"]

COMBINED: Final = "Nordland og Troms"
"""The unit ``harmonize_districts(split="combine")`` reports for Nordland and Troms."""
_SPLIT_DISTRICT: Final = "midtre-halogaland"
_N: Final = "n"
_W: Final = "__po_weight"


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


class _Input:
    """Resolves the columns a figures function needs and reads them once."""

    def __init__(self, frame: pl.DataFrame | pl.LazyFrame, what: str) -> None:
        check_frame(frame)
        self.frame = frame
        self.schema = frame.collect_schema()
        self.names = self.schema.names()
        self.mapping = resolve_columns(self.names)
        self.canonical = {target: source for source, target in self.mapping.items()}
        require_closure_code(self.mapping, self.names, what)
        check_dtypes(self.mapping, self.schema)

    def resolve(self, name: str, role: str) -> tuple[str, pl.Expr, pl.Expr | None]:
        """Return the output name, the per-row expression, and a reading of its values.

        The reading (canonical district names, parsed years...) is applied after the
        rows are grouped, to the few distinct values only.
        """
        if name in self.names and name not in self.mapping:
            return name, pl.col(name), None
        target = name if name in CANONICAL else _alias_keys().get(fold(name))
        if target is not None and target in self.canonical:
            source = self.canonical[target]
            dtype = self.schema[source]
            if target == "district":
                read = pl.coalesce(parse_districts(pl.col(target)), parse_text(target))
            else:
                read = value_parser(target, target, dtype)
            return target, pl.col(source), read.alias(target)
        if target == "year" and "created_at" in self.canonical:
            source = self.canonical["created_at"]
            created = parse_datetimes(pl.col(source), self.schema[source])
            return "year", created.dt.year().cast(pl.Int32), None
        shown = ", ".join(map(repr, self.names))
        raise SchemaError(f"{role} column {name!r} is not in the frame; it has {shown}")

    def weight(self, weight: object) -> pl.Expr:
        if weight is None:
            return pl.lit(1, pl.Int64)
        if not isinstance(weight, str):
            raise TypeError(f"weight must be a column name (str) or None, got {weight!r}")
        _, expr, _ = self.resolve(weight, "weight")
        return parse_counts(expr).fill_null(0)

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
        code_dtype = self.schema[code_source]
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
        readings.append(
            value_parser("closure_code", "closure_code", code_dtype).alias("closure_code")
        )
        counted = written.with_columns(readings).group_by(group).agg(pl.col(_N).sum())
        return counted, keys


def _finish(frame: pl.DataFrame | pl.LazyFrame, lf: pl.LazyFrame) -> pl.DataFrame | pl.LazyFrame:
    return lf.collect() if isinstance(frame, pl.DataFrame) else lf


def _share(numerator: pl.Expr, total: pl.Expr) -> pl.Expr:
    """``numerator / total``, null where the total is 0 (never a division by zero)."""
    return pl.when(total > 0).then(numerator / total).otherwise(None).cast(pl.Float64)


def _per_group(counted: pl.LazyFrame, keys: list[str], aggregations: list[pl.Expr]) -> pl.LazyFrame:
    """Aggregate the counted rows with a valid code per group; every group present is kept.

    A group whose tasks all have a missing or unknown code gets null aggregations.
    """
    valid = counted.filter(pl.col("closure_code").is_not_null())
    if not keys:
        return valid.select(aggregations)
    out = valid.group_by(keys).agg(aggregations)
    return counted.select(keys).unique().join(out, on=keys, how="left", nulls_equal=True)


def _sorted(lf: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    return lf.sort(keys, nulls_last=True, maintain_order=True) if keys else lf


# -- figures -------------------------------------------------------------------------------


@overload
def figures(
    frame: pl.DataFrame, by: str | Sequence[str] = ..., *, weight: str | None = None
) -> pl.DataFrame: ...
@overload
def figures(
    frame: pl.LazyFrame, by: str | Sequence[str] = ..., *, weight: str | None = None
) -> pl.LazyFrame: ...
def figures(
    frame: pl.DataFrame | pl.LazyFrame,
    by: str | Sequence[str] = ("district", "year"),
    *,
    weight: str | None = None,
) -> pl.DataFrame | pl.LazyFrame:
    """Count tasks per closure code: the long form of the published PO figures.

    Parameters
    ----------
    frame
        Task rows, or counted rows with ``weight``; raw Norwegian headers work.
    by
        Grouping columns (``"district"``, ``"year"``, any other column); ``year`` is
        taken from ``created_at`` when there is no year column. ``()`` counts the
        whole frame.
    weight
        Column holding counts, for already-counted tables (e.g. ``"n"``, ``"Antall"``).

    Returns
    -------
    pl.DataFrame | pl.LazyFrame
        ``*by, closure_code, n, share``: every group present gets all 14 codes in
        canonical order (``n = 0`` where absent); ``n`` is Int64 and ``share`` is
        ``n`` over the group's total (the shares of a group sum to 1; a group whose
        total is 0 gets null shares). District names are canonical. Tasks whose code
        is missing or unknown are not counted. Same kind of frame as ``frame``.

    Raises
    ------
    SchemaError
        If there is no closure code column, or a ``by``/``weight`` column is absent.
    TypeError
        If ``frame`` is not a polars frame.

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
    return _finish(frame, _long(counted, keys))


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
    frame: pl.DataFrame,
    by: str | Sequence[str] = ...,
    *,
    weight: str | None = None,
    shares: bool = False,
) -> pl.DataFrame: ...
@overload
def code_table(
    frame: pl.LazyFrame,
    by: str | Sequence[str] = ...,
    *,
    weight: str | None = None,
    shares: bool = False,
) -> pl.LazyFrame: ...
def code_table(
    frame: pl.DataFrame | pl.LazyFrame,
    by: str | Sequence[str] = "district",
    *,
    weight: str | None = None,
    shares: bool = False,
) -> pl.DataFrame | pl.LazyFrame:
    """The published table: one row per group, one column per closure code.

    Parameters
    ----------
    frame
        Task rows, or counted rows with ``weight``.
    by
        Grouping column(s); default ``"district"``.
    weight
        Count column of an already-counted table.
    shares
        Put each code's share of the row total in the code columns instead of counts.

    Returns
    -------
    pl.DataFrame | pl.LazyFrame
        ``*by``, the 14 Norwegian labels in canonical order (Int64 counts, or Float64
        shares), and ``total`` (Int64: tasks with a valid code). Same kind as ``frame``.

    Raises
    ------
    SchemaError
        If there is no closure code column, or a ``by``/``weight`` column is absent.
    TypeError
        If ``frame`` is not a polars frame.

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
    wide = wide.with_columns(pl.col([*labels, "total"]).fill_null(0).cast(pl.Int64))
    if shares:
        wide = wide.with_columns(_share(pl.col(label), pl.col("total")) for label in labels)
    return _finish(frame, _sorted(wide, keys).select(*keys, *labels, "total"))


@overload
def indicators(
    frame: pl.DataFrame, by: str | Sequence[str] = ..., *, weight: str | None = None
) -> pl.DataFrame: ...
@overload
def indicators(
    frame: pl.LazyFrame, by: str | Sequence[str] = ..., *, weight: str | None = None
) -> pl.LazyFrame: ...
def indicators(
    frame: pl.DataFrame | pl.LazyFrame,
    by: str | Sequence[str] = ("district", "year"),
    *,
    weight: str | None = None,
) -> pl.DataFrame | pl.LazyFrame:
    """The indicators the press and unions follow, per group.

    Returns
    -------
    pl.DataFrame | pl.LazyFrame
        ``*by, total, with_resource_share`` (share of tasks closed with one of the
        nine with-resource codes), ``ikke_kapasitet_share`` (the capacity indicator),
        ``ingen_operative_tiltak_share``, ``falsk_melding_share`` and
        ``sak_opprettet_share``. Shares are null where the total is 0.

    Raises
    ------
    SchemaError
        If there is no closure code column, or a ``by``/``weight`` column is absent.
    TypeError
        If ``frame`` is not a polars frame.

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
    aggregations = [
        total.alias("total"),
        _share(n.filter(code.to_physical() < len(ClosureCode.with_resource())).sum(), total).alias(
            "with_resource_share"
        ),
        *(
            _share(n.filter(code == c.value).sum(), total).alias(f"{c.name.lower()}_share")
            for c in (
                ClosureCode.IKKE_KAPASITET,
                ClosureCode.INGEN_OPERATIVE_TILTAK,
                ClosureCode.FALSK_MELDING,
                ClosureCode.SAK_OPPRETTET,
            )
        ),
    ]
    out = _per_group(counted, keys, aggregations).with_columns(
        pl.col("total").fill_null(0).cast(pl.Int64)
    )
    return _finish(frame, _sorted(out, keys))


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
        ``antall``), rows that now share every other value are summed, so each
        harmonised district appears once per group and totals are preserved.

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
    check_frame(frame)
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
    canonical = pl.coalesce(parse_districts(pl.col(source)), parse_text(source))
    if split == "error":
        _refuse_split(frame, canonical)
    mapped = canonical.replace(table).alias(source)
    lf = frame.lazy().with_columns(mapped)
    weight_column = _count_column(names, weight)
    if weight_column is not None:
        others = [name for name in names if name != weight_column]
        lf = lf.group_by(others, maintain_order=True).agg(
            parse_counts(pl.col(weight_column), schema[weight_column])
            .fill_null(0)
            .sum()
            .alias(weight_column)
        )
        lf = lf.select(names)
    return _finish(frame, lf)


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


def _count_column(names: list[str], weight: str | None) -> str | None:
    if weight is not None:
        if not isinstance(weight, str):
            raise TypeError(f"weight must be a column name (str) or None, got {weight!r}")
        return _find_column(names, weight, "weight")
    for source, target in resolve_columns(names).items():
        if target == _N:
            return source
    return None


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
    frame: pl.DataFrame,
    *,
    code: ClosureCode | str,
    by: str | Sequence[str] = "district",
    weight: str | None = None,
    level: float = 0.95,
) -> pl.DataFrame: ...
@overload
def compare(
    frame: pl.LazyFrame,
    *,
    code: ClosureCode | str,
    by: str | Sequence[str] = "district",
    weight: str | None = None,
    level: float = 0.95,
) -> pl.LazyFrame: ...
def compare(
    frame: pl.DataFrame | pl.LazyFrame,
    *,
    code: ClosureCode | str,
    by: str | Sequence[str] = "district",
    weight: str | None = None,
    level: float = 0.95,
) -> pl.DataFrame | pl.LazyFrame:
    """Compare each district's share of one code with the national share.

    For each unit (by default each district) the share of ``code`` gets a Wilson
    score interval at ``level``; ``flag`` says whether the national share lies below
    the interval (``"above"``: the district's share is higher than chance explains),
    above it (``"below"``), or inside it (``"within"``). ``limit_low``/``limit_high``
    are funnel-plot control limits around the national share for the unit's size
    (normal approximation). Read them as control limits, not as a ranking: with
    many districts, about 1 in 20 falls outside 95% limits by chance.

    Parameters
    ----------
    frame
        Task rows, or counted rows with ``weight``.
    code
        The closure code, in any spelling :meth:`ClosureCode.parse` accepts.
    by
        The units to compare (default ``"district"``).
    weight
        Count column of an already-counted table.
    level
        Confidence level of the intervals and limits, strictly between 0 and 1.

    Returns
    -------
    pl.DataFrame | pl.LazyFrame
        ``*by, n, total, share, national_share, ci_low, ci_high, flag, limit_low,
        limit_high``; ``share``, intervals and ``flag`` are null for a unit with no
        tasks. Same kind as ``frame``.

    Raises
    ------
    UnknownCodeError
        If ``code`` is not a closure code.
    InvalidArgumentError
        If ``level`` is not strictly between 0 and 1.
    SchemaError
        If there is no closure code column, or a ``by``/``weight`` column is absent.
    TypeError
        If ``frame`` is not a polars frame.

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
    >>> po.compare(tasks, code="ikke kapasitet")["flag"].to_list()
    ['above', 'below']
    """
    target = ClosureCode.parse(code)
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 < level < 1:  # type: ignore[redundant-expr]
        raise InvalidArgumentError(f"level must be strictly between 0 and 1, got {level!r}")
    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    data = _Input(frame, "the frame")
    counted, keys = data.counts(by, weight)
    hits = pl.col(_N).filter(pl.col("closure_code") == target.value).sum()
    aggregations = [hits.cast(pl.Int64).alias("n"), pl.col(_N).sum().cast(pl.Int64).alias("total")]
    units = _per_group(counted, keys, aggregations).with_columns(pl.col("n", "total").fill_null(0))
    n, total = pl.col("n"), pl.col("total")
    p = _share(n, total)
    national = _share(n.sum(), total.sum())
    z2 = z * z
    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    half = z * ((p * (1 - p) / total + z2 / (4 * total * total)).sqrt()) / (1 + z2 / total)
    spread = z * (pl.col("national_share") * (1 - pl.col("national_share")) / total).sqrt()
    out = (
        units.with_columns(share=p, national_share=national)
        .with_columns(
            ci_low=pl.when(total > 0).then((centre - half).clip(0.0, 1.0)),
            ci_high=pl.when(total > 0).then((centre + half).clip(0.0, 1.0)),
            limit_low=pl.when(total > 0).then((pl.col("national_share") - spread).clip(0.0, 1.0)),
            limit_high=pl.when(total > 0).then((pl.col("national_share") + spread).clip(0.0, 1.0)),
        )
        .with_columns(
            flag=pl.when(total == 0)
            .then(None)
            .when(pl.col("ci_low") > pl.col("national_share"))
            .then(pl.lit("above"))
            .when(pl.col("ci_high") < pl.col("national_share"))
            .then(pl.lit("below"))
            .otherwise(pl.lit("within"))
        )
    )
    columns = [
        *keys,
        "n",
        "total",
        "share",
        "national_share",
        "ci_low",
        "ci_high",
        "flag",
        "limit_low",
        "limit_high",
    ]
    return _finish(frame, _sorted(out, keys).select(columns))
