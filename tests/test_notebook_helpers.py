from __future__ import annotations

import subprocess
import sys

import polars as pl
import pytest

import po_codes as po
from po_codes import plots, tables

TASKS = po.harmonize_districts(po.synthetic_tasks(20_000, seed=5), split="combine")


def test_import_po_codes_does_not_import_notebook_dependencies() -> None:
    code = "import sys, po_codes; print('altair' in sys.modules or 'great_tables' in sys.modules)"
    out = subprocess.run(  # noqa: S603  (our own interpreter and code)
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_codes_by_district_encodes_shares_in_canonical_order() -> None:
    spec = plots.codes_by_district(po.figures(TASKS)).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["field"] == "share"
    assert spec["encoding"]["color"]["scale"]["domain"] == [c.value for c in po.ClosureCode]
    assert spec["params"][0]["bind"]["options"][-1] == 2016  # year picker, latest first shown


def test_capacity_trend_and_funnel() -> None:
    trend = plots.capacity_trend(po.indicators(TASKS).lazy()).to_dict()
    assert trend["encoding"]["y"]["field"] == "ikke_kapasitet_share"
    assert trend["encoding"]["color"]["field"] == "district"
    funnel = plots.funnel(po.compare(TASKS, code="Ikke kapasitet")).to_dict()
    fields = {layer["encoding"]["y"].get("field") for layer in funnel["layer"]}
    assert {"limit_low", "limit_high", "share"} <= fields


def test_code_table_renders_norwegian_table() -> None:
    html = tables.code_table(po.code_table(TASKS)).as_raw_html()
    assert "Med ressurs" in html
    assert "Uten ressurs" in html
    assert "Ikke kapasitet" in html
    shares = tables.code_table(po.code_table(TASKS, shares=True)).as_raw_html()
    assert "%" in shares


def test_wrong_frames_are_refused() -> None:
    with pytest.raises(po.SchemaError, match=r"po\.indicators"):
        plots.capacity_trend(pl.DataFrame({"x": [1]}))
    with pytest.raises(TypeError):
        tables.code_table([1, 2])  # type: ignore[arg-type]


def test_report_html_is_a_readable_table() -> None:
    report = po.validate(po.synthetic_tasks(2_000, seed=1, error_rate=0.05))
    html = report._repr_html_()
    assert html.startswith("<div")
    assert "PO101" in html
    assert "errors found" in html
    assert "<h2>Failures</h2>" in html
    assert "PO figures of the valid rows" in html
