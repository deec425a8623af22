"""District names beyond the registry's own (issue 23): aliases, the harmonised unit,
suggestions that try "contains" first, Svalbard, and the operations-centre dates."""

from __future__ import annotations

import polars as pl
import pytest

import po_codes as po
from po_codes import District


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sør-Aust", "Sør-Øst"),
        ("sor-aust politidistrikt", "Sør-Øst"),
        ("Haugaland og Sunnhordaland", "Haugaland og Sunnhordland"),
    ],
)
def test_aliases(text: str, name: str) -> None:
    assert District.parse(text).name == name
    frame = pl.DataFrame({"d": [text]})
    assert frame.select(po.parse_districts("d"))["d"].to_list() == [name]


@pytest.mark.parametrize("text", ["Nordland og Troms", "nordland-og-troms", "NORDLAND OG TROMS"])
def test_the_harmonised_unit_parses(text: str) -> None:
    unit = District.parse(text)
    assert unit.name == "Nordland og Troms"
    assert unit.is_harmonised
    assert unit.members == ("nordland", "troms")
    assert "Midtre Hålogaland" in {d.name for d in unit.predecessors}
    assert District.get(text, generation=2002) is None
    assert unit not in po.districts(2016)
    assert not District.parse("Nordland").is_harmonised


@pytest.mark.parametrize(
    ("text", "suggested"),
    [
        ("Hålogaland", "Midtre Hålogaland"),
        ("Sunnhordland", "Haugaland og Sunnhordland"),
        ("Trondelagg", "Trøndelag"),  # nothing contains it: edit distance
    ],
)
def test_suggestions_try_contains_before_edit_distance(text: str, suggested: str) -> None:
    with pytest.raises(po.UnknownDistrictError, match=f"did you mean '{suggested}'"):
        District.parse(text)


def test_svalbard_is_not_a_police_district() -> None:
    with pytest.raises(po.UnknownDistrictError, match="Governor of Svalbard"):
        District.parse("Svalbard")
    report = po.validate(pl.DataFrame({"kode": ["Utført"], "distrikt": ["Svalbard"]}))
    assert "Governor of Svalbard" in report.failures["message"].item()
    nb = po.validate(pl.DataFrame({"kode": ["Utført"], "distrikt": ["Svalbard"]}), lang="nb")
    assert "Sysselmesteren" in nb.failures["message"].item()


def test_midtre_halogaland_interim_is_documented_with_its_date() -> None:
    district = District.parse("Midtre Hålogaland")
    assert str(district.centre_until) == "2017-05-31"
    assert "Nordland" in (District.__doc__ or "")
