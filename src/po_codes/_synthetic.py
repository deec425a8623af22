"""A realistic, deterministic generator of synthetic PO task logs.

Randomness comes from polars only: each random column is taken from the seeded 64-bit
hash of a row number, turned into uniform numbers in [0, 1). That makes the generator
vectorised (10 million rows in a few seconds), free of numpy, and deterministic for a
seed within one polars version.

Calibration: what is published, and what is invented
----------------------------------------------------
Published (Politiforum and NTB, on the National Police Directorate's first release of
ten years of PO data, 2007-2016):

- national volume: 604,115 tasks in 2007 and 809,893 in 2016. Years in between are
  geometric, about 3.3 % a year, and the same trend is extrapolated before 2007 and
  after 2016: ``604_115 * (809_893 / 604_115) ** ((year - 2007) / 9)``;
- Sør-Øst 111,603 (2007) and 127,249 (2016): larger than Oslo in 2007;
- Øst 71,480 (2007) and 106,002 (2016);
- Oslo (with Asker og Bærum) under 100,000 in 2007 and over 130,000 in 2016;
- Finnmark flat from 2007 to 2014, then rising;
- "Utført" is the most used code nationally, then "Ingen operative tiltak"; Finnmark
  has the highest shares of "Ingen operative tiltak" and "Falsk melding" and the lowest
  of "Ikke kapasitet" (a registration practice).

Invented (plausible, not published), in :data:`_DISTRICTS_2002` and :data:`_GROWTH`:

- Oslo's volumes within the published bounds: 95,000 (2007) and 135,000 (2016);
- the other 18 districts of 2002: 2007 volumes in proportion to rough populations
  (thousands, about 2015, rounded from Statistics Norway), each with its own growth
  to 2016 (15-45 %), scaled so that the national totals hold; a group of 2002
  districts whose 2016 district is published is split by population;
- every district's code mix: its shares of "Ingen operative tiltak" (18.5-22.5 %;
  Vestfinnmark 29 %, Østfinnmark 31 %), "Falsk melding" (0.4-0.6 %; 1.4 and 1.6 %) and
  "Ikke kapasitet" in 2007 (2.0-3.6 %; 0.9 and 0.7 %), the latter growing linearly by
  5 % of its 2007 level a year; the other 11 codes share the rest in fixed national
  proportions (:data:`_OTHER_CODES`);
- practice (:data:`_PRACTICE`): priorities by code ("Ikke kapasitet" rarely priority
  1), arrivals ("Bortfalt" mostly without one), redeployments ("Ikke utført" often),
  and small rates of the patterns rules PO204, PO206, PO208 and PO202 note, so a
  report on synthetic data shows warnings and notes as a real export does.

A 2016 district is the union of its predecessors: its tasks are theirs, so its volume
and code mix are theirs combined, and a series harmonised with
``po.harmonize_districts(frame, split="combine")`` (or made with ``harmonised=True``)
has no break at 2016. Midtre Hålogaland, the only split district, goes 70 % to Nordland
and 30 % to Troms (:data:`_MIDTRE_TO_NORDLAND`). Rows are allocated to years and
districts exactly (up to rounding, no sampling); codes and everything else are drawn per
task (binomial noise, as in real counts).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING, Final

import polars as pl

from po_codes._codes import CLOSURE_CODE_DTYPE, ClosureCode
from po_codes._districts import District
from po_codes._districts import districts as registry
from po_codes._errors import InvalidArgumentError
from po_codes._priority import PRIORITY_DTYPE

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = ["INJECTED", "SCHEMA", "synthetic_tasks"]

_C = ClosureCode
_CODES: Final = tuple(ClosureCode)
_IOT, _FALSK, _IK = _C.INGEN_OPERATIVE_TILTAK, _C.FALSK_MELDING, _C.IKKE_KAPASITET
# National proportions of the 11 codes that are not set per district; they share what
# "Ingen operative tiltak", "Falsk melding" and "Ikke kapasitet" leave (about 77 %).
_OTHER_CODES: Final = {
    _C.BORTFALT: 40,
    _C.FEIL_MELDING: 10,
    _C.IKKE_UTFORT: 15,
    _C.ORDNET_PA_STEDET: 90,
    _C.UTEN_RESULTAT: 45,
    _C.VIDERE_OPPFOLGINGSTILTAK: 80,
    _C.UTFORT: 290,
    _C.MUNTLIG_PALEGG: 35,
    _C.SAK_OPPRETTET: 70,
    _C.ORDNET_INTERNT: 20,
    _C.OVERTATT: 55,
}
# Per 2002 district: population (thousands, about 2015), then the shares in % of
# "Ingen operative tiltak", "Falsk melding" and "Ikke kapasitet" (the latter in 2007).
_DISTRICTS_2002: Final[dict[str, tuple[float, float, float, float]]] = {
    "oslo-2002":                 (650, 19.0, 0.6, 3.2),
    "ostfold":                   (287, 20.0, 0.5, 2.6),
    "follo":                     (128, 19.5, 0.4, 2.2),
    "romerike":                  (277, 20.0, 0.5, 2.8),
    "hedmark":                   (195, 21.0, 0.4, 3.4),
    "gudbrandsdal":              (72, 21.5, 0.4, 3.6),
    "vestoppland":               (116, 20.5, 0.4, 3.0),
    "nordre-buskerud":           (75, 21.0, 0.4, 3.2),
    "sondre-buskerud":           (202, 19.5, 0.5, 2.5),
    "asker-og-baerum":           (179, 18.5, 0.4, 2.0),
    "vestfold":                  (245, 20.0, 0.5, 2.4),
    "telemark":                  (172, 20.5, 0.5, 2.7),
    "agder-2002":                (297, 20.5, 0.5, 2.3),
    "rogaland":                  (355, 19.0, 0.5, 2.1),
    "haugaland-og-sunnhordland": (178, 20.0, 0.5, 2.6),
    "hordaland":                 (455, 19.5, 0.5, 2.4),
    "sogn-og-fjordane":          (109, 22.0, 0.4, 3.5),
    "sunnmore":                  (140, 21.0, 0.4, 2.2),
    "nordmore-og-romsdal":       (124, 21.5, 0.4, 2.6),
    "sor-trondelag":             (310, 19.5, 0.5, 2.4),
    "nord-trondelag":            (136, 21.5, 0.4, 3.3),
    "helgeland":                 (78, 22.0, 0.5, 3.4),
    "salten":                    (80, 21.0, 0.5, 2.8),
    "midtre-halogaland":         (120, 22.0, 0.5, 3.2),
    "troms-2002":                (128, 22.5, 0.6, 2.9),
    "vestfinnmark":              (52, 29.0, 1.4, 0.9),
    "ostfinnmark":               (24, 31.0, 1.6, 0.7),
}  # fmt: skip
_MIDTRE_TO_NORDLAND: Final = 0.70
"""Share of Midtre Hålogaland's tasks that go to Nordland from 2016 (the rest: Troms)."""
_VOLUME_2007: Final = 604_115
_VOLUME_2016: Final = 809_893
_PUBLISHED_2016: Final = {
    "sor-ost": (111_603, 127_249),
    "ost": (71_480, 106_002),
    "oslo": (95_000, 135_000),  # invented within the published "< 100,000" and "> 130,000"
}
"""Tasks per 2016 district in 2007 and 2016 (Politiforum/NTB), split by population."""
_GROWTH: Final = {
    "hedmark": 1.20, "gudbrandsdal": 1.15, "vestoppland": 1.22, "agder-2002": 1.35,
    "rogaland": 1.45, "haugaland-og-sunnhordland": 1.35, "hordaland": 1.42,
    "sogn-og-fjordane": 1.18, "sunnmore": 1.30, "nordmore-og-romsdal": 1.25,
    "sor-trondelag": 1.45, "nord-trondelag": 1.28, "helgeland": 1.20, "salten": 1.30,
    "midtre-halogaland": 1.22, "troms-2002": 1.32, "vestfinnmark": 1.15, "ostfinnmark": 1.15,
}  # fmt: skip
"""Invented growth of tasks from 2007 to 2016 of the other 2002 districts, before scaling."""
_FLAT_UNTIL: Final = {"vestfinnmark": 2014, "ostfinnmark": 2014}
"""Districts whose volume is flat until a year (Finnmark: flat 2007-2014, published)."""
_IK_GROWTH: Final = 0.05
"""Yearly linear growth of the "Ikke kapasitet" share, relative to its 2007 level."""
_INCIDENTS: Final = (
    "Ordensforstyrrelse", "Trafikkuhell", "Innbrudd", "Vold", "Hittegods", "Dyr",
    "Brann", "Savnet person", "Bistand helse", "Husbråk", "Tyveri", "Ruspåvirket",
)  # fmt: skip
_HANDLERS: Final = ("Helse", "Annet distrikt", "Barnevernsvakt", "Viltnemnda", "Kommunen")
# Priority per code group: (values, weights); group 0 "Ikke kapasitet" (rarely 1),
# 1 "Ingen operative tiltak" (mostly 4, 5, INGEN; about 4 % urgent: PO204), 2 codes with a
# resource, 3 the other codes without one.
_PRIORITIES: Final = (
    (("1", "2", "3"), (0.03, 0.32, 0.65)),
    (("1", "2", "3", "4", "5", "INGEN"), (0.002, 0.008, 0.03, 0.2, 0.2, 0.56)),
    (("1", "2", "3", "4", "5"), (0.05, 0.25, 0.4, 0.2, 0.1)),
    (("3", "4", "5", "INGEN"), (0.1, 0.2, 0.2, 0.5)),
)
_PRACTICE: Final = {
    # code: (share with an arrival time among tasks with a resource, share redeployed,
    #        share with a case number); codes not listed: (1, 0, 0).
    _C.BORTFALT: (0.3, 0.0, 0.0),
    _C.IKKE_UTFORT: (0.5, 0.6, 0.0),
    _C.ORDNET_PA_STEDET: (0.97, 0.0, 0.0),  # 3 % without an arrival: PO206
    _C.UTEN_RESULTAT: (0.97, 0.0, 0.015),  # PO206, PO208
    _C.UTFORT: (1.0, 0.0, 0.015),  # an existing case noted on a transport: PO208
    _C.MUNTLIG_PALEGG: (1.0, 0.0, 0.015),  # PO208
    _C.VIDERE_OPPFOLGINGSTILTAK: (1.0, 0.0, 0.03),  # PO202
    _C.SAK_OPPRETTET: (1.0, 0.0, 1.0),
    _C.IKKE_KAPASITET: (1.0, 0.1, 0.0),  # redeployed: the resource was taken away
}
"""Practice by code: arrival, redeployment and case-number rates (invented, plausible)."""

