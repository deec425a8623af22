"""po.funnel_curve: the limits po.compare computed, as smooth curves of the total."""

from __future__ import annotations

import itertools
import math
import random

import polars as pl
import pytest

import po_codes as po
from po_codes._errors import InvalidArgumentError, SchemaError


def counted(seed: int, *, outlier: str | None = None, years: int = 2) -> pl.DataFrame:
    """12 districts a year, 12k-132k tasks, shares 4 % +- 1 pp; ``outlier`` gets +4 pp."""
    rng = random.Random(seed)  # noqa: S311 - reproducible simulation, not crypto
    names = [d.name for d in po.districts(2016)]
    rows = []
    for year in range(2020, 2020 + years):
        for i, name in enumerate(names):
            total = 131_999 - 10_909 * i  # Oslo the largest, Finnmark the smallest
            share = 0.08 if name == outlier else 0.04 + rng.gauss(0, 0.01)
            hits = round(total * share)
            rows += [(name, year, "Ikke kapasitet", hits), (name, year, "Utført", total - hits)]
    return pl.DataFrame(rows, schema=["district", "year", "kode", "n"], orient="row")


def at(curve: pl.DataFrame, total: float, column: str) -> float:
    """Interpolate a curve at ``total`` on the log scale it was sampled on."""
    xs, ys = curve["total"].to_list(), curve[column].to_list()
    for (x0, y0), (x1, y1) in itertools.pairwise(zip(xs, ys, strict=True)):
        if x0 <= total <= x1:
            w = math.log(total / x0) / math.log(x1 / x0)
            return float(y0 + w * (y1 - y0))
    raise AssertionError(f"{total} is outside the curve")


@pytest.mark.parametrize("method", ["overdispersed", "binomial"])
def test_single_reference_methods_pass_through_every_units_limits(method: str) -> None:
    compared = po.compare(counted(1), code="Ikke kapasitet", by=("district", "year"), method=method)
    curves = po.funnel_curve(compared, points=4000)
    for row in compared.iter_rows(named=True):
        curve = curves.filter(pl.col("year") == row["year"])
        for column in ("limit_low", "limit_high"):
            assert at(curve, row["total"], column) == pytest.approx(row[column], rel=1e-5)


@pytest.mark.parametrize("where", ["Oslo", "Finnmark"])
def test_random_effects_curve_is_the_flagged_units_own_reference(where: str) -> None:
    compared = po.compare(counted(0, outlier=where), code="Ikke kapasitet", by=("district", "year"))
    curves = po.funnel_curve(compared, points=4000)
    for year in (2020, 2021):
        rows = compared.filter(pl.col("year") == year)
        flagged = rows.filter(pl.col("flag") != "within")
        assert flagged["district"].to_list() == [where]
        row = flagged.row(0, named=True)
        curve = curves.filter(pl.col("year") == year)
        for column in ("limit_low", "limit_high"):
            assert at(curve, row["total"], column) == pytest.approx(row[column], rel=1e-5)
        assert row["share"] > at(curve, row["total"], "limit_high")  # drawn outside


def test_random_effects_curve_without_flags_holds_every_unit() -> None:
    compared = po.compare(counted(0), code="Ikke kapasitet", by=("district", "year"))
    # seed 0 flags nobody in either year (checked here, so a change shows)
    assert compared["flag"].to_list() == ["within"] * compared.height
    curves = po.funnel_curve(compared, points=500)
    for row in compared.iter_rows(named=True):
        curve = curves.filter(pl.col("year") == row["year"])
        assert at(curve, row["total"], "limit_low") < row["share"]
        assert row["share"] < at(curve, row["total"], "limit_high")


