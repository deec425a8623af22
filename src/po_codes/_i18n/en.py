"""English: every user-interface text of po_codes (see :mod:`po_codes._i18n`)."""

from __future__ import annotations

from typing import Final

NUMBER: Final = {"thousands": ",", "decimal": ".", "percent": "%"}

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
    "report.note.unit_mixed": (
        "{column} ({target}) mixes yes/no values with unit names (call signs): a named "
        "unit is read as assigned"
    ),
    "report.headline": (
        "po_codes validation {verdict}: {rows}, {run} run, {failed} failed ({errors}, "
        "{warnings}, {infos} info), {skipped} skipped"
    ),
    "report.verdict.ok": "OK",
    "report.verdict.failed": "FAILED",
    "report.n_rows.one": "{n} row",
    "report.n_rows.many": "{n} rows",
    "report.n_rows_failed.one": "{n} row failed",
    "report.n_rows_failed.many": "{n} rows failed",
    "report.n_rules.one": "{n} rule",
    "report.n_rules.many": "{n} rules",
    "report.n_errors.one": "{n} error",
    "report.n_errors.many": "{n} errors",
    "report.n_warnings.one": "{n} warning",
    "report.n_warnings.many": "{n} warnings",
    "report.n_files.one": "{n} file",
    "report.n_files.many": "{n} files",
    "report.n_invalid.one": "{n} invalid row",
    "report.n_invalid.many": "{n} invalid rows",
    "report.n_with_errors": "{n} with errors",
    "report.n_unreadable.one": "{n} unreadable",
    "report.n_unreadable.many": "{n} unreadable",
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
PAGE: Final = {
    "page.title": "PO figures by police district",
    "page.lead": (
        "The closure codes of police tasks in the police operational system (PO) by "
        "district and year, the share of {code} over time, and how the districts compare."
    ),
    "page.controls": "Choose district and year",
    "page.district_label": "Police district",
    "page.year_label": "Year",
    "page.national": "Whole country",
    "page.national_partial": "All districts in the data",
    "page.national_in_text": "the whole country",
    "page.national_partial_in_text": "all districts in the data",
    "page.funnel_too_few": "The funnel plot needs at least three districts with tasks in {year}.",
    "page.table_heading": "Closure codes",
    "page.col_code": "Closure code",
    "page.col_n": "Count",
    "page.col_share": "Share",
    "page.col_nat": "National share",
    "page.col_nat_partial": "Share, all in the data",
    "page.with": "With a resource",
    "page.without": "Without a resource",
    "page.sum_with": "Total with a resource",
    "page.sum_without": "Total without a resource",
    "page.total": "Total",
    "page.caption": "{unit}, {year}: {total} tasks with a valid closure code.",
    "page.no_data": "No tasks with a valid closure code for {unit} in {year}.",
    "page.trend_heading": "Share of {code} by year",
    "page.trend_caption": "{unit} against {national}.",
    "page.trend_caption_national": "The share for {national}.",
    "page.reform_note": "The dashed line marks the police reform of 1 January 2016.",
    "page.harmonised_note": "Years before 2016 are mapped to the districts of 2016.",
    "page.reform": "2016 police reform",
    "page.trend_table": "The figures in the chart",
    "page.funnel_heading": "Funnel plot: share of {code} against number of tasks",
    "page.funnel_x": "Number of tasks (all codes)",
    "page.funnel_y": "Share of {code}",
    "page.national_line": "national share {share}",
    "page.national_line_partial": "share of all districts in the data {share}",
    "page.above_sentence": (
        "“Above” means that the district's share lies above the upper limit of the "
        "funnel: higher than both chance and the usual spread between districts can "
        "explain for a district with that many tasks (and “below” the opposite)."
    ),
    "page.funnel_caveat": (
        "The dark band holds 95\u00a0% and the light band 99.8\u00a0% of what is expected when a "
        "district differs only by chance and the usual spread between districts. The "
        "limits come from po.compare. They do not say why a district stands out: how "
        "tasks are registered varies between districts and over time, and about one "
        "district in twenty falls outside the 95\u00a0% limits by chance."
    ),
    "page.flag_above": "above the limits",
    "page.flag_below": "below the limits",
    "page.flag_within": "within the limits",
    "page.legend_above": "above",
    "page.legend_below": "below",
    "page.legend_within": "within",
    "page.legend_band": "95\u00a0% limits",
    "page.legend_band_outer": "99.8\u00a0% limits",
    "page.status": (
        "{unit} {year}: {share} ({n} of {total} tasks), {flag} (95\u00a0%: {low}–{high}; "
        "99.8\u00a0%: {low_outer}–{high_outer})."
    ),
    "page.pick": "Choose a district to highlight it in the funnel.",
    "page.list_above": "Above the 95\u00a0% limits in {year}: {names}.",
    "page.list_below": "Below the 95\u00a0% limits in {year}: {names}.",
    "page.none": "none",
    "page.funnel_empty": "No district has tasks in {year}.",
    "page.codes_heading": "What the codes mean",
    "page.codes_note": (
        "Each code is shown with its English label, the official Norwegian label and the "
        "project's short description in Norwegian."
    ),
    "page.with_intro": "Codes for tasks where a resource (for example a patrol) was deployed.",
    "page.without_intro": "Codes for tasks where no resource was deployed.",
    "page.about_heading": "About the figures",
    "page.period": "Period",
    "page.source": "Source",
    "page.no_source": "not given",
    "page.generated": "Generated",
    "page.district_choice": "Districts",
    "page.combined": (
        "Midtre Hålogaland was split between Nordland and Troms in 2016. The data contain "
        "Midtre Hålogaland, so Nordland and Troms are shown as one unit, “Nordland og "
        "Troms”, in every year, to keep the series comparable."
    ),
    "page.separate": (
        "The data do not contain Midtre Hålogaland (split between Nordland and Troms in "
        "2016), so the districts of 2016 are shown separately."
    ),
    "page.partial": (
        "The data hold only {count} of the {all} districts, so “{national}” is their sum, "
        "not the whole country."
    ),
    "page.harmonised": (
        "Districts from before 2016 are merged into the districts of 2016; moves of "
        "single municipalities between districts are not modelled."
    ),
    "page.left_out_heading": "Left out",
    "page.left_out": "{rows} rows failed an error rule (po.validate) and are not counted.",
    "page.left_out_one": "1 row failed an error rule (po.validate) and is not counted.",
    "page.left_out_tasks": "They held {tasks} tasks in all.",
    "page.left_out_districts": "Unknown districts left out: {names}.",
    "page.left_out_none": "No row failed an error rule (po.validate).",
    "page.kept_invalid": (
        "Rows that fail error rules are counted (keep_invalid=True); the figures are not checked."
    ),
    "page.excluded": (
        "Tasks without a valid closure code are not counted. The page holds only "
        "aggregated counts, no individual tasks."
    ),
    "page.noscript": "The table and charts are drawn with JavaScript; turn it on to see them.",
    "page.footer": "Made with po_codes {version}.",
    "page.na": "–",
    "page.quote_open": "“",
    "page.quote_close": "”",
}
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
    "cli.left_out.kept": "po-codes: kept rows failing error rules (--keep-invalid)",
    "cli.left_out.none": "po-codes: no row failed an error rule",
    "cli.left_out.one": "po-codes: left out 1 row failing error rules",
    "cli.left_out.many": "po-codes: left out {n} rows failing error rules",
    "cli.left_out.tasks": " ({n} tasks)",
    "cli.left_out.districts": "; unknown districts: {names}",
    "cli.figures.col.district": "district",
    "cli.figures.col.year": "year",
    "cli.figures.col.closure_code": "closure_code",
    "cli.figures.col.n": "n",
    "cli.figures.col.share": "share",
}
FIGURES: Final[dict[str, str]] = {}

