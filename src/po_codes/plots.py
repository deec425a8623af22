"""Altair charts of PO figures, for notebooks (needs the ``notebook`` extra).

Each chart takes the frame a figures function returns, as it is: nothing is
re-aggregated, so what the chart shows is what the table says.

Examples
--------
>>> import po_codes as po
>>> from po_codes import plots
>>> tasks = po.synthetic_tasks(10_000)
>>> chart = plots.capacity_trend(po.indicators(po.harmonize_districts(tasks, split="combine")))
"""

from __future__ import annotations

from typing import Any, Final

import polars as pl

from po_codes._codes import ClosureCode
from po_codes._notebook import collected, optional

__all__ = ["capacity_trend", "codes_by_district", "funnel"]

# Blues/greens for the nine with-resource codes, warm colours for the five without.
_COLOURS: Final = (
    "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b",
    "#74c476", "#238b45",
    "#fdd0a2", "#fdae6b", "#d94801", "#8c2d04", "#bcbddc",
)  # fmt: skip
_FLAG_COLOURS: Final = {"above": "#b42318", "below": "#175cd3", "within": "#98a2b3"}


def codes_by_district(figures_frame: pl.DataFrame | pl.LazyFrame) -> Any:
    """Stacked shares of the 14 codes per district, from :func:`po_codes.figures`.

    When the frame has a ``year`` column with several years, a drop-down picks the
    year shown.

    Parameters
    ----------
    figures_frame
        Output of ``po.figures(..., by=("district", ...))``: ``district``,
        ``closure_code``, ``n``, ``share``.

    Returns
    -------
    altair.Chart
        A horizontal stacked bar per district, codes in canonical order.
    """
    alt = optional("altair")
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
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "share:Q", stack="normalize", title="share of tasks", axis=alt.Axis(format="%")
            ),
            y=alt.Y("district:N", title=None, sort="ascending"),
            color=alt.Color(
                "closure_code:N",
                title="closure code",
                scale=alt.Scale(domain=labels, range=list(_COLOURS)),
                sort=labels,
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                "district:N",
                "closure_code:N",
                alt.Tooltip("n:Q", format=","),
                alt.Tooltip("share:Q", format=".1%"),
            ],
        )
        .properties(title="Closure codes per district", width=520)
    )
    if "year" in data.columns and data.get_column("year").n_unique() > 1:
        years = sorted(y for y in data.get_column("year").unique().to_list() if y is not None)
        pick = alt.param(
            name="year", value=years[-1], bind=alt.binding_select(options=years, name="year ")
        )
        chart = chart.add_params(pick).transform_filter(alt.datum.year == pick)
    return chart


def capacity_trend(indicators_frame: pl.DataFrame | pl.LazyFrame) -> Any:
    """The "Ikke kapasitet" share per year, a line per district, from :func:`po_codes.indicators`.

    Parameters
    ----------
    indicators_frame
        Output of ``po.indicators(..., by=("district", "year"))``.

    Returns
    -------
    altair.Chart
        Lines of ``ikke_kapasitet_share`` over ``year``, coloured by district.
    """
    alt = optional("altair")
    frame = collected(
        indicators_frame, ("district", "year", "ikke_kapasitet_share", "total"), "po.indicators"
    )
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title="year"),
            y=alt.Y(
                "ikke_kapasitet_share:Q",
                title="share 'Ikke kapasitet'",
                axis=alt.Axis(format=".1%"),
            ),
            color=alt.Color("district:N", title="district"),
            tooltip=[
                "district:N",
                "year:O",
                alt.Tooltip("ikke_kapasitet_share:Q", format=".2%"),
                alt.Tooltip("total:Q", format=","),
            ],
        )
        .properties(title="Capacity: share of tasks closed 'Ikke kapasitet'", width=560, height=320)
    )


def funnel(compare_frame: pl.DataFrame | pl.LazyFrame) -> Any:
    """Funnel plot of :func:`po_codes.compare`: each district's share against its size.

    Points are coloured by ``flag``; the horizontal rule is the national share and the
    two lines are the control limits (``limit_low``/``limit_high``) at each size.

    Parameters
    ----------
    compare_frame
        Output of ``po.compare(...)``.

    Returns
    -------
    altair.LayerChart
        Points, national line and control limits.
    """
    alt = optional("altair")
    needed = ("n", "total", "share", "national_share", "flag", "limit_low", "limit_high")
    frame = collected(compare_frame, needed, "po.compare").filter(pl.col("total") > 0)
    label = next((c for c in frame.columns if c not in (*needed, "ci_low", "ci_high")), None)
    base = alt.Chart(frame).encode(x=alt.X("total:Q", title="tasks", scale=alt.Scale(type="log")))
    points = base.mark_circle(size=90, opacity=0.9).encode(
        y=alt.Y("share:Q", title="share", axis=alt.Axis(format=".1%")),
        color=alt.Color(
            "flag:N",
            scale=alt.Scale(domain=list(_FLAG_COLOURS), range=list(_FLAG_COLOURS.values())),
        ),
        tooltip=[
            *([f"{label}:N"] if label else []),
            alt.Tooltip("share:Q", format=".2%"),
            alt.Tooltip("total:Q", format=","),
            "flag:N",
        ],
    )
    limits = [
        base.mark_line(strokeDash=[4, 3], color="#667085").encode(y=f"{bound}:Q")
        for bound in ("limit_low", "limit_high")
    ]
    # Not from ``base``: with an x encoding the rule would be drawn once per district.
    national = alt.Chart(frame).mark_rule(color="#101828").encode(y="mean(national_share):Q")
    layers = [*limits, national, points]
    if label:
        layers.append(points.mark_text(align="left", dx=7, fontSize=11).encode(text=f"{label}:N"))
    return alt.layer(*layers).properties(
        title="Share against size, with control limits", width=560, height=340
    )
