"""English: every user-interface text of po_codes (see :mod:`po_codes._i18n`)."""

from __future__ import annotations

from typing import Final

NUMBER: Final = {"thousands": ",", "decimal": "."}

# Sections by the part of the library that shows them; keys are prefixed the same way.
COMMON: Final = {
    "severity.error": "error",
    "severity.warning": "warning",
    "severity.info": "info",
    "status.passed": "passed",
    "status.failed": "failed",
    "status.skipped": "skipped",
}
REPORT: Final[dict[str, str]] = {
    "report.did_you_mean": "; did you mean {name!r}?",
    "report.note.unit_names": (
        "{column} ({target}) holds unit names, not yes/no values: read as "
        "assigned where a unit is named and not assigned where it is empty"
    ),
    "report.headline": (
        "po_codes validation {verdict}: {rows}, {run} run, {failed} failed ({errors} "
        "error, {warnings}, {infos} info), {skipped} skipped"
    ),
    "report.verdict.ok": "OK",
    "report.verdict.failed": "FAILED",
    "report.n_rows.one": "{n} row",
    "report.n_rows.many": "{n} rows",
    "report.n_rows_failed.one": "{n} row failed",
    "report.n_rows_failed.many": "{n} rows failed",
    "report.n_rules.one": "{n} rule",
    "report.n_rules.many": "{n} rules",
    "report.n_warnings.one": "{n} warning",
    "report.n_warnings.many": "{n} warnings",
    "report.n_files.one": "{n} file",
    "report.n_files.many": "{n} files",
    "report.n_invalid.one": "{n} invalid row",
    "report.n_invalid.many": "{n} invalid rows",
    "report.n_with_errors": "{n} with errors",
    "report.n_unreadable": "{n} unreadable",
    "report.line": "line {n}",
    "report.row": "row {n}",
    "report.task": "task {id}",
    "report.more": "… and {n} more",
    "report.passed": "passed",
    "report.skipped_needs": "skipped {rule}: needs column(s) {columns}",
    "report.needs": "needs {columns}",
    "report.note": "note",
    "report.truncated": "the failing rows listed are capped by max_failures; the counts are exact",
    "report.above_threshold": "{rule} failed: {share} of rows, above its threshold of {threshold}",
    "report.under_threshold": (
        "{rule} passed: {share} of rows failed, under its threshold of {threshold}"
    ),
    "report.not_annotated": "not annotated: {rules}",
    "report.col.rule": "rule",
    "report.col.severity": "severity",
    "report.col.status": "status",
    "report.col.rows": "rows",
    "report.col.share": "of all rows",
    "report.col.what": "what",
    "report.col.line": "line",
    "report.col.row": "row",
    "report.col.task": "task",
    "report.col.code_as_written": "code as written",
    "report.col.message": "message",
    "report.col.closure_code": "closure code",
    "report.col.tasks": "tasks",
    "report.col.share_of_tasks": "share",
    "report.md.heading": "po-codes validation",
    "report.md.failures": "First failures",
    "report.gh.summary": "po-codes summary",
    "report.junit.read": "read the file",
    "report.html.title": "po_codes validation report",
    "report.html.file_title": "po-codes: {path}",
    "report.html.errors_found": "errors found",
    "report.html.rules": "Rules",
    "report.html.failures": "Failures",
    "report.html.figures": "PO figures of the valid rows",
}
PAGE: Final[dict[str, str]] = {}
CLI: Final[dict[str, str]] = {
    "cli.error": "po-codes: error: {message}",
    "cli.internal": (
        "po-codes: internal error: {error} (run with --debug for the "
        "traceback, and please report it)"
    ),
    "cli.no_code_column": "{path}: no closure code column, skipped",
    "cli.reading": "po-codes: reading {path} ...",
    "cli.validating": "po-codes: validating {n} rows of {path} ...",
    "cli.done": "po-codes: {path} done in {seconds} s",
    "cli.wrote": "po-codes: wrote {path} ({size} KiB)",
}
FIGURES: Final[dict[str, str]] = {}

TEXTS: Final = {**COMMON, **REPORT, **PAGE, **CLI, **FIGURES}
