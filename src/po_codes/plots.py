"""Altair charts of PO figures, for notebooks (needs the ``notebook`` extra).

Each chart takes the frame a figures function returns, as it is: the charts draw what
the table says (the funnel limits are those of :func:`po_codes.compare`, the national
line is pooled from the frame's own counts). With ``lang="nb"`` (the default) titles are
in Norwegian bokmål and numbers use Norwegian formats (``"3,5 %"``, ``"12 345"``): the
chart carries a Vega number locale, so notebooks, saved HTML and PNGs all show them.

Examples
--------
>>> import po_codes as po
>>> from po_codes import plots
>>> tasks = po.harmonize_districts(po.synthetic_tasks(10_000), split="combine")
>>> chart = plots.capacity_trend(po.indicators(tasks))
>>> funnel = plots.funnel(po.compare(tasks, code="Ikke kapasitet", by=("district", "year")))
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

import polars as pl

from po_codes._codes import ClosureCode
from po_codes._districts import District, districts
from po_codes._errors import InvalidArgumentError
from po_codes._figures import warn_mixed_generations
from po_codes._i18n import number, percent, section
from po_codes._notebook import check_lang, collected, optional, vega_locale
from po_codes._stats import curve_parameters, funnel_curve

if TYPE_CHECKING:
    import altair as alt

__all__ = ["capacity_trend", "codes_by_district", "funnel"]

# Blues/greens for the nine with-resource codes, warm colours for the five without.
_COLOURS: Final = (
    "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b",
    "#74c476", "#238b45",
    "#fdd0a2", "#fdae6b", "#d94801", "#8c2d04", "#bcbddc",
)  # fmt: skip
_FLAG_COLOURS: Final = {"above": "#c4320a", "below": "#175cd3", "within": "#667085"}
_DISTRICT_COLOUR: Final = "#1f6fb4"
_NATIONAL_COLOUR: Final = "#101828"
_LIMIT_COLOUR: Final = "#475467"

REFORM_YEAR: Final = 2016
"""First year of the 12 districts of the police reform (1 January 2016)."""

_WIDTH: Final = 600
_HEIGHT: Final = 360
_FONT_SIZE: Final = 11
_CHAR_WIDTH: Final = 6.3  # rough width of one character at _FONT_SIZE, in pixels
_LINE_HEIGHT: Final = 14
_POINT_RADIUS: Final = 6


def _configured(chart: Any, lang: str) -> Any:
    """Apply the language's number locale and the shared look to a top-level chart."""
    config: dict[str, Any] = {
        "view": {"stroke": None},
        "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#eaecf0"},
        "title": {"anchor": "start", "fontSize": 15, "subtitleFontSize": 12},
    }
    config["locale"] = {"number": vega_locale(check_lang(lang))}
    return chart.configure(**config)


def _number(value: float, decimals: int, lang: str) -> str:
    """Format a number in Python the way the chart's locale formats it."""
    return number(value, check_lang(lang), decimals)


def _percent(value: float, decimals: int, lang: str) -> str:
    """``0.035`` -> ``"3,5 %"`` (nb) or ``"3.5 %"`` (en)."""
    return percent(value, check_lang(lang), decimals)


def _level_text(level: float, lang: str) -> str:
    """A level as a percentage without a needless decimal: ``"95"`` or ``"99,8"``."""
    text = _number(100 * level, 1, lang)
    return text[:-2] if text.endswith(("0", ",0", ".0")) and text[-2] in ",." else text


