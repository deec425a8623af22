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
    flowing = " ".join(out.split())  # the text is wrapped to the terminal's width
    assert "did you mean 'Ordnet på stedet'" in flowing
    assert "did you mean 'Trøndelag'" in flowing


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
    assert "PO102 line 5:" in po102  # one numbering: the file's line
    assert lines[-1].startswith("::error")
    assert "po-codes summary" in lines[-1]
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


# -- issue 14: formats, flags, settings, exit codes ------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "github", "html", "markdown", "junit"])
def test_every_format_writes_to_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"report.{fmt}"
    code, out, err = run(capsys, "validate", EXPORT, "--format", fmt, "--output", str(target))
    assert code == 1
    assert out == ""
    assert "1 file, 6 rows" in err
    written = target.read_text("utf-8")
    assert "PO102" in written
    if fmt == "json":
        assert json.loads(written)["files"][0]["failures"][0]["line"] is not None
    if fmt == "junit":
        import xml.etree.ElementTree as ET  # noqa: PLC0415

        suite = ET.fromstring(written).find("testsuite")  # noqa: S314  (our own output)
        assert suite is not None
        assert int(suite.get("failures", "0")) >= 4
        assert len(suite.findall("testcase")) == len(po.RULES)
    if fmt == "html":
        assert written.startswith("<!doctype html>")
        assert "http" not in written
    if fmt == "markdown":
        assert written.startswith("## po-codes validation")
        assert "| PO102 | error | failed |" in written


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io  # noqa: PLC0415

    data = Path(EXPORT).read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run(capsys, "validate", "-", "--format", "json")
    assert code == 1
    assert json.loads(out)["files"][0]["path"] == "<stdin>"


def test_columns_severity_lang_and_skipped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Oppdrags-ID;Kodeverdi;Prio\n1;Ikke kapasitet;5\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2  # no closure code column
    assert "closure code column" in err
    args = ["validate", str(path), "--columns", "Oppdrags-ID=task_id,Kodeverdi=closure_code"]
    code, out, _ = run(capsys, *args, "--columns", "Prio=priority")
    assert code == 0  # PO203 is a warning
    assert "PO203" in out
    code, _, _ = run(capsys, *args, "--columns", "Prio=priority", "--severity", "PO203=error")
    assert code == 1
    code, out, _ = run(capsys, *args, "--lang", "nb", "--fail-on-skipped")
    assert code == 1  # rules were skipped
    assert "hoppet over" in out


def test_settings_from_pyproject(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.po-codes]\nselect = ["PO2"]\nseverity = {PO203 = "error"}\nlang = "nb"\n'
        '[tool.po-codes.columns]\nKodeverdi = "closure_code"\n',
        encoding="utf-8",
    )
    (tmp_path / "x.csv").write_text("Kodeverdi;Prio\nIkke kapasitet;5\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "validate", "x.csv")
    assert code == 1
    assert "PO203" in out
    assert "PO001" not in out
    assert "hoppet over" in out
    code, _, _ = run(capsys, "validate", "x.csv", "--severity", "PO203=warning")
    assert code == 0  # flags win


def test_empty_select_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", EXPORT, "--select", "")
    assert code == 2
    assert "--select" in err


def test_internal_errors_exit_3(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("boom\nmore")

    monkeypatch.setattr("po_codes._validate.validate", boom)
    code, _, err = run(capsys, "validate", CLEAN)
    assert code == 3
    assert err.count("\n") == 1
    assert "RuntimeError: boom" in err
    with pytest.raises(RuntimeError):
        main(["--debug", "validate", CLEAN])


def test_broken_pipe_keeps_the_failure(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken:
        def write(self, _: str) -> int:
            raise BrokenPipeError

        def fileno(self) -> int:
            raise OSError

    monkeypatch.setattr("sys.stdout", Broken())
    assert main(["validate", EXPORT, "--format", "json"]) == 1
    assert main(["validate", CLEAN, "--format", "json"]) == 0


def test_skip_files_without_codes_for_pre_commit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "requirements.csv"
    other.write_text("name;version\npolars;1\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", str(other), CLEAN, "--skip-without-codes")
    assert code == 0
    assert "skipped" in err


def test_page_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    code, _, err = run(capsys, "page", CLEAN, "--output", str(target), "--lang", "en")
    assert code == 0
    assert "wrote" in err
    # A few districts only: the sum is "All districts in the data", not the country.
    assert "All districts in the data" in target.read_text("utf-8")


def test_stdin_errors_never_show_the_temporary_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io  # noqa: PLC0415

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"a;b\n1;2\n")))
    code, out, err = run(capsys, "validate", "-", "--format", "json")
    assert code == 2
    assert "'<stdin>' has no closure code column" in err
    assert "stdin.csv" not in err + out
    assert json.loads(out)["files"][0]["error"].startswith("'<stdin>'")
