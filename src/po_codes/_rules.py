"""Validation rules: each a named boolean polars expression that is true where a row fails.

A rule is one block: its check, its messages in English and Norwegian bokmål, its
description, the columns it needs and reads, the definition it rests on, and one
example row that fails it and one that passes. The examples feed the tests and the
reference page, so a rule cannot be added without them.

A rule's :attr:`Rule.check` receives a :class:`RuleContext` and returns a ``pl.Expr``
evaluated over the *prepared* task table. There, every canonical column present holds
its read value (``closure_code`` is :data:`~po_codes.CLOSURE_CODE_DTYPE`, ``priority``
:data:`~po_codes.PRIORITY_DTYPE`, yes/no columns Boolean, timestamps Datetime, text
cleaned), and beside it ``<column>__missing`` (nothing written) and
``<column>__unreadable`` (written, but not readable) are Booleans;
``closure_code__tolerant`` is true where the code was recognised only after tolerant
parsing. :meth:`RuleContext.missing` and friends name them. A null result counts as
"not failed": an unknown value never fails a rule that needs it.
"""

from __future__ import annotations

import enum
import functools
import inspect
import string
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final, Literal, cast

import attrs
import polars as pl

from po_codes._codes import ClosureCode
from po_codes._priority import Priority

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

__all__ = ["LANGUAGES", "RULES", "Rule", "RuleContext", "Severity", "build_rules", "raw"]

Language = Literal["en", "nb"]
LANGUAGES: Final = ("en", "nb")
"""Report languages: English and Norwegian bokmål."""


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
    """

    columns: frozenset[str]
    priority_threshold: Priority = Priority.P3
    lang: Language = "en"
    task_key: tuple[str, ...] = ("task_id",)
    headers: tuple[tuple[str, str], ...] = ()

    def header(self, name: str) -> str:
        """The input header that holds canonical column ``name`` (``name`` if unknown)."""
        return next((source for target, source in self.headers if target == name), name)

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
        ``.any()``), evaluated in the same run as the checks.
    text
        The note (str or per-language dict).
    """

    when: Callable[[RuleContext], pl.Expr]
    text: Text = attrs.field(converter=_text)


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
    severity: Severity = attrs.field(converter=Severity)
    columns: tuple[str, ...] = attrs.field(converter=_names)
    check: Callable[[RuleContext], pl.Expr] = attrs.field(converter=_as_check)
    message: Text | Callable[[RuleContext], pl.Expr] = ""
    description: Text = attrs.field(default="", converter=_text)
    optional: tuple[str, ...] = attrs.field(default=(), converter=_names)
    codes: tuple[ClosureCode, ...] = attrs.field(default=(), converter=_codes)
    basis: str = ""
    fails: tuple[dict[str, object], ...] | None = attrs.field(default=None, converter=_example)
    passes: tuple[dict[str, object], ...] | None = attrs.field(default=None, converter=_example)
    note: TableNote | None = None

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
    """Turn ``"... {column} ..."`` into a ``pl.format`` over those columns.

    Timestamps are shown as ``2016-01-31 14:05:00``; nulls, and columns the table
    does not have, as ``-``.
    """
    parts: list[str] = []
    args: list[pl.Expr] = []
    for literal, field, _spec, _conversion in string.Formatter().parse(text):
        parts.append(literal)
        if field is None:
            continue
        if field in available:
            parts.append("{}")
            value = pl.col(field)
            if isinstance(available[field], pl.Datetime):
                value = value.dt.to_string("%Y-%m-%d %H:%M:%S")
            args.append(value.cast(pl.String).fill_null("-"))
        else:
            parts.append("-")
    fmt = "".join(parts)
    return pl.format(fmt, *args) if args else pl.lit(fmt)


# --- the built-in rules -------------------------------------------------------------------

_C = ClosureCode
_code = pl.col("closure_code")
_missing = RuleContext.missing
_unreadable = RuleContext.unreadable
_REFORM = datetime(2016, 1, 1)  # noqa: DTZ001  (PO times are naive Norwegian local time)


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


def _po002(ctx: RuleContext) -> pl.Expr:
    closed = ~_missing("closed_at") if ctx.has("closed_at") else pl.lit(value=True)
    return _missing("closure_code") & closed


def _po007(ctx: RuleContext) -> pl.Expr:
    early = pl.col("arrived_at") < pl.col("created_at")
    if ctx.has("closed_at"):
        return early | (pl.col("arrived_at") > pl.col("closed_at"))
    return early


_READ_COLUMNS: Final = (
    "created_at",
    "closed_at",
    "arrived_at",
    "resource_assigned",
    "resource_redeployed",
)


def _po009(ctx: RuleContext) -> pl.Expr:
    read = [n for n in _READ_COLUMNS if ctx.has(n)]
    if not read:
        return pl.lit(value=False)
    return pl.any_horizontal([_unreadable(n) for n in read])


def _po009_message(ctx: RuleContext) -> pl.Expr:
    def shown(name: str) -> pl.Expr:
        if ctx.lang == "nb":  # the value in «», then the header as the user wrote it
            header = ctx.header(name).replace("{", "{{").replace("}", "}}")
            return pl.format(f"«{{}}» i kolonnen «{header}»", raw(name))
        return pl.format(f"{name} '{{}}'", raw(name))

    parts = [pl.when(_unreadable(n)).then(shown(n)) for n in _READ_COLUMNS if ctx.has(n)]
    advice = ctx.text(
        " could not be read: write timestamps as 2016-01-31 14:05 or 31.01.2016 14:05 and "
        "yes/no values as Ja/Nei",
        " kunne ikke leses: skriv tidspunkter som 31.01.2016 14:05 eller 2016-01-31 14:05 "
        "og ja/nei-verdier som Ja eller Nei",
    )
    if not parts:
        return pl.lit(advice.strip())
    return pl.concat_str([pl.concat_str(parts, separator=", ", ignore_nulls=True), pl.lit(advice)])


def _old_only() -> dict[str, tuple[str, date]]:
    """Names only of the 2002 districts -> (their successors' names, last day logged)."""
    from po_codes._districts import District, districts  # noqa: PLC0415

    new = {d.name for d in districts(2016)}
    found: dict[str, tuple[str, date]] = {}
    for old in districts(2002):
        last = old.last_logged
        if old.name in new or last is None:
            continue
        names = " | ".join(District.by_id(s).name for s in old.successors)
        found[old.name] = (names, last)
    return found


def _new_only() -> dict[str, str]:
    """Names only of the 2016 districts -> the names of their predecessors ("A | B | C")."""
    from po_codes._districts import districts  # noqa: PLC0415

    old = {d.name for d in districts(2002)}
    return {
        d.name: " | ".join(p.name for p in d.predecessors)
        for d in districts(2016)
        if d.name not in old
    }