def codes_by_district(figures_frame: pl.DataFrame | pl.LazyFrame, *, lang: str = "nb") -> alt.Chart:
    """Stacked shares of the 14 codes per district, from :func:`po_codes.figures`.

    When the frame has a ``year`` column with several years, a drop-down picks the
    year shown.

    Parameters
    ----------
    figures_frame
        Output of ``po.figures(..., by=("district", ...))``: ``district``,
        ``closure_code``, ``n``, ``share``.
    lang
        ``"nb"`` (Norwegian titles and number formats, ``"35 %"``) or ``"en"``.

    Returns
    -------
    altair.Chart
        A horizontal stacked bar per district, codes in canonical order.
    """
    alt_ = optional("altair")
    text = section("plots.", check_lang(lang))
    frame = collected(figures_frame, ("district", "closure_code", "n", "share"), "po.figures")
    labels = [code.value for code in ClosureCode]
    data = frame.with_columns(
        pl.col("closure_code").cast(pl.String),
        pl.col("closure_code")
        .cast(pl.String)
        .replace_strict(labels, list(range(len(labels))), default=None, return_dtype=pl.Int32)
        .alias("order"),
    )
    chart = (
        alt_.Chart(data)
        .mark_bar()
        .encode(
            x=alt_.X(
                "share:Q",
                stack="normalize",
                title=text["share_of_tasks"],
                axis=alt_.Axis(format="%"),
            ),
            y=alt_.Y("district:N", title=None, sort="ascending"),
            color=alt_.Color(
                "closure_code:N",
                title=text["closure_code"],
                scale=alt_.Scale(domain=labels, range=list(_COLOURS)),
                sort=labels,
            ),
            order=alt_.Order("order:Q"),
            tooltip=[
                alt_.Tooltip("district:N", title=text["district"]),
                alt_.Tooltip("closure_code:N", title=text["closure_code"]),
                alt_.Tooltip("n:Q", format=",d", title=text["tasks"]),
                alt_.Tooltip("share:Q", format=".1%", title=text["share"]),
            ],
        )
        .properties(title=text["codes_title"], width=520)
    )
    if "year" in data.columns and data.get_column("year").n_unique() > 1:
        years = sorted(y for y in data.get_column("year").unique().to_list() if y is not None)
        pick = alt_.param(
            name="year", value=years[-1], bind=alt_.binding_select(options=years, name="år ")
        )
        chart = chart.add_params(pick).transform_filter(alt_.datum.year == pick)
    return _configured(chart, lang)  # type: ignore[no-any-return]


def _district_order(names: list[str]) -> list[str]:
    """Order district names as the registry does (roughly south-east to north)."""
    registry = [d.name for d in (*districts(2016), *districts(2002))]

    def key(name: str) -> tuple[int, str]:
        found = District.get(name) or District.get(name.split(" og ", maxsplit=1)[0])
        if found is not None and found.is_harmonised:  # "Nordland og Troms": at Nordland
            found = District.by_id(found.members[0])
        return (registry.index(found.name) if found else len(registry), name)

    return sorted(names, key=key)


def capacity_trend(
    indicators_frame: pl.DataFrame | pl.LazyFrame, *, lang: str = "nb"
) -> alt.FacetChart:
    """The "Ikke kapasitet" share per year: one small panel per district, with the country.

    Each panel shows one district's share of tasks closed "Ikke kapasitet" (blue)
    against the national share (black), so every district is compared with the same
    reference on the same y scale. The national share is pooled from the frame:
    ``sum(share * total) / sum(total)`` per year, over the districts in the frame. A
    vertical rule marks the police reform of 1 January 2016, when the 27 districts
    became 12.

    Parameters
    ----------
    indicators_frame
        Output of ``po.indicators(..., by=("district", "year"))``, preferably on
        harmonised districts (``po.harmonize_districts``).
    lang
        ``"nb"`` (Norwegian titles and number formats, ``"3,5 %"``) or ``"en"``.

    Returns
    -------
    altair.FacetChart
        Small multiples, four per row, in the registry order of the districts.

    Warns
    -----
    UserWarning
        When the frame holds names only of the 27 pre-2016 districts together with
        names of the 12 districts of 2016: the series break at the reform. Harmonise
        first: ``po.harmonize_districts(tasks, split="combine")``.
    """
    alt_ = optional("altair")
    text = section("plots.", check_lang(lang))
    share = "ikke_kapasitet_share"
    frame = collected(
        indicators_frame, ("district", "year", share, "total"), "po.indicators"
    ).filter(pl.col("district").is_not_null() & pl.col("year").is_not_null())
    warn_mixed_generations(frame.get_column("district").unique().to_list())
    data = _trend_data(frame, text)
    years = sorted(data.get_column("year").unique().to_list())
    year_scale = alt_.Scale(domain=[years[0] - 0.3, years[-1] + 0.3], nice=False, zero=False)
    layers = _trend_lines(alt_, years, year_scale, text)
    if years[0] < REFORM_YEAR <= years[-1]:
        layers = [*_reform_marks(alt_, years, year_scale, text), *layers]
    order = _district_order(frame.get_column("district").unique().to_list())
    chart = (
        alt_.layer(*layers, data=data)
        .properties(width=170, height=110)
        .facet(
            facet=alt_.Facet(
                "district:N",
                title=None,
                sort=order,
                header=alt_.Header(labelFontSize=12, labelFontWeight="bold", labelAnchor="start"),
            ),
            columns=4,
        )
        .resolve_axis(x="independent")
        .properties(title=alt_.Title(text["trend_title"], subtitle=text["trend_subtitle"]))
    )
    return _configured(chart, lang)  # type: ignore[no-any-return]


