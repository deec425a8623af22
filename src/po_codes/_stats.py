"""Funnel-plot statistics: Wilson intervals, z-scores, between-unit spread and limits.

:func:`funnel_stats` works on one row per unit (a district, a district and year...)
that already carries ``n`` (tasks with the code) and ``total`` (all tasks). It is the
statistical core of ``po.compare``; everything is a polars expression, so it runs
lazily and in one pass, whatever the number of units and groups. :func:`funnel_curve`
draws the same limits as smooth curves of the number of tasks, for plots.

One formula gives every funnel limit, with ``p0`` the reference share, ``N`` the
unit's total and ``q`` a quantile at ``(1 + level) / 2``::

    p0 ± q * sqrt(phi * p0 (1 - p0) / N + tau**2 + se**2)

``method="random_effects"`` (the default): ``phi = 1`` and, for each unit, from the
*other* units of its group (leave-one-out; ``m`` of them, with totals ``N_j`` and
counts ``n_j``):

- ``p0 = sum(n_j) / sum(N_j)``, their pooled share, and ``c = p0 (1 - p0)``;
- ``tau**2``, the DerSimonian-Laird estimate of the between-unit variance of the true
  shares, with within-unit variances ``c / N_j`` (weights ``N_j / c``)::

      Q = sum(N_j (p_j - p0)**2) / c
      tau**2 = max(0, c (Q - (m - 1)) / (S - sum(N_j**2) / S)),   S = sum(N_j)

- ``se**2 = c / S + tau**2 * sum(N_j**2) / S**2``, the variance of ``p0`` when the
  true shares vary by ``tau`` (a pooled share weighs units by size);
- ``q`` the Student-t quantile with ``m - 2`` degrees of freedom.

This is the prediction interval of Higgins, Thompson and Spiegelhalter (2009) for a
new unit's share: an ordinary unit falls outside it with probability about
``1 - level`` *whatever its size*. A unit never enters its own reference, so an
outlier can neither inflate ``tau`` nor pull ``p0`` towards itself. Fewer than 3 other
units with tasks: no limits (null), the spread cannot be estimated.

``method="overdispersed"``: ``p0`` the group's pooled share, ``tau = se = 0``, ``q``
the normal quantile and ``phi`` the multiplicative overdispersion (Spiegelhalter 2005):
with ``K`` z-scores in the group (``K < 3``: ``phi = 1``), the ``g = floor(0.1 K)``
smallest are replaced by the ``(g+1)``-th smallest and the ``g`` largest by the
``(g+1)``-th largest (winsorising by count), and ``phi = max(1, sum(z_w**2) / K)``.
One ``phi`` cannot fit units of very different sizes when the true shares vary
additively: it flags large units too often and small ones too rarely.

``method="binomial"``: ``phi = 1``, ``tau = se = 0``, ``q`` the normal quantile.

The Wilson score interval of each unit's own share, ``p = share``, ``z = z_level``::

    centre = (p + z**2 / (2 N)) / (1 + z**2 / N)
    half = z * sqrt(p (1 - p) / N + z**2 / (4 N**2)) / (1 + z**2 / N)

References
----------
D. J. Spiegelhalter (2005), "Funnel plots for comparing institutional performance",
*Statistics in Medicine* 24:1185-1202.
R. DerSimonian and N. Laird (1986), "Meta-analysis in clinical trials", *Controlled
Clinical Trials* 7:177-188.
J. P. T. Higgins, S. G. Thompson and D. J. Spiegelhalter (2009), "A re-evaluation of
random-effects meta-analysis", *J. R. Statist. Soc. A* 172:137-159.
"""

from __future__ import annotations

from collections.abc import Callable
from statistics import NormalDist
from typing import Final

import polars as pl

from po_codes._errors import InvalidArgumentError, SchemaError
from po_codes._student_t import t_quantile_expr

__all__ = ["METHODS", "OUTPUT_COLUMNS", "funnel_curve", "funnel_stats"]

