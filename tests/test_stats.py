"""Tests of po_codes._stats.funnel_stats: Wilson intervals, phi, funnel limits, flags."""

from __future__ import annotations

import math
import random
import statistics
from statistics import NormalDist

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from po_codes._errors import InvalidArgumentError, SchemaError
from po_codes._stats import OUTPUT_COLUMNS, funnel_stats

Z95 = NormalDist().inv_cdf(0.975)
SCHEMA = {"year": pl.Int64, "unit": pl.String, "n": pl.Int64, "total": pl.Int64}


def frame(rows: list[tuple[int, str, int, int]]) -> pl.LazyFrame:
    return pl.LazyFrame(rows, schema=SCHEMA, orient="row")


def wilson(n: int, total: int, z: float) -> tuple[float, float]:
    """Textbook Wilson score interval, written out independently of the module."""
    p = n / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    return centre - half, centre + half


def reference_phi(zs: list[float]) -> float:
    """Phi as documented: winsorise floor(0.1 K) values per tail, mean square, >= 1."""
    if len(zs) < 3:
        return 1.0
    ordered = sorted(zs)
    g = math.floor(0.1 * len(zs))
    low, high = ordered[g], ordered[len(zs) - 1 - g]
    winsorised = [min(max(z, low), high) for z in zs]
    return max(1.0, sum(z * z for z in winsorised) / len(zs))


# -- 1. golden values ----------------------------------------------------------------------


def test_wilson_golden_nine_of_ten() -> None:
    """n=9, total=10, z=1.959964 (z^2=3.841459).

    centre = (0.9 + 3.841459/20) / (1 + 3.841459/10) = 1.092073 / 1.384146 = 0.788985
    half = 1.959964 * sqrt(0.09/10 + 3.841459/400) / 1.384146
         = 1.959964 * sqrt(0.018604) / 1.384146 = 0.193136
    interval = [0.595850, 0.982124] (the textbook Wilson interval for 9/10).
    """
    out = funnel_stats(frame([(2024, "a", 9, 10), (2024, "b", 1, 10)]), groups=[]).collect()
    row = out.row(0, named=True)
    assert row["share"] == pytest.approx(0.9)
    assert row["ci_low"] == pytest.approx(0.595850, abs=1e-6)
    assert row["ci_high"] == pytest.approx(0.982124, abs=1e-6)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(wilson(9, 10, Z95), rel=1e-12)
    # the mirror image for 1/10
    other = out.row(1, named=True)
    assert other["ci_low"] == pytest.approx(1 - 0.982124, abs=1e-6)
    assert other["ci_high"] == pytest.approx(1 - 0.595850, abs=1e-6)


def test_wilson_other_level_and_edges() -> None:
    z99 = NormalDist().inv_cdf(0.995)
    rows = [(1, "a", 0, 20), (1, "b", 20, 20), (1, "c", 7, 31)]
    out = funnel_stats(frame(rows), groups=[], level=0.99).collect()
    for (_, _, n, total), low, high in zip(rows, out["ci_low"], out["ci_high"], strict=True):
        exp_low, exp_high = wilson(n, total, z99)
        assert low == pytest.approx(max(0.0, exp_low), abs=1e-12)
        assert high == pytest.approx(min(1.0, exp_high), abs=1e-12)
    assert out["ci_low"][0] == pytest.approx(0.0, abs=1e-12)
    assert out["ci_high"][1] == pytest.approx(1.0, abs=1e-12)


def test_national_share_is_per_group() -> None:
    rows = [
        (2023, "a", 10, 100),
        (2023, "b", 30, 100),
        (2023, "c", 20, 200),  # 2023 pooled: 60 / 400 = 0.15
        (2024, "a", 50, 100),
        (2024, "b", 10, 100),  # 2024 pooled: 60 / 200 = 0.30
    ]
    out = funnel_stats(frame(rows), groups=["year"]).collect()
    assert out["national_share"].to_list() == pytest.approx([0.15, 0.15, 0.15, 0.30, 0.30])
    pooled = funnel_stats(frame(rows), groups=[]).collect()
    assert pooled["national_share"].to_list() == pytest.approx([120 / 600] * 5)
    # z is measured against the unit's own year
    expected_z = (0.10 - 0.15) / math.sqrt(0.15 * 0.85 / 100)
    assert out["z"][0] == pytest.approx(expected_z)


