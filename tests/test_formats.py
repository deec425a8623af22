"""Every output format of a validation report, in every language: one registry, the
report's language only, and what the command line prints is what the library returns."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import pytest

import po_codes as po
from po_codes._cli import main
from po_codes._formats import FORMATS

if TYPE_CHECKING:
    from collections.abc import Callable

    from po_codes._i18n import Lang

# UI words of one language that the other must never show (rule titles, messages,
# headers, notes, summaries). Closure codes ("Sak opprettet") are Norwegian in both.
ENGLISH = (
    "error", "errors", "warning", "warnings", "passed", "failed", "skipped", "row", "rows",
    "rule", "rules", "note", "needs", "more", "line", "task", "severity", "failures",
    "validation", "summary", "what", "message", "share", "found", "valid", "invalid", "file",
    "files", "unreadable", "threshold", "above", "first", "column", "and", "with",
    "of", "the", "more", "run",
)  # fmt: skip
NORWEGIAN = (
    "feil", "rad", "rader", "regel", "regler", "hoppet", "bestått", "merk", "linje",
    "advarsel", "advarsler", "trenger", "kjørt", "funn", "terskel", "terskelen", "og",
    "av", "ugyldige", "fil", "filer",
)  # fmt: skip
FOREIGN: dict[str, tuple[str, ...]] = {"nb": ENGLISH, "en": NORWEGIAN}


@cache
def tasks() -> pl.DataFrame:
    """Tasks failing error, warning and info rules, with a rule skipped."""
    frame = po.synthetic_tasks(3000, error_rate=0.05).drop("incident_type")
    # PO207 (info): 'Overtatt' without handled_by.
    return frame.with_columns(
        pl.when(pl.int_range(pl.len()) < 3)
        .then(pl.lit("Overtatt"))
        .otherwise(pl.col("closure_code"))
        .alias("closure_code"),
        pl.when(pl.int_range(pl.len()) < 3)
        .then(pl.lit(None))
        .otherwise(pl.col("handled_by"))
        .alias("handled_by"),
    )


def report(lang: Lang) -> po.ValidationReport[pl.DataFrame]:
    return po.validate(
        tasks(), lang=lang, max_failures=2, thresholds={"PO003": 0.5, "PO004": 0.001}
    )


def words(text: str) -> set[str]:
    for code in po.ClosureCode:  # the codes' labels are Norwegian in every language
        text = text.replace(code.value, " ")
    return set(re.findall(r"[^\W\d_]+", text.lower()))


def human_text(fmt: str, output: str) -> str:
    """What a person reads in ``output``: not the format's own syntax."""
    if fmt == "json":
        doc = json.loads(output)
        files = doc.get("files", [doc])
        parts = [n for f in files for n in f["notes"]]
        parts += [r["title"] for f in files for r in f["summary"]]
        parts += [r["message"] for f in files for r in f["failures"]]
        return "\n".join(parts)
    if fmt == "junit":
        root = ET.fromstring(output)  # noqa: S314  (our own output)
        parts = [e.text or "" for e in root.iter()]
        parts += [e.get(a, "") for e in root.iter() for a in ("name", "message", "type")]
        return "\n".join(parts)
    if fmt == "html":
        output = re.sub(r"<style>.*?</style>", " ", output, flags=re.DOTALL)
        return re.sub(r"<[^>]+>", " ", output)
    if fmt == "markdown":
        return re.sub(r"<[^>]+>", " ", output)
    if fmt == "github":  # ::error file=F,line=N,title=T::message -> T and message
        commands = re.findall(r"^::\w+ (.*?)::(.*)$", output, flags=re.MULTILINE)
        assert len(commands) == len(output.splitlines())
        titles = [p.partition("title=")[2] for p, _ in commands]
        return "\n".join(titles + [message for _, message in commands])
    return output


def render(fmt: str, lang: Lang) -> str:
    made = report(lang)
    method: Callable[[], str] = getattr(made, f"to_{fmt}")
    return method()


