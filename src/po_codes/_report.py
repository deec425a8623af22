"""The result of :func:`po_codes.validate`: counts per rule and every failing row."""

from __future__ import annotations

import json
from functools import cached_property
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

import attrs
import polars as pl

from po_codes._errors import ValidationError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

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
        row: str = ROW,
        inputs: Mapping[str, str] | None = None,
        valid_plan: pl.LazyFrame | None = None,
        notes: Sequence[str] = (),
    ) -> None:
        self._source: FrameT = source
        self._n_rows = n_rows
        self._outcomes = tuple(outcomes)
        self._failing = failing
        self._context = context
        self._row = row
        self._inputs = inputs
        self._valid_plan = valid_plan
        self._notes = tuple(notes)

    # -- the numbers ---------------------------------------------------------------------

    @property
    def n_rows(self) -> int:
        """Number of rows in the input."""
        return self._n_rows

    @property
    def lang(self) -> str:
        """The report's language, ``"en"`` or ``"nb"``."""
        return self._context.lang

    @property
    def ok(self) -> bool:
        """True when no rule of severity ``error`` failed."""
        return not any(o.status == "failed" and o.severity.value == "error" for o in self._outcomes)

    @property
    def outcomes(self) -> tuple[RuleOutcome, ...]:
        """One :class:`RuleOutcome` per selected rule, in rule order."""
        return self._outcomes

    @property
    def coverage(self) -> float:
        """Rules run over rules selected: 1.0 when no rule was skipped (1.0 for no rules).

        A pipeline can require it, e.g. ``assert report.coverage == 1``.
        """
        if not self._outcomes:
            return 1.0
        run = sum(o.status != "skipped" for o in self._outcomes)
        return run / len(self._outcomes)

    @property
    def n_skipped(self) -> int:
        """Number of selected rules that could not run (a column they need is absent)."""
        return sum(o.status == "skipped" for o in self._outcomes)

    @property
    def notes(self) -> tuple[str, ...]:
        """How columns were read, where that is worth saying (e.g. unit names as yes/no)."""
        return self._notes

    @cached_property
    def n_invalid(self) -> int:
        """Number of rows that failed at least one rule of severity error."""
        return len(self._error_rows)

    @cached_property
    def summary(self) -> pl.DataFrame:
        """One row per selected rule.

        Columns: ``rule_id``, ``severity``, ``title`` (in the report's language),
        ``status`` (``"passed"``, ``"failed"`` or ``"skipped"``), ``n_failed`` (0 when
        skipped) and ``missing_columns`` (why a rule was skipped).
        """
        return pl.DataFrame(
            {
                "rule_id": [o.rule.id for o in self._outcomes],
                "severity": [o.severity.value for o in self._outcomes],
                "title": [o.rule.title_in(self.lang) for o in self._outcomes],
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

        Columns: ``row_index`` (0-based position in the input; for a LazyFrame, in the
        order of the run that validated it), ``rule_id``, ``severity``, ``message``
        (in the report's language), then ``task_id`` and ``closure_code`` (as written)
        when the input has them.
        """
        failing = self._with_hints(self._failing)
        available = dict(failing.schema)
        extra = []
        if "task_id__raw" in available:
            extra.append(pl.col("task_id__raw").cast(pl.String).alias("task_id"))
        if "closure_code__raw" in available:
            extra.append(pl.col("closure_code__raw").cast(pl.String).alias("closure_code"))
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
        """Add each failed rule's hint column ("; did you mean ...?") for unread values."""
        hints = []
        for outcome in self._outcomes:
            hint = outcome.rule.hint
            if outcome.status != "failed" or hint is None or hint.name in failing.columns:
                continue
            raw = f"{hint.column}__raw"
            if raw not in failing.columns or hint.column not in failing.columns:
                continue
            unknown = failing.filter(pl.col(hint.column).is_null() & pl.col(raw).is_not_null())
            values = unknown.get_column(raw).unique().to_list()
            table = {value: hint.suggest(value, self.lang) for value in values[:10_000]}
            hints.append(
                pl.col(raw)
                .replace_strict(table, default="", return_dtype=pl.String)
                .alias(hint.name)
            )
        return failing.with_columns(hints) if hints else failing

    # -- the rows ------------------------------------------------------------------------

    @cached_property
    def _error_flags(self) -> list[str]:
        return [
            flag_name(o.rule)
            for o in self._outcomes
            if o.status == "failed" and o.severity.value == "error"
        ]

    @cached_property
    def _error_rows(self) -> pl.DataFrame:
        if not self._error_flags:
            return self._failing.clear()
        return self._failing.filter(pl.any_horizontal(self._error_flags))

    def _rule_ids(self, rows: pl.DataFrame) -> pl.Series:
        """The ids of the rules each of ``rows`` failed, in rule order (a list column).

        Rows fail few combinations of rules: each row's combination is written as a
        string of bits, the list of ids is built once per distinct combination and
        gathered to the rows.
        """
        failed = [o.rule for o in self._outcomes if o.status == "failed"]
        if not rows.height or not failed:
            return pl.Series("rule_ids", [[]] * rows.height, pl.List(pl.String))
        bits = [pl.col(flag_name(rule)).cast(pl.UInt8).cast(pl.String) for rule in failed]
        packed = rows.select(pl.concat_str(bits).alias("k")).to_series()
        keys = packed.unique(maintain_order=True)
        lists = pl.Series(
            "rule_ids",
            [[rule.id for rule, bit in zip(failed, k, strict=True) if bit == "1"] for k in keys],
            pl.List(pl.String),
        )
        return lists.gather(packed.cast(pl.Enum(keys.to_list())).to_physical())

    def valid_rows(self) -> FrameT:
        """The input rows that failed no rule of severity error, in input order.

        Returns the same kind of frame as the input (DataFrame or LazyFrame), with
        the input's columns as they were. For a LazyFrame, the checks run again as a
        filter when the result is collected, so any plan gives the right rows.
        """
        if isinstance(self._source, pl.DataFrame):
            rows = self._error_rows.get_column(self._row)
            if not len(rows):
                return self._source.clone()  # a new frame sharing the columns: no copy
            keep = pl.select(pl.repeat(value=True, n=self._source.height)).to_series()
            # A lazy filter runs over the columns in parallel (eager filter: 6x slower).
            return self._source.lazy().filter(keep.scatter(rows, False)).collect(engine="in-memory")
        assert self._valid_plan is not None  # noqa: S101  (made by validate for LazyFrames)
        return self._valid_plan

    def invalid_rows(self) -> FrameT:
        """The input rows that failed at least one error rule, in input order.

        A ``rule_ids`` list column names every rule (of any severity) the row failed,
        in rule order. Same kind of frame as the input; for a LazyFrame, the rows
        collected when the report was made.
        """
        bad = self._error_rows
        if isinstance(self._source, pl.DataFrame):
            rows = self._source[bad.get_column(self._row)]
            return rows.with_columns(self._rule_ids(bad))
        assert self._inputs is not None  # noqa: S101
        rows = bad.select(
            *(pl.col(private).alias(name) for private, name in self._inputs.items())
        ).with_columns(self._rule_ids(bad))
        return rows.lazy()

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
        """The report as JSON-safe data.

        Keys: ``ok``, ``n_rows``, ``n_invalid``, ``coverage``, ``lang``, ``notes``,
        ``summary`` (list of rule records) and ``failures`` (list of failure records).
        """
        return {
            "ok": self.ok,
            "n_rows": self.n_rows,
            "n_invalid": self.n_invalid,
            "coverage": self.coverage,
            "lang": self.lang,
            "notes": list(self.notes),
            "summary": self.summary.to_dicts(),
            "failures": self.failures.to_dicts(),
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """The report of :meth:`to_dict` as a JSON document (UTF-8 text, not escaped)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def examples(self, limit: int = 3) -> dict[str, list[dict[str, Any]]]:
        """The first ``limit`` failures of each failed rule, as records by rule id."""
        shown: dict[str, list[dict[str, Any]]] = {}
        failures = self.failures
        if failures.is_empty():
            return shown
        head = failures.group_by("rule_id", maintain_order=True).head(limit)
        for row in head.iter_rows(named=True):
            shown.setdefault(row["rule_id"], []).append(row)
        return shown

    def _t(self, en: str, nb: str) -> str:
        return nb if self.lang == "nb" else en

    def headline(self) -> str:
        """One line: verdict, rows, rules run, failed and skipped."""
        failed = [o for o in self._outcomes if o.status == "failed"]
        by = {
            s: sum(1 for o in failed if o.severity.value == s) for s in ("error", "warning", "info")
        }
        run = len(self._outcomes) - self.n_skipped
        if self.lang == "nb":
            verdict = "OK" if self.ok else "FEIL FUNNET"
            return (
                f"po_codes-validering {verdict}: {number(self.n_rows, 'nb')} "
                f"{plural(self.n_rows, 'rad', 'rader')}, {run} "
                f"{plural(run, 'regel', 'regler')} kjørt, {len(failed)} feilet "
                f"({by['error']} feil, {by['warning']} "
                f"{plural(by['warning'], 'advarsel', 'advarsler')}, {by['info']} info), "
                f"{self.n_skipped} hoppet over"
            )
        verdict = "OK" if self.ok else "FAILED"
        return (
            f"po_codes validation {verdict}: {number(self.n_rows)} "
            f"{plural(self.n_rows, 'row', 'rows')}, {run} {plural(run, 'rule', 'rules')} run, "
            f"{len(failed)} failed ({by['error']} error, {by['warning']} warning, "
            f"{by['info']} info), {self.n_skipped} skipped"
        )

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self, *, examples: int = _SHOWN_PER_RULE) -> str:
        """The report as text, with ``examples`` failures shown per failed rule.

        Headline, each failed rule with its first failures, the passed and skipped
        rules, and notes on how columns were read.
        """
        failed = [o for o in self._outcomes if o.status == "failed"]
        lines = [self.headline()]
        shown = examples
        examples_by_rule = self.examples(shown) if shown > 0 else {}
        mark = {"error": "E", "warning": "W", "info": "I"}
        severity_nb = {"error": "feil", "warning": "advarsel", "info": "info"}
        for o in failed:
            unit = self._t(plural(o.n_failed, "row ", "rows"), plural(o.n_failed, "rad  ", "rader"))
            lines.append(
                f"  {mark[o.severity.value]} {o.rule.id} "
                f"{self._t(o.severity.value, severity_nb[o.severity.value]):<8} "
                f"{number(o.n_failed, self.lang):>9} "
                f"{unit}"
                f"  {o.rule.title_in(self.lang)}"
            )
            for example in examples_by_rule.get(o.rule.id, []):
                task = (
                    self._t(" task ", " oppdrag ") + str(example["task_id"])
                    if example.get("task_id")
                    else ""
                )
                row_word = self._t("row", "rad")
                lines.append(
                    f"        {row_word} {example['row_index']}{task}: {example['message']}"
                )
            if o.n_failed > shown:
                more = number(o.n_failed - shown, self.lang)
                lines.append(self._t(f"        ... and {more} more", f"        ... og {more} til"))
        passed = [o.rule.id for o in self._outcomes if o.status == "passed"]
        if passed:
            lines.append(f"  {self._t('passed', 'bestått')}: {', '.join(passed)}")
        lines.extend(
            self._t(
                f"  skipped {o.rule.id}: needs column(s) {', '.join(o.missing_columns)}",
                f"  hoppet over {o.rule.id}: trenger kolonne(r) {', '.join(o.missing_columns)}",
            )
            for o in self._outcomes
            if o.status == "skipped"
        )
        lines.extend(f"  {self._t('note', 'merk')}: {note}" for note in self._notes)
        return "\n".join(lines)

    def __repr__(self) -> str:
        failed = sum(1 for o in self._outcomes if o.status == "failed")
        return f"<ValidationReport ok={self.ok} n_rows={self.n_rows} failed_rules={failed}>"

    def _repr_html_(self) -> str:
        return self.to_html(full_page=False)

    def to_html(self, *, title: str | None = None, full_page: bool = True) -> str:
        """The report as one self-contained, styled HTML page (inline CSS; no network).

        It holds the verdict, the rule table (status, rows failed and their share of
        all rows), the failures of each failed rule (row, task id, the value as
        written and the message; at most 50 per rule), and the PO figures of the valid
        rows when the input has closure codes. Every value is HTML-escaped.

        Parameters
        ----------
        title
            The page title (default: "po_codes validation report").
        full_page
            A whole ``<!doctype html>`` document (default), or only the ``<div>``
            (for notebooks).
        """
        from po_codes._report_html import render  # noqa: PLC0415  (only when asked for)

        return render(self, title=title, full_page=full_page)


def number(value: float, lang: str = "en") -> str:
    """An integer with thousands separators: ``12,345`` (en) or ``12 345`` (nb)."""
    text = f"{int(value):,}"
    return text.replace(",", "\u00a0") if lang == "nb" else text


def plural(n: int, one: str, many: str) -> str:
    """``one`` when ``n`` is 1, else ``many``."""
    return one if n == 1 else many
