"""The validation engine: every selected rule as a column of one lazy polars query."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final, overload

import polars as pl

from po_codes._columns import CANONICAL
from po_codes._duplicates import exact, first_pass, repeats
from po_codes._errors import InvalidArgumentError, RuleError, UnknownRuleError
from po_codes._normalize import as_frame, resolve
from po_codes._priority import Priority
from po_codes._report import RuleOutcome, ValidationReport, flag_name, row_name
from po_codes._rules import LANGUAGES, Language, Rule, RuleContext, Severity, build_rules, pick
from po_codes._values import ENGINE, WRITTEN, ColumnReading, collect_spellings, readings_of

__all__ = ["validate"]

_TEXT_ALWAYS: Final = ("task_id", "closure_code")  # shown beside every failure
_CANDIDATE: Final = "task_id__candidate"  # PO003: the id may repeat (re-checked exactly)
# Free-text columns the built-in rules only null-check (PO201, PO202, PO205, PO207,
# PO208): their cleaned values are built for failing rows only, not for every row.
_NULL_CHECKED: Final = frozenset({"case_number", "incident_type", "handled_by"})


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
    lang: Language = "en",
    task_key: Iterable[str] | str = ("task_id",),
) -> ValidationReport[pl.DataFrame] | ValidationReport[pl.LazyFrame]:
    """Check PO task rows against every rule and account for every row.

    All selected rules run as boolean columns of one lazy polars query; the rows that
    fail something are materialised once, with what the report needs. Raw exports
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
    order twice: the failing rows are collected once, with their values, and
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
    frame = as_frame(frame)
    if lang not in LANGUAGES:
        raise InvalidArgumentError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
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
    user = any(rule not in builtin for rule in runnable)

    # Read only what the selected rules look at (everything once a user rule runs).
    needed = _needed(runnable, present, user=user)
    used = {source: target for source, target in mapping.items() if target in needed}
    # PO003 as built in: hashed ids, re-checked exactly on the candidates (_duplicates).
    ids = next((s for s, t in used.items() if (t,) == key), None)
    po003 = next((r for r in runnable if r.id == "PO003" and r in builtin), None)
    first = first_pass(frame.lazy(), ids) if po003 is not None and ids is not None else []
    spellings, found = collect_spellings(frame, used, schema, first)
    repeated = repeats(found, split=isinstance(frame, pl.LazyFrame)) if first else None
    null_checked = _NULL_CHECKED if repeated is None else _NULL_CHECKED | {key[0]}
    names = schema.names()
    row = row_name(names)
    private = {name: f"{row}_in{i}" for i, name in enumerate(names)}
    lazy = isinstance(frame, pl.LazyFrame)
    # Expressions over the input as it is, and over the input carried under private names.
    readings = readings_of(used, schema, spellings)
    shown = {s: t for s, t in mapping.items() if t in needed or t in _TEXT_ALWAYS}
    carried_readings = readings_of(shown, schema, spellings, names=private)

    prepared = [pl.col(row), *_read(readings, null_checked, user=user)]
    if repeated is not None and ids is not None:
        written = ~readings[key[0]].missing
        prepared.append(repeated.candidate(pl.col(ids), written).alias(_CANDIDATE))
    if user:
        prepared += [pl.col(n) for n in names if n not in mapping and n != WRITTEN]
    carried = names if lazy else [*shown] + ([WRITTEN] if WRITTEN in schema else [])
    prepared += [pl.col(name).alias(private[name]) for name in dict.fromkeys(carried)]
    stage = frame.lazy().with_row_index(row).select(prepared)

    flags = [
        pl.col(_CANDIDATE).alias(flag_name(rule))
        if rule is po003 and repeated is not None
        else _flag(rule, ctx, stage)
        for rule in runnable
    ]
    flag_names = [flag_name(rule) for rule in runnable]
    flagged = stage.with_columns(flags)
    effective = {rule.id: overrides.get(rule.id, rule.severity) for rule in chosen}
    error_flags = [flag_name(r) for r in runnable if effective[r.id] is Severity.ERROR]

    texts = [
        reading.text.alias(f"{target}__raw")
        for target, reading in carried_readings.items()
        if not (user and target in readings)  # user rules have them in the stage already
    ]
    if user:  # user messages may use any column of the stage
        inner = {row, *private.values()}
        shown_columns = [pl.col(c) for c in stage.collect_schema().names() if c not in inner]
    else:  # the built-in messages' columns, read again for the failing rows only
        mine = {target: carried_readings[target] for target in readings}
        shown_columns = _read(mine, frozenset(), user=False)
    kept = [private[name] for name in names] if lazy else []
    failing_plan = flagged.filter(
        pl.any_horizontal(flag_names) if flags else pl.lit(value=False)
    ).select(row, *flag_names, *shown_columns, *texts, *kept)
    noting = [rule for rule in runnable if rule.note is not None]
    note_plan = stage.select(
        [rule.note.when(ctx).alias(rule.id) for rule in noting if rule.note is not None]
    )
    if isinstance(frame, pl.LazyFrame):
        failing_plan = _owned(failing_plan)
        plans = [failing_plan, frame.select(pl.len()), *([note_plan] if noting else [])]
        failing, count, *noted = pl.collect_all(plans, engine=ENGINE)
        n_rows = int(count.item())
    else:
        failing, *noted = pl.collect_all([failing_plan, *([note_plan] if noting else [])])
        n_rows = frame.height
    said = noted[0].row(0, named=True) if noted else {}
    if po003 is not None and repeated is not None:  # candidates -> exact duplicates
        # The first occurrence of a repeated id stays among the failing rows with its
        # PO003 flag false (maybe every flag): every view selects rows by their flags,
        # and dropping them would copy the failing rows once more.
        failing = exact(failing, row=row, flag=flag_name(po003), key=f"{key[0]}__raw")

    counts = failing.select(pl.col(flag_names).sum()).row(0) if flag_names else ()
    n_failed = dict(zip(flag_names, counts, strict=True))
    outcomes = []
    for rule in chosen:
        missing = rule.runnable(present)
        if missing:
            outcomes.append(RuleOutcome(rule, effective[rule.id], "skipped", 0, missing))
            continue
        failed = int(n_failed[flag_name(rule)])
        status = "failed" if failed else "passed"
        outcomes.append(RuleOutcome(rule, effective[rule.id], status, failed))
    notes = tuple(
        f"{source!r} ({target}) {readings[target].note}"
        for source, target in used.items()
        if readings[target].note
    ) + tuple(
        f"{rule.id}: {pick(rule.note.text, lang)}"
        for rule in noting
        if rule.note is not None and said.get(rule.id)
    )
    if lazy and po003 is not None and repeated is not None and ids is not None:
        # Re-checked in the filter's own run: "first" is the first in that run's order.
        candidate = pl.col(flag_name(po003))
        later = ~pl.when(candidate).then(repeated.key(pl.col(private[ids]))).is_first_distinct()
        flagged = flagged.with_columns((candidate & later).alias(flag_name(po003)))
    valid_plan = (
        flagged.filter(
            ~pl.any_horizontal(error_flags) if error_flags else pl.lit(value=True)
        ).select(pl.col(private[name]).alias(name) for name in names)
        if lazy
        else None
    )
    report: ValidationReport[pl.DataFrame] | ValidationReport[pl.LazyFrame]
    if isinstance(frame, pl.LazyFrame):
        report = ValidationReport(
            source=frame, n_rows=n_rows, outcomes=outcomes, failing=failing, context=ctx,
            row=row, inputs={private[name]: name for name in names}, valid_plan=valid_plan,
            notes=notes,
        )  # fmt: skip
    else:
        report = ValidationReport(
            source=frame, n_rows=n_rows, outcomes=outcomes, failing=failing, context=ctx,
            row=row, notes=notes,
        )  # fmt: skip
    return report


