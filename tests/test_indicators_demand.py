"""po.indicators: ikke_kapasitet_of_demand, and figures by extra columns (priority)."""

from __future__ import annotations

import polars as pl
import pytest

import po_codes as po

WITH_RESOURCE = [c.value for c in po.ClosureCode if c.requires_resource]


def tasks(
    with_resource: int, ikke_kapasitet: int, no_action: int, **columns: object
) -> pl.DataFrame:
    codes = (
        [WITH_RESOURCE[i % len(WITH_RESOURCE)] for i in range(with_resource)]
        + ["Ikke kapasitet"] * ikke_kapasitet
        + ["Ingen operative tiltak"] * no_action
    )
    return pl.DataFrame({"kode": codes}).with_columns(
        **{name: pl.lit(value) for name, value in columns.items()}
    )


def test_columns_in_the_api_order() -> None:
    out = po.indicators(tasks(3, 1, 4, district="Oslo", year=2020))
    assert out.columns == [
        "district", "year", "total", "uncoded", "with_resource_share", "ikke_kapasitet_share",
        "ingen_operative_tiltak_share", "falsk_melding_share", "sak_opprettet_share",
        "ikke_kapasitet_of_demand",
    ]  # fmt: skip


def test_demand_is_of_the_tasks_that_wanted_a_resource() -> None:
    row = po.indicators(tasks(3, 1, 4, district="Oslo", year=2020)).row(0, named=True)
    assert row["total"] == 8
    assert row["ikke_kapasitet_share"] == pytest.approx(1 / 8)
    assert row["ikke_kapasitet_of_demand"] == pytest.approx(1 / 4)


def test_demand_does_not_move_with_how_many_no_action_tasks_are_logged() -> None:
    few = po.indicators(tasks(30, 10, 5, district="Oslo", year=2020)).row(0, named=True)
    many = po.indicators(tasks(30, 10, 500, district="Oslo", year=2020)).row(0, named=True)
    assert few["ikke_kapasitet_share"] != pytest.approx(many["ikke_kapasitet_share"])
    assert few["ikke_kapasitet_of_demand"] == many["ikke_kapasitet_of_demand"] == 0.25


def test_demand_is_null_without_demand_and_zero_without_refusals() -> None:
    frame = pl.concat(
        [
            tasks(0, 0, 3, district="Oslo", year=2020),
            tasks(5, 0, 3, district="Vest", year=2020),
            tasks(0, 2, 0, district="Øst", year=2020),
        ]
    )
    out = po.indicators(frame)
    assert out["district"].to_list() == ["Oslo", "Vest", "Øst"]
    assert out["ikke_kapasitet_of_demand"].to_list() == [None, 0.0, 1.0]


def test_counted_rows_and_lazy_frames() -> None:
    counted = pl.DataFrame(
        {
            "district": ["Oslo"] * 3,
            "kode": ["Utført", "Ikke kapasitet", "Overtatt"],
            "n": [6, 2, 92],
        }
    )
    out = po.indicators(counted, by="district")
    assert out["ikke_kapasitet_of_demand"].to_list() == [pytest.approx(0.25)]
    assert out.equals(po.indicators(counted.lazy(), by="district").collect())


def test_harmonising_recomputes_demand_from_counts() -> None:
    frame = pl.concat(
        [
            tasks(30, 10, 5, district="Follo", year=2015),
            tasks(10, 30, 50, district="Romerike", year=2015),
        ]
    )
    harmonised_after = po.harmonize_districts(po.indicators(frame))
    harmonised_first = po.indicators(po.harmonize_districts(frame))
    assert harmonised_after["district"].to_list() == ["Øst"]
    assert harmonised_after["ikke_kapasitet_of_demand"][0] == pytest.approx(40 / 80)
    for column in harmonised_first.columns:
        if column == "district":
            continue
        assert harmonised_after[column].to_list() == pytest.approx(
            harmonised_first[column].to_list()
        ), column


def test_demand_alone_cannot_be_harmonised() -> None:
    frame = tasks(3, 1, 4, district="Follo", year=2015)
    only = po.indicators(frame).select("district", "year", "total", "ikke_kapasitet_of_demand")
    with pytest.raises(po.InvalidArgumentError, match="ikke_kapasitet_of_demand"):
        po.harmonize_districts(only)


def test_figures_by_district_year_and_priority() -> None:
    frame = pl.concat(
        [
            tasks(3, 1, 0, district="Oslo", year=2020, prioritet=1),
            tasks(1, 3, 4, district="Oslo", year=2020, prioritet=3),
            tasks(2, 2, 0, district="Vest", year=2020, prioritet=1),
        ]
    )
    by = ("district", "year", "priority")
    out = po.indicators(frame, by=by)
    assert out.columns[:3] == ["district", "year", "priority"]
    assert out.select("district", "priority").rows() == [("Oslo", 1), ("Oslo", 3), ("Vest", 1)]
    assert out["ikke_kapasitet_of_demand"].to_list() == pytest.approx([0.25, 0.75, 0.5])
    long = po.figures(frame, by=by)
    assert long.height == 3 * len(po.ClosureCode)
    assert long.group_by("district", "year", "priority").agg(pl.col("n").sum())["n"].sum() == 16
    wide = po.code_table(frame, by=by)
    assert wide["total"].to_list() == out["total"].to_list() == [4, 8, 4]
    compared = po.compare(frame, code="Ikke kapasitet", by=by)
    assert compared.columns[:3] == ["district", "year", "priority"]
    # each (year, priority) group has its own national share
    assert compared["national_share"].to_list() == pytest.approx([3 / 8, 3 / 8, 3 / 8])
