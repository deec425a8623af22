from __future__ import annotations

import polars as pl
import pytest

import po_codes as po
from po_codes._synthetic import INJECTED, SCHEMA


def test_deterministic_schema_and_size() -> None:
    a = po.synthetic_tasks(5_000, seed=7)
    assert a.schema == SCHEMA
    assert a.height == 5_000
    assert a.equals(po.synthetic_tasks(5_000, seed=7))
    assert not a.equals(po.synthetic_tasks(5_000, seed=8))
    assert a["task_id"].is_unique().all()
    assert a["created_at"].is_sorted()


def test_realistic_mix_and_generations() -> None:
    tasks = po.synthetic_tasks(50_000, seed=1)
    top = tasks["closure_code"].value_counts(sort=True)["closure_code"].head(2).to_list()
    assert top == ["Utført", "Ingen operative tiltak"]
    old = {d.name for d in po.districts(2002)}
    new = {d.name for d in po.districts(2016)}
    assert set(tasks.filter(pl.col("year") < 2016)["district"]) <= old
    assert set(tasks.filter(pl.col("year") >= 2016)["district"]) <= new
    per_year = tasks.group_by("year").len().sort("year")["len"].to_list()
    assert per_year[-1] > per_year[0]  # volumes grow over the decade
    capacity = po.indicators(tasks, by=())["ikke_kapasitet_share"].item()
    assert 0.01 < capacity < 0.08
    oslo = tasks.filter(pl.col("district") == "Oslo").height
    finnmark = tasks.filter(pl.col("district") == "Finnmark").height
    assert oslo > finnmark


def test_clean_data_passes_every_rule() -> None:
    report = po.validate(po.synthetic_tasks(20_000, seed=3))
    assert report.ok
    assert report.summary["n_failed"].sum() == 0


def test_error_rate_injects_error_rules() -> None:
    tasks = po.synthetic_tasks(30_000, seed=4, error_rate=0.05)
    report = po.validate(tasks)
    assert not report.ok
    failed = set(report.summary.filter(status="failed", severity="error")["rule_id"])
    assert failed == set(INJECTED)
    invalid = report.invalid_rows().height
    assert 0.04 * 30_000 < invalid < 0.06 * 30_000


def test_years_and_districts_arguments() -> None:
    tasks = po.synthetic_tasks(2_000, years=[2016, 2017], districts=["oslo", "Vest"])
    assert set(tasks["district"]) == {"Oslo", "Vest"}
    assert set(tasks["year"]) == {2016, 2017}
    assert po.synthetic_tasks(0).schema == SCHEMA


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"n": -1}, po.InvalidArgumentError),
        ({"n": 1.5}, TypeError),
        ({"n": 10, "error_rate": 2}, po.InvalidArgumentError),
        ({"n": 10, "years": []}, po.InvalidArgumentError),
        ({"n": 10, "districts": ["Atlantis"]}, po.UnknownDistrictError),
        ({"n": 10, "districts": ["Hedmark"], "years": [2016]}, po.InvalidArgumentError),
        ({"n": 10, "seed": "x"}, TypeError),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        po.synthetic_tasks(**kwargs)  # type: ignore[arg-type]
