"""The district page's charts: both funnel bands as curves, honest rounding, nice ticks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape
from itertools import pairwise
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import po_codes as po
from po_codes._publish import district_page
from po_codes._publish._data import _digits

CHROMIUM = Path("/usr/bin/chromium")


def embedded(page: str) -> dict[str, Any]:
    tag = '<script type="application/json" id="po-data">'
    start = page.index(tag) + len(tag)
    data: dict[str, Any] = json.loads(page[start : page.index("</script>", start)])
    return data


def frame(table: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(table["rows"], schema=table["columns"], orient="row")


@pytest.fixture(scope="module")
def tasks() -> pl.DataFrame:
    return po.synthetic_tasks(30_000, seed=3)


@pytest.fixture(scope="module")
def page(tasks: pl.DataFrame) -> str:
    return district_page(tasks)


def test_both_bands_are_smooth_curves_for_every_year(page: str) -> None:
    data = embedded(page)
    curves = frame(data["curves"])
    assert set(curves["level"].unique().to_list()) == {0.95, 0.998}
    per = curves.group_by("year", "level").agg(
        pl.len(), pl.col("total").max().alias("right"), pl.col("total").min().alias("left")
    )
    assert set(per["year"].to_list()) == set(data["years"])
    assert per["len"].min() >= 50  # type: ignore[operator]
    points = frame(data["funnel"])
    largest = points.group_by("year").agg(pl.col("total").max().alias("largest"))
    reach = per.join(largest, on="year")
    # The curves run over the whole x range, from near 0 past the largest district.
    assert (reach["right"] >= reach["largest"]).all()
    assert (reach["left"] <= reach["largest"] * 0.05).all()
    inner = curves.filter(pl.col("level") == 0.95).sort("year", "total")
    outer = curves.filter(pl.col("level") == 0.998).sort("year", "total")
    assert (outer["limit_high"] >= inner["limit_high"]).all()
    assert (outer["limit_low"] <= inner["limit_low"]).all()


def test_flag_sentence_rounds_like_the_limits_it_quotes(page: str) -> None:
    points = frame(embedded(page)["funnel"])
    assert len(points) > 50

    def value(text: str) -> float:
        return float(text.replace("\u00a0%", "").replace(",", "."))

    for row in points.iter_rows(named=True):
        share = value(row["share_text"])
        for suffix in ("", "_outer"):
            low, high = (
                value(row[f"limit_low{suffix}_text"]),
                value(row[f"limit_high{suffix}_text"]),
            )
            flag = row[f"flag{suffix}"]
            if flag == "above":
                assert share > high, row
            elif flag == "below":
                assert share < low, row
            else:
                assert low <= share <= high, row


def test_close_calls_get_more_decimals() -> None:
    # 4.949 % against an upper limit of 4.946 %: "4.9 %" and "4.95 %" would both lie.
    assert _digits(0.04949, (0.03, 0.04946, 0.02, 0.06), ("above", "within")) == 3
    assert _digits(0.041, (0.03, 0.049, 0.02, 0.06), ("within", "within")) == 1
    assert _digits(None, (None, None, None, None), ("", "")) == 1


def test_reform_line_only_when_the_years_span_it(tasks: pl.DataFrame) -> None:
    assert embedded(district_page(tasks))["reform"] is True
    after = po.synthetic_tasks(4_000, seed=2, years=range(2016, 2019))
    assert embedded(district_page(after))["reform"] is False
    before = po.synthetic_tasks(4_000, seed=2, years=range(2010, 2014))
    data = embedded(district_page(before))
    assert data["reform"] is False
    assert data["harmonised"] is True


def test_wording(page: str) -> None:
    shown = page.split('<script type="application/json"', maxsplit=1)[0]
    assert shown.count("politioperativt system (PO)") == 1
    assert "prioritet 3 eller høyere (1–3)" in page
    assert "mer haster" not in page
    assert "den vanlige forskjellen mellom distrikter" in page
    assert "registreres varierer mellom distrikter og over tid" in page
    english = district_page(po.synthetic_tasks(3_000, seed=1), lang="en")
    assert english.split("<script")[0].count("police operational system (PO)") == 1
    assert "usual spread between districts" in english
    assert "varies between districts and over time" in english


# -- in a real browser ---------------------------------------------------------------------


def dom(page: str, tmp_path: Path, suffix: str = "") -> str:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = subprocess.run(  # noqa: S603
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1400,1000",
            "--dump-dom",
            path.as_uri() + suffix,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


def tick_labels(dom_text: str, svg_id: str) -> tuple[list[str], list[str]]:
    """The percentage and the count labels of one chart."""
    svg = re.search(rf'<svg id="{svg_id}".*?</svg>', dom_text, re.DOTALL)
    assert svg is not None
    texts = [unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg.group())]
    percents = [t for t in texts if re.fullmatch(r"[\d,]+\u00a0%", t)]
    counts = [t for t in texts if re.fullmatch(r"[\d\u00a0]+", t)]
    return percents, counts


def nice(values: list[float]) -> bool:
    steps = {round(b - a, 9) for a, b in pairwise(values)}
    if len(steps) != 1:
        return False
    step = steps.pop()
    mantissa = step / 10 ** int(f"{step:e}".split("e")[1])
    return round(mantissa, 6) in {1.0, 2.0, 5.0}


@pytest.mark.skipif(shutil.which(str(CHROMIUM)) is None, reason="needs /usr/bin/chromium")
@pytest.mark.parametrize("rows", [600, 30_000])
def test_ticks_are_nice_and_distinct(rows: int, tmp_path: Path) -> None:
    page = district_page(po.synthetic_tasks(rows, seed=4, years=range(2015, 2018)))
    shown = dom(page, tmp_path, "#district=Vest")
    for svg_id in ("po-funnel", "po-trend"):
        percents, counts = tick_labels(shown, svg_id)
        assert len(percents) >= 3, (svg_id, percents)
        assert len(set(percents)) == len(percents), percents
        values = [float(p.replace("\u00a0%", "").replace(",", ".")) for p in percents]
        assert nice(values), percents
        if svg_id == "po-funnel":
            assert len(counts) >= 3, counts
            assert len(set(counts)) == len(counts), counts
            assert nice([float(c.replace("\u00a0", "")) for c in counts]), counts
    assert 'class="reform' in shown
    assert 'class="band-outer"' in shown
    assert 'class="band"' in shown


def test_address_keys_are_precomputed(page: str) -> None:
    keys = embedded(page)["address"]
    for spelling in ("vest", "sør-øst", "sor-ost", "sor ost", "sør-øst politidistrikt", "troms"):
        assert spelling in keys, spelling
    assert keys["sor-ost"] == "Sør-Øst"
    assert keys["troms"] == "Nordland og Troms"
    assert keys["hele landet"] == ""
