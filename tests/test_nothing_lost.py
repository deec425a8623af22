"""Nothing silently lost or invented: line endings, empty rows, missing-value groups, years."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import po_codes as po

MISSING = ["N/A", "-", "NULL", "", "  ", "null", "–", "n/a"]


# -- line endings and empty rows -------------------------------------------------------------


@pytest.mark.parametrize("reader", ["read", "scan"])
@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_old_mac_line_endings_read_every_row(tmp_path: Path, reader: str, encoding: str) -> None:
    path = tmp_path / "mac.csv"
    text = "Kode;Distrikt\rUtført;Oslo\rIkke kapasitet;Vest\r\rSak opprettet;Øst\r"
    path.write_bytes(text.encode(encoding))
    frame = po.read_tasks(path) if reader == "read" else po.scan_tasks(path).collect()
    assert frame["closure_code"].to_list() == ["Utført", "Ikke kapasitet", "Sak opprettet"]
    assert frame["district"].to_list() == ["Oslo", "Vest", "Øst"]


def test_old_mac_line_endings_keep_line_numbers_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(b"Kode;Distrikt\rUtf;Oslo\rUtf;Oslo;x\r")
    with pytest.raises(po.UnreadableFileError) as info:
        po.read_tasks(path)
    assert info.value.line == 3


@pytest.mark.parametrize("reader", ["read", "scan"])
@pytest.mark.parametrize("blank_line", [False, True])
def test_tsv_keeps_a_row_of_empty_fields_as_csv_does(
    tmp_path: Path, reader: str, blank_line: bool
) -> None:
    rows = [["Utført", "Oslo"], ["", ""], ["Ikke kapasitet", "Vest"]]
    gap = "\n" if blank_line else ""
    tsv, csv = tmp_path / "a.tsv", tmp_path / "a.csv"
    tsv.write_text(
        "Kode\tDistrikt\n" + gap + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8"
    )
    csv.write_text(
        "Kode;Distrikt\n" + gap + "".join(";".join(r) + "\n" for r in rows), encoding="utf-8"
    )

    def read(path: Path) -> pl.DataFrame:
        return po.read_tasks(path) if reader == "read" else po.scan_tasks(path).collect()

    assert read(csv).height == 3
    assert read(tsv).equals(read(csv))


# -- missing-value tokens are never groups ---------------------------------------------------


def _tasks(districts: list[str], teams: list[str]) -> pl.DataFrame:
    return pl.DataFrame({"Kode": ["Utført"] * len(districts), "Distrikt": districts, "Team": teams})


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([*MISSING, "Oslo", " oslo ", "Vest"]), min_size=1, max_size=12))
def test_missing_tokens_never_become_districts_or_groups(districts: list[str]) -> None:
    teams = [d if d.strip() in MISSING or not d.strip() else "A" for d in districts]
    frame = _tasks(districts, teams)
    real = {"Oslo", "Vest", None}
    out = po.figures(frame, by=["district", "Team"])
    assert set(out["district"].to_list()) <= real
    assert set(out["Team"].to_list()) <= {"A", None}
    assert out["n"].sum() == len(districts)  # nothing dropped either
    table = po.code_table(frame, by="district")
    assert set(table["district"].to_list()) <= real
    assert table["total"].sum() == len(districts)
    compared = po.compare(frame, code="Utført")
    assert set(compared["district"].to_list()) <= real


def test_extra_by_column_is_cleaned_like_every_column() -> None:
    frame = _tasks(["Oslo"] * 4, [" A", "A ", "N/A", "A\u030a"])
    out = po.figures(frame, by="Team").filter(pl.col("n") > 0)
    assert dict(out.select("Team", "n").rows()) == {"A": 2, None: 1, "Å": 1}


# -- an unreadable year stays visible after normalize ----------------------------------------


def test_figures_of_normalized_frame_reports_unreadable_year_like_raw() -> None:
    raw = pl.DataFrame({"Kode": ["Utført", "Utført"], "År": ["2016", "20x6"]})
    with pytest.raises(po.SchemaError, match="20x6") as from_raw:
        po.figures(raw, by="year")
    with pytest.raises(po.SchemaError, match="20x6") as from_normalized:
        po.figures(po.normalize(raw), by="year")
    assert from_normalized.value.value == from_raw.value.value == "20x6"


def test_figures_of_normalized_frame_reports_unreadable_count_like_raw() -> None:
    raw = pl.DataFrame({"Kode": ["Utført", "Utført"], "Antall": ["3", "tre"]})
    with pytest.raises(po.SchemaError, match="tre"):
        po.figures(raw, by=())
    with pytest.raises(po.SchemaError, match="tre"):
        po.figures(po.normalize(raw), by=())


# -- a Windows-1252 file with a few UTF-8 lines ----------------------------------------------


@pytest.mark.parametrize("reader", ["read", "scan"])
def test_cp1252_file_with_some_utf8_lines_decides_per_line(tmp_path: Path, reader: str) -> None:
    lines = [("Utført;Søndre Buskerud", "cp1252")] * 30 + [("Utført;Sør-Øst", "utf-8")] * 3
    lines += [("Ikke utført;Østfold", "cp1252")] * 5 + [("Ordnet på stedet;Møre", "utf-8")]
    data = b"Kode;Distrikt\n" + b"".join((text + "\n").encode(encoding) for text, encoding in lines)
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    frame = po.read_tasks(path) if reader == "read" else po.scan_tasks(path).collect()
    assert frame["closure_code"].to_list() == [text.split(";")[0] for text, _ in lines]
    assert frame["district"].to_list() == [text.split(";")[1] for text, _ in lines]
    assert not any("Ã" in value for value in frame["district"].to_list())
