"""What the built-in rules share: code sets, column shorthands, example times, parameters."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Final

import attrs
import polars as pl

from po_codes._codes import ClosureCode
from po_codes._priority import Priority
from po_codes._rules._model import LANGUAGES, RuleContext

if TYPE_CHECKING:
    from collections.abc import Sequence

T0: Final = "2016-03-01 10:00"
T1: Final = "2016-03-01 10:20"
T2: Final = "2016-03-01 11:00"
"""Example times (created, arrived, closed) of the rules' example rows."""


@attrs.frozen
class Params:
    """What the built-in rules are made for: the priority threshold and the task key."""

    threshold: Priority = Priority.P3
    task_key: tuple[str, ...] = ("task_id",)

    @property
    def urgent(self) -> dict[str, str]:
        """The priorities counted as urgent, listed per language ("1, 2 eller 3")."""
        chosen = [p for p in Priority if p.rank <= self.threshold.rank]
        return {lang: plist(chosen, lang) for lang in LANGUAGES}

    @property
    def calm(self) -> dict[str, str]:
        """The priorities less urgent than the threshold, listed per language."""
        chosen = [p for p in Priority if p.rank > self.threshold.rank]
        return {lang: plist(chosen, lang) for lang in LANGUAGES}


_C = ClosureCode

_code = pl.col("closure_code")

_missing = RuleContext.missing

_unreadable = RuleContext.unreadable

_REFORM = datetime(2016, 1, 1)  # noqa: DTZ001  (PO times are naive Norwegian local time)


_TAKEN_AWAY: Final = (_C.INGEN_OPERATIVE_TILTAK, _C.FALSK_MELDING, _C.ORDNET_INTERNT)
"""Without-resource codes that PO106 checks against a redeployed resource."""


def _is(*codes: ClosureCode) -> pl.Expr:
    return _code.is_in([c.value for c in codes])


def _with_resource() -> pl.Expr:
    return _code.to_physical() < len(_C.with_resource())


def _without_resource() -> pl.Expr:
    return _code.to_physical() >= len(_C.with_resource())


def _without_overtatt() -> tuple[ClosureCode, ...]:
    return tuple(c for c in _C.without_resource() if c is not _C.OVERTATT)


def _label() -> pl.Expr:
    return _code.cast(pl.String)


def plist(priorities: Sequence[Priority], lang: str) -> str:
    """Priorities as a list ending in "or"/"eller": ``1, 2 eller 3``."""
    values = [p.value for p in priorities]
    if len(values) < 2:
        return "".join(values)
    return ", ".join(values[:-1]) + (" eller " if lang == "nb" else " or ") + values[-1]
