"""Issue 24 item 1: failures are stored compactly and written only when listed.

The engine keeps each failing row's index and flags; messages, hints and the values
as written are made for the rows a report lists, and are the same as before.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import po_codes as po
from po_codes._report import flag_name

# 30 rows: every third is 'Utført' with a case number (PO208, info), two codes are
# unreadable (PO001, with a hint), the rest fine.
FRAME = pl.DataFrame(
    {
        "task_id": [f"T{i}" for i in range(30)],
        "closure_code": ["Utført", "Ordnet på stedet", "Sak opprettet"] * 9
        + ["Utfrt", "Ufrt", "Sak opprettet"],
        "case_number": [f"BL-{i}" if i % 3 != 1 else None for i in range(30)],
    }
)


def test_failing_rows_hold_index_and_flags_only() -> None:
    report = po.validate(FRAME)
    stored = report._failing.columns
    flags = {flag_name(o.rule) for o in report.outcomes if o.status != "skipped"}
    assert set(stored) == {report._row, *flags}
    assert report._failing.height == report.failures["row_index"].n_unique()


@pytest.mark.parametrize("lazy", [False, True])
def test_listed_failures_are_the_first_of_all_failures(lazy: bool) -> None:
    source = FRAME.lazy() if lazy else FRAME
    everything = po.validate(source).failures
    capped = po.validate(source, max_failures=2).failures
    expected = (
        everything.with_columns(n=pl.int_range(pl.len()).over("rule_id"))
        .filter(pl.col("n") < 2)
        .drop("n")
    )
    assert capped.equals(expected)
    assert "did you mean" in " ".join(everything.filter(rule_id="PO001")["message"])
    assert everything.filter(rule_id="PO001")["closure_code"].to_list() == ["Utfrt", "Ufrt"]


def test_text_report_lists_the_same_messages_as_failures() -> None:
    report = po.validate(FRAME)
    text = report.to_text(width=200, max_failures=None)
    for message in report.failures["message"]:
        assert message in text


def test_scan_of_a_file_larger_than_a_reading_piece(tmp_path: Path) -> None:
    # 3 MiB of rows with a quoted line break: the file is checked in 2 MiB pieces.
    n = 40_000
    frame = pl.DataFrame(
        {
            "task_id": [f"T{i:06d}" for i in range(n)],
            "closure_code": ["Utført"] * n,
            "incident_type": ["a long incident type " * 3] * (n - 1) + ["two\nlines"],
        }
    )
    path = tmp_path / "big.csv"
    frame.write_csv(path, separator=";")
    assert path.stat().st_size > 3 * 2**20
    scanned = po.scan_tasks(path).collect()
    assert scanned.equals(po.read_tasks(path))
    assert scanned.height == n


def test_lazy_and_in_memory_reports_write_the_same_messages() -> None:
    # Many rules fail: a lazy input keeps each column only on the rows whose failed
    # rules' messages read it, and still writes every message as the DataFrame does.
    frame = po.synthetic_tasks(3_000, seed=7, error_rate=0.3)
    eager, lazy = po.validate(frame), po.validate(frame.lazy())
    assert eager.failures.height > 500
    assert lazy.failures.equals(eager.failures)
    assert lazy.invalid_rows().collect().equals(eager.invalid_rows())