def _trend_data(frame: pl.DataFrame, text: dict[str, str]) -> pl.DataFrame:
    """The rows of every panel: the district's series and the national one.

    The national series is repeated in every panel: a facet draws all its layers from
    the same rows.
    """
    own = frame.select(
        "district",
        pl.col("year").cast(pl.Int64),
        pl.lit(text["series_district"]).alias("series"),
        pl.col("ikke_kapasitet_share").cast(pl.Float64).alias("share"),
        pl.col("total").cast(pl.Int64),
    )
    national = (
        own.filter(pl.col("share").is_not_null() & (pl.col("total") > 0))
        .group_by("year")
        .agg(
            ((pl.col("share") * pl.col("total")).sum() / pl.col("total").sum()).alias("share"),
            pl.col("total").sum(),
        )
    )
    national_rows = (
        own.select("district")
        .unique()
        .join(national, how="cross")
        .select(
            "district", "year", pl.lit(text["series_national"]).alias("series"), "share", "total"
        )
    )
    return pl.concat([national_rows, own]).sort("district", "series", "year")


def _trend_lines(alt_: Any, years: list[int], year_scale: Any, text: dict[str, str]) -> list[Any]:
    """The national line and the district's line with points, with tooltips."""
    district_label, national_label = text["series_district"], text["series_national"]
    step = max(1, math.ceil(len(years) / 4))  # four year labels fit a narrow panel
    shown = years[::-1][::step][::-1]
    x = alt_.X(
        "year:Q",
        title=None,
        scale=year_scale,
        axis=alt_.Axis(format="d", values=shown, labelOverlap="greedy", grid=False),
    )
    y = alt_.Y(
        "share:Q",
        title=text["trend_y"],
        scale=alt_.Scale(zero=True),
        axis=alt_.Axis(format=".0%", tickCount=5),
    )
    colour = alt_.Color(
        "series:N",
        title=None,
        scale=alt_.Scale(
            domain=[district_label, national_label], range=[_DISTRICT_COLOUR, _NATIONAL_COLOUR]
        ),
        legend=alt_.Legend(orient="top", symbolType="stroke", symbolStrokeWidth=3),
    )
    tooltip = [
        alt_.Tooltip("district:N", title=text["district"]),
        alt_.Tooltip("series:N", title=" "),
        alt_.Tooltip("year:Q", format="d", title=text["year"]),
        alt_.Tooltip("share:Q", format=".1%", title=text["share"]),
        alt_.Tooltip("total:Q", format=",d", title=text["tasks"]),
    ]
    national_line = (
        alt_.Chart()
        .mark_line(strokeWidth=2.5)
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
        .transform_filter(alt_.datum.series == national_label)
    )
    district_line = (
        alt_.Chart()
        .mark_line(strokeWidth=2, point=alt_.OverlayMarkDef(size=16))
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
        .transform_filter(alt_.datum.series == district_label)
    )
    return [national_line, district_line]