def _listed(names: pl.Expr, lang: str, *, both: bool = False) -> pl.Expr:
    """``"A | B | C"`` as «A», «B» eller «C» (nb) or 'A', 'B' or 'C' (en); ``both``: og/and."""
    open_, close = ("«", "»") if lang == "nb" else ("'", "'")
    words = {("nb", False): " eller ", ("nb", True): " og ", ("en", False): " or "}
    last = words.get((lang, both), " and ")
    quoted = pl.lit(open_) + names.str.replace_all(" | ", close + ", " + open_, literal=True)
    return (quoted + pl.lit(close)).str.replace(r"^(.*), ", "${1}" + last)


def _po010_early() -> pl.Expr:
    return pl.col("district").is_in(list(_new_only())) & (pl.col("created_at") < _REFORM)


def _po010_harmonised(_ctx: RuleContext) -> pl.Expr:
    """One Boolean: pre-2016 rows use 2016-only names, and none uses a 2002-only name."""
    before = pl.col("created_at") < _REFORM
    old_before = pl.col("district").is_in(list(_old_only())) & before
    return _po010_early().any() & ~old_before.any()


def _po010_late() -> pl.Expr:
    old = _old_only()
    last = pl.col("district").replace_strict(
        list(old), [until for _, until in old.values()], default=None, return_dtype=pl.Date
    )
    return pl.col("created_at").dt.date() > last


def _po010(ctx: RuleContext) -> pl.Expr:
    return (_po010_early() & ~_po010_harmonised(ctx)) | _po010_late()


def _po010_message(ctx: RuleContext) -> pl.Expr:
    old, new = _old_only(), _new_only()
    district = pl.col("district")
    successors = district.replace_strict(
        list(old), [names for names, _ in old.values()], default=None, return_dtype=pl.String
    )
    until = district.replace_strict(
        list(old), [str(day) for _, day in old.values()], default=None, return_dtype=pl.String
    )
    before = district.replace_strict(list(new), list(new.values()), default=None)
    quote = ("«", "»") if ctx.lang == "nb" else ("'", "'")
    name = pl.lit(quote[0]) + district + pl.lit(quote[1])
    year = pl.col("created_at").dt.year().cast(pl.String)
    day = pl.col("created_at").dt.date().cast(pl.String)
    early = pl.format(
        ctx.text(
            "{} is a district of the 2016 reform, but the task was created in {}: use the "
            "district of that time ({}), or harmonise the whole series to the 2016 names "
            "(po.harmonize_districts)",
            "{} er et distrikt fra reformen i 2016, men oppdraget ble opprettet i {}: bruk "
            "distriktet fra den tiden ({}), eller harmoniser hele serien til navnene fra "
            "2016 (po.harmonize_districts)",
        ),
        name,
        year,
        _listed(before, ctx.lang),
    )
    late = pl.format(
        ctx.text(
            "{} became part of {} in the 2016 reform, and its operations centre logged "
            "under the old name until {}, but the task was created on {}: use {}",
            "{} ble en del av {} i reformen i 2016, og operasjonssentralen loggførte under "
            "det gamle navnet til og med {}, men oppdraget ble opprettet {}: bruk {}",
        ),
        name,
        _listed(successors, ctx.lang, both=True),
        until,
        day,
        _listed(successors, ctx.lang),
    )
    return pl.when(pl.col("created_at") < _REFORM).then(early).otherwise(late)


def _po101_message(ctx: RuleContext) -> pl.Expr:
    return (
        pl.when(_is(_C.FEIL_MELDING))
        .then(
            pl.lit(
                ctx.text(
                    "'Feil melding' is only used once a resource was deployed, but "
                    "resource_assigned is false: if the report proved wrong before a "
                    "resource was set, use 'Ingen operative tiltak'",
                    "«Feil melding» brukes bare når ressurs er satt på oppdraget, men det er "
                    "ingen ressurs satt på oppdraget: ble meldingen avklart som feil før "
                    "ressurs ble satt, er «Ingen operative tiltak» riktig kode",
                )
            )
        )
        .otherwise(
            pl.format(
                ctx.text(
                    "'{}' is a with-resource code but resource_assigned is false: correct "
                    "resource_assigned, or use a code for tasks without a resource",
                    "«{}» er en kode for oppdrag med ressurs, men det er ingen ressurs satt på "
                    "oppdraget: rett opp ressursfeltet, eller bruk en kode for oppdrag uten "
                    "ressurs",
                ),
                _label(),
            )
        )
    )


_TAKEN_AWAY: Final = (_C.INGEN_OPERATIVE_TILTAK, _C.FALSK_MELDING, _C.ORDNET_INTERNT)
"""Without-resource codes that PO106 checks against a redeployed resource."""


def _po102(ctx: RuleContext) -> pl.Expr:
    assigned = pl.col("resource_assigned") & _without_resource() & ~_is(_C.OVERTATT)
    if ctx.has("resource_redeployed"):
        # "Ikke kapasitet" after a redeployed resource is allowed; unknown is PO103's job.
        redeployed = pl.col("resource_redeployed")
        excused = _is(_C.IKKE_KAPASITET) & (redeployed | redeployed.is_null())
        po106 = (_is(*_TAKEN_AWAY) & redeployed).fill_null(value=False)  # left to PO106
        return assigned & ~excused & ~po106
    return assigned & ~_is(_C.IKKE_KAPASITET)


def _po106_message(ctx: RuleContext) -> pl.Expr:
    capacity = pl.format(
        ctx.text(
            "'{}' with resource_redeployed true: a resource was set on the task and taken "
            "away with no other free, which is what 'Ikke kapasitet' is for",
            "«{}» med ressurs omdisponert: en ressurs ble satt på oppdraget og tatt bort uten "
            "at en annen var ledig, og det er nettopp det «Ikke kapasitet» brukes til",
        ),
        _label(),
    )
    if not ctx.has("arrived_at"):
        return capacity
    arrived = pl.format(
        ctx.text(
            "'{}' with resource_redeployed true and an arrival time: the resource reached "
            "the scene and was taken away, so the task was 'Ikke utført'",
            "«{}» med ressurs omdisponert og ankomsttid: ressursen kom fram og ble tatt bort, "
            "så oppdraget er «Ikke utført»",
        ),
        _label(),
    )
    return pl.when(~_missing("arrived_at")).then(arrived).otherwise(capacity)


def _po107(ctx: RuleContext) -> pl.Expr:
    signs = []
    if ctx.has("resource_assigned"):
        signs.append(pl.col("resource_assigned"))
    if ctx.has("arrived_at"):
        signs.append(~_missing("arrived_at"))
    return _is(_C.OVERTATT) & pl.any_horizontal(signs) if signs else pl.lit(value=False)


