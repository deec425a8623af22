"""The rule model: :class:`Rule`, :class:`Severity`, :class:`RuleContext` and their parts.

A rule is one block: its check, its messages in English and Norwegian bokmål, its
description, the columns it needs and reads, the definition it rests on, an optional
"did you mean" hint and fast path, and one example row that fails it and one that
passes. The examples feed the tests and the reference page, so a rule cannot be added
without them.

A rule's :attr:`Rule.check` receives a :class:`RuleContext` and returns a ``pl.Expr``
evaluated over the *prepared* task table. There, every canonical column present holds
its read value (``closure_code`` is :data:`~po_codes.CLOSURE_CODE_DTYPE`, ``priority``
:data:`~po_codes.PRIORITY_DTYPE`, yes/no columns Boolean, timestamps Datetime, text
cleaned), and beside it ``<column>__missing`` (nothing written) and
``<column>__unreadable`` (written, but not readable) are Booleans;
``closure_code__tolerant`` is true where the code was recognised only after tolerant
parsing. :meth:`RuleContext.missing` and friends name them. A null result counts as
"not failed": an unknown value never fails a rule that needs it. The engine reads a
column's value only when a check's expression names it (``expr.meta.root_names()``).
"""

from __future__ import annotations

import enum
import inspect
import string
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol, cast

import attrs
import polars as pl

from po_codes._codes import ClosureCode
from po_codes._errors import InvalidArgumentError
from po_codes._i18n import LANGS, Lang
from po_codes._priority import Priority

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

__all__ = [
    "LANGUAGES",
    "FastPath",
    "Hint",
    "Language",
    "Rule",
    "RuleContext",
    "Severity",
    "TableNote",
    "Text",
    "example_frame",
    "pick",
    "raw",
    "template",
]

Language = Lang
"""A language rule texts are written in (the languages of :mod:`po_codes._i18n`)."""
LANGUAGES: Final = LANGS
"""Report languages: English and Norwegian bokmål (:data:`po_codes._i18n.LANGS`)."""


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
    lang
        The report language, ``"en"`` or ``"nb"``, for message functions.
    task_key
        The canonical columns that together identify a task (PO003), by default
        ``("task_id",)``; ``("district", "task_id")`` where ids repeat across districts.
    headers
        ``(canonical column, input header)`` pairs, so messages can name a column as
        the user wrote it (:meth:`header`).
    notes
        ``(rule id, holds)`` pairs: the table notes the engine has decided for this
        table, before the checks run (:meth:`noted`).
    """

    columns: frozenset[str]
    priority_threshold: Priority = Priority.P3
    lang: Language = "en"
    task_key: tuple[str, ...] = ("task_id",)
    headers: tuple[tuple[str, str], ...] = ()
    notes: tuple[tuple[str, bool], ...] = ()

    def header(self, name: str) -> str:
        """The input header that holds canonical column ``name`` (``name`` if unknown)."""
        return next((source for target, source in self.headers if target == name), name)

    def noted(self, rule_id: str, when: Callable[[RuleContext], pl.Expr]) -> pl.Expr:
        """Whether rule ``rule_id``'s :class:`TableNote` holds, for use in its check.

        A constant once the engine has decided the note for this table (it does so
        in a query of its own, before the checks run), else ``when(self)``, the note's
        aggregate itself. A check that needs a whole-table fact reads it through
        this method: an aggregate inside the checks' query would make a streamed run
        hold every row until the end.
        """
        for rule, holds in self.notes:
            if rule == rule_id:
                return pl.lit(holds)
        return when(self)

    def has(self, *names: str) -> bool:
        """True if every named canonical column is present."""
        return all(name in self.columns for name in names)

    @staticmethod
    def missing(name: str) -> pl.Expr:
        """True where nothing was written in canonical column ``name``."""
        return pl.col(f"{name}__missing")

    @staticmethod
    def unreadable(name: str) -> pl.Expr:
        """True where a value was written in ``name`` but could not be read."""
        return pl.col(f"{name}__unreadable")

    def text(self, en: str, nb: str) -> str:
        """The text of the report language."""
        return nb if self.lang == "nb" else en


def raw(name: str) -> pl.Expr:
    """The value of canonical column ``name`` as written (cleaned text), for messages."""
    return pl.col(f"{name}__raw")


Text = str | dict[str, str]
"""A text in one language (a str) or several (``{"en": ..., "nb": ...}``)."""


def pick(text: Text, lang: str) -> str:
    """The text in ``lang``, else English, else any language there is."""
    if isinstance(text, str):
        return text
    return text.get(lang) or text.get("en") or next(iter(text.values()), "")


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


def _names(value: Iterable[str]) -> tuple[str, ...]:
    names = (value,) if isinstance(value, str) else tuple(value)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"column names must be strings, got {name!r}")
    return names


def _codes(value: Iterable[ClosureCode | str]) -> tuple[ClosureCode, ...]:
    items: Iterable[object] = (value,) if isinstance(value, str) else value
    return tuple(ClosureCode.parse(code) for code in items)


def _text(value: object) -> Text:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return dict(value)
    raise TypeError(f"texts are a str or a dict of language to str, got {value!r}")


def _severity(value: object) -> Severity:
    if not isinstance(value, str):
        raise TypeError(f"severity must be a str or po.Severity, got {value!r}")
    try:
        return Severity(value)
    except ValueError:
        choices = ", ".join(repr(s.value) for s in Severity)
        raise InvalidArgumentError(
            f"severity must be one of {choices}, got {value!r}", value=value
        ) from None


def _message(value: object) -> Text | Callable[[RuleContext], pl.Expr]:
    """A message: a callable, or texts whose ``{fields}`` are column names."""
    if callable(value):
        return cast("Callable[[RuleContext], pl.Expr]", value)
    text = _text(value)
    for template_text in [text] if isinstance(text, str) else text.values():
        _check_template(template_text)
    return text


def _check_template(text: str) -> None:
    """Refuse a message template a report could not fill: bad braces, non-name fields."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise InvalidArgumentError(
            f"message template {text!r}: {exc} (write a literal brace as {{{{ or }}}})",
            value=text,
        ) from None
    for _literal, field, spec, conversion in fields:
        if field is not None and (not field.isidentifier() or spec or conversion):
            raise InvalidArgumentError(
                f"message template {text!r}: {{{field}{'!' + conversion if conversion else ''}"
                f"{':' + spec if spec else ''}}} is not a column name; fields are column "
                "names such as {task_id} or {closure_code__raw}",
                value=text,
            )