def _reform_marks(alt_: Any, years: list[int], year_scale: Any, text: dict[str, str]) -> list[Any]:
    """A dotted rule at the 2016 reform and its label, once per panel."""
    first = (alt_.datum.series == text["series_national"]) & (alt_.datum.year == years[0])
    at = alt_.X(datum=REFORM_YEAR - 0.5, type="quantitative", scale=year_scale)
    rule = (
        alt_.Chart()
        .mark_rule(color="#98a2b3", strokeWidth=1.5, strokeDash=[2, 2])
        .encode(x=at)
        .transform_filter(first)
    )
    label = (
        alt_.Chart()
        .mark_text(align="right", baseline="bottom", dx=2, dy=-3, fontSize=9, color="#667085")
        .encode(x=at, y=alt_.value(0), text=alt_.value(text["reform"]))
        .transform_filter(first)
    )
    return [rule, label]


Box = tuple[float, float, float, float]
"""A rectangle in chart pixels: ``(x0, y0, x1, y1)``, y growing downwards."""


def _place_labels(
    points: list[tuple[str, float, float, bool]],
    taken: list[Box],
    lines: list[tuple[list[Box], float]],
) -> list[tuple[str, float, float, str]]:
    """Place a label beside each point (pixels) without overlapping others.

    ``points`` holds ``(text, x, y, must)``; ``taken`` boxes already used by other
    text; ``lines`` the drawn lines (as small boxes along each) with the cost of
    crossing them. Each label takes the cheapest spot right or left of its point
    (nudged up or down by up to two lines) or centred above or below it. A label that
    overlaps text or points wherever it goes is dropped, unless ``must`` (flagged units
    are always named). Returns ``(text, x, y, align)``.
    """
    boxes = list(taken)
    dots = [
        (x - _POINT_RADIUS, y - _POINT_RADIUS, x + _POINT_RADIUS, y + _POINT_RADIUS)
        for _, x, y, _ in points
    ]

    def free(box: Box, obstacles: list[Box]) -> bool:
        x0, y0, x1, y1 = box
        if x0 < 0 or x1 > _WIDTH or y0 < 0 or y1 > _HEIGHT:
            return False
        return not any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in obstacles)

    placed = []
    shifts = (0.0, -6.0, 6.0, -12.0, 12.0, -18.0, 18.0, -24.0, 24.0)
    half = _LINE_HEIGHT / 2
    # Flagged units first, then from the top of the chart down.
    for name, x, y, must in sorted(points, key=lambda p: (not p[3], p[2])):
        width = _CHAR_WIDTH * len(name)
        right = x + _POINT_RADIUS + 3
        left = x - _POINT_RADIUS - 3
        options: list[tuple[float, float, str, Box]] = [
            (right, y + dy, "left", (right - 1, y + dy - half, right + width + 1, y + dy + half))
            for dy in shifts
        ] + [
            (left, y + dy, "right", (left - width - 1, y + dy - half, left + 1, y + dy + half))
            for dy in shifts
        ]
        options += [  # centred above or below the point
            (
                x,
                y + dy,
                "center",
                (x - width / 2 - 1, y + dy - half, x + width / 2 + 1, y + dy + half),
            )
            for dy in (-13.0, 13.0, -20.0, 20.0, -27.0, 27.0)
        ]
        # Cheapest free spot: near the point, on its right, not across a line (a
        # horizontal line through the text is worse than a curve crossing it).
        costs = [
            (
                abs(o[1] - y)
                + {"left": 0, "right": 4, "center": 2}[o[2]]
                + sum(weight for parts, weight in lines if not free(o[3], parts)),
                i,
            )
            for i, o in enumerate(options)
            if free(o[3], boxes + dots)
        ]
        chosen = options[min(costs)[1]] if costs else None
        if chosen is None and must:
            chosen = options[0]
        if chosen is not None:
            boxes.append(chosen[3])
            placed.append((name, chosen[0], chosen[1], chosen[2]))
    return placed