def test_columns_order_types_and_row_order_kept() -> None:
    rows = [(2024, "z", 3, 10), (2023, "a", 5, 10), (2024, "m", 4, 10)]
    result = funnel_stats(frame(rows), groups=["year"])
    assert isinstance(result, pl.LazyFrame)
    out = result.collect()
    assert out.columns == [*SCHEMA, *OUTPUT_COLUMNS]
    assert out["unit"].to_list() == ["z", "a", "m"]
    assert out.schema["phi"] == pl.Float64
    assert out.schema["flag"] == pl.String
    assert out.schema["z"] == pl.Float64


def test_phi_golden_three_units() -> None:
    """z = (-2.529822, 0, 2.529822) for 1/10, 5/10, 9/10 around 0.5.

    Three z-scores: floor(0.1 * 3) = 0 values are winsorised in each tail, so
    phi = 2 * 2.529822^2 / 3 = 4.266667 (6.4 * 2 / 3).
    """
    rows = [(1, "a", 1, 10), (1, "b", 5, 10), (1, "c", 9, 10), (1, "d", 0, 0)]
    out = funnel_stats(frame(rows), groups=["year"], method="overdispersed").collect()
    assert out["phi"].to_list() == pytest.approx([4.266667] * 4, abs=1e-6)
    assert out["z"][0] == pytest.approx(-2.529822, abs=1e-6)
    # the unit without tasks: null everywhere but its group's reference and phi
    empty = out.row(3, named=True)
    assert empty["national_share"] == pytest.approx(0.5)
    for name in ("share", "ci_low", "ci_high", "z", "limit_low", "limit_high", "flag"):
        assert empty[name] is None
    binomial = funnel_stats(frame(rows), groups=["year"], method="binomial").collect()
    assert binomial["phi"].to_list() == [1.0] * 4


def test_phi_winsorises_by_count() -> None:
    """12 units: floor(1.2) = 1 value per tail takes the next value in.

    Shares 0.01..0.12 of 1000 tasks each around the pooled 0.065: the lowest z is
    replaced by the second lowest and the highest by the second highest.
    """
    rows = [(1, f"u{i}", 10 * (i + 1), 1000) for i in range(12)]
    out = funnel_stats(frame(rows), groups=[], method="overdispersed").collect()
    zs = [(n / 1000 - 0.065) / math.sqrt(0.065 * 0.935 / 1000) for _, _, n, _ in rows]
    winsorised = [zs[1], *zs[1:11], zs[10]]
    expected = sum(z * z for z in winsorised) / 12
    assert out["phi"][0] == pytest.approx(expected, rel=1e-12)
    assert out["phi"][0] == pytest.approx(reference_phi(zs), rel=1e-12)


def test_phi_is_one_below_three_units_and_without_dispersion() -> None:
    two = frame([(1, "a", 1, 10), (1, "b", 9, 10)])
    assert funnel_stats(two, groups=[], method="overdispersed").collect()["phi"].to_list() == [
        1.0,
        1.0,
    ]
    # identical shares: phi_hat = 0, no widening (and never narrowing)
    same = frame([(1, u, 30, 1000) for u in "abcde"])
    out = funnel_stats(same, groups=[], method="overdispersed").collect()
    assert out["phi"].to_list() == [1.0] * 5
    assert out["flag"].to_list() == ["within"] * 5
    # a national share of 0: no z, phi 1, limits collapse to 0
    zero = funnel_stats(
        frame([(1, u, 0, 100) for u in "abcd"]), groups=[], method="overdispersed"
    ).collect()
    assert zero["z"].null_count() == 4
    assert zero["phi"].to_list() == [1.0] * 4
    assert zero["limit_high"].to_list() == [0.0] * 4
    assert zero["flag"].to_list() == ["within"] * 4


