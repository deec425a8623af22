"""Issue 24, items 2 and 3: a cap on listed failures (counts stay exact) and
share-of-rows thresholds, in the library, the formats and the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest

import po_codes as po
from po_codes._cli import main

# 20 rows: 12 'Sak opprettet' without a case number (PO201, error), 8 fine.
FRAME = pl.DataFrame(
    {
        "task_id": [str(i) for i in range(20)],
        "closure_code": ["Sak opprettet"] * 12 + ["Utført"] * 8,
        "case_number": [None] * 12 + [None] * 8,
    }
)


def po201(report: po.ValidationReport[pl.DataFrame]) -> dict[str, object]:
    row: dict[str, object] = report.summary.filter(rule_id="PO201").row(0, named=True)
    return row


@pytest.mark.parametrize("lazy", [False, True])
def test_max_failures_lists_n_rows_per_rule_and_keeps_counts(lazy: bool) -> None:
    source = FRAME.lazy() if lazy else FRAME
    report = po.validate(source, max_failures=3)
    assert report.failures.filter(rule_id="PO201")["row_index"].to_list() == [0, 1, 2]
    assert report.summary.filter(rule_id="PO201")["n_failed"].item() == 12
    assert report.truncated
    assert report.n_invalid == 12  # the rows are all still there
    data = report.to_dict()
    assert data["truncated"] is True
    assert len(data["failures"]) == 3
    assert next(r for r in data["summary"] if r["rule_id"] == "PO201")["n_failed"] == 12


def test_no_cap_or_a_large_one_is_not_truncated() -> None:
    assert not po.validate(FRAME).truncated
    assert len(po.validate(FRAME).failures) == 12
    assert not po.validate(FRAME, max_failures=12).truncated
    assert po.validate(FRAME, max_failures=0).failures.is_empty()


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True])
def test_a_bad_cap_is_a_clear_error(bad: object) -> None:
    with pytest.raises((po.InvalidArgumentError, TypeError), match="max_failures"):
        po.validate(FRAME, max_failures=bad)  # type: ignore[call-overload]


def test_share_failed_is_in_the_summary() -> None:
    row = po201(po.validate(FRAME))
    assert row["share_failed"] == pytest.approx(12 / 20)
    assert row["threshold"] is None
    skipped = po.validate(FRAME).summary.filter(status="skipped")
    assert skipped["share_failed"].null_count() == len(skipped)


def test_a_rule_passes_under_its_threshold_and_fails_above_it() -> None:
    under = po.validate(FRAME, thresholds={"PO201": 0.7})
    assert po201(under)["status"] == "passed"
    assert po201(under)["n_failed"] == 12
    assert po201(under)["threshold"] == 0.7
    assert under.ok
    assert len(under.failures.filter(rule_id="PO201")) == 12  # still listed
    text = " ".join(under.to_text().split())
    assert "PO201 passed: 60.0 % of rows failed, under its threshold of 70 %" in text
    above = po.validate(FRAME, thresholds={"PO2": 0.5})  # a prefix, like select
    assert po201(above)["status"] == "failed"
    assert not above.ok
    text = " ".join(above.to_text().split())
    assert "PO201 failed: 60.0 % of rows, above its threshold of 50 %" in text
    nb = " ".join(po.validate(FRAME, thresholds={"PO201": 0.5}, lang="nb").to_text().split())
    assert "over terskelen på 50 %" in nb


@pytest.mark.parametrize(
    ("thresholds", "error"),
    [
        ({"PO201": 1.5}, po.InvalidArgumentError),
        ({"PO201": -0.1}, po.InvalidArgumentError),
        ({"PO201": "5%"}, po.InvalidArgumentError),
        ({"PO999": 0.1}, po.UnknownRuleError),
        ({1: 0.1}, TypeError),
        (["PO201"], TypeError),
    ],
)
def test_a_bad_threshold_is_a_clear_error(thresholds: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        po.validate(FRAME, thresholds=thresholds)  # type: ignore[call-overload]


def test_text_formats_list_ten_per_rule_and_say_how_many_more() -> None:
    big = pl.DataFrame({"closure_code": ["Sak opprettet"] * 123_456, "case_number": None})
    report = po.validate(big)
    for rendered in (report.to_text(), report.to_markdown(), report.to_github()):
        assert len(re.findall(r"\brow \d+\b", rendered)) == 10
        assert "… and 123,446 more" in rendered
    every = po.validate(big.head(2000)).to_text(max_failures=None)
    assert len(re.findall(r"\brow \d+\b", every)) == 2000


# -- the command line ----------------------------------------------------------------------


@pytest.fixture
def export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    FRAME.write_csv("x.csv", separator=";")
    return "x.csv"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_max_failures(export: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "validate", export)
    assert len(re.findall(r"line \d+, task", out)) == 10  # the default: 10 per rule
    assert "… and 2 more" in out
    _, out, _ = run(capsys, "validate", export, "--max-failures", "all")
    assert len(re.findall(r"line \d+, task", out)) == 12
    assert "more" not in out
    _, out, _ = run(capsys, "validate", export, "--max-failures", "2", "--format", "github")
    assert out.count("::error file=x.csv,line=") == 2
    assert "PO201 … and 10 more" in out
    _, out, _ = run(capsys, "validate", export, "--format", "json")
    assert len(json.loads(out)["files"][0]["failures"]) == 12  # JSON: all by default
    _, out, _ = run(capsys, "validate", export, "--format", "json", "--max-failures", "3")
    document = json.loads(out)["files"][0]
    assert len(document["failures"]) == 3
    assert document["truncated"] is True
    assert next(r for r in document["summary"] if r["rule_id"] == "PO201")["n_failed"] == 12


@pytest.mark.parametrize("bad", ["-1", "many", "1.5"])
def test_cli_bad_max_failures_is_exit_2(
    export: str, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    code, _, err = run(capsys, "validate", export, "--max-failures", bad)
    assert code == 2
    assert "max-failures" in err


def test_cli_threshold_flag_and_setting(
    export: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "validate", export)[0] == 1
    code, out, _ = run(capsys, "validate", export, "--threshold", "PO201=70%")
    assert code == 0
    assert "under its threshold of 70" in " ".join(out.split())
    assert run(capsys, "validate", export, "--threshold", "PO201=0.5")[0] == 1
    (tmp_path / "pyproject.toml").write_text(
        '[tool.po-codes]\nthreshold = {PO201 = "65%"}\nmax-failures = 1\n', encoding="utf-8"
    )
    code, out, _ = run(capsys, "validate", export)
    assert code == 0
    assert len(re.findall(r"line \d+, task", out)) == 1
    assert run(capsys, "validate", export, "--threshold", "PO201=10%")[0] == 1  # flags win


@pytest.mark.parametrize("bad", ["PO201", "PO201=150%", "PO201=x", "PO999=5%"])
def test_cli_bad_threshold_is_exit_2(
    export: str, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    code, _, err = run(capsys, "validate", export, "--threshold", bad)
    assert code == 2
    assert err.count("\n") == 1


def test_rows_of_a_rule_under_its_threshold_are_notices_not_errors() -> None:
    under = po.validate(FRAME, thresholds={"PO201": 0.7}).to_github()
    po201_lines = [line for line in under.splitlines() if "title=PO201" in line]
    assert len(po201_lines) == 10
    assert all(line.startswith("::notice ") for line in po201_lines)
    above = po.validate(FRAME, thresholds={"PO201": 0.5}).to_github()
    assert sum(line.startswith("::error title=PO201") for line in above.splitlines()) == 10


def test_the_text_report_shows_each_rules_share_of_rows() -> None:
    text = po.validate(FRAME).to_text(120)
    po201 = next(line for line in text.splitlines() if " PO201 " in line)
    assert "12 rows" in po201
    assert "60.0\u00a0%" in po201
    rare = pl.DataFrame(
        {"closure_code": ["Sak opprettet"] + ["Utført"] * 5000, "case_number": None}
    )
    line = next(x for x in po.validate(rare).to_text(120).splitlines() if " PO201 " in x)
    assert "< 0.1\u00a0%" in line  # not a misleading 0.0 %