def funnel(
    compare_frame: pl.DataFrame | pl.LazyFrame,
    *,
    code: str | None = None,
    year: int | None = None,
    lang: str = "nb",
) -> alt.LayerChart:
    """Funnel plot of :func:`po_codes.compare`: each unit's share against its size.

    The two curves are the frame's own funnel limits as :func:`po_codes.funnel_curve`
    draws them, smoothly over the number of tasks, with the method and ``level`` the
    frame was computed with (``level=0.998`` in ``compare`` gives 99.8 % curves). With
    the default random-effects method each unit is judged against the other units,
    so a unit very close to a curve may sit on the other side of it than its colour
    says; the colour (``flag``) is the unit's own verdict. The horizontal line is the
    national share. Every flagged unit is named, other units where their name fits
    without overlapping.

    Parameters
    ----------
    compare_frame
        Output of ``po.compare(...)``, for example with ``by=("district", "year")``.
    code
        The closure code compared, for the title and y-axis (``"Ikke kapasitet"``);
        ``None`` leaves it out.
    year
        The year drawn when the frame has a ``year`` column; ``None`` takes the
        latest year in the frame.
    lang
        ``"nb"`` (Norwegian titles and number formats, ``"3,5 %"``) or ``"en"``.

    Returns
    -------
    altair.LayerChart
        Limit band and curves, national line, points and labels.

    Raises
    ------
    InvalidArgumentError
        If ``year`` is not in the frame, if no unit has tasks, or if the rows drawn
        have several national shares or levels (the frame has group columns other
        than ``year``, or several levels: filter it first).
    """
    alt_ = optional("altair")
    text = section("plots.", check_lang(lang))
    frame, unit, period = _funnel_rows(compare_frame, year)
    curves = funnel_curve(frame, points=120).drop_nulls(["limit_low", "limit_high"])
    view = _FunnelView(frame)
    level = _level_text(float(frame.get_column("level")[0]), lang)
    fixed, labels, leaders = _funnel_labels(
        frame, unit, curves, view, text=text, lang=lang, level=level
    )
    y_title = text["funnel_y"].format(code=code) if code else text["funnel_y_nocode"]
    layers = _funnel_lines(alt_, curves, view, (text["funnel_x"], y_title))
    if leaders:
        layers.append(
            alt_.Chart(pl.DataFrame(leaders))
            .mark_rule(color="#98a2b3", strokeWidth=0.8)
            .encode(x=view.x(alt_), x2="total2:Q", y=view.y(alt_), y2="value2:Q")
        )
    layers.append(_funnel_points(alt_, frame, unit, view, text=text, lang=lang, level=level))
    layers += _funnel_texts(alt_, fixed, labels, view)
    title_key = "funnel_title" if code else "funnel_title_nocode"
    title = text[title_key].format(code=code, period=period).removesuffix(", ")
    chart = (
        alt_.layer(*layers)
        .resolve_scale(color="independent")
        .properties(
            title=alt_.Title(title, subtitle=_wrap(_funnel_subtitle(frame, text, lang, level), 95)),
            width=_WIDTH,
            height=_HEIGHT,
        )
    )
    return _configured(chart, lang)  # type: ignore[no-any-return]


def _funnel_rows(
    compare_frame: pl.DataFrame | pl.LazyFrame, year: int | None
) -> tuple[pl.DataFrame, str | None, str]:
    """The rows drawn (one year, with tasks), the unit column and the period text."""
    needed = ("n", "total", "share", "national_share", "phi", "tau", "level", "flag")
    frame = collected(compare_frame, (*needed, "limit_low", "limit_high"), "po.compare")
    known = {*needed, "limit_low", "limit_high", "ci_low", "ci_high", "z", "year"}
    unit = next((c for c in frame.columns if c not in known), None)
    period = ""
    if "year" in frame.columns:
        years = sorted(y for y in frame.get_column("year").unique().to_list() if y is not None)
        if year is None and years:
            year = years[-1]
        if year not in years:
            raise InvalidArgumentError(f"year {year!r} is not in the frame; it has {years}")
        frame = frame.filter(pl.col("year") == year)
        period = str(year)
    elif year is not None:
        raise InvalidArgumentError("year= needs a frame with a 'year' column")
    frame = frame.filter(pl.col("total") > 0)
    if frame.is_empty():
        raise InvalidArgumentError("no unit in the frame has tasks to draw")
    if max(frame.select(pl.col("national_share", "level").n_unique()).row(0)) != 1:
        raise InvalidArgumentError(
            "the rows drawn have several national shares or levels: the frame has group "
            "columns other than 'year'; filter it to one group first"
        )
    return frame, unit, period