METHODS: Final = ("random_effects", "overdispersed", "binomial")
"""The values ``method`` accepts; the first is the default."""

OUTPUT_COLUMNS: Final = (
    "share",
    "national_share",
    "ci_low",
    "ci_high",
    "z",
    "phi",
    "tau",
    "level",
    "limit_low",
    "limit_high",
    "flag",
)
"""The columns :func:`funnel_stats` appends, in this order."""

WINSOR: Final = 0.10
"""Fraction of the z-scores, by count (rounded down), winsorised in each tail for phi."""

MIN_UNITS: Final = 3
"""Fewest units with a z-score for which phi is estimated; below it phi is 1."""

MIN_REFERENCE: Final = 3
"""Fewest other units with tasks a random-effects reference needs (t has m - 2 df)."""

_Z_W: Final = "__po_codes_winsorised_z"
_RANK: Final = "__po_codes_z_rank"
_LOW_RANK: Final = "__po_codes_low_rank"
_HIGH_RANK: Final = "__po_codes_high_rank"
_REF: Final = "__po_codes_reference_"
_REF_NAMES: Final = ("p0", "tau2", "se2", "q")
_TEMPORARY: Final = (_Z_W, _RANK, _LOW_RANK, _HIGH_RANK, *(_REF + name for name in _REF_NAMES))

Over = Callable[[pl.Expr], pl.Expr]


def funnel_stats(
    units: pl.LazyFrame,
    *,
    groups: list[str],
    level: float = 0.95,
    method: str = "random_effects",
) -> pl.LazyFrame:
    """Add shares, Wilson intervals, z-scores and funnel-plot limits to one row per unit.

    The formulas are in the module documentation.

    Parameters
    ----------
    units
        One row per unit: any key columns, plus ``n`` (count of the code in the unit)
        and ``total`` (all tasks in the unit), both integer counts.
    groups
        Columns forming the groups within which units are compared (for example
        ``["year"]``); an empty list makes the whole frame one group.
    level
        Level of the Wilson intervals and of the funnel limits, strictly between 0 and 1.
    method
        ``"random_effects"`` (default), ``"overdispersed"`` or ``"binomial"``.

    Returns
    -------
    pl.LazyFrame
        The input columns, in their order and row order, followed by ``share``
        (``n / total``), ``national_share`` (the group's pooled share), ``ci_low``,
        ``ci_high`` (Wilson), ``z`` (against ``national_share``, binomial), ``phi``
        (overdispersed: the group's factor, at least 1; binomial: 1; random effects:
        null), ``tau`` (random effects: the between-unit standard deviation of the
        unit's reference, in share units; binomial: 0; overdispersed: null),
        ``level``, ``limit_low``, ``limit_high`` (clipped to [0, 1]) and ``flag``
        (``"above"``, ``"below"`` or ``"within"``). Everything but the national share,
        phi and level is null for a unit whose ``total`` is 0; limits, tau and flag are
        null for a random-effects unit with fewer than 3 other units with tasks.

    Raises
    ------
    InvalidArgumentError
        If ``level`` is not a number strictly between 0 and 1, if ``method`` is not one
        of :data:`METHODS`, or if ``groups`` is not a list of column names.
    SchemaError
        If ``n``, ``total`` or a ``groups`` column is missing or not numeric, or if
        the input already has one of the output columns.

    Examples
    --------
    >>> import polars as pl
    >>> units = pl.LazyFrame({"district": ["A", "B", "C"], "n": [9, 1, 5], "total": [10, 10, 10]})
    >>> out = funnel_stats(units, groups=[], method="binomial").collect()
    >>> out["national_share"].to_list()
    [0.5, 0.5, 0.5]
    >>> out["flag"].to_list()
    ['above', 'below', 'within']
    """
    groups = _check_arguments(level, method, groups)
    lf = units.lazy()
    schema = lf.collect_schema()
    _check_schema(schema, groups)
    over = _over(groups)
    described = _described(lf, over, level)
    if method == "random_effects":
        limited = _random_effects(described, over, level)
    else:
        limited = _overdispersed(described, over, level, binomial=method == "binomial")
    out = _flagged(limited.with_columns(level=pl.lit(float(level), dtype=pl.Float64)))
    return out.select(*schema.names(), *OUTPUT_COLUMNS)


