"""read_tasks' options (skip_rows, separator, encoding, sheet_name), title lines, <stdin>."""

from __future__ import annotations

import inspect
import io
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import po_codes as po
from po_codes._cli import main

BODY = "Oppdragsnr;Kode;Distrikt\n1;Utført;Oslo\n2;Ikke kapasitet;Vest\n"


def _read(reader: str, path: Path, **options: Any) -> pl.DataFrame:
    if reader == "read":
        return po.read_tasks(path, **options)
    return po.scan_tasks(path, **options).collect()


def test_signature_is_the_documented_one() -> None:
    parameters = inspect.signature(po.read_tasks).parameters
    assert list(parameters) == [
        "path", "columns", "separator", "encoding", "skip_rows", "sheet_name",
    ]  # fmt: skip
    assert parameters["skip_rows"].default == 0
    assert all(p.kind is p.KEYWORD_ONLY for name, p in parameters.items() if name != "path")


@pytest.mark.parametrize("reader", ["read", "scan"])
def test_skip_rows_skips_lines_above_the_header(tmp_path: Path, reader: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text("noe;annet\nmer tekst\n" + BODY, encoding="utf-8")
    frame = _read(reader, path, skip_rows=2)
    assert frame.columns == ["task_id", "closure_code", "district"]
    assert frame["district"].to_list() == ["Oslo", "Vest"]


@pytest.mark.parametrize("skip_rows", [-1, 1.5])
def test_bad_skip_rows(tmp_path: Path, skip_rows: Any) -> None:
    path = tmp_path / "x.csv"
    path.write_text(BODY, encoding="utf-8")
    with pytest.raises((po.InvalidArgumentError, TypeError)):
        po.read_tasks(path, skip_rows=skip_rows)


@pytest.mark.parametrize("reader", ["read", "scan"])
@pytest.mark.parametrize(
    "title", ["Eksport fra PO, Agder 2016\n", "Eksport fra PO, Agder 2016\n\n", "Rapport\nAgder\n"]
)
def test_title_line_above_the_header_is_found(tmp_path: Path, reader: str, title: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(title + BODY, encoding="utf-8")
    frame = _read(reader, path)
    assert frame.columns == ["task_id", "closure_code", "district"]
    assert frame["closure_code"].to_list() == ["Utført", "Ikke kapasitet"]


def test_title_line_is_noted_in_the_cli_report_and_lines_stay_file_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        "Eksport fra PO, Agder 2016\n" + BODY + "3;Ukjent kode;Oslo\n", encoding="utf-8"
    )
    main(["validate", str(path), "--format", "json"])
    out = capsys.readouterr().out
    assert "Eksport fra PO, Agder 2016" in out  # the note names the skipped line
    assert '"line": 5' in out


def test_no_title_when_the_first_line_is_the_header(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(BODY, encoding="utf-8")
    assert po.read_tasks(path).height == 2


def test_sheet_name_and_skip_rows_in_excel(tmp_path: Path) -> None:
    pytest.importorskip("fastexcel")
    path = tmp_path / "x.xlsx"
    titled = pl.DataFrame(
        {"Eksport fra PO": ["Kode", "Utført", "Bortfalt"], " ": ["Distrikt", "Oslo", "Vest"]}
    )
    titled.write_excel(path, worksheet="Data")
    out = po.read_tasks(path, sheet_name="Data", skip_rows=1)
    assert out["closure_code"].to_list() == ["Utført", "Bortfalt"]
    assert out["district"].to_list() == ["Oslo", "Vest"]
    found = po.read_tasks(path, sheet_name="Data")  # the title row is found too
    assert found["closure_code"].to_list() == ["Utført", "Bortfalt"]


# -- stdin -----------------------------------------------------------------------------------


def test_stdin_errors_say_stdin_not_a_temporary_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = 'Kode;Distrikt\nUtført;Oslo\nUtført;"Oslo\n'.encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code = main(["validate", "-"])
    err = capsys.readouterr().err
    assert code == 2
    assert "<stdin>" in err
    assert "stdin.csv" not in err
    assert "tmp" not in err
