from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import po_codes as po
from po_codes import ClosureCode

if TYPE_CHECKING:
    from collections.abc import Callable

LABELS = [
    "Bortfalt",
    "Feil melding",
    "Ikke utført",
    "Ordnet på stedet",
    "Uten resultat",
    "Videre oppfølgingstiltak",
    "Utført",
    "Muntlig pålegg",
    "Sak opprettet",
    "Falsk melding",
    "Ingen operative tiltak",
    "Ikke kapasitet",
    "Ordnet internt",
    "Overtatt",
]

ENGLISH = [
    "Lapsed",
    "Erroneous report",
    "Not carried out",
    "Settled on the spot",
    "Without result",
    "Further follow-up",
    "Completed",
    "Verbal order",
    "Case opened",
    "False report",
    "No operational action",
    "No capacity",
    "Handled internally",
    "Taken over",
]

# (spelling, expected) pairs from DOMAIN.md "Parsing real-world labels".
MESSY = [
    ("Ordnet pa stedet", ClosureCode.ORDNET_PA_STEDET),
    ("Ordnet paa stedet", ClosureCode.ORDNET_PA_STEDET),
    ("ordnet  PÅ   stedet", ClosureCode.ORDNET_PA_STEDET),
    ("  ordnet_på-stedet\t", ClosureCode.ORDNET_PA_STEDET),
    ("ORDNET_PA_STEDET", ClosureCode.ORDNET_PA_STEDET),
    ("Ordnet pÃ¥ stedet", ClosureCode.ORDNET_PA_STEDET),
    ("Muntlig palegg", ClosureCode.MUNTLIG_PALEGG),
    ("Muntlig paalegg", ClosureCode.MUNTLIG_PALEGG),
    ("Videre oppfolgingstiltak", ClosureCode.VIDERE_OPPFOLGINGSTILTAK),
    ("Videre oppfoelgingstiltak", ClosureCode.VIDERE_OPPFOLGINGSTILTAK),
    ("Ikke utfort", ClosureCode.IKKE_UTFORT),
    ("Utfoert", ClosureCode.UTFORT),
    ("UTFØRT", ClosureCode.UTFORT),
    ("ikke-kapasitet", ClosureCode.IKKE_KAPASITET),
    ("no capacity", ClosureCode.IKKE_KAPASITET),
    ("Settled on the spot", ClosureCode.ORDNET_PA_STEDET),
    ("sak\u00a0opprettet", ClosureCode.SAK_OPPRETTET),
]


def test_members_are_the_14_labels_in_canonical_order() -> None:
    assert [c.value for c in ClosureCode] == LABELS
    assert [c.label_en for c in ClosureCode] == ENGLISH
    assert pl.Enum(LABELS) == po.CLOSURE_CODE_DTYPE


def test_groups() -> None:
    assert [c.requires_resource for c in ClosureCode] == [True] * 9 + [False] * 5
    assert {c.group for c in ClosureCode.with_resource()} == {po.CodeGroup.WITH_RESOURCE}
    assert len(ClosureCode.without_resource()) == 5
    assert ClosureCode.SAK_OPPRETTET.value == "Sak opprettet"
    assert str(ClosureCode.IKKE_KAPASITET) == "Ikke kapasitet"


def test_descriptions_are_norwegian_and_distinct() -> None:
    descriptions = [c.description for c in ClosureCode]
    assert len(set(descriptions)) == 14
    assert all(len(d) > 20 for d in descriptions)
    assert ClosureCode.UTFORT.info.label == "Utført"


@pytest.mark.parametrize("code", list(ClosureCode))
def test_parse_every_canonical_spelling(code: ClosureCode) -> None:
    for spelling in (code.value, code.name, code.label_en, code.value.upper(), code.name.lower()):
        assert ClosureCode.parse(spelling) is code
        assert ClosureCode.get(f"  {spelling}  ") is code
    assert ClosureCode.parse(code) is code


@pytest.mark.parametrize(("spelling", "expected"), MESSY)
def test_parse_messy_spellings(spelling: str, expected: ClosureCode) -> None:
    assert ClosureCode.parse(spelling) is expected