def _check_id(_instance: object, _attribute: object, value: str) -> None:
    if not value.strip():
        raise TypeError(f"rule id must be a non-empty string, got {value!r}")


def _example(
    value: Mapping[str, object] | Sequence[Mapping[str, object]] | None,
) -> tuple[dict[str, object], ...] | None:
    if value is None:
        return None
    rows: tuple[object, ...] = (value,) if hasattr(value, "items") else tuple(value)
    checked: list[dict[str, object]] = []
    for row in rows:
        if not isinstance(row, Mapping):
            raise TypeError(f"examples are a row (column -> value) or rows, got {value!r}")
        checked.append(dict(row))
    if not checked:
        raise TypeError("an example needs at least one row")
    return tuple(checked)


@attrs.frozen
class TableNote:
    """A note a rule adds once to the report when something holds for the whole table.

    Attributes
    ----------
    when
        ``when(ctx) -> pl.Expr``: one Boolean for the whole table (an aggregate such as
        ``.any()``), decided in a query of its own before the checks run; a check
        reads it with :meth:`RuleContext.noted`.
    text
        The note (str or per-language dict).
    """

    when: Callable[[RuleContext], pl.Expr]
    text: Text = attrs.field(converter=_text)


@attrs.frozen
class Hint:
    """A "did you mean" a rule adds to its messages for values it could not read.

    Attributes
    ----------
    column
        The canonical column whose written value (``<column>__raw``) is looked up.
    name
        The placeholder the rule's message uses for it, e.g. ``"code_hint"``.
    suggest
        ``suggest(value, lang) -> str``: the text to append ("; did you mean
        'Utført'?"), or ``""`` when nothing is close. Called once per distinct value.
    """

    column: str
    name: str
    suggest: Callable[[str, str], str]


class FastPath(Protocol):
    """A faster way to compute a rule's flag than running its check on every row.

    The engine asks :meth:`column`; when it names a column that is present, the
    engine runs :meth:`first_pass` with its own first reading of the input, makes the
    :class:`PreparedPath` from what it found, and uses that instead of the check. The
    check stays the reference the fast path must agree with.
    """

    def column(self, ctx: RuleContext) -> str | None:
        """The one canonical column the path reads, or None when it does not apply."""

    def first_pass(self, frame: pl.LazyFrame, source: str) -> list[pl.LazyFrame]:
        """Queries over input column ``source``, collected with the engine's first run."""

    def prepare(self, found: list[pl.DataFrame], *, lazy: bool) -> PreparedPath:
        """The path for one run, from the collected :meth:`first_pass` queries."""


class PreparedPath(Protocol):
    """A :class:`FastPath` ready for one run (see :mod:`po_codes._duplicates`)."""

    def candidate(self, column: pl.Expr, written: pl.Expr) -> pl.Expr:
        """Elementwise: true where a row may fail (a superset of the failing rows)."""

    def exact(self, failing: pl.DataFrame, *, row: str, flag: str, key: str) -> pl.DataFrame:
        """The failing rows with ``flag`` true only where the rule really fails."""

    def again(self, flag: pl.Expr, column: pl.Expr) -> pl.Expr:
        """The exact flag re-decided inside a lazy plan, from ``flag`` (the candidates)."""


