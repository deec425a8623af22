"""One self-contained HTML page of PO figures per police district: :func:`district_page`.

The page is a single HTML string: inline CSS, inline JavaScript and the figures as
inline JSON. It loads nothing from the network (a Content-Security-Policy in the page
forbids it), so it works opened from disk, attached to an e-mail or printed.

Only aggregated counts are embedded (district x year x code, national x year x code
and the funnel limits of :func:`po_codes.compare`), never task rows: ten years of
national data make a page of a few hundred kilobytes.
"""

from __future__ import annotations

import html
import json
import math
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final, cast

import polars as pl

from po_codes._codes import ClosureCode, CodeGroup
from po_codes._districts import District, districts
from po_codes._errors import InvalidArgumentError
from po_codes._figures import COMBINED, compare, count_column, figures, harmonize_districts
from po_codes._version import __version__

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["district_page"]

_MIDTRE: Final = District.parse("midtre-halogaland").name
_COMPARE_COLUMNS: Final = (
    "district",
    "year",
    "n",
    "total",
    "share",
    "national_share",
    "limit_low",
    "limit_high",
    "flag",
)
_REFORM_YEAR: Final = 2016

# -- wording -------------------------------------------------------------------------------

_TEXT: Final[Mapping[str, Mapping[str, str]]] = {
    "nb": {
        "title": "PO-tall per politidistrikt",
        "lead": (
            "Avslutningskodene for politiets oppdrag (PO) per distrikt og år, andelen "
            "{code} over tid og hvordan distriktene ligger an mot landet."
        ),
        "controls": "Velg distrikt og år",
        "district_label": "Politidistrikt",
        "year_label": "År",
        "national": "Hele landet",
        "table_heading": "Avslutningskoder",
        "col_code": "Avslutningskode",
        "col_n": "Antall",
        "col_share": "Andel",
        "col_nat": "Lands\u00adandel",
        "with": "Med ressurs",
        "without": "Uten ressurs",
        "sum_with": "Sum med ressurs",
        "sum_without": "Sum uten ressurs",
        "total": "Totalt",
        "caption": "{unit}, {year}: {total} oppdrag med gyldig avslutningskode.",
        "no_data": "Ingen oppdrag med gyldig avslutningskode for {unit} i {year}.",
        "trend_heading": "Andel {code} per år",
        "trend_caption": (
            "{unit} mot hele landet. Den stiplede linjen markerer politireformen "
            "1. januar 2016; årene før er regnet om til dagens distrikter."
        ),
        "trend_caption_national": (
            "Hele landet. Den stiplede linjen markerer politireformen 1. januar 2016."
        ),
        "reform": "Politireformen 2016",
        "trend_table": "Tallene i diagrammet",
        "funnel_heading": "Traktdiagram: andel {code} mot antall oppdrag",
        "funnel_x": "Antall oppdrag (alle koder)",
        "funnel_y": "Andel {code}",
        "national_line": "landsandel {share}",
        "above_sentence": (
            "«Over» betyr at distriktets andel ligger over den øvre grensen i trakten, altså "
            "høyere enn tilfeldig variasjon rundt landsandelen kan forklare for et distrikt "
            "med så mange oppdrag (og «under» det motsatte)."
        ),
        "funnel_caveat": (
            "Grensene (95 %) kommer fra po.compare; de sier ikke hvorfor et distrikt skiller "
            "seg ut, og ett av tjue distrikter kan havne utenfor ved en tilfeldighet."
        ),
        "flag_above": "over grensene",
        "flag_below": "under grensene",
        "flag_within": "innenfor grensene",
        "legend_above": "over",
        "legend_below": "under",
        "legend_within": "innenfor",
        "legend_band": "grensene",
        "status": "{unit} {year}: {share} ({n} av {total} oppdrag), {flag} ({low}–{high}).",
        "pick": "Velg et distrikt for å markere det i trakten.",
        "list_above": "Over grensene i {year}: {names}.",
        "list_below": "Under grensene i {year}: {names}.",
        "none": "ingen",
        "funnel_empty": "Ingen distrikter med oppdrag i {year}.",
        "codes_heading": "Hva kodene betyr",
        "with_intro": "Koder for oppdrag der en ressurs (for eksempel en patrulje) ble satt på.",
        "without_intro": "Koder for oppdrag der ingen ressurs ble satt på.",
        "about_heading": "Om tallene",
        "period": "Periode",
        "source": "Kilde",
        "no_source": "ikke oppgitt",
        "generated": "Laget",
        "district_choice": "Distrikter",
        "combined": (
            "Midtre Hålogaland ble delt mellom Nordland og Troms i 2016. Dataene inneholder "
            "Midtre Hålogaland, så Nordland og Troms vises som én enhet, «Nordland og "
            "Troms», i alle år, slik at tidsserien kan sammenlignes."
        ),
        "separate": (
            "Dataene inneholder ikke Midtre Hålogaland (delt mellom Nordland og Troms i "
            "2016), så de 12 distriktene fra 2016 vises hver for seg."
        ),
        "harmonised": (
            "Distriktene fra før 2016 er slått sammen til de 12 distriktene fra 2016; "
            "flytting av enkeltkommuner mellom distrikter er ikke med."
        ),
        "excluded": (
            "Oppdrag uten gyldig avslutningskode er ikke talt med. Siden inneholder bare "
            "summerte tall, ingen enkeltoppdrag."
        ),
        "noscript": "Tabellen og diagrammene tegnes med JavaScript; slå det på for å se tallene.",
        "footer": "Laget med po_codes {version}.",
        "na": "–",
        "quote_open": "«",
        "quote_close": "»",
    },
    "en": {
        "title": "PO figures by police district",
        "lead": (
            "The closure codes of Norwegian police tasks (PO) by district and year, the "
            "share of {code} over time, and how the districts compare with the country."
        ),
        "controls": "Choose district and year",
        "district_label": "Police district",
        "year_label": "Year",
        "national": "Whole country",
        "table_heading": "Closure codes",
        "col_code": "Closure code",
        "col_n": "Count",
        "col_share": "Share",
        "col_nat": "National share",
        "with": "With a resource",
        "without": "Without a resource",
        "sum_with": "Total with a resource",
        "sum_without": "Total without a resource",
        "total": "Total",
        "caption": "{unit}, {year}: {total} tasks with a valid closure code.",
        "no_data": "No tasks with a valid closure code for {unit} in {year}.",
        "trend_heading": "Share of {code} by year",
        "trend_caption": (
            "{unit} against the whole country. The dashed line marks the police reform of "
            "1 January 2016; earlier years are mapped to today's districts."
        ),
        "trend_caption_national": (
            "The whole country. The dashed line marks the police reform of 1 January 2016."
        ),
        "reform": "2016 police reform",
        "trend_table": "The figures in the chart",
        "funnel_heading": "Funnel plot: share of {code} against number of tasks",
        "funnel_x": "Number of tasks (all codes)",
        "funnel_y": "Share of {code}",
        "national_line": "national share {share}",
        "above_sentence": (
            "“Above” means that the district's share lies above the upper limit of the "
            "funnel: higher than chance variation around the national share can explain for "
            "a district with that many tasks (and “below” the opposite)."
        ),
        "funnel_caveat": (
            "The limits (95%) come from po.compare; they do not say why a district stands "
            "out, and about one district in twenty can fall outside by chance."
        ),
        "flag_above": "above the limits",
        "flag_below": "below the limits",
        "flag_within": "within the limits",
        "legend_above": "above",
        "legend_below": "below",
        "legend_within": "within",
        "legend_band": "limits",
        "status": "{unit} {year}: {share} ({n} of {total} tasks), {flag} ({low}–{high}).",
        "pick": "Choose a district to highlight it in the funnel.",
        "list_above": "Above the limits in {year}: {names}.",
        "list_below": "Below the limits in {year}: {names}.",
        "none": "none",
        "funnel_empty": "No district has tasks in {year}.",
        "codes_heading": "What the codes mean",
        "with_intro": "Codes for tasks where a resource (for example a patrol) was deployed.",
        "without_intro": "Codes for tasks where no resource was deployed.",
        "codes_note": (
            "Each code is shown with its English label, the official Norwegian label and the "
            "project's short description in Norwegian."
        ),
        "about_heading": "About the figures",
        "period": "Period",
        "source": "Source",
        "no_source": "not given",
        "generated": "Generated",
        "district_choice": "Districts",
        "combined": (
            "Midtre Hålogaland was split between Nordland and Troms in 2016. The data contain "
            "Midtre Hålogaland, so Nordland and Troms are shown as one unit, “Nordland og "
            "Troms”, in every year, to keep the series comparable."
        ),
        "separate": (
            "The data do not contain Midtre Hålogaland (split between Nordland and Troms in "
            "2016), so the 12 districts of 2016 are shown separately."
        ),
        "harmonised": (
            "Districts from before 2016 are merged into the 12 districts of 2016; moves of "
            "single municipalities between districts are not modelled."
        ),
        "excluded": (
            "Tasks without a valid closure code are not counted. The page holds only "
            "aggregated counts, no individual tasks."
        ),
        "noscript": "The table and charts are drawn with JavaScript; turn it on to see them.",
        "footer": "Made with po_codes {version}.",
        "na": "–",
        "quote_open": "“",
        "quote_close": "”",
    },
}


