"""What an output format is given: a validation report as plain data.

The formats never see :class:`~po_codes.ValidationReport` itself (that module builds
these objects), so the report can use the formats without an import cycle, and a
format can be tried on a hand-made report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    import polars as pl

    from po_codes._i18n import Lang

__all__ = ["FileError", "ReportData", "RuleLine"]


@attrs.frozen
class RuleLine:
    """One selected rule as a report shows it.

    ``severity`` and ``status`` are the machine values (``"error"``, ``"failed"``...);
    formats translate them. ``share_failed`` is ``n_failed / n_rows`` (None when the rule
    was skipped); ``threshold`` is the share under which the rule passes, if one was set.
    """

    rule_id: str
    severity: str
    title: str
    status: str
    n_failed: int
    share_failed: float | None = None
    threshold: float | None = None
    missing_columns: tuple[str, ...] = ()


@attrs.frozen
class ReportData:
    """A validation report as plain data, for the output formats.

    ``failures`` holds the failures to list (at most so many per rule), in row then rule
    order, with the columns ``row_index``, ``rule_id``, ``severity``, ``message``, maybe
    ``task_id`` and ``closure_code``, and, only where the input was a file, ``line``: the
    1-based line of the failing row in that file. ``source`` is the
    file's name as the user gave it. ``figures`` (closure_code, n, share of the valid
    rows) is filled only for the formats that show it.
    """

    lang: Lang
    ok: bool
    n_rows: int
    n_invalid: int
    coverage: float
    rules: tuple[RuleLine, ...]
    failures: pl.DataFrame
    notes: tuple[str, ...] = ()
    source: str | None = None
    truncated: bool = False
    figures: pl.DataFrame | None = None

    @property
    def located(self) -> bool:
        """True when failures are placed by file line, not by row position."""
        return "line" in self.failures.columns


@attrs.frozen
class FileError:
    """A file that could not be validated: its name as given, and why."""

    path: str
    message: str