@attrs.frozen(kw_only=True)
class Rule:
    """A validation rule.

    Attributes
    ----------
    id
        Stable identifier such as ``"PO101"``; user rules should use another prefix.
    title
        One line saying what is wrong when the rule fails: a str, or
        ``{"en": ..., "nb": ...}``; a missing language falls back to English.
    severity
        :class:`Severity` (``"error"``, ``"warning"`` or ``"info"`` are converted).
    columns
        Canonical columns the rule needs; when one is absent the rule is skipped.
    check
        ``check(ctx) -> pl.Expr``, true where a row fails; a bare ``pl.Expr`` or a
        function of no arguments returning one is accepted too.
    message
        Per-row message: a template (str or per-language dict) whose
        ``{placeholders}`` name columns of the prepared table (``{closure_code}``,
        ``{closure_code__raw}``, ``{task_id}``...), or ``message(ctx) -> pl.Expr``.
    description
        Why the rule exists and what to do (str or per-language dict).
    optional
        Columns the rule reads when they are present. A rule with no ``columns``
        but some ``optional`` ones is skipped when none of them is present.
    codes
        The closure codes the rule is about (empty: any code).
    basis
        The definition the rule rests on, paraphrased (for the reference page).
    fails
        An example row (canonical column -> value as written) that fails the rule,
        or several rows of which the last one fails (e.g. a duplicate).
    passes
        The nearest row (or rows) where nothing fails it.
    note
        A :class:`TableNote` the report states once when its condition holds for the
        whole table (e.g. PO010's harmonised series), or None.
    hint
        A :class:`Hint` ("did you mean ...?") for the rule's messages, or None.
    fast
        A :class:`FastPath` the engine may use instead of running the check on every
        row (PO003's hashed duplicates), or None.

    Examples
    --------
    >>> import polars as pl
    >>> rule = Rule(
    ...     id="MY001",
    ...     title={"en": "Incident type is 'Test'", "nb": "Hendelsestype er «Test»"},
    ...     severity="warning",
    ...     columns=("incident_type",),
    ...     check=pl.col("incident_type") == "Test",
    ...     message="test task {task_id} in the production log",
    ... )
    """

    id: str = attrs.field(validator=[attrs.validators.instance_of(str), _check_id])
    title: Text = attrs.field(converter=_text)
    severity: Severity = attrs.field(converter=_severity)
    columns: tuple[str, ...] = attrs.field(converter=_names)
    check: Callable[[RuleContext], pl.Expr] = attrs.field(converter=_as_check)
    message: Text | Callable[[RuleContext], pl.Expr] = attrs.field(default="", converter=_message)
    description: Text = attrs.field(default="", converter=_text)
    optional: tuple[str, ...] = attrs.field(default=(), converter=_names)
    codes: tuple[ClosureCode, ...] = attrs.field(default=(), converter=_codes)
    basis: str = ""
    fails: tuple[dict[str, object], ...] | None = attrs.field(default=None, converter=_example)
    passes: tuple[dict[str, object], ...] | None = attrs.field(default=None, converter=_example)
    note: TableNote | None = None
    hint: Hint | None = None
    fast: FastPath | None = None

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` (falling back to English)."""
        return pick(self.title, lang)

    def description_in(self, lang: str) -> str:
        """The description in ``lang`` (falling back to English)."""
        return pick(self.description, lang)

    def runnable(self, present: frozenset[str]) -> tuple[str, ...]:
        """The columns that stop the rule from running on ``present`` (empty: it runs)."""
        missing = tuple(c for c in self.columns if c not in present)
        if not self.columns and self.optional and not any(c in present for c in self.optional):
            return tuple(self.optional)
        return missing

    def message_expr(self, ctx: RuleContext, available: Mapping[str, pl.DataType]) -> pl.Expr:
        """Build the message expression over a table with the ``available`` columns."""
        if callable(self.message):
            return self.message(ctx)
        return template(pick(self.message, ctx.lang) or self.title_in(ctx.lang), available)


def template(text: str, available: Mapping[str, pl.DataType]) -> pl.Expr:
    """Turn ``"... {column} ..."`` into a string expression over those columns.

    Timestamps are shown as ``2016-01-31 14:05:00``; nulls, and columns the table
    does not have, as ``-``. Literal text is never read as a format (``{{`` is a brace).
    """
    parts: list[pl.Expr] = []
    for literal, field, _spec, _conversion in string.Formatter().parse(text):
        if literal:
            parts.append(pl.lit(literal, pl.String))
        if field is None:
            continue
        if field in available:
            value = pl.col(field)
            if isinstance(available[field], pl.Datetime):
                value = value.dt.to_string("%Y-%m-%d %H:%M:%S")
            parts.append(value.cast(pl.String).fill_null("-"))
        else:
            parts.append(pl.lit("-", pl.String))
    if not parts:
        return pl.lit("", pl.String)
    return pl.concat_str(parts) if len(parts) > 1 else parts[0]


def example_frame(rule: Rule, which: Literal["fails", "passes"]) -> pl.DataFrame:
    """One rule's example rows as a raw text frame (for tests and the reference page)."""
    rows: tuple[dict[str, Any], ...] | None = rule.fails if which == "fails" else rule.passes
    if rows is None:
        raise ValueError(f"rule {rule.id} has no {which!r} example")
    names = list(dict.fromkeys(name for row in rows for name in row))
    return pl.DataFrame(
        {n: [None if row.get(n) is None else str(row[n]) for row in rows] for n in names},
        schema=dict.fromkeys(names, pl.String),
    )
