"""The validation engine: every selected rule as a column of one lazy polars query.

It runs in named stages and never names a rule: :func:`_setup` checks the arguments and
chooses the rules; :func:`_inputs` reads only what they need (a rule's
:class:`~po_codes._rules.FastPath` adds its first-pass queries to the first reading);
:func:`_decide_notes` decides the table notes (whole-table aggregates) in a query of
their own, so the checks' query stays elementwise and streams; :func:`_stage` builds the
prepared table, reading a column's value only where a check's expression names it
(``meta.root_names()``), and the flags; :func:`_failing` collects the failing rows
compactly (index and flags) in one run; :class:`_Details` reads what the messages show
for the rows a report lists; :func:`_outcome`, :func:`_notes` and :func:`_valid_plan`
make the report (:func:`_report`).
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, overload

import attrs
import polars as pl

from po_codes._columns import CANONICAL
from po_codes._districts import district_names_dtype
from po_codes._errors import InvalidArgumentError, RuleError, UnknownRuleError
from po_codes._frames import as_frame
from po_codes._i18n import check_lang, text
from po_codes._normalize import resolve
from po_codes._priority import Priority
from po_codes._report import RuleOutcome, ValidationReport, flag_name, row_name
from po_codes._rules import (
    FastPath,
    Language,
    Rule,
    RuleContext,
    Severity,
    build_rules,
    pick,
)
from po_codes._values import (
    ENGINE,
    WRITTEN,
    ColumnReading,
    collect_spellings,
    order_is_fixed,
    readings_of,
)

if TYPE_CHECKING:
    from po_codes._rules._model import PreparedPath

__all__ = ["validate"]

_TEXT_ALWAYS: Final = ("task_id", "closure_code")  # shown beside every failure


@overload
def validate(
    frame: pl.DataFrame,
    *,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    severity: Mapping[str, Severity | str] | None = None,
    rules: Iterable[Rule] = (),
    columns: Mapping[str, str] | None = None,
    priority_threshold: Priority | int | str = 3,
    max_failures: int | None = None,
    thresholds: Mapping[str, float] | None = None,
    lang: Language = "en",
    task_key: Iterable[str] | str = ("task_id",),
) -> ValidationReport[pl.DataFrame]: ...
@overload
def validate(
    frame: pl.LazyFrame,
    *,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    severity: Mapping[str, Severity | str] | None = None,
    rules: Iterable[Rule] = (),
    columns: Mapping[str, str] | None = None,
    priority_threshold: Priority | int | str = 3,
    max_failures: int | None = None,
    thresholds: Mapping[str, float] | None = None,
    lang: Language = "en",
    task_key: Iterable[str] | str = ("task_id",),
) -> ValidationReport[pl.LazyFrame]: ...
@overload
def validate(
    frame: Any,
    *,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    severity: Mapping[str, Severity | str] | None = None,
    rules: Iterable[Rule] = (),
    columns: Mapping[str, str] | None = None,
    priority_threshold: Priority | int | str = 3,
    max_failures: int | None = None,
    thresholds: Mapping[str, float] | None = None,
    lang: Language = "en",
    task_key: Iterable[str] | str = ("task_id",),
) -> ValidationReport[pl.DataFrame]: ...
def validate(
    frame: pl.DataFrame | pl.LazyFrame | Any,
    *,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    severity: Mapping[str, Severity | str] | None = None,
    rules: Iterable[Rule] = (),
    columns: Mapping[str, str] | None = None,
    priority_threshold: Priority | int | str = 3,
    max_failures: int | None = None,
    thresholds: Mapping[str, float] | None = None,
    lang: Language = "en",
    task_key: Iterable[str] | str = ("task_id",),
) -> ValidationReport[pl.DataFrame] | ValidationReport[pl.LazyFrame]:
    """Check PO task rows against every rule and account for every row.

    All selected rules run as boolean columns of one lazy polars query; the rows that
    fail something are kept compactly (their positions and which rules they fail), and
    messages are written only for the failures a report lists. Raw exports
    work: headers are matched through the aliases and values are read by the one
    reader every path uses (see :func:`po_codes.normalize`), so a raw frame, the same
    file through :func:`po_codes.read_tasks` or :func:`po_codes.scan_tasks`, and its
    normalised form give the same report.

    Parameters
    ----------
    frame
        Task rows, raw or normalised: a DataFrame, a LazyFrame (any plan), or any
        object exporting Arrow (pandas, pyarrow, DuckDB...), read as a DataFrame.
    select
        Rule ids or prefixes to run (``"PO1"`` selects PO101–PO105); default all.
    ignore
        Rule ids or prefixes to leave out.
    severity
        Severity overrides, e.g. ``{"PO203": "error"}``.
    rules
        Extra :class:`~po_codes.Rule` objects; one with a built-in id replaces it.
    columns
        Explicit ``{"input column": "canonical column"}`` entries.
    priority_threshold
        The least urgent priority that counts as "3 or higher" (1–3) for PO203 and PO204.
    max_failures
        List at most this many failing rows per rule in
        :attr:`~po_codes.ValidationReport.failures` (None: all). Counts stay exact;
        :attr:`~po_codes.ValidationReport.truncated` says whether rows were left out.
    thresholds
        Shares of rows by rule id or prefix, e.g. ``{"PO205": 0.05}``: the rule passes
        while fewer than that share of all rows fail it (its failures are still listed,
        and its rows still count for :meth:`~po_codes.ValidationReport.invalid_rows`).
    lang
        ``"en"`` (default) or ``"nb"``: the language of rule titles, messages and the
        report's text and HTML. Closure codes keep their Norwegian labels in both.
    task_key
        The canonical columns that together identify a task, for PO003 (default
        ``("task_id",)``); ``("district", "task_id")`` where ids are unique per
        district only. A string is one column or a comma-separated list.

    Returns
    -------
    ValidationReport
        Counts per rule, failing rows, and the valid and invalid rows.

    Raises
    ------
    MissingColumnError
        If no column holds closure codes.
    SchemaError
        If a column cannot hold its values, or ``columns`` is wrong.
    UnknownRuleError
        If ``select``, ``ignore`` or ``severity`` names no rule.
    InvalidArgumentError
        If a severity override or ``lang`` is not a possible value.
    RuleError
        If a user rule's check is not a boolean expression over the table.
    TypeError
        If ``frame`` is not a frame or ``rules`` holds something else.

    Notes
    -----
    For a LazyFrame the report never relies on the plan giving its rows in the same
    order twice: the failing rows are collected once, with the values their messages
    read (every column of the rows an error rule fails), and
    :meth:`~po_codes.ValidationReport.valid_rows` re-runs the checks as a filter.
    Only PO003's "first occurrence" follows the order of the run that decides it.

    Examples
    --------
    >>> import polars as pl
    >>> import po_codes as po
    >>> df = pl.DataFrame(
    ...     {
    ...         "Avslutningskode": ["Falsk melding", "Utfoert"],
    ...         "Ressurs": ["Ja", "Ja"],
    ...     }
    ... )
    >>> report = po.validate(df)
    >>> report.ok
    False
    >>> report.summary.filter(status="failed")["rule_id"].to_list()
    ['PO008', 'PO102']
    """
    frame = _fixed_order(as_frame(frame))
    setup = _setup(
        frame, select=select, ignore=ignore, severity=severity, rules=rules, columns=columns,
        priority_threshold=priority_threshold, lang=lang, task_key=task_key,
        max_failures=max_failures, thresholds=thresholds,
    )  # fmt: skip
    inputs = _inputs(frame, setup)
    return _report(frame, _decide_notes(frame, setup, inputs), inputs)


def _report(
    frame: pl.DataFrame | pl.LazyFrame, setup: _Setup, inputs: _Inputs
) -> ValidationReport[pl.DataFrame] | ValidationReport[pl.LazyFrame]:
    """Run the checks over ``frame`` and make the report."""
    stage = _stage(frame, setup, inputs)
    failing, n_rows = _failing(frame, setup, inputs, stage)
    common: dict[str, Any] = {
        "n_rows": n_rows, "failing": failing, "context": setup.ctx, "row": inputs.row,
        "outcomes": [_outcome(rule, setup, failing) for rule in setup.chosen],
        "notes": _notes(setup, inputs), "max_failures": setup.cap,
        "thresholds": setup.shares, "details": _details(frame, setup, inputs),
    }  # fmt: skip
    if isinstance(frame, pl.LazyFrame):
        plan = _valid_plan(setup, inputs, stage)
        return ValidationReport(source=frame, inputs=inputs.inputs, valid_plan=plan, **common)
    return ValidationReport(source=frame, **common)


def _fixed_order(frame: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame | pl.LazyFrame:
    """A plan whose row order may differ between runs (join, unique, group_by) collected.

    Failing and valid rows then come from that one collection.
    """
    if isinstance(frame, pl.LazyFrame) and not order_is_fixed(frame):
        return frame.collect(engine=ENGINE).lazy()
    return frame


# -- the stages ------------------------------------------------------------------------------


@attrs.frozen
class _Setup:
    """The arguments checked: the rules chosen and what they run with."""

    ctx: RuleContext
    chosen: list[Rule]
    runnable: list[Rule]
    effective: dict[str, Severity]
    schema: pl.Schema
    mapping: dict[str, str]
    user: bool  # a user rule runs: every column is read, with its text
    cap: int | None  # max_failures, checked
    shares: dict[str, float]  # thresholds by rule id, checked


def _setup(
    frame: pl.DataFrame | pl.LazyFrame,
    *,
    select: Iterable[str] | str | None,
    ignore: Iterable[str] | str | None,
    severity: Mapping[str, Severity | str] | None,
    rules: Iterable[Rule],
    columns: Mapping[str, str] | None,
    priority_threshold: Priority | int | str,
    lang: Language,
    task_key: Iterable[str] | str,
    max_failures: int | None,
    thresholds: Mapping[str, float] | None,
) -> _Setup:
    """Check the arguments, resolve the headers and choose the rules."""
    check_lang(lang)  # any language with a catalogue (po_codes._i18n.LANGS)
    threshold = Priority.parse(priority_threshold)
    key = _task_key(task_key)
    schema, mapping = resolve(frame, columns)
    builtin = build_rules(threshold, key)
    catalogue = _catalogue(builtin, rules)
    chosen = _choose(catalogue, select, ignore)
    overrides = _overrides(catalogue, severity)
    present = frozenset(mapping.values())
    ctx = RuleContext(
        columns=present,
        priority_threshold=threshold,
        lang=lang,
        task_key=key,
        headers=tuple((target, source) for source, target in mapping.items()),
    )
    runnable = [rule for rule in chosen if not rule.runnable(present)]
    return _Setup(
        ctx=ctx,
        chosen=chosen,
        runnable=runnable,
        effective={rule.id: overrides.get(rule.id, rule.severity) for rule in chosen},
        schema=schema,
        mapping=dict(mapping),
        user=any(rule not in builtin for rule in runnable),
        cap=_max_failures(max_failures),
        shares=_thresholds(catalogue, thresholds),
    )


@attrs.frozen
class _Fast:
    """A rule whose flag comes from its fast path, prepared for this run."""

    rule: Rule
    target: str  # the canonical column it reads
    source: str  # that column's input name
    path: PreparedPath

    @property
    def candidate(self) -> str:
        return f"{flag_name(self.rule)}__candidate"


@attrs.frozen
class _Inputs:
    """What is read, and how: the readings, the fast paths, the names."""

    used: dict[str, str]  # input column -> canonical column, for what the rules read
    readings: dict[str, ColumnReading]  # over the input as it is
    carried: dict[str, ColumnReading]  # over the input carried under private names
    fast: list[_Fast]
    row: str
    names: list[str]  # the input's columns
    private: dict[str, str]  # input column -> its private name in the stage

    @property
    def inputs(self) -> dict[str, str]:
        return {self.private[name]: name for name in self.names}


def _inputs(frame: pl.DataFrame | pl.LazyFrame, setup: _Setup) -> _Inputs:
    """Read only what the selected rules look at (everything once a user rule runs)."""
    needed = _needed(setup.runnable, setup.ctx.columns, user=setup.user)
    used = {source: target for source, target in setup.mapping.items() if target in needed}
    declared = _fast_paths(setup, used)
    queries = [path.first_pass(frame.lazy(), source) for _, path, _, source in declared]
    flat = [query for part in queries for query in part]
    spellings, found = collect_spellings(frame, used, setup.schema, flat)
    lazy = isinstance(frame, pl.LazyFrame)
    fast = []
    for (rule, path, target, source), part in zip(declared, queries, strict=True):
        mine = found[: len(part)]
        del found[: len(part)]  # each path frees what it found once it is prepared
        fast.append(_Fast(rule, target, source, path.prepare(mine, lazy=lazy)))
    names = setup.schema.names()
    row = row_name(names)
    private = {name: f"{row}_in{i}" for i, name in enumerate(names)}
    shown = {s: t for s, t in setup.mapping.items() if t in needed or t in _TEXT_ALWAYS}
    return _Inputs(
        used=used,
        # User checks may treat the district as text; built-in checks compare names only.
        readings=readings_of(used, setup.schema, spellings, districts_as=_districts_as(setup)),
        carried=readings_of(shown, setup.schema, spellings, names=private),
        fast=fast,
        row=row,
        names=names,
        private=private,
    )


def _districts_as(setup: _Setup) -> pl.DataType | None:
    """The stage's district dtype: an Enum of every name unless a user rule runs."""
    return None if setup.user else district_names_dtype()


