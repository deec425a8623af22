"""A realistic, deterministic generator of synthetic PO task logs.

Randomness comes from polars only: each random column is the seeded 64-bit hash of
the row number, turned into a uniform number in [0, 1). That makes the generator
vectorised (10 million rows in seconds), free of numpy, and deterministic for a
seed within one polars version.
"""

from __future__ import annotations

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
# Share of each code per 1000 tasks: "Utført" and "Ingen operative tiltak" lead.
_CODE_WEIGHTS: Final = {
    _C.BORTFALT: 40,
    _C.FEIL_MELDING: 10,
    _C.IKKE_UTFORT: 15,
    _C.ORDNET_PA_STEDET: 90,
    _C.UTEN_RESULTAT: 45,
    _C.VIDERE_OPPFOLGINGSTILTAK: 80,
    _C.UTFORT: 290,
    _C.MUNTLIG_PALEGG: 35,
    _C.SAK_OPPRETTET: 70,
    _C.FALSK_MELDING: 5,
    _C.INGEN_OPERATIVE_TILTAK: 200,
    _C.IKKE_KAPASITET: 25,
    _C.ORDNET_INTERNT: 20,
    _C.OVERTATT: 55,
}
# Rough population in thousands: sizes only, not official figures.
_POPULATION: Final = {
    "oslo": 860, "ost": 730, "innlandet": 370, "sor-ost": 720, "agder": 300,
    "sor-vest": 480, "vest": 630, "more-og-romsdal": 265, "trondelag": 455,
    "nordland": 240, "troms": 165, "finnmark": 75,
    "oslo-2002": 630, "ostfold": 285, "follo": 130, "romerike": 290, "hedmark": 195,
    "gudbrandsdal": 70, "vestoppland": 105, "nordre-buskerud": 80, "sondre-buskerud": 185,
    "asker-og-baerum": 175, "vestfold": 240, "telemark": 170, "agder-2002": 290,
    "rogaland": 360, "haugaland-og-sunnhordland": 170, "hordaland": 490,
    "sogn-og-fjordane": 108, "sunnmore": 130, "nordmore-og-romsdal": 125,
    "sor-trondelag": 300, "nord-trondelag": 133, "helgeland": 78, "salten": 80,
    "midtre-halogaland": 120, "troms-2002": 130, "vestfinnmark": 50, "ostfinnmark": 25,
}  # fmt: skip
# Extra "Ikke kapasitet" share for large, sparsely policed districts (long drives).
_SPARSE: Final = frozenset(
    {"innlandet", "finnmark", "troms", "nordland", "hedmark", "gudbrandsdal",
     "vestfinnmark", "ostfinnmark", "helgeland", "midtre-halogaland", "troms-2002",
     "sogn-og-fjordane", "nord-trondelag"}
)  # fmt: skip
_INCIDENTS: Final = (
    "Ordensforstyrrelse", "Trafikkuhell", "Innbrudd", "Vold", "Hittegods", "Dyr",
    "Brann", "Savnet person", "Bistand helse", "Husbråk", "Tyveri", "Ruspåvirket",
)  # fmt: skip
_HANDLERS: Final = ("Helse", "Annet distrikt", "Barnevernsvakt", "Viltnemnda", "Kommunen")

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


def _uniform(row: pl.Expr, seed: int, stream: int) -> pl.Expr:
    """A uniform number in [0, 1) per row, from a seeded hash of the row number."""
    bits = row.hash(seed=seed * 7919 + stream) // (1 << 11)
    return bits.cast(pl.Float64) / float(1 << 53)


def _pick(u: pl.Expr, weights: Sequence[float]) -> pl.Expr:
    """Index of a weighted choice for a uniform ``u``."""
    total = float(sum(weights))
    edges, acc = [], 0.0
    for weight in weights[:-1]:
        acc += weight / total
        edges.append(acc)
    return pl.lit(pl.Series(edges, dtype=pl.Float64)).search_sorted(u, side="right")


def _choose(u: pl.Expr, values: Sequence[str], weights: Sequence[float] | None = None) -> pl.Expr:
    weights = weights if weights is not None else [1.0] * len(values)
    return pl.lit(pl.Series(list(values), dtype=pl.String)).gather(_pick(u, weights))


