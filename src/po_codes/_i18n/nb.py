"""Norsk bokmål: every user-interface text of po_codes (see :mod:`po_codes._i18n`)."""

from __future__ import annotations

from typing import Final

NUMBER: Final = {"thousands": "\u00a0", "decimal": ",", "percent": "\u00a0%"}

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
    "report.note.unit_mixed": (
        "{column} ({target}) blander ja/nei med enhetsnavn (kallesignaler): en navngitt "
        "enhet leses som at en ressurs er satt på oppdraget"
    ),
    "report.headline": (
        "po_codes-validering {verdict}: {rows}, {run} kjørt, {failed} ga funn ({errors}, "
        "{warnings}, {infos} info), {skipped} hoppet over"
    ),
    "report.verdict.ok": "i orden",
    "report.verdict.failed": "FEIL FUNNET",
    "report.n_rows.one": "{n} rad",
    "report.n_rows.many": "{n} rader",
    "report.n_rows_failed.one": "{n} rad med funn",
    "report.n_rows_failed.many": "{n} rader med funn",
    "report.n_rules.one": "{n} regel",
    "report.n_rules.many": "{n} regler",
    "report.n_errors.one": "{n} feil",
    "report.n_errors.many": "{n} feil",
    "report.n_warnings.one": "{n} advarsel",
    "report.n_warnings.many": "{n} advarsler",
    "report.n_files.one": "{n} fil",
    "report.n_files.many": "{n} filer",
    "report.n_invalid.one": "{n} ugyldig rad",
    "report.n_invalid.many": "{n} ugyldige rader",
    "report.n_with_errors": "{n} med feil",
    "report.n_unreadable.one": "{n} uleselig",
    "report.n_unreadable.many": "{n} uleselige",
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
PAGE: Final = {
    "page.title": "PO-tall per politidistrikt",
    "page.lead": (
        "Avslutningskodene for politiets oppdrag i politioperativt system (PO) per distrikt "
        "og år, andelen {code} over tid og hvordan distriktene ligger an mot hverandre."
    ),
    "page.controls": "Velg distrikt og år",
    "page.district_label": "Politidistrikt",
    "page.year_label": "År",
    "page.national": "Hele landet",
    "page.national_partial": "Alle distrikter i dataene",
    "page.national_in_text": "hele landet",
    "page.national_partial_in_text": "alle distrikter i dataene",
    "page.funnel_too_few": "Traktdiagrammet trenger minst tre distrikter med oppdrag i {year}.",
    "page.table_heading": "Avslutningskoder",
    "page.col_code": "Avslutningskode",
    "page.col_n": "Antall",
    "page.col_share": "Andel",
    "page.col_nat": "Lands\u00adandel",
    "page.col_nat_partial": "Andel alle i dataene",
    "page.with": "Med ressurs",
    "page.without": "Uten ressurs",
    "page.sum_with": "Sum med ressurs",
    "page.sum_without": "Sum uten ressurs",
    "page.total": "Totalt",
    "page.caption": "{unit}, {year}: {total} oppdrag med gyldig avslutningskode.",
    "page.no_data": "Ingen oppdrag med gyldig avslutningskode for {unit} i {year}.",
    "page.trend_heading": "Andel {code} per år",
    "page.trend_caption": "{unit} mot {national}.",
    "page.trend_caption_national": "Andelen for {national}.",
    "page.reform_note": "Den stiplede linjen markerer politireformen 1. januar 2016.",
    "page.harmonised_note": "Årene før 2016 er regnet om til distriktene fra 2016.",
    "page.reform": "Politireformen 2016",
    "page.trend_table": "Tallene i diagrammet",
    "page.funnel_heading": "Traktdiagram: andel {code} mot antall oppdrag",
    "page.funnel_x": "Antall oppdrag (alle koder)",
    "page.funnel_y": "Andel {code}",
    "page.national_line": "landsandel {share}",
    "page.national_line_partial": "andel alle distrikter i dataene {share}",
    "page.above_sentence": (
        "«Over» betyr at distriktets andel ligger over den øvre grensen i trakten: høyere "
        "enn både tilfeldig variasjon og den vanlige forskjellen mellom distrikter kan "
        "forklare for et distrikt med så mange oppdrag (og «under» det motsatte)."
    ),
    "page.funnel_caveat": (
        "Det mørke båndet rommer 95\u00a0% og det lyse 99,8\u00a0% av det man venter når et "
        "distrikt bare skiller seg ut ved tilfeldighet og den vanlige spredningen mellom "
        "distrikter. Grensene kommer fra po.compare. De sier ikke hvorfor et distrikt "
        "skiller seg ut: hvordan oppdrag registreres varierer mellom distrikter og over tid, "
        "og omtrent ett av tjue distrikter havner utenfor 95\u00a0%-grensene ved en "
        "tilfeldighet."
    ),
    "page.flag_above": "over grensene",
    "page.flag_below": "under grensene",
    "page.flag_within": "innenfor grensene",
    "page.legend_above": "over",
    "page.legend_below": "under",
    "page.legend_within": "innenfor",
    "page.legend_band": "95\u00a0%-grensene",
    "page.legend_band_outer": "99,8\u00a0%-grensene",
    "page.status": (
        "{unit} {year}: {share} ({n} av {total} oppdrag), {flag} (95\u00a0%: {low}–{high}; "
        "99,8\u00a0%: {low_outer}–{high_outer})."
    ),
    "page.pick": "Velg et distrikt for å markere det i trakten.",
    "page.list_above": "Over 95\u00a0%-grensene i {year}: {names}.",
    "page.list_below": "Under 95\u00a0%-grensene i {year}: {names}.",
    "page.none": "ingen",
    "page.funnel_empty": "Ingen distrikter med oppdrag i {year}.",
    "page.codes_heading": "Hva kodene betyr",
    "page.codes_note": "Hver kode vises med den offisielle betegnelsen og en kort forklaring.",
    "page.with_intro": "Koder for oppdrag der en ressurs (for eksempel en patrulje) ble satt på.",
    "page.without_intro": "Koder for oppdrag der ingen ressurs ble satt på.",
    "page.about_heading": "Om tallene",
    "page.period": "Periode",
    "page.source": "Kilde",
    "page.no_source": "ikke oppgitt",
    "page.generated": "Laget",
    "page.district_choice": "Distrikter",
    "page.combined": (
        "Midtre Hålogaland ble delt mellom Nordland og Troms i 2016. Dataene inneholder "
        "Midtre Hålogaland, så Nordland og Troms vises som én enhet, «Nordland og "
        "Troms», i alle år, slik at tidsserien kan sammenlignes."
    ),
    "page.separate": (
        "Dataene inneholder ikke Midtre Hålogaland (delt mellom Nordland og Troms i "
        "2016), så distriktene fra 2016 vises hver for seg."
    ),
    "page.partial": (
        "Dataene har bare {count} av de {all} distriktene, så «{national}» er summen av "
        "disse, ikke hele landet."
    ),
    "page.harmonised": (
        "Distriktene fra før 2016 er slått sammen til distriktene fra 2016; "
        "flytting av enkeltkommuner mellom distrikter er ikke med."
    ),
    "page.left_out_heading": "Utelatt",
    "page.left_out": "{rows} rader brøt en feilregel (po.validate) og er ikke talt med.",
    "page.left_out_one": "1 rad brøt en feilregel (po.validate) og er ikke talt med.",
    "page.left_out_tasks": "De hadde {tasks} oppdrag i alt.",
    "page.left_out_districts": "Ukjente distrikter som er utelatt: {names}.",
    "page.left_out_none": "Ingen rader brøt en feilregel (po.validate).",
    "page.kept_invalid": (
        "Rader som bryter feilregler er talt med (keep_invalid=True); tallene er ikke kontrollert."
    ),
    "page.excluded": (
        "Oppdrag uten gyldig avslutningskode er ikke talt med. Siden inneholder bare "
        "summerte tall, ingen enkeltoppdrag."
    ),
    "page.noscript": "Tabellen og diagrammene tegnes med JavaScript; slå det på for å se tallene.",
    "page.footer": "Laget med po_codes {version}.",
    "page.na": "–",
    "page.quote_open": "«",
    "page.quote_close": "»",
}
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
    "cli.left_out.kept": "po-codes: tok med rader som bryter feilregler (--keep-invalid)",
    "cli.left_out.none": "po-codes: ingen rad brøt en feilregel",
    "cli.left_out.one": "po-codes: utelot 1 rad som bryter feilregler",
    "cli.left_out.many": "po-codes: utelot {n} rader som bryter feilregler",
    "cli.left_out.tasks": " ({n} oppdrag)",
    "cli.left_out.districts": "; ukjente distrikter: {names}",
    "cli.figures.col.district": "distrikt",
    "cli.figures.col.year": "år",
    "cli.figures.col.closure_code": "avslutningskode",
    "cli.figures.col.n": "antall",
    "cli.figures.col.share": "andel",
}
FIGURES: Final[dict[str, str]] = {}