def _read(
    readings: Mapping[str, ColumnReading], null_checked: frozenset[str], *, user: bool
) -> list[pl.Expr]:
    """The stage's columns of each reading: value, missing, unreadable (and more)."""
    columns: list[pl.Expr] = []
    for target, reading in readings.items():
        if user or target not in null_checked:  # free text only null-checked: no value
            columns.append(reading.value.alias(target))
        columns += [
            reading.missing.alias(f"{target}__missing"),
            reading.unreadable.alias(f"{target}__unreadable"),
        ]
        if target == "closure_code":
            columns.append(reading.tolerant.alias("closure_code__tolerant"))
        if user:
            columns.append(reading.text.alias(f"{target}__raw"))
    return columns


def _owned(plan: pl.LazyFrame) -> pl.LazyFrame:
    """``plan`` with its text copied out of the source's buffers.

    Polars' strings are views: a few failing rows kept as they are would keep every
    streamed batch they came from in memory (3x the result at 10M rows). Copying the
    text of the few rows that fail lets each batch go.
    """
    texts = [name for name, dtype in plan.collect_schema().items() if dtype == pl.String]
    return plan.with_columns(pl.concat_str(pl.col(name), pl.lit("")).alias(name) for name in texts)


def _flag(rule: Rule, ctx: RuleContext, stage: pl.LazyFrame) -> pl.Expr:
    """The rule's check as a Boolean column; a faulty user rule raises :class:`RuleError`."""
    try:
        check = rule.check(ctx)
    except Exception as exc:  # a user rule's own code: any error is reported as the rule's
        raise RuleError(f"rule {rule.id}: its check raised {type(exc).__name__}: {exc}") from exc
    if not isinstance(check, pl.Expr):
        raise RuleError(
            f"rule {rule.id}: check must return a polars expression, got {type(check).__name__}"
        )
    try:
        dtype = stage.select(check.alias("__check")).collect_schema()["__check"]
    except pl.exceptions.PolarsError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RuleError(
            f"rule {rule.id}: its check cannot run on the task table ({first}); checks see "
            "canonical column names such as 'closure_code' and 'priority'"
        ) from None
    if dtype not in (pl.Boolean, pl.Null):
        raise RuleError(
            f"rule {rule.id}: check must be a Boolean expression (true where a row fails), "
            f"got dtype {dtype}"
        )
    return check.cast(pl.Boolean).fill_null(value=False).alias(flag_name(rule))


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
