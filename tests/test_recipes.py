"""The three recipes of ``docs/architecture.md``, each tried by doing it.

- A rule defined here (not in po_codes) is validated eagerly and lazily, rendered in
  every output format of the registry in every language, and drawn by the strategies
  from its own failing example.
- An output format registered here renders a report.
- A language catalogue registered here makes the text report speak it.
"""

from __future__ import annotations

import json
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import po_codes as po
from po_codes import _cli, _formats, _i18n, _settings, strategies
from po_codes._formats import FORMATS, Format, ReportData
from po_codes._i18n import en
from po_codes._report import render_reports
from po_codes._rules import example_frame

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

# The rule of the recipe, as a user (or a new built-in family block) writes it.
TEST_TASK = po.Rule(
    id="MY001",
    title={"en": "Incident type is 'Test'", "nb": "Hendelsestype er «Test»"},
    severity="warning",
    columns=("incident_type",),
    check=lambda _ctx: pl.col("incident_type") == "Test",
    message={
        "en": "test task {task_id} in the production log",
        "nb": "testoppdrag {task_id} i produksjonsloggen",
    },
    basis="Test tasks are not police work and do not belong in the figures.",
    fails={"task_id": "T1", "closure_code": "Utført", "incident_type": "Test"},
    passes={"task_id": "T1", "closure_code": "Utført", "incident_type": "Vold"},
)

MESSAGE = {"en": "test task T1 in the production log", "nb": "testoppdrag T1 i produksjonsloggen"}


def _report(lang: str, *, lazy: bool = False) -> po.ValidationReport[Any]:
    frame = example_frame(TEST_TASK, "fails")
    source = frame.lazy() if lazy else frame
    return po.validate(source, rules=[TEST_TASK], select="MY", lang=cast("Any", lang))


# -- a rule ------------------------------------------------------------------------------


@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
def test_a_rule_of_ones_own_is_validated(lazy: bool) -> None:
    report = _report("en", lazy=lazy)
    row = report.summary.row(0, named=True)
    assert (row["rule_id"], row["status"], row["n_failed"]) == ("MY001", "failed", 1)
    assert report.failures["message"].to_list() == [MESSAGE["en"]]
    passing = po.validate(example_frame(TEST_TASK, "passes"), rules=[TEST_TASK], select="MY")
    assert passing.summary["status"].to_list() == ["passed"]


@pytest.mark.parametrize("lang", _i18n.LANGS)
@pytest.mark.parametrize("name", list(FORMATS))
def test_a_rule_of_ones_own_is_rendered_in_every_format(name: str, lang: str) -> None:
    report = _report(lang)
    title, message = TEST_TASK.title_in(lang), MESSAGE[lang]
    out = render_reports(name, [report], max_failures=10, lang=cast("Any", lang))
    assert "MY001" in out
    if name == "json":
        document = json.loads(out)["files"][0]
        assert document["summary"][0]["title"] == title
        assert [r["rule_id"] for r in document["summary"]] == ["MY001"]
        assert document["failures"][0]["message"] == message
        return
    if name == "junit":
        ET.fromstring(out)  # noqa: S314  (our own output, well-formed)
        out = out.replace("&#187;", "»").replace("&#171;", "«")
    if name in ("html", "markdown", "junit"):
        out = out.replace("&#x27;", "'").replace("&#39;", "'").replace("&apos;", "'")
    assert message in out
    if name != "github":  # annotations carry the rule id and the message only
        assert title in out


def test_a_rule_of_ones_own_is_drawn_by_the_strategies() -> None:
    drawn: set[str] = set()

    @settings(max_examples=60, derandomize=True, database=None)
    @given(strategies.rule_failures([*po.RULES, TEST_TASK]))
    def check(case: tuple[po.Rule, pl.DataFrame]) -> None:
        rule, frame = case
        drawn.add(rule.id)
        report = po.validate(frame, rules=[TEST_TASK], select=rule.id)
        assert report.summary.row(0, named=True)["n_failed"] >= 1, rule.id

    check()
    assert "MY001" in drawn
    assert len(drawn) > 10


