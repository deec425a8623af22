"""The report as JUnit XML: one test suite per file, one test case per rule.

Only rules at or above ``fail_on`` (the command line's ``--fail-on``) are
``<failure>``s, so a green exit code is a green test report; findings below it are
listed in the test case's ``<system-out>``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final
from xml.sax.saxutils import escape, quoteattr

from po_codes._formats._common import by_rule, counted, more, place, visible
from po_codes._i18n import text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from po_codes._formats._model import FileError, ReportData, RuleLine
    from po_codes._i18n import Lang

__all__ = ["render"]

_RANK: Final = {"info": 0, "warning": 1, "error": 2}
# What XML 1.0 cannot hold at all (visible() writes out the controls before this).
_NOT_XML: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: object) -> str:
    return _NOT_XML.sub("\ufffd", visible(value))


def _attr(value: object) -> str:
    return quoteattr(_text(value))


def render(
    reports: Sequence[ReportData],
    errors: Sequence[FileError] = (),
    *,
    lang: Lang = "en",
    fail_on: str = "error",
    **_options: Any,
) -> str:
    """``<testsuites>`` with one ``<testsuite>`` per file (and per unreadable file)."""
    threshold = _RANK.get(fail_on, 2)
    suites = [_suite(data, threshold) for data in reports]
    suites.extend(
        f"<testsuite name={_attr(e.path)} tests='1' failures='0' errors='1'>"
        f"<testcase classname={_attr(e.path)} name={_attr(text('report.junit.read', lang))}>"
        f"<error message={_attr(e.message)}/></testcase></testsuite>"
        for e in errors
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n<testsuites>" + "".join(suites) + "</testsuites>"
    )


def _suite(data: ReportData, threshold: int) -> str:
    lang = data.lang
    name = data.source if data.source is not None else "po_codes"
    listed = {rule.rule_id: rows for rule, rows in by_rule(data)}
    cases = []
    n_failures = 0
    for rule in data.rules:
        body = ""
        if rule.status == "skipped":
            needs = text("report.needs", lang, columns=", ".join(rule.missing_columns))
            body = f"<skipped message={_attr(needs)}/>"
        elif rule.rule_id in listed:
            detail = _detail(rule, listed[rule.rule_id], lang)
            failing = rule.status == "failed" and _RANK.get(rule.severity, 2) >= threshold
            if failing:
                n_failures += 1
                message = _attr(counted("report.n_rows_failed", rule.n_failed, lang))
                kind = _attr(text(f"severity.{rule.severity}", lang))
                body = f"<failure type={kind} message={message}>{escape(detail)}</failure>"
            else:
                body = f"<system-out>{escape(detail)}</system-out>"
        title = f"{rule.rule_id} {rule.title}"
        cases.append(f"<testcase classname={_attr(name)} name={_attr(title)}>{body}</testcase>")
    skipped = sum(r.status == "skipped" for r in data.rules)
    return (
        f"<testsuite name={_attr(name)} tests='{len(data.rules)}' failures='{n_failures}' "
        f"errors='0' skipped='{skipped}'>{''.join(cases)}</testsuite>"
    )


def _detail(rule: RuleLine, rows: list[dict[str, Any]], lang: Lang) -> str:
    lines = [_text(f"{place(row, lang)}: {row['message']}") for row in rows]
    rest = more(rule, len(rows), lang)
    if rest:
        lines.append(rest)
    return "\n".join(lines)
