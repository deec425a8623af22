"""Folding of messy Norwegian text into lookup keys, in Python and in polars.

The same key is computed by :func:`fold` (one Python string) and :func:`fold_expr`
(a polars expression over a whole column); a property test keeps them identical.

The key is built in five deterministic steps:

0. Unicode NFC (an "å" written as "a" plus a combining ring is "å");
1. lower-case;
2. one left-to-right pass that rewrites Norwegian letters to ASCII (``å``→``a``,
   ``ø``→``o``, ``æ``→``ae``), their two-letter ASCII spellings (``aa``→``a``,
   ``oe``→``o``), their UTF-8-read-as-Windows-1252 garbling (``Ã¸`` and friends),
   and the separators ``_`` and ``-`` to a space;
3. every run of whitespace becomes one space;
4. leading and trailing spaces are removed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    import polars as pl

__all__ = ["fold", "fold_expr", "nearest", "via_distinct"]

# Replacement table of step 2. Mojibake first: "ã¸" must win over "ã" alone.
_FOLD_PAIRS: tuple[tuple[str, str], ...] = (
    ("ã¥", "a"),  # å read as cp1252
    ("ã…", "a"),  # Å read as cp1252, lower-cased
    ("ã¸", "o"),  # ø
    ("ã˜", "o"),  # Ø
    ("ã¦", "ae"),  # æ
    ("ã†", "ae"),  # Æ
    ("aa", "a"),
    ("oe", "o"),
    ("å", "a"),
    ("ø", "o"),
    ("æ", "ae"),
    ("ä", "ae"),
    ("ö", "o"),
    ("_", " "),
    ("-", " "),
)
_FOLD_MAP = dict(_FOLD_PAIRS)
_FOLD_RE = re.compile("|".join(re.escape(src) for src, _ in _FOLD_PAIRS))
# An explicit class, identical in Python's ``re`` and Rust's ``regex``.
_SPACE_CLASS = "[ \t\n\r\x0b\x0c\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
_SPACE_RE = re.compile(_SPACE_CLASS)


def fold(text: str) -> str:
    """Return the lookup key of ``text`` (see the module docstring for the steps).

    Examples
    --------
    >>> fold("  Ordnet  PÅ_stedet ")
    'ordnet pa stedet'
    >>> fold("Utfoert") == fold("Utført")
    True
    """
    lowered = unicodedata.normalize("NFC", text).lower()
    replaced = _FOLD_RE.sub(lambda m: _FOLD_MAP[m.group()], lowered)
    return _SPACE_RE.sub(" ", replaced).strip(" ")


def fold_expr(expr: pl.Expr) -> pl.Expr:
    """Return a polars expression computing :func:`fold` of a string column."""
    return (
        expr.str.normalize("NFC")
        .str.to_lowercase()
        .str.replace_many([s for s, _ in _FOLD_PAIRS], [t for _, t in _FOLD_PAIRS])
        .str.replace_all(_SPACE_CLASS, " ")
        .str.strip_chars(" ")
    )


def via_distinct(expr: pl.Expr, parse: Callable[[pl.Expr], pl.Expr], dtype: pl.DataType) -> pl.Expr:
    """Apply ``parse`` to the distinct values of ``expr`` only, then map every row.

    Exports repeat a handful of spellings millions of times, so folding the distinct
    values and mapping them back with one hash lookup per row is several times faster
    than folding every row. The order of ``unique`` is kept so both uses agree.
    """
    distinct = expr.unique(maintain_order=True)
    return expr.replace_strict(distinct, parse(distinct), default=None, return_dtype=dtype)


def nearest(key: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """Return the candidate key closest to ``key`` (difflib ratio), or None below ``cutoff``.

    Deterministic: ties are broken by the order of ``candidates``.
    """
    matches = difflib.get_close_matches(key, list(candidates), n=1, cutoff=cutoff)
    return matches[0] if matches else None
