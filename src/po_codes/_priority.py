"""PO task priorities: 1 (most urgent) to 5, and INGEN (no priority)."""

from __future__ import annotations

import enum
import re
from typing import Final

import polars as pl

from po_codes._codes import _as_expr
from po_codes._errors import UnknownPriorityError
from po_codes._text import fold, fold_expr, via_distinct

__all__ = ["PRIORITY_DTYPE", "Priority", "parse_priorities", "priority_at_least"]


class Priority(enum.StrEnum):
    """The priority of a PO task; lower numbers are more urgent, INGEN means none.

    Members are ordered from most to least urgent, which is also the physical
    order of :data:`PRIORITY_DTYPE`.

    Examples
    --------
    >>> Priority.parse("Prio 1")
    <Priority.P1: '1'>
    >>> Priority.parse(3).is_at_least(Priority.P3)
    True
    """

    P1 = "1"
    P2 = "2"
    P3 = "3"
    P4 = "4"
    P5 = "5"
    INGEN = "INGEN"

    @property
    def rank(self) -> int:
        """0 for the most urgent priority (1) up to 5 for INGEN."""
        return _ORDER.index(self)

    def is_at_least(self, threshold: Priority | int | str) -> bool:
        """True if this priority is as urgent as ``threshold`` or more urgent."""
        return self.rank <= Priority.parse(threshold).rank

    @classmethod
    def parse(cls, value: object) -> Priority:
        """Return the priority ``value`` spells.

        Accepts ``1``..``5`` as int, integral float or string, prefixed forms such
        as ``"P1"``, ``"Prio 1"``, ``"prioritet 1"`` or ``"priority 1"``, and
        ``"INGEN"``/``"none"`` in any case.

        Raises
        ------
        UnknownPriorityError
            If ``value`` is none of these.
        """
        found = cls.get(value)
        if found is None:
            shown = repr(value) if not isinstance(value, str) or len(value) < 60 else "a long text"
            raise UnknownPriorityError(
                f"{shown} is not a PO priority: expected 1, 2, 3, 4, 5 or INGEN "
                "(forms such as 'P1' or 'Prio 1' are accepted)",
                value=value,
            )
        return found

    @classmethod
    def get(cls, value: object) -> Priority | None:
        """Like :meth:`parse`, but return None instead of raising."""
        if isinstance(value, Priority):
            return value
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            if not float(value).is_integer() or not 1 <= value <= 5:
                return None
            value = str(int(value))
        if not isinstance(value, str) or _SIGNED_RE.match(value):
            return None  # "-1" is not priority 1, although folding turns "-" into a space
        key = _DIGIT_RE.sub(r"\1", _PREFIX_RE.sub("", fold(value)))
        found = _KEYS.get(key)
        return None if found is None else cls(found)


_ORDER: Final = tuple(Priority)
_PREFIX = r"^(?:prioritet|priority|prio|pri|p)\s*\.?\s*"
_DIGIT = r"^([1-5])\.0*$"
_PREFIX_RE = re.compile(_PREFIX)
_SIGNED = r"^\s*[-+]"
_SIGNED_RE = re.compile(_SIGNED)
_DIGIT_RE = re.compile(_DIGIT)
_KEYS: Final = {
    "1": "1",
    "2": "2",
    "3": "3",
    "4": "4",
    "5": "5",
    "ingen": "INGEN",
    "none": "INGEN",
}

PRIORITY_DTYPE: Final = pl.Enum([p.value for p in Priority])
"""The polars dtype of a parsed priority column: ``pl.Enum(["1", ..., "5", "INGEN"])``."""


def parse_priorities(col: str | pl.Expr) -> pl.Expr:
    """Parse a column of messy priorities into :data:`PRIORITY_DTYPE` (null where unknown).

    Integer, float and string columns are accepted; the matching is that of
    :meth:`Priority.parse`.
    """
    return via_distinct(
        _as_expr(col).cast(pl.String),
        lambda values: pl.when(~values.str.contains(_SIGNED)).then(
            fold_expr(values)
            .str.replace(_PREFIX, "")
            .str.replace(_DIGIT, "$1")
            .replace_strict(
                list(_KEYS), list(_KEYS.values()), default=None, return_dtype=PRIORITY_DTYPE
            )
        ),
        PRIORITY_DTYPE,
    )


def priority_at_least(col: str | pl.Expr, threshold: Priority | int | str = 3) -> pl.Expr:
    """Return a boolean expression: true where the priority is ``threshold`` or more urgent.

    ``threshold=3`` (the default) is true for priorities 1, 2 and 3: our reading of
    "priority 3 or higher" in the code definitions. Null where the priority is unknown.
    """
    rank = Priority.parse(threshold).rank
    return parse_priorities(col).to_physical() <= rank
