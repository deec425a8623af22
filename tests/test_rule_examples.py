"""Per-rule tests generated from each rule's own examples.

Every built-in rule carries a row that fails it and the nearest row that passes it
(:attr:`po.Rule.fails`, :attr:`po.Rule.passes`). Here each rule must fire on its failing
example (as a DataFrame, a LazyFrame, and in both languages), stay silent on its
passing one, and be reported skipped, naming the column, when a column it needs is
absent. A rule without examples fails these tests, so none can be added without them.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

import po_codes as po
from po_codes._rules import example_frame

RULES = {rule.id: rule for rule in po.RULES}
IDS = sorted(RULES)


def failed(report: po.ValidationReport[Any], rule_id: str) -> int:
    row = report.summary.filter(pl.col("rule_id") == rule_id).row(0, named=True)
    assert row["status"] != "skipped", f"{rule_id} was skipped: {row['missing_columns']}"
    return int(row["n_failed"])


@pytest.mark.parametrize("rule_id", IDS)
def test_every_rule_has_both_examples(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert rule.fails is not None
    assert rule.passes is not None
    assert rule.basis
    assert rule.title_in("nb") != rule.title_in("en")
    assert rule.description_in("nb") != rule.description_in("en")


@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
@pytest.mark.parametrize("rule_id", IDS)
def test_fires_on_its_failing_example(rule_id: str, lazy: bool) -> None:
    frame = example_frame(RULES[rule_id], "fails")
    report = po.validate(frame.lazy() if lazy else frame)
    assert failed(report, rule_id) == 1
    messages = report.failures.filter(pl.col("rule_id") == rule_id)["message"].to_list()
    assert len(messages) == 1
    assert messages[0]


@pytest.mark.parametrize("rule_id", IDS)
def test_is_silent_on_its_passing_example(rule_id: str) -> None:
    report = po.validate(example_frame(RULES[rule_id], "passes"))
    assert failed(report, rule_id) == 0


@pytest.mark.parametrize("rule_id", IDS)
def test_norwegian_message_differs_from_english(rule_id: str) -> None:
    frame = example_frame(RULES[rule_id], "fails")
    english = po.validate(frame).failures.filter(pl.col("rule_id") == rule_id)["message"]
    norsk = po.validate(frame, lang="nb").failures.filter(pl.col("rule_id") == rule_id)["message"]
    assert english.to_list() != norsk.to_list()
    title = po.validate(frame, lang="nb").summary.filter(pl.col("rule_id") == rule_id)["title"]
    assert title.item() == RULES[rule_id].title_in("nb")


@pytest.mark.parametrize("rule_id", [r for r in IDS if RULES[r].columns])
def test_is_skipped_without_a_column_it_needs(rule_id: str) -> None:
    rule = RULES[rule_id]
    frame = example_frame(rule, "fails")
    dropped = next(c for c in rule.columns if c != "closure_code" or len(rule.columns) == 1)
    if dropped == "closure_code":  # every frame needs a code column: map it away instead
        pytest.skip("a rule on the code column alone cannot lose it")
    rest = frame.drop(dropped)
    if "closure_code" not in rest.columns:
        rest = rest.with_columns(closure_code=pl.lit("Utført"))
    row = po.validate(rest).summary.filter(pl.col("rule_id") == rule_id).row(0, named=True)
    assert row["status"] == "skipped"
    assert dropped in row["missing_columns"]


def test_english_headers_are_recognised() -> None:
    frame = pl.DataFrame(
        {
            "Task no": ["1", "1"],
            "Closure code": ["Falsk melding", "Utført"],
            "Created": ["2016-01-01 10:00", "2016-01-01 10:00"],
            "Closed": ["2016-01-01 09:00", None],
            "Resource": ["Yes", "no"],
            "Priority": ["1", "2"],
            "Police district": ["Oslo", "Vest"],
            "Arrival time": [None, None],
            "Case no": [None, None],
            "Incident type": ["Brann", None],
            "Handled by": [None, None],
            "Redeployed": ["no", "no"],
        }
    )
    report = po.validate(frame)
    assert report.coverage == 1.0
    assert report.n_skipped == 0
    failed = set(report.summary.filter(pl.col("status") == "failed")["rule_id"])
    assert {"PO003", "PO004", "PO101", "PO102"} <= failed
    assert "PO002" not in failed  # the closed column is read: no false "missing code"


def test_validation_error_counts_invalid_rows_not_all_rows() -> None:
    codes: list[str | None] = [*(["Utført"] * 20), "Ukjent", None]
    frame = pl.DataFrame({"kode": codes})
    report = po.validate(frame)
    with pytest.raises(po.ValidationError, match=r"2 of 22 rows are invalid") as error:
        report.raise_for_errors()
    assert error.value.report is report


def test_a_code_only_frame_reports_low_coverage() -> None:
    report = po.validate(pl.DataFrame({"kode": ["Utført"]}))
    assert report.ok
    assert report.coverage < 0.5
    assert report.n_skipped == len(po.RULES) - sum(
        1 for r in po.RULES if not r.runnable(frozenset({"closure_code"}))
    )
