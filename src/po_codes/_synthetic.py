"""A realistic, deterministic generator of synthetic PO task logs.

Randomness comes from polars only: each random column is taken from the seeded 64-bit
hash of a row number, turned into uniform numbers in [0, 1). That makes the generator
vectorised (10 million rows in a few seconds), free of numpy, and deterministic for a
seed within one polars version.

Calibration
-----------
Sources: the figures in Politiforum's report on the National Police Directorate's
(Politidirektoratet) first release of ten years of PO data (2007-2016), and rough
populations of the police districts around 2015 (Statistics Norway county and
municipality figures, rounded; sizes only, not official district figures).

Volume
    604,115 tasks in 2007 and 809,893 in 2016 (Politiforum). Years in between are
    interpolated geometrically, about 3.3 % growth a year, and the same trend is
    extrapolated before 2007 and after 2016: ``604_115 * (809_893 / 604_115) **
    ((year - 2007) / 9)``. The ``n`` rows are split across the chosen years in
    proportion to these volumes, exactly up to rounding (not by sampling), so
    ``synthetic_tasks(n)`` with ``n`` equal to the sum of the yearly volumes has them
    to within one task.
Districts
    One table, :data:`_DISTRICTS_2002`, gives the population of each of the 27
    districts of 2002 (thousands, about 2015; Oslo 650 is the largest, Østfinnmark 24
    the smallest). A 2016 district is the union of its predecessors: its tasks are
    those of its predecessors, so its size is the sum of theirs (Oslo 829 thousand,
    Finnmark 76). Midtre Hålogaland, the only split district, goes 70 % to Nordland
    (Lofoten, Vesterålen, Ofoten: about 84 of its 120 thousand) and 30 % to Troms
    (Harstad and the south of Troms): :data:`_MIDTRE_TO_NORDLAND`. Within a year the
    rows are split across districts in proportion to population, exactly up to
    rounding, so a district's share of national volume does not change at the 2016
    reform once harmonised with ``po.harmonize_districts(frame, split="combine")``.
Codes
    Propensities are defined per 2002 district and inherited: a 2016 district's tasks
    keep the code mix of the 2002 district each comes from, so its shares are the
    volume-weighted mix of its predecessors' and a harmonised series has no break at
    2016 beyond the yearly trend. Each 2002 district has its own share of "Ingen
    operative tiltak" (18.5-22.5 %; Vestfinnmark 29 %, Østfinnmark 31 %), of "Falsk
    melding" (0.4-0.6 %; 1.4 % and 1.6 %) and of "Ikke kapasitet" in 2007 (2.0-3.6 %,
    highest in sparsely policed inland and northern districts; 0.9 % and 0.7 %). The
    "Ikke kapasitet" share grows linearly by 5 % of its 2007 level a year (factor
    ``1 + 0.05 * (year - 2007)``, clipped to [0.25, 4]). The other 11 codes share the
    rest in fixed national proportions (:data:`_OTHER_CODES`), so nationally "Utført"
    (about 29 %) is the most used code, then "Ingen operative tiltak" (about 20 %),
    as Politiforum reported. Finnmark, and each of Vestfinnmark and Østfinnmark, has
    the highest shares of "Ingen operative tiltak" and "Falsk melding" and the lowest
    share of "Ikke kapasitet" of all districts, which is what Politiforum reported for
    Finnmark (a registration practice: tasks other districts close as "Ikke
    kapasitet" are closed as "Ingen operative tiltak"). The district-level code
    figures are invented to match these rankings; only the national volumes and the
    rankings come from the source.
Codes are drawn at random per task (binomial noise, as in real counts); volumes per
year and district are allocated exactly.
"""

from __future__ import annotations

import datetime as dt
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
_NATIONAL_POPULATION: Final = sum(row[0] for row in _DISTRICTS_2002.values())
_MIDTRE_TO_NORDLAND: Final = 0.70
"""Share of Midtre Hålogaland's tasks that go to Nordland from 2016 (the rest: Troms)."""
_VOLUME_2007: Final = 604_115
_VOLUME_2016: Final = 809_893
_IK_GROWTH: Final = 0.05
"""Yearly linear growth of the "Ikke kapasitet" share, relative to its 2007 level."""
_INCIDENTS: Final = (
    "Ordensforstyrrelse", "Trafikkuhell", "Innbrudd", "Vold", "Hittegods", "Dyr",
    "Brann", "Savnet person", "Bistand helse", "Husbråk", "Tyveri", "Ruspåvirket",
)  # fmt: skip
_HANDLERS: Final = ("Helse", "Annet distrikt", "Barnevernsvakt", "Viltnemnda", "Kommunen")
# Priority per code group: (values, weights); group 0 "Ikke kapasitet", 1 "Ingen
# operative tiltak", 2 codes with a resource, 3 the other codes without one.
_PRIORITIES: Final = (
    (("1", "2", "3"), (0.15, 0.35, 0.5)),
    (("4", "5", "INGEN"), (0.2, 0.2, 0.6)),
    (("1", "2", "3", "4", "5"), (0.05, 0.25, 0.4, 0.2, 0.1)),
    (("3", "4", "5", "INGEN"), (0.1, 0.2, 0.2, 0.5)),
)

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


