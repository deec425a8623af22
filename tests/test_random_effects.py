"""The random-effects funnel (the default of po.compare) against an independent reference.

The reference below is written from the formula as published (leave-one-out
DerSimonian-Laird, Higgins-Thompson-Spiegelhalter prediction interval), in plain
Python with loops, not from the module's algebra.
"""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import po_codes as po
from po_codes._errors import InvalidArgumentError
from po_codes._stats import OUTPUT_COLUMNS, funnel_stats
from po_codes._student_t import t_quantile

SCHEMA = {"year": pl.Int64, "unit": pl.String, "n": pl.Int64, "total": pl.Int64}


def frame(rows: list[tuple[int, str, int, int]]) -> pl.LazyFrame:
    return pl.LazyFrame(rows, schema=SCHEMA, orient="row")


def reference_limits(
    units: list[tuple[int, int]], i: int, level: float
) -> tuple[float, float, float] | None:
    """(low, high, tau) of unit ``i`` against the other units, or None if not estimable."""
    others = [(n, total) for j, (n, total) in enumerate(units) if j != i and total > 0]
    m = len(others)
    if m < 3 or units[i][1] == 0:
        return None
    size = sum(total for _, total in others)
    p0 = sum(n for n, _ in others) / size
    c = p0 * (1 - p0)
    if c == 0:
        tau2 = 0.0
    else:
        weights = [total / c for _, total in others]
        q_stat = sum(
            w * (n / total - p0) ** 2 for w, (n, total) in zip(weights, others, strict=True)
        )
        s1, s2 = sum(weights), sum(w * w for w in weights)
        tau2 = max(0.0, (q_stat - (m - 1)) / (s1 - s2 / s1))
    # variance of the pooled share sum(n_j) / sum(N_j) when true shares vary by tau
    se2 = sum(total * total * (c / total + tau2) for _, total in others) / size**2
    t = t_quantile((1 + level) / 2, m - 2)
    half = t * math.sqrt(c / units[i][1] + tau2 + se2)
    return max(0.0, p0 - half), min(1.0, p0 + half), math.sqrt(tau2)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-7, abs_tol=1e-10)


@st.composite
def unit_frames(draw: st.DrawFn) -> list[tuple[int, str, int, int]]:
    size = draw(st.integers(min_value=0, max_value=16))
    rows = []
    base = draw(st.floats(0.0, 1.0))
    for i in range(size):
        year = draw(st.sampled_from([2023, 2024]))
        total = draw(st.one_of(st.just(0), st.integers(1, 60), st.integers(1_000, 200_000)))
        share = min(1.0, max(0.0, base + draw(st.floats(-0.05, 0.05))))
        n = draw(st.one_of(st.just(round(share * total)), st.integers(0, total)))
        rows.append((year, f"u{i}", n, total))
    return rows


@settings(max_examples=150)
@given(rows=unit_frames(), level=st.sampled_from([0.8, 0.95, 0.998]))
def test_matches_the_reference(rows: list[tuple[int, str, int, int]], level: float) -> None:
    out = funnel_stats(frame(rows), groups=["year"], level=level).collect()
    assert out.columns == [*SCHEMA, *OUTPUT_COLUMNS]
    assert out["level"].to_list() == [level] * len(rows)
    assert out["phi"].null_count() == len(rows)  # phi is not used by this method
    for year in (2023, 2024):
        indices = [i for i, row in enumerate(rows) if row[0] == year]
        units = [(rows[i][2], rows[i][3]) for i in indices]
        for k, i in enumerate(indices):
            got = out.row(i, named=True)
            expected = reference_limits(units, k, level)
            if expected is None:
                assert got["limit_low"] is None
                assert got["limit_high"] is None
                assert got["tau"] is None
                assert got["flag"] is None
                continue
            low, high, tau = expected
            assert close(got["limit_low"], low), (got, expected)
            assert close(got["limit_high"], high), (got, expected)
            assert close(got["tau"], tau) or abs(got["tau"] - tau) < 1e-6, (got, expected)
            share = got["share"]
            flag = "above" if share > got["limit_high"] else "below"
            assert got["flag"] == (flag if not low <= share <= high else "within") or (
                # exactly on a limit computed two ways: either answer is fair
                min(abs(share - low), abs(share - high)) < 1e-9
            )


