"""The 14 PO closure codes: enum, metadata, tolerant parsing and polars expressions."""

from __future__ import annotations

import enum
from functools import cache
from typing import TYPE_CHECKING, Final

import attrs
import polars as pl

from po_codes._errors import UnknownCodeError
from po_codes._text import fold, fold_expr, nearest, via_distinct

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "CLOSURE_CODE_DTYPE",
    "ClosureCode",
    "CodeGroup",
    "CodeInfo",
    "parse_codes",
    "requires_resource",
]


class CodeGroup(enum.StrEnum):
    """Whether a closure code is used with or without a deployed resource (patrol)."""

    WITH_RESOURCE = "with_resource"
    """A resource was set on the task (9 codes)."""
    WITHOUT_RESOURCE = "without_resource"
    """No resource was set on the task (5 codes)."""


@attrs.frozen
class CodeInfo:
    """Metadata of one closure code.

    Attributes
    ----------
    label
        The exact Norwegian label used in PO.
    group
        :class:`CodeGroup` of the code.
    label_en
        The library's English label.
    description
        A short Norwegian description of when the code is used.
    """

    label: str
    group: CodeGroup
    label_en: str
    description: str


class ClosureCode(enum.StrEnum):
    """A PO closure code ("avslutningskode"); the value is the exact Norwegian label.

    Members are in the canonical order: the nine codes used with a resource first,
    then the five used without one. ``str(code)`` is the Norwegian label.

    Examples
    --------
    >>> ClosureCode.parse("ordnet pa stedet")
    <ClosureCode.ORDNET_PA_STEDET: 'Ordnet på stedet'>
    >>> ClosureCode.SAK_OPPRETTET.requires_resource
    True
    >>> ClosureCode.get("no such code") is None
    True
    """

    BORTFALT = "Bortfalt"
    FEIL_MELDING = "Feil melding"
    IKKE_UTFORT = "Ikke utført"
    ORDNET_PA_STEDET = "Ordnet på stedet"
    UTEN_RESULTAT = "Uten resultat"
    VIDERE_OPPFOLGINGSTILTAK = "Videre oppfølgingstiltak"
    UTFORT = "Utført"
    MUNTLIG_PALEGG = "Muntlig pålegg"
    SAK_OPPRETTET = "Sak opprettet"
    FALSK_MELDING = "Falsk melding"
    INGEN_OPERATIVE_TILTAK = "Ingen operative tiltak"
    IKKE_KAPASITET = "Ikke kapasitet"
    ORDNET_INTERNT = "Ordnet internt"
    OVERTATT = "Overtatt"

    @property
    def info(self) -> CodeInfo:
        """The :class:`CodeInfo` metadata record of this code."""
        return _INFO[self]

    @property
    def group(self) -> CodeGroup:
        """Whether the code is used with or without a deployed resource."""
        return _INFO[self].group

    @property
    def requires_resource(self) -> bool:
        """True for the nine codes that may only be used when a resource was deployed."""
        return _INFO[self].group is CodeGroup.WITH_RESOURCE

    @property
    def label(self) -> str:
        """The exact Norwegian label (same as ``value``)."""
        return self.value

    @property
    def label_en(self) -> str:
        """The English label, e.g. ``"No capacity"`` for ``IKKE_KAPASITET``."""
        return _INFO[self].label_en

    @property
    def description(self) -> str:
        """A short Norwegian description of when the code is used."""
        return _INFO[self].description

    @classmethod
    def parse(cls, text: object) -> ClosureCode:
        """Return the code that ``text`` spells, tolerating messy spellings.

        Accepted, ignoring case, surrounding and repeated whitespace: the exact
        label, ASCII spellings of æ/ø/å (``"Ordnet pa stedet"``, ``"Utfoert"``),
        the member name (``"ORDNET_PA_STEDET"``), the English label
        (``"Settled on the spot"``), hyphens or underscores for spaces, and
        UTF-8 text that was decoded as Windows-1252 (``"Ordnet pÃ¥ stedet"``).
        A :class:`ClosureCode` is returned as it is.

        Raises
        ------
        UnknownCodeError
            If ``text`` is not a string or matches no code; the message names the
            nearest label when one is close.
        """
        found = cls.get(text)
        if found is not None:
            return found
        raise UnknownCodeError(_unknown_message(text), value=text)

    @classmethod
    def get(cls, text: object) -> ClosureCode | None:
        """Like :meth:`parse`, but return None instead of raising."""
        if isinstance(text, ClosureCode):
            return text
        if not isinstance(text, str):
            return None
        return _lookup_table().get(fold(text))

    @classmethod
    def with_resource(cls) -> tuple[ClosureCode, ...]:
        """The nine codes used when a resource was deployed, in canonical order."""
        return tuple(c for c in cls if c.requires_resource)

    @classmethod
    def without_resource(cls) -> tuple[ClosureCode, ...]:
        """The five codes used when no resource was deployed, in canonical order."""
        return tuple(c for c in cls if not c.requires_resource)


