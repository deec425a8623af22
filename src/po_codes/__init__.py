"""po_codes: Norwegian police PO closure codes, their rules, and PO figures on polars.

Everything public is importable from here::

    import po_codes as po

    po.ClosureCode.parse("ordnet pa stedet")  # ClosureCode.ORDNET_PA_STEDET
    report = po.validate(po.read_tasks("export.csv"))
    po.figures(po.read_tasks("export.csv"))

The notebook helpers :mod:`po_codes.plots` and :mod:`po_codes.tables` are imported on
first use (they need the ``notebook`` extra); :mod:`po_codes.strategies` needs the
``strategies`` extra and is imported explicitly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from po_codes._codes import (
    CLOSURE_CODE_DTYPE,
    ClosureCode,
    CodeGroup,
    CodeInfo,
    parse_codes,
    requires_resource,
)
from po_codes._columns import COLUMNS, Column
from po_codes._districts import District, districts, parse_districts
from po_codes._errors import (
    InvalidArgumentError,
    MissingColumnError,
    PoCodesError,
    RuleError,
    SchemaError,
    UnknownCodeError,
    UnknownDistrictError,
    UnknownPriorityError,
    UnknownRuleError,
    UnreadableFileError,
    ValidationError,
)
from po_codes._figures import code_table, compare, figures, harmonize_districts, indicators
from po_codes._io import read_tasks, scan_tasks
from po_codes._normalize import normalize
from po_codes._priority import PRIORITY_DTYPE, Priority, parse_priorities, priority_at_least
from po_codes._publish import district_page
from po_codes._published import read_figures
from po_codes._report import RuleOutcome, ValidationReport
from po_codes._rules import RULES, Rule, RuleContext, Severity
from po_codes._stats import funnel_curve
from po_codes._synthetic import synthetic_tasks
from po_codes._validate import validate
from po_codes._version import __version__

if TYPE_CHECKING:
    from types import ModuleType

__all__ = [
    "CLOSURE_CODE_DTYPE",
    "COLUMNS",
    "PRIORITY_DTYPE",
    "RULES",
    "ClosureCode",
    "CodeGroup",
    "CodeInfo",
    "Column",
    "District",
    "InvalidArgumentError",
    "MissingColumnError",
    "PoCodesError",
    "Priority",
    "Rule",
    "RuleContext",
    "RuleError",
    "RuleOutcome",
    "SchemaError",
    "Severity",
    "UnknownCodeError",
    "UnknownDistrictError",
    "UnknownPriorityError",
    "UnknownRuleError",
    "UnreadableFileError",
    "ValidationError",
    "ValidationReport",
    "__version__",
    "code_table",
    "compare",
    "district_page",
    "districts",
    "figures",
    "funnel_curve",
    "harmonize_districts",
    "indicators",
    "normalize",
    "parse_codes",
    "parse_districts",
    "parse_priorities",
    "priority_at_least",
    "read_figures",
    "read_tasks",
    "requires_resource",
    "scan_tasks",
    "synthetic_tasks",
    "validate",
]

_LAZY_MODULES = frozenset({"plots", "tables"})


def __getattr__(name: str) -> ModuleType:
    """Import the notebook helper modules on first use (PEP 562)."""
    if name in _LAZY_MODULES:
        import importlib  # noqa: PLC0415

        return importlib.import_module(f"po_codes.{name}")
    raise AttributeError(f"module 'po_codes' has no attribute {name!r}")
