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


def test_tolerant_headers_and_dots() -> None:
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
        ("Distrikt;Foo\nOslo;1\n", "column .Foo. holds counts but is not a closure code"),
        ("Distrikt;Merknad\nOslo;fin\n", "no column is a closure code"),
        ("Distrikt;Utført\nOslo;5\nVest;5\nTotalt;11\n", "national row"),
    ],
)
def test_bad_tables(tmp_path: Path, content: str, match: str) -> None:
    path = tmp_path / "table.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(po.SchemaError, match=match) as exc:
        po.read_figures(path)
    assert "table.csv" in str(exc.value)


# -- every layout, as CSV and as xlsx -------------------------------------------------------

WIDE = pl.DataFrame(
    {
        "Politidistrikt": ["Oslo", "Vest", "Hele landet"],
        "År": ["2016", "2016", "2016"],
        "Utført": ["1 200", "800", "2 000"],
        "Ikke kap.": ["30", "0", "30"],
        "Ingen op. tiltak": ["400", "300", "700"],
        "Sum": ["1 630", "1 100", "2 730"],
    }
)
EXPECTED = {
    ("Oslo", "Utført"): 1200,
    ("Oslo", "Ikke kapasitet"): 30,
    ("Oslo", "Ingen operative tiltak"): 400,
    ("Vest", "Utført"): 800,
    ("Vest", "Ikke kapasitet"): 0,
    ("Vest", "Ingen operative tiltak"): 300,
}


def _write(frame: pl.DataFrame, path: Path, title: str | None) -> Path:
    if path.suffix == ".xlsx":
        if title is None:
            frame.write_excel(path)
        else:  # a title row above the header, as newsrooms write them
            header = pl.DataFrame([frame.columns], schema=frame.columns, orient="row")
            titled = pl.concat([header, frame])
            first = titled.columns[0]
            titled.rename(
                {c: (title if c == first else f" {i}") for i, c in enumerate(titled.columns)}
            ).write_excel(path)
        return path
    text = frame.write_csv(separator=";")
    path.write_text((f"{title}\n\n" if title else "") + text, encoding="utf-8")
    return path


def _as_dict(long: pl.DataFrame) -> dict[tuple[str, str], int]:
    rows = long.filter(
        pl.col("closure_code").is_in(["Utført", "Ikke kapasitet", "Ingen operative tiltak"])
    )
    return {(d, str(c)): n for d, _, c, n in rows.rows()}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("title", [None, "PO-tall per politidistrikt 2016 (kilde: POD)"])
def test_wide_layout_with_abbreviations_and_a_title(
    tmp_path: Path, suffix: str, title: str | None
) -> None:
    long = po.read_figures(_write(WIDE, tmp_path / f"wide{suffix}", title))
    assert _as_dict(long) == EXPECTED
    assert long["year"].unique().to_list() == [2016]
    assert long.columns == ["district", "year", "closure_code", "n"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_transposed_layout(tmp_path: Path, suffix: str) -> None:
    transposed = pl.DataFrame(
        {
            "Avslutningskode": ["Utført", "Ikke kapasitet", "Ingen operative tiltak", "Totalt"],
            "Oslo": ["1200", "30", "400", "1630"],
            "Vest": ["800", "0", "300", "1100"],
        }
    )
    long = po.read_figures(_write(transposed, tmp_path / f"t{suffix}", None))
    assert _as_dict(long) == EXPECTED


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_long_layout(tmp_path: Path, suffix: str) -> None:
    rows = [(d, c, str(n)) for (d, c), n in EXPECTED.items()]
    frame = pl.DataFrame(
        {
            "År": ["2016"] * len(rows),
            "Politidistrikt": [r[0] for r in rows],
            "Avslutningskode": [r[1] for r in rows],
            "Antall": [r[2] for r in rows],
        }
    )
    long = po.read_figures(_write(frame, tmp_path / f"long{suffix}", None))
    assert _as_dict(long) == EXPECTED
    # counted rows: the figures functions use n without being told
    table = po.code_table(long, by="district")
    assert table.filter(pl.col("district") == "Oslo")["total"].item() == 1630


def test_unknown_count_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Distrikt;Utført;Ikke kp\nOslo;1;2\n", encoding="utf-8")
    with pytest.raises(po.SchemaError, match="'Ikke kp' holds counts"):
        po.read_figures(path)


def test_transposed_with_unknown_column_says_so(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Kode;Oslo;Atlantis\nUtført;1;2\n", encoding="utf-8")
    with pytest.raises(po.SchemaError, match=r"Atlantis.*neither districts nor totals"):
        po.read_figures(path)
