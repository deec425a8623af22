from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import po_codes as po
from po_codes import strategies as pos


@given(pos.code_labels())
def test_code_labels_all_parse(label: str) -> None:
    assert po.ClosureCode.get(label) is not None


@given(st.data())
def test_code_labels_of_one_code(data: st.DataObject) -> None:
    code = data.draw(pos.closure_codes())
    assert po.ClosureCode.parse(data.draw(pos.code_labels(code))) is code


@given(pos.districts(generation=2016), pos.districts(generation=2002), pos.priorities())
def test_scalar_strategies(new: po.District, old: po.District, priority: po.Priority) -> None:
    assert new.generation == 2016
    assert old.generation == 2002
    assert po.Priority.parse(priority.value) is priority


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(pos.tasks(valid=True))
def test_valid_frames_pass_every_rule(frame: pl.DataFrame) -> None:
    report = po.validate(frame)
    assert report.ok
    assert report.summary["n_failed"].sum() == 0
    assert report.summary.filter(status="skipped").is_empty()


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(pos.tasks(valid=False, max_rows=20))
def test_invalid_frames_break_exactly_one_error_rule_on_one_row(frame: pl.DataFrame) -> None:
    report = po.validate(frame)
    assert not report.ok
    errors = report.failures.filter(severity="error")
    assert errors.height == 1
    assert report.invalid_rows().height == 1


@given(pos.tasks(max_rows=10, columns=["district", "priority"]))
def test_column_subsets(frame: pl.DataFrame) -> None:
    assert set(frame.columns) == {"closure_code", "district", "priority"}


def test_failing_examples_shrink_to_one_or_two_rows() -> None:
    smallest = find(
        pos.tasks(valid=False),
        lambda f: po.validate(f).failures["rule_id"].str.contains("PO003").any(),
    )
    assert smallest.height == 2
    one = find(pos.tasks(valid=False), lambda f: not po.validate(f).ok)
    assert one.height == 1


def test_unknown_columns_rejected() -> None:
    with pytest.raises(po.InvalidArgumentError, match="nope"):
        pos.tasks(columns=["nope"])
