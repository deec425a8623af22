"""Per-rule tests of the built-in validation rules, read against DOMAIN.md.

For every rule: it fires on a minimal violating row (exactly that rule, on exactly
that row, with *all* rules running), it is silent on the nearest valid row, and it
is reported ``skipped`` (naming the missing column) when a required column is absent.
Each rule then has its own group for the subtleties DOMAIN.md spells out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl
import pytest

import po_codes as po

T0 = datetime(2016, 3, 1, 10, 0)
T1 = datetime(2016, 3, 1, 11, 0)
T2 = datetime(2016, 3, 1, 12, 0)

WITH_RESOURCE = [
    "Bortfalt",
    "Feil melding",
    "Ikke utført",
    "Ordnet på stedet",
    "Uten resultat",
    "Videre oppfølgingstiltak",
    "Utført",
    "Muntlig pålegg",
    "Sak opprettet",
]
WITHOUT_RESOURCE = [
    "Falsk melding",
    "Ingen operative tiltak",
    "Ikke kapasitet",
    "Ordnet internt",
    "Overtatt",
]
ALL_CODES = WITH_RESOURCE + WITHOUT_RESOURCE
PRIORITIES = ["1", "2", "3", "4", "5", "INGEN"]

DOCUMENTED_SEVERITY = {
    "PO001": "error",
    "PO002": "error",
    "PO003": "error",
    "PO004": "error",
    "PO005": "error",
    "PO006": "error",
    "PO007": "warning",
    "PO008": "info",
    "PO009": "warning",
    "PO010": "info",
    "PO101": "error",
    "PO102": "error",
    "PO103": "warning",
    "PO104": "warning",
    "PO105": "error",
    "PO106": "warning",
    "PO107": "info",
    "PO201": "error",
    "PO202": "info",
    "PO203": "warning",
    "PO204": "warning",
    "PO205": "info",
    "PO206": "info",
    "PO207": "info",
    "PO208": "info",
}


def pairs(report: po.ValidationReport[Any]) -> list[tuple[int, str]]:
    """(row_index, rule_id) of every failure, in report order."""
    return [(int(r), str(i)) for r, i in report.failures.select("row_index", "rule_id").rows()]


def fired(report: po.ValidationReport[Any], rule_id: str) -> list[int]:
    """Row indexes on which ``rule_id`` failed."""
    return report.failures.filter(pl.col("rule_id") == rule_id)["row_index"].to_list()


def status(report: po.ValidationReport[Any], rule_id: str) -> dict[str, Any]:
    rows = report.summary.filter(pl.col("rule_id") == rule_id).rows(named=True)
    assert len(rows) == 1, f"{rule_id} should appear exactly once in the summary"
    return rows[0]


def message(report: po.ValidationReport[Any], rule_id: str) -> str:
    messages = report.failures.filter(pl.col("rule_id") == rule_id)["message"].to_list()
    assert len(messages) == 1
    return str(messages[0])


# --------------------------------------------------------------------------------------
# The table: rule id -> (violating row, nearest valid row, a required column to drop)
# --------------------------------------------------------------------------------------

CASES: dict[str, tuple[dict[str, Any], dict[str, Any], str | None]] = {
    "PO001": ({"closure_code": "Ordnet på sted"}, {"closure_code": "Ordnet på stedet"}, None),
    "PO002": (
        {"closure_code": None, "closed_at": T1},
        {"closure_code": "Utført", "closed_at": T1},
        None,
    ),
    "PO003": ({"task_id": "A"}, {"task_id": "B"}, "task_id"),
    "PO004": (
        {"created_at": T1, "closed_at": T0},
        {"created_at": T0, "closed_at": T1},
        "closed_at",
    ),
    "PO005": ({"district": "Atlantis"}, {"district": "Sør-Øst"}, "district"),
    "PO006": ({"priority": "7"}, {"priority": "3"}, "priority"),
    "PO007": (
        {"created_at": T1, "closed_at": T2, "arrived_at": T0},
        {"created_at": T0, "closed_at": T2, "arrived_at": T1},
        "arrived_at",
    ),
    "PO008": ({"closure_code": "Utfoert"}, {"closure_code": "Utført"}, None),
    "PO101": (
        {"closure_code": "Utført", "resource_assigned": False},
        {"closure_code": "Utført", "resource_assigned": True},
        "resource_assigned",
    ),
    "PO102": (
        {"closure_code": "Ordnet internt", "resource_assigned": True},
        {"closure_code": "Ordnet internt", "resource_assigned": False},
        "resource_assigned",
    ),
    "PO103": (
        {"closure_code": "Ikke kapasitet", "resource_assigned": True, "resource_redeployed": None},
        {"closure_code": "Ikke kapasitet", "resource_assigned": True, "resource_redeployed": True},
        "resource_assigned",
    ),
    "PO201": (
        {"closure_code": "Sak opprettet", "case_number": None},
        {"closure_code": "Sak opprettet", "case_number": "BL-2016-1"},
        "case_number",
    ),
    "PO202": (
        {"closure_code": "Videre oppfølgingstiltak", "case_number": "BL-2016-1"},
        {"closure_code": "Videre oppfølgingstiltak", "case_number": None},
        "case_number",
    ),
    "PO203": (
        {"closure_code": "Ikke kapasitet", "priority": "4"},
        {"closure_code": "Ikke kapasitet", "priority": "3"},
        "priority",
    ),
    "PO204": (
        {"closure_code": "Ingen operative tiltak", "priority": "3"},
        {"closure_code": "Ingen operative tiltak", "priority": "4"},
        "priority",
    ),
    "PO205": (
        {"closure_code": "Ordnet på stedet", "incident_type": None},
        {"closure_code": "Ordnet på stedet", "incident_type": "Ordensforstyrrelse"},
        "incident_type",
    ),
    "PO206": (  # incident_type is set so that PO205 stays quiet
        {"closure_code": "Ordnet på stedet", "incident_type": "Slagsmål", "arrived_at": None},
        {"closure_code": "Ordnet på stedet", "incident_type": "Slagsmål", "arrived_at": T1},
        "arrived_at",
    ),
    "PO207": (
        {"closure_code": "Overtatt", "handled_by": None},
        {"closure_code": "Overtatt", "handled_by": "Helse Bergen"},
        "handled_by",
    ),
}


def two_rows(rule_id: str, second: dict[str, Any]) -> pl.DataFrame:
    """A valid first row (row 0) and ``second`` (row 1), with the same columns.

    Rows without a closure code of their own get 'Utført'.
    """
    bad, good, _ = CASES[rule_id]
    first = bad if rule_id == "PO003" else good  # a duplicate needs an original
    first = {"closure_code": "Utført", **first}
    second = {"closure_code": "Utført", **second}
    columns = {**first, **second}
    schema: dict[str, Any] = {
        "closure_code": pl.String,
        **{k: _dtype(k) for k in columns if k != "closure_code"},
    }
    return pl.DataFrame(
        [{k: row.get(k) for k in schema} for row in (first, second)],
        schema=schema,
        orient="row",
    )


def _dtype(name: str) -> Any:
    if name in {"created_at", "closed_at", "arrived_at"}:
        return pl.Datetime("us")
    if name in {"resource_assigned", "resource_redeployed"}:
        return pl.Boolean
    return pl.String


def test_the_table_covers_every_documented_rule() -> None:
    # Rules added since 0.1 are tested from their own examples (test_rule_examples.py).
    assert set(CASES) <= set(DOCUMENTED_SEVERITY)
    assert {rule.id for rule in po.RULES} == set(DOCUMENTED_SEVERITY)


def test_documented_rules_exist_with_documented_severity() -> None:
    builtin = {rule.id: rule.severity.value for rule in po.RULES}
    for rule_id, severity in DOCUMENTED_SEVERITY.items():
        assert builtin.get(rule_id) == severity, rule_id


def test_rules_are_in_id_order_and_unique() -> None:
    ids = [rule.id for rule in po.RULES]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_on_exactly_the_violating_row(rule_id: str, lazy: bool) -> None:
    bad, _, _ = CASES[rule_id]
    df = two_rows(rule_id, bad)
    report = po.validate(df.lazy() if lazy else df)
    assert pairs(report) == [(1, rule_id)]
    outcome = status(report, rule_id)
    assert outcome["status"] == "failed"
    assert outcome["n_failed"] == 1
    assert report.ok is (DOCUMENTED_SEVERITY[rule_id] != "error")


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_is_silent_on_the_nearest_valid_row(rule_id: str) -> None:
    _, good, _ = CASES[rule_id]
    report = po.validate(two_rows(rule_id, good))
    assert pairs(report) == []
    assert status(report, rule_id)["status"] == "passed"
    assert report.ok


@pytest.mark.parametrize("rule_id", sorted(r for r, (_, _, col) in CASES.items() if col))
def test_rule_is_skipped_without_its_column(rule_id: str) -> None:
    bad, _, column = CASES[rule_id]
    assert column is not None
    df = two_rows(rule_id, bad).drop(column)
    report = po.validate(df)
    outcome = status(report, rule_id)
    assert outcome["status"] == "skipped"
    assert outcome["n_failed"] == 0
    assert column in outcome["missing_columns"]
    assert fired(report, rule_id) == []


@pytest.mark.parametrize("rule_id", ["PO001", "PO002", "PO008"])
def test_code_only_rules_run_on_a_code_only_frame(rule_id: str) -> None:
    report = po.validate(pl.DataFrame({"closure_code": ["Utført"]}))
    assert status(report, rule_id)["status"] == "passed"


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_select_runs_only_that_rule(rule_id: str) -> None:
    bad, _, _ = CASES[rule_id]
    report = po.validate(two_rows(rule_id, bad), select=[rule_id])
    assert report.summary["rule_id"].to_list() == [rule_id]
    assert pairs(report) == [(1, rule_id)]


# --------------------------------------------------------------------------------------
# PO001 — not one of the 14 after tolerant parsing
# --------------------------------------------------------------------------------------


class TestPO001:
    @pytest.mark.parametrize(
        "spelling",
        [
            "Ordnet på stedet",
            "ordnet på stedet",
            "  Ordnet   på  stedet ",
            "Ordnet pa stedet",
            "Ordnet paa stedet",
            "ORDNET_PA_STEDET",
            "ordnet-pa-stedet",
            "Settled on the spot",
            "Muntlig palegg",
            "Videre oppfolgingstiltak",
            "Ikke utfort",
            "Utfoert",
            "No capacity",
        ],
    )
    def test_tolerant_spellings_are_accepted(self, spelling: str) -> None:
        report = po.validate(pl.DataFrame({"closure_code": [spelling]}))
        assert fired(report, "PO001") == []
        assert fired(report, "PO002") == []

    @pytest.mark.parametrize("junk", ["Ordnet på sted", "Utførtx", "Lukket", "42", "?"])
    def test_junk_fires(self, junk: str) -> None:
        report = po.validate(pl.DataFrame({"closure_code": ["Utført", junk]}))
        assert pairs(report) == [(1, "PO001")]
        assert not report.ok

    def test_message_names_the_value_and_the_nearest_label(self) -> None:
        report = po.validate(pl.DataFrame({"closure_code": ["Ordnet på sted"]}))
        text = message(report, "PO001")
        assert "'Ordnet på sted'" in text
        assert "did you mean 'Ordnet på stedet'" in text

    def test_blank_is_po002_not_po001(self) -> None:
        report = po.validate(pl.DataFrame({"closure_code": ["", "   "]}))
        assert pairs(report) == [(0, "PO002"), (1, "PO002")]


# --------------------------------------------------------------------------------------
# PO002 — missing code on a closed task
# --------------------------------------------------------------------------------------


class TestPO002:
    def test_without_closed_at_column_every_task_counts_as_closed(self) -> None:
        report = po.validate(pl.DataFrame({"closure_code": ["Utført", None, "Bortfalt"]}))
        assert pairs(report) == [(1, "PO002")]

    def test_with_closed_at_only_closed_tasks_need_a_code(self) -> None:
        df = pl.DataFrame(
            {
                "closure_code": [None, None, "Utført", ""],
                "closed_at": [T1, None, None, T1],
            }
        )
        report = po.validate(df)
        assert fired(report, "PO002") == [0, 3]

    def test_open_task_with_null_closed_at_and_no_code_is_fine(self) -> None:
        df = pl.DataFrame({"closure_code": [None], "closed_at": [None]}, schema_overrides={
            "closure_code": pl.String, "closed_at": pl.Datetime("us")
        })  # fmt: skip
        report = po.validate(df)
        assert report.ok
        assert pairs(report) == []

    def test_closed_at_as_norwegian_text(self) -> None:
        df = pl.DataFrame(
            {"Avslutningskode": [None, None], "Avsluttet": ["01.03.2016 11:00", ""]},
            schema={"Avslutningskode": pl.String, "Avsluttet": pl.String},
        )
        assert pairs(po.validate(df)) == [(0, "PO002")]

    def test_native_enum_code_column(self) -> None:
        codes = pl.Series(["Utført", None], dtype=po.CLOSURE_CODE_DTYPE)
        report = po.validate(pl.DataFrame({"closure_code": codes}))
        assert pairs(report) == [(1, "PO002")]


# --------------------------------------------------------------------------------------
# PO003 — duplicate task ids
# --------------------------------------------------------------------------------------


class TestPO003:
    @pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
    def test_every_occurrence_after_the_first_fails(self, lazy: bool) -> None:
        df = pl.DataFrame(
            {
                "task_id": ["A", "B", "A", None, None, "A", "B", "C"],
                "closure_code": ["Utført"] * 8,
            }
        )
        report = po.validate(df.lazy() if lazy else df)
        assert pairs(report) == [(2, "PO003"), (5, "PO003"), (6, "PO003")]

    def test_nulls_and_blanks_are_never_duplicates(self) -> None:
        df = pl.DataFrame({"task_id": [None, None, "", "", "  "], "closure_code": ["Utført"] * 5})
        assert pairs(po.validate(df)) == []

    def test_integer_task_ids(self) -> None:
        df = pl.DataFrame({"task_id": [7, 8, 7], "closure_code": ["Utført"] * 3})
        assert pairs(po.validate(df)) == [(2, "PO003")]

    def test_first_occurrence_stays_valid(self) -> None:
        df = pl.DataFrame({"Oppdragsnr": ["1", "1"], "kode": ["Utført", "Utført"]})
        report = po.validate(df)
        assert report.valid_rows().height == 1
        assert report.invalid_rows()["rule_ids"].to_list() == [["PO003"]]

    def test_message_names_the_task(self) -> None:
        df = pl.DataFrame({"task_id": ["X-17", "X-17"], "closure_code": ["Utført"] * 2})
        assert "X-17" in message(po.validate(df), "PO003")


# --------------------------------------------------------------------------------------
# PO004 — closed before created
# --------------------------------------------------------------------------------------


class TestPO004:
    def test_closed_before_created_fires_equal_and_unknown_do_not(self) -> None:
        df = pl.DataFrame(
            {
                "closure_code": ["Utført"] * 5,
                "created_at": [T1, T0, T1, None, T1],
                "closed_at": [T0, T1, T1, T0, None],
            }
        )
        report = po.validate(df)
        assert pairs(report) == [(0, "PO004")]

    def test_norwegian_text_timestamps(self) -> None:
        df = pl.DataFrame(
            {
                "Avslutningskode": ["Utført", "Utført"],
                "Opprettet": ["01.03.2016 10:00", "01.03.2016 10:00"],
                "Avsluttet": ["01.03.2016 09:59", "01.03.2016 10:01"],
            }
        )
        report = po.validate(df)
        assert pairs(report) == [(0, "PO004")]

    def test_skipped_without_created_at(self) -> None:
        df = pl.DataFrame({"closure_code": ["Utført"], "closed_at": [T0]})
        outcome = status(po.validate(df), "PO004")
        assert outcome["status"] == "skipped"
        assert outcome["missing_columns"] == ["created_at"]


# --------------------------------------------------------------------------------------
# PO005 — district
# --------------------------------------------------------------------------------------


class TestPO005:
    @pytest.mark.parametrize(
        "spelling",
        [
            "sor-ost",
            "Oslo politidistrikt",
            "Sør-Øst politidistrikt",
            "Sør-Øst",
            "Møre og Romsdal",
            "More og Romsdal",
            "Vestoppland",  # historical (before 2016)
            "Midtre Hålogaland",
            "Asker og Bærum",
            "OSLO",
            "  trøndelag ",
        ],
    )
    def test_known_spellings_pass(self, spelling: str) -> None:
        report = po.validate(pl.DataFrame({"closure_code": ["Utført"], "district": [spelling]}))
        assert fired(report, "PO005") == []

    @pytest.mark.parametrize("unknown", ["Atlantis", "Oslo-Vest", "Sørlandet", "12"])
    def test_unknown_district_fires(self, unknown: str) -> None:
        df = pl.DataFrame({"closure_code": ["Utført"] * 2, "district": ["Oslo", unknown]})
        report = po.validate(df)
        assert pairs(report) == [(1, "PO005")]
        assert f"'{unknown}'" in message(report, "PO005")

    def test_missing_district_is_not_unknown(self) -> None:
        df = pl.DataFrame({"closure_code": ["Utført"] * 2, "district": [None, ""]})
        assert pairs(po.validate(df)) == []

    def test_raw_header(self) -> None:
        df = pl.DataFrame({"Avslutningskode": ["Utført"], "Politidistrikt": ["Narnia"]})
        assert pairs(po.validate(df)) == [(0, "PO005")]


# --------------------------------------------------------------------------------------
# PO006 — priority
# --------------------------------------------------------------------------------------


class TestPO006:
    @pytest.mark.parametrize(
        "value", ["1", "5", "P1", "Prio 3", "prioritet 2", "ingen", "INGEN", "Ingen"]
    )
    def test_accepted_forms(self, value: str) -> None:
        df = pl.DataFrame({"closure_code": ["Utført"], "priority": [value]})
        assert pairs(po.validate(df)) == []

    @pytest.mark.parametrize("value", ["7", "0", "6", "P9", "høy", "10", "1.5"])
    def test_invalid_priority_fires(self, value: str) -> None:
        df = pl.DataFrame({"closure_code": ["Utført"] * 2, "priority": ["2", value]})
        report = po.validate(df)
        assert pairs(report) == [(1, "PO006")]
        assert f"'{value}'" in message(report, "PO006")

    @pytest.mark.parametrize("value", [-1, -5, "-1"], ids=["int-1", "int-5", "str-1"])
    def test_negative_numbers_are_not_priorities(self, value: object) -> None:
        df = pl.DataFrame({"closure_code": ["Utført"], "priority": [value]})
        assert pairs(po.validate(df)) == [(0, "PO006")]

    def test_integer_priorities(self) -> None:
        df = pl.DataFrame({"closure_code": ["Utført"] * 3, "priority": [1, 7, None]})
        assert pairs(po.validate(df)) == [(1, "PO006")]

    def test_missing_priority_is_not_invalid(self) -> None:
        df = pl.DataFrame({"closure_code": ["Utført"] * 2, "priority": [None, ""]})
        assert pairs(po.validate(df)) == []

    def test_native_enum_priority(self) -> None:
        prio = pl.Series(["1", "INGEN", None], dtype=po.PRIORITY_DTYPE)
        df = pl.DataFrame({"closure_code": ["Utført"] * 3, "priority": prio})
        assert status(po.validate(df), "PO006")["status"] == "passed"


# --------------------------------------------------------------------------------------
# PO007 — arrival outside the task's life
# --------------------------------------------------------------------------------------


class TestPO007:
    def test_before_created_and_after_closed(self) -> None:
        df = pl.DataFrame(
            {
                "closure_code": ["Utført"] * 4,
                "created_at": [T1, T0, T0, T0],
                "closed_at": [T2, T1, T2, T2],
                "arrived_at": [T0, T2, T1, None],
            }
        )
        report = po.validate(df)
        assert pairs(report) == [(0, "PO007"), (1, "PO007")]
        assert report.ok  # a warning

    def test_without_closed_at_only_the_start_is_checked(self) -> None:
        df = pl.DataFrame(
            {"closure_code": ["Utført"] * 2, "created_at": [T1, T0], "arrived_at": [T0, T2]}
        )
        assert pairs(po.validate(df)) == [(0, "PO007")]

    def test_skipped_without_created_at(self) -> None:
        df = pl.DataFrame({"closure_code": ["Utført"], "arrived_at": [T0]})
        assert "created_at" in status(po.validate(df), "PO007")["missing_columns"]


# --------------------------------------------------------------------------------------
# PO008 — recognised only after tolerant parsing
# --------------------------------------------------------------------------------------


class TestPO008:
    def test_fires_on_utfoert_not_on_utfort(self) -> None:
        report = po.validate(pl.DataFrame({"closure_code": ["Utført", "Utfoert", "Utført"]}))
        assert pairs(report) == [(1, "PO008")]
        assert report.ok  # info
        text = message(report, "PO008")
        assert "Utfoert" in text
        assert "Utført" in text

    @pytest.mark.parametrize(
        "spelling", ["ORDNET_PA_STEDET", "Settled on the spot", "ordnet pa stedet", "utført"]
    )
    def test_other_non_canonical_spellings(self, spelling: str) -> None:
        report = po.validate(pl.DataFrame({"closure_code": [spelling]}))
        assert pairs(report) == [(0, "PO008")]

    @pytest.mark.parametrize("label", ALL_CODES)
    def test_every_exact_label_is_silent(self, label: str) -> None:
        report = po.validate(pl.DataFrame({"closure_code": [label]}))
        assert fired(report, "PO008") == []

    def test_junk_is_po001_not_po008(self) -> None:
        report = po.validate(pl.DataFrame({"closure_code": ["Utfoertt"]}))
        assert [rule for _, rule in pairs(report)] == ["PO001"]

    def test_native_enum_never_fires(self) -> None:
        codes = pl.Series(ALL_CODES, dtype=po.CLOSURE_CODE_DTYPE)
        assert fired(po.validate(pl.DataFrame({"closure_code": codes})), "PO008") == []


# --------------------------------------------------------------------------------------
# PO009 — unreadable timestamps / yes-no values (an extra rule, not in DOMAIN's table)
# --------------------------------------------------------------------------------------


class TestPO009:
    def test_unreadable_timestamp_and_boolean(self) -> None:
        df = pl.DataFrame(
            {
                "closure_code": ["Utført"] * 3,
                "created_at": ["01.03.2016 10:00", "31/02/2016", "01.03.2016 10:00"],
                "resource_assigned": ["Ja", "Ja", "kanskje"],
            }
        )
        report = po.validate(df)
        assert pairs(report) == [(1, "PO009"), (2, "PO009")]
        assert report.ok

    def test_is_skipped_without_any_column_it_reads(self) -> None:
        report = po.validate(pl.DataFrame({"closure_code": ["Utført"]}))
        assert status(report, "PO009")["status"] == "skipped"
        report = po.validate(pl.DataFrame({"closure_code": ["Utført"], "ressurs": ["Ja"]}))
        assert status(report, "PO009")["status"] == "passed"


# --------------------------------------------------------------------------------------
# PO101 — with-resource code, no resource
# --------------------------------------------------------------------------------------


class TestPO101:
    @pytest.mark.parametrize("code", WITH_RESOURCE)
    def test_every_with_resource_code_fires_without_resource(self, code: str) -> None:
        df = pl.DataFrame(
            {"closure_code": [code, code], "resource_assigned": ["Ja", "Nei"]},
        )
        report = po.validate(df, select=["PO1"])
        assert pairs(report) == [(1, "PO101")]

    @pytest.mark.parametrize("code", WITHOUT_RESOURCE)
    def test_without_resource_codes_never_fire(self, code: str) -> None:
        df = pl.DataFrame({"closure_code": [code], "resource_assigned": ["Nei"]})
        assert fired(po.validate(df), "PO101") == []

    @pytest.mark.parametrize("false", ["Nei", "nei", "NEI", "false", "0", "n"])
    def test_tolerant_false(self, false: str) -> None:
        df = pl.DataFrame({"closure_code": ["Utført"], "resource_assigned": [false]})
        assert fired(po.validate(df), "PO101") == [0]

    def test_integer_false(self) -> None:
        df = pl.DataFrame({"closure_code": ["Utført"] * 2, "resource_assigned": [1, 0]})
        assert pairs(po.validate(df)) == [(1, "PO101")]

    def test_feil_melding_message_points_to_ingen_operative_tiltak(self) -> None:
        df = pl.DataFrame({"Avslutningskode": ["Feil melding"], "Ressurs": ["Nei"]})
        report = po.validate(df)
        assert pairs(report) == [(0, "PO101")]
        assert "Ingen operative tiltak" in message(report, "PO101")

    def test_other_messages_name_the_code(self) -> None:
        df = pl.DataFrame({"closure_code": ["Bortfalt"], "resource_assigned": [False]})
        assert "Bortfalt" in message(po.validate(df), "PO101")


# --------------------------------------------------------------------------------------
# PO102 — without-resource code, a resource
# --------------------------------------------------------------------------------------


class TestPO102:
    @pytest.mark.parametrize(
        "code", [c for c in WITHOUT_RESOURCE if c not in ("Ikke kapasitet", "Overtatt")]
    )
    def test_every_without_resource_code_fires_with_resource(self, code: str) -> None:
        df = pl.DataFrame({"closure_code": [code, code], "resource_assigned": ["Nei", "Ja"]})
        assert pairs(po.validate(df)) == [(1, "PO102")]

    @pytest.mark.parametrize("code", WITH_RESOURCE)
    def test_with_resource_codes_never_fire(self, code: str) -> None:
        df = pl.DataFrame(
            {"closure_code": [code], "resource_assigned": [True], "case_number": ["BL-1"]}
        )
        assert fired(po.validate(df), "PO102") == []

    def test_ikke_kapasitet_exception_depends_on_redeployed(self) -> None:
        df = pl.DataFrame(
            {
                "closure_code": ["Ikke kapasitet"] * 4,
                "resource_assigned": ["Ja", "Ja", "Ja", "Nei"],
                "resource_redeployed": ["Ja", "Nei", None, None],
            }
        )
        report = po.validate(df)
        # True -> allowed; False -> PO102; unknown -> PO103 (not PO102); no resource -> fine
        assert pairs(report) == [(1, "PO102"), (2, "PO103")]

    def test_ikke_kapasitet_without_redeployed_column_is_not_po102(self) -> None:
        df = pl.DataFrame({"closure_code": ["Ikke kapasitet"], "resource_assigned": [True]})
        assert pairs(po.validate(df)) == [(0, "PO103")]

    def test_falsk_melding_message_lists_alternatives(self) -> None:
        df = pl.DataFrame({"kode": ["Falsk melding"], "ressurs": ["Ja"]})
        text = message(po.validate(df), "PO102")
        for alternative in (
            "Muntlig pålegg",
            "Videre oppfølgingstiltak",
            "Uten resultat",
            "Bortfalt",
        ):
            assert alternative in text

    def test_redeployed_true_on_a_code_that_hides_it_is_po106_not_po102(self) -> None:
        codes = ["Ingen operative tiltak", "Falsk melding", "Ordnet internt"]
        df = pl.DataFrame(
            {
                "closure_code": codes,
                "resource_assigned": [True] * 3,
                "resource_redeployed": [True] * 3,
            }
        )
        assert pairs(po.validate(df)) == [(0, "PO106"), (1, "PO106"), (2, "PO106")]

    def test_redeployed_false_or_unknown_on_those_codes_stays_po102(self) -> None:
        df = pl.DataFrame(
            {
                "closure_code": ["Falsk melding", "Ordnet internt"],
                "resource_assigned": [True, True],
                "resource_redeployed": [False, None],
            }
        )
        assert pairs(po.validate(df)) == [(0, "PO102"), (1, "PO102")]

    def test_overtatt_with_a_resource_is_po107_not_po102(self) -> None:
        df = pl.DataFrame(
            {
                "closure_code": ["Overtatt"],
                "resource_assigned": [True],
                "resource_redeployed": [True],
            }
        )
        assert pairs(po.validate(df)) == [(0, "PO107")]


class TestUnknownBooleans:
    """Null (or unreadable) in a boolean column is unknown: PO101/PO102 never fire."""

    @pytest.mark.parametrize("code", ALL_CODES)
    @pytest.mark.parametrize(
        "assigned",
        [
            pl.Series("resource_assigned", [None], dtype=pl.Boolean),
            pl.Series("resource_assigned", [None], dtype=pl.String),
            pl.Series("resource_assigned", [None], dtype=pl.Null),
            # a column mixing yes/no values and other text: the other text is unreadable
            pl.Series("resource_assigned", ["kanskje", "Ja"], dtype=pl.String),
        ],
        ids=["bool-null", "str-null", "Null-dtype", "unreadable"],
    )
    def test_never_fire(self, code: str, assigned: pl.Series) -> None:
        codes = [code, "Utført"][: len(assigned)]
        df = pl.DataFrame({"closure_code": codes}).with_columns(assigned)
        report = po.validate(df, select=["PO101", "PO102"])
        assert pairs(report) == []
        assert report.summary["status"].to_list() == ["passed", "passed"]

    def test_null_redeployed_with_resource_false_is_silent(self) -> None:
        df = pl.DataFrame(
            {
                "closure_code": ["Ikke kapasitet"],
                "resource_assigned": [False],
                "resource_redeployed": pl.Series([None], dtype=pl.Boolean),
            }
        )
        assert pairs(po.validate(df)) == []


# --------------------------------------------------------------------------------------
# PO103 — Ikke kapasitet, resource assigned, redeployment unknown
# --------------------------------------------------------------------------------------


class TestPO103:
    def test_redeployed_null(self) -> None:
        df = pl.DataFrame(
            {
                "closure_code": ["Ikke kapasitet", "Ikke kapasitet"],
                "resource_assigned": [True, True],
                "resource_redeployed": [True, None],
            }
        )
        report = po.validate(df)
        assert pairs(report) == [(1, "PO103")]
        assert report.ok  # a warning

    def test_redeployed_column_absent(self) -> None:
        df = pl.DataFrame(
            {"Avslutningskode": ["Ikke kapasitet", "Ikke kapasitet"], "Ressurs": ["Nei", "Ja"]}
        )
        report = po.validate(df)
        assert pairs(report) == [(1, "PO103")]
        assert status(report, "PO103")["status"] == "failed"

    def test_redeployed_false_is_po102_not_po103(self) -> None:
        df = pl.DataFrame(
            {
                "closure_code": ["Ikke kapasitet"],
                "resource_assigned": [True],
                "resource_redeployed": [False],
            }
        )
        assert pairs(po.validate(df)) == [(0, "PO102")]

    @pytest.mark.parametrize("assigned", [False, None])
    def test_needs_a_resource_assigned(self, assigned: bool | None) -> None:
        df = pl.DataFrame(
            {"closure_code": ["Ikke kapasitet"], "resource_assigned": [assigned]},
            schema={"closure_code": pl.String, "resource_assigned": pl.Boolean},
        )
        assert pairs(po.validate(df)) == []

    @pytest.mark.parametrize("code", [c for c in ALL_CODES if c != "Ikke kapasitet"])
    def test_other_codes_never_fire(self, code: str) -> None:
        df = pl.DataFrame(
            {"closure_code": [code], "resource_assigned": [True]},
        )
        assert fired(po.validate(df), "PO103") == []


# --------------------------------------------------------------------------------------
# PO201 / PO202 — case numbers
# --------------------------------------------------------------------------------------


class TestPO201:
    @pytest.mark.parametrize("case", [None, "", "   "])
    def test_sak_opprettet_without_case_number(self, case: str | None) -> None:
        df = pl.DataFrame(
            {"closure_code": ["Sak opprettet"] * 2, "case_number": ["BL-1", case]},
            schema={"closure_code": pl.String, "case_number": pl.String},
        )
        report = po.validate(df)
        assert pairs(report) == [(1, "PO201")]
        assert not report.ok

    @pytest.mark.parametrize("code", [c for c in ALL_CODES if c != "Sak opprettet"])
    def test_other_codes_need_no_case_number(self, code: str) -> None:
        df = pl.DataFrame(
            {"closure_code": [code], "case_number": [None]},
            schema={"closure_code": pl.String, "case_number": pl.String},
        )
        assert fired(po.validate(df), "PO201") == []

    def test_raw_header_and_tolerant_code(self) -> None:
        df = pl.DataFrame({"Kode": ["sak opprettet", "Sak opprettet"], "Saksnr": ["", "123"]})
        report = po.validate(df)
        assert fired(report, "PO201") == [0]

    def test_any_case_number_format(self) -> None:
        df = pl.DataFrame({"closure_code": ["Sak opprettet"] * 2, "case_number": ["x", "0"]})
        assert fired(po.validate(df), "PO201") == []


class TestPO202:
    def test_videre_with_case_number(self) -> None:
        df = pl.DataFrame(
            {
                "closure_code": ["Videre oppfølgingstiltak"] * 3,
                "case_number": [None, "", "BL-9"],
            }
        )
        report = po.validate(df)
        assert pairs(report) == [(2, "PO202")]
        assert report.ok
        assert "BL-9" in message(report, "PO202")
        assert "Sak opprettet" in message(report, "PO202")

    def test_other_codes_with_case_number(self) -> None:
        df = pl.DataFrame({"closure_code": ["Utført", "Sak opprettet"], "case_number": ["1", "2"]})
        assert pairs(po.validate(df)) == [(0, "PO208")]  # no PO202; "Utført" is PO208's


# --------------------------------------------------------------------------------------
# PO203 / PO204 — priority and the capacity codes
# --------------------------------------------------------------------------------------


class TestPO203:
    def test_default_threshold(self) -> None:
        df = pl.DataFrame({"closure_code": ["Ikke kapasitet"] * 6, "priority": PRIORITIES})
        report = po.validate(df)
        assert [PRIORITIES[i] for i in fired(report, "PO203")] == ["4", "5", "INGEN"]
        assert report.ok

    @pytest.mark.parametrize("threshold", [2, "2", "P2", po.Priority("2")])
    def test_threshold_2(self, threshold: Any) -> None:
        df = pl.DataFrame({"closure_code": ["Ikke kapasitet"] * 6, "priority": PRIORITIES})
        report = po.validate(df, priority_threshold=threshold)
        assert [PRIORITIES[i] for i in fired(report, "PO203")] == ["3", "4", "5", "INGEN"]

    def test_threshold_5_only_ingen(self) -> None:
        df = pl.DataFrame({"closure_code": ["Ikke kapasitet"] * 6, "priority": PRIORITIES})
        report = po.validate(df, priority_threshold=5)
        assert [PRIORITIES[i] for i in fired(report, "PO203")] == ["INGEN"]

    def test_tolerant_priority_spellings(self) -> None:
        df = pl.DataFrame(
            {"Kode": ["Ikke kapasitet"] * 4, "Prioritet": ["Prio 4", "ingen", "P3", None]}
        )
        assert fired(po.validate(df), "PO203") == [0, 1]

    def test_other_codes_never_fire(self) -> None:
        df = pl.DataFrame({"closure_code": ["Utført", "Overtatt"], "priority": ["5", "INGEN"]})
        assert fired(po.validate(df), "PO203") == []

    def test_invalid_threshold_is_rejected(self) -> None:
        with pytest.raises(po.UnknownPriorityError):
            po.validate(pl.DataFrame({"closure_code": ["Utført"]}), priority_threshold=9)


class TestPO204:
    def test_urgent_ingen_operative_tiltak(self) -> None:
        df = pl.DataFrame({"closure_code": ["Ingen operative tiltak"] * 6, "priority": PRIORITIES})
        report = po.validate(df)
        assert [PRIORITIES[i] for i in fired(report, "PO204")] == ["1", "2", "3"]
        assert report.ok

    def test_other_codes_never_fire(self) -> None:
        df = pl.DataFrame({"closure_code": ["Utført", "Falsk melding"], "priority": ["1", "1"]})
        assert fired(po.validate(df), "PO204") == []

    def test_message_suggests_ikke_kapasitet(self) -> None:
        df = pl.DataFrame({"closure_code": ["Ingen operative tiltak"], "priority": ["P1"]})
        assert "Ikke kapasitet" in message(po.validate(df), "PO204")


# --------------------------------------------------------------------------------------
# PO205 / PO206 / PO207
# --------------------------------------------------------------------------------------


class TestPO205:
    def test_ordnet_pa_stedet_without_incident_type(self) -> None:
        df = pl.DataFrame(
            {
                "closure_code": ["Ordnet på stedet"] * 3 + ["Utført"],
                "incident_type": ["Slagsmål", None, "  ", None],
            }
        )
        report = po.validate(df)
        assert pairs(report) == [(1, "PO205"), (2, "PO205")]
        assert report.ok

    def test_forholdets_art_header(self) -> None:
        df = pl.DataFrame({"Kode": ["Ordnet på stedet"], "Forholdets art": [None]})
        assert pairs(po.validate(df)) == [(0, "PO205")]


class TestPO206:
    @pytest.mark.parametrize("code", ["Ordnet på stedet", "Uten resultat"])
    def test_on_scene_codes_need_arrival(self, code: str) -> None:
        df = pl.DataFrame(
            {
                "closure_code": [code, code],
                "incident_type": ["Slagsmål"] * 2,
                "arrived_at": [T0, None],
            }
        )
        report = po.validate(df)
        assert pairs(report) == [(1, "PO206")]
        assert code in message(report, "PO206")

    @pytest.mark.parametrize(
        "code", [c for c in ALL_CODES if c not in {"Ordnet på stedet", "Uten resultat"}]
    )
    def test_other_codes_need_no_arrival(self, code: str) -> None:
        df = pl.DataFrame(
            {"closure_code": [code], "arrived_at": [None]},
            schema={"closure_code": pl.String, "arrived_at": pl.Datetime("us")},
        )
        assert fired(po.validate(df), "PO206") == []

    def test_only_when_the_arrived_at_column_exists(self) -> None:
        df = pl.DataFrame({"closure_code": ["Ordnet på stedet", "Uten resultat"]})
        report = po.validate(df)
        assert fired(report, "PO206") == []
        outcome = status(report, "PO206")
        assert outcome["status"] == "skipped"
        assert outcome["missing_columns"] == ["arrived_at"]

    def test_text_arrival_column(self) -> None:
        df = pl.DataFrame(
            {"Kode": ["Uten resultat"] * 2, "Ankomst": ["01.03.2016 10:10", ""]},
        )
        assert fired(po.validate(df), "PO206") == [1]


class TestPO207:
    def test_overtatt_without_handled_by(self) -> None:
        df = pl.DataFrame(
            {
                "closure_code": ["Overtatt", "Overtatt", "Utført"],
                "handled_by": ["Barnevernvakt", None, None],
            }
        )
        report = po.validate(df)
        assert pairs(report) == [(1, "PO207")]
        assert report.ok
        assert status(report, "PO207")["severity"] == "info"

    def test_overtatt_av_header(self) -> None:
        df = pl.DataFrame({"Kode": ["Overtatt"], "Overtatt av": [""]})
        assert pairs(po.validate(df)) == [(0, "PO207")]
