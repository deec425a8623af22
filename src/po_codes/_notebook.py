"""Shared plumbing of the notebook helpers: optional imports and input checks."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import polars as pl

from po_codes._errors import SchemaError
from po_codes._i18n import Lang, check_lang, number_format

if TYPE_CHECKING:
    from types import ModuleType

__all__ = ["check_lang", "collected", "optional", "vega_locale"]


def vega_locale(lang: Lang) -> dict[str, Any]:
    """The d3-format number locale of ``lang``, from its catalogue.

    Vega reads it from the chart's ``config.locale.number``, so it travels with the chart
    (notebooks, saved HTML, vl-convert PNG) instead of depending on the viewer's settings:
    in Norwegian ``".1%"`` renders ``"3,5 %"`` and ``",d"`` ``"12 345"`` (no-break spaces,
    so a number never breaks across lines).
    """
    sep = number_format(lang)
    return {
        "decimal": sep["decimal"],
        "thousands": sep["thousands"],
        "grouping": [3],
        "currency": ["", ""],
        "percent": sep["percent"],
    }


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