_W = CodeGroup.WITH_RESOURCE
_WO = CodeGroup.WITHOUT_RESOURCE
_C = ClosureCode

_INFO: Final[Mapping[ClosureCode, CodeInfo]] = {
    c: CodeInfo(c.value, g, en, d)
    for c, g, en, d in (
        (_C.BORTFALT, _W, "Lapsed", "Situasjonen løste seg selv før politiet var på plass."),
        (
            _C.FEIL_MELDING,
            _W,
            "Erroneous report",
            "Meldingen ble gitt i god tro, men viste seg å være uriktig. Oppdages feilen "
            "før ressurs er satt på oppdraget, er «Ingen operative tiltak» riktig kode.",
        ),
        (
            _C.IKKE_UTFORT,
            _W,
            "Not carried out",
            "Ressursen måtte omprioriteres, eller oppdraget ble ikke gjort ferdig.",
        ),
        (
            _C.ORDNET_PA_STEDET,
            _W,
            "Settled on the spot",
            "Politiet kom fram og håndterte hendelsen der og da; knyttes til forholdets art, "
            "for eksempel ordensforstyrrelse.",
        ),
        (
            _C.UTEN_RESULTAT,
            _W,
            "Without result",
            "Patruljen var på stedet, men kom ikke til noen konklusjon, og ingenting "
            "mer gjøres (for eksempel at meldt bil ikke ble funnet).",
        ),
        (
            _C.VIDERE_OPPFOLGINGSTILTAK,
            _W,
            "Further follow-up",
            "Håndtert, men politiet må følge opp med anmeldelse, rapport eller "
            "undersøkelse; brukes når oppdraget avsluttes før sak faktisk er opprettet.",
        ),
        (
            _C.UTFORT,
            _W,
            "Completed",
            "Ressursen gjorde jobben og ingen oppfølging trengs, for eksempel "
            "trafikkontroll, transport eller vakthold.",
        ),
        (
            _C.MUNTLIG_PALEGG,
            _W,
            "Verbal order",
            "Løst med et muntlig pålegg, for eksempel bortvisning, uten videre oppfølging.",
        ),
        (
            _C.SAK_OPPRETTET,
            _W,
            "Case opened",
            "Ressursen håndterte hendelsen og sak er opprettet i BL, med saksnummer "
            "ført i oppdragsloggen.",
        ),
        (
            _C.FALSK_MELDING,
            _WO,
            "False report",
            "Melderen ga bevisst uriktige opplysninger. Er ressurs satt på oppdraget, brukes "
            "i stedet "
            "for eksempel «Muntlig pålegg», «Videre oppfølgingstiltak», «Uten resultat» "
            "eller «Bortfalt».",
        ),
        (
            _C.INGEN_OPERATIVE_TILTAK,
            _WO,
            "No operational action",
            "Politisak der det ikke er fornuftig å sende ressurs (for eksempel et gammelt "
            "hytteinnbrudd), eller ikke en politisak; som regel prioritet INGEN. Skal "
            "aldri erstatte «Ikke kapasitet».",
        ),
        (
            _C.IKKE_KAPASITET,
            _WO,
            "No capacity",
            "Politisak der OPS ville sende ressurs, men ingen var ledig innen rimelig tid "
            "(også lang kjørevei eller mobiliseringstid); prioritet 3 eller høyere (1–3). "
            "Brukes også når ressursen som var satt på oppdraget, ble omdisponert og ingen "
            "annen var ledig.",
        ),
        (
            _C.ORDNET_INTERNT,
            _WO,
            "Handled internally",
            "Administrative oppdrag, for eksempel stabsoppdrag.",
        ),
        (
            _C.OVERTATT,
            _WO,
            "Taken over",
            "Håndteres av andre, internt eller eksternt: annet distrikt, helsevesen, "
            "barnevernsvakt eller viltnemnd.",
        ),
    )
}

