"""Is po.compare's funnel fair to small and large districts? A seeded simulation.

Real PO volumes: 12 districts of 12k-132k tasks a year (Oslo the largest, Finnmark the
smallest), true "Ikke kapasitet" shares 4 % with a between-district standard deviation
of 1 percentage point. Each replicate is one year; every replicate goes through
``po.compare`` itself, all at once (``by=("district", "replicate")``).

Measured with these seeds (600 replicates; the assertions leave room for chance):

- default (random effects): ordinary districts flagged 5.5 % (3 largest) and 4.7 %
  (3 smallest), 5.1 % overall; a +4 pp outlier found 99.2 % of the time when it is
  the largest district and 98.7 % when it is the smallest.
- old default (overdispersed): 19.8 % (3 largest) and 1.4 % (3 smallest); the +4 pp
  outlier 100 % (largest) and 34.5 % (smallest).
- tau per year against tau pooled over years (each district's median of its yearly
  estimates), 200 decades: when the spread grows from 0.5 to 1.5 pp, per year flags
  5.3 % in the first three years and 5.1 % in the last three, pooled 0.3 % and
  13.7 %; when the spread is a stable 1 pp, per year 5.3 %, pooled 3.3 % (the t
  quantile already pays for estimating tau from one year).
"""

from __future__ import annotations

import math
import random
from functools import cache

import polars as pl
import pytest

import po_codes as po
from po_codes._student_t import t_quantile

NAMES = [d.name for d in po.districts(2016)]  # Oslo first, Finnmark last
TOTALS = [131_999 - 10_909 * i for i in range(12)]  # Oslo 132k ... Finnmark 12k
LARGEST, SMALLEST = NAMES[:3], NAMES[-3:]
REPLICATES = 600
MEAN, SPREAD, OUTLIER = 0.04, 0.01, 0.04


def draw(rng: random.Random, total: int, share: float) -> int:
    """A binomial count by the normal approximation (fine at these sizes)."""
    share = min(max(share, 0.0005), 0.9995)
    n = round(rng.gauss(total * share, math.sqrt(total * share * (1 - share))))
    return min(max(n, 0), total)


@cache
def simulated(outlier: str | None, seed: int) -> pl.DataFrame:
    """Counted rows: replicate, district, closure code, n."""
    rng = random.Random(seed)  # noqa: S311 - reproducible simulation, not crypto
    rows = []
    for replicate in range(REPLICATES):
        for name, total in zip(NAMES, TOTALS, strict=True):
            share = MEAN + (OUTLIER if name == outlier else rng.gauss(0, SPREAD))
            hits = draw(rng, total, share)
            rows.append((replicate, name, "Ikke kapasitet", hits))
            rows.append((replicate, name, "Utført", total - hits))
    return pl.DataFrame(rows, schema=["replicate", "district", "kode", "n"], orient="row")


@cache
def compared(outlier: str | None, method: str) -> pl.DataFrame:
    frame = simulated(outlier, seed=2026 if outlier is None else 7)
    return po.compare(frame, code="Ikke kapasitet", by=("district", "replicate"), method=method)


def flag_rate(out: pl.DataFrame, names: list[str], flags: tuple[str, ...]) -> float:
    rows = out.filter(pl.col("district").is_in(names))
    return float(rows["flag"].is_in(flags).mean())  # type: ignore[arg-type]


def test_default_flags_ordinary_districts_at_the_nominal_rate_whatever_their_size() -> None:
    out = compared(None, "random_effects")
    assert out.height == 12 * REPLICATES
    assert out["flag"].null_count() == 0
    large = flag_rate(out, LARGEST, ("above", "below"))
    small = flag_rate(out, SMALLEST, ("above", "below"))
    assert 0.02 <= large <= 0.10, large
    assert 0.02 <= small <= 0.10, small
    overall = flag_rate(out, NAMES, ("above", "below"))
    assert 0.03 <= overall <= 0.07, overall


@pytest.mark.parametrize("where", [NAMES[0], NAMES[-1]])  # the largest and the smallest
def test_default_finds_an_outlier_whatever_its_size(where: str) -> None:
    out = compared(where, "random_effects")
    found = flag_rate(out, [where], ("above",))
    assert found >= 0.90, (where, found)
    # and the outlier does not hide the others' ordinary spread from them
    others = flag_rate(out, [n for n in NAMES if n != where], ("above", "below"))
    assert others <= 0.10, others


