"""The validation engine: every selected rule as a column of one lazy polars query."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Final, overload

import polars as pl

from po_codes._codes import CLOSURE_CODE_DTYPE, ClosureCode
from po_codes._columns import resolve_columns
from po_codes._districts import District, parse_districts
from po_codes._errors import InvalidArgumentError, UnknownRuleError
from po_codes._normalize import (
    BOOLEAN_COLUMNS,
    DATETIME_COLUMNS,
    check_dtypes,
    check_frame,
    read_boolean,
    require_closure_code,
    value_parser,
)
from po_codes._priority import PRIORITY_DTYPE, Priority
from po_codes._report import RuleOutcome, ValidationReport, flag_name, row_name
from po_codes._rules import Rule, RuleContext, Severity, build_rules

__all__ = ["validate"]

# Canonical columns whose written text the rules look at (``<name>__raw``).
_RAW: Final = frozenset(
    {
        "closure_code",
        "district",
        "priority",
        "created_at",
        "closed_at",
        "arrived_at",
        "resource_assigned",
        "resource_redeployed",
    }
)


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
) -> ValidationReport[pl.LazyFrame]: ...
def validate(
    frame: pl.DataFrame | pl.LazyFrame,
    *,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    severity: Mapping[str, Severity | str] | None = None,
    rules: Iterable[Rule] = (),
    columns: Mapping[str, str] | None = None,
    priority_threshold: Priority | int | str = 3,
) -> ValidationReport[pl.DataFrame] | ValidationReport[pl.LazyFrame]:
    """Check PO task rows against every rule and account for every row.

    All selected rules run as boolean columns of one lazy polars query; only the
    rows that fail something are materialised. Raw exports work: headers are
    matched through the Norwegian aliases and values (codes, priorities, districts,
    yes/no, timestamps) are read tolerantly inside the query.

    Parameters
    ----------
    frame
        Task rows, raw or normalised, as a DataFrame or LazyFrame.
    select
        Rule ids or prefixes to run (``"PO1"`` selects PO101–PO103); default all.
    ignore
        Rule ids or prefixes to leave out.
    severity
        Severity overrides, e.g. ``{"PO203": "error"}``.
    rules
        Extra :class:`~po_codes.Rule` objects; one with a built-in id replaces it.
    columns
        Explicit ``{"input column": "canonical column"}`` entries.
    priority_threshold
        The least urgent priority that counts as "3 or higher" for PO203/PO204.

    Returns
    -------
    ValidationReport
        Counts per rule, failing rows, and the valid and invalid rows.

    Raises
    ------
    SchemaError
        If no column holds closure codes, or a column cannot hold its values.
    UnknownRuleError
        If ``select``, ``ignore`` or ``severity`` names no rule.
    InvalidArgumentError
        If a severity override is not error, warning or info.
    TypeError
        If ``frame`` is not a polars frame or ``rules`` holds something else.

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
    check_frame(frame)
    threshold = Priority.parse(priority_threshold)
    schema = frame.collect_schema()
    names = schema.names()
    mapping = resolve_columns(names, columns)
    require_closure_code(mapping, names, "the frame")
    check_dtypes(mapping, schema)
    builtin = build_rules(threshold)
    catalogue = _catalogue(builtin, rules)
    chosen = _choose(catalogue, select, ignore)
    overrides = _overrides(catalogue, severity)
    present = frozenset(mapping.values())
    text = frozenset(t for s, t in mapping.items() if t in _RAW and _is_text(schema[s], t))
    ctx = RuleContext(columns=present, priority_threshold=threshold, text_columns=text)

    runnable = [rule for rule in chosen if all(c in present for c in rule.columns)]
    flags = [rule.check(ctx).fill_null(value=False).alias(flag_name(rule)) for rule in runnable]

    # Read only the columns the selected rules look at in the main query; the
    # failures view reads every column, for the failing rows only.
    needed = _needed(runnable, present, builtin=frozenset(map(id, builtin)))
    used = {source: target for source, target in mapping.items() if target in needed}
    lookups = _lookups(frame, used, schema)

    row = row_name(names)

    def prepare(lf: pl.LazyFrame, *, everything: bool = True) -> pl.LazyFrame:
        columns = mapping if everything else used
        return _prepare(
            lf,
            columns,
            schema,
            text=text,
            lookups=lookups,
            keep_extra=bool(rules),
            stream=isinstance(frame, pl.LazyFrame),
            row=row,
        )

    # Only the row index and the flags of failing rows are materialised here; the
    # values the messages need are read again, for those rows only, when asked for.
    flag_names = [flag_name(rule) for rule in runnable]
    failing_plan = (
        prepare(frame.lazy().with_row_index(row), everything=False)
        .with_columns(flags)
        .filter(pl.any_horizontal(flag_names) if flags else pl.lit(value=False))
        .select(row, *flag_names)
    )

    if isinstance(frame, pl.DataFrame):
        failing = failing_plan.collect()
        n_rows = frame.height
    else:
        failing, count = pl.collect_all(
            [failing_plan, frame.lazy().select(pl.len())], engine="streaming"
        )
        n_rows = int(count.item())

    counts = failing.select(pl.col(flag_names).sum()).row(0) if flag_names else ()
    n_failed = dict(zip(flag_names, counts, strict=True))
    outcomes = []
    for rule in chosen:
        effective = overrides.get(rule.id, rule.severity)
        missing = tuple(c for c in rule.columns if c not in present)
        if missing:
            outcomes.append(RuleOutcome(rule, effective, "skipped", 0, missing))
            continue
        failed = int(n_failed[flag_name(rule)])
        outcomes.append(RuleOutcome(rule, effective, "failed" if failed else "passed", failed))
    if isinstance(frame, pl.DataFrame):
        return ValidationReport(
            source=frame,
            n_rows=n_rows,
            outcomes=outcomes,
            failing=failing,
            context=ctx,
            prepare=prepare,
            row=row,
        )
    return ValidationReport(
        source=frame,
        n_rows=n_rows,
        outcomes=outcomes,
        failing=failing,
        context=ctx,
        prepare=prepare,
        row=row,
    )


