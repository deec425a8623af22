"""PO003 (repeated task id): the engine's hashed path against the rule's reference check.

The built-in PO003 runs as hashed candidates re-checked exactly (``po_codes._duplicates``);
a user rule with the same check expression runs as written, ``is_first_distinct`` on the
cleaned ids. Both must fail the same rows, eagerly and lazily, whatever the ids look like.
"""

from __future__ import annotations

import unicodedata

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import po_codes as po
from po_codes import _duplicates
from po_codes._rules import RuleContext

REFERENCE = po.Rule(
    id="PO003",
    title="task_id occurs more than once (reference check)",
    severity="error",
    columns=("task_id",),
    check=lambda _ctx: ~RuleContext.missing("task_id") & ~pl.col("task_id").is_first_distinct(),
    message="repeated",
)

IDS = st.one_of(
    st.sampled_from(
        [
            "A1",
            " A1",
            "A1 ",
            "A2",
            "Å1",
            unicodedata.normalize("NFD", "Å1"),
            " Å1\t",
            "K1",
            "\u212a1",  # KELVIN SIGN: NFC makes it "K1"
            "",
            "  ",
            "N/A",
            "null",
            "-",
            None,
            "\u00a0A1",  # no-break space: stripped
        ]
    ),
    st.text(alphabet="aåA1 \u030a", max_size=4),
)


def _failing(
    report: po.ValidationReport[pl.DataFrame] | po.ValidationReport[pl.LazyFrame],
) -> list[int]:
    return report.failures.filter(rule_id="PO003").get_column("row_index").sort().to_list()


@given(st.lists(IDS, max_size=40))
def test_hashed_po003_fails_the_rows_the_reference_check_fails(ids: list[str | None]) -> None:
    frame = pl.DataFrame(
        {"task_id": ids, "closure_code": ["Utført"] * len(ids)},
        schema={"task_id": pl.String, "closure_code": pl.String},
    )
    expected = _failing(po.validate(frame, select="PO003", rules=[REFERENCE]))
    assert _failing(po.validate(frame, select="PO003")) == expected
    assert _failing(po.validate(frame.lazy(), select="PO003")) == expected
    assert _failing(po.validate(frame)) == expected


@given(st.lists(IDS, max_size=30))
def test_lazy_valid_rows_keep_the_first_of_each_id(ids: list[str | None]) -> None:
    frame = pl.DataFrame(
        {"task_id": ids, "closure_code": ["Utført"] * len(ids)},
        schema={"task_id": pl.String, "closure_code": pl.String},
    )
    expected = po.validate(frame, select="PO003", rules=[REFERENCE]).valid_rows()
    assert po.validate(frame, select="PO003").valid_rows().equals(expected)
    lazy = po.validate(frame.lazy(), select="PO003").valid_rows().collect()
    assert lazy.equals(expected)


def test_numeric_ids_repeat_by_value() -> None:
    frame = pl.DataFrame({"task_id": [7, 8, 7, None, None], "closure_code": ["Utført"] * 5})
    report = po.validate(frame, select="PO003")
    assert _failing(report) == [2]


def test_candidates_that_do_not_repeat_are_not_reported() -> None:
    # "Å1" composed and decomposed are one id; "A1" only shares a hash bucket by chance
    # of no rows: nothing else fails, and the first occurrence stays valid.
    frame = pl.DataFrame(
        {
            "task_id": ["Å1", "A1", unicodedata.normalize("NFD", "Å1"), "B2"],
            "closure_code": ["Utført"] * 4,
        }
    )
    report = po.validate(frame, select="PO003")
    assert _failing(report) == [2]
    assert report.summary.filter(rule_id="PO003")["n_failed"].item() == 1
    assert report.valid_rows()["task_id"].to_list() == ["Å1", "A1", "B2"]


def test_only_rows_that_fail_something_are_failing_rows() -> None:
    frame = pl.DataFrame({"task_id": ["A", "A", "B"], "closure_code": ["Utført"] * 3})
    report = po.validate(frame)
    assert report.invalid_rows().height == 1
    assert report.failures.get_column("row_index").to_list() == [1]
    lazy = po.validate(frame.lazy())
    assert lazy.invalid_rows().collect().height == 1
    assert lazy.failures.get_column("row_index").to_list() == [1]


def test_hashes_sorted_in_parts_give_the_same_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    # Large inputs sort their hashes in eight ranges; force that on a small one.
    ids = [f"T{i % 37}" for i in range(300)] + ["Å1", unicodedata.normalize("NFD", "Å1")]
    frame = pl.DataFrame({"task_id": ids, "closure_code": ["Utført"] * len(ids)})
    expected = _failing(po.validate(frame, select="PO003", rules=[REFERENCE]))
    monkeypatch.setattr(_duplicates, "_PARTS_FROM", 1)
    assert _failing(po.validate(frame, select="PO003")) == expected
    assert _failing(po.validate(frame.lazy(), select="PO003")) == expected
    assert len(expected) == 300 - 37 + 1