PLOTS: Final = {
    "plots.share_of_tasks": "share of tasks",
    "plots.closure_code": "closure code",
    "plots.codes_title": "Closure codes per district",
    "plots.trend_title": "Share of tasks closed 'Ikke kapasitet' (no capacity)",
    "plots.trend_subtitle": (
        "Per district and year, against the country (all districts in the table)"
    ),
    "plots.trend_y": "Share 'Ikke kapasitet'",
    "plots.year": "year",
    "plots.district": "district",
    "plots.tasks": "tasks",
    "plots.series_district": "district",
    "plots.series_national": "national",
    "plots.reform": "Police reform 2016",
    "plots.national": "National {share}",
    "plots.limits": "{level} % limits",
    "plots.funnel_title": "Share '{code}' against number of tasks, {period}",
    "plots.funnel_title_nocode": "Share against number of tasks, {period}",
    "plots.funnel_subtitle": (
        "Funnel limits at {level} % around the national share, widened for overdispersion"
        " (φ = {phi}). Districts outside the limits differ by more than chance variation "
        "explains."
    ),
    "plots.funnel_subtitle_binomial": (
        "Funnel limits at {level} % around the national share (binomial, φ = 1). "
        "Districts outside the limits differ by more than chance variation explains."
    ),
    "plots.funnel_subtitle_re": (
        "Funnel limits at {level} %: how far from the other districts a district can lie "
        "by chance and the usual spread between districts (τ ≈ {tau} percentage points). "
        "Districts outside the limits stand out more than that."
    ),
    "plots.funnel_subtitle_few": (
        "Too few districts with tasks for funnel limits (at least four are needed)."
    ),
    "plots.funnel_x": "Number of tasks (all codes, log scale)",
    "plots.funnel_y": "Share '{code}'",
    "plots.funnel_y_nocode": "Share",
    "plots.share": "share",
    "plots.interval": "{level} % interval",
    "plots.flag": "assessment",
    "plots.flag_above": "above the limit",
    "plots.flag_below": "below the limit",
    "plots.flag_within": "within",
}
TABLES: Final = {
    "tables.total": "Total",
    "tables.uncoded": "Uncoded",
    "tables.district": "District",
    "tables.year": "Year",
    "tables.with": "With resource",
    "tables.without": "Without resource",
}

TEXTS: Final = {**COMMON, **REPORT, **PAGE, **CLI, **FIGURES, **PLOTS, **TABLES}