def _check_arguments(level: object, method: object, groups: object) -> list[str]:
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 < level < 1:
        raise InvalidArgumentError(
            f"level must be a number strictly between 0 and 1, got {level!r}"
        )
    if not isinstance(method, str) or method not in METHODS:
        raise InvalidArgumentError(
            f"method must be one of {', '.join(repr(m) for m in METHODS)}, got {method!r}"
        )
    if not isinstance(groups, list | tuple) or not all(isinstance(g, str) for g in groups):
        raise InvalidArgumentError(f"groups must be a list of column names, got {groups!r}")
    return list(groups)


def _over(groups: list[str]) -> Over:
    """``expr`` computed within the unit's group (the whole frame if no groups)."""

    def over(expr: pl.Expr) -> pl.Expr:
        return expr.over(groups) if groups else expr

    return over


_N: Final = pl.col("n").cast(pl.Float64)
_TOTAL: Final = pl.col("total").cast(pl.Float64)
_HAS_TASKS: Final = pl.col("total") > 0


def _described(lf: pl.LazyFrame, over: Over, level: float) -> pl.LazyFrame:
    """Add ``share``, ``national_share``, the Wilson interval and ``z``."""
    z_level = NormalDist().inv_cdf((1 + level) / 2)
    z2 = z_level * z_level
    p, p0, total = pl.col("share"), pl.col("national_share"), _TOTAL
    group_total = over(_TOTAL.filter(_HAS_TASKS).sum())
    group_n = over(_N.filter(_HAS_TASKS).sum())
    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    half = z_level * (p * (1 - p) / total + z2 / (4 * total * total)).sqrt() / (1 + z2 / total)
    return lf.with_columns(
        share=pl.when(_HAS_TASKS).then(_N / _TOTAL).cast(pl.Float64),
        national_share=pl.when(group_total > 0).then(group_n / group_total).cast(pl.Float64),
    ).with_columns(
        ci_low=pl.when(_HAS_TASKS).then((centre - half).clip(0.0, 1.0)),
        ci_high=pl.when(_HAS_TASKS).then((centre + half).clip(0.0, 1.0)),
        z=pl.when(_HAS_TASKS & (p0 > 0) & (p0 < 1)).then((p - p0) / (p0 * (1 - p0) / total).sqrt()),
    )


def half_width(
    q: pl.Expr | float,
    p0: pl.Expr,
    total: pl.Expr,
    *,
    phi: pl.Expr | float = 1.0,
    tau2: pl.Expr | float = 0.0,
    se2: pl.Expr | float = 0.0,
) -> pl.Expr:
    """``q * sqrt(phi * p0 (1 - p0) / total + tau2 + se2)``: every funnel limit's half width."""
    return q * (phi * p0 * (1 - p0) / total + tau2 + se2).sqrt()


def _limits(centre: pl.Expr, half: pl.Expr, valid: pl.Expr) -> dict[str, pl.Expr]:
    return {
        "limit_low": pl.when(valid).then((centre - half).clip(0.0, 1.0)).cast(pl.Float64),
        "limit_high": pl.when(valid).then((centre + half).clip(0.0, 1.0)).cast(pl.Float64),
    }


