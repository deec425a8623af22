"""The registry of Norwegian police districts before and after the 2016 reform."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from functools import cache
from importlib import resources
from typing import Final, Literal

import attrs
import polars as pl

from po_codes._codes import _as_expr
from po_codes._errors import UnknownDistrictError
from po_codes._text import fold, fold_expr, nearest, via_distinct

HARMONISED_UNITS: Final = ("Nordland og Troms",)
"""Names of harmonised units that :func:`po_codes.harmonize_districts` produces."""

__all__ = ["District", "Generation", "district_key", "districts", "parse_districts"]

Generation = Literal[2002, 2016]
"""A district generation: 2002 (27 districts, until 2015) or 2016 (12 districts)."""

_GENERATIONS: Final = (2002, 2016)
_AFFIX = r"^politidistrikt |(?: politidistrikt| pd)$"
_AFFIX_RE = re.compile(_AFFIX)
UNKNOWN_CENTRE_UNTIL: Final = date(2018, 5, 1)
"""The last day of an old name whose operations centre's merger date is not known."""


def district_key(text: str) -> str:
    """Return the lookup key of a district spelling (folded, without "politidistrikt")."""
    return _AFFIX_RE.sub("", fold(text))


@attrs.frozen(order=False)
class District:
    """A police district of one generation.

    Attributes
    ----------
    id
        Stable ASCII identifier, e.g. ``"sor-ost"``; 2002 districts whose name lives
        on in 2016 carry the suffix ``-2002`` (``"oslo-2002"``).
    name
        Canonical Norwegian name, e.g. ``"Sør-Øst"``; used in every output frame.
    generation
        ``2002`` (the 27 districts until 2015) or ``2016`` (the 12 from 2016).
    successors
        Ids of the 2016 district(s) a 2002 district became part of; empty for 2016
        districts. Only Midtre Hålogaland has two.
    aliases
        Extra accepted spellings beyond the automatic ones.
    centre_until
        For a 2002 district, the last day its own operations centre logged tasks under
        the old name (the centres merged one by one, 2017–2018); None where no date is
        known, and for 2016 districts. :attr:`last_logged` fills the gap. Midtre
        Hålogaland was run by Nordland's operations centre from 2016 until it was split
        between Nordland and Troms on 31 May 2017.
    members
        For a harmonised unit (``"Nordland og Troms"``, which
        :func:`~po_codes.harmonize_districts` makes with ``split="combine"``), the ids
        of the 2016 districts it joins; empty for a district.
    """

    id: str
    name: str
    generation: Generation
    successors: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    centre_until: date | None = None
    members: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        """True for the 12 districts in use since 1 January 2016."""
        return self.generation == 2016

    @property
    def last_logged(self) -> date | None:
        """The last day a task can carry this district's name (None: no end).

        A 2002 district's :attr:`centre_until`, or 2018-05-01 where no date is known
        (after the last known merger, Sør-Øst's about 30 April 2018); None for a 2016
        district.
        """
        if self.generation == 2016:
            return None
        return self.centre_until or UNKNOWN_CENTRE_UNTIL

    @property
    def is_harmonised(self) -> bool:
        """True for a harmonised unit of several 2016 districts (``"Nordland og Troms"``)."""
        return bool(self.members)

    @property
    def predecessors(self) -> tuple[District, ...]:
        """For a 2016 district or harmonised unit, the 2002 districts (partly) in it."""
        ids = set(self.members) | {self.id}
        return tuple(d for d in _registry() if ids & set(d.successors))

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every accepted spelling: name, id, aliases and ``"<name> politidistrikt"``."""
        return (self.name, self.id, f"{self.name} politidistrikt", *self.aliases)

    @classmethod
    def parse(cls, text: object, *, generation: Generation | None = None) -> District:
        """Return the district ``text`` names, tolerating messy spellings.

        Case, whitespace, hyphens, the suffix "politidistrikt" or "PD" and ASCII
        spellings of æ/ø/å are ignored (``"sor-ost"``, ``"Sør-Øst politidistrikt"``,
        the nynorsk ``"Sør-Aust"``). A name used in both generations (Oslo, Agder,
        Troms) gives the 2016 district unless ``generation=2002`` is asked for. The
        harmonised unit ``"Nordland og Troms"`` gives a :class:`District` with
        :attr:`members` (generation 2016).

        Raises
        ------
        UnknownDistrictError
            If ``text`` names no district; the message suggests a name that contains
            it, else the nearest one, and says so when a place (Svalbard) is not a
            police district.
        """
        found = cls.get(text, generation=generation)
        if found is not None:
            return found
        if not isinstance(text, str):
            raise UnknownDistrictError(f"{text!r} is not a police district name", value=text)
        outside = not_a_district(text)
        if outside is not None:
            raise UnknownDistrictError(outside, value=text)
        close = suggest_district(text)
        hint = f"; did you mean {close.name!r}?" if close else ""
        where = "" if generation is None else f" of generation {generation}"
        shown = text if len(text) <= 80 else text[:77] + "..."
        raise UnknownDistrictError(f"{shown!r} is not a police district{where}{hint}", value=text)

    @classmethod
    def get(cls, text: object, *, generation: Generation | None = None) -> District | None:
        """Like :meth:`parse`, but return None instead of raising."""
        if isinstance(text, District):
            return text if generation in (None, text.generation) else None
        if not isinstance(text, str):
            return None
        key = district_key(text)
        for district in (*_keys().get(key, ()), *_units().get(key, ())):
            if generation in (None, district.generation):
                return district
        return None

    @classmethod
    def by_id(cls, district_id: str) -> District:
        """Return the district with this exact id.

        Raises
        ------
        UnknownDistrictError
            If no district has that id.
        """
        for district in _registry():
            if district.id == district_id:
                return district
        ids = ", ".join(d.id for d in _registry())
        raise UnknownDistrictError(f"no district has id {district_id!r}; ids are: {ids}")


_CONTAINS_MIN: Final = 4
"""Shortest text that is looked for inside district names ("Hålogaland", not "a")."""

_NOT_DISTRICTS: Final = {
    "svalbard": "'Svalbard' is not a police district: the Governor of Svalbard "
    "(Sysselmesteren) is the police authority there",
}
_NOT_DISTRICTS_NB: Final = {
    "svalbard": "«Svalbard» er ikke et politidistrikt: Sysselmesteren på Svalbard er "
    "politimyndighet der",
}


def not_a_district(text: str, lang: str = "en") -> str | None:
    """Why ``text`` is not a police district when it names a known place that is not one.

    Svalbard has no police district: the Governor of Svalbard is the police authority.
    Returns None for any other text.
    """
    table = _NOT_DISTRICTS_NB if lang == "nb" else _NOT_DISTRICTS
    return table.get(district_key(text))


def suggest_district(text: str) -> District | None:
    """Return the district ``text`` most likely means, or None when none is close.

    A district whose name contains ``text`` comes first ("Hålogaland" -> "Midtre
    Hålogaland"; the shortest such name, then registry order), then one whose name
    ``text`` contains, then the nearest spelling by edit distance (difflib ratio).
    Deterministic.
    """
    key = district_key(text)
    keys = _keys()
    if len(key) >= _CONTAINS_MIN:
        inside = sorted((k for k in keys if key in k), key=len)
        around = sorted((k for k in keys if len(k) >= _CONTAINS_MIN and k in key), key=len)
        for found in (*inside, *reversed(around)):
            return keys[found][0]
    close = nearest(key, keys)
    return None if close is None else keys[close][0]


def districts(generation: Generation = 2016) -> tuple[District, ...]:
    """Return the districts of one generation in registry order.

    Parameters
    ----------
    generation
        ``2016`` (default) for the 12 current districts, ``2002`` for the 27 used
        from 2002 to 2015.

    Raises
    ------
    UnknownDistrictError
        If ``generation`` is not 2002 or 2016.
    """
    # The type first: ``in`` would compare a frame or an array elementwise.
    given: object = generation  # callers without type checking pass anything
    if type(given) is not int or given not in _GENERATIONS:
        raise UnknownDistrictError(f"generation must be 2002 or 2016, got {generation!r}")
    return tuple(d for d in _registry() if d.generation == generation)


@cache
def district_names_dtype() -> pl.Enum:
    """Every name :func:`po_codes._values.read_district` can give, as one Enum.

    The validation engine holds a district read through its spellings as this Enum:
    a rule's ``is_in`` or ``replace_strict`` on district names then compares small
    integers instead of hashing every row's text.
    """
    names = dict.fromkeys([*(d.name for d in _registry()), *HARMONISED_UNITS])
    return pl.Enum(list(names))


@cache
def _registry() -> tuple[District, ...]:
    text = resources.files("po_codes").joinpath("data/districts.csv").read_text("utf-8")
    rows = csv.DictReader(
        io.StringIO(
            "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
        )
    )

    def split(field: str) -> tuple[str, ...]:
        return tuple(part for part in field.split("|") if part)

    return tuple(
        District(
            id=row["id"],
            name=row["name"],
            generation=2016 if row["generation"] == "2016" else 2002,
            successors=split(row["successors"]),
            aliases=split(row["aliases"]),
            centre_until=date.fromisoformat(row["centre_until"]) if row["centre_until"] else None,
        )
        for row in rows
    )


@cache
def _units() -> dict[str, tuple[District, ...]]:
    """Harmonised units (``"Nordland og Troms"``) by their lookup keys."""
    units: dict[str, tuple[District, ...]] = {}
    for name in HARMONISED_UNITS:
        members = tuple(
            d.id for d in _registry() if d.generation == 2016 and d.name in name.split(" og ")
        )
        unit = District(id=district_key(name).replace(" ", "-"), name=name, generation=2016,
                        members=members)  # fmt: skip
        for spelling in unit.spellings:
            units[district_key(spelling)] = (unit,)
    return units


@cache
def _keys() -> dict[str, tuple[District, ...]]:
    """Map each accepted key to its districts, 2016 first (names shared by generations)."""
    table: dict[str, list[District]] = {}
    ordered = sorted(_registry(), key=lambda d: -d.generation)
    for district in ordered:
        for spelling in district.spellings:
            bucket = table.setdefault(district_key(spelling), [])
            if district not in bucket:
                bucket.append(district)
    return {key: tuple(value) for key, value in table.items()}


def parse_districts(col: str | pl.Expr) -> pl.Expr:
    """Map messy district spellings to canonical names (``District.name``), null if unknown.

    Names are the same for a 2002 and a 2016 district that share one (Oslo, Agder,
    Troms), so no generation is needed here.
    """
    table = _keys()
    keys, names = list(table), [found[0].name for found in table.values()]
    keys += [district_key(unit) for unit in HARMONISED_UNITS]
    names += list(HARMONISED_UNITS)
    return via_distinct(
        _as_expr(col).cast(pl.String),
        lambda values: (
            fold_expr(values)
            .str.replace(_AFFIX, "")
            .replace_strict(keys, names, default=None, return_dtype=pl.String)
        ),
        pl.String(),
    )
