"""The ``validate`` command's settings: its flags over ``[tool.po-codes]``.

The nearest ``pyproject.toml`` at or above the working directory may set ``select``,
``ignore``, ``severity``, ``columns``, ``fail-on``, ``lang``, ``priority-threshold``,
``max-failures`` and ``threshold``; a flag given on the command line wins.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from po_codes._errors import PoCodesError
from po_codes._i18n import LANGS

if TYPE_CHECKING:
    import argparse

__all__ = [
    "DEMO_MAX_ROWS",
    "SEVERITY_RANK",
    "UsageError",
    "settings_of",
    "share_of_one",
    "whole_number",
]

SEVERITY_RANK: Final = {"info": 0, "warning": 1, "error": 2}


class UsageError(PoCodesError):
    """A flag or setting has a value the command cannot use (exit 2)."""


def _pyproject_settings(start: Path) -> dict[str, Any]:
    """``[tool.po-codes]`` of the nearest ``pyproject.toml`` at or above ``start``."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                document = tomllib.loads(candidate.read_text("utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise UsageError(f"cannot read {str(candidate)!r}: {exc}") from exc
            settings = document.get("tool", {}).get("po-codes", {})
            if not isinstance(settings, dict):
                raise UsageError(f"{candidate}: [tool.po-codes] must be a table")
            return settings
    return {}


def _pairs(values: list[str] | None, what: str) -> dict[str, str]:
    """``["A=b,C=d", "E=f"]`` -> ``{"A": "b", "C": "d", "E": "f"}``."""
    result: dict[str, str] = {}
    for value in values or []:
        for part in value.split(","):
            if not part.strip():
                continue
            key, sep, target = part.partition("=")
            if not sep or not key.strip() or not target.strip():
                raise UsageError(f"{what} takes NAME=VALUE pairs, got {part!r}")
            result[key.strip()] = target.strip()
    return result


def _split(values: list[str] | None) -> list[str] | None:
    """Accept both ``--select PO1 --select PO2`` and ``--select PO1,PO2``."""
    if values is None:
        return None
    parts = [part.strip() for value in values for part in value.split(",")]
    if not any(parts):
        raise UsageError("--select/--ignore need at least one rule id or prefix")
    return [part for part in parts if part]


def _as_list(value: object, key: str) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise UsageError(f"[tool.po-codes] {key} must be a string or a list of strings")


def _as_table(value: object, key: str) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return {str(k): str(v) for k, v in value.items()}
    raise UsageError(f"[tool.po-codes] {key} must be a table of strings")


def settings_of(args: argparse.Namespace) -> dict[str, Any]:
    """Flags win over ``[tool.po-codes]`` settings of the nearest pyproject.toml."""
    found = _pyproject_settings(Path.cwd())
    known = {
        *("select", "ignore", "severity", "columns", "fail-on", "lang", "priority-threshold"),
        *("max-failures", "threshold", "task-key"),
    }
    unknown = sorted(set(found) - known)
    if unknown:
        raise UsageError(f"[tool.po-codes] has unknown settings: {', '.join(unknown)}")
    select = (
        _split(args.select) if args.select is not None else _as_list(found.get("select"), "select")
    )
    ignore = (
        _split(args.ignore) if args.ignore is not None else _as_list(found.get("ignore"), "ignore")
    )
    severity = {
        **_as_table(found.get("severity"), "severity"),
        **_pairs(args.severity, "--severity"),
    }
    columns = {**_as_table(found.get("columns"), "columns"), **_pairs(args.columns, "--columns")}
    fail_on = args.fail_on or found.get("fail-on", "error")
    lang = args.lang or found.get("lang", "en")
    threshold = args.priority_threshold or str(found.get("priority-threshold", "3"))
    task_key = (
        _split(args.task_key)
        if args.task_key is not None
        else _as_list(found.get("task-key"), "task-key") or ["task_id"]
    )
    if fail_on not in SEVERITY_RANK:
        raise UsageError(f"fail-on must be error, warning or info, got {fail_on!r}")
    if lang not in LANGS:
        raise UsageError(f"lang must be {' or '.join(LANGS)}, got {lang!r}")
    limit = args.max_failures or found.get("max-failures")
    thresholds = {
        **_threshold_table(found.get("threshold")),
        **_pairs(args.threshold, "--threshold"),
    }
    return {
        "listed": _listed(limit),
        "max_failures": None if limit is None else _listed(limit),
        "thresholds": {rule: _share(value, rule) for rule, value in thresholds.items()} or None,
        "select": select,
        "ignore": ignore,
        "severity": severity or None,
        "columns": columns or None,
        "fail_on": fail_on,
        "lang": lang,
        "priority_threshold": threshold,
        "task_key": task_key,
    }


def _listed(value: object) -> int | str | None:
    """``--max-failures``: a count, ``all`` (None), or "default" when not given."""
    if value is None:
        return "default"
    if str(value).strip().lower() == "all":
        return None
    try:
        count = int(str(value))
    except ValueError:
        count = -1
    if count < 0 or isinstance(value, bool):
        raise UsageError(f"max-failures takes a count or 'all', got {value!r}")
    return count


def _threshold_table(value: object) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, dict) and all(isinstance(v, str | int | float) for v in value.values()):
        return {str(k): str(v) for k, v in value.items()}
    raise UsageError('[tool.po-codes] threshold must be a table such as {PO205 = "5%"}')


def _share(value: str, rule: str) -> float:
    """``"5%"`` or ``"0.05"`` -> 0.05."""
    written = value.strip().replace(",", ".")
    percent = written.endswith("%")
    try:
        share = float(written.removesuffix("%").strip()) / (100 if percent else 1)
    except ValueError:
        share = -1.0
    if not 0 <= share <= 1:
        raise UsageError(f"threshold for {rule} must be a share such as 5% or 0.05, got {value!r}")
    return share


# -- numbers given as flags ------------------------------------------------------------------

DEMO_MAX_ROWS: Final = 5_000_000


def whole_number(value: str, flag: str, low: int, high: int) -> int:
    """``value`` as a whole number from ``low`` to ``high``, else a one-line usage error."""
    try:
        number_ = int(value)
    except ValueError:
        number_ = low - 1
    if not low <= number_ <= high:
        raise UsageError(f"{flag} must be a whole number from {low:,} to {high:,}, got {value!r}")
    return number_


def share_of_one(value: str, flag: str) -> float:
    """``value`` as a share from 0 to 1, else a one-line usage error."""
    try:
        share = float(value)
    except ValueError:
        share = -1.0
    if not 0 <= share <= 1:  # also NaN
        raise UsageError(f"{flag} must be a share from 0 to 1 (0.002), got {value!r}")
    return share