class _FunnelView:
    """The axes of a funnel chart, fitted to the data, and chart-pixel conversions."""

    def __init__(self, frame: pl.DataFrame) -> None:
        # x spans the sizes with room for labels, y the points and their own limits.
        totals = frame.get_column("total").cast(pl.Float64)
        self.x_lo = float(totals.min()) / 1.5  # type: ignore[arg-type]
        self.x_hi = float(totals.max()) * 1.8  # type: ignore[arg-type]
        values = pl.concat(
            [frame.get_column(c).cast(pl.Float64) for c in ("share", "limit_low", "limit_high")]
        ).drop_nulls()
        y_lo, y_hi = float(values.min()), float(values.max())  # type: ignore[arg-type]
        pad = max(0.15 * (y_hi - y_lo), 0.002)
        self.y_lo, self.y_hi = max(0.0, y_lo - pad), min(1.0, y_hi + pad)
        self.p0 = float(frame.get_column("national_share")[0])

    def px(self, total: float) -> float:
        return _WIDTH * math.log(total / self.x_lo) / math.log(self.x_hi / self.x_lo)

    def py(self, value: float) -> float:
        return _HEIGHT * (1 - (value - self.y_lo) / (self.y_hi - self.y_lo))

    def from_px(self, x: float, y: float) -> tuple[float, float]:
        total = self.x_lo * (self.x_hi / self.x_lo) ** (x / _WIDTH)
        return total, self.y_lo + (1 - y / _HEIGHT) * (self.y_hi - self.y_lo)

    def x(self, alt_: Any, field: str = "total", **kwargs: Any) -> Any:
        scale = alt_.Scale(type="log", domain=[self.x_lo, self.x_hi], nice=False)
        return alt_.X(f"{field}:Q", scale=scale, **kwargs)

    def y(self, alt_: Any, field: str = "value", **kwargs: Any) -> Any:
        scale = alt_.Scale(domain=[self.y_lo, self.y_hi], zero=False, nice=False)
        return alt_.Y(f"{field}:Q", scale=scale, **kwargs)