def _prepare(
    lf: pl.LazyFrame,
    mapping: Mapping[str, str],
    schema: pl.Schema,
    *,
    text: frozenset[str],
    lookups: Mapping[str, tuple[list[str], list[object], pl.DataType]],
    keep_extra: bool,
    stream: bool,
    row: str,
) -> pl.LazyFrame:
    """Parse every mapped column once: canonical parsed values plus ``<name>__raw`` text.

    ``lf`` already carries the row index, in column ``row``.
    """
    exprs: list[pl.Expr] = [pl.col(row)]
    taken = {row}
    for source, target in mapping.items():
        if target in lookups and not stream:  # in memory, a hash lookup is fastest
            keys, values, dtype = lookups[target]
            parsed = (
                pl.col(source)
                .cast(pl.String)
                .replace_strict(keys, values, default=None, return_dtype=dtype)
            )
        elif target in lookups:
            # A left join on a small table of the distinct values streams with little
            # memory, unlike replace_strict; maintain_order keeps the input order.
            keys, values, dtype = lookups[target]
            key, value = f"{target}__key", f"{target}__value"
            table = pl.LazyFrame({key: keys, value: values}, schema={key: pl.String, value: dtype})
            lf = lf.with_columns(pl.col(source).cast(pl.String).alias(key)).join(
                table, on=key, how="left", maintain_order="left"
            )
            parsed = pl.col(value)
        elif target == "district":  # unknown districts stay null here (PO005)
            parsed = parse_districts(pl.col(source))
        else:
            parsed = value_parser(target, source, schema[source])
        exprs.append(parsed.alias(target))
        taken.add(target)
        if target in text:
            exprs.append(pl.col(source).cast(pl.String).alias(f"{target}__raw"))
            taken.add(f"{target}__raw")
    if keep_extra:
        exprs.extend(
            pl.col(name) for name in schema.names() if name not in mapping and name not in taken
        )
    return lf.select(exprs)


_READERS: Final[dict[str, tuple[Callable[[str], object], pl.DataType]]] = {
    "closure_code": (
        lambda v: None if (c := ClosureCode.get(v)) is None else c.value,
        CLOSURE_CODE_DTYPE,
    ),
    "priority": (lambda v: None if (p := Priority.get(v)) is None else p.value, PRIORITY_DTYPE),
    "district": (lambda v: None if (d := District.get(v)) is None else d.name, pl.String()),
    "resource_assigned": (read_boolean, pl.Boolean()),
    "resource_redeployed": (read_boolean, pl.Boolean()),
}


# Columns built-in rules read when present, beyond the ones they require.
_OPTIONAL: Final = {
    "PO002": ("closed_at",),
    "PO007": ("closed_at",),
    "PO009": ("created_at", "closed_at", "arrived_at", "resource_assigned", "resource_redeployed"),
    "PO102": ("resource_redeployed",),
    "PO103": ("resource_redeployed",),
}


def _needed(
    runnable: list[Rule], present: frozenset[str], builtin: frozenset[int]
) -> frozenset[str]:
    """Canonical columns the runnable rules read (all of them once a user rule runs)."""
    if any(id(rule) not in builtin for rule in runnable):
        return present
    needed = {"closure_code"}
    for rule in runnable:
        needed.update(rule.columns)
        needed.update(_OPTIONAL.get(rule.id, ()))
    return frozenset(needed & present)


def _lookups(
    frame: pl.DataFrame | pl.LazyFrame, mapping: Mapping[str, str], schema: pl.Schema
) -> dict[str, tuple[list[str], list[object], pl.DataType]]:
    """Read the distinct written values of the vocabulary columns in one small query.

    Exports repeat a few spellings millions of times: parsing each distinct value once
    in Python (the same matching as ``ClosureCode.get`` and friends) and mapping rows
    with a literal lookup keeps the main query streamable and fast.
    """
    wanted = {
        target: source
        for source, target in mapping.items()
        if target in _READERS
        and _is_text(schema[source], target)
        and not (target in BOOLEAN_COLUMNS and schema[source] == pl.Boolean)
    }
    if not wanted:
        return {}
    # A group-by per column streams with little memory (unique() would not).
    distinct = pl.collect_all(
        [
            frame.lazy().group_by(pl.col(source).cast(pl.String).alias(target)).len()
            for target, source in wanted.items()
        ],
        engine="streaming",
    )
    lookups: dict[str, tuple[list[str], list[object], pl.DataType]] = {}
    for target, values in zip(wanted, distinct, strict=True):
        read, dtype = _READERS[target]
        keys = sorted(value for value in values.get_column(target).to_list() if value is not None)
        lookups[target] = (keys, [read(value) for value in keys], dtype)
    return lookups


def _is_text(dtype: pl.DataType, target: str) -> bool:
    """True when a column's values are written as text (so some may be unreadable)."""
    if target == "closure_code":
        return dtype != CLOSURE_CODE_DTYPE
    if target == "priority":
        return dtype != PRIORITY_DTYPE
    if target in BOOLEAN_COLUMNS:
        return not (dtype == pl.Boolean or dtype.is_numeric())
    if target in DATETIME_COLUMNS:
        return not dtype.is_temporal()
    return True


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
