"""The library's promises as properties over generated task tables."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import po_codes as po
from po_codes import strategies as pos
from po_codes.strategies import _BREAKABLE, _break, _frame, _row

SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SLOW
@given(pos.tasks(max_rows=30))
def test_validate_lazy_equals_eager(frame: pl.DataFrame) -> None:
    eager = po.validate(frame)
    lazy = po.validate(frame.lazy())
    assert eager.summary.equals(lazy.summary)
    assert eager.failures.equals(lazy.failures)
    assert eager.n_rows == lazy.n_rows == frame.height
    assert eager.valid_rows().equals(lazy.valid_rows().collect())
    assert eager.invalid_rows().equals(lazy.invalid_rows().collect())


_MESSY = st.one_of(st.none(), st.text(max_size=8), pos.code_labels())
_FLAGS = st.sampled_from([None, "Ja", "Nei", "ja", "x", "kanskje", "1", ""])


@SLOW
@given(st.lists(st.tuples(_MESSY, _FLAGS, st.sampled_from([None, "", "BL-1", " "])), max_size=30))
def test_valid_and_invalid_rows_partition_the_input(rows: list[tuple[Any, Any, Any]]) -> None:
    frame = pl.DataFrame(
        rows, schema=["Avslutningskode", "Ressurs", "Saksnr"], orient="row"
    ).with_row_index("original")
    report = po.validate(frame)
    valid, invalid = report.valid_rows(), report.invalid_rows()
    assert valid.height + invalid.height == frame.height == report.n_rows
    assert valid.columns == frame.columns
    assert invalid.columns == [*frame.columns, "rule_ids"]
    assert valid["original"].is_sorted()
    assert invalid["original"].is_sorted()
    back = pl.concat([valid, invalid.drop("rule_ids")]).sort("original")
    assert back.equals(frame)
    errors = set(report.failures.filter(severity="error")["row_index"])
    assert set(invalid["original"]) == errors
    # rule_ids: every rule the row failed (any severity), in rule order
    order = {rule_id: i for i, rule_id in enumerate(report.summary["rule_id"])}
    by_row: dict[int, list[str]] = {}
    for row, rule_id in report.failures.select("row_index", "rule_id").iter_rows():
        by_row.setdefault(row, []).append(rule_id)
    expected = [sorted(by_row[row], key=order.__getitem__) for row in invalid["original"]]
    assert invalid["rule_ids"].to_list() == expected


@st.composite
def _broken(draw: st.DrawFn) -> tuple[pl.DataFrame, int, str]:
    rows = draw(st.lists(_row(), min_size=2, max_size=15))
    for position, row in enumerate(rows):
        row["task_id"] = f"T{position + 1}"
    rule = draw(st.sampled_from(sorted(_BREAKABLE)))
    index = draw(st.integers(1 if rule == "PO003" else 0, len(rows) - 1))
    _break(rows, index, rule)
    frame = _frame(rows, list(rows[0]), text=True)
    return frame, index, rule


@SLOW
@given(_broken())
def test_injected_violation_is_caught_by_exactly_that_rule(
    case: tuple[pl.DataFrame, int, str],
) -> None:
    frame, index, rule = case
    errors = po.validate(frame).failures.filter(severity="error")
    assert errors.select("row_index", "rule_id").rows() == [(index, rule)]


@given(pos.code_labels())
def test_parse_is_total_and_idempotent_on_messy_labels(label: str) -> None:
    code = po.ClosureCode.parse(label)
    assert po.ClosureCode.parse(code.value) is code
    assert po.ClosureCode.parse(code.name) is code
    parsed = pl.DataFrame({"k": [label]}).select(po.parse_codes("k"))["k"].item()
    assert parsed == code.value


@SLOW
@pytest.mark.filterwarnings("ignore:the frame mixes districts:UserWarning")  # any districts
@given(pos.tasks(valid=True, max_rows=30))
def test_figures_totals_equal_input_rows(frame: pl.DataFrame) -> None:
    assert po.figures(frame)["n"].sum() == frame.height
    assert po.code_table(frame, by="year")["total"].sum() == frame.height
    assert po.indicators(frame)["total"].sum() == frame.height
    for function in (po.figures, po.code_table, po.indicators):
        assert function(frame).equals(function(frame.lazy()).collect())
    harmonised = po.harmonize_districts(frame, split="combine")
    assert harmonised.height == frame.height
    assert po.compare(harmonised, code="Ikke kapasitet")["total"].sum() == frame.height