def reference(
    n: pl.Expr, s: pl.Expr, t: pl.Expr, a: pl.Expr, *, m: pl.Expr, level: float
) -> dict[str, pl.Expr]:
    """The random-effects reference of ``m`` units from their sums.

    ``n = sum(n_j)``, ``s = sum(N_j)``, ``t = sum(N_j**2)``, ``a = sum(n_j**2 / N_j)``.
    Returns ``p0``, ``tau2``, ``se2`` and ``q`` (null when ``m < MIN_REFERENCE``).
    """
    valid = (m >= MIN_REFERENCE) & (s > 0)
    p0 = n / s
    c = p0 * (1 - p0)
    # Q * c = sum(N_j (p_j - p0)**2) = a - n**2 / s
    tau2 = pl.max_horizontal((a - n * n / s - (m - 1) * c) / (s - t / s), pl.lit(0.0))
    return {
        "p0": pl.when(valid).then(p0),
        "tau2": pl.when(valid).then(tau2),
        "se2": pl.when(valid).then(c / s + tau2 * t / (s * s)),
        "q": pl.when(valid).then(t_quantile_expr(m - 2, (1 + level) / 2)),
    }


def _random_effects(lf: pl.LazyFrame, over: Over, level: float) -> pl.LazyFrame:
    """Leave-one-out random-effects limits: each unit against the other units."""

    def others(expr: pl.Expr) -> pl.Expr:
        """The group's sum of ``expr`` over units with tasks, less the unit's own."""
        own = pl.when(_HAS_TASKS).then(expr).otherwise(0.0)
        return over(own.sum()) - own

    ref = reference(
        others(_N),
        others(_TOTAL),
        others(_TOTAL * _TOTAL),
        others(_N * _N / _TOTAL),
        m=others(pl.lit(1.0)),
        level=level,
    )
    tau2, p0, q = pl.col(_REF + "tau2"), pl.col(_REF + "p0"), pl.col(_REF + "q")
    half = half_width(q, p0, _TOTAL, tau2=tau2, se2=pl.col(_REF + "se2"))
    valid = _HAS_TASKS & q.is_not_null()
    return (
        lf.with_columns(**{_REF + name: expr for name, expr in ref.items()})
        .with_columns(
            phi=pl.lit(None, dtype=pl.Float64),
            tau=pl.when(valid).then(tau2.sqrt()).cast(pl.Float64),
            **_limits(p0, half, valid),
        )
        .drop([_REF + name for name in ref])
    )


def _overdispersed(lf: pl.LazyFrame, over: Over, level: float, *, binomial: bool) -> pl.LazyFrame:
    """Limits around the group's pooled share, widened by ``sqrt(phi)``."""
    q = NormalDist().inv_cdf((1 + level) / 2)
    z = pl.col("z")
    if binomial:
        phi: pl.Expr = pl.lit(1.0, dtype=pl.Float64)
        tau: pl.Expr = pl.lit(0.0, dtype=pl.Float64)
    else:
        k = over(z.count())
        phi_hat = over((pl.col(_Z_W) ** 2).sum()) / k
        phi = pl.when(k >= MIN_UNITS).then(pl.max_horizontal(phi_hat, pl.lit(1.0))).otherwise(1.0)
        tau = pl.lit(None, dtype=pl.Float64)
    # Winsorise by count: g = floor(0.1 K) values in each tail take the next value in.
    # The ranks of the two values are columns first (polars 1.30 cannot nest windows).
    count = over(z.count()).cast(pl.Int64)
    g = (count.cast(pl.Float64) * WINSOR).floor().cast(pl.Int64)
    rank, low_rank, high_rank = pl.col(_RANK), pl.col(_LOW_RANK), pl.col(_HIGH_RANK)
    lower = over(z.filter(rank == low_rank).first())
    upper = over(z.filter(rank == high_rank).first())
    half = half_width(q, pl.col("national_share"), _TOTAL, phi=pl.col("phi"))
    return (
        lf.with_columns(
            over(z.rank("ordinal")).cast(pl.Int64).alias(_RANK),
            (g + 1).alias(_LOW_RANK),
            (count - g).alias(_HIGH_RANK),
        )
        .with_columns(z.clip(lower, upper).alias(_Z_W))
        .with_columns(phi=phi.cast(pl.Float64), tau=tau)
        .with_columns(**_limits(pl.col("national_share"), half, _HAS_TASKS))
        .drop(_Z_W, _RANK, _LOW_RANK, _HIGH_RANK)
    )


