"""Write the code, rule, column, district, reading-values and changelog pages from the code.

A plain pre-build script: ``python docs/gen_pages.py`` writes the pages (and the chart
pictures of the plots reference page) into ``docs/``, where any static-site builder
finds them; ``docs/hooks.py`` runs it before every MkDocs build. The pages are never
edited by hand (git ignores them), so the documentation cannot drift from the code. A
file is only rewritten when its text changes, so ``mkdocs serve`` does not rebuild in a
loop.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
import subprocess
import sys
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING

import vl_convert

import po_codes as po
from po_codes import _rules, plots

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


@contextmanager
def _page(path: str) -> Iterator[StringIO]:
    """A generated page ``docs/<path>``, written when its text changed."""
    buffer = StringIO()
    yield buffer
    target = DOCS / path
    text = buffer.getvalue()
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _sibling(name: str) -> ModuleType:
    """Import a module kept next to this script (docs/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    if spec is None or spec.loader is None:
        raise ImportError(name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rules_for(code: po.ClosureCode) -> list[po.Rule]:
    return [rule for rule in po.RULES if code in rule.codes]


def _code_page(group: po.CodeGroup, title: str, intro: str) -> str:
    lines = [f"# {title}", "", intro, ""]
    lines += ["| Label | English | Rules |", "|---|---|---|"]
    for code in po.ClosureCode:
        if code.group is group:
            rules = ", ".join(f"[{r.id}](../rules.md#{r.id.lower()})" for r in _rules_for(code))
            lines.append(f"| **{code.value}** | {code.label_en} | {rules or '–'} |")
    lines.append("")
    for code in po.ClosureCode:
        if code.group is not group:
            continue
        lines += [
            f"## {code.value}",
            "",
            f"*{code.label_en}* · `po.ClosureCode.{code.name}`",
            "",
            code.description,
            "",
        ]
        for rule in _rules_for(code):
            lines.append(
                f"- [{rule.id}](../rules.md#{rule.id.lower()}) ({rule.severity}): "
                f"{rule.title_in('en')}"
            )
        lines.append("")
    return "\n".join(lines)


with _page("codes/with-resource.md") as page:
    page.write(
        _code_page(
            po.CodeGroup.WITH_RESOURCE,
            "Codes used when a resource was deployed",
            "Nine codes may only close a task on which a resource (a patrol or other unit) "
            "was deployed: `code.requires_resource` is True and `resource_assigned` must be "
            "true (rule PO101). Descriptions are in Norwegian, as in the operations centres.",
        )
    )

with _page("codes/without-resource.md") as page:
    page.write(
        _code_page(
            po.CodeGroup.WITHOUT_RESOURCE,
            "Codes used when no resource was deployed",
            "Five codes close tasks on which no resource was deployed (rule PO102). The one "
            "exception: *Ikke kapasitet* after an assigned resource was redeployed.",
        )
    )


def _cell(value: object) -> str:
    """One example value as a table cell: as written, with missing values marked."""
    if value is None:
        return "*(missing)*"
    text = str(value)
    if not text.strip():
        return f"`{text!r}`"
    return text.replace("|", "\\|")


def _example_table(rows: tuple[dict[str, object], ...]) -> list[str]:
    names = list(dict.fromkeys(name for row in rows for name in row))
    lines = [
        "| " + " | ".join(f"`{name}`" for name in names) + " |",
        "|" + "---|" * len(names),
    ]
    lines += ["| " + " | ".join(_cell(row.get(n)) for n in names) + " |" for row in rows]
    return [*lines, ""]


def _messages(rule: po.Rule, lang: str) -> list[str]:
    """The messages ``rule`` gives on its failing example, in ``lang``."""
    failures = po.validate(_rules.example_frame(rule, "fails"), lang=lang).failures
    return failures.filter(failures["rule_id"] == rule.id)["message"].to_list()


def _columns(names: tuple[str, ...]) -> str:
    return ", ".join(f"[`{c}`](columns.md)" for c in names) or "–"


def _rule_section(rule: po.Rule) -> list[str]:
    codes = ", ".join(f"*{c.value}*" for c in rule.codes) or "any"
    lines = [
        f"## {rule.id}: {rule.title_in('en')} {{ #{rule.id.lower()} }}",
        "",
        "| Severity | Columns | Optional columns | Codes |",
        "|---|---|---|---|",
        f"| `{rule.severity}` | {_columns(rule.columns)} | {_columns(rule.optional)} | {codes} |",
        "",
        f"**Title:** {rule.title_in('en')}  ",
        f"**Tittel:** {rule.title_in('nb')}",
        "",
    ]
    if rule.basis:
        lines += [f"**Basis:** {rule.basis}", ""]
    if rule.description_in("en"):
        lines += [rule.description_in("en"), ""]
    if rule.description_in("nb") != rule.description_in("en"):
        lines += ['??? quote "På norsk"', "", f"    {rule.description_in('nb')}", ""]
    if rule.fails is not None:
        last = " (the last row fails)" if len(rule.fails) > 1 else ""
        lines += [f"**Fails**{last}:", "", *_example_table(rule.fails)]
        lines += ['!!! failure "Message"', ""]
        for en, nb in zip(_messages(rule, "en"), _messages(rule, "nb"), strict=True):
            lines += [f"    {en}", "", f"    *{nb}*", ""]
    if rule.passes is not None:
        lines += ["**Passes:**", "", *_example_table(rule.passes)]
    return lines


rules = [
    "# Rules",
    "",
    "Every rule has a stable id, a severity and the columns it needs; a rule whose columns "
    "are absent is reported as *skipped*. Select or ignore rules by id or prefix "
    "(`po.validate(df, select=['PO1'])`) and change severities with "
    "`severity={'PO203': 'error'}`. Each rule below shows the definition it rests on, a row "
    "that fails it with the message `po.validate` gives (English, then Norwegian with "
    '`lang="nb"`), and the nearest row that passes. Example values are as written in an '
    "export; see [Reading values](values.md) for how they are read. PO003 identifies a task "
    "by `task_key` (default `task_id`; `('district', 'task_id')` where ids are unique per "
    "district only; CLI `--task-key district,task_id`, config `task-key`). PO010 follows "
    "the operations centres, not only the law: the old district names fit until each old "
    "centre merged (dates in the district registry, `District.last_logged`), and a series "
    "harmonised to the 2016 names is noted once instead of row by row.",
    "",
    "| Id | Severity | Rule | Columns |",
    "|---|---|---|---|",
]
for rule in po.RULES:
    columns = ", ".join(f"`{c}`" for c in rule.columns) or (
        "any of " + ", ".join(f"`{c}`" for c in rule.optional)
    )
    rules.append(
        f"| [{rule.id}](#{rule.id.lower()}) | {rule.severity} | {rule.title_in('en')} | {columns} |"
    )
rules.append("")
for rule in po.RULES:
    rules += _rule_section(rule)
with _page("rules.md") as page:
    page.write("\n".join(rules))

columns = ["# Columns and headers", "",
           "Headers are matched ignoring case and surrounding spaces, with spaces, hyphens and "
           "underscores treated alike and æ/ø/å folded, so *Forholdets art*, `forholdets_art` "
           "and `FORHOLDETS-ART` all mean `incident_type`. Unknown columns are kept.", "",
           "| Column | dtype | Accepted headers | Holds |", "|---|---|---|---|"]  # fmt: skip
for column in po.COLUMNS:
    aliases = ", ".join(f"`{a}`" for a in column.aliases)
    columns.append(f"| `{column.name}` | {column.dtype} | {aliases} | {column.description} |")
with _page("columns.md") as page:
    page.write("\n".join(columns) + "\n")

districts = [
    "# Districts and the 2016 reform",
    "",
    "Norway had 27 police districts from the 2002 reform until 31 December 2015, and 12 from "
    "1 January 2016. Each 2016 district is a union of 2002 districts, except that *Midtre "
    "Hålogaland* was split between Nordland and Troms. `po.harmonize_districts()` maps the old "
    "districts to the new ones so time series span the reform, and makes you choose what "
    "happens to Midtre Hålogaland: `split='error'` (default) stops, `split='combine'` reports "
    "one *Nordland og Troms* unit in every year, `split='nordland'` or `split='troms'` assigns "
    "it. po_codes works at district level: later moves of single municipalities (for example "
    "after the 2020 municipal reform) are not modelled.",
    "",
    "## When the old names stopped",
    "",
    "The 12 districts exist in law from 1 January 2016, but PO is run per operations centre, "
    "and the old centres kept logging under their old names until they merged into the new "
    "district's joint centre. *Midtre Hålogaland* was run by Nordland's operations centre "
    "from 2016 until 31 May 2017, when it was split between Nordland and Troms. Rule PO010 "
    "accepts an old name up to its last day (`District.last_logged`; 1 May 2018 where no date "
    "is known):",
    "",
    "| 2002 district | Became part of | Last day logged |",
    "|---|---|---|",
]
for district in po.districts(2002):
    if district.centre_until is not None:
        into = " and ".join(po.District.by_id(s).name for s in district.successors)
        districts.append(f"| {district.name} | {into} | {district.centre_until} |")
districts += [
    "",
    "## The 12 districts of 2016",
    "",
    "| Id | Name | Made of (2002 districts) |",
    "|---|---|---|",
]
for district in po.districts(2016):
    parts = ", ".join(
        d.name + (" (part)" if len(d.successors) > 1 else "") for d in district.predecessors
    )
    districts.append(f"| `{district.id}` | {district.name} | {parts} |")
districts += [
    "",
    "## The 27 districts of 2002",
    "",
    "| Id | Name | Became part of |",
    "|---|---|---|",
]
for district in po.districts(2002):
    into = " and ".join(po.District.by_id(s).name for s in district.successors)
    districts.append(f"| `{district.id}` | {district.name} | {into} |")
districts += [
    "",
    "Names are parsed tolerantly: `District.parse('sor-ost')`, `'Sør-Øst politidistrikt'` and "
    "`'SOR OST'` all give *Sør-Øst*. A name used in both generations (Oslo, Agder, Troms) "
    "gives the 2016 district unless `generation=2002` is asked for. The nynorsk *Sør-Aust* "
    "is Sør-Øst, *Haugaland og Sunnhordaland* is Haugaland og Sunnhordland, and the "
    "harmonised unit *Nordland og Troms* parses to a `District` with `members` (Nordland, "
    "Troms). An unknown name is answered with a name that contains it first "
    "(*Hålogaland*: *Midtre Hålogaland*), then the nearest spelling. *Svalbard* is not a "
    "police district: the Governor of Svalbard (Sysselmesteren) is the police authority "
    "there.",
    "",
]
with _page("districts.md") as page:
    page.write("\n".join(districts))

# Reading values: the module docstrings of the one value reader and of the file readers,
# with their Sphinx roles turned into links by the same code as the API reference uses.
roles = _sibling("griffe_sphinx_roles")


def _module_doc(module: ModuleType) -> str:
    doc = inspect.getdoc(module) or ""
    # The docstrings indent lists nested in a numbered item by 3 spaces (reST style);
    # Python-Markdown needs 4, so odd indents of 3 or more get one more space.
    doc = re.sub(
        r"^( {3,})(?=\S)",
        lambda m: m[1] + " " * (len(m[1]) % 2),
        doc,
        flags=re.MULTILINE,
    )
    return roles.render(doc, module.__name__)


values_page = [
    "# Reading values",
    "",
    "Every path reads a written value the same way: `po.validate` on a raw frame, on "
    "`po.read_tasks(path)` or on `po.scan_tasks(path)`, `po.normalize`, the figures "
    "functions and the command line all hand values to one reader. Files are only "
    "decoded and split; what a value means is decided afterwards, in one place. This page "
    "is generated from the documentation of those two modules.",
    "",
    "## Values",
    "",
    _module_doc(importlib.import_module("po_codes._values")),
    "",
    "## Files",
    "",
    _module_doc(importlib.import_module("po_codes._io")),
    "",
    "The headers a file may use for each column are listed on [Columns and headers](columns.md).",
    "",
]
with _page("values.md") as page:
    page.write("\n".join(values_page))


# Pictures of the charts on the plots reference page, drawn from a small synthetic dataset.
def _write_svg(name: str, chart: object) -> None:
    svg = vl_convert.vegalite_to_svg(chart.to_json())  # type: ignore[attr-defined]
    with _page(f"reference/img/{name}.svg") as picture:
        picture.write(svg)


_tasks = po.harmonize_districts(po.synthetic_tasks(60_000, seed=3), split="combine")
_write_svg("codes_by_district", plots.codes_by_district(po.figures(_tasks)))
_write_svg("capacity_trend", plots.capacity_trend(po.indicators(_tasks)))
_write_svg(
    "funnel",
    plots.funnel(po.compare(_tasks, code="Ikke kapasitet"), code="Ikke kapasitet"),
)


# The changelog: the released notes of CHANGELOG.md with the fragments not yet released
# (changelog.d/, drafted by towncrier) on top, where a reader looks first.
def _unreleased() -> str:
    draft = subprocess.run(
        [sys.executable, "-m", "towncrier", "build", "--draft", "--version", "Unreleased"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    body = draft.split("\n## [Unreleased]", 1)[-1].split("\n", 1)[-1].strip()
    return body if body.startswith("###") else "Nothing since the last release."


_marker = "<!-- towncrier release notes start -->\n"
_head, _released = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").split(_marker, 1)
with _page("changelog.md") as page:
    page.write(
        f"{_head}{_marker}\n## Unreleased\n\n"
        "Compiled at build time from the fragments in `changelog.d/`; they become the next "
        f"release's notes.\n\n{_unreleased()}\n\n{_released.lstrip()}"
    )
