from __future__ import annotations

import polars as pl
import pytest

import po_codes as po
from po_codes import District

NEW = [
    "Oslo", "Øst", "Innlandet", "Sør-Øst", "Agder", "Sør-Vest", "Vest",
    "Møre og Romsdal", "Trøndelag", "Nordland", "Troms", "Finnmark",
]  # fmt: skip


def test_generations() -> None:
    assert [d.name for d in po.districts()] == NEW
    old = po.districts(generation=2002)
    assert len(old) == 27
    assert len({d.id for d in (*old, *po.districts())}) == 39
    for d in old:
        assert d.successors
        assert all(District.by_id(s).generation == 2016 for s in d.successors)
    split = [d for d in old if len(d.successors) > 1]
    assert [d.name for d in split] == ["Midtre Hålogaland"]
    assert {d.name for d in District.parse("Øst").predecessors} == {"Østfold", "Follo", "Romerike"}


@pytest.mark.parametrize(
    ("text", "name", "generation"),
    [
        ("sor-ost", "Sør-Øst", 2016),
        ("Sør-Øst politidistrikt", "Sør-Øst", 2016),
        ("SOR OST", "Sør-Øst", 2016),
        ("Oslo politidistrikt", "Oslo", 2016),
        ("Oslo PD", "Oslo", 2016),
        ("more og romsdal", "Møre og Romsdal", 2016),
        ("Asker og Baerum", "Asker og Bærum", 2002),
        ("midtre haalogaland", "Midtre Hålogaland", 2002),
        ("Vest-Oppland", "Vestoppland", 2002),
        ("trondelag", "Trøndelag", 2016),
    ],
)
def test_parse(text: str, name: str, generation: int) -> None:
    district = District.parse(text)
    assert (district.name, district.generation) == (name, generation)


def test_shared_names_prefer_2016_unless_asked() -> None:
    assert District.parse("Oslo").id == "oslo"
    assert District.parse("Oslo", generation=2002).id == "oslo-2002"
    assert District.get("Hedmark", generation=2016) is None


@pytest.mark.parametrize("junk", [None, 3, "", "Atlantis", "x" * 10_000, b"Oslo", "🚓"])
def test_parse_rejects(junk: object) -> None:
    assert District.get(junk) is None
    with pytest.raises(po.UnknownDistrictError):
        District.parse(junk)


def test_unknown_suggests() -> None:
    with pytest.raises(po.UnknownDistrictError, match="did you mean 'Trøndelag'"):
        District.parse("Trondelagg")


@pytest.mark.parametrize("junk", [2000, "2016", None, True])
def test_districts_rejects_bad_generation(junk: object) -> None:
    with pytest.raises(po.UnknownDistrictError):
        po.districts(generation=junk)  # type: ignore[arg-type]


def test_parse_districts_expression() -> None:
    frame = pl.DataFrame({"d": ["sor-ost", "Hedmark", "nope", None, "Oslo politidistrikt"]})
    out = frame.select(po.parse_districts("d"))["d"].to_list()
    assert out == ["Sør-Øst", "Hedmark", None, None, "Oslo"]


def test_every_spelling_parses_to_its_district() -> None:
    for district in (*po.districts(2002), *po.districts(2016)):
        for spelling in district.spellings:
            assert District.parse(spelling, generation=district.generation) == district
