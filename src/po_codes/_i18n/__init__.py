"""Languages: every user-interface text and number format of po_codes, one catalogue each.

A language is one module beside this one (``en.py``, ``nb.py``) holding ``TEXTS`` (a
mapping from a key to a :meth:`str.format` template) and ``NUMBER`` (the thousands and
decimal separators). Adding a language is adding one such module and its code to
:data:`LANGS`. Rule titles and messages are kept with each rule (one block per rule), in
the same languages.

Keys are grouped by the part of the library that shows them, with a dotted prefix:
``report.*`` (validation report formats), ``page.*`` (the district page), ``cli.*``
(command-line messages), ``severity.*``, ``status.*``.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Final, Literal, cast

from po_codes._errors import InvalidArgumentError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "LANGS",
    "Lang",
    "check_lang",
    "number",
    "number_format",
    "percent",
    "section",
    "text",
    "texts",
]

Lang = Literal["en", "nb"]
"""A language po_codes writes: English or Norwegian bokmål."""

LANGS: Final[tuple[Lang, ...]] = ("en", "nb")
"""The languages with a catalogue, in the order they are offered."""


def check_lang(lang: object) -> Lang:
    """Return ``lang`` if po_codes has a catalogue for it, else raise.

    Raises
    ------
    InvalidArgumentError
        If ``lang`` is not one of :data:`LANGS`.
    """
    if not isinstance(lang, str) or lang not in LANGS:
        choices = " or ".join(repr(x) for x in LANGS)
        raise InvalidArgumentError(f"lang must be {choices}, got {lang!r}")
    return lang


@cache
def _catalogue(lang: Lang) -> object:
    return import_module(f"po_codes._i18n.{lang}")


def texts(lang: Lang) -> Mapping[str, str]:
    """The whole catalogue of ``lang``: key -> template."""
    return cast("Mapping[str, str]", _catalogue(lang).TEXTS)  # type: ignore[attr-defined]


def text(key: str, lang: Lang, /, **fields: object) -> str:
    """The text ``key`` in ``lang``, with ``fields`` filled in (``str.format``).

    A key missing from a catalogue is a bug of po_codes: it raises ``KeyError`` (the
    tests check that every catalogue has the keys of the English one).
    """
    template = texts(lang)[key]
    return template.format(**fields) if fields else template


def section(prefix: str, lang: Lang) -> dict[str, str]:
    """The texts of ``lang`` whose keys start with ``prefix``, without it.

    ``section("plots.", "nb")["year"]`` is ``"år"``: a part of the library (the charts,
    the tables) reads its own texts as one mapping.
    """
    return {k.removeprefix(prefix): v for k, v in texts(lang).items() if k.startswith(prefix)}


def number_format(lang: Lang) -> Mapping[str, str]:
    """The separators of ``lang``: ``thousands``, ``decimal`` and the ``percent`` sign."""
    return cast("Mapping[str, str]", _catalogue(lang).NUMBER)  # type: ignore[attr-defined]


def _separators(lang: Lang) -> tuple[str, str]:
    sep = number_format(lang)
    return sep["thousands"], sep["decimal"]


def number(value: float, lang: Lang = "en", decimals: int = 0) -> str:
    """A number with the thousands and decimal separators of ``lang``.

    ``number(12345, "nb")`` is ``"12 345"`` (a no-break space), ``number(3.25, "nb", 1)``
    is ``"3,2"``; in English ``"12,345"`` and ``"3.2"``.
    """
    thousands, decimal = _separators(lang)
    raw = f"{value:,.{decimals}f}"
    return raw.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def percent(share: float | None, lang: Lang = "en", decimals: int = 1) -> str:
    """A share (0.035) as a percentage in ``lang`` (``"3,5 %"``); ``""`` for None."""
    if share is None:
        return ""
    return number(100 * share, lang, decimals) + "\u00a0%"