@given(strategies.rule_failures())
def test_every_built_in_rule_fails_on_what_the_strategy_draws(
    case: tuple[po.Rule, pl.DataFrame],
) -> None:
    rule, frame = case
    assert rule in po.RULES
    report = po.validate(frame, select=rule.id)
    assert report.summary.row(0, named=True)["n_failed"] >= 1


def test_rule_failures_needs_a_failing_example() -> None:
    bare = po.Rule(id="MY002", title="x", severity="info", columns=(), check=pl.lit(False))
    with pytest.raises(po.PoCodesError, match="fails"):
        strategies.rule_failures([bare])
    with pytest.raises(TypeError, match="Rule"):
        strategies.rule_failures(cast("Any", ["PO001"]))


@given(st.data())
def test_rule_failures_draws_only_the_rules_given(data: st.DataObject) -> None:
    chosen = [r for r in po.RULES if r.id.startswith("PO2")]
    rule, _frame = data.draw(strategies.rule_failures(chosen))
    assert rule.id.startswith("PO2")


# -- an output format --------------------------------------------------------------------


def _csv_render(
    reports: Sequence[ReportData], errors: Sequence[object] = (), *, lang: str, **_: object
) -> str:
    """A format as a newcomer writes it: one line per listed failure."""
    lines = ["rule,row,message"]
    for data in reports:
        rows = data.failures.iter_rows(named=True)
        lines.extend(f"{row['rule_id']},{row['row_index']},{row['message']}" for row in rows)
    return "\n".join(lines)


@pytest.fixture
def csv_format(monkeypatch: pytest.MonkeyPatch) -> str:
    module = types.ModuleType("po_codes._formats.to_csvlist")
    module.render = _csv_render  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(_formats.FORMATS, "csvlist", Format("csvlist", 10))
    return "csvlist"


def test_an_output_format_is_one_module_and_one_registry_line(csv_format: str) -> None:
    out = render_reports(csv_format, [_report("nb")], max_failures=10, lang="nb")
    assert out.splitlines() == ["rule,row,message", f"MY001,0,{MESSAGE['nb']}"]


def test_the_command_line_offers_a_new_format(
    csv_format: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "export.csv"
    example_frame(po.RULES[0], "fails").write_csv(path)  # PO001: an unknown code
    code = _cli.main(["validate", str(path), "--format", csv_format])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[0] == "rule,row,message"
    assert out.splitlines()[1].startswith("PO001,0,")


# -- a language --------------------------------------------------------------------------


@pytest.fixture
def xx_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    module = types.ModuleType("po_codes._i18n.xx")
    module.TEXTS = {key: "XX " + value for key, value in en.TEXTS.items()}  # type: ignore[attr-defined]
    module.NUMBER = {"thousands": "'", "decimal": ";"}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    langs = (*_i18n.LANGS, "xx")
    monkeypatch.setattr(_i18n, "LANGS", langs)
    # the modules that took the tuple at import time see what a source edit gives them
    monkeypatch.setattr(_cli, "LANGS", langs)
    monkeypatch.setattr(_settings, "LANGS", langs)
    _i18n._catalogue.cache_clear()  # a catalogue is imported once
    yield "xx"
    _i18n._catalogue.cache_clear()


def test_a_language_is_one_catalogue(xx_language: str) -> None:
    frame = pl.concat(
        [example_frame(TEST_TASK, "passes")] * 1200 + [example_frame(TEST_TASK, "fails")]
    )
    frame = frame.with_columns(pl.format("T{}", pl.int_range(pl.len())).alias("task_id"))
    report = po.validate(frame, rules=[TEST_TASK], select="MY", lang=cast("Any", xx_language))
    out = report.to_text(width=100)
    assert _i18n.text("severity.warning", cast("Any", xx_language)) in out  # "XX warning"
    assert "1'201" in out  # its own number format
    # the rule has no "xx" texts: they fall back to English, rule by rule
    assert TEST_TASK.title_in("xx") in out
    assert "XX " in out.splitlines()[0]


def test_the_command_line_speaks_a_new_language(
    xx_language: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "export.csv"
    example_frame(TEST_TASK, "fails").write_csv(path)
    code = _cli.main(["validate", str(path), "--lang", xx_language, "--fail-on", "error"])
    out = capsys.readouterr().out
    assert code == 0
    assert "XX OK" in out  # the verdict, in the catalogue's words
    assert "XX skipped PO207" in out