def _code_shares(origin: str, year: int) -> list[float]:
    """Share of each code, in canonical order, for tasks of 2002 district ``origin``."""
    _, iot, falsk, ik = _DISTRICTS_2002[origin]
    growth = min(max(1.0 + _IK_GROWTH * (year - 2007), 0.25), 4.0)
    own = {_IOT: iot / 100, _FALSK: falsk / 100, _IK: ik * growth / 100}
    rest = (1.0 - sum(own.values())) / sum(_OTHER_CODES.values())
    return [own[c] if c in own else rest * _OTHER_CODES[c] for c in _CODES]


def _units(generation: int, pool: Sequence[District]) -> list[tuple[str, str, float]]:
    """(district name, 2002 district whose code mix applies, population) per unit.

    A 2016 district has one unit per predecessor, weighted by the predecessor's
    population (Midtre Hålogaland's split by :data:`_MIDTRE_TO_NORDLAND`), so its
    size and code mix are exactly those of its predecessors combined.
    """
    if generation == 2002:
        return [(d.name, d.id, _DISTRICTS_2002[d.id][0]) for d in pool]
    units = []
    for district in pool:
        for old in district.predecessors:
            part = 1.0  # Midtre Hålogaland is the only 2002 district with two successors
            if len(old.successors) > 1:
                part = _MIDTRE_TO_NORDLAND if district.id == "nordland" else 1 - _MIDTRE_TO_NORDLAND
            units.append((district.name, old.id, _DISTRICTS_2002[old.id][0] * part))
    return units