def _fast_paths(setup: _Setup, used: Mapping[str, str]) -> list[tuple[Rule, FastPath, str, str]]:
    """(rule, path, canonical column, input column) of each rule whose fast path applies."""
    found = []
    for rule in setup.runnable:
        if rule.fast is None:
            continue
        target = rule.fast.column(setup.ctx)
        source = next((s for s, t in used.items() if t == target), None)
        if target is not None and source is not None:
            found.append((rule, rule.fast, target, source))
    return found


def _decide_notes(frame: pl.DataFrame | pl.LazyFrame, setup: _Setup, inputs: _Inputs) -> _Setup:
    """``setup`` with every table note decided, in a query of its own (one row).

    A note's condition is an aggregate over the whole table: inside the checks' query
    it would make a streamed run hold every row until the aggregate is known (a 1 GB
    export: 3x the memory). Decided first, the checks read each one as a constant
    (:meth:`~po_codes.RuleContext.noted`), and the checks' query streams.
    """
    marks = {rule.id: _note(rule, setup.ctx) for rule in setup.runnable if rule.note is not None}
    if not marks:
        return setup
    roots = frozenset(name for mark in marks.values() for name in mark.meta.root_names())
    table = _table(frame, inputs.row, *_prepared(setup, inputs, roots))
    for rule_id, mark in marks.items():
        _dtype(rule_id, "note's condition", mark, table)
    engine = ENGINE if isinstance(frame, pl.LazyFrame) else "auto"
    found = table.select(mark.first().alias(rule_id) for rule_id, mark in marks.items())
    first = found.collect(engine=engine).row(0, named=True)  # type: ignore[call-overload]
    decided = tuple((rule_id, bool(first[rule_id])) for rule_id in marks)
    return attrs.evolve(setup, ctx=attrs.evolve(setup.ctx, notes=decided))


