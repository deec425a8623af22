from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import po_codes as po

DATA = Path(__file__).parent / "data"


def test_norwegian_published_table_windows_1252() -> None:
    long = po.read_figures(DATA / "published_2016.csv")
    assert long.columns == ["district", "year", "closure_code", "n"]
    assert long.schema["closure_code"] == po.CLOSURE_CODE_DTYPE
    assert long.height == 2 * 14  # the national "Totalt" row is checked, then dropped
    assert set(long["district"]) == {"Oslo", "Sør-Øst"}
    oslo = dict(long.filter(pl.col("district") == "Oslo").select("closure_code", "n").rows())
    assert oslo["Bortfalt"] == 1234
    assert oslo["Ordnet på stedet"] == 10_000
    assert oslo["Utført"] == 45_678
    assert long.filter(pl.col("district") == "Oslo")["n"].sum() == 115_469


def test_tolerant_headers_dots_and_empty_cells() -> None:
    long = po.read_figures(DATA / "published_simple.csv")
    assert long["year"].null_count() == long.height
    rows = {(d, c): n for d, _, c, n in long.rows()}
    assert rows[("Sør-Vest", "Bortfalt")] == 1234
    assert rows[("Sør-Vest", "Ikke kapasitet")] == 0
    assert rows[("Sør-Vest", "Utført")] == 10


def test_figures_and_indicators_work_on_published_data() -> None:
    long = po.read_figures(DATA / "published_2016.csv")
    table = po.code_table(long, by="district", weight="n")
    assert table.filter(pl.col("district") == "Sør-Øst")["total"].item() == 100_842
    ind = po.indicators(long, weight="n")
    share = ind.filter(pl.col("district") == "Oslo")["ikke_kapasitet_share"].item()
    assert share == pytest.approx(2345 / 115_469)


def test_wrong_total_is_reported(tmp_path: Path) -> None:
    with pytest.raises(po.SchemaError, match=r"total of 'Oslo' is 13.*add up to 12"):
        po.read_figures(DATA / "published_badsum.csv")


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("Distrikt;Utført\nAtlantis;1\n", "did you mean|unknown district"),
        ("Distrikt;Utført\nOslo;mange\n", "'mange'.*not a count"),
        ("Navn;Utført\nOslo;1\n", "no district column"),
        ("Distrikt;Foo\nOslo;1\n", "no column is a closure code"),
        ("Distrikt;Utført\nOslo;5\nVest;5\nTotalt;11\n", "national row"),
    ],
)
def test_bad_tables(tmp_path: Path, content: str, match: str) -> None:
    path = tmp_path / "table.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(po.SchemaError, match=match) as exc:
        po.read_figures(path)
    assert "table.csv" in str(exc.value)
