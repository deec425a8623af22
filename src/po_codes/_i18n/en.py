"""English: every user-interface text of po_codes (see :mod:`po_codes._i18n`)."""

from __future__ import annotations

from typing import Final

NUMBER: Final = {"thousands": ",", "decimal": "."}

# Sections by the part of the library that shows them; keys are prefixed the same way.
COMMON: Final = {
    "severity.error": "error",
    "severity.warning": "warning",
    "severity.info": "info",
    "status.passed": "passed",
    "status.failed": "failed",
    "status.skipped": "skipped",
}
REPORT: Final[dict[str, str]] = {}
PAGE: Final[dict[str, str]] = {}
CLI: Final[dict[str, str]] = {}
FIGURES: Final[dict[str, str]] = {}

TEXTS: Final = {**COMMON, **REPORT, **PAGE, **CLI, **FIGURES}
