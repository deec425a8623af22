"""The report as GitHub Actions workflow commands: one annotation per listed failure."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from po_codes._formats._common import by_rule, headline, more, place, visible
from po_codes._i18n import text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from po_codes._formats._model import FileError, ReportData
    from po_codes._i18n import Lang

__all__ = ["render"]

_COMMAND: Final = {"error": "error", "warning": "warning", "info": "notice"}


def _data(value: object) -> str:
    """Text for a workflow command's message (one line, controls visible)."""
    return visible(value).replace("%", "%25")


def _prop(value: object) -> str:
    """Text for a workflow command's property (``file=``, ``title=``)."""
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def _path(source: str | None) -> str:
    return _prop((source or "").replace("\\", "/"))


def render(
    reports: Sequence[ReportData],
    errors: Sequence[FileError] = (),
    *,
    lang: Lang = "en",
    **_options: Any,
) -> str:
    """Annotations for the listed failures, then one summary annotation per file."""
    lines: list[str] = []
    for data in reports:
        lines.extend(_file(data))
    lines.extend(f"::error file={_path(e.path)}::{_data(e.message)}" for e in errors)
    del lang
    return "\n".join(lines)


def _file(data: ReportData) -> list[str]:
    lang = data.lang
    where = f"file={_path(data.source)}" if data.source is not None else ""
    lines = []
    hidden = []
    for rule, rows in by_rule(data):
        severity = text(f"severity.{rule.severity}", lang)
        title = _prop(f"{rule.rule_id} ({severity})")
        # A rule that passed (under its threshold) shows its rows as notices only.
        command = _COMMAND.get(rule.severity, "notice") if rule.status == "failed" else "notice"
        for row in rows:
            at = where + (f",line={row['line']}" if "line" in row else "")
            props = f"{at},title={title}" if at else f"title={title}"
            message = _data(f"{rule.rule_id} {place(row, lang)}: {row['message']}")
            lines.append(f"::{command} {props}::{message}")
        rest = more(rule, len(rows), lang)
        if rest:
            hidden.append(f"{rule.rule_id} {rest}")
    summary = headline(data)
    if hidden:
        summary += "; " + text("report.not_annotated", lang, rules="; ".join(hidden))
    level = "notice" if data.ok else "error"
    title = _prop(text("report.gh.summary", lang))
    props = f"{where},title={title}" if where else f"title={title}"
    lines.append(f"::{level} {props}::{_data(summary)}")
    return lines
