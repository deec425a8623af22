"""Messages show a value as it was written: surrounding whitespace stays visible."""

from __future__ import annotations

import polars as pl
import pytest

import po_codes as po


@pytest.mark.parametrize("written", [" Utført ", "Utført\t", "  Utført"])
def test_po008_shows_the_whitespace_it_was_read_through(written: str) -> None:
    # Before, the message said "'Utført' was read as 'Utført'": no difference to see.
    report = po.validate(pl.DataFrame({"closure_code": [written]}))
    (message,) = report.failures.filter(rule_id="PO008")["message"].to_list()
    assert message.startswith(f"'{written}' was read as 'Utført'")


def test_the_same_on_every_path() -> None:
    raw = pl.DataFrame({"closure_code": [" Utført ", "utfort"]})
    expected = po.validate(raw).failures["message"].to_list()
    assert po.validate(po.normalize(raw)).failures["message"].to_list() == expected
    assert po.validate(raw.lazy()).failures["message"].to_list() == expected