def test_old_overdispersed_method_flags_by_size() -> None:
    """Documents why the default changed: one phi cannot fit Oslo and Finnmark."""
    out = compared(None, "overdispersed")
    large = flag_rate(out, LARGEST, ("above", "below"))
    small = flag_rate(out, SMALLEST, ("above", "below"))
    assert large > 0.10, large  # far above the nominal 5 %
    assert small < 0.04, small
    assert large > 4 * small
    missed = flag_rate(compared(NAMES[-1], "overdispersed"), [NAMES[-1]], ("above",))
    default = flag_rate(compared(NAMES[-1], "random_effects"), [NAMES[-1]], ("above",))
    assert missed < default - 0.2, (missed, default)


# -- tau per year, not pooled over years ---------------------------------------------------

FIRST, YEARS = 2016, 10
YEAR_REPLICATES = 200


@cache
def yearly(seed: int, *, growing: bool) -> pl.DataFrame:
    """Ten years; the between-district spread 1 pp, or growing from 0.5 to 1.5 pp."""
    rng = random.Random(seed)  # noqa: S311 - reproducible simulation, not crypto
    rows = []
    for replicate in range(YEAR_REPLICATES):
        for year in range(FIRST, FIRST + YEARS):
            spread = 0.005 + 0.01 * (year - FIRST) / (YEARS - 1) if growing else SPREAD
            for name, total in zip(NAMES, TOTALS, strict=True):
                hits = draw(rng, total, MEAN + rng.gauss(0, spread))
                rows.append((replicate, year, name, hits, total))
    return pl.DataFrame(rows, schema=["replicate", "year", "district", "n", "total"], orient="row")


def pooled_limits(
    units: list[tuple[int, int]], i: int, tau2: float, level: float = 0.95
) -> tuple[float, float]:
    """Unit ``i``'s limits against the others, with a given tau^2 (the pooled one)."""
    others = [u for j, u in enumerate(units) if j != i]
    size = sum(total for _, total in others)
    squares = sum(total * total for _, total in others)
    p0 = sum(n for n, _ in others) / size
    c = p0 * (1 - p0)
    se2 = c / size + tau2 * squares / size**2
    half = t_quantile((1 + level) / 2, len(others) - 2) * math.sqrt(c / units[i][1] + tau2 + se2)
    return p0 - half, p0 + half


def per_year_and_pooled(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Flags of po.compare (tau per year), and of the pooled alternative, per year.

    The alternative: each district's tau^2 is the median of its yearly leave-one-out
    estimates (so the limits do not move with one year's 12 points).
    """
    counted = frame.select(
        "replicate", "year", "district",
        pl.lit("Ikke kapasitet").alias("kode"), "n",
    ).vstack(
        frame.select(
            "replicate", "year", "district",
            pl.lit("Utført").alias("kode"), (pl.col("total") - pl.col("n")).alias("n"),
        )
    )  # fmt: skip
    out = po.compare(
        counted, code="Ikke kapasitet", by=("district", "replicate", "year")
    ).with_columns(flagged=pl.col("flag") != "within")
    tau2 = out.group_by("replicate", "district").agg((pl.col("tau") ** 2).median().alias("t2"))
    pooled_tau2 = {(r, d): t for r, d, t in tau2.iter_rows()}
    by_year: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for replicate, year, _, n, total in frame.iter_rows():
        by_year.setdefault((replicate, year), []).append((n, total))
    pooled = []
    for (replicate, year), units in by_year.items():
        for i, (n, total) in enumerate(units):
            low, high = pooled_limits(units, i, pooled_tau2[replicate, NAMES[i]])
            pooled.append((year, not low <= n / total <= high))
    return out.select("year", "flagged"), pl.DataFrame(
        pooled, schema=["year", "flagged"], orient="row"
    )


def rate(flags: pl.DataFrame, first: int, last: int) -> float:
    years = flags.filter(pl.col("year").is_between(first, last))
    return float(years["flagged"].mean())  # type: ignore[arg-type]


def test_tau_per_year_stays_calibrated_when_the_spread_changes() -> None:
    per_year, pooled = per_year_and_pooled(yearly(11, growing=True))
    early, late = (FIRST, FIRST + 2), (FIRST + YEARS - 3, FIRST + YEARS - 1)
    assert 0.02 <= rate(per_year, *early) <= 0.10
    assert 0.02 <= rate(per_year, *late) <= 0.10
    # pooled: too wide while the spread is small, too narrow once it has grown
    assert rate(pooled, *early) < 0.02
    assert rate(pooled, *late) > 0.10


def test_pooling_tau_gains_nothing_when_the_spread_is_stable() -> None:
    per_year, pooled = per_year_and_pooled(yearly(12, growing=False))
    whole = (FIRST, FIRST + YEARS - 1)
    assert 0.03 <= rate(per_year, *whole) <= 0.07
    # the t quantile already pays for a yearly estimate: pooled limits flag too few
    assert rate(pooled, *whole) < rate(per_year, *whole)
