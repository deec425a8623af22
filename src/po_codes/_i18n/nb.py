"""Norsk bokmål: every user-interface text of po_codes (see :mod:`po_codes._i18n`)."""

from __future__ import annotations

from typing import Final

NUMBER: Final = {"thousands": "\u00a0", "decimal": ","}

# Sections by the part of the library that shows them; keys are prefixed the same way.
COMMON: Final = {
    "severity.error": "feil",
    "severity.warning": "advarsel",
    "severity.info": "info",
    "status.passed": "bestått",
    "status.failed": "ga funn",
    "status.skipped": "hoppet over",
}
REPORT: Final[dict[str, str]] = {
    "report.did_you_mean": "; mente du «{name}»?",
    "report.note.unit_names": (
        "{column} ({target}) inneholder enhetsnavn, ikke ja/nei: lest som "
        "tildelt der en enhet er navngitt og ikke tildelt der cellen er tom"
    ),
    "report.headline": (
        "po_codes-validering {verdict}: {rows}, {run} kjørt, {failed} med funn ({errors} "
        "feil, {warnings}, {infos} info), {skipped} hoppet over"
    ),
    "report.verdict.ok": "i orden",
    "report.verdict.failed": "FEIL FUNNET",
    "report.n_rows.one": "{n} rad",
    "report.n_rows.many": "{n} rader",
    "report.n_rows_failed.one": "{n} rad med funn",
    "report.n_rows_failed.many": "{n} rader med funn",
    "report.n_rules.one": "{n} regel",
    "report.n_rules.many": "{n} regler",
    "report.n_warnings.one": "{n} advarsel",
    "report.n_warnings.many": "{n} advarsler",
    "report.n_files.one": "{n} fil",
    "report.n_files.many": "{n} filer",
    "report.n_invalid.one": "{n} ugyldig rad",
    "report.n_invalid.many": "{n} ugyldige rader",
    "report.n_with_errors": "{n} med feil",
    "report.n_unreadable": "{n} uleselige",
    "report.line": "linje {n}",
    "report.row": "rad {n}",
    "report.task": "oppdrag {id}",
    "report.more": "… og {n} til",
    "report.passed": "bestått",
    "report.skipped_needs": "hoppet over {rule}: trenger kolonne(r) {columns}",
    "report.needs": "trenger {columns}",
    "report.note": "merk",
    "report.truncated": "listen over rader med funn er avkortet; antallene er eksakte",
    "report.above_threshold": "{rule} ga funn: {share} av radene, over terskelen på {threshold}",
    "report.under_threshold": (
        "{rule} bestått: {share} av radene ga funn, under terskelen på {threshold}"
    ),
    "report.not_annotated": "ikke annotert: {rules}",
    "report.col.rule": "regel",
    "report.col.severity": "alvor",
    "report.col.status": "utfall",
    "report.col.rows": "rader",
    "report.col.share": "av alle rader",
    "report.col.what": "hva",
    "report.col.line": "linje",
    "report.col.row": "rad",
    "report.col.task": "oppdrag",
    "report.col.code_as_written": "kode slik den står",
    "report.col.message": "melding",
    "report.col.closure_code": "avslutningskode",
    "report.col.tasks": "oppdrag",
    "report.col.share_of_tasks": "andel",
    "report.md.heading": "po-codes-validering",
    "report.md.failures": "De første funnene",
    "report.gh.summary": "po-codes-sammendrag",
    "report.junit.read": "les filen",
    "report.html.title": "Valideringsrapport fra po_codes",
    "report.html.file_title": "po-codes-validering: {path}",
    "report.html.errors_found": "feil funnet",
    "report.html.rules": "Regler",
    "report.html.failures": "Funn",
    "report.html.figures": "PO-tall for de gyldige radene",
}
PAGE: Final[dict[str, str]] = {}
CLI: Final[dict[str, str]] = {
    "cli.error": "po-codes: feil: {message}",
    "cli.internal": (
        "po-codes: intern feil: {error} (kjør med --debug for å se sporingen, og meld gjerne fra)"
    ),
    "cli.no_code_column": "{path}: ingen kolonne med avslutningskoder, hoppet over",
    "cli.reading": "po-codes: leser {path} ...",
    "cli.validating": "po-codes: validerer {n} rader i {path} ...",
    "cli.done": "po-codes: {path} ferdig på {seconds} s",
    "cli.wrote": "po-codes: skrev {path} ({size} KiB)",
}
FIGURES: Final[dict[str, str]] = {}

TEXTS: Final = {**COMMON, **REPORT, **PAGE, **CLI, **FIGURES}
