"""One focused test per rule: fires on a minimal violating row, silent on the nearest
valid row, skipped when a required column is absent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl
import pytest

import po_codes as po

T0 = datetime(2016, 3, 1, 10, 0)
T1 = datetime(2016, 3, 1, 11, 0)

# rule id -> (violating row, nearest valid row, a required column to drop)
CASES: dict[str, tuple[dict[str, Any], dict[str, Any], str | None]] = {
    "PO001": ({"closure_code": "Ordnet på sted"}, {"closure_code": "Ordnet på stedet"}, None),
    "PO002": (
        {"closure_code": None, "closed_at": T1},
        {"closure_code": None, "closed_at": None},  # an open task needs no code yet
        None,
    ),
    "PO003": ({"task_id": "A"}, {"task_id": "B"}, "task_id"),
    "PO004": (
        {"created_at": T1, "closed_at": T0},
        {"created_at": T0, "closed_at": T1},
        "created_at",
    ),
    "PO005": ({"district": "Atlantis"}, {"district": "sor-ost"}, "district"),
    "PO006": ({"priority": "7"}, {"priority": "Prio 3"}, "priority"),
    "PO007": (
        {"created_at": T0, "closed_at": T1, "arrived_at": datetime(2016, 3, 1, 12)},
        {"created_at": T0, "closed_at": T1, "arrived_at": datetime(2016, 3, 1, 10, 30)},
        "arrived_at",
    ),
    "PO008": ({"closure_code": "Utfoert"}, {"closure_code": "Utført"}, None),
    "PO009": ({"created_at": "31/02/2016"}, {"created_at": "29.02.2016 10:00"}, None),
    "PO101": (
        {"closure_code": "Utført", "resource_assigned": "Nei"},
        {"closure_code": "Utført", "resource_assigned": "Ja"},
        "resource_assigned",
    ),
    "PO102": (
        {"closure_code": "Overtatt", "resource_assigned": "Ja"},
        {"closure_code": "Overtatt", "resource_assigned": "Nei"},
        "resource_assigned",
    ),
    "PO103": (
        {"closure_code": "Ikke kapasitet", "resource_assigned": True, "resource_redeployed": None},
        {"closure_code": "Ikke kapasitet", "resource_assigned": True, "resource_redeployed": True},
        "resource_assigned",
    ),
    "PO201": (
        {"closure_code": "Sak opprettet", "case_number": "  "},
        {"closure_code": "Sak opprettet", "case_number": "BL-1"},
        "case_number",
    ),
    "PO202": (
        {"closure_code": "Videre oppfølgingstiltak", "case_number": "BL-1"},
        {"closure_code": "Videre oppfølgingstiltak", "case_number": None},
        "case_number",
    ),
    "PO203": (
        {"closure_code": "Ikke kapasitet", "priority": "4"},
        {"closure_code": "Ikke kapasitet", "priority": "3"},
        "priority",
    ),
    "PO204": (
        {"closure_code": "Ingen operative tiltak", "priority": "2"},
        {"closure_code": "Ingen operative tiltak", "priority": "INGEN"},
        "priority",
    ),
    "PO205": (
        {"closure_code": "Ordnet på stedet", "incident_type": ""},
        {"closure_code": "Ordnet på stedet", "incident_type": "Ordensforstyrrelse"},
        "incident_type",
    ),
    "PO206": (
        {"closure_code": "Uten resultat", "arrived_at": None},
        {"closure_code": "Uten resultat", "arrived_at": T0},
        "arrived_at",
    ),
    "PO207": (
        {"closure_code": "Overtatt", "handled_by": None},
        {"closure_code": "Overtatt", "handled_by": "Helse"},
        "handled_by",
    ),
}

SEVERITY = {
    **dict.fromkeys(["PO001", "PO002", "PO003", "PO004", "PO005", "PO006"], "error"),
    **dict.fromkeys(["PO101", "PO102", "PO201"], "error"),
    **dict.fromkeys(["PO007", "PO009", "PO103", "PO202", "PO203", "PO204", "PO205"], "warning"),
    **dict.fromkeys(["PO206"], "warning"),
    **dict.fromkeys(["PO008", "PO207"], "info"),
}


def _with_code(row: dict[str, Any]) -> dict[str, Any]:
    return {"closure_code": "Utført", **row}


def _frame(first: dict[str, Any], second: dict[str, Any]) -> pl.DataFrame:
    """Two tasks; the second (row_index 1) is the subject of the test."""
    return pl.DataFrame([_with_code(first), _with_code(second)])


def test_every_rule_has_a_case_and_the_documented_severity() -> None:
    assert [r.id for r in po.RULES] == sorted(CASES)
    assert {r.id: r.severity.value for r in po.RULES} == SEVERITY


@pytest.mark.parametrize("rule_id", sorted(CASES))
@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
def test_rule_fires_on_violation_only(rule_id: str, lazy: bool) -> None:
    bad, good, _ = CASES[rule_id]
    first = bad if rule_id == "PO003" else good  # a duplicate needs an original
    frame = _frame(first, bad)
    report = po.validate(frame.lazy() if lazy else frame, select=[rule_id])
    assert report.failures.select("row_index", "rule_id").rows() == [(1, rule_id)]
    assert report.summary.row(0, named=True)["status"] == "failed"
    quiet = _frame(bad if rule_id == "PO003" else good, good)
    assert po.validate(quiet, select=[rule_id]).summary["n_failed"].to_list() == [0]


@pytest.mark.parametrize("rule_id", sorted(r for r, (_, _, col) in CASES.items() if col))
def test_rule_is_skipped_without_its_column(rule_id: str) -> None:
    bad, _, column = CASES[rule_id]
    assert column is not None
    frame = _frame(bad, bad).drop(column)
    outcome = po.validate(frame, select=[rule_id]).summary.row(0, named=True)
    assert outcome["status"] == "skipped"
    assert column in outcome["missing_columns"]


def test_po002_without_closed_at_column_treats_every_task_as_closed() -> None:
    report = po.validate(pl.DataFrame({"closure_code": ["Utført", None]}), select=["PO002"])
    assert report.failures["row_index"].to_list() == [1]


def test_po003_flags_every_occurrence_after_the_first_never_nulls() -> None:
    frame = pl.DataFrame({"task_id": ["A", "B", "A", None, None, "A"], "kode": ["Utført"] * 6})
    report = po.validate(frame, select=["PO003"])
    assert report.failures["row_index"].to_list() == [2, 5]


def test_po101_message_for_feil_melding_points_to_ingen_operative_tiltak() -> None:
    frame = pl.DataFrame({"kode": ["Feil melding"], "ressurs": ["Nei"]})
    message = po.validate(frame, select=["PO101"]).failures["message"].item()
    assert "Ingen operative tiltak" in message


def test_po102_falsk_melding_message_and_ikke_kapasitet_exception() -> None:
    frame = pl.DataFrame(
        {
            "kode": ["Falsk melding", "Ikke kapasitet", "Ikke kapasitet", "Ikke kapasitet"],
            "ressurs": [True, True, True, True],
            "omdisponert": [None, True, False, None],
        }
    )
    failures = po.validate(frame, select=["PO1"]).failures
    po102 = failures.filter(rule_id="PO102")
    assert po102["row_index"].to_list() == [0, 2]
    for name in ("Muntlig pålegg", "Videre oppfølgingstiltak", "Uten resultat", "Bortfalt"):
        assert name in po102["message"][0]
    assert failures.filter(rule_id="PO103")["row_index"].to_list() == [3]


def test_po103_when_redeployed_column_is_absent() -> None:
    frame = pl.DataFrame({"kode": ["Ikke kapasitet"], "ressurs": ["Ja"]})
    report = po.validate(frame, select=["PO10"])
    assert report.failures["rule_id"].to_list() == ["PO103"]


def test_unknown_booleans_never_fire_resource_rules() -> None:
    frame = pl.DataFrame({"kode": ["Utført", "Falsk melding"], "ressurs": [None, "kanskje"]})
    report = po.validate(frame, select=["PO101", "PO102"])
    assert report.failures.is_empty()


@pytest.mark.parametrize(
    ("threshold", "fires"), [(3, ["4", "5", "INGEN"]), (2, ["3", "4", "5", "INGEN"])]
)
def test_po203_threshold(threshold: int, fires: list[str]) -> None:
    priorities = ["1", "2", "3", "4", "5", "INGEN"]
    frame = pl.DataFrame({"kode": ["Ikke kapasitet"] * 6, "prioritet": priorities})
    report = po.validate(frame, select=["PO203"], priority_threshold=threshold)
    assert [priorities[i] for i in report.failures["row_index"]] == fires


def test_po206_needs_the_arrived_at_column() -> None:
    frame = pl.DataFrame({"kode": ["Ordnet på stedet"]})
    assert po.validate(frame, select=["PO206"]).summary["status"].item() == "skipped"


def test_po005_accepts_every_registry_spelling() -> None:
    names = ["sor-ost", "Oslo politidistrikt", "MIDTRE HÅLOGALAND", "Asker og Baerum", "Øst PD"]
    frame = pl.DataFrame({"kode": ["Utført"] * 5, "distrikt": names})
    assert po.validate(frame, select=["PO005"]).ok


def test_messages_name_the_value_and_a_suggestion() -> None:
    frame = pl.DataFrame({"kode": ["Ordnet på sted"], "distrikt": ["Trondelagg"], "prio": ["P9"]})
    failures = po.validate(frame).failures
    messages = dict(zip(failures["rule_id"], failures["message"], strict=True))
    assert "did you mean 'Ordnet på stedet'" in messages["PO001"]
    assert "did you mean 'Trøndelag'" in messages["PO005"]
    assert "'P9'" in messages["PO006"]