def test_hand_computed_four_units() -> None:
    """Unit d against a, b, c: 100, 200 and 300 of 1000 tasks each.

    p0 = 600 / 3000 = 0.2, c = 0.16; Q = 1000 * (0.01 + 0 + 0.01) / 0.16 = 125;
    weights 6250 each: S1 = 18750, S2 / S1 = 6250, tau^2 = (125 - 2) / 12500 = 0.00984;
    se^2 = 0.16 / 3000 + 0.00984 * 3e6 / 9e6 = 0.0000533 + 0.00328 = 0.0033333;
    half = t(1 df, 0.975) * sqrt(0.16 / 1000 + 0.00984 + 0.0033333)
         = 12.7062 * sqrt(0.0133333) = 12.7062 * 0.1154701 = 1.46719.
    """
    rows = [(1, "a", 100, 1000), (1, "b", 200, 1000), (1, "c", 300, 1000), (1, "d", 900, 1000)]
    out = funnel_stats(frame(rows), groups=[]).collect()
    d = out.row(3, named=True)
    assert d["tau"] == pytest.approx(math.sqrt(0.00984), rel=1e-9)
    half = t_quantile(0.975, 1) * math.sqrt(0.16 / 1000 + 0.00984 + 0.16 / 3000 + 0.00984 / 3)
    assert half == pytest.approx(1.46719, rel=1e-5)
    assert d["limit_low"] == 0.0
    assert d["limit_high"] == 1.0  # four units: limits too wide to say anything
    assert d["flag"] == "within"


def test_an_outlier_is_not_in_its_own_reference() -> None:
    rows = [(1, f"u{i}", 400 + 10 * (i % 3), 10_000) for i in range(11)]
    rows.append((1, "outlier", 900, 10_000))
    out = funnel_stats(frame(rows), groups=[]).collect()
    outlier = out.row(11, named=True)
    others = out.head(11)
    # the others' spread is tiny; the outlier's own reference ignores it entirely
    assert outlier["tau"] < 0.002
    assert min(others["tau"].to_list()) > 0.01  # it does inflate everyone else's
    centre = (outlier["limit_low"] + outlier["limit_high"]) / 2
    assert centre == pytest.approx(sum(400 + 10 * (i % 3) for i in range(11)) / 110_000)
    assert outlier["flag"] == "above"
    assert others["flag"].to_list() == ["within"] * 11


def test_too_few_units_have_no_limits() -> None:
    rows = [(1, "a", 1, 10), (1, "b", 5, 10), (1, "c", 9, 10), (1, "d", 0, 0)]
    out = funnel_stats(frame(rows), groups=[]).collect()
    # three units with tasks: each has two others, not enough for a t with m - 2 df
    assert out["limit_low"].null_count() == 4
    assert out["flag"].null_count() == 4
    assert out["tau"].null_count() == 4
    assert out["share"].to_list()[:3] == [0.1, 0.5, 0.9]  # the rest is still there


def test_other_methods_report_phi_and_tau() -> None:
    rows = [(1, f"u{i}", 10 * i, 1000) for i in range(1, 8)]
    over = funnel_stats(frame(rows), groups=[], method="overdispersed").collect()
    binomial = funnel_stats(frame(rows), groups=[], method="binomial").collect()
    assert over["tau"].null_count() == 7
    assert over["phi"].min() > 1  # type: ignore[operator]
    assert binomial["phi"].to_list() == [1.0] * 7
    assert binomial["tau"].to_list() == [0.0] * 7


TASKS = pl.DataFrame(
    {
        "district": ["Oslo", "Vest", "Øst", "Agder", "Sør-Øst"] * 4,
        "kode": ["Utført"] * 10 + ["Ikke kapasitet"] * 10,
    }
)


def test_compare_default_is_random_effects_with_the_api_columns() -> None:
    out = po.compare(TASKS, code="Ikke kapasitet")
    assert out.columns == [
        "district", "n", "total", "share", "national_share", "ci_low", "ci_high", "z",
        "phi", "tau", "level", "limit_low", "limit_high", "flag",
    ]  # fmt: skip
    assert out["phi"].null_count() == out.height
    assert out["level"].to_list() == [0.95] * out.height
    explicit = po.compare(TASKS, code="Ikke kapasitet", method="random_effects", level=0.95)
    assert out.equals(explicit)
    outer = po.compare(TASKS, code="Ikke kapasitet", level=0.998)
    assert outer["level"].to_list() == [0.998] * out.height


@pytest.mark.parametrize("method", ["random-effects", "RE", "", None, 3])
def test_compare_rejects_bad_methods(method: object) -> None:
    with pytest.raises(InvalidArgumentError, match="random_effects"):
        po.compare(TASKS, code="Utført", method=method)  # type: ignore[call-overload]


@pytest.mark.parametrize("level", [0, 1, 95, -0.1, "0.95", None, True])
def test_compare_rejects_bad_levels(level: object) -> None:
    with pytest.raises(InvalidArgumentError, match="level"):
        po.compare(TASKS, code="Utført", level=level)  # type: ignore[call-overload]
