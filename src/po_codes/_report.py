"""The result of :func:`po_codes.validate`: counts per rule and every failing row."""

from __future__ import annotations

import json
from functools import cached_property
from typing import TYPE_CHECKING, Any, Final, Generic

import attrs
import polars as pl

from po_codes._errors import InvalidArgumentError, ValidationError
from po_codes._formats import FORMATS, FileError, ReportData, RuleLine, render
from po_codes._formats._common import headline
from po_codes._formats.to_json import document
from po_codes._frames import FrameT

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from po_codes._i18n import Lang
    from po_codes._rules import Rule, RuleContext, Severity

__all__ = ["RuleOutcome", "ValidationReport", "located", "render_reports"]

ROW: Final = "__po_row"  # default name of the row-index column (see row_name)


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
    threshold: float | None = None

    @property
    def has_failures(self) -> bool:
        """True when the rule ran and some row failed it (under a threshold too)."""
        return self.status != "skipped" and self.n_failed > 0


def _thresholded(
    outcomes: Sequence[RuleOutcome], n_rows: int, thresholds: Mapping[str, float]
) -> list[RuleOutcome]:
    """Outcomes with their thresholds.

    A rule whose share of failing rows is under its threshold passes (its failures are
    still listed).
    """
    result = []
    for o in outcomes:
        limit = thresholds.get(o.rule.id)
        if limit is None:
            result.append(o)
            continue
        status = o.status
        if status == "failed" and o.n_failed < limit * n_rows:
            status = "passed"
        result.append(attrs.evolve(o, status=status, threshold=limit))
    return result


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
        max_failures: int | None = None,
        thresholds: Mapping[str, float] | None = None,
        details: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
    ) -> None:
        self._source: FrameT = source
        self._n_rows = n_rows
        self._outcomes = tuple(_thresholded(outcomes, n_rows, thresholds or {}))
        self._max_failures = max_failures
        self._file: str | None = None  # the file's name, where the input was one
        self._lines: pl.Series | None = None  # each row's line in that file
        self._failing = failing
        self._context = context
        self._row = row
        self._inputs = inputs
        self._valid_plan = valid_plan
        self._notes = tuple(notes)
        self._details = details  # reads what messages show, for the rows listed

    # -- the numbers ---------------------------------------------------------------------

    @property
    def n_rows(self) -> int:
        """Number of rows in the input."""
        return self._n_rows

    @property
    def lang(self) -> Lang:
        """The report's language, ``"en"`` or ``"nb"``."""
        return self._context.lang

    @property
    def truncated(self) -> bool:
        """True when ``max_failures`` left failing rows out of :attr:`failures`.

        The counts (:attr:`summary`'s ``n_failed``) are exact either way.
        """
        cap = self._max_failures
        return cap is not None and any(o.has_failures and o.n_failed > cap for o in self._outcomes)

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
        ``status`` (``"passed"``, ``"failed"`` or ``"skipped"``), ``n_failed`` (the true
        count, whatever ``max_failures`` listed; 0 when skipped), ``share_failed``
        (``n_failed`` over all rows; null when skipped), ``threshold`` (the share under
        which the rule passes, null when none was set) and ``missing_columns`` (why a
        rule was skipped).
        """
        lines = self._rule_lines()
        return pl.DataFrame(
            {
                "rule_id": [r.rule_id for r in lines],
                "severity": [r.severity for r in lines],
                "title": [r.title for r in lines],
                "status": [r.status for r in lines],
                "n_failed": [r.n_failed for r in lines],
                "share_failed": [r.share_failed for r in lines],
                "threshold": [r.threshold for r in lines],
                "missing_columns": [list(r.missing_columns) for r in lines],
            },
            schema={
                "rule_id": pl.String,
                "severity": pl.String,
                "title": pl.String,
                "status": pl.String,
                "n_failed": pl.Int64,
                "share_failed": pl.Float64,
                "threshold": pl.Float64,
                "missing_columns": pl.List(pl.String),
            },
        )

    def _rule_lines(self) -> tuple[RuleLine, ...]:
        total = self._n_rows
        return tuple(
            RuleLine(
                rule_id=o.rule.id,
                severity=o.severity.value,
                title=o.rule.title_in(self.lang),
                status=o.status,
                n_failed=o.n_failed,
                share_failed=None
                if o.status == "skipped"
                else (o.n_failed / total if total else 0.0),
                threshold=o.threshold,
                missing_columns=o.missing_columns,
            )
            for o in self._outcomes
        )

    @cached_property
    def failures(self) -> pl.DataFrame:
        """One row per (row, rule) failure, ordered by row then rule.

        Columns: ``row_index`` (0-based position in the input; for a LazyFrame, in the
        order of the run that validated it), ``rule_id``, ``severity``, ``message``
        (in the report's language), then ``task_id`` and ``closure_code`` (as written)
        when the input has them. With ``max_failures=N``, the first N failing rows of
        each rule (see :attr:`truncated`).
        """
        return self._listed(self._max_failures)

    def _listed(self, per_rule: int | None) -> pl.DataFrame:
        """The failures of :attr:`failures`, at most ``per_rule`` per rule.

        The failing rows are kept compactly (index and flags); the values the messages
        show, their hints and the messages are made for the rows listed only.
        """
        cap = self._max_failures
        if cap is not None:
            per_rule = cap if per_rule is None else min(per_rule, cap)
        shown = [o for o in self._outcomes if o.has_failures]
        listed = {o.rule.id: f"__listed__{o.rule.id}" for o in shown}
        compact = self._failing
        if per_rule is None:
            masks = [pl.col(flag_name(o.rule)).alias(listed[o.rule.id]) for o in shown]
        else:
            masks = [
                (
                    pl.col(flag_name(o.rule))
                    & (pl.col(flag_name(o.rule)).cast(pl.UInt32).cum_sum() <= per_rule)
                ).alias(listed[o.rule.id])
                for o in shown
            ]
        if masks:
            compact = compact.with_columns(masks).filter(pl.any_horizontal(list(listed.values())))
        else:
            compact = compact.clear()
        failing = self._with_hints(compact if self._details is None else self._details(compact))
        available = dict(failing.schema)
        extra = []
        if "task_id__raw" in available:
            extra.append(pl.col("task_id__raw").cast(pl.String).alias("task_id"))
        if "closure_code__raw" in available:
            extra.append(pl.col("closure_code__raw").cast(pl.String).alias("closure_code"))
        parts = [
            failing.filter(pl.col(listed[o.rule.id])).select(
                pl.col(self._row).cast(pl.Int64).alias("row_index"),
                pl.lit(o.rule.id).alias("rule_id"),
                pl.lit(o.severity.value).alias("severity"),
                o.rule.message_expr(self._context, available).cast(pl.String).alias("message"),
                *extra,
                pl.lit(position, pl.Int32).alias("__order"),
            )
            for position, o in enumerate(self._outcomes)
            if o.has_failures
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
            if o.has_failures and o.severity.value == "error"
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
        failed = [o.rule for o in self._outcomes if o.has_failures]
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

    def _data(self, per_rule: int | None, *, figures: bool = False) -> ReportData:
        """The report as plain data for the formats, listing ``per_rule`` failures."""
        failures = self._listed(per_rule)
        if self._lines is not None:
            failures = failures.with_columns(
                pl.lit(self._lines.cast(pl.Int64)).gather(pl.col("row_index")).alias("line")
            )
        return ReportData(
            lang=self.lang,
            ok=self.ok,
            n_rows=self.n_rows,
            n_invalid=self.n_invalid,
            coverage=self.coverage,
            rules=self._rule_lines(),
            failures=failures,
            notes=self.notes,
            source=self._file,
            truncated=self.truncated,
            figures=self._figures() if figures else None,
        )

    def _figures(self) -> pl.DataFrame | None:
        """The PO figures of the valid rows (for the HTML report), None if none."""
        from po_codes._figures import figures  # noqa: PLC0415  (only for HTML)

        frame = self.valid_rows().lazy().collect()
        try:
            return figures(frame, by=())
        except Exception:  # noqa: BLE001  (the figures are a courtesy: never break the report)
            return None

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-safe data.

        Keys: ``ok``, ``n_rows``, ``n_invalid``, ``coverage``, ``lang``, ``truncated``,
        ``notes``, ``summary`` (list of rule records with the true ``n_failed`` and
        ``share_failed``) and ``failures`` (list of failure records: those kept by
        ``max_failures``).
        """
        return document(self._data(None))

    def to_json(self, *, indent: int | None = None) -> str:
        """The report of :meth:`to_dict` as a JSON document (UTF-8 text, not escaped)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def examples(self, limit: int = 3) -> dict[str, list[dict[str, Any]]]:
        """The first ``limit`` failures of each failed rule, as records by rule id."""
        shown: dict[str, list[dict[str, Any]]] = {}
        for row in self._listed(limit).iter_rows(named=True):
            shown.setdefault(row["rule_id"], []).append(row)
        return shown

    def headline(self) -> str:
        """One line: verdict, rows, rules run, failed and skipped."""
        return headline(self._data(0))

    def __str__(self) -> str:
        return self.to_text()

    def _render(self, name: str, max_failures: int | None, **options: Any) -> str:
        if max_failures is not None and (
            isinstance(max_failures, bool) or not isinstance(max_failures, int)
        ):
            raise TypeError(f"max_failures takes an int or None, got {max_failures!r}")
        if max_failures is not None and max_failures < 0:
            raise InvalidArgumentError(f"max_failures must be 0 or more, got {max_failures}")
        width = options.get("width")
        if width is not None and (isinstance(width, bool) or not isinstance(width, int)):
            raise TypeError(f"width takes an int or None, got {width!r}")
        if options.get("fail_on", "error") not in ("error", "warning", "info"):
            raise InvalidArgumentError(
                f"fail_on must be 'error', 'warning' or 'info', got {options['fail_on']!r}"
            )
        return render_reports(name, [self], max_failures=max_failures, lang=self.lang, **options)

    def to_text(self, width: int | None = None, *, max_failures: int | None = 10) -> str:
        r"""The report as text for a terminal (what ``po-codes validate`` prints).

        Headline, each rule with failures and its first failing rows ("… and 1,234
        more"), rules over or under their threshold, passed and skipped rules, and
        notes on how columns were read. Control characters in values are written out
        (``\x1b``), never sent to the terminal.

        Parameters
        ----------
        width
            Columns to wrap to; default the terminal's width (80 when unknown).
        max_failures
            Failing rows listed per rule (default 10; None: every one the report kept).
        """
        return self._render("text", max_failures, width=width)

    def to_markdown(self, *, max_failures: int | None = 10) -> str:
        """The report as GitHub-flavoured markdown (every value escaped).

        A verdict, a table of the rules with failures or skipped, and the first
        ``max_failures`` failing rows per rule in a ``<details>`` block.

        Parameters
        ----------
        max_failures
            Failing rows listed per rule (default 10; None: every one the report kept).
        """
        return self._render("markdown", max_failures)

    def to_github(self, *, max_failures: int | None = 10) -> str:
        """The report as GitHub Actions annotations (``::error file=...,line=...::``).

        One annotation per listed failure (at most ``max_failures`` per rule) and a
        summary annotation; info findings, and the rows of a rule that passed under its
        threshold, are notices.

        Parameters
        ----------
        max_failures
            Failing rows annotated per rule (default 10; None: every one the report kept).
        """
        return self._render("github", max_failures)

    def to_junit(self, *, max_failures: int | None = 20, fail_on: str = "error") -> str:
        """The report as JUnit XML: one test case per rule.

        Rules of severity ``fail_on`` or above that failed are ``<failure>``s; findings
        below it (info, by default warnings too) are listed in ``<system-out>``, so a
        passing validation is a passing test report. Well-formed whatever the values
        hold.

        Parameters
        ----------
        max_failures
            Failing rows listed per rule (default 20; None: every one the report kept).
        fail_on
            The least severity that makes a ``<failure>``: ``"error"`` (default),
            ``"warning"`` or ``"info"``, as ``po-codes validate --fail-on``.
        """
        return self._render("junit", max_failures, fail_on=fail_on)

    def __repr__(self) -> str:
        failed = sum(1 for o in self._outcomes if o.status == "failed")
        return f"<ValidationReport ok={self.ok} n_rows={self.n_rows} failed_rules={failed}>"

    def _repr_html_(self) -> str:
        return self.to_html(full_page=False)

    def to_html(self, *, title: str | None = None, full_page: bool = True) -> str:
        """The report as one self-contained, styled HTML page (inline CSS; no network).

        It holds the verdict, the rule table (status, rows failed and their share of
        all rows), the failures of each failed rule (row, task id, the value as
        written and the message; at most 50 per rule, 5 when not a full page), and the
        PO figures of the valid rows when the input has closure codes. Every value is
        HTML-escaped.

        Parameters
        ----------
        title
            The page title (default: "po_codes validation report").
        full_page
            A whole ``<!doctype html>`` document (default), or only the ``<div>``
            (for notebooks).
        """
        per_rule = FORMATS["html"].listed if full_page else 5
        return self._render("html", per_rule, title=title, full_page=full_page)


def located(report: ValidationReport[FrameT], source: str, lines: pl.Series | None) -> None:
    """Say that ``report``'s input was the file ``source``, row ``i`` on line ``lines[i]``.

    The formats then name the file and place failures by line (when ``lines`` is known).
    """
    report._file = source  # noqa: SLF001  (the report's own module)
    report._lines = lines  # noqa: SLF001


def render_reports(
    name: str,
    reports: Sequence[ValidationReport[Any]],
    errors: Sequence[FileError] = (),
    *,
    max_failures: int | None,
    lang: Lang,
    **options: Any,
) -> str:
    """Render ``reports`` in the output format ``name``, listing ``max_failures`` per rule."""
    data = [r._data(max_failures, figures=name == "html") for r in reports]  # noqa: SLF001
    return render(name, data, errors, lang=lang, **options)
