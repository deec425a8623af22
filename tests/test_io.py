from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import po_codes as po

DATA = Path(__file__).parent / "data"
FIXTURES = ["tasks_cp1252.csv", "tasks_bom.csv", "tasks_tab.tsv", "cli_export.csv"]


def test_windows_1252_semicolon_export() -> None:
    raw = po.read_tasks(DATA / "tasks_cp1252.csv")
    assert raw["district"][1] == "Søndre Buskerud politidistrikt"  # kept as written
    assert all(dtype == pl.String for dtype in raw.schema.values())
    df = po.normalize(raw)
    assert df.height == 5
    assert df.columns[:4] == ["task_id", "district", "created_at", "closed_at"]
    assert "Kommentar" in df.columns  # unknown columns are kept
    assert df["Kommentar"][0] == "kaffe; te"
    assert df["district"].to_list() == [
        "Østfold",
        "Søndre Buskerud",
        "Midtre Hålogaland",
        "Asker og Bærum",
        "Finnmark",
    ]
    assert df.schema["closure_code"] == po.CLOSURE_CODE_DTYPE
    assert df.schema["resource_assigned"] == pl.Boolean
    assert df["created_at"][0] == datetime(2015, 2, 1, 10)
    assert df["priority"].to_list() == ["2", "INGEN", "3", "1", "4"]
    assert df["handled_by"][4] == "Viltnemnda"
    assert df["year"].to_list() == [2015] * 5


def test_utf8_bom_comma_and_messy_codes() -> None:
    raw = po.read_tasks(DATA / "tasks_bom.csv")
    assert raw["closure_code"][0] == "Utfoert"  # kept as written: PO008 can see it
    assert po.validate(raw).summary.filter(rule_id="PO008")["n_failed"].item() == 4
    df = po.normalize(raw)
    assert df.columns[0] == "task_id"
    assert df["closure_code"].to_list() == [
        "Utført",
        "Ikke kapasitet",
        "Ordnet på stedet",
        "Sak opprettet",
    ]
    assert df["resource_assigned"].to_list() == [True, False, True, True]
    assert df["district"].to_list() == ["Sør-Øst", "Oslo", "Trøndelag", "Vest"]


def test_tab_separated_equals_comma_separated() -> None:
    assert po.read_tasks(DATA / "tasks_tab.tsv").equals(po.read_tasks(DATA / "tasks_bom.csv"))


def test_unreadable_values_keep_their_text() -> None:
    df = po.read_tasks(DATA / "cli_export.csv")
    assert df.schema["closure_code"] == pl.String
    assert "Ordnet pa sted" in df["closure_code"].to_list()
    assert "Trondelagg" in df["district"].to_list()
    report = po.validate(df)
    assert "did you mean 'Ordnet på stedet'" in str(report)


@pytest.mark.parametrize("name", FIXTURES)
def test_scan_equals_read_where_every_value_converts(name: str) -> None:
    read = po.read_tasks(DATA / name)
    scanned = po.scan_tasks(DATA / name)
    assert isinstance(scanned, pl.LazyFrame)
    got = scanned.collect()
    assert got.height == read.height
    assert got.columns == read.columns
    if read.schema == got.schema:
        assert got.equals(read)


def test_parquet_round_trip(tmp_path: Path) -> None:
    df = po.read_tasks(DATA / "tasks_cp1252.csv")
    path = tmp_path / "tasks.parquet"
    df.write_parquet(path)
    assert po.read_tasks(path).equals(df)
    assert po.scan_tasks(path).collect().equals(df)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.csv", b"", "empty"),
        ("binary.csv", b"\x00\x01\x02" * 100, "binary"),
        ("nocode.csv", b"a;b\n1;2\n", "no closure code column"),
        ("data.json", b"{}", "unsupported file type"),
        ("fake.parquet", b"not parquet", "fake.parquet"),
    ],
)
def test_unreadable_files_name_file_and_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(po.SchemaError, match=reason) as exc:
        po.read_tasks(path)
    assert name in str(exc.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(po.SchemaError, match="no such file"):
        po.read_tasks(tmp_path / "missing.csv")
    with pytest.raises(po.SchemaError, match="not a file"):
        po.scan_tasks(tmp_path)
    with pytest.raises(TypeError):
        po.read_tasks(42)  # type: ignore[arg-type]


_CELL = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=12)


@settings(max_examples=30)
@given(st.lists(st.tuples(_CELL, _CELL), min_size=1, max_size=20))
def test_csv_round_trip_keeps_every_row(rows: list[tuple[str, str]]) -> None:
    frame = pl.DataFrame(
        {"Avslutningskode": [a for a, _ in rows], "Merknad": [b for _, b in rows]},
        schema={"Avslutningskode": pl.String, "Merknad": pl.String},
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        frame.write_csv(path, separator=";")
        back = po.read_tasks(path)
    assert back.height == frame.height
    report = po.validate(back)
    assert report.valid_rows().height + report.invalid_rows().height == frame.height
