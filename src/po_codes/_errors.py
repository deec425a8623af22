"""The exception tree of po_codes.

Every error the library raises on purpose derives from :class:`PoCodesError`, so
``except po.PoCodesError`` catches all of them. Errors about a bad *value* also
derive from :class:`ValueError`, as python-stdnum and the standard library do.
"""

from __future__ import annotations

from typing import Any, Protocol

__all__ = [
    "InvalidArgumentError",
    "MissingColumnError",
    "PoCodesError",
    "RuleError",
    "SchemaError",
    "UnknownCodeError",
    "UnknownDistrictError",
    "UnknownPriorityError",
    "UnknownRuleError",
    "UnreadableFileError",
    "ValidationError",
]


class PoCodesError(Exception):
    """Base class of every error raised by po_codes.

    Besides its message, an error carries what it names as attributes, each None
    where it does not apply.

    Attributes
    ----------
    path
        The file the error is about, as given.
    line
        The 1-based line of that file.
    column
        The column, under the user's own header.
    value
        The value as written.
    """

    default_message = "po_codes could not handle the input"

    def __init__(
        self,
        message: str | None = None,
        *,
        path: str | None = None,
        line: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        super().__init__(message or self.default_message)
        self.path = path
        self.line = line
        self.column = column
        self.value = value


class UnknownCodeError(PoCodesError, ValueError):
    """A value is not one of the 14 PO closure codes, even after tolerant parsing."""

    default_message = "not a PO closure code"


class UnknownPriorityError(PoCodesError, ValueError):
    """A value is not a PO priority (1, 2, 3, 4, 5 or INGEN)."""

    default_message = "not a PO priority"


class UnknownDistrictError(PoCodesError, ValueError):
    """A value is not the name of a Norwegian police district (current or historical)."""

    default_message = "not a known police district"


class InvalidArgumentError(PoCodesError, ValueError):
    """An argument has a value the function cannot use (e.g. ``level=2`` for an interval)."""

    default_message = "invalid argument"


class UnknownRuleError(PoCodesError, ValueError):
    """A rule id or prefix given to ``select``, ``ignore`` or ``severity`` matches no rule."""

    default_message = "no rule has that id"


class SchemaError(PoCodesError, ValueError):
    """A file or frame cannot be read as PO tasks (unreadable file, missing column...)."""

    default_message = "the input cannot be read as PO tasks"


class MissingColumnError(SchemaError):
    """A column the call needs is absent: no closure-code column, or one a caller required."""

    default_message = "a required column is missing"


class UnreadableFileError(SchemaError):
    """A file cannot be decoded or split into rows.

    The message names the file, the line where there is one, and the reason.
    """

    default_message = "the file cannot be read"


class RuleError(PoCodesError, TypeError):
    """A user rule cannot be run; the message names the rule.

    Its check is not a boolean expression, or names a column the table does not have.
    """

    default_message = "a rule cannot be run"


class _FailedReport(Protocol):
    """What :class:`ValidationError` reads of a report (a ValidationReport)."""

    @property
    def n_rows(self) -> int: ...
    @property
    def n_invalid(self) -> int: ...
    @property
    def summary(self) -> Any: ...  # a polars DataFrame (polars is not imported here)


class ValidationError(PoCodesError):
    """Raised by :meth:`ValidationReport.raise_for_errors` when a rule of severity error failed.

    Attributes
    ----------
    report
        The :class:`~po_codes.ValidationReport` that failed.
    """

    report: Any
    """The failed :class:`~po_codes.ValidationReport`."""

    def __init__(self, report: _FailedReport) -> None:
        self.report = report
        failed = report.summary.filter(status="failed", severity="error")
        parts = [f"{row['rule_id']} ({row['n_failed']})" for row in failed.iter_rows(named=True)]
        rules = "rule" if len(failed) == 1 else "rules"
        super().__init__(
            f"{len(failed)} error {rules} failed; {report.n_invalid:,} of {report.n_rows:,} rows "
            "are invalid: " + ", ".join(parts)
        )