INJECTED: Final = ("PO101", "PO102", "PO201", "PO001", "PO006", "PO005", "PO004", "PO003", "PO002")
"""The error rules ``error_rate`` injects violations of, drawn with equal chance."""

SCHEMA: Final = pl.Schema(
    [
        ("task_id", pl.String),
        ("district", pl.String),
        ("year", pl.Int32),
        ("created_at", pl.Datetime("us")),
        ("closed_at", pl.Datetime("us")),
        ("arrived_at", pl.Datetime("us")),
        ("priority", PRIORITY_DTYPE),
        ("incident_type", pl.String),
        ("resource_assigned", pl.Boolean),
        ("resource_redeployed", pl.Boolean),
        ("closure_code", CLOSURE_CODE_DTYPE),
        ("case_number", pl.String),
        ("handled_by", pl.String),
    ]
)
"""Columns and dtypes of :func:`synthetic_tasks` output (with ``error_rate=0``)."""


_BLOCK: Final = 1 << 20  # rows whose wide columns are made together
_KIND: Final = "__injected"  # the violation drawn for a row (see _injected)


def _uniform(row: pl.Expr, seed: int, stream: int) -> pl.Expr:
    """A uniform number in [0, 1) per row, from a seeded hash of the row number."""
    bits = row.hash(seed=(seed * 7919 + stream) % 2**64) // (1 << 11)
    return bits.cast(pl.Float64) / float(1 << 53)


