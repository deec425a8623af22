"""The report as GitHub-flavoured markdown (also the GitHub step summary)."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any, Final

from po_codes._formats._common import by_rule, counted, headline, more, place, visible
from po_codes._i18n import text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from po_codes._formats._model import FileError, ReportData
    from po_codes._i18n import Lang

__all__ = ["escape", "render"]

# Markdown's punctuation (``<``, ``>`` and ``&`` are written as HTML entities instead).
_SPECIAL: Final = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:])")


def escape(value: object) -> str:
    """``value`` as literal markdown text: no HTML, no markup, no line break, visible."""
    one_line = visible(value)
    return html.escape(_SPECIAL.sub(r"\\\1", one_line), quote=False)


def render(
    reports: Sequence[ReportData],
    errors: Sequence[FileError] = (),
    *,
    lang: Lang = "en",
    **_options: Any,
) -> str:
    """A ``##`` heading, then per file its verdict, rule table and first failures."""
    parts = [f"## {text('report.md.heading', lang)}\n"]
    parts.extend(_file(data) for data in reports)
    parts.extend(f"### ⚠️ {escape(e.path)}\n\n{escape(e.message)}\n" for e in errors)
    return "\n".join(parts)


def _file(data: ReportData) -> str:
    lang = data.lang
    mark = "✅" if data.ok else "❌"
    name = escape(data.source) if data.source is not None else ""
    parts = [f"### {mark} {name}".rstrip() + "\n", escape(headline(data)) + "\n"]
    shown = [r for r in data.rules if r.status != "passed" or r.n_failed]
    if shown:
        head = " | ".join(
            text(f"report.col.{c}", lang) for c in ("rule", "severity", "status", "rows", "what")
        )
        rows = [f"| {head} |", "|---|---|---|---:|---|"]
        for r in shown:
            count = (
                text("report.needs", lang, columns=", ".join(r.missing_columns))
                if r.status == "skipped"
                else counted("report.n_rows", r.n_failed, lang)
            )
            cells = (
                r.rule_id,
                text(f"severity.{r.severity}", lang),
                text(f"status.{r.status}", lang),
                count,
                r.title,
            )
            rows.append("| " + " | ".join(escape(c) for c in cells) + " |")
        parts.append("\n".join(rows) + "\n")
    listed: list[str] = []
    for rule, failures in by_rule(data):
        listed.extend(
            f"- **{escape(rule.rule_id)}** {escape(place(row, lang))}: {escape(row['message'])}"
            for row in failures
        )
        hidden = more(rule, len(failures), lang)
        if hidden:
            listed.append(f"- **{escape(rule.rule_id)}** {escape(hidden)}")
    if listed:
        summary = html.escape(text("report.md.failures", lang))
        parts.append(
            f"<details><summary>{summary}</summary>\n\n" + "\n".join(listed) + "\n\n</details>\n"
        )
    parts.extend(f"> {escape(text('report.note', lang))}: {escape(n)}\n" for n in data.notes)
    return "\n".join(parts)
