"""What several output formats share: visible text, places, counts of rules."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from po_codes._i18n import number, text

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from po_codes._formats._model import FileError, ReportData, RuleLine
    from po_codes._i18n import Lang

__all__ = ["by_rule", "counted", "counts", "headline", "more", "place", "total_line", "visible"]

# C0 and C1 controls, DEL, and the format characters that reorder or hide text
# (bidirectional overrides, zero-width characters), line and paragraph separators.
_INVISIBLE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in "\t\n\r":
        return {"\t": "\\t", "\n": "\\n", "\r": "\\r"}[char]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(value: object) -> str:
    r"""``value`` as text with control characters and escape sequences written out.

    ``"\x1b[31mred"`` becomes ``"\\x1b[31mred"``: a terminal, a log viewer or an XML
    reader sees the characters, never their effect.
    """
    return _INVISIBLE.sub(_escape_one, "" if value is None else str(value))


def place(row: dict[str, Any], lang: Lang) -> str:
    """Where a failure is: ``line 5`` where the input was a file, else ``row 3``."""
    if "line" in row:
        return text("report.line", lang, n=row["line"])
    return text("report.row", lang, n=row["row_index"])


def counts(data: ReportData) -> dict[str, int]:
    """Rules failed by severity, and rules run, failed and skipped."""
    failed = [r for r in data.rules if r.status == "failed"]
    result = {s: sum(r.severity == s for r in failed) for s in ("error", "warning", "info")}
    skipped = sum(r.status == "skipped" for r in data.rules)
    result.update(failed=len(failed), skipped=skipped, run=len(data.rules) - skipped)
    return result


def counted(key: str, n: int, lang: Lang) -> str:
    """``"3 rows"``: the text ``key.one`` or ``key.many`` with the number in ``lang``."""
    return text(f"{key}.{'one' if n == 1 else 'many'}", lang, n=number(n, lang))


def headline(data: ReportData) -> str:
    """One line: verdict, rows, rules run, failed (by severity) and skipped."""
    lang = data.lang
    n = counts(data)
    return text(
        "report.headline",
        lang,
        verdict=text("report.verdict.ok" if data.ok else "report.verdict.failed", lang),
        rows=counted("report.n_rows", data.n_rows, lang),
        run=counted("report.n_rules", n["run"], lang),
        failed=number(n["failed"], lang),
        errors=counted("report.n_errors", n["error"], lang),
        warnings=counted("report.n_warnings", n["warning"], lang),
        infos=number(n["info"], lang),
        skipped=number(n["skipped"], lang),
    )


def more(rule: RuleLine, listed: int, lang: Lang) -> str:
    """``… and 1,234 more`` for a rule with more failures than listed ("" if none)."""
    hidden = rule.n_failed - listed
    return text("report.more", lang, n=number(hidden, lang)) if hidden > 0 else ""


def by_rule(data: ReportData) -> Iterator[tuple[RuleLine, list[dict[str, Any]]]]:
    """Each rule with failures (in rule order) and its listed failures as records."""
    listed: dict[str, list[dict[str, Any]]] = {}
    for row in data.failures.iter_rows(named=True):
        if "line" in row and row["line"] is None:
            row.pop("line")
        listed.setdefault(row["rule_id"], []).append(row)
    for rule in data.rules:
        if rule.n_failed and rule.status != "skipped":
            yield rule, listed.get(rule.rule_id, [])


def total_line(reports: Sequence[ReportData], errors: Sequence[FileError], lang: Lang) -> str:
    """One line over several files: files, rows, invalid rows, with errors, unreadable."""
    parts = [
        "po-codes: " + counted("report.n_files", len(reports) + len(errors), lang),
        counted("report.n_rows", sum(r.n_rows for r in reports), lang),
        counted("report.n_invalid", sum(r.n_invalid for r in reports), lang),
        text("report.n_with_errors", lang, n=number(sum(not r.ok for r in reports), lang)),
    ]
    if errors:
        parts.append(counted("report.n_unreadable", len(errors), lang))
    return ", ".join(parts)
