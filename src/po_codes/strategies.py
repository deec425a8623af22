"""Hypothesis strategies for PO codes and task tables, for testing your own tools.

Needs the ``strategies`` extra (``pip install "po-codes[strategies] @ git+https://github.com/po-codes/po-codes"``)::

    from hypothesis import given
    from po_codes import strategies as pos


    @given(pos.tasks(valid=True))
    def test_my_exporter_keeps_valid_logs_valid(frame):
        assert po.validate(my_export(frame)).ok

Frames are built from lists of independent rows, so hypothesis shrinks a failing
example to the fewest rows (usually one or two) that still fail.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

try:
    from hypothesis import strategies as st
except ImportError as _missing:  # pragma: no cover - exercised without the extra
    raise ImportError(
        'po_codes.strategies needs hypothesis: pip install "po-codes[strategies] @ git+https://github.com/po-codes/po-codes"'
    ) from _missing

import polars as pl

from po_codes._codes import ClosureCode
from po_codes._columns import CANONICAL
from po_codes._districts import District
from po_codes._districts import districts as _registry
from po_codes._errors import InvalidArgumentError
from po_codes._priority import Priority
from po_codes._rules import RULES, Rule, example_frame
from po_codes._synthetic import SCHEMA

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["closure_codes", "code_labels", "districts", "priorities", "rule_failures", "tasks"]

_C = ClosureCode
_INCIDENTS: Final = ("Ordensforstyrrelse", "Trafikkuhell", "Innbrudd", "Vold", "Dyr")
_HANDLERS: Final = ("Helse", "Annet distrikt", "Barnevernsvakt", "Viltnemnda")
# Error rules an invalid frame may break, with the columns each needs.
_BREAKABLE: Final = {
    "PO001": ("closure_code",),
    "PO002": ("closure_code",),
    "PO003": ("task_id",),
    "PO004": ("created_at", "closed_at"),
    "PO005": ("district",),
    "PO006": ("priority",),
    "PO101": ("resource_assigned",),
    "PO102": ("resource_assigned",),
    "PO201": ("case_number",),
}


def closure_codes() -> st.SearchStrategy[ClosureCode]:
    """Any of the 14 closure codes (shrinks towards ``BORTFALT``)."""
    return st.sampled_from(list(ClosureCode))


def priorities() -> st.SearchStrategy[Priority]:
    """Any priority, 1 to 5 or INGEN."""
    return st.sampled_from(list(Priority))


def districts(generation: int | None = None) -> st.SearchStrategy[District]:
    """Districts of one generation (2002 or 2016), or of both when None."""
    if generation is None:
        return st.sampled_from([*_registry(2016), *_registry(2002)])
    return st.sampled_from(list(_registry(generation)))  # type: ignore[arg-type]


_FOLDINGS: Final[tuple[dict[str, str], ...]] = (
    {},
    {"å": "a", "ø": "o", "æ": "ae", "Å": "A", "Ø": "O", "Æ": "AE"},
    {"å": "aa", "ø": "oe", "æ": "ae", "Å": "Aa", "Ø": "Oe", "Æ": "Ae"},
)


@st.composite
def _label(draw: st.DrawFn, code: ClosureCode | None) -> str:
    chosen = code if code is not None else draw(closure_codes())
    text = draw(st.sampled_from([chosen.value, chosen.name, chosen.label_en]))
    for source, target in draw(st.sampled_from(_FOLDINGS)).items():
        text = text.replace(source, target)
    words = text.replace("_", " ").split()
    text = draw(st.sampled_from([" ", "  ", "_", "-", "\t"])).join(words)
    casings: list[Callable[[str], str]] = [str, str.lower, str.upper, str.title]
    text = draw(st.sampled_from(casings))(text)
    pad = draw(st.sampled_from(["", " ", "  ", "\t"]))
    return pad + text + pad


def code_labels(code: ClosureCode | None = None) -> st.SearchStrategy[str]:
    """Messy but valid spellings of a closure code (of ``code``, or of any code).

    Case, repeated whitespace, ``_``/``-`` separators, å/ø/æ written as a/o/ae or
    aa/oe/ae, member names and English labels. Every value satisfies
    ``ClosureCode.get(value) is not None``; shrinks towards the exact label.
    """
    return _label(code)


@st.composite
def _row(draw: st.DrawFn) -> dict[str, Any]:
    """One task that breaks no rule (neither errors nor warnings)."""
    code = draw(closure_codes())
    created = draw(
        st.datetimes(min_value=datetime(2007, 1, 1), max_value=datetime(2025, 12, 31))  # noqa: DTZ001
    ).replace(microsecond=0)
    minutes = draw(st.integers(1, 600))
    with_resource = code.requires_resource
    redeployed = False
    if code is _C.IKKE_KAPASITET:
        redeployed = draw(st.booleans())
    if code is _C.IKKE_KAPASITET:
        priority = draw(st.sampled_from([Priority.P1, Priority.P2, Priority.P3]))
    elif code is _C.INGEN_OPERATIVE_TILTAK:
        priority = draw(st.sampled_from([Priority.P4, Priority.P5, Priority.INGEN]))
    else:
        priority = draw(priorities())
    arrived = created + timedelta(minutes=draw(st.integers(0, minutes))) if with_resource else None
    return {
        # A district of the generation in use when the task was created (PO010: an old
        # name fits until its operations centre merged, 2017-2018; the new ones always do).
        "district": draw(districts(2002 if created.year < 2016 else 2016)).name,
        "year": created.year,
        "created_at": created,
        "closed_at": created + timedelta(minutes=minutes),
        "arrived_at": arrived,
        "priority": priority.value,
        "incident_type": draw(st.sampled_from(_INCIDENTS)),
        "resource_assigned": with_resource or redeployed,
        "resource_redeployed": redeployed,
        "closure_code": code.value,
        "case_number": "BL-1" if code is _C.SAK_OPPRETTET else None,
        "handled_by": draw(st.sampled_from(_HANDLERS)) if code is _C.OVERTATT else None,
    }


def _break(rows: list[dict[str, Any]], index: int, rule: str) -> None:
    """Make ``rows[index]`` break ``rule`` and no other error rule."""
    row = rows[index]
    if rule == "PO001":
        row["closure_code"] = "Ordnet på sted"
    elif rule == "PO002":
        row["closure_code"] = None
    elif rule == "PO003":
        row["task_id"] = rows[index - 1]["task_id"]
    elif rule == "PO004":
        row["closed_at"] = row["created_at"] - timedelta(minutes=5)
        row["arrived_at"] = None  # may add a warning (PO206), never an error
    elif rule == "PO005":
        row["district"] = "Atlantis"
    elif rule == "PO006":
        row["priority"] = "9"
    elif rule == "PO101":
        row["closure_code"], row["resource_assigned"] = _C.UTFORT.value, False
        row["arrived_at"], row["case_number"], row["handled_by"] = None, None, None
        row["resource_redeployed"] = False  # PO105: only an assigned resource is redeployed
    elif rule == "PO102":
        row["closure_code"], row["resource_assigned"] = _C.FALSK_MELDING.value, True
        row["resource_redeployed"], row["case_number"], row["handled_by"] = False, None, None
    elif rule == "PO201":
        row["closure_code"], row["resource_assigned"] = _C.SAK_OPPRETTET.value, True
        row["case_number"], row["handled_by"] = None, None
        row["arrived_at"] = row["arrived_at"] or row["created_at"]


def _frame(rows: list[dict[str, Any]], columns: list[str], *, text: bool) -> pl.DataFrame:
    schema: dict[str, pl.DataType] = {name: SCHEMA[name] for name in columns}
    if text:  # an invalid frame holds codes and priorities as an export does: text
        schema.update({n: pl.String() for n in ("closure_code", "priority") if n in schema})
    data = {name: [row[name] for row in rows] for name in columns}
    return pl.DataFrame(data, schema=schema)


def _columns(columns: Iterable[str] | None) -> list[str]:
    if columns is None:
        return list(SCHEMA.names())
    chosen = set(columns) | {"closure_code"}
    unknown = chosen - CANONICAL
    if unknown:
        raise InvalidArgumentError(f"unknown canonical columns: {sorted(unknown)}")
    return [name for name in SCHEMA.names() if name in chosen]


@st.composite
def _tasks(
    draw: st.DrawFn, min_rows: int, max_rows: int, valid: bool, columns: list[str]
) -> pl.DataFrame:
    breakable = [r for r, need in _BREAKABLE.items() if all(c in columns for c in need)]
    low = min_rows if valid else max(min_rows, 1)
    rows = draw(st.lists(_row(), min_size=low, max_size=max(low, max_rows)))
    for position, row in enumerate(rows):
        row["task_id"] = f"T{position + 1}"
    if not valid:
        rules = [r for r in breakable if r != "PO003" or len(rows) > 1]
        rule = draw(st.sampled_from(rules))
        index = draw(st.integers(1 if rule == "PO003" else 0, len(rows) - 1))
        _break(rows, index, rule)
    return _frame(rows, columns, text=not valid)


def tasks(
    min_rows: int = 0,
    max_rows: int = 50,
    valid: bool | None = None,
    columns: Iterable[str] | None = None,
) -> st.SearchStrategy[pl.DataFrame]:
    """Polars DataFrames of PO tasks with the canonical columns.

    Parameters
    ----------
    min_rows, max_rows
        Bounds on the number of rows.
    valid
        ``True``: every row passes every rule (errors and warnings); codes and
        priorities are their Enums. ``False``: exactly one row breaks exactly one
        error rule (one of PO001–PO006, PO101, PO102, PO201 that the columns allow);
        codes and priorities are text, as in an export. ``None``: either.
    columns
        Canonical columns to include (``closure_code`` always is); default all.

    Examples
    --------
    >>> from hypothesis import given
    >>> import po_codes as po
    >>> @given(tasks(valid=True))
    ... def test_valid(frame):
    ...     assert po.validate(frame).ok
    """
    chosen = _columns(columns)
    if valid is None:
        return st.one_of(
            _tasks(min_rows, max_rows, valid=True, columns=chosen),
            _tasks(min_rows, max_rows, valid=False, columns=chosen),
        )
    return _tasks(min_rows, max_rows, valid=valid, columns=chosen)


def rule_failures(
    rules: Iterable[Rule] | None = None,
) -> st.SearchStrategy[tuple[Rule, pl.DataFrame]]:
    """A rule and its own failing example, as a raw export frame.

    Each rule carries rows that break it (:attr:`po_codes.Rule.fails`; when there are
    several, the last one fails, e.g. a repeated id). This draws one of ``rules`` and
    returns it with those rows as a frame of text columns, so a test learns every way
    the rules say a log can be wrong, including rules of your own. Shrinks towards the
    first rule.

    Parameters
    ----------
    rules
        The rules to break (default :data:`po_codes.RULES`, the built-in rules). Rules
        without a ``fails`` example are left out.

    Raises
    ------
    InvalidArgumentError
        If none of ``rules`` has a ``fails`` example.
    TypeError
        If ``rules`` holds something that is not a :class:`po_codes.Rule`.

    Examples
    --------
    >>> from hypothesis import given
    >>> import po_codes as po
    >>> @given(rule_failures())
    ... def test_my_checker_rejects_what_po_codes_rejects(case):
    ...     rule, frame = case
    ...     assert po.validate(frame, select=rule.id).summary["n_failed"][0] >= 1
    """
    chosen = list(RULES if rules is None else rules)
    for rule in chosen:
        if not isinstance(rule, Rule):
            raise TypeError(f"rules must be po_codes.Rule objects, got {rule!r}")
    breakable = [rule for rule in chosen if rule.fails is not None]
    if not breakable:
        raise InvalidArgumentError("none of the rules has a 'fails' example to draw")
    return st.sampled_from(breakable).map(lambda rule: (rule, example_frame(rule, "fails")))
