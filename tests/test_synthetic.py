from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import po_codes as po
from po_codes import _synthetic
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


def test_clean_data_passes_every_error_rule() -> None:
    report = po.validate(po.synthetic_tasks(20_000, seed=3))
    assert report.ok
    errors = report.summary.filter(severity="error")
    assert errors["n_failed"].sum() == 0


def test_practice_fires_warning_and_info_rules_at_small_rates() -> None:
    # Practice, not errors: an urgent "Ingen operative tiltak" (PO204), "Ordnet på
    # stedet"/"Uten resultat" without an arrival (PO206), a case number on "Utført",
    # "Muntlig pålegg" or "Uten resultat" (PO208) or on "Videre oppfølgingstiltak"
    # (PO202): each on well under 2 % of the rows, independent of error_rate.
    tasks = po.synthetic_tasks(100_000, seed=5)
    summary = po.validate(tasks).summary
    share = {
        rule: n / tasks.height
        for rule, n in zip(summary["rule_id"].to_list(), summary["n_failed"].to_list(), strict=True)
    }
    for rule in ("PO202", "PO204", "PO206", "PO208"):
        assert 0.001 < share[rule] < 0.02, (rule, share[rule])
    noisy = po.validate(po.synthetic_tasks(100_000, seed=5, error_rate=0.01)).summary
    assert noisy.filter(rule_id="PO204")["n_failed"].item() > 0


def test_practice_by_code() -> None:
    tasks = po.synthetic_tasks(200_000, seed=6)
    by_code = tasks.group_by("closure_code").agg(
        urgent=(pl.col("priority") == "1").mean(),
        arrived=pl.col("arrived_at").is_not_null().mean(),
        redeployed=pl.col("resource_redeployed").mean(),
    )
    row = {r["closure_code"]: r for r in by_code.iter_rows(named=True)}
    assert row["Ikke kapasitet"]["urgent"] < 0.06  # "Ikke kapasitet" rarely priority 1
    assert row["Bortfalt"]["arrived"] < 0.5  # most "Bortfalt" without an arrival
    assert row["Ikke utført"]["redeployed"] > 0.4  # "Ikke utført" often redeployed
    assert row["Utført"]["arrived"] == 1.0


def test_harmonised_writes_2016_names_for_every_year() -> None:
    tasks = po.synthetic_tasks(50_000, seed=2, harmonised=True)
    new = {d.name for d in po.districts(2016)}
    assert set(tasks["district"]) == new
    assert set(tasks.filter(pl.col("year") < 2016)["district"]) == new
    # The same volumes as the 2002 districts harmonised afterwards (up to the rounding
    # of the row allocation: a few rows).
    plain = po.synthetic_tasks(50_000, seed=2)
    combined = po.harmonize_districts(plain, split="combine").group_by("district").len()
    ours = po.harmonize_districts(tasks, split="combine").group_by("district").len()
    both = combined.join(ours, on="district", how="full", coalesce=True)
    assert both.height == 11
    gap = (both["len"].cast(pl.Int64) - both["len_right"].cast(pl.Int64)).abs().to_list()
    assert max(gap) <= 5


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
        ({"n": 10, "seed": -1}, po.InvalidArgumentError),
        ({"n": 10, "seed": 2**32}, po.InvalidArgumentError),
        ({"n": 10, "districts": ["Hedmark"], "harmonised": True}, po.InvalidArgumentError),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        po.synthetic_tasks(**kwargs)  # type: ignore[arg-type]


# Calibration: the published figures the generator is tuned to (see the docstring of
# po_codes._synthetic). Rows per year and district are allocated exactly (no sampling
# noise); codes are drawn per task, so code shares carry binomial noise.

VOLUME_2007, VOLUME_2016 = 604_115, 809_893
IK_TREND = (1 + 0.05 * 9) / (1 + 0.05 * 8)  # "Ikke kapasitet" growth from 2015 to 2016


@pytest.fixture(scope="module")
def decade() -> pl.DataFrame:
    """300,000 tasks over the default years 2007-2016."""
    return po.synthetic_tasks(300_000, seed=12)


@pytest.fixture(scope="module")
def reform() -> pl.DataFrame:
    """400,000 tasks in 2015 and 2016, the years either side of the reform.

    About 204,000 fall in 2016; Finnmark, the smallest district (1.5 %), gets about
    3,000 of them and Oslo about 32,500.
    """
    return po.synthetic_tasks(400_000, seed=11, years=[2015, 2016])


