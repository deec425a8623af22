"""Funnel-plot statistics: Wilson intervals, z-scores, overdispersion and control limits.

:func:`funnel_stats` works on one row per unit (a district, a district and year...)
that already carries ``n`` (tasks with the code) and ``total`` (all tasks). It is the
statistical core of ``po.compare``; everything is a polars expression, so it runs
lazily and in one pass, whatever the number of units and groups.
"""

from __future__ import annotations

from statistics import NormalDist
from typing import Final

import polars as pl

from po_codes._errors import InvalidArgumentError, SchemaError

__all__ = ["METHODS", "OUTPUT_COLUMNS", "funnel_stats"]

METHODS: Final = ("overdispersed", "binomial")
"""The values ``method`` accepts."""

OUTPUT_COLUMNS: Final = (
    "share",
    "national_share",
    "ci_low",
    "ci_high",
    "z",
    "phi",
    "limit_low",
    "limit_high",
    "flag",
)
"""The columns :func:`funnel_stats` appends, in this order."""

WINSOR: Final = 0.10
"""Fraction of z-scores winsorised in each tail before estimating phi."""

MIN_UNITS: Final = 3
"""Fewest units with a z-score for which phi is estimated; below it phi is 1."""

_Z_W: Final = "__po_codes_winsorised_z"
"""Name of the temporary column of winsorised z-scores (dropped before returning)."""