def _prepared(
    setup: _Setup, inputs: _Inputs, roots: frozenset[str]
) -> tuple[list[pl.Expr], list[pl.Expr]]:
    """The prepared table's columns that checks and notes read, in two projections.

    See :func:`_read`; once a user rule runs, also the input's columns that no canonical
    column holds.
    """
    first, columns = _read(inputs.readings, roots, user=setup.user, private=inputs.row)
    prepared = [pl.col(inputs.row), *columns]
    if setup.user:
        prepared += [pl.col(n) for n in inputs.names if n not in setup.mapping and n != WRITTEN]
    return first, prepared


def _table(
    frame: pl.DataFrame | pl.LazyFrame, row: str, first: list[pl.Expr], prepared: list[pl.Expr]
) -> pl.LazyFrame:
    """``frame`` with its row index, the parsed values, then the ``prepared`` columns."""
    return frame.lazy().with_row_index(row).with_columns(first).select(prepared)


def _stage(frame: pl.DataFrame | pl.LazyFrame, setup: _Setup, inputs: _Inputs) -> pl.LazyFrame:
    """The prepared table: values the checks read, missing/unreadable facts, the flags."""
    quick = {f.rule.id for f in inputs.fast}
    checks = {r.id: _check(r, setup.ctx) for r in setup.runnable if r.id not in quick}
    roots = frozenset(name for check in checks.values() for name in check.meta.root_names())
    names, private = inputs.names, inputs.private
    first, prepared = _prepared(setup, inputs, roots)
    for fast in inputs.fast:
        written = ~inputs.readings[fast.target].missing
        prepared.append(fast.path.candidate(pl.col(fast.source), written).alias(fast.candidate))
    lazy = isinstance(frame, pl.LazyFrame)
    shown = list(inputs.carried)
    sources = {t: s for s, t in setup.mapping.items()}
    marks = [WRITTEN] if WRITTEN in setup.schema else []
    carried = names if lazy else [sources[t] for t in shown if t in sources] + marks
    prepared += [pl.col(name).alias(private[name]) for name in dict.fromkeys(carried)]
    stage = _table(frame, inputs.row, first, prepared)
    by_id = {fast.rule.id: fast for fast in inputs.fast}
    flags = [
        pl.col(by_id[rule.id].candidate).alias(flag_name(rule))
        if rule.id in by_id
        else _flag(rule, checks[rule.id], stage)
        for rule in setup.runnable
    ]
    return stage.with_columns(flags)


