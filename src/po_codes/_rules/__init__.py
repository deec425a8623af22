"""Validation rules: the model (:mod:`._model`) and the built-in rules by family.

- :mod:`._model`: :class:`Rule`, :class:`Severity`, :class:`RuleContext` and the parts
  a rule may carry (:class:`TableNote`, :class:`Hint`, :class:`FastPath`).
- :mod:`.codes` (PO001–PO010: code, id, district, priority, times), :mod:`.resource`
  (PO101–PO107: the resource set on a task), :mod:`.case` (PO201–PO208: case numbers,
  priorities, what a code implies). Each rule is one block in its family's module.

The engine (:func:`po_codes.validate`) runs whatever rules it is given and never names
one. To add a built-in rule, write its block in the family's module and list it in that
module's ``RULES``.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Final

from po_codes._priority import Priority
from po_codes._rules import case, codes, resource
from po_codes._rules._common import Params
from po_codes._rules._model import (
    LANGUAGES,
    FastPath,
    Hint,
    Language,
    Rule,
    RuleContext,
    Severity,
    TableNote,
    Text,
    example_frame,
    pick,
    raw,
    template,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "LANGUAGES",
    "RULES",
    "FastPath",
    "Hint",
    "Language",
    "Rule",
    "RuleContext",
    "Severity",
    "TableNote",
    "Text",
    "build_rules",
    "example_frame",
    "pick",
    "raw",
    "template",
]


def build_rules(
    priority_threshold: Priority | int | str = 3, task_key: Sequence[str] = ("task_id",)
) -> tuple[Rule, ...]:
    """Return the built-in rules in id order for one priority threshold and task key.

    The threshold reaches the checks through :class:`RuleContext`; here it shapes the
    titles of PO203 and PO204, so the documentation and reports state the reading used.
    ``task_key`` (the columns identifying a task) are PO003's columns.
    """
    return _built(Priority.parse(priority_threshold), tuple(task_key))


@functools.cache
def _built(threshold: Priority, task_key: tuple[str, ...]) -> tuple[Rule, ...]:
    """The built-in rules for one threshold and key (immutable, so made once each)."""
    params = Params(threshold=threshold, task_key=task_key)
    return tuple(make(params) for family in (codes, resource, case) for make in family.RULES)


RULES: Final[tuple[Rule, ...]] = build_rules()
"""The built-in rules in id order, with the default priority threshold 3."""