def _funnel_labels(
    frame: pl.DataFrame,
    unit: str | None,
    curves: pl.DataFrame,
    view: _FunnelView,
    *,
    text: dict[str, str],
    lang: str,
    level: str,
) -> tuple[list[tuple[str, float, float, str]], list[dict[str, Any]], list[dict[str, float]]]:
    """Direct labels: the fixed ones (national line, limits), unit names and leaders."""
    national_text = text["national"].format(share=_percent(view.p0, 1, lang))
    fixed = [(national_text, 4.0, view.py(view.p0) - 9, "left")]
    if curves.height:
        limit_end = float(curves.get_column("limit_high")[-1])
        limits_text = text["limits"].format(level=level)
        fixed.append((limits_text, _WIDTH - 4.0, view.py(min(limit_end, view.y_hi)) - 13, "right"))
    taken = [
        (
            (x if align == "left" else x - _CHAR_WIDTH * len(t)) - 1,
            y - _LINE_HEIGHT / 2,
            (x + _CHAR_WIDTH * len(t) if align == "left" else x) + 1,
            y + _LINE_HEIGHT / 2,
        )
        for t, x, y, align in fixed
    ]
    labels: list[dict[str, Any]] = []
    leaders: list[dict[str, float]] = []
    if unit is None:
        return fixed, labels, leaders
    points = [
        (str(name), view.px(float(total)), view.py(float(share)), flag != "within")
        for name, total, share, flag in frame.select(unit, "total", "share", "flag").iter_rows()
        if name is not None
    ]
    along: list[tuple[list[Box], float]] = [
        ([(0.0, view.py(view.p0) - 1, float(_WIDTH), view.py(view.p0) + 1)], 20.0)
    ]
    for bound in ("limit_low", "limit_high"):
        samples = [(view.px(t), view.py(v)) for t, v in curves.select("total", bound).iter_rows()]
        along.append(([(cx - 1.5, cy - 1.5, cx + 1.5, cy + 1.5) for cx, cy in samples], 20.0))
    where = {name: (x, y) for name, x, y, _ in points}
    flags = dict(frame.select(pl.col(unit).cast(pl.String), "flag").iter_rows())
    for name, x, y, align in _place_labels(points, taken, along):
        lx, ly = view.from_px(x, y)
        labels.append(
            {"label": name, "total": lx, "value": ly, "align": align, "flag": flags[name]}
        )
        dot_x, dot_y = where[name]
        dy = y - dot_y
        if abs(dy) > (_LINE_HEIGHT if align == "center" else _LINE_HEIGHT / 2):
            # Moved off its point: a leader from the point to the label's edge.
            start = view.from_px(dot_x, dot_y)
            edge = y - math.copysign(_LINE_HEIGHT / 2, dy)
            end = view.from_px(x, edge) if align == "center" else (lx, ly)
            leaders.append(
                {"total": start[0], "value": start[1], "total2": end[0], "value2": end[1]}
            )
    return fixed, labels, leaders


def _funnel_lines(
    alt_: Any, curves: pl.DataFrame, view: _FunnelView, titles: tuple[str, str]
) -> list[Any]:
    """The limit band, its two curves and the national line (``titles``: x and y)."""
    x_title, y_title = titles
    y_axis = alt_.Axis(format=".1%", tickCount=6)
    national = (
        alt_.Chart(pl.DataFrame({"national_share": [view.p0]}))
        .mark_rule(color=_NATIONAL_COLOUR, strokeWidth=1.5)
        .encode(y=view.y(alt_, "national_share", title=y_title, axis=y_axis))
    )
    if curves.is_empty():
        return [national]
    band = (
        alt_.Chart(curves)
        .mark_area(color="#98a2b3", opacity=0.12, clip=True)
        .encode(
            x=view.x(alt_, title=x_title, axis=alt_.Axis(format=",d")),
            y=view.y(alt_, "limit_low", title=y_title, axis=y_axis),
            y2="limit_high:Q",
        )
    )
    lines = [
        alt_.Chart(curves)
        .mark_line(color=_LIMIT_COLOUR, strokeDash=[5, 3], strokeWidth=1.3, clip=True)
        .encode(x=view.x(alt_), y=view.y(alt_, bound))
        for bound in ("limit_low", "limit_high")
    ]
    return [band, *lines, national]


