"""Rules that agree with operational practice (issue 23).

PO010 per operations centre with a harmonised series left alone; PO102/PO104 not on
"Overtatt" (PO107 notes it); PO106 for a redeployed resource hidden behind a
without-resource code; PO204 following ``priority_threshold``; PO003 on a task key of
several columns (library, CLI, config). Severities are asserted in ``test_rules.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

import po_codes as po
from po_codes._cli import main
from po_codes._rules import build_rules, example_frame

RULES = {rule.id: rule for rule in po.RULES}


def fired(report: po.ValidationReport[Any], rule_id: str) -> list[int]:
    return report.failures.filter(pl.col("rule_id") == rule_id)["row_index"].to_list()


def messages(report: po.ValidationReport[Any], rule_id: str) -> list[str]:
    return report.failures.filter(pl.col("rule_id") == rule_id)["message"].to_list()


def tasks(districts: list[str], created: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "closure_code": ["Utført"] * len(districts),
            "district": districts,
            "created_at": created,
        }
    )


# -- PO010 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("district", "last_day"),
    [
        ("Vestfinnmark", "2017-02-22"),
        ("Østfinnmark", "2017-02-22"),
        ("Salten", "2017-05-31"),
        ("Midtre Hålogaland", "2017-05-31"),
        ("Romerike", "2018-03-07"),
        ("Vestfold", "2018-04-30"),
        ("Hedmark", "2018-05-01"),  # no date known
    ],
)
def test_po010_an_old_name_fits_until_its_centre_merged(district: str, last_day: str) -> None:
    frame = tasks([district, district], [f"{last_day} 23:59", f"{last_day} 23:59"])
    next_day = frame.with_columns(
        pl.Series("created_at", [f"{last_day} 23:59", "2019-01-01 00:00"])
    )
    assert fired(po.validate(frame), "PO010") == []
    assert fired(po.validate(next_day), "PO010") == [1]


def test_po010_old_names_fit_in_2016_before_the_centres_merged() -> None:
    frame = tasks(["Vestfinnmark", "Østfold", "Salten"], ["2016-06-01 12:00"] * 3)
    assert fired(po.validate(frame), "PO010") == []


@pytest.mark.parametrize(
    ("district", "en", "nb"),
    [
        ("Østfold", "became part of 'Øst'", "ble en del av «Øst»"),
        ("Midtre Hålogaland", "use 'Nordland' or 'Troms'", "bruk «Nordland» eller «Troms»"),
    ],
)
def test_po010_message_names_the_successor(district: str, en: str, nb: str) -> None:
    frame = tasks([district], ["2019-03-01 12:00"])
    assert en in messages(po.validate(frame), "PO010")[0]
    assert nb in messages(po.validate(frame, lang="nb"), "PO010")[0]


def test_po010_a_harmonised_series_is_not_a_per_row_finding() -> None:
    # The 2016 names for every year, as the Directorate released 2007-2016.
    frame = tasks(["Øst", "Sør-Øst", "Øst"], ["2009-01-01 10:00", "2012-05-01 10:00", "2017-01-01"])
    report = po.validate(frame)
    assert fired(report, "PO010") == []
    harmonised = [note for note in report.notes if note.startswith("PO010")]
    assert len(harmonised) == 1
    assert "harmonised" in harmonised[0]
    assert any("harmonisert" in note for note in po.validate(frame, lang="nb").notes)
    assert any("PO010" in note for note in po.validate(frame.lazy()).notes)


def test_po010_a_mixed_series_reports_the_new_names_before_2016() -> None:
    frame = tasks(["Østfold", "Øst"], ["2009-01-01 10:00", "2010-01-01 10:00"])
    report = po.validate(frame)
    assert fired(report, "PO010") == [1]
    assert not any(note.startswith("PO010") for note in report.notes)
    assert "'Østfold', 'Follo' or 'Romerike'" in messages(report, "PO010")[0]


def test_po010_a_harmonised_series_still_reports_old_names_after_the_merger() -> None:
    frame = tasks(["Øst", "Follo"], ["2009-01-01 10:00", "2019-01-01 10:00"])
    assert fired(po.validate(frame), "PO010") == [1]


def test_po010_keeps_the_registry_dates() -> None:
    assert po.District.parse("Midtre Hålogaland").centre_until is not None
    assert str(po.District.parse("Østfinnmark").last_logged) == "2017-02-22"
    assert str(po.District.parse("Hedmark").last_logged) == "2018-05-01"
    assert po.District.parse("Øst").last_logged is None


# -- PO102 / PO104 / PO106 / PO107 ---------------------------------------------------------


def test_overtatt_with_a_resource_and_an_arrival_is_only_noted() -> None:
    frame = pl.DataFrame(
        {
            "closure_code": ["Overtatt", "Overtatt", "Overtatt"],
            "resource_assigned": ["Ja", "Nei", "Nei"],
            "arrived_at": ["2016-03-01 10:20", "2016-03-01 10:20", None],
            "handled_by": ["Helse", "Barnevernsvakt", "Helse"],
        }
    )
    report = po.validate(frame)
    assert fired(report, "PO102") == []
    assert fired(report, "PO104") == []
    assert fired(report, "PO107") == [0, 1]
    assert report.ok


def test_po104_still_fires_on_other_without_resource_codes() -> None:
    frame = pl.DataFrame({"closure_code": ["Ordnet internt"], "arrived_at": ["2016-03-01 10:20"]})
    assert fired(po.validate(frame), "PO104") == [0]


def test_po106_names_ikke_kapasitet_or_ikke_utfort_after_an_arrival() -> None:
    frame = pl.DataFrame(
        {
            "closure_code": ["Falsk melding", "Ingen operative tiltak"],
            "resource_assigned": ["Ja", "Ja"],
            "resource_redeployed": ["Ja", "Ja"],
            "arrived_at": [None, "2016-03-01 10:20"],
        }
    )
    report = po.validate(frame)
    assert fired(report, "PO106") == [0, 1]
    assert fired(report, "PO102") == []
    first, second = messages(report, "PO106")
    assert "'Ikke kapasitet'" in first
    assert "'Ikke utført'" in second
    nb_first, nb_second = messages(po.validate(frame, lang="nb"), "PO106")
    assert "«Ikke kapasitet»" in nb_first
    assert "«Ikke utført»" in nb_second


def test_po106_is_a_warning_and_po107_an_info() -> None:
    assert RULES["PO106"].severity is po.Severity.WARNING
    assert RULES["PO107"].severity is po.Severity.INFO


# -- PO204 ---------------------------------------------------------------------------------


def test_po204_follows_the_priority_threshold() -> None:
    frame = pl.DataFrame({"closure_code": ["Ingen operative tiltak"] * 2, "priority": ["2", "4"]})
    assert fired(po.validate(frame), "PO204") == [0]
    assert fired(po.validate(frame, priority_threshold=4), "PO204") == [0, 1]
    assert fired(po.validate(frame, priority_threshold=1), "PO204") == []
    title = po.validate(frame, priority_threshold=4).summary.filter(rule_id="PO204")["title"]
    assert "1, 2, 3 or 4" in title.item()


def test_po204_message_names_the_legitimate_case() -> None:
    frame = example_frame(RULES["PO204"], "fails")
    assert "before a resource was set" in messages(po.validate(frame), "PO204")[0]
    nb = messages(po.validate(frame, lang="nb"), "PO204")[0]
    assert "før ressurs ble satt på oppdraget" in nb
    assert "forkledning" not in nb


# -- PO003: the task key -------------------------------------------------------------------

PER_DISTRICT = pl.DataFrame(
    {
        "district": ["Oslo", "Vest", "Oslo", "oslo", None],
        "task_id": ["17", "17", "18", "17", "17"],
        "closure_code": ["Utført"] * 5,
    }
)


@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
def test_po003_on_a_task_key_of_two_columns(lazy: bool) -> None:
    frame = PER_DISTRICT.lazy() if lazy else PER_DISTRICT
    by_id = po.validate(frame, select="PO003")
    by_district = po.validate(frame, select="PO003", task_key=("district", "task_id"))
    assert fired(by_id, "PO003") == [1, 3, 4]
    assert fired(by_district, "PO003") == [3]  # "oslo" is Oslo; no district: not checked
    assert "Oslo / 17" in messages(by_district, "PO003")[0]


def test_po003_task_key_as_text_and_a_missing_key_column() -> None:
    report = po.validate(PER_DISTRICT, task_key="district, task_id")
    assert fired(report, "PO003") == [3]
    skipped = po.validate(PER_DISTRICT.drop("district"), task_key=("district", "task_id"))
    row = skipped.summary.filter(rule_id="PO003").row(0, named=True)
    assert row["status"] == "skipped"
    assert row["missing_columns"] == ["district"]


@pytest.mark.parametrize("bad", [(), ("nope",), "task_id,nope"])
def test_po003_a_bad_task_key_is_refused(bad: Any) -> None:
    with pytest.raises(po.InvalidArgumentError):
        po.validate(PER_DISTRICT, task_key=bad)


def test_cli_task_key_flag_and_setting(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "x.csv").write_text(
        "distrikt;oppdragsnr;kode\nOslo;17;Utført\nVest;17;Utført\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "x.csv", "--select", "PO003"]) == 1
    assert main(["validate", "x.csv", "--select", "PO003", "--task-key", "district,task_id"]) == 0
    (tmp_path / "pyproject.toml").write_text(
        '[tool.po-codes]\ntask-key = ["district", "task_id"]\n', encoding="utf-8"
    )
    assert main(["validate", "x.csv", "--select", "PO003"]) == 0
    assert main(["validate", "x.csv", "--select", "PO003", "--task-key", "task_id"]) == 1
    capsys.readouterr()


def test_po003_examples_follow_the_task_key() -> None:
    rule = next(r for r in build_rules(task_key=("district", "task_id")) if r.id == "PO003")
    assert rule.columns == ("district", "task_id")
    fails = example_frame(rule, "fails")
    report = po.validate(fails, task_key=("district", "task_id"))
    assert fired(report, "PO003") == [1]
    assert report.ok is False
    passes = po.validate(example_frame(rule, "passes"), task_key=("district", "task_id"))
    assert fired(passes, "PO003") == []