def test_the_report_under_test_has_every_kind_of_finding() -> None:
    summary = report("en").summary
    failed = summary.filter(pl.col("n_failed") > 0)
    assert set(failed["severity"]) == {"error", "warning", "info"}
    assert "skipped" in set(summary["status"])
    assert report("en").truncated


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_no_word_of_the_other_language(fmt: str, lang: Lang) -> None:
    shown = words(human_text(fmt, render(fmt, lang)))
    assert shown  # something was read
    assert not shown & set(FOREIGN[lang]), sorted(shown & set(FOREIGN[lang]))


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_the_command_line_speaks_the_language(
    fmt: str,
    lang: Lang,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    tasks().write_csv("oppgaver.csv")
    args = ["validate", "oppgaver.csv", "--lang", lang, "--format", fmt, "--threshold", "PO003=50%"]
    code = main([*args, "--max-failures", "2"])
    out, err = capsys.readouterr()
    assert code == 1
    foreign = set(FOREIGN[lang])
    assert not words(human_text(fmt, out)) & foreign
    assert not words(err) & foreign
    if fmt != "text":
        assert err.strip()  # the summary line on standard error


def test_notes_follow_the_language() -> None:
    frame = pl.DataFrame(
        {"closure_code": ["Utført", "Ikke kapasitet"], "Ressurs": ["P 30-10", None]}
    )
    (en,) = po.validate(frame).notes
    (nb,) = po.validate(frame, lang="nb").notes
    assert "'Ressurs'" in en
    assert "unit names" in en
    assert "'Ressurs'" in nb
    assert "enhetsnavn" in nb


def test_every_registered_format_is_a_report_method_and_a_cli_choice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in FORMATS:
        assert callable(getattr(po.ValidationReport, f"to_{name}"))
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    assert "{" + ",".join(FORMATS) + "}" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["text", "markdown", "github", "junit", "html"])
def test_the_command_line_prints_what_the_library_returns(
    fmt: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from po_codes._io import canonical_headers, read_table  # noqa: PLC0415
    from po_codes._report import located  # noqa: PLC0415

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    tasks().head(500).write_csv("x.csv")
    main(["validate", "x.csv", "--format", fmt])
    printed = capsys.readouterr().out
    table = read_table(Path("x.csv"), lines=True)
    made = po.validate(canonical_headers(table.frame, Path("x.csv"), None))
    located(made, "x.csv", table.lines)
    expected = {
        "text": lambda: made.to_text(100),
        "markdown": made.to_markdown,
        "github": made.to_github,
        "junit": made.to_junit,
        "html": made.to_html,
    }[fmt]()
    assert printed == expected + "\n"
    assert re.search(r"\bline \d+", printed) or fmt == "html"  # places are file lines
    assert not re.search(r"\brow \d+", printed)  # never row positions beside them


# -- recipes: a rule of one's own in every format; a format of one's own ----------------------

MINE = po.Rule(
    id="MY001",
    title={"en": "Remark says <urgent>", "nb": "Merknaden sier <haster>"},
    severity="warning",
    columns=(),
    check=pl.col("Merknad") == "<urgent>",
    message={"en": "remark {Merknad} is not allowed", "nb": "merknaden {Merknad} er ikke lov"},
)


@pytest.mark.parametrize("lang", ["en", "nb"])
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_user_rule_is_rendered_in_every_format(fmt: str, lang: Lang) -> None:
    frame = pl.DataFrame({"closure_code": ["Utført", "Utført"], "Merknad": ["ok", "<urgent>"]})
    made = po.validate(frame, rules=[MINE], lang=lang)
    rendered: str = getattr(made, f"to_{fmt}")()
    assert "MY001" in rendered
    message = "er ikke lov" if lang == "nb" else "is not allowed"
    assert message in rendered
    assert "<urgent>" not in rendered or fmt in ("text", "json", "github")  # escaped


def test_a_new_format_is_one_module_and_one_registry_entry(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import sys  # noqa: PLC0415
    import types  # noqa: PLC0415

    from po_codes._formats import Format  # noqa: PLC0415

    module = types.ModuleType("po_codes._formats.to_tally")

    def render(reports: list[po._formats.ReportData], *_: object, **__: object) -> str:
        return "\n".join(f"{d.source}: {sum(r.n_failed for r in d.rules)}" for d in reports)

    module.render = render  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(FORMATS, "tally", Format("tally", None))
    monkeypatch.chdir(tmp_path)
    pl.DataFrame({"closure_code": ["Sak opprettet"], "case_number": [""]}).write_csv("x.csv")
    assert main(["validate", "x.csv", "--format", "tally"]) == 1
    assert capsys.readouterr().out == "x.csv: 1\n"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_several_files_and_an_unreadable_one_in_one_document(
    fmt: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    pl.DataFrame({"closure_code": ["Utført"]}).write_csv("good.csv")
    pl.DataFrame({"closure_code": ["Sak opprettet"], "case_number": [""]}).write_csv("bad.csv")
    Path("nocodes.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    code = main(["validate", "good.csv", "bad.csv", "nocodes.csv", "--format", fmt])
    out, err = capsys.readouterr()
    assert code == 2
    assert "3 files" in (out if fmt == "text" else err)
    assert "good" in out  # (markdown writes good\.csv)
    assert "bad" in out
    if fmt == "json":
        files = json.loads(out)["files"]
        assert [f["path"] for f in files] == ["good.csv", "bad.csv", "nocodes.csv"]
        assert "closure code column" in files[2]["error"]
    elif fmt == "junit":
        suites = ET.fromstring(out).findall("testsuite")  # noqa: S314
        assert [s.get("name") for s in suites] == ["good.csv", "bad.csv", "nocodes.csv"]
        assert suites[2].find("testcase/error") is not None
    elif fmt != "text":  # text names unreadable files on standard error only
        assert "nocodes" in out
