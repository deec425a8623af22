"""Table notes are decided before the checks run (issue 24: streaming memory).

A note's condition is an aggregate over the whole table (PO010: "the series is
harmonised"). Computed inside the checks' query it made a streamed run hold every row
until the end: a 1 GB export peaked at 3.8 GB, 3x scan_csv and the hand-written query.
The engine now decides every note in a query of its own and the checks read it as a
constant through :meth:`po.RuleContext.noted`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl
import pytest

import po_codes as po
from po_codes._rules import RuleContext, TableNote

HARMONISED = pl.DataFrame(
    {
        "closure_code": ["Utført", "Utført", "Utført", "Utført"],
        "district": ["Øst", "Sør-Øst", "Øst", "Follo"],
        "created_at": ["2009-01-01 10:00", "2012-05-01 10:00", "2017-01-01", "2019-01-01"],
    }
)
MIXED = HARMONISED.with_columns(pl.Series("district", ["Østfold", "Øst", "Øst", "Follo"]))


def _fired(report: po.ValidationReport[Any], rule_id: str) -> list[int]:
    return sorted(report.failures.filter(pl.col("rule_id") == rule_id)["row_index"].to_list())


def test_noted_is_the_aggregate_until_the_engine_decides_it() -> None:
    def when(_ctx: RuleContext) -> pl.Expr:
        return pl.col("x").any()

    frame = pl.DataFrame({"x": [False, True]})
    undecided = RuleContext(columns=frozenset())
    assert frame.select(undecided.noted("R1", when)).item() is True
    decided = RuleContext(columns=frozenset(), notes=(("R1", False),))
    assert frame.select(decided.noted("R1", when)).item() is False
    assert frame.select(decided.noted("R2", when)).item() is True  # another rule's note


@pytest.mark.parametrize(
    ("frame", "expected", "noted"), [(HARMONISED, [3], True), (MIXED, [1, 3], False)]
)
def test_po010_reads_the_decided_note_on_every_path(
    frame: pl.DataFrame, expected: list[int], noted: bool
) -> None:
    # The decisive rows at the end of a plan streamed in small batches: a note decided
    # per batch, or from the first rows, would give another answer.
    reversed_ = frame.reverse()
    reports: dict[str, po.ValidationReport[Any]] = {
        "frame": po.validate(frame),
        "lazy": po.validate(frame.lazy()),
        "batches": po.validate(pl.concat([frame.slice(i, 1).lazy() for i in range(4)])),
    }
    for name, report in reports.items():
        assert _fired(report, "PO010") == expected, name
        assert any(n.startswith("PO010") for n in report.notes) is noted, name
    backwards = po.validate(reversed_.lazy())
    assert _fired(backwards, "PO010") == [frame.height - 1 - i for i in reversed(expected)]


def test_valid_rows_of_a_lazy_frame_use_the_decided_note() -> None:
    report = po.validate(HARMONISED.lazy(), severity={"PO010": "error"})
    assert report.valid_rows().collect()["district"].to_list() == ["Øst", "Sør-Øst", "Øst"]
    assert report.invalid_rows().collect()["district"].to_list() == ["Follo"]


def test_the_checks_query_has_no_whole_table_aggregate() -> None:
    # What made the streamed run hold every row: PO010's check carried the note's
    # `.any()`. With the note decided, its check is elementwise.
    rule = next(rule for rule in po.RULES if rule.id == "PO010")
    columns = frozenset({"district", "created_at", "closure_code"})
    ctx = RuleContext(columns=columns, notes=(("PO010", True),))
    frame = pl.DataFrame({"district": ["Øst", "Follo"], "created_at": [datetime(2009, 1, 1)] * 2})
    # An elementwise expression keeps its length on a slice of one row; an aggregate
    # broadcast would differ from the same rows checked together.
    together = frame.select(rule.check(ctx)).to_series().to_list()
    alone = [frame.slice(i, 1).select(rule.check(ctx)).item() for i in range(frame.height)]
    assert together == alone == [False, False]
    # Undecided, the check still carries the aggregate: the first row's answer depends
    # on which other rows it is checked with (Follo before 2016: not harmonised).
    undecided = RuleContext(columns=columns)
    assert frame.select(rule.check(undecided)).to_series().to_list() == [True, False]
    assert frame.slice(0, 1).select(rule.check(undecided)).item() is False


def _user_rule(note: TableNote) -> po.Rule:
    def check(ctx: RuleContext) -> pl.Expr:
        return ctx.noted("XX001", note.when) & (pl.col("closure_code") == "Utført")

    return po.Rule(
        id="XX001",
        title="Every Utført, once any Bortfalt exists",
        severity="warning",
        columns=("closure_code",),
        check=check,
        note=note,
        fails={"closure_code": "Utført"},
        passes={"closure_code": "Bortfalt"},
    )


def test_a_user_rule_reads_its_own_note() -> None:
    note = TableNote(when=lambda _ctx: (pl.col("closure_code") == "Bortfalt").any(), text="x")
    rule = _user_rule(note)
    frame = pl.DataFrame({"closure_code": ["Utført", "Bortfalt", "Utført"]})
    for source in (frame, frame.lazy()):
        report = po.validate(source, rules=[rule], select="XX")
        assert _fired(report, "XX001") == [0, 2]
        assert "XX001: x" in report.notes
    alone = po.validate(frame.slice(0, 1), rules=[rule], select="XX")
    assert _fired(alone, "XX001") == []


def test_a_user_note_that_cannot_run_is_a_rule_error() -> None:
    note = TableNote(when=lambda _ctx: pl.col("no_such_column").any(), text="x")
    frame = pl.DataFrame({"closure_code": ["Utført"]})
    with pytest.raises(po.RuleError, match=r"XX001: its note's condition cannot run"):
        po.validate(frame, rules=[_user_rule(note)])