class _Cells:
    """The (year, unit) cells rows are allocated to, as literal lookup series.

    Row ``r`` of ``n`` belongs to cell ``k`` when ``bounds[k - 1] <= r < bounds[k]``;
    the bounds are the rounded cumulative volumes (the year's national volume times
    the unit's share of the national population), so every year and every unit gets
    its share of the rows exactly up to rounding, with no sampling noise.
    """

    def __init__(self, n: int, years: list[int], pools: dict[int, list[District]]) -> None:
        weights: list[float] = []
        self.year: list[int] = []
        self.start: list[int] = []
        self.name: list[str] = []
        self.code_edges: list[float] = []
        for year in years:
            units = _units(2016 if year >= 2016 else 2002, pools[2016 if year >= 2016 else 2002])
            epoch = (dt.date(year, 1, 1) - dt.date(1970, 1, 1)).days
            for name, origin, weight in units:
                cell = len(self.year)
                weights.append(_volume(year) * weight / _NATIONAL_POPULATION)
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
    if not 0 <= seed < 2**63:
        raise InvalidArgumentError(
            f"seed must be a whole number from 0 to {2**63 - 1}, got {seed}", value=seed
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


def _generations(years: list[int], names: Iterable[str] | None) -> dict[int, list[District]]:
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
        if any((y >= 2016) == (generation == 2016) for y in years) and not pool:
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
) -> pl.DataFrame:
    """Generate ``n`` realistic PO tasks, deterministic for a seed.

    Rows are split across ``years`` in proportion to the national volumes (604,115
    tasks in 2007, 809,893 in 2016, geometric in between and beyond), and within a
    year across districts in proportion to population: the 27 districts of 2002
    before 2016, the 12 of 2016 from then on, each 2016 district the sum of its
    predecessors. Codes follow a mix in which "Utført" and "Ingen operative tiltak"
    are the most common nationally; each 2002 district has its own shares of "Ingen
    operative tiltak", "Falsk melding" and "Ikke kapasitet" (growing over the
    years), which its 2016 successor inherits, so a series harmonised with
    ``po.harmonize_districts(frame, split="combine")`` has no break at 2016. Finnmark
    has the highest shares of "Ingen operative tiltak" and "Falsk melding" and the
    lowest of "Ikke kapasitet". With ``error_rate=0`` every row satisfies every rule
    of :data:`po_codes.RULES`: resources match code groups, "Sak opprettet" has a
    case number, "Ikke kapasitet" has priority 1–3, arrival lies between creation
    and closing, and so on.

    Parameters
    ----------
    n
        Number of tasks.
    seed
        Seed of the generator, from 0 to 2**63 - 1; the same seed gives the same
        frame (within one polars version). The number of tasks per year and district does not depend
        on it, only which tasks they are.
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

    Returns
    -------
    pl.DataFrame
        The columns of :data:`SCHEMA`, ordered by ``created_at``.

    Raises
    ------
    InvalidArgumentError
        If ``n`` or ``seed`` is negative (or ``seed`` is 2**63 or more),
        ``error_rate`` is outside [0, 1], ``years`` is empty,
        or ``districts`` leaves a generation without districts.
    UnknownDistrictError
        If a name in ``districts`` is not a district.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    Calibration (details and sources in the module docstring of
    ``po_codes._synthetic``):

    - volume: 604,115 tasks in 2007 and 809,893 in 2016 (Politiforum, on the Police
      Directorate's first release of ten years of PO data); about 3.3 % a year.
    - district size: one population table of the 27 districts of 2002 (thousands,
      about 2015, rounded; Oslo 650 + Asker og Bærum 179 make Oslo the largest 2016
      district, Vestfinnmark 52 + Østfinnmark 24 make Finnmark the smallest); a 2016
      district's size is the sum of its predecessors', Midtre Hålogaland split 70 %
      Nordland, 30 % Troms.
    - codes: defined per 2002 district and inherited by the 2016 district (its mix is
      the volume-weighted mix of its predecessors'). "Ingen operative tiltak" 18.5–
      22.5 % (Finnmark about 30 %), "Falsk melding" 0.4–0.6 % (Finnmark about 1.5 %),
      "Ikke kapasitet" 2.0–3.6 % in 2007 (Finnmark about 0.8 %), growing by 5 % of
      its 2007 level a year; the other 11 codes in fixed national proportions, with
      "Utført" the largest (about 29 % nationally).

    Examples
    --------
    >>> import po_codes as po
    >>> tasks = po.synthetic_tasks(1_000, seed=1)
    >>> tasks.height, po.validate(tasks).ok
    (1000, True)
    """
    _check(n, seed, error_rate)
    chosen = _years(years)
    pools = _generations(chosen, districts)
    if n == 0:
        return pl.DataFrame(schema=SCHEMA)

    cells = _Cells(n, chosen, pools)
    width = max(8, len(str(n)))
    created_u, code_u = _halves(pl.col("__row"), seed, 1)
    redeploy_u, priority_u = _halves(pl.col("__seq"), seed, 2)
    minutes_u, arrival_u = _halves(pl.col("__seq"), seed, 3)
    incident_u, handler_u = _halves(pl.col("__seq"), seed, 4)

    code = pl.col("__code")
    ik = code == _CODES.index(_IK)
    with_resource = pl.lit(pl.Series([c.requires_resource for c in _CODES])).gather(code)
    redeployed = ik & (redeploy_u < 0.1)
    minutes = (10 + minutes_u * 300).cast(pl.Int64)
    created = (
        cells.lookup(cells.start, pl.Int64())
        + (created_u * (365 * 86_400)).cast(pl.Int64) * 1_000_000
    )
    closure_code = pl.lit(pl.Series([c.value for c in _CODES], dtype=CLOSURE_CODE_DTYPE))

    # Allocate rows to (year, district) cells and draw time and code on three narrow
    # columns, then order by creation time; every other column is drawn afterwards from
    # the position's own random streams, so nothing wide is sorted.
    narrow = (
        pl.LazyFrame()
        .select(pl.int_range(n, dtype=pl.UInt64).alias("__row"))
        .with_columns(__cell=cells.cell())
        .select(
            "__cell",
            created_at=created.cast(pl.Datetime("us")),
            __code=cells.code(code_u),
        )
        .sort("created_at", maintain_order=True)
        .with_row_index("__seq")
        .collect()
    )

    def widen(part: pl.LazyFrame) -> pl.LazyFrame:
        frame = (
            part.with_columns(
                year=cells.lookup(cells.year, pl.Int32()),
                __minutes=minutes,
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
                resource_assigned=with_resource | redeployed,
                resource_redeployed=redeployed,
                incident_type=_choose(incident_u, _INCIDENTS),
                closed_at=pl.col("created_at") + pl.duration(minutes=pl.col("__minutes")),
                arrived_at=pl.when(with_resource).then(
                    pl.col("created_at")
                    + pl.duration(
                        minutes=(pl.col("__minutes") * (0.05 + 0.5 * arrival_u)).cast(pl.Int64)
                    )
                ),
                handled_by=pl.when(code == _CODES.index(_C.OVERTATT)).then(
                    _choose(handler_u, _HANDLERS)
                ),
            )
            .with_columns(
                case_number=pl.when(code == _CODES.index(_C.SAK_OPPRETTET)).then(
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

    # The wide columns are made a block of rows at a time, so the intermediate columns
    # of one block (not of all rows) exist beside the result: peak memory stays near
    # the result's size. Each block starts one row early (PO003's injected duplicate
    # copies the previous row's id), and that row is dropped again.
    parts = []
    for start in range(0, n, _BLOCK):
        first = max(start - 1, 0)
        part = widen(narrow.slice(first, start + _BLOCK - first).lazy()).collect(engine="in-memory")
        if error_rate > 0:
            part = _inject(part, seed)
        parts.append(part.slice(start - first).select(SCHEMA.names()))
    del narrow
    return parts[0] if len(parts) == 1 else pl.concat(parts, rechunk=False)


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