def _funnel_points(
    alt_: Any,
    frame: pl.DataFrame,
    unit: str | None,
    view: _FunnelView,
    *,
    text: dict[str, str],
    lang: str,
    level: str,
) -> Any:
    """One circle per unit, coloured by its flag, with a tooltip of its figures."""
    flag_names = section("plots.flag_", check_lang(lang))
    legend_expr = " : ".join(
        f"datum.label == '{key}' ? '{value}'" for key, value in flag_names.items()
    )
    interval = text["interval"].format(level=level)
    has_ci = "ci_low" in frame.columns and "ci_high" in frame.columns
    tooltip = [
        *([alt_.Tooltip(f"{unit}:N", title=text["district"])] if unit else []),
        alt_.Tooltip("share:Q", format=".1%", title=text["share"]),
        *(
            [
                alt_.Tooltip("ci_low:Q", format=".1%", title=f"{interval} ≥"),
                alt_.Tooltip("ci_high:Q", format=".1%", title=f"{interval} ≤"),
            ]
            if has_ci
            else [alt_.Tooltip("n:Q", format=",d", title="n")]
        ),
        alt_.Tooltip("total:Q", format=",d", title=text["tasks"]),
        alt_.Tooltip("limit_low:Q", format=".1%"),
        alt_.Tooltip("limit_high:Q", format=".1%"),
        alt_.Tooltip("flag:N", title=text["flag"]),
    ]
    return (
        alt_.Chart(frame)
        .mark_circle(size=95, opacity=0.95, stroke="white", strokeWidth=1)
        .encode(
            x=view.x(alt_, title=text["funnel_x"], axis=alt_.Axis(format=",d")),
            y=view.y(alt_, "share"),
            color=alt_.Color(
                "flag:N",
                title=None,
                scale=alt_.Scale(domain=list(_FLAG_COLOURS), range=list(_FLAG_COLOURS.values())),
                legend=alt_.Legend(orient="top", labelExpr=f"{legend_expr} : datum.label"),
            ),
            tooltip=tooltip,
        )
    )


def _funnel_texts(
    alt_: Any,
    fixed: list[tuple[str, float, float, str]],
    labels: list[dict[str, Any]],
    view: _FunnelView,
) -> list[Any]:
    """The direct labels; text alignment is a mark property, so one layer per alignment."""
    annotations = [
        {"label": t, "total": view.from_px(x, y)[0], "value": view.from_px(x, y)[1], "align": a}
        for t, x, y, a in fixed
    ]
    encoding = {"x": view.x(alt_), "y": view.y(alt_), "text": "label:N"}
    layers = []
    for align in ("left", "right", "center"):
        fixed_rows = [row for row in annotations if row["align"] == align]
        if fixed_rows:
            layers.append(
                alt_.Chart(pl.DataFrame(fixed_rows))
                .mark_text(
                    align=align,
                    baseline="middle",
                    fontSize=_FONT_SIZE,
                    color=_LIMIT_COLOUR,
                    fontStyle="italic",
                )
                .encode(**encoding)
            )
        unit_rows = [row for row in labels if row["align"] == align]
        if unit_rows:
            # A white halo under each name keeps it legible where a line crosses it.
            layers.append(
                alt_.Chart(pl.DataFrame(unit_rows))
                .mark_text(
                    align=align,
                    baseline="middle",
                    fontSize=_FONT_SIZE,
                    color="white",
                    stroke="white",
                    strokeWidth=3,
                    strokeJoin="round",
                )
                .encode(**encoding)
            )
            colour = alt_.Color(
                "flag:N",
                scale=alt_.Scale(
                    domain=list(_FLAG_COLOURS), range=["#b42318", "#175cd3", "#344054"]
                ),
                legend=None,
            )
            layers.append(
                alt_.Chart(pl.DataFrame(unit_rows))
                .mark_text(align=align, baseline="middle", fontSize=_FONT_SIZE)
                .encode(**encoding, color=colour)
            )
    return layers


def _funnel_subtitle(frame: pl.DataFrame, text: dict[str, str], lang: str, level: str) -> str:
    """What the limits hold, for the method the frame was computed with."""
    phi = frame.get_column("phi")
    if phi.null_count() == frame.height:  # random effects
        # the spread of the curve's reference: the districts inside the funnel
        tau2 = curve_parameters(frame)[0].get_column("tau2").drop_nulls()
        if tau2.is_empty():
            return text["funnel_subtitle_few"]
        tau = math.sqrt(float(tau2[0]))
        return text["funnel_subtitle_re"].format(level=level, tau=_number(100 * tau, 1, lang))
    value = float(phi.max())  # type: ignore[arg-type]
    key = "funnel_subtitle" if value > 1 else "funnel_subtitle_binomial"
    return text[key].format(level=level, phi=_number(value, 2, lang))


def _wrap(text: str, width: int) -> list[str]:
    """Split ``text`` into lines of at most about ``width`` characters."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