def test_unknown_code_suggests_nearest() -> None:
    with pytest.raises(po.UnknownCodeError, match="did you mean 'Ordnet på stedet'"):
        ClosureCode.parse("Ordnet på sted")
    with pytest.raises(ValueError, match="not one of the 14"):
        ClosureCode.parse("completely unrelated words here")
    assert ClosureCode.get("Ordnet på sted") is None


@pytest.mark.parametrize("junk", [None, 1, 1.5, b"Utf\xc3\xb8rt", ["Utført"], object()])
def test_parse_rejects_non_strings(junk: object) -> None:
    assert ClosureCode.get(junk) is None
    with pytest.raises(po.UnknownCodeError):
        ClosureCode.parse(junk)


_SEPARATORS = st.sampled_from([" ", "  ", "_", "-", "\t", " _ "])


@st.composite
def variants(draw: st.DrawFn) -> tuple[str, ClosureCode]:
    code = draw(st.sampled_from(list(ClosureCode)))
    base = draw(st.sampled_from([code.value, code.name, code.label_en]))
    folded = draw(
        st.sampled_from(
            [
                {},
                {"å": "a", "ø": "o", "æ": "ae"},
                {"å": "aa", "ø": "oe", "æ": "ae"},
            ]
        )
    )
    for src, dst in folded.items():
        base = base.replace(src, dst)
    words = base.replace("_", " ").split()
    sep = draw(_SEPARATORS)
    text = sep.join(words)
    casings: list[Callable[[str], str]] = [str.lower, str.upper, str.title, str]
    casing = draw(st.sampled_from(casings))
    pad = draw(st.sampled_from(["", " ", "\n", " \t "]))
    return pad + casing(text) + pad, code


@given(variants())
def test_parse_tolerates_case_whitespace_and_folding(case: tuple[str, ClosureCode]) -> None:
    text, code = case
    assert ClosureCode.parse(text) is code


@given(st.sampled_from(list(ClosureCode)))
def test_round_trip(code: ClosureCode) -> None:
    assert ClosureCode.parse(str(code)) is code
    assert ClosureCode.parse(code.label_en) is code


@given(st.text(max_size=40))
def test_get_never_raises_and_parse_agrees(text: str) -> None:
    found = ClosureCode.get(text)
    if found is None:
        with pytest.raises(po.UnknownCodeError):
            ClosureCode.parse(text)
    else:
        assert ClosureCode.parse(text) is found
        assert ClosureCode.parse(found.value) is found


@given(st.lists(st.one_of(st.text(max_size=30), variants().map(lambda v: v[0])), max_size=30))
def test_parse_codes_expression_matches_python(texts: list[str]) -> None:
    frame = pl.DataFrame({"kode": texts}, schema={"kode": pl.String})
    got = frame.select(po.parse_codes("kode"))["kode"].to_list()
    expected = [None if (c := ClosureCode.get(t)) is None else c.value for t in texts]
    assert got == expected


def test_parse_codes_and_requires_resource() -> None:
    frame = pl.DataFrame({"k": ["Utfoert", "falsk melding", "??", None, "Sak opprettet"]})
    out = frame.select(code=po.parse_codes(pl.col("k")), needs=po.requires_resource("k"))
    assert out.schema["code"] == po.CLOSURE_CODE_DTYPE
    assert out["code"].to_list() == ["Utført", "Falsk melding", None, None, "Sak opprettet"]
    assert out["needs"].to_list() == [True, False, None, None, True]


def test_parse_codes_accepts_enum_and_categorical_columns() -> None:
    frame = pl.DataFrame({"k": ["Utført", "Overtatt"]})
    enum = frame.select(pl.col("k").cast(po.CLOSURE_CODE_DTYPE))
    cat = frame.select(pl.col("k").cast(pl.Categorical))
    for f in (enum, cat):
        assert f.select(po.parse_codes("k"))["k"].to_list() == ["Utført", "Overtatt"]


@pytest.mark.parametrize("junk", [1, None, 2.5, b"k", ["k"]])
def test_expression_helpers_reject_non_columns(junk: object) -> None:
    with pytest.raises(TypeError):
        po.parse_codes(junk)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        po.requires_resource(junk)  # type: ignore[arg-type]
