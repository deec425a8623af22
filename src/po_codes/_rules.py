"""Validation rules: each a named boolean polars expression that is true where a row fails.

A rule's :attr:`Rule.check` receives a :class:`RuleContext` and returns a ``pl.Expr``
evaluated over the prepared task table, in which canonical columns hold parsed values
(``closure_code`` is :data:`~po_codes.CLOSURE_CODE_DTYPE`, ``priority``
:data:`~po_codes.PRIORITY_DTYPE`, yes/no columns Boolean, timestamps Datetime) and
``<column>__raw`` holds the value as written, as text (see :func:`raw`). A null
result counts as "not failed": an unknown value never fails a rule that needs it.
"""

from __future__ import annotations

import enum
import inspect
import string
from typing import TYPE_CHECKING, Final, cast

import attrs
import polars as pl

from po_codes._codes import ClosureCode
from po_codes._priority import Priority

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["RULES", "Rule", "RuleContext", "Severity", "build_rules", "raw"]


class Severity(enum.StrEnum):
    """How serious a rule failure is."""

    ERROR = "error"
    """The row contradicts the code definitions; ``report.ok`` is False."""
    WARNING = "warning"
    """Suspicious and often wrong; worth a look."""
    INFO = "info"
    """Worth knowing, e.g. a label that needed tolerant parsing."""

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info: compare severities with it."""
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@attrs.frozen
class RuleContext:
    """What a rule may know about the table it checks.

    Attributes
    ----------
    columns
        Canonical columns present in the input (after header aliases).
    priority_threshold
        The least urgent priority that still counts as "3 or higher" (default 3).
    text_columns
        Canonical columns read from text; only these have a ``<name>__raw`` column
        (a native Datetime, Boolean or Enum column cannot hold an unreadable value).
    """

    columns: frozenset[str]
    priority_threshold: Priority = Priority.P3
    text_columns: frozenset[str] = frozenset()

    def has(self, *names: str) -> bool:
        """True if every named canonical column is present."""
        return all(name in self.columns for name in names)


def raw(name: str) -> pl.Expr:
    """The value of canonical column ``name`` as written in the input, as text."""
    return pl.col(f"{name}__raw")


def _as_check(
    value: Callable[[RuleContext], pl.Expr] | pl.Expr,
) -> Callable[[RuleContext], pl.Expr]:
    if isinstance(value, pl.Expr):
        expr = value
        return lambda _ctx: expr
    if not callable(value):
        raise TypeError(f"check must be a polars expression or a callable, got {value!r}")
    try:
        takes_context = bool(inspect.signature(value).parameters)
    except (TypeError, ValueError):  # builtins without a signature: assume ctx
        takes_context = True
    if takes_context:
        return value
    build = cast("Callable[[], pl.Expr]", value)
    return lambda _ctx: build()


def _severity(value: Severity | str) -> Severity:
    return Severity(value)


def _names(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _codes(value: Iterable[ClosureCode | str]) -> tuple[ClosureCode, ...]:
    items: Iterable[object] = (value,) if isinstance(value, str) else value
    return tuple(ClosureCode.parse(code) for code in items)


def _check_id(_instance: object, _attribute: object, value: str) -> None:
    if not value.strip():
        raise TypeError(f"rule id must be a non-empty string, got {value!r}")


@attrs.frozen
class Rule:
    """A validation rule.

    Attributes
    ----------
    id
        Stable identifier such as ``"PO101"``; user rules should use another prefix.
    title
        One-line statement of what is wrong when the rule fails.
    severity
        :class:`Severity` (``"error"``, ``"warning"`` or ``"info"`` are converted).
    columns
        Canonical columns the rule needs; when one is absent the rule is skipped.
    check
        ``check(ctx) -> pl.Expr``, true where a row fails; a bare ``pl.Expr`` or a
        function of no arguments returning one is accepted too.
    message
        Per-row message: a template whose ``{placeholders}`` name columns of the
        prepared table (``{closure_code}``, ``{closure_code__raw}``, ``{task_id}``...),
        or ``message(ctx) -> pl.Expr`` returning a string expression.
    description
        Why the rule exists and what to do; shown in the documentation.
    codes
        The closure codes the rule is about (empty: any code).

    Examples
    --------
    >>> import polars as pl
    >>> rule = Rule(
    ...     id="MY001",
    ...     title="Incident type is 'Test'",
    ...     severity="warning",
    ...     columns=("incident_type",),
    ...     check=pl.col("incident_type") == "Test",
    ...     message="test task {task_id} in the production log",
    ... )
    """

    id: str = attrs.field(validator=[attrs.validators.instance_of(str), _check_id])
    title: str
    severity: Severity = attrs.field(converter=_severity)
    columns: tuple[str, ...] = attrs.field(converter=_names)
    check: Callable[[RuleContext], pl.Expr] = attrs.field(converter=_as_check)
    message: str | Callable[[RuleContext], pl.Expr] = ""
    description: str = ""
    codes: tuple[ClosureCode, ...] = attrs.field(default=(), converter=_codes)

    def message_expr(self, ctx: RuleContext, available: frozenset[str]) -> pl.Expr:
        """Build the message expression over a table with the ``available`` columns."""
        if callable(self.message):
            return self.message(ctx)
        return template(self.message or self.title, available)


def template(text: str, available: frozenset[str]) -> pl.Expr:
    """Turn ``"... {column} ..."`` into a ``pl.format`` over those columns.

    Nulls, and columns the table does not have, are shown as ``-``.
    """
    parts: list[str] = []
    args: list[pl.Expr] = []
    for literal, field, _spec, _conversion in string.Formatter().parse(text):
        parts.append(literal)
        if field is None:
            continue
        if field in available:
            parts.append("{}")
            args.append(pl.col(field).cast(pl.String).fill_null("-"))
        else:
            parts.append("-")
    fmt = "".join(parts)
    return pl.format(fmt, *args) if args else pl.lit(fmt)


# --- the built-in rules -------------------------------------------------------------------

_C = ClosureCode
_code = pl.col("closure_code")


def _is(*codes: ClosureCode) -> pl.Expr:
    return _code.is_in([c.value for c in codes])


def _blank(name: str, ctx: RuleContext) -> pl.Expr:
    """True where the written value is missing or only whitespace."""
    if name not in ctx.text_columns:
        return pl.col(name).is_null()
    return raw(name).is_null() | (raw(name).str.strip_chars().str.len_bytes() == 0)


def _unreadable(name: str, ctx: RuleContext) -> pl.Expr:
    """True where a value was written but could not be read."""
    if name not in ctx.text_columns:
        return pl.lit(value=False)
    return ~_blank(name, ctx) & pl.col(name).is_null()


def _with_resource() -> pl.Expr:
    return _code.to_physical() < len(_C.with_resource())


def _po002(ctx: RuleContext) -> pl.Expr:
    closed = ~_blank("closed_at", ctx) if ctx.has("closed_at") else pl.lit(value=True)
    return _blank("closure_code", ctx) & closed


def _po007(ctx: RuleContext) -> pl.Expr:
    early = pl.col("arrived_at") < pl.col("created_at")
    if ctx.has("closed_at"):
        return early | (pl.col("arrived_at") > pl.col("closed_at"))
    return early


def _po009(ctx: RuleContext) -> pl.Expr:
    read = [n for n in _READ_COLUMNS if n in ctx.text_columns]
    if not read:
        return pl.lit(value=False)
    return pl.any_horizontal([_unreadable(n, ctx) for n in read])


def _po009_message(ctx: RuleContext) -> pl.Expr:
    parts = [
        pl.when(_unreadable(n, ctx)).then(pl.format(f"{n} '{{}}'", raw(n)))
        for n in _READ_COLUMNS
        if n in ctx.text_columns
    ]
    if not parts:
        return pl.lit("")
    return pl.concat_str(
        [
            pl.concat_str(parts, separator=", ", ignore_nulls=True),
            pl.lit(
                " could not be read: write timestamps as 2016-01-31 14:05 or 31.01.2016 14:05 "
                "and yes/no values as Ja/Nei"
            ),
        ]
    )


_READ_COLUMNS: Final = (
    "created_at",
    "closed_at",
    "arrived_at",
    "resource_assigned",
    "resource_redeployed",
)


def _po008(ctx: RuleContext) -> pl.Expr:
    if "closure_code" not in ctx.text_columns:
        return pl.lit(value=False)
    return _code.is_not_null() & (raw("closure_code") != _code.cast(pl.String))


def _po101_message(_ctx: RuleContext) -> pl.Expr:
    return (
        pl.when(_is(_C.FEIL_MELDING))
        .then(
            pl.lit(
                "'Feil melding' is only used once a resource was deployed, but "
                "resource_assigned is false: if the report proved wrong before a resource "
                "was set, use 'Ingen operative tiltak'"
            )
        )
        .otherwise(
            pl.format(
                "'{}' is a with-resource code but resource_assigned is false: correct "
                "resource_assigned, or use a code for tasks without a resource",
                _code.cast(pl.String),
            )
        )
    )


def _po102(ctx: RuleContext) -> pl.Expr:
    assigned = pl.col("resource_assigned") & ~_with_resource()
    if ctx.has("resource_redeployed"):
        # "Ikke kapasitet" after a redeployed resource is allowed; unknown is PO103's job.
        redeployed = pl.col("resource_redeployed")
        return assigned & ~(_is(_C.IKKE_KAPASITET) & (redeployed | redeployed.is_null()))
    return assigned & ~_is(_C.IKKE_KAPASITET)


def _po102_message(_ctx: RuleContext) -> pl.Expr:
    return (
        pl.when(_is(_C.FALSK_MELDING))
        .then(
            pl.lit(
                "'Falsk melding' is only used when no resource was deployed, but "
                "resource_assigned is true: use e.g. 'Muntlig pålegg', "
                "'Videre oppfølgingstiltak', 'Uten resultat' or 'Bortfalt'"
            )
        )
        .when(_is(_C.IKKE_KAPASITET))
        .then(
            pl.lit(
                "'Ikke kapasitet' with resource_assigned true is only allowed when the "
                "resource was redeployed, but resource_redeployed is false"
            )
        )
        .otherwise(
            pl.format(
                "'{}' is a code for tasks without a resource, but resource_assigned is "
                "true: use a with-resource code, or correct resource_assigned",
                _code.cast(pl.String),
            )
        )
    )


def _po103(ctx: RuleContext) -> pl.Expr:
    unknown = (
        pl.col("resource_redeployed").is_null()
        if ctx.has("resource_redeployed")
        else pl.lit(value=True)
    )
    return _is(_C.IKKE_KAPASITET) & pl.col("resource_assigned") & unknown


def _po203(ctx: RuleContext) -> pl.Expr:
    return _is(_C.IKKE_KAPASITET) & (pl.col("priority").to_physical() > ctx.priority_threshold.rank)


def _po204(ctx: RuleContext) -> pl.Expr:
    return _is(_C.INGEN_OPERATIVE_TILTAK) & (
        pl.col("priority").to_physical() <= ctx.priority_threshold.rank
    )


def _po206(ctx: RuleContext) -> pl.Expr:
    return _is(_C.ORDNET_PA_STEDET, _C.UTEN_RESULTAT) & _blank("arrived_at", ctx)


def build_rules(priority_threshold: Priority | int | str = 3) -> tuple[Rule, ...]:
    """Return the built-in rules; the threshold is recorded in PO203's and PO204's texts.

    The threshold itself reaches the checks through :class:`RuleContext`; here it
    only shapes the titles, so the documentation and reports state the reading used.
    """
    threshold = Priority.parse(priority_threshold)
    urgent = ", ".join(p.value for p in Priority if p.rank <= threshold.rank)
    calm = ", ".join(p.value for p in Priority if p.rank > threshold.rank)
    wr = _C.with_resource()
    wo = _C.without_resource()
    return (
        Rule(
            "PO001",
            "Closure code is not one of the 14 PO codes",
            Severity.ERROR,
            ("closure_code",),
            lambda ctx: ~_blank("closure_code", ctx) & _code.is_null(),
            "'{closure_code__raw}' is not one of the 14 PO closure codes{code_hint}",
            "Even after tolerant parsing (case, whitespace, æ/ø/å spellings, English "
            "labels) the value matches no code. Correct the spelling or the export.",
        ),
        Rule(
            "PO002",
            "Closure code is missing on a closed task",
            Severity.ERROR,
            ("closure_code",),
            _po002,
            "closure code is missing on a closed task: every closed task gets exactly one "
            "of the 14 codes",
            "Every task gets exactly one closure code when it is closed. A task counts as "
            "closed when closed_at is set, or always when the table has no closed_at column.",
        ),
        Rule(
            "PO003",
            "task_id occurs more than once",
            Severity.ERROR,
            ("task_id",),
            lambda _ctx: pl.col("task_id").is_not_null() & ~pl.col("task_id").is_first_distinct(),
            "task_id '{task_id}' occurs more than once; the first occurrence is kept, "
            "this one is a duplicate",
            "A task is logged once. Every occurrence after the first fails, so the first "
            "one stays among the valid rows.",
        ),
        Rule(
            "PO004",
            "closed_at is before created_at",
            Severity.ERROR,
            ("closed_at", "created_at"),
            lambda _ctx: pl.col("closed_at") < pl.col("created_at"),
            "closed_at {closed_at} is before created_at {created_at}",
            "A task cannot be closed before it was created; the timestamps are swapped or wrong.",
        ),
        Rule(
            "PO005",
            "District is not a known police district",
            Severity.ERROR,
            ("district",),
            lambda ctx: ~_blank("district", ctx) & pl.col("district").is_null(),
            "'{district__raw}' is not a known police district{district_hint}",
            "Districts are matched against the 27 districts of 2002 and the 12 of 2016, "
            "with and without diacritics, 'politidistrikt' suffix and slug forms.",
        ),
        Rule(
            "PO006",
            "Priority is not 1–5 or INGEN",
            Severity.ERROR,
            ("priority",),
            lambda ctx: ~_blank("priority", ctx) & pl.col("priority").is_null(),
            "'{priority__raw}' is not a PO priority: use 1, 2, 3, 4, 5 or INGEN",
            "Priorities run from 1 (most urgent) to 5, and INGEN. Forms such as 'P1' or "
            "'Prio 1' are accepted.",
        ),
        Rule(
            "PO007",
            "arrived_at is before created_at or after closed_at",
            Severity.WARNING,
            ("arrived_at", "created_at"),
            _po007,
            "arrived_at {arrived_at} is outside the task's life ({created_at} – {closed_at})",
            "A resource arrives after the task is created and before it is closed.",
        ),
        Rule(
            "PO008",
            "Closure code was recognised only after tolerant parsing",
            Severity.INFO,
            ("closure_code",),
            _po008,
            "'{closure_code__raw}' was read as '{closure_code}': write the exact label",
            "The value is not the exact Norwegian label but was recognised (e.g. "
            "'Utfoert' for 'Utført'). Exports should use the exact labels.",
        ),
        Rule(
            "PO009",
            "A timestamp or yes/no value could not be read",
            Severity.WARNING,
            (),
            _po009,
            _po009_message,
            "Timestamps are read as ISO 8601 or dd.mm.yyyy HH:MM[:SS], yes/no values as "
            "Ja/Nei, true/false, 1/0. An unreadable value is treated as unknown by the "
            "other rules, so they cannot check it.",
        ),
        Rule(
            "PO101",
            "With-resource code but no resource was assigned",
            Severity.ERROR,
            ("closure_code", "resource_assigned"),
            lambda _ctx: _with_resource() & ~pl.col("resource_assigned"),
            _po101_message,
            "The nine with-resource codes may only be used when a resource was deployed. "
            "'Feil melding' discovered before a resource was set is 'Ingen operative tiltak'.",
            wr,
        ),
        Rule(
            "PO102",
            "Without-resource code but a resource was assigned",
            Severity.ERROR,
            ("closure_code", "resource_assigned"),
            _po102,
            _po102_message,
            "The five without-resource codes may only be used when no resource was "
            "deployed. Exception: 'Ikke kapasitet' when the assigned resource was "
            "redeployed. Instead of 'Falsk melding' with a resource, use e.g. 'Muntlig "
            "pålegg', 'Videre oppfølgingstiltak', 'Uten resultat' or 'Bortfalt'.",
            wo,
        ),
        Rule(
            "PO103",
            "'Ikke kapasitet' with a resource assigned, redeployment unknown",
            Severity.WARNING,
            ("closure_code", "resource_assigned"),
            _po103,
            "'Ikke kapasitet' with resource_assigned true is only right when the resource "
            "was redeployed, and resource_redeployed is unknown: record it",
            "With a resource assigned, 'Ikke kapasitet' is only right when that resource "
            "was redeployed. Without a resource_redeployed value this cannot be checked.",
            (_C.IKKE_KAPASITET,),
        ),
        Rule(
            "PO201",
            "'Sak opprettet' without a case number",
            Severity.ERROR,
            ("closure_code", "case_number"),
            lambda _ctx: _is(_C.SAK_OPPRETTET) & pl.col("case_number").is_null(),
            "'Sak opprettet' needs the case number from BL in case_number: add it, or use "
            "'Videre oppfølgingstiltak' if no case was created yet",
            "'Sak opprettet' means a case exists in BL and its number is in the task log.",
            (_C.SAK_OPPRETTET,),
        ),
        Rule(
            "PO202",
            "'Videre oppfølgingstiltak' with a case number",
            Severity.WARNING,
            ("closure_code", "case_number"),
            lambda _ctx: _is(_C.VIDERE_OPPFOLGINGSTILTAK) & pl.col("case_number").is_not_null(),
            "'Videre oppfølgingstiltak' with case number '{case_number}': a case exists, so "
            "'Sak opprettet' is likely right",
            "'Videre oppfølgingstiltak' is for tasks closed before a case was created; a "
            "case number suggests 'Sak opprettet'.",
            (_C.VIDERE_OPPFOLGINGSTILTAK,),
        ),
        Rule(
            "PO203",
            f"'Ikke kapasitet' with a priority less urgent than {threshold.value} ({calm})",
            Severity.WARNING,
            ("closure_code", "priority"),
            _po203,
            "'Ikke kapasitet' with priority {priority}: the code is for tasks of priority "
            f"{urgent} that should have had a resource",
            "'Ikke kapasitet' is for police matters OPS wanted a resource on, given "
            "priority 3 or higher. We read 'higher' as 'more urgent' (1, 2 or 3); the "
            "threshold is the priority_threshold argument of po.validate.",
            (_C.IKKE_KAPASITET,),
        ),
        Rule(
            "PO204",
            f"'Ingen operative tiltak' with priority {urgent}",
            Severity.WARNING,
            ("closure_code", "priority"),
            _po204,
            "'Ingen operative tiltak' with priority {priority}: an urgent task without "
            "action may be 'Ikke kapasitet' in disguise",
            "'Ingen operative tiltak' usually has priority INGEN and must never replace "
            "'Ikke kapasitet'. An urgent priority suggests it did.",
            (_C.INGEN_OPERATIVE_TILTAK, _C.IKKE_KAPASITET),
        ),
        Rule(
            "PO205",
            "'Ordnet på stedet' without incident type",
            Severity.WARNING,
            ("closure_code", "incident_type"),
            lambda _ctx: _is(_C.ORDNET_PA_STEDET) & pl.col("incident_type").is_null(),
            "'Ordnet på stedet' is tied to the nature of the incident, but incident_type is empty",
            "'Ordnet på stedet' is recorded together with the nature of the incident "
            "(forholdets art), e.g. public disorder.",
            (_C.ORDNET_PA_STEDET,),
        ),
        Rule(
            "PO206",
            "'Ordnet på stedet' or 'Uten resultat' without arrival time",
            Severity.WARNING,
            ("closure_code", "arrived_at"),
            _po206,
            "'{closure_code}' means the patrol was on scene, but arrived_at is empty",
            "Both codes say the patrol reached the scene, so an arrival time is expected "
            "when the export has an arrived_at column.",
            (_C.ORDNET_PA_STEDET, _C.UTEN_RESULTAT),
        ),
        Rule(
            "PO207",
            "'Overtatt' without handled_by",
            Severity.INFO,
            ("closure_code", "handled_by"),
            lambda _ctx: _is(_C.OVERTATT) & pl.col("handled_by").is_null(),
            "'Overtatt' without handled_by: record who took over (another district, "
            "health services, child welfare...)",
            "'Overtatt' means someone else handles the task; saying who makes the figure useful.",
            (_C.OVERTATT,),
        ),
    )


RULES: Final[tuple[Rule, ...]] = build_rules()
"""The built-in rules in id order, with the default priority threshold 3."""