def _failing(
    frame: pl.DataFrame | pl.LazyFrame, setup: _Setup, inputs: _Inputs, flagged: pl.LazyFrame
) -> tuple[pl.DataFrame, int]:
    """The failing rows, compactly, and the row count, in one run.

    Built-in rules keep only each failing row's index and flags (a LazyFrame's rows
    also the input columns the messages read, and every input column where an error
    rule fails, for :meth:`~po_codes.ValidationReport.invalid_rows`); what the messages
    show is read for the rows a report lists (:func:`_details`). User rules keep what
    their messages may use.
    """
    flag_names = [flag_name(rule) for rule in setup.runnable]
    row = inputs.row
    lazy = isinstance(frame, pl.LazyFrame)
    if setup.user:  # user messages may use any column of the stage: kept as they are
        texts = [
            reading.text.alias(f"{target}__raw")
            for target, reading in inputs.carried.items()
            if target not in inputs.readings  # user rules have them already
        ]
        inner = {row, *inputs.private.values(), *flag_names}
        inner |= {fast.candidate for fast in inputs.fast}
        shown = [pl.col(c) for c in flagged.collect_schema().names() if c not in inner]
        shown += texts
        kept = [pl.col(inputs.private[name]) for name in inputs.names] if lazy else []
    else:
        shown = []
        kept = _kept(setup, inputs) if lazy else []
    fails = pl.any_horizontal(flag_names) if flag_names else pl.lit(value=False)
    plan = flagged.filter(fails).select(row, *flag_names, *shown, *kept)
    if isinstance(frame, pl.LazyFrame):
        failing, count = pl.collect_all([_owned(plan), frame.select(pl.len())], engine=ENGINE)
        n_rows = int(count.item())
    else:
        failing = plan.collect()
        n_rows = frame.height
    for fast in inputs.fast:  # candidates -> exact failures
        # A candidate that is not a failure stays among the failing rows with its flag
        # false (maybe every flag): every view selects rows by their flags, and dropping
        # them would copy the failing rows once more.
        if setup.user:
            key = f"{fast.target}__raw"
            failing = fast.path.exact(failing, row=row, flag=flag_name(fast.rule), key=key)
        else:
            failing = _exact(frame, inputs, fast, failing)
    return failing, n_rows