def test_shape_columns_range_and_order() -> None:
    compared = po.compare(counted(1), code="Ikke kapasitet", by=("district", "year"))
    curves = po.funnel_curve(compared, points=7)
    assert curves.columns == ["year", "total", "level", "limit_low", "limit_high"]
    assert curves.height == 14
    assert curves["year"].to_list() == [2020] * 7 + [2021] * 7
    first = curves.filter(pl.col("year") == 2020)["total"].to_list()
    assert first == sorted(first)
    assert first[0] == pytest.approx(12_000 / 2)
    assert first[-1] == pytest.approx(131_999 * 2)
    ratios = [b / a for a, b in itertools.pairwise(first)]
    assert max(ratios) == pytest.approx(min(ratios))  # even steps on a log scale
    # the funnel narrows as the total grows
    high = curves.filter(pl.col("year") == 2020)["limit_high"].to_list()
    assert high == sorted(high, reverse=True)
    # a LazyFrame of the same rows gives the same curves
    assert po.funnel_curve(compared.lazy(), points=7).equals(curves)


def test_no_groups_and_two_levels() -> None:
    frame = counted(1, years=1).drop("year")
    inner = po.compare(frame, code="Ikke kapasitet", level=0.95)
    outer = po.compare(frame, code="Ikke kapasitet", level=0.998)
    curves = po.funnel_curve(pl.concat([inner, outer]), points=3)
    assert curves.columns == ["total", "level", "limit_low", "limit_high"]
    assert curves["level"].to_list() == [0.95] * 3 + [0.998] * 3
    narrow, wide = curves.head(3), curves.tail(3)
    assert all(w > n for w, n in zip(wide["limit_high"], narrow["limit_high"], strict=True))


def test_extra_group_columns() -> None:
    frame = pl.concat([counted(1).with_columns(priority=pl.lit(p)) for p in (1, 2)])
    compared = po.compare(frame, code="Ikke kapasitet", by=("district", "year", "priority"))
    curves = po.funnel_curve(compared, points=2)
    assert curves.columns == ["year", "priority", "total", "level", "limit_low", "limit_high"]
    assert curves.select("year", "priority").unique().height == 4


def test_too_few_units_give_null_limits_and_no_tasks_no_rows() -> None:
    frame = pl.DataFrame(
        {
            "district": ["Oslo", "Vest", "Øst", "Agder", "Oslo", "Vest"],
            "year": [2020, 2020, 2020, 2020, 2021, 2021],
            "kode": ["Ikke kapasitet", "Utført", "Utført", "Ikke kapasitet", "Utført", "Utført"],
        }
    )
    compared = po.compare(frame, code="Ikke kapasitet", by=("district", "year"))
    curves = po.funnel_curve(compared, points=3)
    late = curves.filter(pl.col("year") == 2021)
    assert late.height == 3
    assert late["limit_high"].null_count() == 3
    empty = po.funnel_curve(compared.head(0))
    assert empty.height == 0
    assert empty.columns == ["year", "total", "level", "limit_low", "limit_high"]


@pytest.mark.parametrize("points", [0, 1, -5, 2.5, "10", True, None])
def test_bad_points(points: object) -> None:
    compared = po.compare(counted(1), code="Ikke kapasitet")
    with pytest.raises(InvalidArgumentError, match="points"):
        po.funnel_curve(compared, points=points)  # type: ignore[arg-type]


def test_not_a_compare_frame() -> None:
    with pytest.raises(SchemaError, match=r"po\.compare"):
        po.funnel_curve(po.indicators(counted(1)))


def test_plot_subtitle_quotes_the_spread_of_the_curve() -> None:
    pytest.importorskip("altair")
    from po_codes import plots  # noqa: PLC0415

    compared = po.compare(counted(0, outlier="Finnmark"), code="Ikke kapasitet")
    flagged = compared.filter(pl.col("flag") != "within").row(0, named=True)
    assert flagged["district"] == "Finnmark"
    # the curve is Finnmark's own reference, so its tau is the one quoted
    subtitle = " ".join(plots.funnel(compared, lang="en").to_dict()["title"]["subtitle"])
    assert f"τ ≈ {100 * flagged['tau']:.1f} percentage points" in subtitle
    others = float(compared.filter(pl.col("district") != "Finnmark")["tau"].median())  # type: ignore[arg-type]
    assert f"{100 * others:.1f}" not in subtitle