def harmonised_indicators(tasks: pl.DataFrame) -> pl.DataFrame:
    combined = po.harmonize_districts(tasks, split="combine")
    return po.indicators(combined, by=("district", "year")).sort("district", "year")


@pytest.mark.parametrize("year", [2015, 2016])
def test_finnmark_stands_out(reform: pl.DataFrame, year: int) -> None:
    # Politiforum: Finnmark had the highest shares of "Ingen operative tiltak" and
    # "Falsk melding" and the lowest of "Ikke kapasitet". Expected Finnmark shares are
    # about 30 %, 1.5 % and 1.2 % against at most 22.5 %, 0.6 % and at least 3.0 %
    # elsewhere; with ~3,000 Finnmark tasks a year the closest race ("Falsk melding",
    # 1.5 % +- 0.2 %) is won by more than 3 standard errors.
    harmonised = harmonised_indicators(reform).filter(year=year)
    raw = po.indicators(reform.filter(year=year), by=("district", "year"))
    frames = [harmonised, raw] if year >= 2016 else [harmonised]
    for ind in frames:
        assert ind.height >= 11
        top = {
            column: ind.sort(column, descending=True)["district"][0]
            for column in ("ingen_operative_tiltak_share", "falsk_melding_share")
        }
        assert top == {
            "ingen_operative_tiltak_share": "Finnmark",
            "falsk_melding_share": "Finnmark",
        }
        assert ind.sort("ikke_kapasitet_share")["district"][0] == "Finnmark"


def test_finnmark_predecessors_stand_out(decade: pl.DataFrame) -> None:
    # Before 2016 Vestfinnmark and Østfinnmark (about 1 % and 0.5 % of the tasks) hold
    # the two highest "Ingen operative tiltak" shares (29-31 % against at most 22.5 %)
    # and the two lowest "Ikke kapasitet" shares (under 1 % against at least 2 % in
    # 2007), pooled over 2007-2015: margins of more than 5 standard errors. "Falsk
    # melding" is too rare for a ranking of 27 districts at this size.
    old = po.indicators(decade.filter(pl.col("year") < 2016), by="district")
    assert old.height == 27
    finnmark = {"Vestfinnmark", "Østfinnmark"}
    iot = old.sort("ingen_operative_tiltak_share", descending=True)["district"].head(2)
    assert set(iot) == finnmark
    assert set(old.sort("ikke_kapasitet_share")["district"].head(2)) == finnmark


def test_national_code_ranking(decade: pl.DataFrame) -> None:
    shares = decade["closure_code"].value_counts(sort=True, normalize=True)
    codes = shares["closure_code"].cast(pl.String).to_list()
    assert codes[:2] == ["Utført", "Ingen operative tiltak"]
    utfort, iot, third = shares["proportion"].head(3).to_list()
    # Expected about 29 %, 20 % and 9 % ("Ordnet på stedet"): clear gaps, not noise.
    assert utfort > iot + 0.05
    assert iot > third + 0.05


def test_yearly_volume_follows_published_totals(decade: pl.DataFrame) -> None:
    per_year = dict(decade.group_by("year").len().iter_rows())
    assert sorted(per_year) == list(range(2007, 2017))
    # Rows are allocated to years exactly (up to rounding), so 1 % is ample.
    assert per_year[2016] / per_year[2007] == pytest.approx(VOLUME_2016 / VOLUME_2007, rel=0.01)
    assert sum(per_year.values()) == decade.height
    growth = (VOLUME_2016 / VOLUME_2007) ** (1 / 9)  # geometric interpolation
    for year in range(2008, 2017):
        assert per_year[year] / per_year[year - 1] == pytest.approx(growth, rel=0.01)


def test_published_district_volumes(decade: pl.DataFrame) -> None:
    # Politiforum/NTB: Sør-Øst 111,603 -> 127,249 and Øst 71,480 -> 106,002 tasks;
    # Oslo (with Asker og Bærum) under 100,000 in 2007 and over 130,000 in 2016, so
    # Sør-Øst was larger than Oslo in 2007. Rows are allocated exactly, so the share of
    # the national volume matches to rounding (300,000 rows over ten years: ~1 %).
    per = (
        po.harmonize_districts(decade, split="combine")
        .group_by("year", "district")
        .len()
        .with_columns(share=pl.col("len") / pl.col("len").sum().over("year"))
    )

    def share(district: str, year: int) -> float:
        return float(per.filter(district=district, year=year)["share"].item())

    assert share("Sør-Øst", 2007) == pytest.approx(111_603 / VOLUME_2007, rel=0.02)
    assert share("Sør-Øst", 2016) == pytest.approx(127_249 / VOLUME_2016, rel=0.02)
    assert share("Øst", 2007) == pytest.approx(71_480 / VOLUME_2007, rel=0.02)
    assert share("Øst", 2016) == pytest.approx(106_002 / VOLUME_2016, rel=0.02)
    assert share("Oslo", 2007) * VOLUME_2007 < 100_000
    assert share("Oslo", 2016) * VOLUME_2016 > 130_000
    assert share("Sør-Øst", 2007) > share("Oslo", 2007)
    largest_2016 = per.filter(year=2016).sort("len", descending=True)["district"][0]
    assert largest_2016 == "Oslo"


