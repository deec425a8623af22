"""What ships beside the code: the pre-commit hook, the pinned docs, dependency floors."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

import po_codes as po

ROOT = Path(__file__).resolve().parents[1]


def _hook_files_pattern() -> re.Pattern[str]:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    found = re.search(r"^  files: (.+)$", text, flags=re.MULTILINE)
    assert found is not None
    return re.compile(found.group(1))


@pytest.mark.parametrize(
    "path",
    ["po-2016.csv", "exports/po_agder.xlsx", "agder-po.parquet", "PO.csv", "oppdrag_2016.tsv",
     "data/Avslutningskoder 2016.csv", "po 2016.txt"],
)  # fmt: skip
def test_pre_commit_hook_matches_po_exports(path: str) -> None:
    assert _hook_files_pattern().search(path)


@pytest.mark.parametrize(
    "path",
    ["export.csv", "report.csv", "data/points.parquet", "pollen.csv", "poster.xlsx",
     "tasks.csv", "sub/po/readme.md", "compose.txt", "deposit.csv"],
)  # fmt: skip
def test_pre_commit_hook_leaves_other_files_alone(path: str) -> None:
    # The old pattern matched any name containing "po" (export.csv, report.csv).
    assert not _hook_files_pattern().search(path)


def test_docs_pin_the_released_version() -> None:
    text = (ROOT / "docs" / "how-to" / "ci.md").read_text(encoding="utf-8")
    assert f"rev: v{po.__version__}\n" in text
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert f"rev: v{po.__version__}\n" in hooks


def test_floors_the_code_needs() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "hatchling>=1.27" in project["build-system"]["requires"]
    assert "altair>=5.5" in project["project"]["optional-dependencies"]["notebook"]
    docs = [d for d in project["dependency-groups"]["docs"] if isinstance(d, str)]
    assert any(d.startswith("mkdocs-material") and "<10" in d for d in docs)
