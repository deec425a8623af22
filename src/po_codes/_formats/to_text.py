"""The report as text for a terminal: wrapped to its width, every value visible."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, Any, Final

from po_codes._formats._common import by_rule, counted, headline, more, place, total_line, visible
from po_codes._i18n import percent, text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from po_codes._formats._model import FileError, ReportData, RuleLine
    from po_codes._i18n import Lang

__all__ = ["render", "terminal_width"]

_MARK: Final = {"error": "E", "warning": "W", "info": "I"}
_MIN_WIDTH: Final = 40
_MIN_TITLE: Final = 32  # columns a wrapped rule title keeps beside its counts


def terminal_width(width: int | None) -> int:
    """``width``, else the terminal's (80 columns when it is unknown); at least 40."""
    if width is None:
        width = shutil.get_terminal_size((80, 24)).columns or 80
    return max(_MIN_WIDTH, width)


def render(
    reports: Sequence[ReportData],
    errors: Sequence[FileError] = (),
    *,
    lang: Lang = "en",
    width: int | None = None,
    **_options: Any,
) -> str:
    """Every report as text, and a total line when there are several files."""
    columns = terminal_width(width)
    lines: list[str | tuple[str, int]] = [line for data in reports for line in _lines(data)]
    if len(reports) + len(errors) > 1:
        lines.append(total_line(reports, errors, lang))
    return "\n".join(
        _wrap(line, columns) if isinstance(line, str) else _wrap(line[0], columns, line[1])
        for line in lines
    )


def _lines(data: ReportData) -> list[str | tuple[str, int]]:
    """The report's lines; a rule line comes with the column its title starts in."""
    lang = data.lang
    first = headline(data)
    lines: list[str | tuple[str, int]] = [
        f"{visible(data.source)}: {first}" if data.source is not None else first
    ]
    failing = list(by_rule(data))
    cells = [_rule_cells(rule, lang) for rule, _ in failing]
    widths = [max((len(c[i]) for c in cells), default=0) for i in range(4)]
    for (rule, rows), rule_cells in zip(failing, cells, strict=True):
        lines.append(_rule_line(rule_cells, widths))
        for row in rows:
            task = row.get("task_id")
            where = place(row, lang)
            if task is not None:
                where += ", " + text("report.task", lang, id=visible(task))
            lines.append(f"      {where}: {visible(row['message'])}")
        hidden = more(rule, len(rows), lang)
        if hidden:
            lines.append(f"      {hidden}")
    lines.extend(_thresholds(data))
    passed = [r.rule_id for r in data.rules if r.status == "passed" and not r.n_failed]
    if passed:
        lines.append(f"  {text('report.passed', lang)}: {', '.join(passed)}")
    lines.extend(_skipped(data))
    lines.extend(f"  {text('report.note', lang)}: {visible(note)}" for note in data.notes)
    if data.truncated:
        lines.append("  " + text("report.truncated", lang))
    return lines


def _skipped(data: ReportData) -> list[str]:
    """One line per set of missing columns, naming every rule skipped for it."""
    needing: dict[tuple[str, ...], list[str]] = {}
    for r in data.rules:
        if r.status == "skipped":
            needing.setdefault(tuple(r.missing_columns), []).append(visible(r.rule_id))
    return [
        "  "
        + text(
            "report.skipped_needs",
            data.lang,
            rule=", ".join(rules),
            columns=", ".join(visible(c) for c in columns),
        )
        for columns, rules in needing.items()
    ]


def _rule_cells(rule: RuleLine, lang: Lang) -> tuple[str, str, str, str, str]:
    """A rule line's cells: id, severity, failed rows, share, and the title."""
    status = "" if rule.status == "failed" else f" ({text(f'status.{rule.status}', lang)})"
    return (
        f"{_MARK.get(rule.severity, '?')} {visible(rule.rule_id)}",
        text(f"severity.{rule.severity}", lang),
        counted("report.n_rows", rule.n_failed, lang),
        _share(rule, lang),
        f"{visible(rule.title)}{status}",
    )


def _rule_line(cells: tuple[str, str, str, str, str], widths: list[int]) -> tuple[str, int]:
    """``  E PO201 error  12 rows  60.0 %  'Sak opprettet' without a case number``.

    The columns are as wide as the report's widest cell, so the title starts early and
    a wrapped title continues under itself (the column is returned with the line).
    """
    rule_id, severity, rows, share, title = cells
    start = (
        f"  {rule_id:<{widths[0]}}  {severity:<{widths[1]}}  "
        f"{rows:>{widths[2]}}  {share:>{widths[3]}}  "
    )
    return start + title, len(start)


def _share(rule: RuleLine, lang: Lang) -> str:
    """The rule's share of all rows, ``< 0.1 %`` rather than a misleading ``0.0 %``."""
    share = rule.share_failed
    if share is None:
        return ""
    if 0 < share < 0.001:
        return "< " + percent(0.001, lang)
    return percent(share, lang)


def _thresholds(data: ReportData) -> list[str]:
    """Which rules have a threshold, and whether they failed above it or passed under it."""
    lang = data.lang
    lines = []
    for r in data.rules:
        if r.threshold is None or r.status == "skipped" or not r.n_failed:
            continue
        key = "report.above_threshold" if r.status == "failed" else "report.under_threshold"
        lines.append(
            "  "
            + text(
                key,
                lang,
                rule=visible(r.rule_id),
                share=percent(r.share_failed, lang),
                threshold=percent(r.threshold, lang, _decimals(r.threshold)),
            )
        )
    return lines


def _decimals(share: float) -> int:
    """Digits a threshold needs as a percentage (5 %, 2.5 %, 0.25 %)."""
    for digits in range(4):
        if abs(round(100 * share, digits) - 100 * share) < 1e-9:
            return digits
    return 4


def _wrap(line: str, width: int, hang: int | None = None) -> str:
    """``line`` wrapped at spaces to ``width`` columns, continued 2 columns deeper.

    With ``hang``, the continuation starts in that column instead (a rule title under
    itself), as long as that leaves the title at least 32 columns.
    A word longer than a line is cut. (Greedy, like :func:`textwrap.wrap`, but fast
    enough for a report listing every one of a million failures.)
    """
    if len(line) <= width:
        return line
    body = line.lstrip(" ")
    indent = " " * (len(line) - len(body))
    deeper = indent + "  "
    if hang is not None and hang <= width - _MIN_TITLE:
        deeper = " " * hang
    room = max(width - len(deeper), 1)
    lines: list[str] = []
    words: list[str] = []  # of the line being filled
    used = len(indent)  # its length so far
    prefix = indent
    for whole in body.split(" "):
        word = whole
        while len(word) > room:  # a word longer than a line: cut it
            if words:
                lines.append(prefix + " ".join(words))
            lines.append(deeper + word[:room])
            word = word[room:]
            words, used, prefix = [], len(deeper), deeper
        if words and used + 1 + len(word) > width:
            lines.append(prefix + " ".join(words))
            words, used, prefix = [], len(deeper), deeper
        used += len(word) + (1 if words else 0)
        words.append(word)
    lines.append(prefix + " ".join(words))
    return "\n".join(lines)
