"""The validation report as one self-contained HTML page (inline CSS, no network)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, Final

import polars as pl

from po_codes._report import number

if TYPE_CHECKING:
    from po_codes._report import ValidationReport

__all__ = ["render"]

_PER_RULE: Final = 50
_CSS: Final = """
.po-report{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2939;
  max-width:72rem;margin:0 auto;padding:1rem}
.po-report h1{font-size:1.4rem;margin:.2rem 0 .6rem}
.po-report h2{font-size:1.1rem;margin:1.6rem 0 .4rem;border-bottom:1px solid #eaecf0;
  padding-bottom:.2rem}
.po-report .verdict{display:inline-block;padding:.15rem .6rem;border-radius:1rem;font-weight:600}
.po-report .ok{background:#ecfdf3;color:#067647}.po-report .bad{background:#fef3f2;color:#b42318}
.po-report table{border-collapse:collapse;width:100%;margin:.4rem 0;font-size:.92rem}
.po-report th,.po-report td{padding:.3rem .5rem;border-bottom:1px solid #eaecf0;text-align:left;
  vertical-align:top}
.po-report th{background:#f9fafb;font-weight:600}
.po-report td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.po-report .error{color:#b42318}.po-report .warning{color:#b54708}.po-report .info{color:#175cd3}
.po-report .passed{color:#067647}.po-report .skipped{color:#667085}
.po-report td.id{white-space:nowrap}
.po-report code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}
.po-report .note{color:#475467;font-size:.9rem}
@media (max-width:700px){.po-report{font-size:14px;padding:.5rem}.po-report .wide{display:none}}
@media print{.po-report{max-width:none}.po-report h2{break-after:avoid}}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def render(report: ValidationReport[Any], *, title: str | None, full_page: bool) -> str:
    """Render ``report`` (see :meth:`ValidationReport.to_html`)."""
    lang = report.lang

    def t(en: str, nb: str) -> str:
        return nb if lang == "nb" else en

    heading = title or t("po_codes validation report", "Valideringsrapport fra po_codes")
    verdict = (
        f"<span class='verdict ok'>{t('OK', 'OK')}</span>"
        if report.ok
        else f"<span class='verdict bad'>{t('errors found', 'feil funnet')}</span>"
    )
    parts = [
        f"<h1>{_e(heading)}</h1>",
        f"<p>{verdict} &middot; {_e(report.headline())}</p>",
    ]
    parts.extend(f"<p class='note'>{_e(note)}</p>" for note in report.notes)
    parts.append(_rule_table(report, t))
    parts.append(_failures(report, t, per_rule=_PER_RULE if full_page else 5))
    parts.append(_figures(report, t))
    body = f"<div class='po-report'><style>{_CSS}</style>{''.join(parts)}</div>"
    if not full_page:
        return body
    return (
        f"<!doctype html><html lang='{'nb' if lang == 'nb' else 'en'}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{_e(heading)}</title></head><body>{body}</body></html>"
    )


def _rule_table(report: ValidationReport[Any], t: Any) -> str:
    rows = []
    total = max(report.n_rows, 1)
    for o in report.outcomes:
        status = {"passed": t("passed", "bestått"), "failed": t("failed", "feilet"),
                  "skipped": t("skipped", "hoppet over")}[o.status]  # fmt: skip
        css = o.severity.value if o.status == "failed" else o.status
        if o.status == "skipped":
            count = t("needs ", "trenger ") + ", ".join(o.missing_columns)
            share = ""
        else:
            count = number(o.n_failed, report.lang)
            share = f"{100 * o.n_failed / total:.2f} %".replace(
                ".", "," if report.lang == "nb" else "."
            )
        rows.append(
            f"<tr><td><code>{_e(o.rule.id)}</code></td>"
            f"<td class='{_e(o.severity.value)}'>{_e(o.severity.value)}</td>"
            f"<td class='{_e(css)}'>{_e(status)}</td>"
            f"<td class='num'>{_e(count)}</td><td class='num wide'>{_e(share)}</td>"
            f"<td>{_e(o.rule.title_in(report.lang))}</td></tr>"
        )
    head = (
        f"<tr><th>{t('rule', 'regel')}</th><th>{t('severity', 'alvor')}</th>"
        f"<th>{t('status', 'status')}</th><th>{t('rows', 'rader')}</th>"
        f"<th class='wide'>{t('of all rows', 'av alle rader')}</th><th>{t('what', 'hva')}</th></tr>"
    )
    body = "".join(rows)
    return (
        f"<h2>{t('Rules', 'Regler')}</h2><table><thead>{head}</thead><tbody>{body}</tbody></table>"
    )


def _failures(report: ValidationReport[Any], t: Any, per_rule: int) -> str:
    failed = [o for o in report.outcomes if o.status == "failed"]
    if not failed:
        return ""
    examples = report.examples(per_rule)
    sections = [f"<h2>{t('Failures', 'Feil')}</h2>"]
    for o in failed:
        rows = "".join(
            f"<tr><td class='num'>{_e(r['row_index'])}</td>"
            f"<td class='id'>{_e(r.get('task_id'))}</td>"
            f"<td class='id'>{_e(r.get('closure_code'))}</td><td>{_e(r['message'])}</td></tr>"
            for r in examples.get(o.rule.id, [])
        )
        shown = min(o.n_failed, per_rule)
        more = (
            f"<p class='note'>{t('First', 'De første')} {shown} {t('of', 'av')} "
            f"{number(o.n_failed, report.lang)}.</p>"
            if o.n_failed > shown
            else ""
        )
        sections.append(
            f"<h3><code>{_e(o.rule.id)}</code> <span class='{_e(o.severity.value)}'>"
            f"{_e(o.severity.value)}</span> {_e(o.rule.title_in(report.lang))}</h3>"
            f"<table><thead><tr><th>{t('row', 'rad')}</th><th>{t('task', 'oppdrag')}</th>"
            f"<th>{t('code as written', 'kode slik den står')}</th>"
            f"<th>{t('message', 'melding')}</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>{more}"
        )
    return "".join(sections)


def _figures(report: ValidationReport[Any], t: Any) -> str:
    from po_codes._figures import figures  # noqa: PLC0415  (figures import the reader)

    valid = report.valid_rows()
    frame = valid.collect() if isinstance(valid, pl.LazyFrame) else valid
    try:
        table = figures(frame, by=())
    except Exception:  # noqa: BLE001  (the figures are a courtesy: never break the report)
        return ""
    total = int(table.get_column("n").sum())
    if not total:
        return ""
    rows = "".join(
        f"<tr><td>{_e(code)}</td><td class='num'>{_e(number(n, report.lang))}</td>"
        f"<td class='num'>{_e(_pct(share, report.lang))}</td></tr>"
        for code, n, share in table.select("closure_code", "n", "share").iter_rows()
    )
    return (
        f"<h2>{t('PO figures of the valid rows', 'PO-tall for de gyldige radene')}</h2>"
        f"<table><thead><tr><th>{t('closure code', 'avslutningskode')}</th>"
        f"<th>{t('tasks', 'oppdrag')}</th><th>{t('share', 'andel')}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _pct(share: float | None, lang: str, digits: int = 1) -> str:
    if share is None:
        return ""
    text = f"{100 * share:.{digits}f} %"
    return text.replace(".", ",") if lang == "nb" else text
