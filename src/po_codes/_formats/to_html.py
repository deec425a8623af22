"""The report as one self-contained HTML page (inline CSS, no network)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, Final

from po_codes._formats._common import by_rule, headline, more, visible
from po_codes._i18n import number, percent, text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from po_codes._formats._model import FileError, ReportData
    from po_codes._i18n import Lang

__all__ = ["render"]

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
@media (max-width:700px){.po-report{font-size:14px;padding:.5rem}.po-report .wide{display:none}
  .po-report table{display:block;overflow-x:auto}.po-report td{overflow-wrap:anywhere}}
@media print{.po-report{max-width:none}.po-report h2{break-after:avoid}}
"""


def _e(value: object) -> str:
    return html.escape(visible(value))


def render(
    reports: Sequence[ReportData],
    errors: Sequence[FileError] = (),
    *,
    lang: Lang = "en",
    title: str | None = None,
    full_page: bool = True,
    **_options: Any,
) -> str:
    """One page: a single report, or a section per file (and per unreadable file)."""
    if len(reports) == 1 and not errors:
        data = reports[0]
        heading = title or (
            text("report.html.file_title", lang, path=data.source)
            if data.source is not None
            else text("report.html.title", lang)
        )
        body = _report(data, heading)
    else:
        heading = title or text("report.html.title", lang)
        sections = [
            f"<section>{_report(d, d.source or heading, level=2)}</section>" for d in reports
        ]
        sections.extend(
            f"<section><h2>{_e(e.path)}</h2><p>{_e(e.message)}</p></section>" for e in errors
        )
        body = f"<h1>{_e(heading)}</h1>{''.join(sections)}"
    div = f"<div class='po-report'><style>{_CSS}</style>{body}</div>"
    if not full_page:
        return div
    return (
        f"<!doctype html><html lang='{_e(lang)}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{_e(heading)}</title></head><body>{div}</body></html>"
    )


def _report(data: ReportData, heading: str, level: int = 1) -> str:
    lang = data.lang
    verdict = (
        f"<span class='verdict ok'>{_e(text('report.verdict.ok', lang))}</span>"
        if data.ok
        else f"<span class='verdict bad'>{_e(text('report.html.errors_found', lang))}</span>"
    )
    parts = [
        f"<h{level}>{_e(heading)}</h{level}>",
        f"<p>{verdict} &middot; {_e(headline(data))}</p>",
    ]
    parts.extend(f"<p class='note'>{_e(note)}</p>" for note in data.notes)
    parts.append(_rule_table(data))
    parts.append(_failures(data))
    parts.append(_figures(data))
    return "".join(parts)


def _th(key: str, lang: Lang, css: str = "") -> str:
    cls = f" class='{css}'" if css else ""
    return f"<th{cls}>{_e(text(key, lang))}</th>"


def _rule_table(data: ReportData) -> str:
    lang = data.lang
    rows = []
    for r in data.rules:
        css = r.severity if r.status == "failed" else r.status
        if r.status == "skipped":
            count = text("report.needs", lang, columns=", ".join(r.missing_columns))
        else:
            count = number(r.n_failed, lang)
        rows.append(
            f"<tr><td><code>{_e(r.rule_id)}</code></td>"
            f"<td class='{_e(r.severity)}'>{_e(text(f'severity.{r.severity}', lang))}</td>"
            f"<td class='{_e(css)}'>{_e(text(f'status.{r.status}', lang))}</td>"
            f"<td class='num'>{_e(count)}</td>"
            f"<td class='num wide'>{_e(percent(r.share_failed, lang, 2))}</td>"
            f"<td>{_e(r.title)}</td></tr>"
        )
    head = (
        _th("report.col.rule", lang)
        + _th("report.col.severity", lang)
        + _th("report.col.status", lang)
        + _th("report.col.rows", lang)
        + _th("report.col.share", lang, "wide")
        + _th("report.col.what", lang)
    )
    return (
        f"<h2>{_e(text('report.html.rules', lang))}</h2>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _failures(data: ReportData) -> str:
    lang = data.lang
    sections = []
    for rule, listed in by_rule(data):
        key = "report.col.line" if data.located else "report.col.row"
        rows = "".join(
            f"<tr><td class='num'>{_e(r['line'] if data.located else r['row_index'])}</td>"
            f"<td class='id'>{_e(r.get('task_id'))}</td>"
            f"<td class='id'>{_e(r.get('closure_code'))}</td><td>{_e(r['message'])}</td></tr>"
            for r in listed
        )
        rest = more(rule, len(listed), lang)
        note = f"<p class='note'>{_e(rest)}</p>" if rest else ""
        head = (
            _th(key, lang)
            + _th("report.col.task", lang)
            + _th("report.col.code_as_written", lang)
            + _th("report.col.message", lang)
        )
        sections.append(
            f"<h3><code>{_e(rule.rule_id)}</code> <span class='{_e(rule.severity)}'>"
            f"{_e(text(f'severity.{rule.severity}', lang))}</span> {_e(rule.title)}</h3>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{note}"
        )
    if not sections:
        return ""
    return f"<h2>{_e(text('report.html.failures', lang))}</h2>" + "".join(sections)


def _figures(data: ReportData) -> str:
    lang = data.lang
    table = data.figures
    if table is None or table.is_empty() or not int(table.get_column("n").sum()):
        return ""
    rows = "".join(
        f"<tr><td>{_e(code)}</td><td class='num'>{_e(number(n, lang))}</td>"
        f"<td class='num'>{_e(percent(share, lang))}</td></tr>"
        for code, n, share in table.select("closure_code", "n", "share").iter_rows()
    )
    head = (
        _th("report.col.closure_code", lang)
        + _th("report.col.tasks", lang)
        + _th("report.col.share_of_tasks", lang)
    )
    return (
        f"<h2>{_e(text('report.html.figures', lang))}</h2>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )
