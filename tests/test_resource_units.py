"""Resource columns naming units: a named unit means assigned, and the names are kept."""

from __future__ import annotations

import polars as pl

import po_codes as po


def test_unit_column_keeps_names_in_resource_unit() -> None:
    raw = pl.DataFrame({"Kode": ["Utført", "Ikke kapasitet"], "Ressurs": ["P 30-10", ""]})
    out = po.normalize(raw)
    assert out["resource_assigned"].to_list() == [True, False]
    assert out["resource_unit"].to_list() == ["P 30-10", None]


def test_column_mixing_nei_and_call_signs_reads_call_signs_as_assigned() -> None:
    raw = pl.DataFrame(
        {
            "Kode": ["Utført", "Ikke kapasitet", "Utført", "Utført"],
            "Ressurs": ["P-1 Oslo", "Nei", "Ja", "U 12"],
        }
    )
    out = po.normalize(raw)
    assert out["resource_assigned"].to_list() == [True, False, True, True]
    assert out["resource_unit"].to_list() == ["P-1 Oslo", None, None, "U 12"]
    assert out["po_written"].struct.field("resource_assigned").to_list() == [None] * 4
    report = po.validate(raw)
    assert report.summary.filter(rule_id="PO009")["n_failed"].item() == 0
    assert any("unit" in note for note in report.notes)


def test_mixed_column_text_that_is_no_call_sign_stays_unreadable() -> None:
    raw = pl.DataFrame({"Kode": ["Utført", "Utført"], "Ressurs": ["Ja", "kanskje"]})
    out = po.normalize(raw)
    assert out["resource_assigned"].to_list() == [True, None]
    assert out["resource_unit"].to_list() == [None, None]


def test_resource_unit_column_is_there_whatever_the_values() -> None:
    for values in (["Ja", "Nei"], ["P 30-10", None], [None, None]):
        raw = pl.DataFrame({"Kode": ["Utført", "Utført"], "Ressurs": values})
        assert po.normalize(raw).schema["resource_unit"] == pl.String
    native = pl.DataFrame({"Kode": ["Utført"], "resource_assigned": [True]})
    assert po.normalize(native).schema["resource_unit"] == pl.String


def test_normalize_twice_keeps_the_unit_names() -> None:
    raw = pl.DataFrame({"Kode": ["Utført", "Utført"], "Ressurs": ["P 30-10", "Nei"]})
    once = po.normalize(raw)
    twice = po.normalize(once)
    assert twice["resource_unit"].to_list() == ["P 30-10", None]
    assert twice["resource_assigned"].to_list() == [True, False]
