"""Fill the page template (``page.html``) with escaped texts, values and the data.

The template, its CSS and JavaScript are package files, read with
:mod:`importlib.resources`. Placeholders are ``{{t:key}}`` (a ``page.*`` text of the
language, HTML-escaped), ``{{v:name}}`` (a value, HTML-escaped) and ``{{raw:name}}``
(markup built here, or the CSS, JS and JSON). JSON goes into
``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, so no value
can end the element.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Final

from po_codes._codes import ClosureCode, CodeGroup
from po_codes._i18n import Lang, texts

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["asset", "fill", "page_texts", "render"]

_PLACEHOLDER: Final = re.compile(r"\{\{(t|v|raw):(\w+)\}\}")
_PREFIX: Final = "page."


@cache
def asset(name: str) -> str:
    """The text of a package file of the page (``page.html``, ``page.css``, ``page.js``)."""
    content = files("po_codes._publish").joinpath(name).read_text(encoding="utf-8")
    if name != "page.html" and re.search(r"</(script|style)", content, re.IGNORECASE):
        raise AssertionError(f"{name} would end its element early")  # a bug of po_codes
    return content


def esc(value: object) -> str:
    """HTML-escape text for an element or a quoted attribute."""
    return html.escape(str(value), quote=True)


def script_json(value: object) -> str:
    """JSON safe inside ``<script>``: no ``<``, ``>`` or ``&`` can end the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def page_texts(lang: Lang, code_name: str, version: str) -> dict[str, str]:
    """The ``page.*`` texts without their prefix, ``{code}`` and ``{version}`` filled.

    Other fields (``{unit}``, ``{year}``...) are left for the page's script to fill.
    """
    return {
        key.removeprefix(_PREFIX): value.replace("{code}", code_name).replace("{version}", version)
        for key, value in texts(lang).items()
        if key.startswith(_PREFIX)
    }


def fill(
    template: str, text: Mapping[str, str], values: Mapping[str, str], raw: Mapping[str, str]
) -> str:
    """Replace every placeholder of ``template``; a missing name raises ``KeyError``."""

    def one(match: re.Match[str]) -> str:
        kind, name = match.group(1), match.group(2)
        if kind == "t":
            return esc(text[name])
        if kind == "v":
            return esc(values[name])
        return raw[name]

    return _PLACEHOLDER.sub(one, template)


def options(choices: Iterable[tuple[str, str]], selected: str) -> str:
    """``<option>`` elements for (value, label) pairs, escaped."""
    return "".join(
        f"<option value='{esc(v)}'{' selected' if v == selected else ''}>{esc(label)}</option>"
        for v, label in choices
    )


def code_list(group: CodeGroup, lang: Lang) -> str:
    """The meaning of every code of ``group`` as a ``<dl>``."""
    items = []
    for c in ClosureCode:
        if c.group is not group:
            continue
        term = esc(c.value)
        if lang == "en":
            term = f"{esc(c.label_en)} <span class='nb-label' lang='nb'>({esc(c.value)})</span>"
        items.append(f"<dt>{term}</dt><dd lang='nb'>{esc(c.description)}</dd>")
    return "<dl class='codes'>" + "".join(items) + "</dl>"


def render(lang: Lang, text: Mapping[str, str], values: Mapping[str, str], data: object) -> str:
    """The whole page: the template filled with ``values``, ``text`` and ``data``.

    ``values`` holds ``title``, ``period``, ``source``, ``generated``, ``choice``,
    ``left_out``, ``version`` and the selected ``latest`` year; ``data`` is what
    :func:`~po_codes._publish._data.page_data` made.
    """
    assert isinstance(data, dict)  # noqa: S101
    units = [("", data["national"]), *((u, u) for u in data["units"])]
    years = [(str(y), str(y)) for y in reversed(data["years"])]
    raw = {
        "css": asset("page.css"),
        "js": asset("page.js"),
        "district_options": options(units, ""),
        "year_options": options(years, values["latest"]),
        "codes_with": code_list(CodeGroup.WITH_RESOURCE, lang),
        "codes_without": code_list(CodeGroup.WITHOUT_RESOURCE, lang),
        "data_json": script_json(data),
        "text_json": script_json(dict(text)),
    }
    return fill(asset("page.html"), text, {**values, "lang": lang}, raw)
