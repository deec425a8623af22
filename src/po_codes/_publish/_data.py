"""Everything the district page embeds, computed once in Python.

The page's JavaScript only draws: the figures, the funnel points and their limits at
95 % and 99.8 % (:func:`po_codes.compare`), the smooth limit curves
(:func:`po_codes._stats.funnel_curve`), the rounding of every share it quotes and the
keys a district can be named by in the address are all made here.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

import polars as pl

from po_codes._codes import ClosureCode
from po_codes._districts import District, districts
from po_codes._errors import InvalidArgumentError
from po_codes._figures import COMBINED, compare, count_column, figures, harmonize_districts
from po_codes._i18n import Lang, number, percent
from po_codes._stats import funnel_curve
from po_codes._text import fold

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["REFORM_YEAR", "page_data"]

REFORM_YEAR: Final = 2016
LEVELS: Final = (0.95, 0.998)
_MIDTRE: Final = District.parse("midtre-halogaland").name
_KEY: Final = ("district", "year")
_POINT_COLUMNS: Final = (
    "district",
    "year",
    "n",
    "total",
    "share",
    "national_share",
    "limit_low",
    "limit_high",
)
_NATIONAL_KEYS: Final = ("", "hele landet", "whole country", "national", "norge", "norway")


def collected(frame: object) -> pl.DataFrame:
    """``frame`` collected if it is lazy."""
    if isinstance(frame, pl.LazyFrame):
        return frame.collect()
    assert isinstance(frame, pl.DataFrame)  # noqa: S101
    return frame


def json_rows(frame: pl.DataFrame) -> dict[str, object]:
    """``{"columns": [...], "rows": [[...], ...]}`` with enums as text, NaN/inf as null."""
    out = frame.with_columns(pl.col(pl.Enum, pl.Categorical).cast(pl.String))

    def clean(value: object) -> object:
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return value

    return {"columns": out.columns, "rows": [[clean(v) for v in r] for r in out.iter_rows()]}


def page_data(
    frame: pl.DataFrame | pl.LazyFrame, target: ClosureCode, lang: Lang, national: str
) -> dict[str, Any]:
    """Aggregate, harmonise and compare; everything the page embeds.

    ``national`` is the label of the sum over all districts; the caller passes the
    partial label when :func:`units_of` says not every district is in the data.
    """
    weight = count_column(frame.collect_schema().names())
    counted = collected(figures(frame, by=_KEY, weight=weight))
    combine = bool(counted.select((pl.col("district") == _MIDTRE).any()).item())
    units = harmonize_districts(
        counted.select("district", "year", "closure_code", "n"),
        split="combine" if combine else "error",
    )
    per_district = figures(units, by=_KEY, weight="n")
    national_figures = figures(units, by=("year",), weight="n")
    totals = national_figures.group_by("year").agg(pl.col("n").sum())
    years = sorted(y for y, n in totals.iter_rows() if y is not None and n > 0)
    if not years:
        raise InvalidArgumentError(
            "the frame has no task with a valid closure code and a year: nothing to show "
            "(run po.validate to see why)"
        )
    names, known, expected = units_of(per_district, combine)
    points, curves = funnel(units, target, lang)
    sample = number(1234.5, lang, 1)  # "1,234.5": the separators of the language
    thousands, decimal = sample[1], sample[5]
    return {
        "lang": lang,
        "code": target.value,
        "code_index": list(ClosureCode).index(target),
        "codes": [
            {"label": c.value, "label_en": c.label_en, "with_resource": c.requires_resource}
            for c in ClosureCode
        ],
        "units": names,
        "known_units": known,
        "expected_units": expected,
        "national": national,
        "combined": combine,
        "years": years,
        "reform": years[0] < REFORM_YEAR <= years[-1],
        "harmonised": years[0] < REFORM_YEAR,
        "reform_year": REFORM_YEAR,
        "number": {"thousands": thousands, "decimal": decimal, "percent": "\u00a0%"},
        "address": address_keys(names, national, combine),
        "figures": json_rows(per_district),
        "national_figures": json_rows(national_figures),
        "funnel": json_rows(points),
        "curves": json_rows(curves),
    }


def units_of(per_district: pl.DataFrame, combine: bool) -> tuple[list[str], int, int]:
    """The units with data, how many of them are known districts, how many there are.

    Known districts come first, in registry order; unknown names (kept with
    ``keep_invalid=True``) follow, sorted.
    """
    canonical = [d.name for d in districts(2016)]
    if combine:
        canonical = [COMBINED if name == "Nordland" else name for name in canonical]
        canonical.remove("Troms")
    with_data = per_district.group_by("district").agg(pl.col("n").sum()).filter(pl.col("n") > 0)
    present = {d for d in with_data["district"].to_list() if d is not None}
    known = [u for u in canonical if u in present]
    return known + sorted(present - set(canonical)), len(known), len(canonical)


def address_keys(units: Iterable[str], national: str, combine: bool) -> dict[str, str]:
    """Lower-case spellings a district can be given by in the address -> its unit.

    The page lower-cases what the address says and looks it up here: ``vest``,
    ``sør-øst``, ``sor-ost`` and ``sor ost`` all name "Sør-Øst".
    """
    keys = dict.fromkeys((*_NATIONAL_KEYS, national.lower(), fold(national)), "")
    aliases = {"Nordland": COMBINED, "Troms": COMBINED} if combine else {}
    for name, unit in [*((u, u) for u in units), *aliases.items()]:
        for spelling in (name.lower(), fold(name)):
            for variant in (spelling, spelling.replace(" ", "-"), spelling.replace("-", " ")):
                keys.setdefault(variant, unit)
                keys.setdefault(f"{variant} politidistrikt", unit)
    return keys


def funnel(
    units: pl.DataFrame, target: ClosureCode, lang: Lang
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Funnel points with 95 % and 99.8 % limits and quoted texts; the limit curves."""
    inner, outer = (
        _with_level(compare(units, code=target, by=_KEY, weight="n", level=lv), lv)
        .filter(pl.col("district").is_not_null() & pl.col("year").is_not_null())
        .sort(_KEY)
        for lv in LEVELS
    )
    points = inner.select(*_POINT_COLUMNS, "flag").with_columns(
        outer.select(limit_low_outer="limit_low", limit_high_outer="limit_high", flag_outer="flag")
    )
    points = points.with_columns(_quoted_texts(points, lang))
    curves = pl.concat([funnel_curve(inner), funnel_curve(outer)], how="vertical_relaxed")
    return points, curves.select("year", "level", "total", "limit_low", "limit_high")


