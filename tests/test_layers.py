"""The module tree of ``docs/architecture.md`` is the code's: imports only go down.

The page's table lists every module of po_codes by layer, from the ground up. Here each
module must be in the table, and each import (at run time, for type checking only, or
deferred into a function) must reach a module of the same layer or one below.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "po_codes"
PAGE = ROOT / "docs" / "architecture.md"
UNLISTED = frozenset({"_version"})  # one string, imported by the face only


def _top(dotted: str) -> str:
    """``po_codes._rules.codes`` -> ``_rules``; ``po_codes`` -> ``__init__``."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _modules() -> set[str]:
    return {
        path.stem if path.is_file() else path.name
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").exists())
    }


def _layers() -> dict[str, int]:
    """Each top-level module named in the page's table -> its layer (0 is the ground)."""
    modules, layer = _modules(), -1
    rank: dict[str, int] = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 3 or cells[0] == "Layer":
            continue
        if cells[0].startswith("**"):
            layer += 1
        for token in re.findall(r"`([^`]+)`", cells[1]):
            name = token.split("/")[0].removesuffix(".py")
            if name in modules:
                rank.setdefault(name, layer)
    return rank


def _imports(path: Path) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "po_codes":
                found += [(f"po_codes.{a.name}", node.lineno) for a in node.names]
            elif node.module.startswith("po_codes."):
                found.append((node.module, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names if a.name.startswith("po_codes")]
    return found


def test_every_module_is_on_the_page() -> None:
    missing = _modules() - set(_layers()) - UNLISTED
    assert not missing, f"add these to the table of docs/architecture.md: {sorted(missing)}"


def test_imports_only_go_down() -> None:
    rank = _layers()
    upward: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        dotted = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        me = _top(dotted)
        for target, line in _imports(path):
            other = _top(target)
            if other in rank and me in rank and rank[other] > rank[me]:
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert not upward, "imports going up a layer:\n" + "\n".join(upward)


def test_the_check_can_fail() -> None:
    rank = _layers()
    assert rank["_errors"] == 0
    assert rank["_cli"] > rank["_validate"] > rank["_figures"] > rank["_values"] > rank["_codes"]