# -- public function -----------------------------------------------------------------------


def district_page(
    frame: pl.DataFrame | pl.LazyFrame,
    *,
    title: str | None = None,
    lang: str = "nb",
    code: ClosureCode | str = "Ikke kapasitet",
    source: str | None = None,
    generated: datetime | None = None,
) -> str:
    """Render the PO figures of every district as one self-contained HTML page.

    The page has a district picker (the 12 districts of 2016, or 11 and the combined
    unit "Nordland og Troms", plus the whole country) and a year picker; for the
    chosen district and year it shows the 14 codes with count, share and national
    share, the share of ``code`` by year against the national share (with the 2016
    reform marked), and a funnel plot of all districts for that year, with the limits
    of :func:`po_codes.compare`. It explains every code and states the period, the
    source, the generation time and what was done with Midtre Hålogaland.

    The page holds only aggregated counts (never task rows), inline CSS, JavaScript
    and JSON, and loads nothing from the network. Opening it with
    ``#district=Vest&year=2016`` (or ``?district=Vest``) selects that district/year.

    Parameters
    ----------
    frame
        Task rows (``district``, ``year`` or ``created_at``, ``closure_code``; raw
        Norwegian headers work) or a counted long table (``district, year,
        closure_code, n``, as :func:`po_codes.read_figures` returns). Old (pre-2016)
        districts are harmonised to the 2016 ones; when Midtre Hålogaland occurs,
        Nordland and Troms become one unit, "Nordland og Troms".
    title
        Page title; default "PO-tall per politidistrikt" (nb) or "PO figures by police
        district" (en).
    lang
        ``"nb"`` (Norwegian bokmål, Norwegian number formats) or ``"en"`` (English).
    code
        The closure code followed in the trend and the funnel, in any spelling
        :meth:`ClosureCode.parse` accepts; default "Ikke kapasitet".
    source
        Name of the source file(s), shown on the page; "not given" when None.
    generated
        Generation time shown on the page; default now (local time).

    Returns
    -------
    str
        The HTML document.

    Raises
    ------
    InvalidArgumentError
        If ``lang`` is not ``"nb"`` or ``"en"``, or the frame has no task with a valid
        closure code and year.
    UnknownCodeError
        If ``code`` is not a closure code.
    SchemaError
        If the frame has no closure code, district or year/created_at column.
    TypeError
        If ``frame`` is not a polars frame (or an Arrow-exporting table), or another
        argument has the wrong type.

    Examples
    --------
    >>> import po_codes as po
    >>> from po_codes._page import district_page
    >>> page = district_page(po.synthetic_tasks(5_000), lang="en")
    >>> page.startswith("<!DOCTYPE html>") and "Whole country" in page
    True
    """
    if lang not in ("nb", "en"):
        raise InvalidArgumentError(f"lang={lang!r}: the page can be written in 'nb' or 'en'")
    for name, value in (("title", title), ("source", source)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be a string or None, got {type(value).__name__}")
    if generated is not None and not isinstance(generated, datetime):
        raise TypeError(f"generated must be a datetime or None, got {type(generated).__name__}")
    target = ClosureCode.parse(code)
    data = _page_data(_as_frame(frame), target, lang)
    when = generated if generated is not None else datetime.now(UTC).astimezone()
    return _render(data, target, _TEXT[lang], lang, title=title, source=source, generated=when)


# -- data ----------------------------------------------------------------------------------


def _as_frame(frame: object) -> pl.DataFrame | pl.LazyFrame:
    if isinstance(frame, pl.DataFrame | pl.LazyFrame):
        return frame
    if not isinstance(frame, str | bytes) and hasattr(type(frame), "__arrow_c_stream__"):
        return pl.DataFrame(cast("Any", frame))
    raise TypeError(
        f"frame must be a polars DataFrame or LazyFrame (or an Arrow table), "
        f"got {type(frame).__name__}"
    )


def _collect(frame: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    return frame.collect() if isinstance(frame, pl.LazyFrame) else frame


def _json_rows(frame: pl.DataFrame) -> dict[str, object]:
    """``{"columns": [...], "rows": [[...], ...]}`` with enums as text, NaN/inf as null."""
    out = frame.with_columns(pl.col(pl.Enum, pl.Categorical).cast(pl.String))

    def clean(value: object) -> object:
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return value

    rows = [[clean(v) for v in row] for row in out.iter_rows()]
    return {"columns": out.columns, "rows": rows}


def _page_data(
    frame: pl.DataFrame | pl.LazyFrame, target: ClosureCode, lang: str
) -> dict[str, Any]:
    """Aggregate, harmonise and compare; everything the page embeds."""
    weight = count_column(frame.collect_schema().names())
    # Count once on the input (task rows or counted rows), then work on the small result.
    counted = _collect(figures(frame, by=("district", "year"), weight=weight))
    combine = bool(counted.select((pl.col("district") == _MIDTRE).any()).item())
    units = harmonize_districts(
        counted.select("district", "year", "closure_code", "n"),
        split="combine" if combine else "error",
    )
    per_district = figures(units, by=("district", "year"), weight="n")
    national = figures(units, by=("year",), weight="n")
    funnel = compare(units, code=target, by=("district", "year"), weight="n").select(
        _COMPARE_COLUMNS
    )
    years = sorted(
        y for y, n in national.group_by("year").agg(pl.col("n").sum()).iter_rows() if y is not None
    )
    if not years or int(national["n"].sum()) == 0:
        raise InvalidArgumentError(
            "the frame has no task with a valid closure code and a year: nothing to show "
            "(run po.validate to see why)"
        )
    canonical = [d.name for d in districts(2016)]
    if combine:
        canonical = [COMBINED if name == "Nordland" else name for name in canonical]
        canonical.remove("Troms")
    present = {d for d in per_district["district"].unique().to_list() if d is not None}
    names = canonical + sorted(present - set(canonical))
    return {
        "lang": lang,
        "code": target.value,
        "code_index": list(ClosureCode).index(target),
        "codes": [
            {"label": c.value, "label_en": c.label_en, "with_resource": c.requires_resource}
            for c in ClosureCode
        ],
        "units": names,
        "aliases": {"Nordland": COMBINED, "Troms": COMBINED} if combine else {},
        "combined": combine,
        "years": years,
        "reform_year": _REFORM_YEAR,
        "figures": _json_rows(per_district),
        "national": _json_rows(national),
        "compare": _json_rows(funnel),
    }


# -- rendering -----------------------------------------------------------------------------


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _script_json(value: object) -> str:
    """JSON safe inside ``<script>``: no ``<``, ``>`` or ``&`` can end the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _quoted(code: ClosureCode, text: Mapping[str, str], lang: str) -> str:
    label = code.label_en if lang == "en" else code.value
    return f"{text['quote_open']}{label}{text['quote_close']}"


def _format_time(when: datetime) -> str:
    shown = when.strftime("%Y-%m-%d %H:%M")
    zone = when.tzname()
    return f"{shown} {zone}" if zone else shown


def _code_list(codes: Iterable[ClosureCode], lang: str) -> str:
    items = []
    for c in codes:
        if lang == "en":
            term = f"{_esc(c.label_en)} <span class='nb-label' lang='nb'>({_esc(c.value)})</span>"
        else:
            term = _esc(c.value)
        items.append(f"<dt>{term}</dt><dd lang='nb'>{_esc(c.description)}</dd>")
    return "<dl class='codes'>" + "".join(items) + "</dl>"


def _render(
    data: dict[str, Any],
    target: ClosureCode,
    text: Mapping[str, str],
    lang: str,
    *,
    title: str | None,
    source: str | None,
    generated: datetime,
) -> str:
    page_title = title if title is not None else text["title"]
    code_name = _quoted(target, text, lang)
    years: list[int] = data["years"]
    latest = years[-1]
    period = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    district_options = [f"<option value='' selected>{_esc(text['national'])}</option>"]
    district_options += [f"<option value='{_esc(u)}'>{_esc(u)}</option>" for u in data["units"]]
    year_options = [
        f"<option value='{y}'{' selected' if y == latest else ''}>{y}</option>"
        for y in reversed(years)
    ]
    head_cells = "".join(
        f"<th scope='col'>{_esc(text[k])}</th>"
        for k in ("col_code", "col_n", "col_share", "col_nat")
    )
    js_text = dict(text)
    js_text["code_name"] = code_name
    for key in ("funnel_y",):
        js_text[key] = text[key].replace("{code}", code_name)
    choice = text["combined"] if data["combined"] else text["separate"]
    codes_note = f"<p class='note'>{_esc(text['codes_note'])}</p>" if "codes_note" in text else ""
    with_codes = [c for c in ClosureCode if c.group is CodeGroup.WITH_RESOURCE]
    without_codes = [c for c in ClosureCode if c.group is CodeGroup.WITHOUT_RESOURCE]
    unit_span = "<span class='sel-unit'></span>"
    year_span = "<span class='sel-year'></span>"
    body = f"""<header class="wrap">
<h1>{_esc(page_title)}</h1>
<p class="lead">{_esc(text["lead"].replace("{code}", code_name))}</p>
</header>
<main class="wrap">
<form class="controls" aria-label="{_esc(text["controls"])}" onsubmit="return false">
<div class="field"><label for="po-district">{_esc(text["district_label"])}</label>
<select id="po-district" name="district">{"".join(district_options)}</select></div>
<div class="field"><label for="po-year">{_esc(text["year_label"])}</label>
<select id="po-year" name="year">{"".join(year_options)}</select></div>
<p class="chosen" aria-live="polite"><strong>{unit_span}</strong>, {year_span}</p>
</form>
<noscript><p class="warn">{_esc(text["noscript"])}</p></noscript>
<div class="grid">
<section id="sec-table" aria-labelledby="h-table">
<h2 id="h-table">{_esc(text["table_heading"])}: {unit_span} {year_span}</h2>
<div class="table-wrap"><table id="po-table">
<caption id="po-caption"></caption>
<thead><tr>{head_cells}</tr></thead>
<tbody id="po-tbody"></tbody>
<tfoot id="po-tfoot"></tfoot>
</table></div>
</section>
<section id="sec-trend" aria-labelledby="h-trend">
<h2 id="h-trend">{_esc(text["trend_heading"].replace("{code}", code_name))}</h2>
<figure class="chart">
<svg id="po-trend" role="img" aria-labelledby="h-trend po-trend-caption"></svg>
<figcaption id="po-trend-caption"></figcaption>
</figure>
<p class="legend" id="po-trend-legend"></p>
<details id="po-trend-details"><summary>{_esc(text["trend_table"])}</summary>
<table id="po-trend-table"></table></details>
</section>
<section id="sec-funnel" aria-labelledby="h-funnel">
<h2 id="h-funnel">{_esc(text["funnel_heading"].replace("{code}", code_name))}, {year_span}</h2>
<figure class="chart">
<svg id="po-funnel" role="img" aria-labelledby="h-funnel po-funnel-caption"></svg>
<figcaption id="po-funnel-caption">{_esc(text["above_sentence"])}</figcaption>
</figure>
<p class="legend"><span class="mk above" aria-hidden="true">▲</span> {_esc(text["legend_above"])}
<span class="mk within" aria-hidden="true">●</span> {_esc(text["legend_within"])}
<span class="mk below" aria-hidden="true">▼</span> {_esc(text["legend_below"])}
<span class="swatch band" aria-hidden="true"></span> {_esc(text["legend_band"])}
<span class="key natline" aria-hidden="true"></span> <span id="po-funnel-national"></span></p>
<p id="po-funnel-status" class="status"></p>
<p id="po-funnel-list" class="status"></p>
<p class="note">{_esc(text["funnel_caveat"])}</p>
</section>
<section id="sec-about" aria-labelledby="h-about">
<h2 id="h-about">{_esc(text["about_heading"])}</h2>
<dl class="facts">
<dt>{_esc(text["period"])}</dt><dd>{_esc(period)}</dd>
<dt>{_esc(text["source"])}</dt><dd>{_esc(source or text["no_source"])}</dd>
<dt>{_esc(text["generated"])}</dt><dd>{_esc(_format_time(generated))}</dd>
<dt>{_esc(text["district_choice"])}</dt><dd>{_esc(choice)} {_esc(text["harmonised"])}</dd>
</dl>
<p class="note">{_esc(text["excluded"])}</p>
</section>
</div>
<section id="sec-codes" aria-labelledby="h-codes">
<h2 id="h-codes">{_esc(text["codes_heading"])}</h2>
{codes_note}
<div class="codes-grid">
<div><h3>{_esc(text["with"])}</h3><p class="note">{_esc(text["with_intro"])}</p>
{_code_list(with_codes, lang)}</div>
<div><h3>{_esc(text["without"])}</h3><p class="note">{_esc(text["without_intro"])}</p>
{_code_list(without_codes, lang)}</div>
</div>
</section>
</main>
<footer class="wrap"><p>{_esc(text["footer"].replace("{version}", __version__))}</p></footer>
<script type="application/json" id="po-data">{_script_json(data)}</script>
<script type="application/json" id="po-text">{_script_json(js_text)}</script>
<script>{_JS}</script>"""
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="generator" content="po_codes {_esc(__version__)}">
<title>{_esc(page_title)}</title>
<style>{_CSS}</style>
</head>
<body>
{body}
</body>
</html>
"""


_CSS: Final = """
:root{--fg:#1b1f24;--muted:#545b64;--line:#d5dae0;--soft:#f3f5f7;--accent:#0b5cab;
--accent-bg:#e6effa;--above:#b3261e;--below:#1d6b3a;--within:#6b7280;--band:#e4e9f0}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--fg);background:#fff;line-height:1.45;font-size:16px;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap{max-width:1320px;margin:0 auto;padding:0 16px}
header.wrap{padding-top:8px}
h1{font-size:1.7rem;line-height:1.2;margin:16px 0 6px}
h2{font-size:1.2rem;line-height:1.3;margin:0 0 10px}
h3{font-size:1.05rem;margin:0 0 4px}
.lead{margin:0 0 16px;color:var(--muted);max-width:70ch}
.controls{display:flex;flex-wrap:wrap;gap:12px 24px;align-items:flex-end;margin:0 0 20px;
padding:12px 16px;background:var(--soft);border:1px solid var(--line);border-radius:8px}
.field label{display:block;font-weight:600;font-size:.9rem;margin-bottom:4px}
select{font:inherit;padding:6px 8px;min-width:13rem;max-width:100%;color:var(--fg);
background:#fff;border:1px solid #8a929c;border-radius:6px}
select:focus-visible,summary:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.chosen{margin:0 0 6px;font-size:1.05rem}
.grid{display:grid;grid-template-columns:minmax(0,1fr);gap:28px 40px;align-items:start}
@media (min-width:960px){.grid{grid-template-columns:minmax(0,1fr) minmax(0,1fr);
grid-template-areas:"table trend" "table funnel" "about funnel"}
#sec-table{grid-area:table}#sec-trend{grid-area:trend}#sec-funnel{grid-area:funnel}
#sec-about{grid-area:about}}
.table-wrap{overflow-x:auto}
section{min-width:0}
#sec-codes{margin-top:32px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
caption{text-align:left;color:var(--muted);font-size:.9rem;padding:0 0 6px}
th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:right;vertical-align:top}
td{white-space:nowrap}
thead th{font-size:.85rem;color:var(--muted);font-weight:600;border-bottom:2px solid var(--fg)}
thead th:first-child,tbody th,tfoot th{text-align:left;font-weight:400}
tr.grp th{font-weight:700;background:var(--soft);padding-top:8px}
tr.sub th,tr.sub td{font-weight:600;color:var(--muted)}
tfoot th,tfoot td{font-weight:700;border-top:2px solid var(--fg);border-bottom:0}
tr.focus th,tr.focus td{background:var(--accent-bg)}
tr.focus th{box-shadow:inset 3px 0 0 var(--accent)}
.nb-label{color:var(--muted);font-size:.85em}
th .nb-label{display:block}
td.empty{text-align:left;white-space:normal;color:var(--muted)}
figure.chart{margin:0}
figure.chart svg{display:block;width:100%;height:auto;overflow:visible}
figcaption{font-size:.9rem;color:var(--muted);margin-top:6px}
svg text{font-family:inherit;font-size:12px;fill:var(--muted)}
svg .grid-line{stroke:#e3e7ec;stroke-width:1}
svg .axis{stroke:#9aa1a9;stroke-width:1}
svg .reform{stroke:#8a5a00;stroke-width:1.5;stroke-dasharray:5 4}
svg text.reform-label{fill:#8a5a00;font-weight:600}
svg .line-nat{fill:none;stroke:#6b7280;stroke-width:2;stroke-dasharray:6 4}
svg .line-dis{fill:none;stroke:var(--accent);stroke-width:3}
svg .dot-nat{fill:#fff;stroke:#6b7280;stroke-width:1.5}
svg .dot-dis{fill:var(--accent)}
svg .band{fill:var(--band)}
svg .limit{fill:none;stroke:#9aa1a9;stroke-width:1.5}
svg .nat{stroke:#1b1f24;stroke-width:1;stroke-dasharray:3 3}
svg .above{fill:var(--above)}
svg .below{fill:var(--below)}
svg .within{fill:var(--within)}
svg .chosen{stroke:#000;stroke-width:2}
svg text.chosen-label{fill:var(--fg);font-weight:700;font-size:13px}
svg text.halo{stroke:#fff;stroke-width:3px;stroke-linejoin:round;paint-order:stroke}
.legend{font-size:.9rem;color:var(--muted);margin:6px 0}
.legend .key{display:inline-block;width:22px;height:0;vertical-align:middle;margin:0 4px 0 0}
.legend .key.dis{border-top:3px solid var(--accent)}
.legend .key.nat{border-top:2px dashed #6b7280;margin-left:12px}
.legend .key.natline{border-top:1px dashed #1b1f24;margin-left:10px;width:18px}
.mk{margin-left:10px}.mk:first-child{margin-left:0}
.mk.above{color:var(--above)}.mk.below{color:var(--below)}.mk.within{color:var(--within)}
.swatch{display:inline-block;width:18px;height:10px;margin-left:10px;vertical-align:middle}
.swatch.band{background:var(--band);border:1px solid #9aa1a9}
.status{margin:6px 0}
.note{font-size:.9rem;color:var(--muted)}
details{margin-top:8px;font-size:.9rem}
summary{cursor:pointer;color:var(--accent)}
details table{margin-top:6px}
dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:6px 16px;margin:0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.codes-grid{display:grid;grid-template-columns:minmax(0,1fr);gap:8px 40px}
@media (min-width:800px){.codes-grid{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}}
dl.codes{margin:8px 0 0}
dl.codes dt{font-weight:700;margin-top:10px}
dl.codes dd{margin:2px 0 0}
.warn{padding:8px 12px;border:1px solid var(--above);border-radius:6px}
footer.wrap{margin-top:32px;padding-bottom:24px;color:var(--muted);font-size:.85rem;
border-top:1px solid var(--line)}
@media (max-width:520px){
body{font-size:15px}
.wrap{padding:0 10px}
h1{font-size:1.4rem}
h2{font-size:1.08rem}
.controls{padding:10px;gap:10px}
.field{flex:1 1 100%}
select{width:100%;min-width:0}
table{font-size:14px}
th,td{padding:5px 3px}
thead th{font-size:.75rem}
dl.facts{grid-template-columns:minmax(0,1fr)}
dl.facts dd{margin-bottom:6px}
}
@media print{
@page{margin:14mm}
body{font-size:10pt}
.controls{display:block;background:none;border:0;padding:0;margin:0 0 8pt}
.controls .field,noscript,summary{display:none}
.grid{display:block}
section{break-inside:avoid;page-break-inside:avoid;margin-bottom:14pt}
#sec-codes{break-inside:auto;page-break-inside:auto}
figure.chart svg{max-height:9cm}
tr.grp th,tr.focus th,tr.focus td{-webkit-print-color-adjust:exact;print-color-adjust:exact}
details{display:block}
footer.wrap{border:0}
}
"""

_JS: Final = r"""
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var D = JSON.parse($('po-data').textContent);
  var T = JSON.parse($('po-text').textContent);
  var NB = D.lang === 'nb';
  var NBSP = '\u00a0';
  var NS = $('po-trend').namespaceURI;
  var FOCUS = D.code_index;
  var NCODES = D.codes.length;
  var selD = $('po-district');
  var selY = $('po-year');

  function fill(tpl, values) {
    return tpl.replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }
  function fmtInt(x) {
    if (x === null || x === undefined || !isFinite(x)) { return T.na; }
    var s = String(Math.round(Math.abs(x)));
    var sep = NB ? NBSP : ',';
    var out = '';
    for (var i = 0; i < s.length; i++) {
      if (i > 0 && (s.length - i) % 3 === 0) { out += sep; }
      out += s.charAt(i);
    }
    return (x < 0 ? '\u2212' : '') + out;
  }
  function fmtPct(x, digits) {
    if (x === null || x === undefined || !isFinite(x)) { return T.na; }
    var s = (x * 100).toFixed(digits === undefined ? 1 : digits);
    if (NB) { s = s.replace('.', ','); }
    return s + (NB ? NBSP + '%' : '%');
  }
  function unitLabel(unit) { return unit === '' ? T.national : unit; }

  // -- index the embedded figures --------------------------------------------------------
  var codeIndex = {};
  D.codes.forEach(function (c, i) { codeIndex[c.label] = i; });
  function key(unit, year) { return unit + '\u0000' + year; }
  var fig = {};
  function add(unit, year, code, n, share) {
    if (unit === null || year === null) { return; }
    var k = key(unit, year);
    var e = fig[k];
    if (!e) {
      e = { n: [], share: [], total: 0 };
      for (var i = 0; i < NCODES; i++) { e.n.push(0); e.share.push(null); }
      fig[k] = e;
    }
    var j = codeIndex[code];
    e.n[j] = n; e.share[j] = share; e.total += n;
  }
  D.figures.rows.forEach(function (r) { add(r[0], r[1], r[2], r[3], r[4]); });
  D.national.rows.forEach(function (r) { add('', r[0], r[1], r[2], r[3]); });
  function entry(unit, year) {
    var e = fig[key(unit, year)];
    return e && e.total > 0 ? e : null;
  }
  var cmpByYear = {};
  var cc = D.compare.columns;
  D.compare.rows.forEach(function (r) {
    var o = {};
    cc.forEach(function (c, i) { o[c] = r[i]; });
    if (o.district === null || o.year === null) { return; }
    (cmpByYear[o.year] = cmpByYear[o.year] || []).push(o);
  });

  // -- helpers ---------------------------------------------------------------------------
  function el(tag, attrs, parent, text) {
    var node = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (a) { node.setAttribute(a, attrs[a]); }); }
    if (text !== undefined) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function sv(tag, attrs, parent, text) {
    var node = document.createElementNS(NS, tag);
    if (attrs) { Object.keys(attrs).forEach(function (a) { node.setAttribute(a, attrs[a]); }); }
    if (text !== undefined) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function niceStep(span, count) {
    var raw = span / count;
    var p = Math.pow(10, Math.floor(Math.log(raw) / Math.LN10));
    var f = raw / p;
    var m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return m * p;
  }
  function pctDigits(step) { return step >= 0.01 - 1e-12 ? 0 : step >= 0.001 - 1e-12 ? 1 : 2; }
  function size(svg, narrowH, wideH) {
    var w = Math.round(svg.parentNode.getBoundingClientRect().width) || 600;
    w = Math.max(260, w);
    var h = w < 520 ? narrowH : wideH;
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
    svg.setAttribute('width', w);
    svg.setAttribute('height', h);
    return [w, h];
  }
  function pathFrom(points) {
    var d = '';
    var pen = false;
    points.forEach(function (p) {
      if (p === null) { pen = false; return; }
      d += (pen ? 'L' : 'M') + p[0].toFixed(1) + ',' + p[1].toFixed(1);
      pen = true;
    });
    return d;
  }

  // -- the code table --------------------------------------------------------------------
  function drawTable(unit, year) {
    var body = $('po-tbody');
    var foot = $('po-tfoot');
    clear(body); clear(foot);
    var e = entry(unit, year);
    var nat = entry('', year);
    var label = unitLabel(unit);
    if (!e) {
      $('po-caption').textContent = '';
      var tr = el('tr', null, body);
      el('td', { colspan: '4', 'class': 'empty' }, tr,
        fill(T.no_data, { unit: label, year: year }));
      return;
    }
    $('po-caption').textContent = fill(T.caption,
      { unit: label, year: year, total: fmtInt(e.total) });
    [[true, T['with'], T.sum_with], [false, T.without, T.sum_without]].forEach(function (g) {
      var sub = 0;
      var subNat = 0;
      var head = el('tr', { 'class': 'grp' }, body);
      el('th', { colspan: '4', scope: 'rowgroup' }, head, g[1]);
      D.codes.forEach(function (c, i) {
        if (c.with_resource !== g[0]) { return; }
        var row = el('tr', i === FOCUS ? { 'class': 'focus' } : null, body);
        var th = el('th', { scope: 'row' }, row);
        if (NB) {
          th.textContent = c.label;
        } else {
          th.textContent = c.label_en + ' ';
          el('span', { 'class': 'nb-label', lang: 'nb' }, th, c.label);
        }
        el('td', null, row, fmtInt(e.n[i]));
        el('td', null, row, fmtPct(e.share[i]));
        el('td', null, row, nat ? fmtPct(nat.share[i]) : T.na);
        sub += e.n[i];
        if (nat) { subNat += nat.n[i]; }
      });
      var srow = el('tr', { 'class': 'sub' }, body);
      el('th', { scope: 'row' }, srow, g[2]);
      el('td', null, srow, fmtInt(sub));
      el('td', null, srow, fmtPct(sub / e.total));
      el('td', null, srow, nat ? fmtPct(subNat / nat.total) : T.na);
    });
    var frow = el('tr', null, foot);
    el('th', { scope: 'row' }, frow, T.total);
    el('td', null, frow, fmtInt(e.total));
    el('td', null, frow, fmtPct(1));
    el('td', null, frow, nat ? fmtPct(1) : T.na);
  }

  // -- the trend -------------------------------------------------------------------------
  function series(unit) {
    return D.years.map(function (y) {
      var e = entry(unit, y);
      return e ? e.share[FOCUS] : null;
    });
  }
  function drawTrend(unit) {
    var svg = $('po-trend');
    clear(svg);
    var wh = size(svg, 240, 300);
    var W = wh[0], H = wh[1];
    var m = { l: 50, r: 14, t: 30, b: 30 };
    var years = D.years;
    var nat = series('');
    var dis = unit === '' ? null : series(unit);
    var vals = nat.concat(dis || []).filter(function (v) { return v !== null; });
    var maxV = Math.max.apply(null, [0.001].concat(vals)) * 1.12;
    var step = niceStep(maxV, W < 520 ? 4 : 5);
    var top = Math.ceil(maxV / step - 1e-9) * step;
    var x0 = years[0], x1 = years[years.length - 1];
    var X = function (y) {
      return x0 === x1 ? (m.l + W - m.r) / 2 : m.l + (y - x0) / (x1 - x0) * (W - m.l - m.r);
    };
    var Y = function (v) { return H - m.b - v / top * (H - m.t - m.b); };
    var digits = pctDigits(step);
    for (var v = 0; v <= top + step / 1e6; v += step) {
      sv('line', { x1: m.l, x2: W - m.r, y1: Y(v), y2: Y(v), 'class': 'grid-line' }, svg);
      sv('text', { x: m.l - 6, y: Y(v) + 4, 'text-anchor': 'end' }, svg, fmtPct(v, digits));
    }
    sv('line', { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b, 'class': 'axis' }, svg);
    var every = Math.max(1, Math.ceil(years.length * 40 / (W - m.l - m.r)));
    years.forEach(function (y, i) {
      if ((years.length - 1 - i) % every !== 0) { return; }
      sv('line', { x1: X(y), x2: X(y), y1: H - m.b, y2: H - m.b + 4, 'class': 'axis' }, svg);
      sv('text', { x: X(y), y: H - m.b + 18, 'text-anchor': 'middle' }, svg, String(y));
    });
    var R = D.reform_year;
    if (x0 < R && x1 >= R) {
      var xr = years.indexOf(R - 1) >= 0 && years.indexOf(R) >= 0 ? (X(R - 1) + X(R)) / 2 : X(R);
      sv('line', { x1: xr, x2: xr, y1: m.t - 6, y2: H - m.b, 'class': 'reform' }, svg);
      var right = xr > W / 2;
      sv('text', {
        x: right ? xr - 6 : xr + 6, y: m.t - 10, 'text-anchor': right ? 'end' : 'start',
        'class': 'reform-label halo'
      }, svg, T.reform);
    }
    function draw(values, cls, dotCls, name) {
      var pts = values.map(function (s, i) { return s === null ? null : [X(years[i]), Y(s)]; });
      sv('path', { d: pathFrom(pts), 'class': cls }, svg);
      pts.forEach(function (p, i) {
        if (p === null) { return; }
        var c = sv('circle', { cx: p[0], cy: p[1], r: 3.5, 'class': dotCls }, svg);
        sv('title', null, c, name + ' ' + years[i] + ': ' + fmtPct(values[i]));
      });
    }
    draw(nat, 'line-nat', 'dot-nat', T.national);
    if (dis) { draw(dis, 'line-dis', 'dot-dis', unit); }
    $('po-trend-caption').textContent = dis
      ? fill(T.trend_caption, { unit: unit })
      : T.trend_caption_national;
    var legend = $('po-trend-legend');
    clear(legend);
    if (dis) {
      el('span', { 'class': 'key dis', 'aria-hidden': 'true' }, legend);
      legend.appendChild(document.createTextNode(unit + ' '));
    }
    el('span', { 'class': 'key nat', 'aria-hidden': 'true' }, legend);
    legend.appendChild(document.createTextNode(T.national));
    var table = $('po-trend-table');
    clear(table);
    var head = el('tr', null, el('thead', null, table));
    el('th', { scope: 'col' }, head, T.year_label);
    if (dis) { el('th', { scope: 'col' }, head, unit); }
    el('th', { scope: 'col' }, head, T.national);
    var body = el('tbody', null, table);
    years.forEach(function (y, i) {
      var row = el('tr', null, body);
      el('th', { scope: 'row' }, row, String(y));
      if (dis) { el('td', null, row, fmtPct(dis[i])); }
      el('td', null, row, fmtPct(nat[i]));
    });
  }

  // -- the funnel ------------------------------------------------------------------------
  function marker(svg, flag, cx, cy, r, chosen) {
    var cls = (flag === 'above' || flag === 'below' ? flag : 'within') + (chosen ? ' chosen' : '');
    if (flag === 'above' || flag === 'below') {
      var s = r * 1.25;
      var tip = flag === 'above' ? -s : s;
      var base = -tip * 0.8;
      var d = 'M' + cx + ',' + (cy + tip) + 'L' + (cx + s) + ',' + (cy + base) +
        'L' + (cx - s) + ',' + (cy + base) + 'Z';
      return sv('path', { d: d, 'class': cls }, svg);
    }
    return sv('circle', { cx: cx, cy: cy, r: r, 'class': cls }, svg);
  }
  function flagText(flag) {
    return flag === 'above' ? T.flag_above : flag === 'below' ? T.flag_below : T.flag_within;
  }
  function drawFunnel(unit, year) {
    var svg = $('po-funnel');
    clear(svg);
    var status = $('po-funnel-status');
    var list = $('po-funnel-list');
    var rows = (cmpByYear[year] || []).filter(function (r) {
      return r.total > 0 && r.share !== null;
    });
    if (!rows.length) {
      svg.setAttribute('viewBox', '0 0 10 1'); svg.setAttribute('height', '1');
      status.textContent = fill(T.funnel_empty, { year: year });
      list.textContent = '';
      return;
    }
    var wh = size(svg, 270, 330);
    var W = wh[0], H = wh[1];
    var m = { l: 50, r: 16, t: 26, b: 44 };
    var maxX = Math.max.apply(null, rows.map(function (r) { return r.total; })) * 1.06;
    var xStep = niceStep(maxX, W < 520 ? 3 : 5);
    var xTop = Math.ceil(maxX / xStep - 1e-9) * xStep;
    var maxY = Math.max.apply(null, rows.map(function (r) {
      return Math.max(r.share, r.limit_high === null ? 0 : r.limit_high);
    })) * 1.1;
    maxY = Math.max(maxY, 0.001);
    var yStep = niceStep(maxY, W < 520 ? 4 : 5);
    var yTop = Math.ceil(maxY / yStep - 1e-9) * yStep;
    var X = function (t) { return m.l + t / xTop * (W - m.l - m.r); };
    var Y = function (v) { return H - m.b - v / yTop * (H - m.t - m.b); };
    var digits = pctDigits(yStep);
    for (var v = 0; v <= yTop + yStep / 1e6; v += yStep) {
      sv('line', { x1: m.l, x2: W - m.r, y1: Y(v), y2: Y(v), 'class': 'grid-line' }, svg);
      sv('text', { x: m.l - 6, y: Y(v) + 4, 'text-anchor': 'end' }, svg, fmtPct(v, digits));
    }
    for (var t = 0; t <= xTop + xStep / 1e6; t += xStep) {
      sv('line', { x1: X(t), x2: X(t), y1: H - m.b, y2: H - m.b + 4, 'class': 'axis' }, svg);
      var anchor = t === 0 ? 'start' : 'middle';
      sv('text', { x: X(t), y: H - m.b + 17, 'text-anchor': anchor }, svg, fmtInt(t));
    }
    sv('line', { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b, 'class': 'axis' }, svg);
    sv('text', { x: (m.l + W - m.r) / 2, y: H - 6, 'text-anchor': 'middle' }, svg, T.funnel_x);
    sv('text', { x: m.l, y: 12, 'text-anchor': 'start' }, svg, T.funnel_y);
    var sorted = rows.filter(function (r) { return r.limit_low !== null && r.limit_high !== null; })
      .sort(function (a, b) { return a.total - b.total; });
    if (sorted.length) {
      var upper = sorted.map(function (r) { return [X(r.total), Y(r.limit_high)]; });
      var lower = sorted.map(function (r) { return [X(r.total), Y(r.limit_low)]; });
      var band = upper.concat(lower.slice().reverse());
      sv('path', { d: pathFrom(band) + 'Z', 'class': 'band' }, svg);
      sv('path', { d: pathFrom(upper), 'class': 'limit' }, svg);
      sv('path', { d: pathFrom(lower), 'class': 'limit' }, svg);
    }
    var ns = rows[0].national_share;
    if (ns !== null) {
      sv('line', { x1: m.l, x2: W - m.r, y1: Y(ns), y2: Y(ns), 'class': 'nat' }, svg);
    }
    $('po-funnel-national').textContent = fill(T.national_line, { share: fmtPct(ns) });
    var chosen = null;
    rows.forEach(function (r) {
      if (r.district === unit) { chosen = r; return; }
      var mk = marker(svg, r.flag, X(r.total), Y(r.share), 4.5, false);
      sv('title', null, mk, r.district + ': ' + fmtPct(r.share) + ', ' + fmtInt(r.total) +
        ' (' + flagText(r.flag) + ')');
    });
    if (chosen) {
      var cx = X(chosen.total), cy = Y(chosen.share);
      var mk = marker(svg, chosen.flag, cx, cy, 7, true);
      sv('title', null, mk, chosen.district + ': ' + fmtPct(chosen.share));
      // The name goes above the marker (below it when the marker is near the top).
      var anchor = cx < m.l + 40 ? 'start' : cx > W - m.r - 40 ? 'end' : 'middle';
      var ly = cy - 14 < m.t ? cy + 24 : cy - 13;
      sv('text', { x: cx, y: ly, 'text-anchor': anchor, 'class': 'chosen-label halo' }, svg,
        chosen.district);
      status.textContent = fill(T.status, {
        unit: chosen.district, year: year, share: fmtPct(chosen.share), n: fmtInt(chosen.n),
        total: fmtInt(chosen.total), flag: flagText(chosen.flag),
        low: fmtPct(chosen.limit_low), high: fmtPct(chosen.limit_high)
      });
    } else if (unit === '') {
      status.textContent = T.pick;
    } else {
      status.textContent = fill(T.no_data, { unit: unit, year: year });
    }
    var names = function (flag) {
      var found = rows.filter(function (r) { return r.flag === flag; })
        .map(function (r) { return r.district; });
      return found.length ? found.join(', ') : T.none;
    };
    list.textContent = fill(T.list_above, { year: year, names: names('above') }) + ' ' +
      fill(T.list_below, { year: year, names: names('below') });
  }

  // -- selection, address and drawing ----------------------------------------------------
  function fold(s) {
    return String(s).normalize('NFC').toLowerCase()
      .replace(/æ/g, 'ae').replace(/ø/g, 'o').replace(/å/g, 'a')
      .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/politidistrikt/g, '').replace(/[\s_\-+]+/g, ' ').trim();
  }
  var byKey = {};
  ['', 'hele landet', 'whole country', 'national', 'norge', 'norway', 'all', 'landet']
    .forEach(function (k) { byKey[k] = ''; });
  byKey[fold(T.national)] = '';
  D.units.forEach(function (u) { byKey[fold(u)] = u; });
  Object.keys(D.aliases).forEach(function (a) { byKey[fold(a)] = D.aliases[a]; });
  function readAddress() {
    var parts = [];
    try {
      parts.push(window.location.hash.replace(/^#/, ''));
      parts.push(window.location.search.replace(/^\?/, ''));
    } catch (err) { return; }
    var params = new URLSearchParams(parts.join('&'));
    var d = params.get('district');
    if (d !== null && Object.prototype.hasOwnProperty.call(byKey, fold(d))) {
      selD.value = byKey[fold(d)];
    }
    var y = params.get('year');
    if (y !== null && D.years.indexOf(Number(y)) >= 0) { selY.value = String(Number(y)); }
  }
  function writeAddress(unit, year) {
    try {
      var name = unit === '' ? T.national : unit;
      var hash = '#district=' + encodeURIComponent(name) + '&year=' + year;
      window.history.replaceState(null, '', hash);
    } catch (err) { /* file: pages may refuse; the selection still works */ }
  }
  function setTexts(cls, value) {
    Array.prototype.forEach.call(document.querySelectorAll('.' + cls), function (n) {
      n.textContent = value;
    });
  }
  function current() { return [selD.value, Number(selY.value)]; }
  function drawCharts() {
    var c = current();
    drawTrend(c[0]);
    drawFunnel(c[0], c[1]);
  }
  function render(write) {
    var c = current();
    setTexts('sel-unit', unitLabel(c[0]));
    setTexts('sel-year', String(c[1]));
    drawTable(c[0], c[1]);
    drawCharts();
    if (write) { writeAddress(c[0], c[1]); }
  }
  readAddress();
  render(false);
  selD.addEventListener('change', function () { render(true); });
  selY.addEventListener('change', function () { render(true); });
  window.addEventListener('hashchange', function () { readAddress(); render(false); });
  var pending = null;
  var lastWidth = window.innerWidth;
  window.addEventListener('resize', function () {
    if (window.innerWidth === lastWidth) { return; }
    lastWidth = window.innerWidth;
    if (pending) { window.clearTimeout(pending); }
    pending = window.setTimeout(drawCharts, 120);
  });
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) {
      d.open = true;
    });
  });
})();
"""
