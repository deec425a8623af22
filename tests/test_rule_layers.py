"""The rules re-layered (issue 21): one block per rule, an engine that names no rule.

A rule defined here, in a test module, is validated end to end and rendered in every
report format; the engine derives which values to read from the checks' expressions;
PO003's hashed path is declared by the rule object, not chosen by id in the engine.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import attrs
import polars as pl
import pytest

import po_codes as po
import po_codes._validate as engine
from po_codes import _rules
from po_codes._rules import example_frame

MY001 = po.Rule(
    id="MY001",
    title={"en": "Test task in the production log", "nb": "Testoppdrag i produksjonsloggen"},
    severity="warning",
    columns=("incident_type",),
    check=lambda _ctx: pl.col("incident_type").str.to_lowercase() == "test",
    message={
        "en": "task {task_id} is a test ('{incident_type}')",
        "nb": "oppdrag {task_id} er en test («{incident_type}»)",
    },
    description={
        "en": "Test tasks do not belong in PO.",
        "nb": "Testoppdrag hører ikke hjemme i PO.",
    },
    basis="Only real tasks are logged.",
    fails={"task_id": "7", "closure_code": "Utført", "incident_type": "TEST"},
    passes={"task_id": "7", "closure_code": "Utført", "incident_type": "Vold"},
)


@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
def test_a_rule_defined_in_a_test_module_runs_end_to_end(lazy: bool) -> None:
    fails = example_frame(MY001, "fails")
    report = po.validate(fails.lazy() if lazy else fails, rules=[MY001])
    row = report.summary.filter(rule_id="MY001").row(0, named=True)
    assert (row["status"], row["n_failed"], row["severity"]) == ("failed", 1, "warning")
    assert report.failures.filter(rule_id="MY001")["message"].to_list() == [
        "task 7 is a test ('TEST')"
    ]
    assert report.ok  # a warning
    passes = example_frame(MY001, "passes")
    assert (
        po.validate(passes, rules=[MY001]).summary.filter(rule_id="MY001")["n_failed"].item() == 0
    )
    skipped = po.validate(pl.DataFrame({"kode": ["Utført"]}), rules=[MY001])
    assert skipped.summary.filter(rule_id="MY001")["status"].item() == "skipped"


def test_a_user_rule_is_rendered_in_every_format() -> None:
    report = po.validate(example_frame(MY001, "fails"), rules=[MY001], lang="nb")
    assert "oppdrag 7 er en test («TEST»)" in report.to_text()
    assert "Testoppdrag i produksjonsloggen" in report.to_html()
    rules = {r["rule_id"]: r for r in json.loads(report.to_json())["summary"]}
    assert rules["MY001"]["status"] == "failed"


def test_the_engine_reads_values_its_checks_name(monkeypatch: pytest.MonkeyPatch) -> None:
    # A rule the engine treats as built in (no user-rule path) that reads case_number's
    # value: a hand-kept list of "null-checked" columns would leave it out (RuleError).
    reads = po.Rule(
        id="PO299",
        title={"en": "Case number is not from BL", "nb": "Saksnummeret er ikke fra BL"},
        severity="info",
        columns=("case_number",),
        check=~pl.col("case_number").str.starts_with("BL"),
        message="case number {case_number} is not from BL",
        fails={"closure_code": "Sak opprettet", "case_number": "X-1"},
        passes={"closure_code": "Sak opprettet", "case_number": "BL-1"},
    )
    built = (*po.RULES, reads)
    monkeypatch.setattr(engine, "build_rules", lambda *_args, **_kw: built)
    frame = pl.DataFrame({"kode": ["Sak opprettet", "Sak opprettet"], "saksnr": ["X-1", "BL-2"]})
    report = po.validate(frame, select="PO299")
    assert report.failures["row_index"].to_list() == [0]
    assert report.failures["message"].to_list() == ["case number X-1 is not from BL"]


def _code_strings(path: Path) -> list[str]:
    """String constants of a module's code, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


@pytest.mark.parametrize("module", [engine, po._report], ids=["engine", "report"])
def test_engine_and_report_name_no_rule(module: Any) -> None:
    strings = _code_strings(Path(module.__file__))
    assert [s for s in strings if re.fullmatch(r"PO\d{3}", s.strip())] == []


def test_po003_declares_its_fast_path_and_agrees_with_its_check() -> None:
    po003 = next(rule for rule in po.RULES if rule.id == "PO003")
    assert po003.fast is not None
    reference = attrs.evolve(po003, fast=None)  # the check alone, as a user rule
    ids = ["A", "B", "A", " A", None, None, "Å", "Å"]
    frame = pl.DataFrame({"task_id": ids, "kode": ["Utført"] * len(ids)})
    fast = po.validate(frame, select="PO003").failures["row_index"].to_list()
    slow = po.validate(frame, select="PO003", rules=[reference]).failures["row_index"].to_list()
    assert fast == slow == [2, 3, 7]


def test_a_user_rule_may_declare_a_fast_path() -> None:
    po003 = next(rule for rule in po.RULES if rule.id == "PO003")
    mine = attrs.evolve(po003, id="MY003", title="id repeats")
    frame = pl.DataFrame({"task_id": ["A", "B", "A"], "kode": ["Utført"] * 3})
    report = po.validate(frame.lazy(), select="MY003", rules=[mine])
    assert report.failures["row_index"].to_list() == [2]
    assert report.valid_rows().collect().height == 2


def test_public_names_are_the_model() -> None:
    assert po.Rule is _rules.Rule
    assert po.Severity is _rules.Severity
    assert po.RuleContext is _rules.RuleContext
    assert _rules.build_rules() == po.RULES
    hints = {rule.id for rule in po.RULES if rule.hint is not None}
    assert hints == {"PO001", "PO005"}


def test_a_user_rule_may_note_something_once_for_the_table() -> None:
    noting = attrs.evolve(
        MY001,
        note=_rules.TableNote(
            when=lambda _ctx: pl.col("incident_type").is_null().all(),
            text={"en": "no incident types at all", "nb": "ingen hendelsestyper i det hele tatt"},
        ),
    )
    empty = pl.DataFrame({"kode": ["Utført"], "art": pl.Series([None], dtype=pl.String)})
    assert "MY001: no incident types at all" in po.validate(empty, rules=[noting]).notes
    nb = po.validate(empty.lazy(), rules=[noting], lang="nb").notes
    assert "MY001: ingen hendelsestyper i det hele tatt" in nb
    filled = po.validate(example_frame(MY001, "fails"), rules=[noting])
    assert not any(note.startswith("MY001") for note in filled.notes)
