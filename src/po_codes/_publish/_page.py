"""The public face of the page: :func:`district_page` (and :func:`build_page` for the CLI)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from po_codes._codes import ClosureCode
from po_codes._frames import as_frame
from po_codes._i18n import Lang, check_lang, number, text
from po_codes._publish._data import page_data
from po_codes._publish._left_out import LeftOut, drop_invalid
from po_codes._publish._render import page_texts, render
from po_codes._version import __version__

if TYPE_CHECKING:
    from collections.abc import Mapping

    import polars as pl

__all__ = ["build_page", "district_page"]


def district_page(
    frame: pl.DataFrame | pl.LazyFrame,
    *,
    title: str | None = None,
    lang: str = "nb",
    code: ClosureCode | str = "Ikke kapasitet",
    source: str | None = None,
    generated: datetime | None = None,
    keep_invalid: bool = False,
) -> str:
    """Render the PO figures of every district as one self-contained HTML page.

    The page has a district picker (the districts with data, plus "Hele landet", or
    "Alle distrikter i dataene" when not every district is there) and a year picker;
    for the chosen district and year it shows the 14 codes with count, share and the
    share of all districts, the share of ``code`` by year (with the 2016 reform marked
    when the years span it), and a funnel plot of all districts for that year with the
    95 % and 99.8 % limits of :func:`po_codes.compare`. It explains every code and
    states the period, the source, the generation time, what was done with Midtre
    Hålogaland and how many rows were left out.

    Rows that fail a rule of severity error (:func:`po_codes.validate`: duplicates,
    unknown districts, unreadable codes...) are left out unless ``keep_invalid``.

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
    keep_invalid
        Count rows that fail error rules too (default False: leave them out and say so).

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
    >>> page = po.district_page(po.synthetic_tasks(5_000), lang="en")
    >>> page.startswith("<!DOCTYPE html>") and "Whole country" in page
    True
    """
    page, _ = build_page(
        frame,
        title=title,
        lang=lang,
        code=code,
        source=source,
        generated=generated,
        keep_invalid=keep_invalid,
    )
    return page


def build_page(
    frame: pl.DataFrame | pl.LazyFrame,
    *,
    title: str | None = None,
    lang: str = "nb",
    code: ClosureCode | str = "Ikke kapasitet",
    source: str | None = None,
    generated: datetime | None = None,
    keep_invalid: bool = False,
) -> tuple[str, LeftOut]:
    """:func:`district_page`, and what it left out (for ``po-codes page``)."""
    language = check_lang(lang)
    for name, value in (("title", title), ("source", source)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be a string or None, got {type(value).__name__}")
    if generated is not None and not isinstance(generated, datetime):
        raise TypeError(f"generated must be a datetime or None, got {type(generated).__name__}")
    target = ClosureCode.parse(code)
    kept, left_out = drop_invalid(as_frame(frame), keep_invalid=keep_invalid)
    data = page_data(kept, target, language, text("page.national", language))
    label = code_label(target, language)
    texts = page_texts(language, label, __version__)
    data["national_text"] = texts["national_in_text"]
    if data["known_units"] < data["expected_units"]:
        # Not every district: the sum is "all districts in the data", not the country.
        data["national"] = texts["national"] = texts["national_partial"]
        data["national_text"] = texts["national_partial_in_text"]
        texts["col_nat"] = texts["col_nat_partial"]
        texts["national_line"] = texts["national_line_partial"]
    when = generated if generated is not None else datetime.now(UTC).astimezone()
    values = {
        "title": title if title is not None else texts["title"],
        "period": _period(data["years"]),
        "source": source or texts["no_source"],
        "generated": _format_time(when),
        "choice": _choice(data, texts),
        "left_out": _left_out_text(left_out, language),
        "version": __version__,
        "latest": str(data["years"][-1]),
    }
    return render(language, texts, values, data), left_out


def code_label(code: ClosureCode, lang: Lang) -> str:
    """The code's label in ``lang`` between the language's quotation marks."""
    label = code.label_en if lang == "en" else code.value
    return text("page.quote_open", lang) + label + text("page.quote_close", lang)


def _period(years: list[int]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def _format_time(when: datetime) -> str:
    shown = when.strftime("%Y-%m-%d %H:%M")
    zone = when.tzname()
    return f"{shown} {zone}" if zone else shown


def _choice(data: Mapping[str, Any], texts: Mapping[str, str]) -> str:
    """What was done with the districts: combined or separate, harmonised, partial."""
    parts = [texts["combined"] if data["combined"] else texts["separate"]]
    if data["harmonised"]:
        parts.append(texts["harmonised"])
    if data["known_units"] < data["expected_units"]:
        parts.append(
            texts["partial"].format(
                count=data["known_units"], all=data["expected_units"], national=data["national"]
            )
        )
    return " ".join(parts)


def _left_out_text(left_out: LeftOut, lang: Lang) -> str:
    if left_out.kept:
        return text("page.kept_invalid", lang)
    if not left_out.rows:
        return text("page.left_out_none", lang)
    key = "page.left_out_one" if left_out.rows == 1 else "page.left_out"
    line = text(key, lang, rows=number(left_out.rows, lang))
    if left_out.tasks != left_out.rows:  # a counted table: rows are not tasks
        line += " " + text("page.left_out_tasks", lang, tasks=number(left_out.tasks, lang))
    if left_out.districts:
        names = ", ".join(left_out.districts)
        line += " " + text("page.left_out_districts", lang, names=names)
    return line
