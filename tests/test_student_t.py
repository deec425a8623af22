"""The Student-t quantile of po_codes._student_t, against printed table values."""

from __future__ import annotations

import math
from statistics import NormalDist

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from po_codes._student_t import TABLE_DF, t_cdf, t_quantile, t_quantile_expr

# Two-sided critical values as printed in statistics tables (e.g. NIST/SEMATECH
# e-Handbook, table 1.3.6.7.2), to the 3 decimals printed, and a few to 6 decimals
# (R's qt()).
TABLE = [
    (1, 0.975, 12.706),
    (2, 0.975, 4.303),
    (3, 0.975, 3.182),
    (5, 0.975, 2.571),
    (9, 0.975, 2.262),
    (10, 0.975, 2.228),
    (20, 0.975, 2.086),
    (30, 0.975, 2.042),
    (100, 0.975, 1.984),
    (1, 0.95, 6.314),
    (10, 0.95, 1.812),
    (9, 0.999, 4.297),
    (10, 0.999, 4.144),
    (30, 0.999, 3.385),
    (100, 0.999, 3.174),
    (10, 0.995, 3.169),
]
PRECISE = [
    (9, 0.975, 2.262157163),
    (10, 0.975, 2.228138852),
    (10, 0.999, 4.143700494),
    (4, 0.99, 3.746947388),
    (60, 0.975, 2.000297822),
]


@pytest.mark.parametrize(("df", "p", "expected"), TABLE)
def test_table_values(df: int, p: float, expected: float) -> None:
    assert t_quantile(p, df) == pytest.approx(expected, abs=5e-4)


@pytest.mark.parametrize(("df", "p", "expected"), PRECISE)
def test_precise_values(df: int, p: float, expected: float) -> None:
    assert t_quantile(p, df) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("p", [0.6, 0.9, 0.975, 0.999, 0.9999])
def test_closed_forms_for_one_and_two_degrees_of_freedom(p: float) -> None:
    # df = 1 is the Cauchy distribution; df = 2 has a closed form too.
    assert t_quantile(p, 1) == pytest.approx(math.tan(math.pi * (p - 0.5)), rel=1e-10)
    assert t_quantile(p, 2) == pytest.approx((2 * p - 1) / math.sqrt(2 * p * (1 - p)), rel=1e-10)


def test_symmetry_median_and_normal_limit() -> None:
    assert t_quantile(0.5, 7) == 0.0
    assert t_quantile(0.025, 9) == pytest.approx(-t_quantile(0.975, 9), rel=1e-12)
    normal = NormalDist().inv_cdf(0.975)
    assert t_quantile(0.975, 100_000) == pytest.approx(normal, rel=1e-4)
    assert t_quantile(0.975, 100_000) > normal  # heavier tails, always wider


@given(df=st.integers(1, 300), p=st.floats(0.5001, 0.9999))
def test_quantile_inverts_the_cdf(df: int, p: float) -> None:
    assert t_cdf(t_quantile(p, df), df) == pytest.approx(p, abs=1e-11)


def test_cdf_known_values() -> None:
    assert t_cdf(0.0, 5) == 0.5
    assert t_cdf(2.262157163, 9) == pytest.approx(0.975, abs=1e-9)
    assert t_cdf(-2.262157163, 9) == pytest.approx(0.025, abs=1e-9)
    assert t_cdf(1.0, 1) == pytest.approx(0.75, abs=1e-12)  # Cauchy: 1/2 + atan(1)/pi


@pytest.mark.parametrize("bad", [(0.0, 3), (1.0, 3), (0.5, 0), (0.5, -2), (float("nan"), 3)])
def test_bad_arguments(bad: tuple[float, int]) -> None:
    with pytest.raises(ValueError, match="t_quantile"):
        t_quantile(*bad)


@pytest.mark.parametrize("p", [0.975, 0.999])
def test_expression_matches_the_exact_quantile_on_and_off_the_table(p: float) -> None:
    dfs = [1, 2, 9, 10, TABLE_DF, TABLE_DF + 1, 150, 400, 10_000]
    out = pl.DataFrame({"df": dfs}).select(t_quantile_expr(pl.col("df"), p))
    for df, value in zip(dfs, out.to_series(), strict=True):
        assert value == pytest.approx(t_quantile(p, df), rel=1e-8), df
    # a degree of freedom below 1 has no quantile
    nulls = pl.DataFrame({"df": [0, -1, None]}).select(t_quantile_expr(pl.col("df"), p))
    assert nulls.to_series().to_list() == [None, None, None]