def _exact(
    frame: pl.DataFrame | pl.LazyFrame, inputs: _Inputs, fast: _Fast, failing: pl.DataFrame
) -> pl.DataFrame:
    """A fast path's candidates decided exactly, its key read for the candidates only."""
    row, flag, key = inputs.row, flag_name(fast.rule), f"{fast.target}__raw"
    private = inputs.private[fast.source]
    candidates = failing.filter(pl.col(flag)).select(row, flag)
    if isinstance(frame, pl.DataFrame):
        taken = frame[candidates.get_column(row)].select(pl.col(fast.source).alias(private))
    else:
        taken = failing.filter(pl.col(flag)).select(private)
    candidates = candidates.hstack(taken).with_columns(inputs.carried[fast.target].text.alias(key))
    decided = fast.path.exact(candidates, row=row, flag=flag, key=key)
    dropped = decided.filter(~pl.col(flag)).get_column(row)
    if not len(dropped):
        return failing
    return failing.with_columns(pl.col(flag) & ~pl.col(row).is_in(dropped.implode()))


def _kept(setup: _Setup, inputs: _Inputs) -> list[pl.Expr]:
    """A LazyFrame's input columns kept with its failing rows (under private names).

    Each column on the rows whose failed rules' messages read it (the task id and
    the code on every failing row), and every column where an error rule may fail
    (those rows are :meth:`~po_codes.ValidationReport.invalid_rows`).
    """
    always = {*_TEXT_ALWAYS, *(fast.target for fast in inputs.fast)}
    errors = [
        flag_name(rule) for rule in setup.runnable if setup.effective[rule.id] is Severity.ERROR
    ]
    every = frozenset(CANONICAL)
    shown = {rule.id: _message_columns(rule, setup.ctx) or every for rule in setup.runnable}
    kept = []
    for name in inputs.names:
        column = pl.col(inputs.private[name])
        target = setup.mapping.get(name)
        if name == WRITTEN or target in always:
            kept.append(column)
            continue
        readers = [
            flag_name(rule)
            for rule in setup.runnable
            if target is not None and target in shown[rule.id]
        ]
        wanted = list(dict.fromkeys(errors + readers))
        keep = pl.any_horizontal(wanted) if wanted else pl.lit(value=False)
        kept.append(pl.when(keep).then(column).alias(inputs.private[name]))
    return kept