def _check(n: object, seed: object, error_rate: object) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, got {n!r}")
    if n < 0:
        raise InvalidArgumentError(f"n must be 0 or more, got {n}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {seed!r}")
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

    Rows are spread over ``years`` with volumes growing from about 600,000 tasks
    (2007) to 810,000 (2016), over the 27 districts of 2002 before 2016 and the 12
    of 2016 from then on, in proportion to rough district populations. Codes follow
    a national mix in which "Utført" and "Ingen operative tiltak" are the most
    common; "Ikke kapasitet" is a few percent, higher in sparsely policed districts
    and growing over the years. With ``error_rate=0`` every row satisfies every
    rule of :data:`po_codes.RULES`: resources match code groups, "Sak opprettet" has
    a case number, "Ikke kapasitet" has priority 1–3, arrival lies between creation
    and closing, and so on.

    Parameters
    ----------
    n
        Number of tasks.
    seed
        Seed of the generator; the same seed gives the same frame (within one
        polars version).
    years
        Years to cover.
    districts
        Restrict to these districts (any spelling, either generation).
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
        If ``n`` is negative, ``error_rate`` is outside [0, 1], ``years`` is empty,
        or ``districts`` leaves a generation without districts.
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
    pools = _generations(chosen, districts)
    if n == 0:
        return pl.DataFrame(schema=SCHEMA)

    row = pl.int_range(n, dtype=pl.UInt64)

    def u(stream: int) -> pl.Expr:
        return _uniform(pl.col("__row"), seed, stream)

    volume = [600 + (810 - 600) * (y - 2007) / 9 for y in chosen]
    year = pl.lit(pl.Series(chosen, dtype=pl.Int32)).gather(_pick(u(1), volume))
    old, new = pools[2002], pools[2016]
    district_old = _choose(
        u(2), [d.name for d in old] or ["-"], [_POPULATION[d.id] for d in old] or [1]
    )
    district_new = _choose(
        u(2), [d.name for d in new] or ["-"], [_POPULATION[d.id] for d in new] or [1]
    )
    sparse = [d.name for d in (*old, *new) if d.id in _SPARSE]

    codes = list(_CODE_WEIGHTS)
    base_code = _choose(u(3), [c.value for c in codes], list(_CODE_WEIGHTS.values()))
    # Capacity problems: +2 points in sparse districts, growing 6 % a year.
    extra = pl.when(pl.col("district").is_in(sparse)).then(0.02).otherwise(0.005) * (
        1 + 0.06 * (pl.col("year") - 2007)
    )
    code = pl.when(u(4) < extra).then(pl.lit(_C.IKKE_KAPASITET.value)).otherwise(base_code)
    ik = pl.col("closure_code") == _C.IKKE_KAPASITET.value
    iot = pl.col("closure_code") == _C.INGEN_OPERATIVE_TILTAK.value
    with_resource = pl.col("closure_code").is_in([c.value for c in _C.with_resource()])
    redeployed = ik & (u(5) < 0.1)

    prio = (
        pl.when(ik)
        .then(_choose(u(6), ["1", "2", "3"], [0.15, 0.35, 0.5]))
        .when(iot)
        .then(_choose(u(6), ["4", "5", "INGEN"], [0.2, 0.2, 0.6]))
        .when(with_resource)
        .then(_choose(u(6), ["1", "2", "3", "4", "5"], [0.05, 0.25, 0.4, 0.2, 0.1]))
        .otherwise(_choose(u(6), ["3", "4", "5", "INGEN"], [0.1, 0.2, 0.2, 0.5]))
    )
    start = pl.datetime(pl.col("year"), 1, 1, time_unit="us")
    created = start + pl.duration(seconds=(u(7) * 365 * 86_400).cast(pl.Int64), time_unit="us")
    minutes = (10 + u(8) * 300).cast(pl.Int64)

    # Order rows by creation time first, on three narrow columns; every other column
    # is drawn from the row's own random streams afterwards, so nothing wide is sorted.
    frame = (
        pl.LazyFrame()
        .select(row.alias("__row"))
        .with_columns(year=year)
        .with_columns(created_at=created)
        .sort("created_at", maintain_order=True)
        .with_row_index("__seq")
        .with_columns(
            district=pl.when(pl.col("year") >= 2016).then(district_new).otherwise(district_old),
            task_id=pl.concat_str(
                pl.col("year").cast(pl.String),
                pl.lit("-"),
                (pl.col("__seq") + 1).cast(pl.String).str.zfill(8),
            ),
            __minutes=minutes,
        )
        .with_columns(closure_code=code)
        .with_columns(
            priority=prio,
            resource_assigned=with_resource | redeployed,
            resource_redeployed=redeployed,
            incident_type=_choose(u(9), _INCIDENTS),
            closed_at=pl.col("created_at") + pl.duration(minutes=pl.col("__minutes")),
            arrived_at=pl.when(with_resource).then(
                pl.col("created_at")
                + pl.duration(minutes=(pl.col("__minutes") * (0.05 + 0.5 * u(10))).cast(pl.Int64))
            ),
            handled_by=pl.when(pl.col("closure_code") == _C.OVERTATT.value).then(
                _choose(u(11), _HANDLERS)
            ),
            case_number=pl.when(pl.col("closure_code") == _C.SAK_OPPRETTET.value).then(
                pl.concat_str(pl.lit("BL-"), pl.col("task_id"))
            ),
        )
    )
    if error_rate > 0:
        frame = _inject(frame, seed, error_rate)
    else:
        frame = frame.with_columns(
            pl.col("closure_code").cast(CLOSURE_CODE_DTYPE),
            pl.col("priority").cast(PRIORITY_DTYPE),
        )
    return frame.select(SCHEMA.names()).collect()


def _inject(frame: pl.LazyFrame, seed: int, error_rate: float) -> pl.LazyFrame:
    """Give about ``error_rate`` of the rows one violation of an error rule."""
    row = pl.col("__seq")
    hit = _uniform(row, seed, 20) < error_rate
    kind = (_uniform(row, seed, 21) * len(INJECTED)).cast(pl.Int64).clip(0, len(INJECTED) - 1)

    def on(rule: str) -> pl.Expr:
        return hit & (kind == INJECTED.index(rule))

    return frame.with_columns(
        closure_code=pl.when(on("PO101"))
        .then(pl.lit(_C.UTFORT.value))
        .when(on("PO102"))
        .then(pl.lit(_C.FALSK_MELDING.value))
        .when(on("PO201"))
        .then(pl.lit(_C.SAK_OPPRETTET.value))
        .when(on("PO001"))
        .then(_choose(_uniform(row, seed, 22), ["Ordnet på sted", "Utførtt", "Ikke kap.", "??"]))
        .when(on("PO002"))
        .then(None)
        .otherwise(pl.col("closure_code")),
        resource_assigned=pl.when(on("PO101"))
        .then(pl.lit(value=False))
        .when(on("PO102") | on("PO201"))
        .then(pl.lit(value=True))
        .otherwise(pl.col("resource_assigned")),
        resource_redeployed=pl.when(on("PO102"))
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
        .then(pl.col("task_id").shift(1))
        .otherwise(pl.col("task_id")),
    )
