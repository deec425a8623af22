"""Griffe extension: render the Sphinx roles of po_codes docstrings as cross-references.

The docstrings use Sphinx roles (``:func:`validate```, ``:class:`~po_codes.Severity```),
which mkdocstrings would show as raw text. Once griffe has loaded the package, this
extension rewrites every role into an autorefs link to the public object it names
(``po_codes.X`` or a member of it) when the API reference documents that object, and into
plain inline code otherwise (private helpers, polars classes, undocumented members).

Loaded from mkdocs.yml (``extensions: [docs/griffe_sphinx_roles.py:SphinxRoles]``) and
reused by gen_pages.py for the module docstrings shown on the "Reading values" page.
"""

from __future__ import annotations

import importlib
import inspect
import re
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(class|func|meth|data|attr|mod|exc|obj):`(~?)([^`]+)`")
_REFERENCE = Path(__file__).parent / "reference"


@cache
def _documented() -> frozenset[str]:
    """The public paths the API reference pages render with ``:::``."""
    paths: set[str] = set()
    for page in _REFERENCE.glob("*.md"):
        paths.update(re.findall(r"^::: (\S+)", page.read_text(encoding="utf-8"), re.MULTILINE))
    return frozenset(paths)


def _lookup(path: str) -> Any:
    """The runtime object at a dotted public path (a module or an attribute of one)."""
    try:
        return importlib.import_module(path)
    except ImportError:
        parent, _, name = path.rpartition(".")
        return getattr(_lookup(parent), name)


@cache
def _public() -> dict[int, str]:
    """Runtime object id -> its documented public path (``po_codes.Severity``)."""
    package = importlib.import_module("po_codes")
    names: dict[int, str] = {}
    for path in sorted(_documented()):
        obj = _lookup(path)
        names.setdefault(id(obj), path)
        if isinstance(obj, ModuleType):  # `::: po_codes.plots` renders its public members
            for name in getattr(obj, "__all__", ()):
                names.setdefault(id(getattr(obj, name)), f"{path}.{name}")
    names.setdefault(id(package), "po_codes")
    return names


def _runtime(path: str) -> tuple[ModuleType | None, type | None]:
    """The module and innermost class enclosing the object at canonical ``path``."""
    parts = path.split(".")
    module: ModuleType | None = None
    rest: list[str] = []
    for end in range(len(parts), 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        rest = parts[end:]
        break
    cls: type | None = None
    obj: Any = module
    for part in rest:
        obj = getattr(obj, part, None)
        if isinstance(obj, type):
            cls = obj
        else:
            break
    return module, cls


def _member_documented(owner: object, name: str) -> bool:
    """Whether mkdocstrings renders ``owner.name``: public, defined with a docstring."""
    if name.startswith("_") or not hasattr(owner, name):
        return False
    if isinstance(owner, ModuleType):
        return name in getattr(owner, "__all__", ())
    for klass in getattr(owner, "__mro__", ()):
        if name in vars(klass):
            raw = vars(klass)[name]
            return klass.__module__.startswith("po_codes") and bool(inspect.getdoc(raw))
    return False


def resolve(target: str, where: str) -> str | None:
    """The documented public path ``target`` names from the object at ``where``, if any."""
    parts = target.split(".")
    module, cls = _runtime(where)
    package = importlib.import_module("po_codes")
    roots: list[object] = []
    if parts[0] == "po_codes":
        roots.append(package)
        parts = parts[1:]
    else:
        roots += [r for r in (cls, module, package) if r is not None]
    public = _public()
    for root in roots:
        if not parts or not hasattr(root, parts[0]):
            continue
        if root is cls:
            base = public.get(id(cls))
            rest = parts
        else:
            first = getattr(root, parts[0])
            base = public.get(id(first))
            rest = parts[1:]
        if base is None:
            continue
        owner = _lookup(base)
        for part in rest:
            if not _member_documented(owner, part):
                return None
            owner = getattr(owner, part)
        return ".".join([base, *rest])
    return None


def render(text: str, where: str) -> str:
    """``text`` with every Sphinx role replaced by Markdown (a link or inline code)."""

    def replace(match: re.Match[str]) -> str:
        kind, short, target = match.groups()
        target = target.strip().lstrip(".")
        shown = target.rsplit(".", 1)[-1] if short else target
        if kind in {"func", "meth"}:
            shown += "()"
        path = resolve(target, where)
        return f"[`{shown}`][{path}]" if path else f"`{shown}`"

    return ROLE.sub(replace, text)


def _objects(obj: griffe.Object) -> list[griffe.Object]:
    found = [obj]
    for member in obj.members.values():
        if not member.is_alias:
            found += _objects(member)  # type: ignore[arg-type]
    return found


class SphinxRoles(griffe.Extension):
    """Rewrite Sphinx roles in every docstring of the po_codes package."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:  # noqa: ARG002
        """Rewrite the docstrings once the whole package is loaded."""
        if pkg.name != "po_codes":
            return
        for obj in _objects(pkg):
            if obj.docstring is not None and ":" in obj.docstring.value:
                obj.docstring.value = render(obj.docstring.value, obj.path)