def _message_columns(rule: Rule, ctx: RuleContext) -> frozenset[str] | None:
    """The canonical columns a built-in rule's message reads (None: any of them)."""
    try:
        if callable(rule.message):
            names = rule.message(ctx).meta.root_names()
        else:
            written = pick(rule.message, ctx.lang) or rule.title_in(ctx.lang)
            names = [f for _, f, _, _ in string.Formatter().parse(written) if f]
    except Exception:  # noqa: BLE001  (unsure: the message may read any column)
        return None
    targets = {name.split("__")[0] for name in names}
    if rule.hint is not None:
        targets.discard(rule.hint.name)
        targets.add(rule.hint.column)
    return frozenset(targets)


@attrs.frozen
class _Details:
    """Reads what the built-in messages show, for the failing rows a report lists."""

    readings: dict[str, ColumnReading]  # over the private names
    texts: dict[str, ColumnReading]  # the carried columns, for their text
    source: pl.DataFrame | None  # a DataFrame input: its rows are gathered from it
    private: dict[str, str]  # input column -> private name, of what is gathered
    row: str

    def __call__(self, rows: pl.DataFrame) -> pl.DataFrame:
        """``rows`` (row index and flags) with the messages' columns."""
        if self.source is not None:
            taken = self.source[rows.get_column(self.row)].select(
                pl.col(name).alias(private) for name, private in self.private.items()
            )
            rows = rows.hstack(taken)
        first, exprs = _read(self.readings, frozenset(self.readings), user=False, private=self.row)
        exprs += [r.text.alias(f"{target}__raw") for target, r in self.texts.items()]
        dropped = [*self.private.values(), *(e.meta.output_name() for e in first)]
        return rows.with_columns(first).with_columns(exprs).drop(dropped, strict=False)


def _details(frame: pl.DataFrame | pl.LazyFrame, setup: _Setup, inputs: _Inputs) -> _Details | None:
    """How the report reads its listed rows' values (None: the failing rows have them)."""
    if setup.user:
        return None
    sources = {t: s for s, t in setup.mapping.items()}
    names = [sources[t] for t in inputs.carried if t in sources]
    if WRITTEN in setup.schema:
        names.append(WRITTEN)
    gathered = {name: inputs.private[name] for name in dict.fromkeys(names)}
    return _Details(
        readings={target: inputs.carried[target] for target in inputs.readings},
        texts=dict(inputs.carried),
        source=frame if isinstance(frame, pl.DataFrame) else None,
        private=gathered,
        row=inputs.row,
    )


def _outcome(rule: Rule, setup: _Setup, failing: pl.DataFrame) -> RuleOutcome:
    """How one chosen rule fared: skipped (naming the columns), failed or passed."""
    missing = rule.runnable(setup.ctx.columns)
    if missing:
        return RuleOutcome(rule, setup.effective[rule.id], "skipped", 0, missing)
    failed = int(failing.get_column(flag_name(rule)).sum())
    return RuleOutcome(rule, setup.effective[rule.id], "failed" if failed else "passed", failed)


def _notes(setup: _Setup, inputs: _Inputs) -> tuple[str, ...]:
    """How columns were read, then what rules note once for the whole table."""
    readings = inputs.readings
    read = [
        text(str(readings[target].note), setup.ctx.lang, column=repr(source), target=target)
        for source, target in inputs.used.items()
        if readings[target].note
    ]
    said = [
        f"{rule.id}: {pick(rule.note.text, setup.ctx.lang)}"
        for rule in setup.runnable
        if rule.note is not None and dict(setup.ctx.notes).get(rule.id)
    ]
    return (*read, *said)


def _valid_plan(setup: _Setup, inputs: _Inputs, flagged: pl.LazyFrame) -> pl.LazyFrame:
    """For a LazyFrame: the rows no error rule fails, re-decided in the plan's own run."""
    for fast in inputs.fast:
        # Re-checked in the filter's own run: "first" is the first in that run's order.
        flag = flag_name(fast.rule)
        again = fast.path.again(pl.col(flag), pl.col(inputs.private[fast.source]))
        flagged = flagged.with_columns(again.alias(flag))
    errors = [flag_name(r) for r in setup.runnable if setup.effective[r.id] is Severity.ERROR]
    keep = ~pl.any_horizontal(errors) if errors else pl.lit(value=True)
    return flagged.filter(keep).select(
        pl.col(inputs.private[name]).alias(name) for name in inputs.names
    )