def funnel_stats(
    units: pl.LazyFrame,
    *,
    groups: list[str],
    level: float = 0.95,
    method: str = "overdispersed",
) -> pl.LazyFrame:
    """Add shares, Wilson intervals, z-scores and funnel-plot limits to one row per unit.

    Each unit's ``share`` is compared with the pooled share of its group
    (``national_share``). The funnel limits are the usual normal-approximation
    control limits around that reference share for the unit's size, widened by
    ``sqrt(phi)`` when the units differ among themselves more than binomial chance
    allows (multiplicative overdispersion, Spiegelhalter 2005). A unit flagged
    ``"above"`` has a share higher than the reference share by more than chance and
    the typical between-unit variation explain; ``"below"`` is the mirror image and
    ``"within"`` means the difference is not remarkable. Read the limits as control
    limits, not as a ranking: at ``level=0.95`` about 1 unit in 20 falls outside
    them by chance.

    Parameters
    ----------
    units
        One row per unit: any key columns, plus ``n`` (count of the code in the unit)
        and ``total`` (all tasks in the unit), both integer counts.
    groups
        Columns forming the groups within which units are compared (for example
        ``["year"]``). ``national_share`` and ``phi`` are computed per group. An
        empty list makes the whole frame one group.
    level
        Confidence level of the Wilson intervals and of the funnel limits, strictly
        between 0 and 1.
    method
        ``"overdispersed"`` (default): ``phi`` is estimated within each group, as
        below. ``"binomial"``: ``phi`` is 1, i.e. plain binomial funnel limits.

    Returns
    -------
    pl.LazyFrame
        The input columns, in their order and row order, followed by:

        ``share``
            ``n / total``; null when ``total`` is 0.
        ``national_share``
            ``sum(n) / sum(total)`` over the unit's group; null when the group has
            no tasks.
        ``ci_low``, ``ci_high``
            Wilson score interval of ``share`` at ``level``, clipped to [0, 1];
            null when ``total`` is 0.
        ``z``
            ``(share - p0) / sqrt(p0 (1 - p0) / total)`` with ``p0`` the
            ``national_share``; null when ``total`` is 0 or ``p0`` is 0 or 1.
        ``phi``
            Float64 overdispersion factor, the same for every row of a group, at
            least 1.
        ``limit_low``, ``limit_high``
            ``p0 -/+ z_level * sqrt(phi) * sqrt(p0 (1 - p0) / total)``, clipped to
            [0, 1], where ``z_level`` is the standard normal quantile at
            ``(1 + level) / 2``; null when ``total`` is 0.
        ``flag``
            ``"above"`` if ``share > limit_high``, ``"below"`` if
            ``share < limit_low``, else ``"within"``; null when ``total`` is 0.

    Raises
    ------
    InvalidArgumentError
        If ``level`` is not a number strictly between 0 and 1, if ``method`` is not
        one of ``"overdispersed"`` and ``"binomial"``, or if ``groups`` is not a list
        of column names.
    SchemaError
        If ``n``, ``total`` or a ``groups`` column is missing or not numeric, or if
        the input already has one of the output columns.

    Notes
    -----
    With the Wilson score interval, ``z_level`` as above, ``p = share`` and
    ``N = total``::

        centre = (p + z_level**2 / (2 N)) / (1 + z_level**2 / N)
        half = z_level * sqrt(p (1 - p) / N + z_level**2 / (4 N**2)) / (1 + z_level**2 / N)
        ci = [centre - half, centre + half]

    Overdispersion (``method="overdispersed"``, Spiegelhalter 2005), within each
    group:

    1. Take the units with a z-score (``K`` of them). If ``K < 3``, ``phi = 1``:
       there are too few units to estimate anything.
    2. Winsorise the z-scores at 10 % in each tail: values below the group's 10th
       percentile are replaced by the 10th percentile, values above the 90th by the
       90th. Percentiles use linear interpolation between order statistics (the
       default of R's ``quantile`` (type 7) and of numpy,
       ``statistics.quantiles(..., method="inclusive")``).
    3. ``phi_hat = sum(z_w**2) / K`` and ``phi = max(1, phi_hat)``: when
       ``phi_hat <= 1`` the units vary no more than binomial chance predicts and the
       limits are not widened (they are never narrowed).

    ``phi`` is applied to every unit of the group. A single very extreme unit hardly
    changes ``phi``, because its z-score is winsorised, so it still stands out.

    References
    ----------
    D. J. Spiegelhalter (2005), "Funnel plots for comparing institutional
    performance", *Statistics in Medicine* 24:1185-1202.
    D. J. Spiegelhalter (2005), "Handling over-dispersion of performance indicators",
    *Quality and Safety in Health Care* 14:347-351.

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
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 < level < 1:  # type: ignore[redundant-expr]
        raise InvalidArgumentError(
            f"level must be a number strictly between 0 and 1, got {level!r}"
        )
    if not isinstance(method, str) or method not in METHODS:  # type: ignore[redundant-expr]
        raise InvalidArgumentError(
            f"method must be one of {', '.join(repr(m) for m in METHODS)}, got {method!r}"
        )
    given: object = groups
    if not isinstance(given, list | tuple) or not all(isinstance(g, str) for g in given):
        raise InvalidArgumentError(f"groups must be a list of column names, got {groups!r}")
    groups = list(groups)
    lf = units.lazy()
    _check_schema(lf.collect_schema(), groups)

    z_level = NormalDist().inv_cdf((1 + level) / 2)
    z2 = z_level * z_level

    def over(expr: pl.Expr) -> pl.Expr:
        """``expr`` computed within the unit's group (the whole frame if no groups)."""
        return expr.over(groups) if groups else expr

    n = pl.col("n").cast(pl.Float64)
    total = pl.col("total").cast(pl.Float64)
    has_tasks = pl.col("total") > 0
    p = pl.col("share")
    p0 = pl.col("national_share")
    group_total = over(total.filter(has_tasks).sum())
    group_n = over(n.filter(has_tasks).sum())

    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    half = z_level * (p * (1 - p) / total + z2 / (4 * total * total)).sqrt() / (1 + z2 / total)
    binomial_se = (p0 * (1 - p0) / total).sqrt()
    spread = z_level * pl.col("phi").sqrt() * binomial_se

    z = pl.col("z")
    if method == "binomial":
        phi: pl.Expr = pl.lit(1.0, dtype=pl.Float64)
    else:
        k = over(z.count())
        phi_hat = over((pl.col(_Z_W) ** 2).sum()) / k
        phi = (
            pl.when(k >= MIN_UNITS)
            .then(pl.max_horizontal(phi_hat, pl.lit(1.0)))
            .otherwise(pl.lit(1.0))
            .cast(pl.Float64)
        )
    winsorised = z.clip(
        over(z.quantile(WINSOR, interpolation="linear")),
        over(z.quantile(1 - WINSOR, interpolation="linear")),
    )

    return (
        lf.with_columns(
            share=pl.when(has_tasks).then(n / total).cast(pl.Float64),
            national_share=pl.when(group_total > 0).then(group_n / group_total).cast(pl.Float64),
        )
        .with_columns(
            ci_low=pl.when(has_tasks).then((centre - half).clip(0.0, 1.0)),
            ci_high=pl.when(has_tasks).then((centre + half).clip(0.0, 1.0)),
            z=pl.when(has_tasks & (p0 > 0) & (p0 < 1)).then((p - p0) / binomial_se),
        )
        .with_columns(winsorised.alias(_Z_W))
        .with_columns(phi=phi)
        .with_columns(
            limit_low=pl.when(has_tasks).then((p0 - spread).clip(0.0, 1.0)),
            limit_high=pl.when(has_tasks).then((p0 + spread).clip(0.0, 1.0)),
        )
        .with_columns(
            flag=pl.when(~has_tasks)
            .then(pl.lit(None, dtype=pl.String))
            .when(p > pl.col("limit_high"))
            .then(pl.lit("above"))
            .when(p < pl.col("limit_low"))
            .then(pl.lit("below"))
            .otherwise(pl.lit("within"))
        )
        .drop(_Z_W)
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
    clash = [c for c in (*OUTPUT_COLUMNS, _Z_W) if c in schema]
    if clash:
        raise SchemaError(f"the frame already has output column(s) {clash}; drop or rename them")


# -- placeholder, replaced by the stats branch ---------------------------------------------
# A SIMPLE stand-in for ``funnel_curve`` (binomial/overdispersed limits from compare's
# national_share and phi) so the district page can draw smooth limit curves; the stats
# branch brings the real one (random effects) with the same signature and columns.


def funnel_curve(compare_frame: pl.DataFrame, *, points: int = 100) -> pl.DataFrame:
    """Smooth funnel limits over the ``total`` range of a :func:`po_codes.compare` result.

    Placeholder, replaced by the stats branch.

    Parameters
    ----------
    compare_frame
        A ``compare`` result (unit column first, then the group columns, then ``n``).
    points
        Number of ``total`` values per group, evenly spaced up to 1.08 x the largest.

    Returns
    -------
    polars.DataFrame
        The group columns, ``total``, ``level``, ``limit_low`` and ``limit_high``.
    """
    columns = compare_frame.columns
    groups = columns[1 : columns.index("n")]
    frame = compare_frame
    if "level" not in columns:
        frame = frame.with_columns(level=pl.lit(0.95))
    if "phi" not in columns:
        frame = frame.with_columns(phi=pl.lit(1.0))
    levels = frame["level"].unique().to_list()
    z_of = {lv: NormalDist().inv_cdf((1 + lv) / 2) for lv in levels}
    per_group = (
        frame.filter(pl.col("total") > 0)
        .group_by([*groups, "level"], maintain_order=True)
        .agg(
            p0=pl.col("national_share").first(),
            phi=pl.col("phi").first(),
            top=pl.col("total").max().cast(pl.Float64),
        )
    )
    steps = pl.DataFrame({"_i": list(range(1, points + 1))})
    grid = per_group.join(steps, how="cross").with_columns(
        total=pl.col("top") * 1.08 * pl.col("_i") / points,
        _z=pl.col("level").replace_strict(z_of, return_dtype=pl.Float64),
    )
    spread = (
        pl.col("_z")
        * pl.col("phi").sqrt()
        * (pl.col("p0") * (1 - pl.col("p0")) / pl.col("total")).sqrt()
    )
    return grid.select(
        *groups,
        "total",
        "level",
        limit_low=(pl.col("p0") - spread).clip(0.0, 1.0),
        limit_high=(pl.col("p0") + spread).clip(0.0, 1.0),
    )
