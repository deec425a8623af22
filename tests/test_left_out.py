"""Published figures leave out rows failing error rules and unknown districts, and say so."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

import po_codes as po
from po_codes._cli import main
from po_codes._publish import LeftOut, build_page, drop_invalid

NATIONAL = "<option value='' selected>Hele landet</option>"
PARTIAL = "<option value='' selected>Alle distrikter i dataene</option>"


@pytest.fixture(scope="module")
def clean() -> pl.DataFrame:
    return po.synthetic_tasks(6_000, seed=5, years=range(2016, 2019), error_rate=0.0)


@pytest.fixture(scope="module")
def dirty(clean: pl.DataFrame) -> pl.DataFrame:
    """Three rows from made-up districts (new ids) and two duplicated task ids."""
    made_up = clean.head(3).with_columns(
        pl.Series("district", ["Bergen", "Bergen", "Gotham"]),
        pl.format("X-{}", pl.col("task_id")).alias("task_id"),
    )
    return pl.concat([clean, made_up, clean.slice(10, 2)])


def options(page: str) -> list[str]:
    start = page.index('<select id="po-district"')
    return page[start : page.index("</select>", start)].split("<option")[1:]


def embedded(page: str) -> dict[str, object]:
    tag = '<script type="application/json" id="po-data">'
    start = page.index(tag) + len(tag)
    data: dict[str, object] = json.loads(page[start : page.index("</script>", start)])
    return data


def test_invalid_rows_and_unknown_districts_are_left_out(
    clean: pl.DataFrame, dirty: pl.DataFrame
) -> None:
    rows, left_out = drop_invalid(dirty)
    assert left_out == LeftOut(rows=5, tasks=5, districts=("Bergen", "Gotham"))
    assert isinstance(rows, pl.DataFrame)
    assert rows.height == clean.height
    assert left_out.summary() == (
        "left out 5 rows failing error rules; unknown districts: Bergen, Gotham"
    )
    kept, nothing = drop_invalid(dirty, keep_invalid=True)
    assert kept is dirty
    assert nothing.kept


def test_page_leaves_them_out_and_says_how_many(clean: pl.DataFrame, dirty: pl.DataFrame) -> None:
    page, left_out = build_page(dirty)
    assert left_out.rows == 5
    assert not any("Bergen" in o or "Gotham" in o for o in options(page))
    assert "5 rader brøt en feilregel" in page
    assert "oppdrag i alt" not in page.split("<script")[0]  # rows are tasks here
    assert "Ukjente distrikter som er utelatt: Bergen, Gotham." in page
    assert embedded(page)["figures"] == embedded(build_page(clean)[0])["figures"]
    kept = po.district_page(dirty, keep_invalid=True)
    assert any("Bergen" in o for o in options(kept))
    assert NATIONAL in kept  # every known district is there
    # 11 known districts and a made-up one are not the whole country.
    no_oslo = po.district_page(dirty.filter(pl.col("district") != "Oslo"), keep_invalid=True)
    assert PARTIAL in no_oslo
    assert "bare 11 av de 12 distriktene" in no_oslo
    assert "keep_invalid=True" in kept


def test_one_district_export_is_not_the_whole_country(clean: pl.DataFrame) -> None:
    oslo = clean.filter(pl.col("district") == "Oslo")
    page = po.district_page(oslo)
    assert PARTIAL in page
    assert NATIONAL not in page
    assert [o.split(">")[1].split("<")[0] for o in options(page)] == [
        "Alle distrikter i dataene",
        "Oslo",
    ]
    assert "bare 1 av de 12 distriktene" in page
    english = po.district_page(oslo, lang="en")
    assert "All districts in the data" in english
    assert "Whole country" not in english.split("<script")[0]
    assert NATIONAL in po.district_page(clean)


def test_counted_table_counts_tasks(clean: pl.DataFrame) -> None:
    counted = po.figures(clean, by=("district", "year")).select(
        "district", "year", "closure_code", "n"
    )
    odd = pl.concat(
        [
            counted.with_columns(pl.col("closure_code").cast(pl.String)),
            pl.DataFrame(
                {"district": ["Bergen"], "year": [2017], "closure_code": ["Utført"], "n": [40]}
            ).cast({"year": counted["year"].dtype, "n": counted["n"].dtype}),
        ]
    )
    _, left_out = drop_invalid(odd)
    assert left_out == LeftOut(rows=1, tasks=40, districts=("Bergen",))
    page = po.district_page(odd)
    assert "1 rad brøt en feilregel (po.validate) og er ikke talt med." in page
    assert "De hadde 40 oppdrag i alt." in page


def test_cli_page_and_figures_say_what_they_left_out(
    dirty: pl.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.csv"
    dirty.write_csv(export)
    out = tmp_path / "page.html"
    assert main(["page", str(export), "--output", str(out), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "left out 5 rows failing error rules; unknown districts: Bergen, Gotham" in err
    assert "Bergen" not in "".join(options(out.read_text(encoding="utf-8")))

    assert main(["figures", str(export), "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert "left out 5 rows" in captured.err
    assert "Bergen" not in captured.out

    assert main(["figures", str(export), "--format", "csv", "--keep-invalid"]) == 0
    captured = capsys.readouterr()
    assert "kept rows failing error rules" in captured.err
    assert "Bergen" in captured.out
