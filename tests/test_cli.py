from __future__ import annotations

import json
from pathlib import Path

import pytest

import po_codes as po
from po_codes._cli import main

DATA = Path(__file__).parent / "data"
EXPORT = str(DATA / "cli_export.csv")
CLEAN = str(DATA / "cli_clean.csv")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_codes_text_json_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "codes")
    assert code == 0
    assert "Ordnet på stedet" in out
    assert "No capacity" in out
    code, out, _ = run(capsys, "codes", "--format", "json")
    rows = json.loads(out)
    assert [r["label"] for r in rows] == [c.value for c in po.ClosureCode]
    assert rows[11] == {
        "code": "IKKE_KAPASITET",
        "label": "Ikke kapasitet",
        "group": "without_resource",
        "requires_resource": False,
        "label_en": "No capacity",
    }
    code, out, _ = run(capsys, "codes", "--format", "csv")
    assert out.splitlines()[0] == "code,label,group,requires_resource,label_en"
    assert len(out.splitlines()) == 15


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert po.__version__ in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["bogus"],
        ["codes", "--format", "xml"],
        ["validate"],
        ["validate", "x", "--fail-on", "x"],
    ],
)
def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2
    assert "error" in capsys.readouterr().err


def test_validate_clean_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", CLEAN)
    assert code == 0
    assert "validation OK" in out


def test_validate_messy_file_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", EXPORT)
    assert code == 1
    for rule_id in ("PO001", "PO005", "PO102", "PO201", "PO203"):
        assert rule_id in out
    assert "did you mean 'Ordnet på stedet'" in out
    assert "did you mean 'Trøndelag'" in out


def test_validate_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", EXPORT, CLEAN, "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert [f["path"] for f in doc["files"]] == [EXPORT, CLEAN]
    first = doc["files"][0]
    assert set(first) >= {"path", "ok", "n_rows", "summary", "failures"}
    assert first["ok"] is False
    assert first["n_rows"] == 6
    failed = {f["rule_id"]: f["row_index"] for f in first["failures"] if f["severity"] == "error"}
    assert failed == {"PO102": 3, "PO001": 4, "PO005": 4, "PO201": 2}
    assert doc["files"][1]["ok"] is True


def test_validate_github_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", EXPORT, "--format", "github")
    assert code == 1
    lines = out.splitlines()
    po102 = next(line for line in lines if "PO102" in line and line.startswith("::error"))
    # row_index 3 is the fourth record: line 5 of the file (the header is line 1)
    assert f"file={EXPORT}" in po102
    assert ",line=5," in po102
    assert any(line.startswith("::warning") and "PO203" in line for line in lines)


def test_validate_select_ignore_and_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", EXPORT, "--select", "PO2", "--ignore", "PO201")
    assert code == 0  # only warnings remain
    assert "PO203" in out
    assert "PO001" not in out
    code, _, _ = run(
        capsys, "validate", EXPORT, "--select", "PO2", "--ignore", "PO201", "--fail-on", "warning"
    )
    assert code == 1
    code, _, err = run(capsys, "validate", EXPORT, "--select", "PO999")
    assert code == 2
    assert "PO999" in err


def test_validate_unreadable_file_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nope.csv"
    code, _, err = run(capsys, "validate", str(missing), CLEAN)
    assert code == 2
    assert "nope.csv" in err


def test_figures_csv_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "figures", CLEAN, "--by", "district", "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "district,closure_code,n,share"
    assert len(lines) == 1 + 3 * 14
    code, out, _ = run(capsys, "figures", CLEAN, "--by", "year", "--format", "json")
    rows = json.loads(out)
    assert sum(r["n"] for r in rows) == 3
    assert {r["year"] for r in rows} == {2016}


def test_figures_unreadable_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "figures", str(tmp_path / "missing.csv"))
    assert code == 2
    assert "missing.csv" in err


def test_demo_runs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "demo", "--rows", "20000")
    assert code == 0
    assert "Validating" in out
    assert "Ikke kapasitet" in out
    assert "Nordland og Troms" in out