PLOTS: Final = {
    "plots.share_of_tasks": "andel av oppdragene",
    "plots.closure_code": "avslutningskode",
    "plots.codes_title": "Avslutningskoder per distrikt",
    "plots.trend_title": "Andel oppdrag avsluttet med «Ikke kapasitet»",
    "plots.trend_subtitle": (
        "Per distrikt og år, mot hele landet (alle distrikter i tabellen samlet)"
    ),
    "plots.trend_y": "Andel «Ikke kapasitet»",
    "plots.year": "år",
    "plots.district": "distrikt",
    "plots.tasks": "oppdrag",
    "plots.series_district": "distriktet",
    "plots.series_national": "hele landet",
    "plots.reform": "Politireformen 2016",
    "plots.national": "Hele landet {share}",
    "plots.limits": "{level} %-grenser",
    "plots.funnel_title": "Andel «{code}» mot antall oppdrag, {period}",
    "plots.funnel_title_nocode": "Andel mot antall oppdrag, {period}",
    "plots.funnel_subtitle": (
        "Traktgrenser {level} % rundt landsandelen, utvidet for overspredning (φ = "
        "{phi}). Distrikter utenfor grensene avviker mer enn tilfeldig variasjon "
        "forklarer."
    ),
    "plots.funnel_subtitle_binomial": (
        "Traktgrenser {level} % rundt landsandelen (binomiske, φ = 1). Distrikter utenfor"
        " grensene avviker mer enn tilfeldig variasjon forklarer."
    ),
    "plots.funnel_subtitle_re": (
        "Traktgrenser {level} %: så langt fra de andre distriktene et distrikt kan ligge "
        "ved tilfeldig variasjon og den vanlige spredningen mellom distrikter (τ ≈ {tau} "
        "prosentpoeng). Distrikter utenfor grensene skiller seg mer ut enn det."
    ),
    "plots.funnel_subtitle_few": (
        "For få distrikter med oppdrag til å beregne traktgrenser (minst fire trengs)."
    ),
    "plots.funnel_x": "Antall oppdrag (alle koder, logaritmisk skala)",
    "plots.funnel_y": "Andel «{code}»",
    "plots.funnel_y_nocode": "Andel",
    "plots.share": "andel",
    "plots.interval": "{level} %-intervall",
    "plots.flag": "vurdering",
    "plots.flag_above": "over grensen",
    "plots.flag_below": "under grensen",
    "plots.flag_within": "innenfor",
}
TABLES: Final = {
    "tables.total": "Totalt",
    "tables.uncoded": "Uten kode",
    "tables.district": "Distrikt",
    "tables.year": "År",
    "tables.with": "Med ressurs",
    "tables.without": "Uten ressurs",
}

TEXTS: Final = {**COMMON, **REPORT, **PAGE, **CLI, **FIGURES, **PLOTS, **TABLES}