def _read(
    readings: Mapping[str, ColumnReading], read: frozenset[str], *, user: bool, private: str
) -> tuple[list[pl.Expr], list[pl.Expr]]:
    """The stage's columns of each reading: missing, unreadable, and the value if read.

    A column's value is built only when a check reads it (``read``: the root names of
    the checks' expressions), or for every column once a user rule runs. Returns two
    projections, run one after the other: the values of parsed columns
    (:attr:`~po_codes._values.ColumnReading.parsed`, under names starting ``private``),
    which the second reads instead of parsing again, and the stage's columns.
    """
    first: list[pl.Expr] = []
    columns: list[pl.Expr] = []
    for target, reading in readings.items():
        value, unreadable = reading.value, reading.unreadable
        if reading.parsed:
            name = f"{private}_value_{target}"
            first.append(value.alias(name))
            value = pl.col(name)
            unreadable = ~reading.missing & value.is_null()
        if user or target in read:
            columns.append(value.alias(target))
        columns += [
            reading.missing.alias(f"{target}__missing"),
            unreadable.alias(f"{target}__unreadable"),
        ]
        if target == "closure_code":
            columns.append(reading.tolerant.alias("closure_code__tolerant"))
        if user:
            columns.append(reading.text.alias(f"{target}__raw"))
    return first, columns


def _owned(plan: pl.LazyFrame) -> pl.LazyFrame:
    """``plan`` with its text copied out of the source's buffers.

    Polars' strings are views: a few failing rows kept as they are would keep every
    streamed batch they came from in memory (3x the result at 10M rows). Copying the
    text of the few rows that fail lets each batch go.
    """
    texts = [name for name, dtype in plan.collect_schema().items() if dtype == pl.String]
    return plan.with_columns(pl.concat_str(pl.col(name), pl.lit("")).alias(name) for name in texts)


def _check(rule: Rule, ctx: RuleContext) -> pl.Expr:
    """The rule's check expression; a faulty user rule raises :class:`RuleError`."""
    try:
        check = rule.check(ctx)
    except Exception as exc:  # a user rule's own code: any error is reported as the rule's
        raise RuleError(f"rule {rule.id}: its check raised {type(exc).__name__}: {exc}") from exc
    if not isinstance(check, pl.Expr):
        raise RuleError(
            f"rule {rule.id}: check must return a polars expression, got {type(check).__name__}"
        )
    return check


def _note(rule: Rule, ctx: RuleContext) -> pl.Expr:
    """The condition of the rule's table note (one Boolean for the whole table)."""
    if rule.note is None:
        return pl.lit(value=False)
    try:
        when = rule.note.when(ctx)
    except Exception as exc:  # a user rule's own code
        raise RuleError(f"rule {rule.id}: its note raised {type(exc).__name__}: {exc}") from exc
    if not isinstance(when, pl.Expr):
        raise RuleError(f"rule {rule.id}: a note's condition must be a polars expression")
    return when.fill_null(value=False).cast(pl.Boolean)


def _flag(rule: Rule, check: pl.Expr, stage: pl.LazyFrame) -> pl.Expr:
    """The check as the rule's Boolean flag column, once it is known to run on the stage."""
    _dtype(rule.id, "check", check, stage)
    return check.cast(pl.Boolean).fill_null(value=False).alias(flag_name(rule))


def _dtype(rule_id: str, what: str, expr: pl.Expr, table: pl.LazyFrame) -> None:
    """Raise :class:`RuleError` unless ``expr`` runs on ``table`` and gives Booleans."""
    try:
        dtype = table.select(expr.alias("__check")).collect_schema()["__check"]
    except pl.exceptions.PolarsError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RuleError(
            f"rule {rule_id}: its {what} cannot run on the task table ({first}); checks see "
            "canonical column names such as 'closure_code' and 'priority'"
        ) from None
    if dtype not in (pl.Boolean, pl.Null):
        raise RuleError(
            f"rule {rule_id}: {what} must be a Boolean expression (true where a row fails), "
            f"got dtype {dtype}"
        )


def _needed(runnable: list[Rule], present: frozenset[str], *, user: bool) -> frozenset[str]:
    """Canonical columns the runnable rules read (all of them once a user rule runs)."""
    if user:
        return present
    needed = {"closure_code"}
    for rule in runnable:
        needed.update(rule.columns)
        needed.update(rule.optional)
    return frozenset(needed & present)


