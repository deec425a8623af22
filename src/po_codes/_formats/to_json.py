"""The report as JSON: true counts per rule beside the failures listed."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from po_codes._formats._model import FileError, ReportData
    from po_codes._i18n import Lang

__all__ = ["document", "render"]


def document(data: ReportData) -> dict[str, Any]:
    """One report as JSON-safe data (see :meth:`po_codes.ValidationReport.to_dict`)."""
    return {
        "ok": data.ok,
        "n_rows": data.n_rows,
        "n_invalid": data.n_invalid,
        "coverage": data.coverage,
        "lang": data.lang,
        "truncated": data.truncated,
        "notes": list(data.notes),
        "summary": [
            {
                "rule_id": r.rule_id,
                "severity": r.severity,
                "title": r.title,
                "status": r.status,
                "n_failed": r.n_failed,
                "share_failed": r.share_failed,
                "threshold": r.threshold,
                "missing_columns": list(r.missing_columns),
            }
            for r in data.rules
        ],
        "failures": data.failures.to_dicts(),
    }


def render(
    reports: Sequence[ReportData],
    errors: Sequence[FileError] = (),
    *,
    lang: Lang = "en",  # noqa: ARG001  (JSON keys and values are not translated)
    **_options: Any,
) -> str:
    """``{"files": [{"path", "ok", "n_rows", "summary", "failures", ...}, ...]}``."""
    files: list[dict[str, Any]] = [{"path": d.source, **document(d)} for d in reports]
    files.extend({"path": e.path, "ok": False, "error": e.message} for e in errors)
    return json.dumps({"files": files}, ensure_ascii=False, indent=2, default=str)