def _with_level(frame: pl.DataFrame, level: float) -> pl.DataFrame:
    return frame if "level" in frame.columns else frame.with_columns(level=pl.lit(level))


_LIMITS: Final = ("limit_low", "limit_high", "limit_low_outer", "limit_high_outer")


def _rounded(share: float, digits: int) -> float:
    """The percentage as :func:`~po_codes._i18n.percent` rounds it."""
    return float(f"{100 * share:.{digits}f}")


def _digits(share: float | None, limits: tuple[float | None, ...], flags: tuple[str, ...]) -> int:
    """Fewest decimals (1-4) at which the rounded share is on its flag's side of each limit."""
    if share is None:
        return 1
    for digits in (1, 2, 3, 4):
        ok = True
        for flag, low, high in zip(flags, limits[::2], limits[1::2], strict=True):
            if low is None or high is None:
                continue
            p, lo, hi = (_rounded(x, digits) for x in (share, low, high))
            if flag == "above":
                ok &= p > hi
            elif flag == "below":
                ok &= p < lo
            else:
                ok &= lo <= p <= hi
        if ok:
            return digits
    return 4


def _quoted_texts(points: pl.DataFrame, lang: Lang) -> list[pl.Series]:
    """The share and the four limits as text, rounded alike so the flag reads true."""
    texts: dict[str, list[str]] = {f"{c}_text": [] for c in ("share", *_LIMITS)}
    # One row per district and year (a few hundred at most): not a hot path.
    for row in points.select("share", *_LIMITS, "flag", "flag_outer").iter_rows():
        share, limits, flags = row[0], row[1:5], (row[5] or "", row[6] or "")
        digits = _digits(share, limits, flags)
        for name, value in zip(texts, (share, *limits), strict=True):
            texts[name].append(percent(value, lang, digits))
    return [pl.Series(name, values, dtype=pl.String) for name, values in texts.items()]
