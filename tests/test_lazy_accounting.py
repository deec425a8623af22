"""validate(LazyFrame): valid_rows() + invalid_rows() is the input, whatever the plan's order."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import polars as pl
import pytest

import po_codes as po
from po_codes._values import order_is_fixed


def _tasks(n: int) -> pl.DataFrame:
    codes = ["Utført", "Ikke kapasitet", "Falsk melding", "Sak opprettet", "Ukjent"]
    return pl.DataFrame(
        {
            "task_id": [f"T{i % (n // 3)}" for i in range(n)],  # every id about three times
            "closure_code": [codes[i % len(codes)] for i in range(n)],
            "resource_assigned": ["Ja" if i % 2 else "Nei" for i in range(n)],
            "k": list(range(n)),
        }
    )


def _rows(frame: pl.DataFrame) -> Counter[tuple[object, ...]]:
    return Counter(frame.select(sorted(frame.columns)).rows())


PLANS = {
    "unique": lambda lf: lf.unique(maintain_order=False),
    "join": lambda lf: lf.join(
        lf.select("k", pl.col("k").alias("k2")), on="k", how="inner", maintain_order="none"
    ).drop("k2"),
    "group_by": lambda lf: lf.group_by("k", maintain_order=False).agg(pl.all().first()),
}


@pytest.mark.parametrize("plan", sorted(PLANS))
@pytest.mark.parametrize("attempt", range(3))
def test_valid_plus_invalid_is_the_input(plan: str, attempt: int) -> None:
    data = _tasks(3000 + attempt)
    lazy = PLANS[plan](data.lazy())
    report = po.validate(lazy)
    valid = report.valid_rows().collect()
    invalid = report.invalid_rows().collect().drop("rule_ids")
    assert valid.height + invalid.height == report.n_rows == data.height
    assert _rows(pl.concat([valid, invalid])) == _rows(data)
    # a repeated id fails PO003 on all but one of its rows: exactly one stays valid or
    # fails only for other reasons
    failed_po003 = report.summary.filter(rule_id="PO003")["n_failed"].item()
    assert failed_po003 == data.height - data["task_id"].n_unique()


def test_plain_scan_is_not_collected_eagerly(tmp_path: Path) -> None:
    path = tmp_path / "tasks.csv"
    _tasks(30).write_csv(path, separator=";")
    report = po.validate(po.scan_tasks(path))
    plan = report.valid_rows().explain()
    assert "SCAN" in plan.upper()  # still reads the file when collected


@pytest.mark.parametrize("blank_line", [False, True])
def test_scans_keep_their_order_so_they_stream(tmp_path: Path, blank_line: bool) -> None:
    path = tmp_path / "tasks.csv"
    path.write_text(
        "Kode;Distrikt\nUtført;Oslo\n" + ("\n" if blank_line else "") + "Bortfalt;Vest\n"
    )
    assert order_is_fixed(po.scan_tasks(path))
    assert order_is_fixed(po.scan_tasks(path).filter(pl.col("district") == "Oslo"))
    assert not order_is_fixed(po.scan_tasks(path).unique())
