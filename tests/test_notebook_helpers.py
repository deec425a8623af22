from __future__ import annotations

import math
import re
import subprocess
import sys
import warnings
from types import ModuleType
from typing import Any

import polars as pl
import pytest

import po_codes as po
from po_codes import plots as _plots_module
from po_codes import tables as _tables_module

TASKS = po.harmonize_districts(po.synthetic_tasks(20_000, seed=5), split="combine")
CAPACITY = po.ClosureCode.IKKE_KAPASITET.value
NB_PERCENT = re.compile(r"\d,\d\u00a0%")  # "3,5 %" with a no-break space
EN_PERCENT = re.compile(r"\d\.\d%")


def _plots() -> ModuleType:
    """The charts module, or skip when altair (the notebook extra) is missing."""
    pytest.importorskip("altair")
    return _plots_module


def _tables() -> ModuleType:
    """The tables module, or skip when great_tables (the notebook extra) is missing."""
    pytest.importorskip("great_tables")
    return _tables_module


def _dataset(spec: dict[str, Any], part: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows a (layer of a) chart spec draws."""
    rows: list[dict[str, Any]] = spec["datasets"][part["data"]["name"]]
    return rows


def _layers(spec: dict[str, Any], mark: str, field: str | None = None) -> list[dict[str, Any]]:
    """Layers of ``spec`` with this mark type (and y field, when given)."""
    return [
        layer
        for layer in spec["layer"]
        if layer["mark"]["type"] == mark
        and (field is None or layer["encoding"].get("y", {}).get("field") == field)
    ]


def _svg_text(chart: Any) -> list[str]:
    """The text elements of the chart rendered by Vega (vl-convert), as a user sees them."""
    vl_convert = pytest.importorskip("vl_convert")
    svg: str = vl_convert.vegalite_to_svg(chart.to_json())
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_import_po_codes_does_not_import_notebook_dependencies() -> None:
    code = "import sys, po_codes; print('altair' in sys.modules or 'great_tables' in sys.modules)"
    out = subprocess.run(  # noqa: S603  (our own interpreter and code)
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_codes_by_district_encodes_shares_in_canonical_order() -> None:
    spec = _plots().codes_by_district(po.figures(TASKS)).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["field"] == "share"
    assert spec["encoding"]["color"]["scale"]["domain"] == [c.value for c in po.ClosureCode]
    assert spec["params"][0]["bind"]["options"][-1] == 2016  # year picker, latest first shown
    assert spec["config"]["locale"]["number"]["decimal"] == ","


# --- funnel ---------------------------------------------------------------------------

# Enough tasks per district and year for overdispersion to show (phi > 1).
BIG = po.harmonize_districts(po.synthetic_tasks(300_000, seed=0), split="combine")
COMPARE = po.compare(BIG, code=CAPACITY, by=("district", "year"))


def test_funnel_draws_the_frames_own_limits_as_smooth_curves() -> None:
    spec = _plots().funnel(COMPARE, code=CAPACITY).to_dict()
    latest = COMPARE.filter(pl.col("year") == 2016)
    # the curves are po.funnel_curve's, for the year drawn: one formula, not a second one
    expected = po.funnel_curve(COMPARE, points=120).filter(pl.col("year") == 2016)
    assert latest["phi"].null_count() == latest.height  # the random-effects default
    for bound in ("limit_low", "limit_high"):
        (layer,) = _layers(spec, "line", bound)
        rows = _dataset(spec, layer)
        assert len(rows) == 120
        totals = [row["total"] for row in rows]
        assert totals == sorted(totals)
        assert (
            totals[0] < min(latest["total"].to_list()) < max(latest["total"].to_list()) < totals[-1]
        )
        assert totals == pytest.approx(expected["total"].to_list(), rel=1e-12)
        assert [row[bound] for row in rows] == pytest.approx(expected[bound].to_list(), abs=1e-12)
    assert "τ ≈" in " ".join(spec["title"]["subtitle"])


@pytest.mark.parametrize("method", ["overdispersed", "binomial"])
def test_funnel_curves_of_the_other_methods(method: str) -> None:
    compared = po.compare(BIG, code=CAPACITY, by=("district", "year"), method=method)
    spec = _plots().funnel(compared, code=CAPACITY).to_dict()
    latest = compared.filter(pl.col("year") == 2016)
    p0, phi = latest.get_column("national_share")[0], latest.get_column("phi")[0]
    (layer,) = _layers(spec, "line", "limit_high")
    for row in _dataset(spec, layer):
        expected = p0 + 1.959964 * math.sqrt(phi * p0 * (1 - p0) / row["total"])
        assert row["limit_high"] == pytest.approx(min(expected, 1.0), abs=1e-4)
    assert "φ = " in " ".join(spec["title"]["subtitle"])


def test_funnel_curves_follow_the_level_compare_used() -> None:
    strict = po.compare(BIG, code=CAPACITY, by=("district", "year"), level=0.998)
    spec = _plots().funnel(strict, code=CAPACITY).to_dict()
    expected = po.funnel_curve(strict, points=120).filter(pl.col("year") == 2016)
    normal = po.funnel_curve(COMPARE, points=120).filter(pl.col("year") == 2016)
    (layer,) = _layers(spec, "line", "limit_high")
    drawn = [row["limit_high"] for row in _dataset(spec, layer)]
    assert drawn == pytest.approx(expected["limit_high"].to_list(), abs=1e-12)
    assert all(a > b for a, b in zip(drawn[:60], normal["limit_high"].head(60), strict=True))
    assert "99,8" in " ".join(spec["title"]["subtitle"])


def test_funnel_draws_the_national_line_once_and_points_by_flag() -> None:
    spec = _plots().funnel(COMPARE, code=CAPACITY).to_dict()
    (national,) = _layers(spec, "rule", "national_share")
    assert _dataset(spec, national) == [
        {"national_share": COMPARE.filter(pl.col("year") == 2016)["national_share"][0]}
    ]
    (points,) = _layers(spec, "circle", "share")
    assert points["encoding"]["color"]["field"] == "flag"
    assert points["encoding"]["color"]["scale"]["domain"] == ["above", "below", "within"]
    assert {row["year"] for row in _dataset(spec, points)} == {2016}


def test_funnel_picks_the_latest_year_unless_told() -> None:
    plots = _plots()
    latest = plots.funnel(COMPARE, code=CAPACITY).to_dict()
    assert latest["title"]["text"] == "Andel «Ikke kapasitet» mot antall oppdrag, 2016"
    older = plots.funnel(COMPARE, code=CAPACITY, year=2010, lang="en").to_dict()
    assert older["title"]["text"] == "Share 'Ikke kapasitet' against number of tasks, 2010"
    (points,) = _layers(older, "circle", "share")
    assert {row["year"] for row in _dataset(older, points)} == {2010}
    with pytest.raises(po.PoCodesError, match="2030"):
        plots.funnel(COMPARE, year=2030)


def test_funnel_y_axis_fits_the_data() -> None:
    spec = _plots().funnel(COMPARE, code=CAPACITY).to_dict()
    (points,) = _layers(spec, "circle", "share")
    low, high = points["encoding"]["y"]["scale"]["domain"]
    latest = COMPARE.filter(pl.col("year") == 2016)
    # The axis starts at 0 only when a share is near 0 (synthetic data differ between
    # polars versions: on polars 1.30 Finnmark has 2 such tasks, a share of 0.5 %).
    assert 0 <= low < min(latest["share"].to_list())
    assert max(latest["limit_high"].to_list()) < high < 0.2


def test_funnel_names_every_flagged_unit_without_overlap() -> None:
    plots = _plots()
    with pytest.warns(UserWarning, match="harmonize_districts"):  # 2002 and 2016 districts
        binomial = po.compare(
            po.synthetic_tasks(300_000, seed=2), code="Ingen operative tiltak", method="binomial"
        )
    flagged = set(binomial.filter(pl.col("flag") != "within")["district"].to_list())
    assert flagged, "the test needs flagged units"
    spec = plots.funnel(binomial).to_dict()
    texts = [
        row["label"]
        for layer in _layers(spec, "text")
        if "color" in layer["encoding"]
        for row in _dataset(spec, layer)
    ]
    assert flagged <= set(texts)
    assert len(texts) == len(set(texts))


def test_label_placement_avoids_overlaps_in_a_crowd() -> None:
    plots = _plots()
    crowd = [(f"District {i}", 300.0 + 3 * i, 150.0 + 2 * i, i % 3 == 0) for i in range(8)]
    placed = plots._place_labels(crowd, [], [])
    assert {name for name, *_ in placed} >= {name for name, *_, must in crowd if must}
    boxes = []
    for name, x, y, align in placed:
        width = plots._CHAR_WIDTH * len(name)
        x0 = {"left": x, "right": x - width, "center": x - width / 2}[align]
        boxes.append((x0, y - 7, x0 + width, y + 7))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_funnel_renders_norwegian_numbers() -> None:
    plots = _plots()
    chart = plots.funnel(COMPARE, code=CAPACITY)
    assert chart.to_dict()["config"]["locale"]["number"] == {
        "decimal": ",",
        "thousands": "\u00a0",
        "grouping": [3],
        "currency": ["", ""],  # charts show no money
        "percent": "\u00a0%",
    }
    texts = _svg_text(chart)
    assert any(NB_PERCENT.fullmatch(t) for t in texts), texts
    assert not any(EN_PERCENT.search(t) for t in texts)
    english = _svg_text(plots.funnel(COMPARE, code=CAPACITY, lang="en"))
    assert any(EN_PERCENT.fullmatch(t) for t in english), english


# --- capacity trend ---------------------------------------------------------------------


def test_capacity_trend_has_national_line_and_reform_rule() -> None:
    spec = _plots().capacity_trend(po.indicators(TASKS).lazy()).to_dict()
    assert spec["facet"]["field"] == "district"
    assert len(spec["facet"]["sort"]) == 11  # the 12 districts, Nordland and Troms combined
    layers = spec["spec"]["layer"]
    (rule,) = [layer for layer in layers if layer["mark"]["type"] == "rule"]
    assert rule["encoding"]["x"]["datum"] == 2015.5  # between 2015 and the reform year
    (label,) = [layer for layer in layers if layer["mark"]["type"] == "text"]
    assert label["encoding"]["text"]["value"] == "Politireformen 2016"
    lines = [layer for layer in layers if layer["mark"]["type"] == "line"]
    widths = {layer["transform"][0]["filter"]: layer["mark"]["strokeWidth"] for layer in lines}
    assert widths["(datum.series === 'hele landet')"] > widths["(datum.series === 'distriktet')"]
    # The national line is pooled from the counts: the same share po.compare reports.
    rows = spec["datasets"][spec["data"]["name"]]
    national = {r["year"]: r["share"] for r in rows if r["series"] == "hele landet"}
    expected = po.compare(TASKS, code=CAPACITY, by=("district", "year"))
    for year, share in expected.select("year", "national_share").unique().iter_rows():
        assert national[year] == pytest.approx(share)


def test_capacity_trend_warns_on_unharmonised_districts() -> None:
    plots = _plots()
    with pytest.warns(UserWarning, match=r"harmonize_districts"):  # indicators warns too
        raw = po.indicators(po.synthetic_tasks(20_000, seed=5))
    with pytest.warns(UserWarning, match=r"harmonize_districts") as caught:
        plots.capacity_trend(raw)
    assert "Follo" in str(caught[0].message) or "Romerike" in str(caught[0].message)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plots.capacity_trend(po.indicators(TASKS))
        plots.capacity_trend(po.indicators(po.synthetic_tasks(5_000, years=range(2007, 2016))))


def test_capacity_trend_renders_norwegian_percentages() -> None:
    texts = _svg_text(_plots().capacity_trend(po.indicators(TASKS)))
    assert any(re.fullmatch(r"[1-9]\d?\u00a0%", t) for t in texts), texts
    assert "Politireformen 2016" in texts
    assert "2016" in texts  # years are not grouped as "2 016"


# --- tables -------------------------------------------------------------------------------


def test_code_table_renders_norwegian_table() -> None:
    tables = _tables()
    html = tables.code_table(po.code_table(TASKS)).as_raw_html()
    assert "Med ressurs" in html
    assert "Uten ressurs" in html
    assert "Ikke kapasitet" in html
    assert "Uten kode" in html
    assert re.search(r">\d{1,3}\u00a0\d{3}<", html)  # "12 345"
    shares = tables.code_table(po.code_table(TASKS, shares=True)).as_raw_html()
    assert re.search(r">\d{1,2},\d\u00a0%<", shares)
    assert not re.search(r"\d[.,]\d%", shares)


def test_code_table_in_english() -> None:
    shares = _tables().code_table(po.code_table(TASKS, shares=True), lang="en").as_raw_html()
    assert "With resource" in shares
    assert re.search(r">\d{1,2}\.\d\u00a0%<", shares)
    assert re.search(r">\d{1,3},\d{3}<", shares)


def test_wrong_frames_are_refused() -> None:
    plots, tables = _plots(), _tables()
    with pytest.raises(po.SchemaError, match=r"po\.indicators"):
        plots.capacity_trend(pl.DataFrame({"x": [1]}))
    with pytest.raises(TypeError):
        tables.code_table([1, 2])
    with pytest.raises(po.PoCodesError, match="lang"):
        plots.funnel(COMPARE, lang="de")


def test_report_html_is_a_readable_table() -> None:
    report = po.validate(po.synthetic_tasks(2_000, seed=1, error_rate=0.05))
    html = report._repr_html_()
    assert html.startswith("<div")
    assert "PO101" in html
    assert "errors found" in html
    assert "<h2>Failures</h2>" in html
    assert "PO figures of the valid rows" in html
