"""The report as one self-contained HTML page (inline CSS, no network)."""

from __future__ import annotations

import html
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from po_codes._formats._common import by_rule, headline, more, visible
from po_codes._i18n import number, percent, text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from po_codes._formats._model import FileError, ReportData
    from po_codes._i18n import Lang

__all__ = ["render"]


@cache
def _css() -> str:
    """The report's style sheet, a package file (``report.css``), inlined in the page."""
    return files("po_codes._formats").joinpath("report.css").read_text(encoding="utf-8")


def _table(head: str, rows: str) -> str:
    """A table in its own horizontally scrolling box: the page itself never overflows."""
    return (
        f"<div class='scroll'><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


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
    div = f"<div class='po-report'><style>{_css()}</style>{body}</div>"
    if not full_page:
        return div
    return (
        f"<!doctype html><html lang='{_e(lang)}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{_e(heading)}</title></head><body style='margin:0'>{div}</body></html>"
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
            needs = text("report.needs", lang, columns=", ".join(r.missing_columns))
            count = f"<td class='needs'>{_e(needs)}</td>"
        else:
            count = f"<td class='num'>{_e(number(r.n_failed, lang))}</td>"
        rows.append(
            f"<tr><td class='rule'><code>{_e(r.rule_id)}</code></td>"
            f"<td class='{_e(r.severity)} wide'>{_e(text(f'severity.{r.severity}', lang))}</td>"
            f"<td class='{_e(css)}'>{_e(text(f'status.{r.status}', lang))}</td>"
            f"{count}"
            f"<td class='num wide'>{_e(percent(r.share_failed, lang, 2))}</td>"
            f"<td class='what'>{_e(r.title)}</td></tr>"
        )
    head = (
        _th("report.col.rule", lang)
        + _th("report.col.severity", lang, "wide")
        + _th("report.col.status", lang)
        + _th("report.col.rows", lang)
        + _th("report.col.share", lang, "wide")
        + _th("report.col.what", lang)
    )
    return f"<h2>{_e(text('report.html.rules', lang))}</h2>" + _table(head, "".join(rows))


def _failures(data: ReportData) -> str:
    lang = data.lang
    sections = []
    for rule, listed in by_rule(data):
        key = "report.col.line" if data.located else "report.col.row"
        rows = "".join(
            f"<tr><td class='num'>{_e(r['line'] if data.located else r['row_index'])}</td>"
            f"<td class='id'>{_e(r.get('task_id'))}</td>"
            f"<td class='id'>{_e(r.get('closure_code'))}</td>"
            f"<td class='msg'>{_e(r['message'])}</td></tr>"
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
            + _table(head, rows)
            + note
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
    return f"<h2>{_e(text('report.html.figures', lang))}</h2>" + _table(head, rows)
