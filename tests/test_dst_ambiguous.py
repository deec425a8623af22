"""PO004 and the repeated hour of the October daylight-saving change: ambiguous, not wrong."""

from __future__ import annotations

import polars as pl
import pytest

import po_codes as po


def _po004(created: str, closed: str) -> int:
    frame = pl.DataFrame({"Kode": ["Utført"], "Opprettet": [created], "Avsluttet": [closed]})
    return int(po.validate(frame).summary.filter(rule_id="PO004")["n_failed"].item())


@pytest.mark.parametrize(
    ("created", "closed"),
    [
        ("30.10.2016 02:50", "30.10.2016 02:10"),  # 00:50Z then 01:10Z
        ("29.10.2023 02:59", "29.10.2023 02:00"),
        ("2016-10-30T02:30", "2016-10-30T02:29:59"),
    ],
)
def test_close_in_the_repeated_hour_is_not_an_error(created: str, closed: str) -> None:
    assert _po004(created, closed) == 0


@pytest.mark.parametrize(
    ("created", "closed"),
    [
        ("30.10.2016 02:50", "30.10.2016 01:55"),  # before the repeated hour: wrong
        ("30.10.2016 03:05", "30.10.2016 02:10"),  # after it: wrong either way
        ("27.03.2016 02:50", "27.03.2016 02:10"),  # the spring change repeats nothing
        ("30.10.2015 02:50", "30.10.2015 02:10"),  # an ordinary day
    ],
)
def test_other_closes_before_creation_still_fail(created: str, closed: str) -> None:
    assert _po004(created, closed) == 1