def _pick(u: pl.Expr, weights: Sequence[float]) -> pl.Expr:
    """Index of a weighted choice for a uniform ``u``."""
    return pl.lit(pl.Series(_edges(weights), dtype=pl.Float64)).search_sorted(u, side="right")


def _choose(u: pl.Expr, values: Sequence[str], weights: Sequence[float] | None = None) -> pl.Expr:
    weights = weights if weights is not None else [1.0] * len(values)
    return pl.lit(pl.Series(list(values), dtype=pl.String)).gather(_pick(u, weights))


def _halves(row: pl.Expr, seed: int, stream: int) -> tuple[pl.Expr, pl.Expr]:
    """Two uniform numbers in [0, 1) per row (32 bits each) from one seeded hash."""
    bits = row.hash(seed=(seed * 7919 + stream) % 2**64)
    scale = float(1 << 32)
    return (bits // (1 << 32)).cast(pl.Float64) / scale, (bits % (1 << 32)).cast(pl.Float64) / scale


def _edges(weights: Sequence[float]) -> list[float]:
    """The inner cumulative edges in [0, 1] of a weighted choice (one fewer than weights)."""
    total = float(sum(weights))
    edges, acc = [], 0.0
    for weight in weights[:-1]:
        acc += weight / total
        edges.append(acc)
    return edges


def _volume(year: int) -> float:
    """National number of tasks in ``year``: geometric through the 2007 and 2016 totals."""
    return float(_VOLUME_2007 * (_VOLUME_2016 / _VOLUME_2007) ** ((year - 2007) / 9))


@cache
def _endpoints() -> dict[str, tuple[float, float]]:
    """Tasks of each 2002 district in 2007 and 2016 (see the module docstring)."""
    found: dict[str, tuple[float, float]] = {}
    for group, (v07, v16) in _PUBLISHED_2016.items():
        members = [d.id for d in District.by_id(group).predecessors]
        size = sum(_DISTRICTS_2002[m][0] for m in members)
        for m in members:
            found[m] = (v07 * _DISTRICTS_2002[m][0] / size, v16 * _DISTRICTS_2002[m][0] / size)
    rest07 = _VOLUME_2007 - sum(v07 for v07, _ in _PUBLISHED_2016.values())
    rest16 = _VOLUME_2016 - sum(v16 for _, v16 in _PUBLISHED_2016.values())
    size = sum(_DISTRICTS_2002[m][0] for m in _GROWTH)
    scale = rest16 / sum(rest07 * _DISTRICTS_2002[m][0] / size * g for m, g in _GROWTH.items())
    for m, g in _GROWTH.items():
        start = rest07 * _DISTRICTS_2002[m][0] / size
        found[m] = (start, start * g * scale)
    return found


def _raw_volume(origin: str, year: int) -> float:
    """Tasks of 2002 district ``origin`` in ``year``, before the national scaling."""
    v07, v16 = _endpoints()[origin]
    flat = _FLAT_UNTIL.get(origin, 2007)
    if year <= flat:
        return v07
    return float(v07 * (v16 / v07) ** ((year - flat) / (2016 - flat)))


def _district_volume(origin: str, year: int) -> float:
    """Tasks of 2002 district ``origin`` in ``year``; the districts add up to :func:`_volume`."""
    total = sum(_raw_volume(o, year) for o in _DISTRICTS_2002)
    return _raw_volume(origin, year) * _volume(year) / total


def _code_shares(origin: str, year: int) -> list[float]:
    """Share of each code, in canonical order, for tasks of 2002 district ``origin``."""
    _, iot, falsk, ik = _DISTRICTS_2002[origin]
    growth = min(max(1.0 + _IK_GROWTH * (year - 2007), 0.25), 4.0)
    own = {_IOT: iot / 100, _FALSK: falsk / 100, _IK: ik * growth / 100}
    rest = (1.0 - sum(own.values())) / sum(_OTHER_CODES.values())
    return [own[c] if c in own else rest * _OTHER_CODES[c] for c in _CODES]


def _units(generation: int, pool: Sequence[District]) -> list[tuple[str, str, float]]:
    """(district name, 2002 district the tasks come from, part of it) per unit.

    A 2016 district has one unit per predecessor (Midtre Hålogaland's split by
    :data:`_MIDTRE_TO_NORDLAND`), so its size and code mix are exactly those of its
    predecessors combined.
    """
    if generation == 2002:
        return [(d.name, d.id, 1.0) for d in pool]
    units = []
    for district in pool:
        for old in district.predecessors:
            part = 1.0  # Midtre Hålogaland is the only 2002 district with two successors
            if len(old.successors) > 1:
                part = _MIDTRE_TO_NORDLAND if district.id == "nordland" else 1 - _MIDTRE_TO_NORDLAND
            units.append((district.name, old.id, part))
    return units


class _Cells:
    """The (year, unit) cells rows are allocated to, as literal lookup series.

    Row ``r`` of ``n`` belongs to cell ``k`` when ``bounds[k - 1] <= r < bounds[k]``;
    the bounds are the rounded cumulative volumes (the year's national volume times
    the unit's share of the national population), so every year and every unit gets
    its share of the rows exactly up to rounding, with no sampling noise.
    """

    def __init__(
        self, n: int, years: list[int], pools: dict[int, list[District]], *, harmonised: bool
    ) -> None:
        weights: list[float] = []
        self.year: list[int] = []
        self.start: list[int] = []
        self.name: list[str] = []
        self.code_edges: list[float] = []
        for year in years:
            generation = 2016 if harmonised or year >= 2016 else 2002
            epoch = (dt.date(year, 1, 1) - dt.date(1970, 1, 1)).days
            for name, origin, part in _units(generation, pools[generation]):
                cell = len(self.year)
                weights.append(_district_volume(origin, year) * part)
                self.year.append(year)
                self.start.append(epoch * 86_400_000_000)
                self.name.append(name)
                self.code_edges.extend(cell + e for e in _edges(_code_shares(origin, year)))
        total, acc = sum(weights), 0.0
        self.bounds: list[int] = []
        for weight in weights[:-1]:
            acc += weight
            self.bounds.append(round(n * acc / total))

    def lookup(self, values: Sequence[object], dtype: pl.DataType) -> pl.Expr:
        """Gather ``values`` (one per cell) by the ``__cell`` column."""
        return pl.lit(pl.Series(values, dtype=dtype)).gather(pl.col("__cell"))

    def cell(self) -> pl.Expr:
        """Cell index of ``__row``."""
        bounds = pl.lit(pl.Series(self.bounds, dtype=pl.UInt64))
        return bounds.search_sorted(pl.col("__row"), side="right")

    def code(self, u: pl.Expr) -> pl.Expr:
        """Code index (canonical order) of a uniform ``u`` in the row's cell.

        Cell ``k``'s inner edges are stored shifted by ``k``, so one sorted search of
        ``k + u`` finds the code for every cell at once.
        """
        cell = pl.col("__cell")
        found = pl.lit(pl.Series(self.code_edges, dtype=pl.Float64)).search_sorted(
            cell.cast(pl.Float64) + u, side="right"
        )
        return (found - cell * (len(_CODES) - 1)).cast(pl.UInt8)


def _priority(u: pl.Expr) -> pl.Expr:
    """Priority for a uniform ``u``, by the code group of ``__code`` (see _PRIORITIES)."""
    groups = [
        0 if c is _IK else 1 if c is _IOT else 2 if c.requires_resource else 3 for c in _CODES
    ]
    group = pl.lit(pl.Series(groups, dtype=pl.UInt32)).gather(pl.col("__code"))
    edges = [g + e for g, (_, weights) in enumerate(_PRIORITIES) for e in _edges(weights)]
    values = [v for values, _ in _PRIORITIES for v in values]
    found = pl.lit(pl.Series(edges, dtype=pl.Float64)).search_sorted(
        group.cast(pl.Float64) + u, side="right"
    )
    return pl.lit(pl.Series(values, dtype=PRIORITY_DTYPE)).gather(found + group)


def _check(n: object, seed: object, error_rate: object) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, got {n!r}")
    if n < 0:
        raise InvalidArgumentError(f"n must be 0 or more, got {n}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {seed!r}")
    if not 0 <= seed < 2**32:
        raise InvalidArgumentError(
            f"seed must be a whole number from 0 to {2**32 - 1}, got {seed}", value=seed
        )
    if isinstance(error_rate, bool) or not isinstance(error_rate, int | float):
        raise TypeError(f"error_rate must be a number, got {error_rate!r}")
    if not 0.0 <= error_rate <= 1.0:
        raise InvalidArgumentError(f"error_rate must be between 0 and 1, got {error_rate}")


def _years(years: Iterable[int]) -> list[int]:
    try:
        chosen = sorted(set(years))
    except TypeError:
        raise TypeError(f"years must be an iterable of ints, got {years!r}") from None
    if not chosen or not all(isinstance(y, int) and 1900 <= y <= 2100 for y in chosen):  # type: ignore[redundant-expr]
        raise InvalidArgumentError(f"years must be a non-empty set of years, got {years!r}")
    return chosen


def _generations(
    years: list[int], names: Iterable[str] | None, *, harmonised: bool
) -> dict[int, list[District]]:
    allowed: list[District] | None = None
    if names is not None:
        if isinstance(names, str):
            names = [names]
        allowed = []
        for name in names:
            allowed.extend(
                d
                for d in (District.get(name, generation=2002), District.get(name, generation=2016))
                if d is not None
            )
            if not any(d.name == District.parse(name).name for d in allowed):
                District.parse(name)  # raises UnknownDistrictError with a suggestion
    result: dict[int, list[District]] = {}
    for generation in (2002, 2016):
        pool = [d for d in registry(generation) if allowed is None or d in allowed]
        needed = any((y >= 2016 or harmonised) == (generation == 2016) for y in years)
        if needed and not pool:
            raise InvalidArgumentError(
                f"no district of generation {generation} among districts={names!r}, but "
                f"years include {'2016 or later' if generation == 2016 else 'years before 2016'}"
            )
        result[generation] = pool
    return result


def synthetic_tasks(
    n: int,
    *,
    seed: int = 0,
    years: Iterable[int] = range(2007, 2017),
    districts: Iterable[str] | None = None,
    error_rate: float = 0.0,
    harmonised: bool = False,
) -> pl.DataFrame:
    """Generate ``n`` realistic PO tasks, deterministic for a seed.

    Rows are split across ``years`` in proportion to the national volumes (604,115
    tasks in 2007, 809,893 in 2016, geometric in between and beyond), and within a
    year across districts by their calibrated volumes: the 27 districts of 2002 before
    2016, the 12 of 2016 from then on, each 2016 district the sum of its predecessors
    (Sør-Øst, Øst and Oslo follow their published 2007 and 2016 volumes, Finnmark is
    flat until 2014). Codes follow a mix in which "Utført" and "Ingen operative tiltak"
    are the most common nationally; each 2002 district has its own shares of "Ingen
    operative tiltak", "Falsk melding" and "Ikke kapasitet" (growing over the years),
    which its 2016 successor inherits. Finnmark has the highest shares of "Ingen
    operative tiltak" and "Falsk melding" and the lowest of "Ikke kapasitet".

    With ``error_rate=0`` no row fails an error rule of :data:`po_codes.RULES`; as in a
    real export, a few rows show the patterns that warning and info rules note (an
    urgent "Ingen operative tiltak", "Ordnet på stedet" without an arrival time, a case
    number on "Utført", ...). What is published and what is invented is listed in the
    docstring of ``po_codes._synthetic``.

    Parameters
    ----------
    n
        Number of tasks.
    seed
        Seed of the generator, 0 to 2**32 - 1; the same seed gives the same frame
        (within one polars version). The number of tasks per year and district does
        not depend on it, only which tasks they are.
    years
        Years to cover.
    districts
        Restrict to these districts (any spelling, either generation). Rows are
        then split across years and districts in proportion to the chosen
        districts' share of each year's national volume.
    error_rate
        Share of rows, in [0, 1], given one violation of an error rule, chosen with
        equal chance among :data:`INJECTED`. When it is above 0, ``closure_code``
        and ``priority`` are text columns (as an export has them), so unknown
        spellings can be injected.
    harmonised
        Write the 12 districts of 2016 for every year, as the National Police
        Directorate released its 2007-2016 series (tasks before 2016 under the 2016
        district they belong to today).

    Returns
    -------
    pl.DataFrame
        The columns of :data:`SCHEMA`, ordered by ``created_at``.

    Raises
    ------
    InvalidArgumentError
        If ``n`` is negative, ``seed`` is outside 0 to 2**32 - 1, ``error_rate`` is
        outside [0, 1], ``years`` is empty, or ``districts`` leaves a generation
        without districts.
    UnknownDistrictError
        If a name in ``districts`` is not a district.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> import po_codes as po
    >>> tasks = po.synthetic_tasks(1_000, seed=1)
    >>> tasks.height, po.validate(tasks).ok
    (1000, True)
    """
    _check(n, seed, error_rate)
    chosen = _years(years)
    pools = _generations(chosen, districts, harmonised=bool(harmonised))
    if n == 0:
        return pl.DataFrame(schema=SCHEMA)
    cells = _Cells(n, chosen, pools, harmonised=bool(harmonised))
    narrow = _narrow(n, cells, seed)
    # The wide columns are made a block of rows at a time, so the intermediate columns
    # of one block (not of all rows) exist beside the result: peak memory stays near
    # the result's size. Each block starts one row early (PO003's injected duplicate
    # copies the previous row's id), and that row is dropped again.
    width = max(8, len(str(n)))
    parts = []
    for start in range(0, n, _BLOCK):
        first = max(start - 1, 0)
        block = narrow.slice(first, start + _BLOCK - first).lazy()
        part = _widen(block, cells, seed, width, error_rate).collect(engine="in-memory")
        if error_rate > 0:
            part = _inject(part, seed)
        parts.append(part.slice(start - first).select(SCHEMA.names()))
    del narrow
    return parts[0] if len(parts) == 1 else pl.concat(parts, rechunk=False)


def _narrow(n: int, cells: _Cells, seed: int) -> pl.DataFrame:
    """Rows allocated to (year, district) cells with creation time and code, in time order.

    Only these three narrow columns are sorted; every other column is drawn afterwards
    from the position's own random streams, so nothing wide is sorted.
    """
    created_u, code_u = _halves(pl.col("__row"), seed, 1)
    created = (
        cells.lookup(cells.start, pl.Int64())
        + (created_u * (365 * 86_400)).cast(pl.Int64) * 1_000_000
    )
    return (
        pl.LazyFrame()
        .select(pl.int_range(n, dtype=pl.UInt64).alias("__row"))
        .with_columns(__cell=cells.cell())
        .select("__cell", created_at=created.cast(pl.Datetime("us")), __code=cells.code(code_u))
        .sort("created_at", maintain_order=True)
        .with_row_index("__seq")
        .collect()
    )


def _by_code(values: Sequence[float]) -> pl.Expr:
    """One value per code (canonical order), gathered by the ``__code`` column."""
    return pl.lit(pl.Series(values, dtype=pl.Float64)).gather(pl.col("__code"))


def _practice(seed: int) -> dict[str, pl.Expr]:
    """Resource, redeployment, arrival and case-number facts of each row (see _PRACTICE)."""
    redeploy_u, _ = _halves(pl.col("__seq"), seed, 2)
    arrival_keep_u, case_u = _halves(pl.col("__seq"), seed, 5)
    rates = [_PRACTICE.get(c, (1.0, 0.0, 0.0)) for c in _CODES]
    with_resource = pl.lit(pl.Series([c.requires_resource for c in _CODES])).gather(
        pl.col("__code")
    )
    redeployed = redeploy_u < _by_code([r[1] for r in rates])
    return {
        "with_resource": with_resource,
        "redeployed": redeployed,
        "assigned": with_resource | redeployed,
        "arrives": with_resource & (arrival_keep_u < _by_code([r[0] for r in rates])),
        "has_case": case_u < _by_code([r[2] for r in rates]),
    }


def _widen(
    part: pl.LazyFrame, cells: _Cells, seed: int, width: int, error_rate: float
) -> pl.LazyFrame:
    """Every column of :data:`SCHEMA` for a block of the narrow rows."""
    _, priority_u = _halves(pl.col("__seq"), seed, 2)
    minutes_u, arrival_u = _halves(pl.col("__seq"), seed, 3)
    incident_u, handler_u = _halves(pl.col("__seq"), seed, 4)
    code = pl.col("__code")
    fact = _practice(seed)
    closure_code = pl.lit(pl.Series([c.value for c in _CODES], dtype=CLOSURE_CODE_DTYPE))
    arrival = pl.duration(minutes=(pl.col("__minutes") * (0.05 + 0.5 * arrival_u)).cast(pl.Int64))
    frame = (
        part.with_columns(
            year=cells.lookup(cells.year, pl.Int32()),
            __minutes=(10 + minutes_u * 300).cast(pl.Int64),
        )
        .with_columns(
            district=cells.lookup(cells.name, pl.String()),
            # "2007-00000001": the position zero-padded to 8 digits (more for n >= 10**8).
            task_id=pl.concat_str(
                pl.col("year"),
                (pl.col("__seq") + (10**width + 1)).cast(pl.String).str.slice(1),
                separator="-",
            ),
            closure_code=closure_code.gather(code),
            priority=_priority(priority_u),
            resource_assigned=fact["assigned"],
            resource_redeployed=fact["redeployed"],
            incident_type=_choose(incident_u, _INCIDENTS),
            closed_at=pl.col("created_at") + pl.duration(minutes=pl.col("__minutes")),
            arrived_at=pl.when(fact["arrives"]).then(pl.col("created_at") + arrival),
            handled_by=pl.when(code == _CODES.index(_C.OVERTATT)).then(
                _choose(handler_u, _HANDLERS)
            ),
        )
        .with_columns(
            case_number=pl.when(fact["has_case"]).then(
                pl.concat_str(pl.lit("BL-"), pl.col("task_id"))
            ),
        )
    )
    if error_rate > 0:
        frame = frame.with_columns(
            pl.col("closure_code").cast(pl.String),
            pl.col("priority").cast(pl.String),
            _injected(seed, error_rate),
        )
    return frame


def _injected(seed: int, error_rate: float) -> pl.Expr:
    """The violation given to each row: 0 for none, else 1 + its index in INJECTED.

    About ``error_rate`` of the rows get one, the rule drawn with equal chance.
    """
    row = pl.col("__seq")
    hit = _uniform(row, seed, 20) < error_rate
    kind = (_uniform(row, seed, 21) * len(INJECTED)).cast(pl.Int64).clip(0, len(INJECTED) - 1)
    return pl.when(hit).then(kind.cast(pl.UInt8) + 1).otherwise(pl.lit(0, pl.UInt8)).alias(_KIND)


def _inject(part: pl.DataFrame, seed: int) -> pl.DataFrame:
    """Give the rows that :func:`_injected` chose their violation of an error rule.

    Only those rows (about ``error_rate`` of them) are computed, and their new values
    are scattered into the columns: a few milliseconds a million rows, where a
    when-then chain over every row of the string columns took as long as making the
    block. PO003's duplicate copies the id of the row before (each block starts one
    row early for that, and the caller drops that row again).
    """
    where = part.select(pl.arg_where(pl.col(_KIND) > 0)).to_series()
    if where.is_empty():
        return part
    before = (where.cast(pl.Int64) - 1).clip(0).cast(where.dtype)
    hit = part[where].with_columns(__previous=part["task_id"].gather(before))
    row, kind = pl.col("__seq"), pl.col(_KIND)

    def on(rule: str) -> pl.Expr:
        return kind == INJECTED.index(rule) + 1

    typo = _choose(_uniform(row, seed, 22), ["Ordnet på sted", "Utførtt", "Ikke kap.", "??"])
    changed = hit.select(
        closure_code=pl.when(on("PO101"))
        .then(pl.lit(_C.UTFORT.value))
        .when(on("PO102"))
        .then(pl.lit(_C.FALSK_MELDING.value))
        .when(on("PO201"))
        .then(pl.lit(_C.SAK_OPPRETTET.value))
        .when(on("PO001"))
        .then(typo)
        .when(on("PO002"))
        .then(None)
        .otherwise(pl.col("closure_code")),
        resource_assigned=pl.when(on("PO101"))
        .then(pl.lit(value=False))
        .when(on("PO102") | on("PO201"))
        .then(pl.lit(value=True))
        .otherwise(pl.col("resource_assigned")),
        # PO101 rows lose their resource, so a redeployment cannot stay (it would be PO105).
        resource_redeployed=pl.when(on("PO101") | on("PO102"))
        .then(pl.lit(value=False))
        .otherwise(pl.col("resource_redeployed")),
        case_number=pl.when(on("PO201")).then(None).otherwise(pl.col("case_number")),
        priority=pl.when(on("PO006")).then(pl.lit("9")).otherwise(pl.col("priority")),
        district=pl.when(on("PO005")).then(pl.lit("Atlantis")).otherwise(pl.col("district")),
        closed_at=pl.when(on("PO004"))
        .then(pl.col("created_at") - pl.duration(hours=1))
        .otherwise(pl.col("closed_at")),
        arrived_at=pl.when(on("PO004")).then(None).otherwise(pl.col("arrived_at")),
        task_id=pl.when(on("PO003") & (row > 0))
        .then(pl.col("__previous"))
        .otherwise(pl.col("task_id")),
    )
    return part.with_columns(part[name].scatter(where, changed[name]) for name in changed.columns)