def test_empty_frame() -> None:
    out = funnel_stats(frame([]), groups=["year"]).collect()
    assert out.height == 0
    assert out.columns == [*SCHEMA, *OUTPUT_COLUMNS]


# -- 2. simulation -------------------------------------------------------------------------


def simulated(seed: int, *, outlier: bool = False) -> pl.LazyFrame:
    """12 units per year, totals 10k-150k, true shares 0.03 + N(0, 0.004).

    Between-unit variance 0.004^2 = 1.6e-5 against a binomial variance of
    0.03 * 0.97 / 80_000 = 3.6e-7 at a typical size: ~40x overdispersed. Counts are
    binomial draws by the normal approximation (fine at these sizes).
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible simulation, not crypto
    rows: list[tuple[int, str, int, int]] = []
    for year in (2023, 2024):
        for unit in range(12):
            total = rng.randint(10_000, 150_000)
            p = min(max(0.03 + rng.gauss(0, 0.004), 0.001), 0.999)
            n = round(rng.gauss(total * p, math.sqrt(total * p * (1 - p))))
            rows.append((year, f"u{unit}", min(max(n, 0), total), total))
        if outlier:
            rows.append((year, "outlier", 6_000, 100_000))
    return frame(rows)


def flag_rate(method: str, seeds: range) -> float:
    rates = []
    for seed in seeds:
        out = funnel_stats(simulated(seed), groups=["year"], method=method).collect()
        rates.append((out["flag"] != "within").mean())
    return statistics.fmean(r for r in rates if isinstance(r, float))


def test_simulation_overdispersed_flags_few_binomial_many() -> None:
    seeds = range(20)
    overdispersed = flag_rate("overdispersed", seeds)
    binomial = flag_rate("binomial", seeds)
    assert overdispersed <= 0.15
    assert binomial > overdispersed
    assert binomial >= 0.5  # ~40x dispersion: plain binomial limits flag most units


def test_simulation_phi_reflects_dispersion() -> None:
    out = funnel_stats(simulated(3), groups=["year"], method="overdispersed").collect()
    phis = out.group_by("year").agg(pl.col("phi").unique())["phi"].to_list()
    assert all(len(p) == 1 for p in phis)  # one phi per group
    assert all(5 < p[0] < 200 for p in phis)


@pytest.mark.parametrize("seed", range(5))
def test_planted_outlier_is_flagged_above(seed: int) -> None:
    out = funnel_stats(
        simulated(seed, outlier=True), groups=["year"], method="overdispersed"
    ).collect()
    planted = out.filter(pl.col("unit") == "outlier")
    assert planted.height == 2
    assert planted["flag"].to_list() == ["above", "above"]
    # the outlier's own z is winsorised, so it does not blow up phi
    assert planted["phi"].max() < 200  # type: ignore[operator]


# -- 3. properties ------------------------------------------------------------------------


@st.composite
def unit_frames(draw: st.DrawFn) -> pl.LazyFrame:
    size = draw(st.integers(min_value=0, max_value=30))
    rows: list[tuple[int, str, int, int]] = []
    for i in range(size):
        year = draw(st.sampled_from([2022, 2023, 2024]))
        total = draw(st.one_of(st.just(0), st.integers(1, 50), st.integers(1, 2_000_000)))
        n = draw(st.integers(0, total))
        rows.append((year, f"u{i}", n, total))
    return frame(rows)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@given(units=unit_frames(), level=st.sampled_from([0.8, 0.95, 0.998]))
def test_properties(units: pl.LazyFrame, level: float) -> None:
    z_level = NormalDist().inv_cdf((1 + level) / 2)
    od = funnel_stats(units, groups=["year"], level=level, method="overdispersed").collect()
    bi = funnel_stats(units, groups=["year"], level=level, method="binomial").collect()
    assert od.height == bi.height == units.collect().height

    for year, part in od.group_by("year"):
        phis = part["phi"].unique().to_list()
        assert len(phis) == 1
        zs = part["z"].drop_nulls().to_list()
        assert phis[0] >= 1.0
        assert math.isclose(phis[0], reference_phi(zs), rel_tol=1e-9), year
        has = part.filter(pl.col("total") > 0)
        if has.height:
            expected = sum(has["n"].to_list()) / sum(has["total"].to_list())
            assert all(close(v, expected) for v in part["national_share"])

    for a, b in zip(od.iter_rows(named=True), bi.iter_rows(named=True), strict=True):
        assert b["phi"] == 1.0
        if a["total"] == 0:
            assert a["flag"] is None
            assert a["share"] is None
            assert a["limit_low"] is None
            continue
        p, p0 = a["share"], a["national_share"]
        assert a["ci_low"] <= p + 1e-12
        assert p <= a["ci_high"] + 1e-12
        # binomial limits inside (or equal to) the overdispersed ones
        assert a["limit_low"] <= b["limit_low"] + 1e-12
        assert b["limit_high"] <= a["limit_high"] + 1e-12
        for row in (a, b):
            # symmetric around p0 before clipping
            half = z_level * math.sqrt(row["phi"]) * math.sqrt(p0 * (1 - p0) / row["total"])
            assert close(row["limit_low"], max(0.0, p0 - half))
            assert close(row["limit_high"], min(1.0, p0 + half))
            # flag consistent with the limits
            if p > row["limit_high"]:
                assert row["flag"] == "above"
            elif p < row["limit_low"]:
                assert row["flag"] == "below"
            else:
                assert row["flag"] == "within"


@given(units=unit_frames(), method=st.sampled_from(["random_effects", "overdispersed"]))
def test_no_groups_is_one_group(units: pl.LazyFrame, method: str) -> None:
    whole = funnel_stats(units, groups=[], method=method).collect()
    constant = funnel_stats(units.with_columns(all=pl.lit(1)), groups=["all"], method=method)
    assert whole.equals(constant.collect().drop("all"))


# -- 4. junk -------------------------------------------------------------------------------

GOOD = frame([(1, "a", 1, 10), (1, "b", 5, 10), (1, "c", 9, 10)])


@pytest.mark.parametrize("level", [0, 1, 1.5, -0.5, "x", True, False, float("nan"), None])
def test_bad_level(level: object) -> None:
    with pytest.raises((InvalidArgumentError, TypeError)):
        funnel_stats(GOOD, groups=[], level=level)  # type: ignore[arg-type]


def test_bad_level_message() -> None:
    with pytest.raises(InvalidArgumentError, match="strictly between 0 and 1"):
        funnel_stats(GOOD, groups=[], level=1.5)


@pytest.mark.parametrize("method", ["foo", "", "Binomial", None, 1])
def test_bad_method(method: object) -> None:
    with pytest.raises(InvalidArgumentError, match="overdispersed") as info:
        funnel_stats(GOOD, groups=[], method=method)  # type: ignore[arg-type]
    assert "binomial" in str(info.value)


@pytest.mark.parametrize("groups", ["year", [1], None])
def test_bad_groups(groups: object) -> None:
    with pytest.raises(InvalidArgumentError, match="groups"):
        funnel_stats(GOOD, groups=groups)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("units", "groups", "match"),
    [
        (GOOD.drop("n"), [], "'n'"),
        (GOOD.drop("total"), [], "'total'"),
        (GOOD.with_columns(pl.col("n").cast(pl.String)), [], "numeric"),
        (GOOD, ["district"], "district"),
        (GOOD.with_columns(share=pl.lit(0.5)), [], "share"),
    ],
)
def test_schema_errors(units: pl.LazyFrame, groups: list[str], match: str) -> None:
    with pytest.raises(SchemaError, match=match):
        funnel_stats(units, groups=groups)