def _flagged(lf: pl.LazyFrame) -> pl.LazyFrame:
    p = pl.col("share")
    return lf.with_columns(
        flag=pl.when(~_HAS_TASKS | pl.col("limit_high").is_null())
        .then(pl.lit(None, dtype=pl.String))
        .when(p > pl.col("limit_high"))
        .then(pl.lit("above"))
        .when(p < pl.col("limit_low"))
        .then(pl.lit("below"))
        .otherwise(pl.lit("within"))
    )


def _check_schema(schema: pl.Schema, groups: list[str]) -> None:
    """Raise :class:`SchemaError` unless the columns ``funnel_stats`` needs are usable."""
    for name in ("n", "total"):
        if name not in schema:
            raise SchemaError(
                f"funnel_stats needs a {name!r} column; the frame has {schema.names()}"
            )
        if not schema[name].is_numeric():
            raise SchemaError(f"column {name!r} must be numeric, got {schema[name]}")
    missing = [g for g in groups if g not in schema]
    if missing:
        raise SchemaError(f"groups names absent columns {missing}; the frame has {schema.names()}")
    clash = [c for c in (*OUTPUT_COLUMNS, *_TEMPORARY) if c in schema]
    if clash:
        raise SchemaError(f"the frame already has output column(s) {clash}; drop or rename them")


# -- funnel curves --------------------------------------------------------------------------

_KNOWN: Final = ("n", "total", *OUTPUT_COLUMNS)
_CURVE_NEEDS: Final = ("n", "total", "national_share", "phi", "tau", "level", "flag")
_GRID: Final = "__po_codes_grid"
_SPAN: Final = 2.0
"""The curves run from the smallest total / _SPAN to the largest total * _SPAN."""


def funnel_curve(compare_frame: pl.DataFrame | pl.LazyFrame, *, points: int = 100) -> pl.DataFrame:
    """The funnel limits of a :func:`po_codes.compare` frame as smooth curves of the total.

    For each group of the frame (the ``by`` columns after the unit, e.g. each year)
    and each ``level`` in it, the limits a unit of any size would get, at ``points``
    totals evenly spaced on a log scale from half the group's smallest total to twice
    its largest. The formula is the one ``compare`` used (see :mod:`po_codes._stats`),
    with the method read from the frame (``phi`` null: random effects, else
    ``sqrt(phi)`` times binomial limits).

    Overdispersed and binomial curves pass exactly through every unit's own
    ``limit_low``/``limit_high``. With random effects each unit has its own reference
    (the other units), so one curve cannot pass through all of them: the curve is the
    limit for a unit compared with the units flagged ``"within"``. When one unit is
    flagged, that is exactly its own reference, so it lies outside the curve as its
    flag says; a unit within its own limits may lie slightly outside the curve when
    another unit is flagged, because its own reference includes that unit.

    Parameters
    ----------
    compare_frame
        The frame ``po.compare`` returned (rows of whole groups; extra columns are
        taken as group columns).
    points
        Number of totals per curve, at least 2.

    Returns
    -------
    pl.DataFrame
        The group columns, then ``total`` (Float64), ``level``, ``limit_low`` and
        ``limit_high`` (clipped to [0, 1]; null where the group has too few units for
        limits), sorted by group, level and total. A group without tasks has no rows.

    Raises
    ------
    InvalidArgumentError
        If ``points`` is not an integer of at least 2.
    SchemaError
        If the frame lacks a column of ``compare``'s output the curves need.

    Examples
    --------
    >>> import po_codes as po
    >>> tasks = po.harmonize_districts(po.synthetic_tasks(20_000, seed=1), split="combine")
    >>> compared = po.compare(tasks, code="Ikke kapasitet", by=("district", "year"))
    >>> curves = po.funnel_curve(compared, points=50)
    >>> curves.columns
    ['year', 'total', 'level', 'limit_low', 'limit_high']
    """
    given: object = points
    if isinstance(given, bool) or not isinstance(given, int) or given < 2:
        raise InvalidArgumentError(f"points must be an integer of at least 2, got {points!r}")
    parameters, groups = curve_parameters(compare_frame)
    ratio = (_SPAN * _SPAN * pl.col("__high") / pl.col("__low")) ** (pl.col(_GRID) / (points - 1))
    grid = pl.DataFrame({_GRID: list(range(points))}, schema={_GRID: pl.Float64})
    curves = parameters.join(grid, how="cross").with_columns(total=pl.col("__low") / _SPAN * ratio)
    half = half_width(
        pl.col("q"), pl.col("p0"), pl.col("total"), phi=pl.col("phi"), tau2=pl.col("tau2"),
        se2=pl.col("se2"),
    )  # fmt: skip
    valid = pl.col("q").is_not_null() & pl.col("p0").is_not_null()
    return (
        curves.with_columns(**_limits(pl.col("p0"), half, valid))
        .sort([*groups, "level", "total"], nulls_last=True, maintain_order=True)
        .select(*groups, "total", "level", "limit_low", "limit_high")
    )