def test_finnmark_flat_until_2014_then_up(decade: pl.DataFrame) -> None:
    harmonised = po.harmonize_districts(decade, split="combine")
    counts = dict(harmonised.filter(district="Finnmark").group_by("year").len().iter_rows())
    assert all(abs(counts[y] / counts[2007] - 1) < 0.05 for y in range(2008, 2015))
    assert counts[2016] > 1.08 * counts[2014]


def test_districts_grow_at_different_rates(decade: pl.DataFrame) -> None:
    harmonised = po.harmonize_districts(decade, split="combine")
    wide = harmonised.group_by("district", "year").len().pivot("year", index="district")
    growth = wide.select(pl.col("2016") / pl.col("2007")).to_series()
    assert growth.max() - growth.min() > 0.3  # type: ignore[operator]


def test_harmonised_volume_share_has_no_break_at_2016(reform: pl.DataFrame) -> None:
    ind = harmonised_indicators(reform)
    share = ind.with_columns(share=pl.col("total") / pl.col("total").sum().over("year"))
    wide = share.pivot("year", index="district", values="share")
    assert wide.height == 11  # the 12 districts, Nordland and Troms combined
    # District sizes come from one population table for both generations and rows are
    # allocated exactly, so the only difference is rounding (well under 1 %); before
    # the fix Sør-Vest lost 11 % of its share at the reform.
    change = ((pl.col("2016") - pl.col("2015")).abs() / pl.col("2015")).alias("change")
    assert wide.select(change.max()).item() < 0.05


def test_harmonised_capacity_share_has_no_break_at_2016(reform: pl.DataFrame) -> None:
    ind = harmonised_indicators(reform)
    by_year = {year: ind.filter(year=year) for year in (2015, 2016)}
    assert by_year[2015]["district"].to_list() == by_year[2016]["district"].to_list()
    p15, n15 = by_year[2015]["ikke_kapasitet_share"], by_year[2015]["total"]
    p16, n16 = by_year[2016]["ikke_kapasitet_share"], by_year[2016]["total"]
    # Expected: the 2016 share is the 2015 share times the yearly trend (+3.6 %), in
    # every district. Noise: "Ikke kapasitet" is 1-5 %, so a district has 30 (Finnmark)
    # to 1,400 (Oslo) such tasks a year and a relative standard error of the 2015-2016
    # change between 26 % and 4 %. Each district must lie within 4 standard errors of
    # the trend (relative tolerance 3.6 % + 4 SE: 19 % for Oslo, about 1 for Finnmark),
    # and the 11 districts together must pass a chi-square test (11 degrees of
    # freedom, 31.3 is the 0.1 % critical value), which the old generator's 11-14 %
    # breaks in four districts would fail.
    se = ((p16 * (1 - p16) / n16) + IK_TREND**2 * (p15 * (1 - p15) / n15)).sqrt()
    z = (p16 - IK_TREND * p15) / se
    relative = (p16 - p15).abs() / p15
    tolerance = (IK_TREND - 1) + 4 * se / p15
    assert (relative < tolerance).all(), relative.to_list()
    assert (z.abs() < 4).all(), z.to_list()
    assert (z**2).sum() < 31.3


@pytest.mark.parametrize("error_rate", [0.0, 0.3])
def test_rows_made_in_blocks_do_not_depend_on_the_block_size(
    monkeypatch: pytest.MonkeyPatch, error_rate: float
) -> None:
    whole = po.synthetic_tasks(200, seed=3, error_rate=error_rate)
    monkeypatch.setattr(_synthetic, "_BLOCK", 7)
    blocks = po.synthetic_tasks(200, seed=3, error_rate=error_rate)
    assert_frame_equal(blocks, whole)