def _po102_message(ctx: RuleContext) -> pl.Expr:
    return (
        pl.when(_is(_C.FALSK_MELDING))
        .then(
            pl.lit(
                ctx.text(
                    "'Falsk melding' is only used when no resource was deployed, but "
                    "resource_assigned is true: use e.g. 'Muntlig pålegg', "
                    "'Videre oppfølgingstiltak', 'Uten resultat' or 'Bortfalt'",
                    "«Falsk melding» brukes bare når ingen ressurs er satt på oppdraget, men "
                    "her er en ressurs satt på oppdraget: bruk for eksempel «Muntlig pålegg», "
                    "«Videre oppfølgingstiltak», «Uten resultat» eller «Bortfalt»",
                )
            )
        )
        .when(_is(_C.IKKE_KAPASITET))
        .then(
            pl.lit(
                ctx.text(
                    "'Ikke kapasitet' with resource_assigned true is only allowed when the "
                    "resource was redeployed, but resource_redeployed is false",
                    "«Ikke kapasitet» med ressurs satt på oppdraget er bare riktig når "
                    "ressursen ble omdisponert, men oppdraget er ikke merket som omdisponert",
                )
            )
        )
        .otherwise(
            pl.format(
                ctx.text(
                    "'{}' is a code for tasks without a resource, but resource_assigned is "
                    "true: use a with-resource code, or correct resource_assigned",
                    "«{}» er en kode for oppdrag uten ressurs, men en ressurs er satt på "
                    "oppdraget: bruk en kode for oppdrag med ressurs, eller rett opp "
                    "ressursfeltet",
                ),
                _label(),
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


def _po104(_ctx: RuleContext) -> pl.Expr:
    return _without_resource() & ~_is(_C.OVERTATT) & ~_missing("arrived_at")


def _po104_message(ctx: RuleContext) -> pl.Expr:
    return (
        pl.when(_is(_C.IKKE_KAPASITET))
        .then(
            pl.lit(
                ctx.text(
                    "'Ikke kapasitet' with an arrival time: a resource reached the scene; "
                    "when it arrived and was then taken away, 'Ikke utført' is the code",
                    "«Ikke kapasitet» med ankomsttid: en ressurs kom fram; ble den tatt "
                    "bort etter at den var framme, er «Ikke utført» riktig kode",
                )
            )
        )
        .otherwise(
            pl.format(
                ctx.text(
                    "'{}' is a code for tasks without a resource, but arrived_at says a "
                    "resource reached the scene: use a with-resource code, or correct "
                    "arrived_at",
                    "«{}» er en kode for oppdrag uten ressurs, men ankomsttiden sier at en "
                    "ressurs kom fram: bruk en kode for oppdrag med ressurs, eller rett "
                    "opp ankomsttiden",
                ),
                _label(),
            )
        )
    )


def _po203(ctx: RuleContext) -> pl.Expr:
    return _is(_C.IKKE_KAPASITET) & (pl.col("priority").to_physical() > ctx.priority_threshold.rank)


def _po204(ctx: RuleContext) -> pl.Expr:
    urgent = pl.col("priority").to_physical() <= ctx.priority_threshold.rank
    return _is(_C.INGEN_OPERATIVE_TILTAK) & urgent


def _po003(ctx: RuleContext) -> pl.Expr:
    """The reference check: every written key after its first occurrence."""
    key = ctx.task_key
    written = pl.all_horizontal([~_missing(c) & ~_unreadable(c) for c in key])
    ids = pl.col(key[0]) if len(key) == 1 else pl.struct([pl.col(c) for c in key])
    return written & ~ids.is_first_distinct()


def _po003_message(ctx: RuleContext) -> pl.Expr:
    key = ctx.task_key
    shown = pl.concat_str([pl.col(c).cast(pl.String) for c in key], separator=" / ")
    what = ctx.text(" / ".join(key), "oppdragsnummer" if key == ("task_id",) else "oppdraget")
    return pl.format(
        ctx.text(
            f"{what} '{{}}' occurs more than once; the first occurrence is kept, this one is "
            "a duplicate",
            f"{what} «{{}}» finnes flere ganger; den første forekomsten beholdes, denne er en kopi",
        ),
        shown,
    )


def _po206(_ctx: RuleContext) -> pl.Expr:
    return _is(_C.ORDNET_PA_STEDET, _C.UTEN_RESULTAT) & _missing("arrived_at")


_NO_FOLLOW_UP: Final = (_C.UTFORT, _C.MUNTLIG_PALEGG, _C.UTEN_RESULTAT)


def _plist(priorities: Sequence[Priority], lang: str) -> str:
    """Priorities as a list ending in "or"/"eller": ``1, 2 eller 3``."""
    values = [p.value for p in priorities]
    if len(values) < 2:
        return "".join(values)
    return ", ".join(values[:-1]) + (" eller " if lang == "nb" else " or ") + values[-1]


def build_rules(
    priority_threshold: Priority | int | str = 3, task_key: Sequence[str] = ("task_id",)
) -> tuple[Rule, ...]:
    """Return the built-in rules; the threshold is recorded in PO203's and PO204's texts.

    The threshold itself reaches the checks through :class:`RuleContext`; here it
    only shapes the titles, so the documentation and reports state the reading used.
    ``task_key`` (the columns identifying a task) are PO003's columns.
    """
    return _built(Priority.parse(priority_threshold), tuple(task_key))


@functools.cache
def _built(threshold: Priority, task_key: tuple[str, ...] = ("task_id",)) -> tuple[Rule, ...]:
    """The built-in rules for one threshold (immutable, so made once per threshold)."""
    urgent = {
        lang: _plist([p for p in Priority if p.rank <= threshold.rank], lang) for lang in LANGUAGES
    }
    calm = {
        lang: _plist([p for p in Priority if p.rank > threshold.rank], lang) for lang in LANGUAGES
    }
    wr = _C.with_resource()
    t0, t1, t2 = "2016-03-01 10:00", "2016-03-01 10:20", "2016-03-01 11:00"
    return (
        Rule(
            id="PO001",
            title={
                "en": "Closure code is not one of the 14 PO codes",
                "nb": "Avslutningskoden er ikke en av de 14 PO-kodene",
            },
            severity=Severity.ERROR,
            columns=("closure_code",),
            check=lambda _ctx: _unreadable("closure_code"),
            message={
                "en": "'{closure_code__raw}' is not one of the 14 PO closure codes{code_hint}",
                "nb": "«{closure_code__raw}» er ikke en av de 14 avslutningskodene i PO{code_hint}",
            },
            description={
                "en": "Even after tolerant parsing (case, whitespace, æ/ø/å spellings, "
                "English labels) the value matches no code. Correct the spelling or the "
                "export.",
                "nb": "Verdien passer ikke med noen kode, selv når store og små bokstaver, "
                "mellomrom, æ/ø/å-skrivemåter og engelske navn tolereres. Rett skrivemåten "
                "eller uttrekket.",
            },
            basis="Every task is closed with exactly one of the 14 closure codes.",
            fails={"closure_code": "Utførtt"},
            passes={"closure_code": "Utført"},
        ),
        Rule(
            id="PO002",
            title={
                "en": "Closure code is missing on a closed task",
                "nb": "Avslutningskode mangler på et avsluttet oppdrag",
            },
            severity=Severity.ERROR,
            columns=("closure_code",),
            optional=("closed_at",),
            check=_po002,
            message={
                "en": "closure code is missing on a closed task: every closed task gets "
                "exactly one of the 14 codes",
                "nb": "avslutningskode mangler på et avsluttet oppdrag: hvert avsluttet "
                "oppdrag skal ha nøyaktig én av de 14 kodene",
            },
            description={
                "en": "Every task gets exactly one closure code when it is closed. A task "
                "counts as closed when closed_at is written, or always when the table has "
                "no closed_at column.",
                "nb": "Hvert oppdrag får nøyaktig én avslutningskode når det avsluttes. Et "
                "oppdrag regnes som avsluttet når avsluttet-tidspunktet er fylt ut, eller "
                "alltid når tabellen ikke har en slik kolonne.",
            },
            basis="A task gets its closure code when it ends.",
            fails={"closure_code": None, "closed_at": t2},
            passes={"closure_code": None, "closed_at": None},
        ),
        Rule(
            id="PO003",
            title={
                "en": f"The task ({' / '.join(task_key)}) occurs more than once"
                if task_key != ("task_id",)
                else "task_id occurs more than once",
                "nb": "Oppdragsnummeret finnes flere ganger"
                if task_key == ("task_id",)
                else f"Oppdraget ({' / '.join(task_key)}) finnes flere ganger",
            },
            severity=Severity.ERROR,
            columns=task_key,
            check=_po003,
            message=_po003_message,
            description={
                "en": "A task is logged once. Every occurrence after the first fails, so the "
                "first one stays among the valid rows (for a LazyFrame: the first in the "
                "order the plan gives). The task key (po.validate's task_key, default "
                "task_id) names the columns that identify a task, e.g. district and "
                "task_id where ids are unique per district only.",
                "nb": "Et oppdrag logges én gang. Hver forekomst etter den første feiler, så "
                "den første blir blant de gyldige radene. Oppdragsnøkkelen (task_key i "
                "po.validate, standard task_id) sier hvilke kolonner som identifiserer et "
                "oppdrag, for eksempel distrikt og oppdragsnummer der numrene bare er unike "
                "innen et distrikt.",
            },
            basis="Each task in the operational log is one row.",
            fails=[
                {**dict.fromkeys(task_key, "A1"), "closure_code": "Utført"},
                {**dict.fromkeys(task_key, "A1"), "closure_code": "Utført"},
            ],
            passes=[
                {**dict.fromkeys(task_key, "A1"), "closure_code": "Utført"},
                {**dict.fromkeys(task_key, "A2"), "closure_code": "Utført"},
            ],
        ),
        Rule(
            id="PO004",
            title={
                "en": "closed_at is before created_at",
                "nb": "Avsluttet-tidspunktet er før opprettet-tidspunktet",
            },
            severity=Severity.ERROR,
            columns=("closed_at", "created_at"),
            check=lambda _ctx: pl.col("closed_at") < pl.col("created_at"),
            message={
                "en": "closed_at {closed_at} is before created_at {created_at}",
                "nb": "avsluttet {closed_at} er før opprettet {created_at}",
            },
            description={
                "en": "A task cannot be closed before it was created; the timestamps are "
                "swapped or wrong.",
                "nb": "Et oppdrag kan ikke avsluttes før det ble opprettet; tidspunktene er "
                "byttet om eller feil.",
            },
            basis="A task is created, then closed.",
            fails={"closure_code": "Utført", "created_at": t2, "closed_at": t0},
            passes={"closure_code": "Utført", "created_at": t0, "closed_at": t2},
        ),
        Rule(
            id="PO005",
            title={
                "en": "District is not a known police district",
                "nb": "Distriktet er ikke et kjent politidistrikt",
            },
            severity=Severity.ERROR,
            columns=("district",),
            check=lambda _ctx: _unreadable("district"),
            message={
                "en": "'{district__raw}' is not a known police district{district_hint}",
                "nb": "«{district__raw}» er ikke et kjent politidistrikt{district_hint}",
            },
            description={
                "en": "Districts are matched against the 27 districts of 2002, the 12 of "
                "2016 and the harmonised unit 'Nordland og Troms', with and without "
                "diacritics, 'politidistrikt' suffix and slug forms.",
                "nb": "Distrikter sammenlignes med de 27 fra 2002, de 12 fra 2016 og den "
                "harmoniserte enheten «Nordland og Troms», med og uten æ/ø/å, med "
                "«politidistrikt» og i kortform.",
            },
            basis="Figures are published per police district.",
            fails={"closure_code": "Utført", "district": "Trondelagg"},
            passes={"closure_code": "Utført", "district": "Trøndelag"},
        ),
        Rule(
            id="PO006",
            title={
                "en": "Priority is not 1–5 or INGEN",
                "nb": "Prioriteten er ikke 1–5 eller INGEN",
            },
            severity=Severity.ERROR,
            columns=("priority",),
            check=lambda _ctx: _unreadable("priority"),
            message={
                "en": "'{priority__raw}' is not a PO priority: use 1, 2, 3, 4, 5 or INGEN",
                "nb": "«{priority__raw}» er ikke en prioritet i PO: bruk 1, 2, 3, 4, 5 eller INGEN",
            },
            description={
                "en": "Priorities run from 1 (most urgent) to 5, and INGEN. Forms such as "
                "'P1' or 'Prio 1' are accepted.",
                "nb": "Prioritetene går fra 1 (mest hastende) til 5, og INGEN. Skrivemåter "
                "som «P1» og «Prio 1» godtas.",
            },
            basis="Tasks carry a priority; INGEN is the usual one for 'Ingen operative tiltak'.",
            fails={"closure_code": "Utført", "priority": "7"},
            passes={"closure_code": "Utført", "priority": "5"},
        ),
        Rule(
            id="PO007",
            title={
                "en": "arrived_at is before created_at or after closed_at",
                "nb": "Ankomsttiden er før oppdraget ble opprettet eller etter at det ble "
                "avsluttet",
            },
            severity=Severity.WARNING,
            columns=("arrived_at", "created_at"),
            optional=("closed_at",),
            check=_po007,
            message={
                "en": "arrived_at {arrived_at} is outside the task's life ({created_at} – "
                "{closed_at})",
                "nb": "ankomst {arrived_at} er utenfor tidsrommet oppdraget var åpent "
                "({created_at} – {closed_at})",
            },
            description={
                "en": "A resource arrives after the task is created and before it is closed.",
                "nb": "En ressurs kommer fram etter at oppdraget er opprettet og før det er "
                "avsluttet.",
            },
            basis="A resource is sent to a task that exists and is still open.",
            fails={"closure_code": "Utført", "created_at": t1, "arrived_at": t0},
            passes={"closure_code": "Utført", "created_at": t0, "arrived_at": t1},
        ),
        Rule(
            id="PO008",
            title={
                "en": "Closure code was recognised only after tolerant parsing",
                "nb": "Avslutningskoden er skrevet på en avvikende måte, men gjenkjent",
            },
            severity=Severity.INFO,
            columns=("closure_code",),
            check=lambda _ctx: pl.col("closure_code__tolerant"),
            message={
                "en": "'{closure_code__raw}' was read as '{closure_code}': write the exact label",
                "nb": "«{closure_code__raw}» ble lest som «{closure_code}»: skriv den "
                "nøyaktige koden",
            },
            description={
                "en": "The value is not the exact Norwegian label but was recognised (e.g. "
                "'Utfoert' for 'Utført', or surrounding spaces). Exports should use the "
                "exact labels.",
                "nb": "Verdien er ikke den nøyaktige koden, men ble gjenkjent (for eksempel "
                "«Utfoert» for «Utført», eller mellomrom rundt). Uttrekk bør bruke de "
                "nøyaktige kodene.",
            },
            basis="The codes are fixed labels in PO.",
            fails={"closure_code": "Utfoert"},
            passes={"closure_code": "Utført"},
        ),
        Rule(
            id="PO009",
            title={
                "en": "A timestamp or yes/no value could not be read",
                "nb": "Et tidspunkt eller en ja/nei-verdi kunne ikke leses",
            },
            severity=Severity.WARNING,
            columns=(),
            optional=_READ_COLUMNS,
            check=_po009,
            message=_po009_message,
            description={
                "en": "Timestamps are read as ISO 8601 or dd.mm.yyyy HH:MM[:SS], yes/no "
                "values as Ja/Nei, true/false, 1/0. An unreadable value is treated as "
                "unknown by the other rules, so they cannot check it.",
                "nb": "Tidspunkter leses som ISO 8601 eller dd.mm.åååå tt:mm[:ss], "
                "ja/nei-verdier som Ja eller Nei, true eller false, 1 eller 0. En verdi som "
                "ikke kan leses, regnes som ukjent av de andre reglene, så de kan ikke "
                "sjekke den.",
            },
            basis="The rules need the times and the resource facts of each task.",
            fails={"closure_code": "Utført", "created_at": "i går kveld"},
            passes={"closure_code": "Utført", "created_at": "31.01.2016 22:15"},
        ),
        Rule(
            id="PO010",
            title={
                "en": "The district's name was not in use when the task was created",
                "nb": "Distriktsnavnet var ikke i bruk da oppdraget ble opprettet",
            },
            severity=Severity.INFO,
            columns=("district", "created_at"),
            check=_po010,
            message=_po010_message,
            description={
                "en": "A name only of the 12 districts of 2016 on a task created before "
                "2016, or a name only of the 27 earlier districts on a task created after "
                "its operations centre merged into the new district's (Finnmark "
                "2017-02-22; Nordland and Troms, with Midtre Hålogaland, 2017-05-31; Øst "
                "2018-03-07; Sør-Øst about 2018-04-30; 2018-05-01 where no date is known). "
                "Names of both generations (Oslo, Agder, Troms) and harmonised units "
                "always fit. A series written with the 2016 names for every year (no "
                "pre-2016 row uses an old-only name) is harmonised, not wrong: the rule "
                "stays silent on it and the report says so once.",
                "nb": "Et navn som bare finnes blant de 12 distriktene fra 2016 på et "
                "oppdrag fra før 2016, eller et navn som bare finnes blant de 27 tidligere "
                "distriktene på et oppdrag fra etter at operasjonssentralen ble slått sammen "
                "med det nye distriktets (Finnmark 22.02.2017; Nordland og Troms, med "
                "Midtre Hålogaland, 31.05.2017; Øst 07.03.2018; Sør-Øst omkring "
                "30.04.2018; 01.05.2018 der datoen ikke er kjent). Navn fra begge "
                "generasjoner (Oslo, Agder, Troms) og harmoniserte enheter passer alltid. "
                "En serie skrevet med navnene fra 2016 for alle år (ingen rad fra før 2016 "
                "bruker et navn som bare fantes før) er harmonisert, ikke feil: regelen "
                "sier ingenting om den, og rapporten nevner det én gang.",
            },
            basis="The police reform replaced 27 districts by 12 from 1 January 2016; the "
            "operations centres merged one by one until spring 2018.",
            fails=[
                {"closure_code": "Utført", "district": "Østfold", "created_at": "2009-05-01 12:00"},
                {"closure_code": "Utført", "district": "Øst", "created_at": "2010-05-01 12:00"},
            ],
            passes=[
                {"closure_code": "Utført", "district": "Østfold", "created_at": "2009-05-01 12:00"},
                {"closure_code": "Utført", "district": "Øst", "created_at": "2016-05-01 12:00"},
            ],
            note=TableNote(
                when=_po010_harmonised,
                text={
                    "en": "The series is harmonised: tasks before 2016 carry the 2016 "
                    "district names, so PO010 does not report them one by one.",
                    "nb": "Serien er harmonisert: oppdrag fra før 2016 har distriktsnavnene "
                    "fra 2016, så PO010 melder dem ikke hver for seg.",
                },
            ),
        ),
        Rule(
            id="PO101",
            title={
                "en": "With-resource code but no resource was assigned",
                "nb": "Kode for oppdrag med ressurs, men ingen ressurs er satt på oppdraget",
            },
            severity=Severity.ERROR,
            columns=("closure_code", "resource_assigned"),
            check=lambda _ctx: _with_resource() & ~pl.col("resource_assigned"),
            message=_po101_message,
            description={
                "en": "The nine with-resource codes may only be used when a resource was "
                "deployed. 'Feil melding' discovered before a resource was set is 'Ingen "
                "operative tiltak'.",
                "nb": "De ni kodene for oppdrag med ressurs kan bare brukes når ressurs er "
                "satt på oppdraget. «Feil melding» som avklares før ressurs er satt på "
                "oppdraget, er «Ingen operative tiltak».",
            },
            codes=wr,
            basis="Nine codes are only for tasks with a resource deployed.",
            fails={"closure_code": "Feil melding", "resource_assigned": "Nei"},
            passes={"closure_code": "Feil melding", "resource_assigned": "Ja"},
        ),
        Rule(
            id="PO102",
            title={
                "en": "Without-resource code but a resource was assigned",
                "nb": "Kode for oppdrag uten ressurs, men ressurs er satt på oppdraget",
            },
            severity=Severity.ERROR,
            columns=("closure_code", "resource_assigned"),
            optional=("resource_redeployed",),
            check=_po102,
            message=_po102_message,
            description={
                "en": "The without-resource codes may only be used when no resource was "
                "deployed. Exceptions: 'Ikke kapasitet' when the assigned resource was "
                "redeployed; 'Overtatt', where a patrol that hands the task over is routine "
                "(PO107); and a redeployed resource on 'Ingen operative tiltak', 'Falsk "
                "melding' or 'Ordnet internt', which PO106 reports. Instead of 'Falsk "
                "melding' with a resource, use e.g. 'Muntlig pålegg', 'Videre "
                "oppfølgingstiltak', 'Uten resultat' or 'Bortfalt'.",
                "nb": "Kodene for oppdrag uten ressurs kan bare brukes når ingen ressurs er "
                "satt på oppdraget. Unntak: «Ikke kapasitet» når ressursen ble omdisponert; "
                "«Overtatt», der en patrulje som overlater oppdraget til andre er vanlig "
                "(PO107); og en omdisponert ressurs på «Ingen operative tiltak», «Falsk "
                "melding» eller «Ordnet internt», som PO106 melder. I stedet for «Falsk "
                "melding» med ressurs brukes for eksempel «Muntlig pålegg», «Videre "
                "oppfølgingstiltak», «Uten resultat» eller «Bortfalt».",
            },
            codes=_without_overtatt(),
            basis="Five codes are only for tasks without a resource.",
            fails={"closure_code": "Falsk melding", "resource_assigned": "Ja"},
            passes={"closure_code": "Falsk melding", "resource_assigned": "Nei"},
        ),
        Rule(
            id="PO103",
            title={
                "en": "'Ikke kapasitet' with a resource assigned, redeployment unknown",
                "nb": "«Ikke kapasitet» med ressurs satt på oppdraget, ukjent om den ble "
                "omdisponert",
            },
            severity=Severity.WARNING,
            columns=("closure_code", "resource_assigned"),
            optional=("resource_redeployed",),
            check=_po103,
            message={
                "en": "'Ikke kapasitet' with resource_assigned true is only right when the "
                "resource was redeployed, and resource_redeployed is unknown: record it",
                "nb": "«Ikke kapasitet» med ressurs satt på oppdraget er bare riktig når "
                "ressursen ble omdisponert, og det er ukjent om den ble det: registrer "
                "omdisponeringen",
            },
            description={
                "en": "With a resource assigned, 'Ikke kapasitet' is only right when that "
                "resource was redeployed. Without a resource_redeployed value this cannot "
                "be checked.",
                "nb": "Med ressurs satt på oppdraget er «Ikke kapasitet» bare riktig når "
                "ressursen ble omdisponert. Uten verdi for omdisponering kan dette ikke "
                "sjekkes.",
            },
            codes=(_C.IKKE_KAPASITET,),
            basis="'Ikke kapasitet' also covers a resource taken away with no other free.",
            fails={"closure_code": "Ikke kapasitet", "resource_assigned": "Ja"},
            passes={
                "closure_code": "Ikke kapasitet",
                "resource_assigned": "Ja",
                "resource_redeployed": "Ja",
            },
        ),
        Rule(
            id="PO104",
            title={
                "en": "Without-resource code with an arrival time",
                "nb": "Kode for oppdrag uten ressurs, men med ankomsttid",
            },
            severity=Severity.WARNING,
            columns=("closure_code", "arrived_at"),
            check=_po104,
            message=_po104_message,
            description={
                "en": "An arrival time means a resource reached the scene, which the "
                "without-resource codes rule out ('Overtatt' aside: a patrol that hands over "
                "is routine, PO107). For 'Ikke kapasitet', a resource that "
                "arrived and was then taken away makes the task 'Ikke utført'.",
                "nb": "En ankomsttid betyr at en ressurs kom fram, og det passer ikke med "
                "kodene for oppdrag uten ressurs («Overtatt» unntatt: en patrulje som "
                "overlater oppdraget er vanlig, PO107). For «Ikke kapasitet»: kom ressursen "
                "fram og ble tatt bort, er oppdraget «Ikke utført».",
            },
            codes=_without_overtatt(),
            basis="'Ikke utført' is the code when the resource had to be reprioritised.",
            fails={"closure_code": "Ikke kapasitet", "arrived_at": t1},
            passes={"closure_code": "Ikke kapasitet", "arrived_at": None},
        ),
        Rule(
            id="PO105",
            title={
                "en": "Resource redeployed, but none was assigned",
                "nb": "Ressurs omdisponert, men ingen ressurs var satt på oppdraget",
            },
            severity=Severity.ERROR,
            columns=("resource_assigned", "resource_redeployed"),
            check=lambda _ctx: pl.col("resource_redeployed") & ~pl.col("resource_assigned"),
            message={
                "en": "resource_redeployed is true but resource_assigned is false: only an "
                "assigned resource can be redeployed; correct one of them",
                "nb": "oppdraget er merket omdisponert, men ingen ressurs var satt på "
                "oppdraget: bare en ressurs satt på oppdraget kan omdisponeres; rett opp ett "
                "av feltene",
            },
            description={
                "en": "Redeployment takes an assigned resource away to another task, so it "
                "needs one.",
                "nb": "Omdisponering tar en ressurs satt på oppdraget bort til et annet "
                "oppdrag, så det må finnes en.",
            },
            basis="'Ikke kapasitet' also covers an assigned resource that was redeployed.",
            fails={
                "closure_code": "Ikke kapasitet",
                "resource_assigned": "Nei",
                "resource_redeployed": "Ja",
            },
            passes={
                "closure_code": "Ikke kapasitet",
                "resource_assigned": "Ja",
                "resource_redeployed": "Ja",
            },
        ),
        Rule(
            id="PO106",
            title={
                "en": "A resource was taken away, but the code is not 'Ikke kapasitet'",
                "nb": "En ressurs ble tatt bort, men koden er ikke «Ikke kapasitet»",
            },
            severity=Severity.WARNING,
            columns=("closure_code", "resource_redeployed"),
            optional=("arrived_at",),
            check=lambda _ctx: _is(*_TAKEN_AWAY) & pl.col("resource_redeployed"),
            message=_po106_message,
            description={
                "en": "A resource set on the task and taken away (redeployed) with no other "
                "free is the source's own case for 'Ikke kapasitet', or 'Ikke utført' when "
                "the resource had arrived. 'Ingen operative tiltak', 'Falsk melding' and "
                "'Ordnet internt' hide it. Such rows get this warning, not PO102.",
                "nb": "En ressurs som ble satt på oppdraget og tatt bort (omdisponert) uten "
                "at en annen var ledig, er nettopp tilfellet for «Ikke kapasitet», eller "
                "«Ikke utført» når ressursen var kommet fram. «Ingen operative tiltak», "
                "«Falsk melding» og «Ordnet internt» skjuler det. Slike rader får denne "
                "advarselen, ikke PO102.",
            },
            codes=_TAKEN_AWAY,
            basis="'Ikke kapasitet' also covers an assigned resource that was redeployed "
            "with no other available.",
            fails={
                "closure_code": "Ingen operative tiltak",
                "resource_assigned": "Ja",
                "resource_redeployed": "Ja",
            },
            passes={
                "closure_code": "Ikke kapasitet",
                "resource_assigned": "Ja",
                "resource_redeployed": "Ja",
            },
        ),
        Rule(
            id="PO107",
            title={
                "en": "'Overtatt' with a resource or an arrival time",
                "nb": "«Overtatt» med ressurs satt på oppdraget eller ankomsttid",
            },
            severity=Severity.INFO,
            columns=(),
            optional=("resource_assigned", "arrived_at"),
            check=_po107,
            message={
                "en": "'Overtatt' with a resource on the task or an arrival time: routine "
                "when a patrol hands the task over (e.g. to health services or child "
                "welfare); noted for completeness",
                "nb": "«Overtatt» med ressurs satt på oppdraget eller ankomsttid: vanlig når "
                "en patrulje overlater oppdraget til andre (for eksempel helsevesenet eller "
                "barnevernsvakta); tatt med for fullstendighetens skyld",
            },
            description={
                "en": "'Overtatt' is a without-resource code, but a patrol that arrives and "
                "hands over to health services or child welfare is routine, so this is "
                "only noted (PO102 and PO104 do not fire on 'Overtatt').",
                "nb": "«Overtatt» er en kode for oppdrag uten ressurs, men at en patrulje "
                "kommer fram og overlater oppdraget til helsevesenet eller barnevernet, er "
                "vanlig; derfor bare en merknad (PO102 og PO104 gjelder ikke «Overtatt»).",
            },
            codes=(_C.OVERTATT,),
            basis="'Overtatt': handled by others, external or internal.",
            fails={"closure_code": "Overtatt", "resource_assigned": "Ja", "handled_by": "Helse"},
            passes={"closure_code": "Overtatt", "resource_assigned": "Nei", "handled_by": "Helse"},
        ),
        Rule(
            id="PO201",
            title={
                "en": "'Sak opprettet' without a case number",
                "nb": "«Sak opprettet» uten saksnummer",
            },
            severity=Severity.ERROR,
            columns=("closure_code", "case_number"),
            check=lambda _ctx: _is(_C.SAK_OPPRETTET) & _missing("case_number"),
            message={
                "en": "'Sak opprettet' needs the case number from BL in case_number: add it, "
                "or use 'Videre oppfølgingstiltak' if no case was created yet",
                "nb": "«Sak opprettet» krever saksnummeret fra BL: før det inn, eller bruk "
                "«Videre oppfølgingstiltak» hvis saken ikke er opprettet ennå",
            },
            description={
                "en": "'Sak opprettet' means a case exists in BL and its number is in the "
                "task log.",
                "nb": "«Sak opprettet» betyr at det finnes en sak i BL, og at saksnummeret "
                "står i oppdragsloggen.",
            },
            codes=(_C.SAK_OPPRETTET,),
            basis="The case number from BL is entered in the task log.",
            fails={"closure_code": "Sak opprettet", "case_number": "-"},
            passes={"closure_code": "Sak opprettet", "case_number": "BL-77"},
        ),
        Rule(
            id="PO202",
            title={
                "en": "'Videre oppfølgingstiltak' with a case number",
                "nb": "«Videre oppfølgingstiltak» med saksnummer",
            },
            severity=Severity.INFO,
            columns=("closure_code", "case_number"),
            check=lambda _ctx: _is(_C.VIDERE_OPPFOLGINGSTILTAK) & ~_missing("case_number"),
            message={
                "en": "'Videre oppfølgingstiltak' with case number '{case_number}': a case "
                "exists, so 'Sak opprettet' is likely right",
                "nb": "«Videre oppfølgingstiltak» med saksnummer «{case_number}»: saken "
                "finnes, så «Sak opprettet» er trolig riktig",
            },
            description={
                "en": "'Videre oppfølgingstiltak' is for tasks closed before a case was "
                "created; a case number suggests 'Sak opprettet'. Often the case was simply "
                "created after the task closed, as the code's own timeline says, so this "
                "is only noted.",
                "nb": "«Videre oppfølgingstiltak» er for oppdrag som avsluttes før sak er "
                "opprettet; et saksnummer tyder på «Sak opprettet». Ofte ble saken bare "
                "opprettet etter at oppdraget ble avsluttet, slik kodens egen tidslinje "
                "sier, så dette er bare en merknad.",
            },
            codes=(_C.VIDERE_OPPFOLGINGSTILTAK,),
            basis="The code is used when the task closes before the case is created.",
            fails={"closure_code": "Videre oppfølgingstiltak", "case_number": "BL-77"},
            passes={"closure_code": "Videre oppfølgingstiltak", "case_number": None},
        ),
        Rule(
            id="PO203",
            title={
                "en": f"'Ikke kapasitet' with a priority less urgent than {threshold.value} "
                f"({calm['en']})",
                "nb": f"«Ikke kapasitet» med lavere prioritet enn {threshold.value} ({calm['nb']})",
            },
            severity=Severity.WARNING,
            columns=("closure_code", "priority"),
            check=_po203,
            message={
                "en": "'Ikke kapasitet' with priority {priority}: the code is for tasks of "
                f"priority {urgent['en']} that should have had a resource",
                "nb": "«Ikke kapasitet» med prioritet {priority}: koden er for oppdrag med "
                f"prioritet {urgent['nb']} som skulle hatt ressurs",
            },
            description={
                "en": "'Ikke kapasitet' is for police matters OPS wanted a resource on, "
                "given priority 3 or higher. We read 'higher' as 'more urgent' (1, 2 or "
                "3); the threshold is the priority_threshold argument of po.validate.",
                "nb": "«Ikke kapasitet» er for politisaker der OPS ville sende ressurs, med "
                "prioritet 3 eller høyere (1–3): vi leser «høyere» som «mer hastende». "
                "Grensen er argumentet priority_threshold i po.validate.",
            },
            codes=(_C.IKKE_KAPASITET,),
            basis="'Ikke kapasitet' is used for tasks of priority 3 or higher.",
            fails={"closure_code": "Ikke kapasitet", "priority": "5"},
            passes={"closure_code": "Ikke kapasitet", "priority": "2"},
        ),
        Rule(
            id="PO204",
            title={
                "en": f"'Ingen operative tiltak' with priority {urgent['en']}",
                "nb": f"«Ingen operative tiltak» med prioritet {urgent['nb']}",
            },
            severity=Severity.WARNING,
            columns=("closure_code", "priority"),
            check=_po204,
            message={
                "en": "'Ingen operative tiltak' with priority {priority}: an urgent task "
                "without action may really be 'Ikke kapasitet'; the code is right when the "
                "report proved wrong before a resource was set (the task keeps its urgent "
                "priority)",
                "nb": "«Ingen operative tiltak» med prioritet {priority}: et hastende oppdrag "
                "uten tiltak kan egentlig være «Ikke kapasitet»; koden er riktig når "
                "meldingen viste seg å være feil før ressurs ble satt på oppdraget "
                "(oppdraget beholder da den hastende prioriteten)",
            },
            description={
                "en": "'Ingen operative tiltak' usually has priority INGEN and must never "
                f"replace 'Ikke kapasitet'. Priority {urgent['en']} (the priority_threshold "
                "of po.validate, as for PO203) suggests it did, unless the report proved "
                "wrong before a resource was set: then the code is right and the task keeps "
                "its urgent priority.",
                "nb": "«Ingen operative tiltak» har som regel prioritet INGEN og skal aldri "
                f"erstatte «Ikke kapasitet». Prioritet {urgent['nb']} (priority_threshold i "
                "po.validate, som for PO203) tyder på at den gjorde det, med mindre "
                "meldingen viste seg å være feil før ressurs ble satt på oppdraget: da er "
                "koden riktig, og oppdraget beholder den hastende prioriteten.",
            },
            codes=(_C.INGEN_OPERATIVE_TILTAK, _C.IKKE_KAPASITET),
            basis="'Ingen operative tiltak' must never be used instead of 'Ikke kapasitet'.",
            fails={"closure_code": "Ingen operative tiltak", "priority": "2"},
            passes={"closure_code": "Ingen operative tiltak", "priority": "INGEN"},
        ),
        Rule(
            id="PO205",
            title={
                "en": "'Ordnet på stedet' without incident type",
                "nb": "«Ordnet på stedet» uten forholdets art",
            },
            severity=Severity.INFO,
            columns=("closure_code", "incident_type"),
            check=lambda _ctx: _is(_C.ORDNET_PA_STEDET) & _missing("incident_type"),
            message={
                "en": "'Ordnet på stedet' is tied to the nature of the incident, but "
                "incident_type is empty",
                "nb": "«Ordnet på stedet» knyttes til forholdets art, men forholdets art mangler",
            },
            description={
                "en": "'Ordnet på stedet' is related to the nature of the incident "
                "(forholdets art), e.g. public disorder; the code does not require it, so "
                "a missing incident type is only noted.",
                "nb": "«Ordnet på stedet» henger sammen med forholdets art, for eksempel "
                "ordensforstyrrelse; koden krever den ikke, så manglende forholdets art er "
                "bare en merknad.",
            },
            codes=(_C.ORDNET_PA_STEDET,),
            basis="'Ordnet på stedet' is tied to the nature of the incident.",
            fails={"closure_code": "Ordnet på stedet", "incident_type": None},
            passes={"closure_code": "Ordnet på stedet", "incident_type": "Ordensforstyrrelse"},
        ),
        Rule(
            id="PO206",
            title={
                "en": "'Ordnet på stedet' or 'Uten resultat' without arrival time",
                "nb": "«Ordnet på stedet» eller «Uten resultat» uten ankomsttid",
            },
            severity=Severity.INFO,
            columns=("closure_code", "arrived_at"),
            check=_po206,
            message={
                "en": "'{closure_code}' means the patrol was on scene, but arrived_at is empty",
                "nb": "«{closure_code}» betyr at patruljen var på stedet, men ankomsttiden mangler",
            },
            description={
                "en": "Both codes say the patrol reached the scene, so an arrival time is "
                "expected when the export has an arrived_at column. Arrival times were "
                "registered incompletely for years (the National Police Directorate said so "
                "in 2015), so a missing one is only noted.",
                "nb": "Begge kodene sier at patruljen kom fram, så en ankomsttid ventes når "
                "uttrekket har en slik kolonne. Ankomsttider ble i mange år registrert "
                "ufullstendig (Politidirektoratet sa det i 2015), så en manglende "
                "ankomsttid er bare en merknad.",
            },
            codes=(_C.ORDNET_PA_STEDET, _C.UTEN_RESULTAT),
            basis="Both codes describe a patrol on scene.",
            fails={"closure_code": "Uten resultat", "arrived_at": None},
            passes={"closure_code": "Uten resultat", "arrived_at": t1},
        ),
        Rule(
            id="PO207",
            title={"en": "'Overtatt' without handled_by", "nb": "«Overtatt» uten hvem som overtok"},
            severity=Severity.INFO,
            columns=("closure_code", "handled_by"),
            check=lambda _ctx: _is(_C.OVERTATT) & _missing("handled_by"),
            message={
                "en": "'Overtatt' without handled_by: record who took over (another "
                "district, health services, child welfare...)",
                "nb": "«Overtatt» uten hvem som overtok: registrer hvem (annet distrikt, "
                "helsevesen, barnevernsvakt ...)",
            },
            description={
                "en": "'Overtatt' means someone else handles the task; saying who makes the "
                "figure useful.",
                "nb": "«Overtatt» betyr at andre håndterer oppdraget; å si hvem gjør tallet "
                "nyttig.",
            },
            codes=(_C.OVERTATT,),
            basis="'Overtatt' names tasks handled by others, internal or external.",
            fails={"closure_code": "Overtatt", "handled_by": None},
            passes={"closure_code": "Overtatt", "handled_by": "Helse"},
        ),
        Rule(
            id="PO208",
            title={
                "en": "A case number on a code that says no follow-up",
                "nb": "Saksnummer på en kode som sier at ingen oppfølging trengs",
            },
            severity=Severity.INFO,
            columns=("closure_code", "case_number"),
            check=lambda _ctx: _is(*_NO_FOLLOW_UP) & ~_missing("case_number"),
            message={
                "en": "'{closure_code}' with case number '{case_number}': the code says no "
                "further follow-up, but a case exists, so 'Sak opprettet' is likely right",
                "nb": "«{closure_code}» med saksnummer «{case_number}»: koden sier at ingen "
                "oppfølging trengs, men saken finnes, så «Sak opprettet» er trolig riktig",
            },
            description={
                "en": "'Utført', 'Muntlig pålegg' and 'Uten resultat' all say nothing more "
                "is done; a case number may mean 'Sak opprettet'. It may also be the "
                "number of an existing case the task served (transport, guarding, an "
                "arrest), so this is only noted.",
                "nb": "«Utført», «Muntlig pålegg» og «Uten resultat» sier alle at ingenting "
                "mer gjøres; et saksnummer kan bety «Sak opprettet». Det kan også være "
                "nummeret på en sak som finnes fra før, som oppdraget gjaldt (transport, "
                "vakthold, pågripelse), så dette er bare en merknad.",
            },
            codes=_NO_FOLLOW_UP,
            basis="These three codes close a task with nothing further to do.",
            fails={"closure_code": "Utført", "case_number": "BL-77"},
            passes={"closure_code": "Utført", "case_number": None},
        ),
    )


RULES: Final[tuple[Rule, ...]] = build_rules()
"""The built-in rules in id order, with the default priority threshold 3."""


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
