"""Shared plumbing of the notebook helpers: optional imports and input checks."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Final

import polars as pl

from po_codes._errors import InvalidArgumentError, SchemaError

if TYPE_CHECKING:
    from types import ModuleType

__all__ = ["NB_NUMBER_LOCALE", "check_lang", "collected", "optional"]

NB_NUMBER_LOCALE: Final = {
    "decimal": ",",
    "thousands": "\u00a0",
    "grouping": [3],
    "currency": ["", "\u00a0kr"],
    "percent": "\u00a0%",
}
"""d3-format locale for Norwegian bokmål: ``".1%"`` renders ``"3,5 %"``, ``",d"`` ``"12 345"``.

Vega reads it from the chart's ``config.locale.number``, so it travels with the chart
(notebooks, saved HTML, vl-convert PNG) instead of depending on the viewer's settings.
The separators are no-break spaces, so a number never breaks across lines.
"""

LANGS: Final = ("nb", "en")
"""Languages of the notebook helpers' titles, labels and number formats."""


def optional(module: str) -> ModuleType:
    """Import an optional dependency of the ``notebook`` extra, or say how to get it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"this helper needs {module.split('.', maxsplit=1)[0]}, part of the notebook extra: "
            'pip install "po-codes[notebook] @ git+https://github.com/po-codes/po-codes"'
        ) from exc


def collected(frame: object, needed: tuple[str, ...], made_by: str) -> pl.DataFrame:
    """Return ``frame`` as a DataFrame, checking it has the columns ``made_by`` returns."""
    if isinstance(frame, pl.LazyFrame):
        frame = frame.collect()
    if not isinstance(frame, pl.DataFrame):
        raise TypeError(
            f"expected the polars frame returned by {made_by}, got {type(frame).__name__}"
        )
    missing = [name for name in needed if name not in frame.columns]
    if missing:
        raise SchemaError(
            f"expected the output of {made_by}; columns {missing} are missing "
            f"(the frame has {frame.columns})"
        )
    return frame


def check_lang(lang: object) -> str:
    """Return ``lang`` if it is ``"nb"`` or ``"en"``, else raise ``InvalidArgumentError``."""
    if not isinstance(lang, str) or lang not in LANGS:
        raise InvalidArgumentError(f"lang must be 'nb' or 'en', got {lang!r}")
    return lang