def curve_parameters(
    compare_frame: pl.DataFrame | pl.LazyFrame,
) -> tuple[pl.DataFrame, list[str]]:
    """The parameters of :func:`funnel_curve`, and the group columns of the frame.

    One row per group and level: the group columns, ``level``, ``__low``/``__high``
    (the smallest and largest total) and ``p0, phi, tau2, se2, q`` of the formula.
    """
    frame = (
        compare_frame.lazy().collect() if isinstance(compare_frame, pl.LazyFrame) else compare_frame
    )
    missing = [c for c in _CURVE_NEEDS if c not in frame.columns]
    if missing:
        raise SchemaError(f"funnel_curve needs the output of po.compare; the frame lacks {missing}")
    groups = [c for c in frame.columns if c not in _KNOWN][1:]
    parameters = (
        frame.filter(pl.col("total") > 0)
        .group_by([*groups, "level"], maintain_order=True)
        .agg(
            pl.col("total").min().cast(pl.Float64).alias("__low"),
            pl.col("total").max().cast(pl.Float64).alias("__high"),
            *_curve_parameters(frame),
        )
    )
    return parameters, groups


def _curve_parameters(frame: pl.DataFrame) -> list[pl.Expr]:
    """Per group: ``p0, phi, tau2, se2, q`` of the method ``frame`` was computed with."""
    level = pl.col("level").first()
    if frame.height and frame.get_column("phi").null_count() == frame.height:  # random effects
        within = pl.col("flag") == "within"
        n = pl.col("n").cast(pl.Float64).filter(within)
        total = pl.col("total").cast(pl.Float64).filter(within)
        # the level is one value per group here; one reference expression per level
        levels = frame.get_column("level").drop_nulls().unique().to_list()
        parts = {
            value: reference(
                n.sum(),
                total.sum(),
                (total * total).sum(),
                (n * n / total).sum(),
                m=within.sum().cast(pl.Float64),
                level=value,
            )
            for value in levels
        }
        return [
            _by_level(level, {v: ref[name] for v, ref in parts.items()}).alias(name)
            for name in _REF_NAMES
        ] + [pl.lit(1.0).alias("phi")]
    normal = pl.lit(None, dtype=pl.Float64)
    for value in frame.get_column("level").drop_nulls().unique().to_list():
        quantile = NormalDist().inv_cdf((1 + value) / 2)
        normal = pl.when(level == value).then(pl.lit(quantile)).otherwise(normal)
    return [
        pl.col("national_share").first().alias("p0"),
        pl.col("phi").max().alias("phi"),  # binomial: 1
        pl.lit(0.0).alias("tau2"),
        pl.lit(0.0).alias("se2"),
        normal.alias("q"),
    ]


def _by_level(level: pl.Expr, values: dict[float, pl.Expr]) -> pl.Expr:
    out = pl.lit(None, dtype=pl.Float64)
    for value, expr in values.items():
        out = pl.when(level == value).then(expr).otherwise(out)
    return out