def _task_key(value: Iterable[str] | str) -> tuple[str, ...]:
    """The task key as canonical column names; a string may list them with commas."""
    items: list[object] = [value] if isinstance(value, str) else list(value)
    names: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"task_key takes canonical column names, got {item!r}")
        names += item.split(",")
    key: list[str] = []
    for item in names:
        name = item.strip()
        if name not in CANONICAL:
            raise InvalidArgumentError(
                f"task_key names {item!r}, which is not a canonical column such as "
                "'task_id' or 'district'"
            )
        if name not in key:
            key.append(name)
    if not key:
        raise InvalidArgumentError("task_key needs at least one column, e.g. ('task_id',)")
    return tuple(key)


def _as_list(value: Iterable[str] | str | None, what: str) -> list[str] | None:
    if value is None:
        return None
    items: list[object] = [value] if isinstance(value, str) else list(value)
    checked: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{what} takes rule ids or prefixes (strings), got {item!r}")
        checked.append(item)
    return checked


def _catalogue(builtin: tuple[Rule, ...], extra: Iterable[Rule] | Rule) -> list[Rule]:
    """Built-in rules in id order, then extra rules; an extra rule replaces its namesake."""
    items: Iterable[object] = (extra,) if isinstance(extra, Rule) else extra
    rules = {rule.id: rule for rule in builtin}
    for rule in items:
        if not isinstance(rule, Rule):
            raise TypeError(f"rules takes po.Rule objects, got {type(rule).__name__}")
        rules[rule.id] = rule
    return list(rules.values())


def _matches(rule: Rule, patterns: list[str]) -> bool:
    return any(rule.id.upper().startswith(p.strip().upper()) for p in patterns)


def _check_known(catalogue: list[Rule], patterns: list[str], what: str) -> None:
    for pattern in patterns:
        if not pattern.strip() or not any(_matches(r, [pattern]) for r in catalogue):
            known = ", ".join(r.id for r in catalogue)
            raise UnknownRuleError(
                f"{what} names {pattern!r}, which matches no rule; rules are: {known}"
            )


def _choose(
    catalogue: list[Rule],
    select: Iterable[str] | str | None,
    ignore: Iterable[str] | str | None,
) -> list[Rule]:
    chosen = catalogue
    selected = _as_list(select, "select")
    if selected is not None:
        _check_known(catalogue, selected, "select")
        chosen = [r for r in chosen if _matches(r, selected)]
    ignored = _as_list(ignore, "ignore")
    if ignored is not None:
        _check_known(catalogue, ignored, "ignore")
        chosen = [r for r in chosen if not _matches(r, ignored)]
    return chosen


def _overrides(
    catalogue: list[Rule], severity: Mapping[str, Severity | str] | None
) -> dict[str, Severity]:
    if severity is None:
        return {}
    if not isinstance(severity, Mapping):
        raise TypeError(f"severity takes a mapping such as {{'PO203': 'error'}}, got {severity!r}")
    result: dict[str, Severity] = {}
    for pattern, value in severity.items():
        if not isinstance(pattern, str):
            raise TypeError(f"severity keys are rule ids or prefixes, got {pattern!r}")
        _check_known(catalogue, [pattern], "severity")
        try:
            level = Severity(value)
        except ValueError:
            raise InvalidArgumentError(
                f"severity for {pattern!r} is {value!r}; use 'error', 'warning' or 'info'"
            ) from None
        for rule in catalogue:
            if _matches(rule, [pattern]):
                result[rule.id] = level
    return result


def _max_failures(value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"max_failures takes an int or None, got {value!r}")
    if value < 0:
        raise InvalidArgumentError(f"max_failures must be 0 or more, got {value}")
    return value


def _thresholds(catalogue: list[Rule], thresholds: Mapping[str, float] | None) -> dict[str, float]:
    """``{"PO2": 0.05}`` -> the share for each rule it names, checked to be in [0, 1]."""
    if thresholds is None:
        return {}
    if not isinstance(thresholds, Mapping):
        raise TypeError(f"thresholds takes a mapping such as {{'PO205': 0.05}}, got {thresholds!r}")
    result: dict[str, float] = {}
    items: Iterable[tuple[object, object]] = thresholds.items()
    for pattern, share in items:
        if not isinstance(pattern, str):
            raise TypeError(f"thresholds keys are rule ids or prefixes, got {pattern!r}")
        _check_known(catalogue, [pattern], "thresholds")
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
            raise InvalidArgumentError(
                f"threshold for {pattern!r} is {share!r}; use a share of rows from 0 to 1 "
                "(0.05 for 5 %)"
            )
        for rule in catalogue:
            if _matches(rule, [pattern]):
                result[rule.id] = float(share)
    return result
