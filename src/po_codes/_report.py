"""The result of :func:`po_codes.validate`: counts per rule and every failing row."""

from __future__ import annotations

import html
import json
from functools import cached_property
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar, overload

import attrs
import polars as pl

from po_codes._codes import suggest_code
from po_codes._districts import suggest_district
from po_codes._errors import ValidationError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from po_codes._rules import Rule, RuleContext, Severity

__all__ = ["RuleOutcome", "ValidationReport"]

ROW: Final = "__po_row"  # default name of the row-index column (see row_name)
FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)
_SHOWN_PER_RULE: Final = 3


def row_name(columns: Sequence[str]) -> str:
    """A name for the row-index column that no input column has."""
    name = ROW
    while name in columns:
        name += "_"
    return name


def flag_name(rule: Rule) -> str:
    """Name of the boolean column holding ``rule``'s result in the prepared table."""
    return f"__fails__{rule.id}"


@attrs.frozen
class RuleOutcome:
    """How one rule fared: the rule, its effective severity, and what became of it."""

    rule: Rule
    severity: Severity
    status: str
    n_failed: int
    missing_columns: tuple[str, ...] = ()


class ValidationReport(Generic[FrameT]):
    """Counts per rule and every failing row of one validated table.

    Made by :func:`po_codes.validate`; not meant to be built by hand. Every input
    row is accounted for: :meth:`valid_rows` and :meth:`invalid_rows` together are
    the whole input, each in input order.

    Examples
    --------
    >>> import polars as pl
    >>> import po_codes as po
    >>> df = pl.DataFrame(
    ...     {"closure_code": ["Utført", "Sak opprettet"], "case_number": [None, None]}
    ... )
    >>> report = po.validate(df)
    >>> report.ok
    False
    >>> report.failures["rule_id"].to_list()
    ['PO201']
    """

    def __init__(
        self,
        *,
        source: FrameT,
        n_rows: int,
        outcomes: Sequence[RuleOutcome],
        failing: pl.DataFrame,
        context: RuleContext,
        prepare: Callable[[pl.LazyFrame], pl.LazyFrame],
        row: str = ROW,
    ) -> None:
        self._source: FrameT = source
        self._n_rows = n_rows
        self._outcomes = tuple(outcomes)
        self._failing = failing
        self._context = context
        self._prepare = prepare
        self._row = row

    # -- the numbers ---------------------------------------------------------------------

    @property
    def n_rows(self) -> int:
        """Number of rows in the input."""
        return self._n_rows

    @property
    def ok(self) -> bool:
        """True when no rule of severity ``error`` failed."""
        return not any(o.status == "failed" and o.severity.value == "error" for o in self._outcomes)

    @property
    def outcomes(self) -> tuple[RuleOutcome, ...]:
        """One :class:`RuleOutcome` per selected rule, in rule order."""
        return self._outcomes

    @cached_property
    def summary(self) -> pl.DataFrame:
        """One row per selected rule.

        Columns: ``rule_id``, ``severity``, ``title``, ``status`` (``"passed"``,
        ``"failed"`` or ``"skipped"``), ``n_failed`` (0 when skipped) and
        ``missing_columns`` (why a rule was skipped).
        """
        return pl.DataFrame(
            {
                "rule_id": [o.rule.id for o in self._outcomes],
                "severity": [o.severity.value for o in self._outcomes],
                "title": [o.rule.title for o in self._outcomes],
                "status": [o.status for o in self._outcomes],
                "n_failed": [o.n_failed for o in self._outcomes],
                "missing_columns": [list(o.missing_columns) for o in self._outcomes],
            },
            schema={
                "rule_id": pl.String,
                "severity": pl.String,
                "title": pl.String,
                "status": pl.String,
                "n_failed": pl.Int64,
                "missing_columns": pl.List(pl.String),
            },
        )

    @cached_property
    def failures(self) -> pl.DataFrame:
        """One row per (row, rule) failure, ordered by row then rule.

        Columns: ``row_index`` (0-based position in the input), ``rule_id``,
        ``severity``, ``message``, then ``task_id`` and ``closure_code`` (as written in
        the input) when the input has them.
        """
        rows = self._failing.get_column(self._row)
        values = (
            self._prepare(
                self._source.lazy()
                .with_row_index(self._row)
                .filter(pl.col(self._row).is_in(rows.implode()))
            )
            .collect()
            .join(self._failing, on=self._row, how="inner", maintain_order="left")
        )
        when = pl.col(pl.Datetime).dt.to_string("%Y-%m-%d %H:%M:%S")  # for the messages
        failing = self._with_hints(values.with_columns(when))
        available = frozenset(failing.columns)
        extra = [pl.col("task_id").cast(pl.String)] if "task_id" in available else []
        for name in ("closure_code__raw", "closure_code"):  # as written, else as parsed
            if name in available:
                extra.append(pl.col(name).cast(pl.String).alias("closure_code"))
                break
        parts = [
            failing.filter(pl.col(flag_name(o.rule))).select(
                pl.col(self._row).cast(pl.Int64).alias("row_index"),
                pl.lit(o.rule.id).alias("rule_id"),
                pl.lit(o.severity.value).alias("severity"),
                o.rule.message_expr(self._context, available).cast(pl.String).alias("message"),
                *extra,
                pl.lit(position, pl.Int32).alias("__order"),
            )
            for position, o in enumerate(self._outcomes)
            if o.status == "failed"
        ]
        schema: dict[str, Any] = {
            "row_index": pl.Int64,
            "rule_id": pl.String,
            "severity": pl.String,
            "message": pl.String,
            **{e.meta.output_name(): pl.String for e in extra},
        }
        if not parts:
            return pl.DataFrame(schema=schema)
        return pl.concat(parts).sort("row_index", "__order").drop("__order")

    def _with_hints(self, failing: pl.DataFrame) -> pl.DataFrame:
        """Add ``code_hint``/``district_hint`` ("; did you mean ...?") for unknown values."""
        hints = []
        for column, hint, suggest in (
            ("closure_code", "code_hint", _suggest_code),
            ("district", "district_hint", _suggest_district),
        ):
            raw = f"{column}__raw"
            if raw not in failing.columns:
                continue
            unknown = failing.filter(pl.col(column).is_null() & pl.col(raw).is_not_null())
            values = unknown.get_column(raw).unique().to_list()
            table = {value: suggest(value) for value in values[:10_000]}
            hints.append(
                pl.col(raw).replace_strict(table, default="", return_dtype=pl.String).alias(hint)
            )
        return failing.with_columns(hints) if hints else failing

    # -- the rows ------------------------------------------------------------------------

    @cached_property
    def _error_rows(self) -> pl.Series:
        flags = [
            flag_name(o.rule)
            for o in self._outcomes
            if o.status == "failed" and o.severity.value == "error"
        ]
        if not flags:
            return pl.Series(self._row, [], dtype=pl.UInt32)
        return self._failing.filter(pl.any_horizontal(flags)).get_column(self._row)

    def valid_rows(self) -> FrameT:
        """The input rows that failed no rule of severity error, in input order.

        Returns the same kind of frame as the input (DataFrame or LazyFrame), with
        the input's columns as they were.
        """
        indexed = self._source.lazy().with_row_index(self._row)
        kept = indexed.filter(~pl.col(self._row).is_in(self._error_rows.implode())).drop(self._row)
        return self._like_source(kept)

    def invalid_rows(self) -> FrameT:
        """The input rows that failed at least one error rule, in input order.

        A ``rule_ids`` list column names every rule (of any severity) the row failed,
        in rule order. Same kind of frame as the input.
        """
        failed = [o for o in self._outcomes if o.status == "failed"]
        ids = (
            pl.concat_list(
                [pl.when(pl.col(flag_name(o.rule))).then(pl.lit(o.rule.id)) for o in failed]
            ).list.drop_nulls()
            if failed
            else pl.lit([], pl.List(pl.String))
        )
        rows = (
            self._failing.lazy()
            .filter(pl.col(self._row).is_in(self._error_rows.implode()))
            .select(pl.col(self._row), ids.alias("rule_ids"))
        )
        joined = (
            self._source.lazy()
            .with_row_index(self._row)
            .join(rows, on=self._row, how="inner")
            .sort(self._row)
            .drop(self._row)
        )
        return self._like_source(joined)

    def _like_source(self, lf: pl.LazyFrame) -> FrameT:
        return _like(self._source, lf)

    # -- output --------------------------------------------------------------------------

    def raise_for_errors(self) -> ValidationReport[FrameT]:
        """Raise :class:`~po_codes.ValidationError` unless :attr:`ok`; return the report.

        Raises
        ------
        ValidationError
            If a rule of severity error failed; the error carries this report.
        """
        if not self.ok:
            raise ValidationError(self)
        return self

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-safe data: ``ok``, ``n_rows``, ``summary`` and ``failures``."""
        return {
            "ok": self.ok,
            "n_rows": self.n_rows,
            "summary": self.summary.to_dicts(),
            "failures": self.failures.to_dicts(),
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """The report of :meth:`to_dict` as a JSON document (UTF-8 text, not escaped)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def _examples(self, limit: int) -> dict[str, list[dict[str, Any]]]:
        shown: dict[str, list[dict[str, Any]]] = {}
        failures = self.failures
        if failures.is_empty():
            return shown
        head = failures.group_by("rule_id", maintain_order=True).head(limit)
        for row in head.iter_rows(named=True):
            shown.setdefault(row["rule_id"], []).append(row)
        return shown

    def __str__(self) -> str:
        failed = [o for o in self._outcomes if o.status == "failed"]
        skipped = [o for o in self._outcomes if o.status == "skipped"]
        by_severity = {
            s: sum(1 for o in failed if o.severity.value == s) for s in ("error", "warning", "info")
        }
        verdict = "OK" if self.ok else "FAILED"
        lines = [
            f"po_codes validation {verdict}: {self.n_rows:,} rows, "
            f"{len(self._outcomes) - len(skipped)} rules run, {len(failed)} failed "
            f"({by_severity['error']} error, {by_severity['warning']} warning, "
            f"{by_severity['info']} info), {len(skipped)} skipped",
        ]
        examples = self._examples(_SHOWN_PER_RULE)
        mark = {"error": "E", "warning": "W", "info": "I"}
        for o in failed:
            lines.append(
                f"  {mark[o.severity.value]} {o.rule.id} {o.severity.value:<7} "
                f"{o.n_failed:>9,} rows  {o.rule.title}"
            )
            for example in examples.get(o.rule.id, []):
                task = f" task {example['task_id']}" if example.get("task_id") else ""
                lines.append(f"        row {example['row_index']}{task}: {example['message']}")
            if o.n_failed > _SHOWN_PER_RULE:
                lines.append(f"        ... and {o.n_failed - _SHOWN_PER_RULE:,} more")
        passed = [o.rule.id for o in self._outcomes if o.status == "passed"]
        if passed:
            lines.append(f"  passed: {', '.join(passed)}")
        lines.extend(
            f"  skipped {o.rule.id}: needs column(s) {', '.join(o.missing_columns)}"
            for o in skipped
        )
        return "\n".join(lines)

    def __repr__(self) -> str:
        failed = sum(1 for o in self._outcomes if o.status == "failed")
        return f"<ValidationReport ok={self.ok} n_rows={self.n_rows} failed_rules={failed}>"

    def _repr_html_(self) -> str:
        colours = {"error": "#b42318", "warning": "#b54708", "info": "#175cd3"}
        status_colour = {"passed": "#067647", "skipped": "#667085"}
        rows = []
        for o in self._outcomes:
            sev = o.severity.value
            status = o.status
            colour = colours[sev] if status == "failed" else status_colour[status]
            detail = (
                f"{o.n_failed:,}"
                if status != "skipped"
                else "needs " + ", ".join(o.missing_columns)
            )
            rows.append(
                "<tr>"
                f"<td><code>{o.rule.id}</code></td>"
                f"<td style='color:{colours[sev]}'>{sev}</td>"
                f"<td style='color:{colour};font-weight:600'>{status}</td>"
                f"<td style='text-align:right'>{html.escape(detail)}</td>"
                f"<td style='text-align:left'>{html.escape(o.rule.title)}</td>"
                "</tr>"
            )
        verdict = (
            "<span style='color:#067647'>OK</span>"
            if self.ok
            else "<span style='color:#b42318'>errors found</span>"
        )
        head = (
            f"<p><strong>po_codes validation</strong>: {verdict} &middot; "
            f"{self.n_rows:,} rows &middot; "
            f"{sum(o.status == 'failed' for o in self._outcomes)} rules failed</p>"
        )
        table = (
            "<table><thead><tr><th>rule</th><th>severity</th><th>status</th>"
            "<th>rows</th><th style='text-align:left'>what</th></tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table>"
        )
        first = self.failures.head(10)
        if first.is_empty():
            return f"<div>{head}{table}</div>"
        cells = "".join(
            "<tr>"
            f"<td style='text-align:right'>{r['row_index']}</td>"
            f"<td><code>{r['rule_id']}</code></td>"
            f"<td style='color:{colours.get(r['severity'], '#000')}'>{r['severity']}</td>"
            f"<td style='text-align:left'>{html.escape(str(r['message']))}</td>"
            "</tr>"
            for r in first.iter_rows(named=True)
        )
        failures = (
            f"<p>First {len(first)} of {len(self.failures):,} failures:</p>"
            "<table><thead><tr><th>row</th><th>rule</th><th>severity</th>"
            "<th style='text-align:left'>message</th></tr></thead>"
            f"<tbody>{cells}</tbody></table>"
        )
        return f"<div>{head}{table}{failures}</div>"


@overload
def _like(source: pl.DataFrame, lf: pl.LazyFrame) -> pl.DataFrame: ...
@overload
def _like(source: pl.LazyFrame, lf: pl.LazyFrame) -> pl.LazyFrame: ...
def _like(source: pl.DataFrame | pl.LazyFrame, lf: pl.LazyFrame) -> pl.DataFrame | pl.LazyFrame:
    """Collect ``lf`` when the source was eager: eager in, eager out."""
    return lf.collect() if isinstance(source, pl.DataFrame) else lf


def _suggest_code(value: str) -> str:
    found = suggest_code(value)
    return "" if found is None else f"; did you mean {found.value!r}?"


def _suggest_district(value: str) -> str:
    found = suggest_district(value)
    return "" if found is None else f"; did you mean {found.name!r}?"