CLOSURE_CODE_DTYPE: Final = pl.Enum([c.value for c in ClosureCode])
"""The polars dtype of a parsed closure code column: ``pl.Enum`` of the 14 labels."""


@cache
def _lookup_table() -> dict[str, ClosureCode]:
    """Map every accepted key (see :func:`po_codes._text.fold`) to its code."""
    table: dict[str, ClosureCode] = {}
    for code in ClosureCode:
        for spelling in (code.value, code.name, code.label_en):
            table[fold(spelling)] = code
    return table


def _unknown_message(text: object) -> str:
    if not isinstance(text, str):
        return f"{text!r} is not a closure code: expected a string such as 'Utført'"
    close = nearest(fold(text), _lookup_table())
    hint = f"; did you mean {_lookup_table()[close].value!r}?" if close is not None else ""
    shown = text if len(text) <= 80 else text[:77] + "..."
    return f"{shown!r} is not one of the 14 PO closure codes{hint}"


def suggest_code(text: str) -> ClosureCode | None:
    """Return the code whose spelling is nearest to ``text``, or None when none is close."""
    close = nearest(fold(text), _lookup_table())
    return None if close is None else _lookup_table()[close]


def _as_expr(col: object) -> pl.Expr:
    if isinstance(col, pl.Expr):
        return col
    if isinstance(col, str):
        return pl.col(col)
    msg = f"expected a column name (str) or a polars expression, got {type(col).__name__}"
    raise TypeError(msg)


def parse_codes(col: str | pl.Expr) -> pl.Expr:
    """Parse a column of messy closure-code labels into :data:`CLOSURE_CODE_DTYPE`.

    The same matching as :meth:`ClosureCode.parse`, done with polars string
    expressions over the whole column (no Python per row). Values that are not
    a closure code become null.

    Parameters
    ----------
    col
        A column name or a polars expression of strings (or of the Enum itself).

    Returns
    -------
    pl.Expr
        An expression of dtype :data:`CLOSURE_CODE_DTYPE`.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"kode": ["Utfoert", "ordnet pa stedet", "??"]})
    >>> df.select(parse_codes("kode"))["kode"].to_list()
    ['Utført', 'Ordnet på stedet', None]
    """
    table = _lookup_table()
    keys, labels = list(table), [c.value for c in table.values()]
    return via_distinct(
        _as_expr(col).cast(pl.String),
        lambda values: fold_expr(values).replace_strict(
            keys, labels, default=None, return_dtype=CLOSURE_CODE_DTYPE
        ),
        CLOSURE_CODE_DTYPE,
    )


def requires_resource(col: str | pl.Expr) -> pl.Expr:
    """Return a boolean expression that is true where the code needs a deployed resource.

    The column may hold messy labels or :data:`CLOSURE_CODE_DTYPE` values; an
    unknown or missing code gives null.
    """
    # The Enum's physical order puts the nine with-resource codes first.
    return parse_codes(col).to_physical() < len(ClosureCode.with_resource())
