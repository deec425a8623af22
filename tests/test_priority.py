from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import po_codes as po
from po_codes import Priority


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", Priority.P1),
        (1, Priority.P1),
        (2.0, Priority.P2),
        ("P1", Priority.P1),
        ("p 3", Priority.P3),
        ("Prio 1", Priority.P1),
        ("prioritet 4", Priority.P4),
        ("Priority 5", Priority.P5),
        ("PRIO-2", Priority.P2),
        ("3.0", Priority.P3),
        ("ingen", Priority.INGEN),
        (" INGEN ", Priority.INGEN),
        ("Ingen", Priority.INGEN),
        (Priority.P4, Priority.P4),
    ],
)
def test_parse(value: object, expected: Priority) -> None:
    assert Priority.parse(value) is expected


@pytest.mark.parametrize(
    "junk", ["0", "6", 0, 7, -1, -5.0, "-1", " +2", 1.5, True, None, "", "P", "urgent", b"1", [1]]
)
def test_parse_rejects(junk: object) -> None:
    assert Priority.get(junk) is None
    with pytest.raises(po.UnknownPriorityError, match="1, 2, 3, 4, 5 or INGEN"):
        Priority.parse(junk)


def test_dtype_and_order() -> None:
    assert pl.Enum(["1", "2", "3", "4", "5", "INGEN"]) == po.PRIORITY_DTYPE
    assert [p.rank for p in Priority] == [0, 1, 2, 3, 4, 5]
    assert Priority.P3.is_at_least(3)
    assert not Priority.P4.is_at_least(3)
    assert not Priority.INGEN.is_at_least("5")


@given(st.lists(st.one_of(st.text(max_size=12), st.sampled_from(["P1", "prio 3", "INGEN", "5"]))))
def test_expression_matches_python(values: list[str]) -> None:
    frame = pl.DataFrame({"p": values}, schema={"p": pl.String})
    got = frame.select(po.parse_priorities("p"))["p"].to_list()
    assert got == [None if (p := Priority.get(v)) is None else p.value for v in values]


def test_expression_on_numbers_and_threshold() -> None:
    frame = pl.DataFrame({"i": [1, 3, 4, None, 9], "f": [1.0, 3.0, 4.0, None, 2.5]})
    out = frame.select(
        i=po.parse_priorities("i"),
        f=po.parse_priorities("f"),
        urgent=po.priority_at_least("i", 3),
    )
    assert out["i"].to_list() == ["1", "3", "4", None, None]
    assert out["f"].to_list() == ["1", "3", "4", None, None]
    assert out["urgent"].to_list() == [True, True, False, None, None]
