"""Write the code, rule, column and district pages from po_codes itself.

Run by mkdocs-gen-files at build time: these pages are never edited by hand, so the
documentation cannot drift from the code.
"""

from __future__ import annotations

import mkdocs_gen_files

import po_codes as po


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
                f"- [{rule.id}](../rules.md#{rule.id.lower()}) ({rule.severity}): {rule.title}"
            )
        lines.append("")
    return "\n".join(lines)


with mkdocs_gen_files.open("codes/with-resource.md", "w") as page:
    page.write(
        _code_page(
            po.CodeGroup.WITH_RESOURCE,
            "Codes used when a resource was deployed",
            "Nine codes may only close a task on which a resource (a patrol or other unit) "
            "was deployed: `code.requires_resource` is True and `resource_assigned` must be "
            "true (rule PO101). Descriptions are in Norwegian, as in the operations centres.",
        )
    )

with mkdocs_gen_files.open("codes/without-resource.md", "w") as page:
    page.write(
        _code_page(
            po.CodeGroup.WITHOUT_RESOURCE,
            "Codes used when no resource was deployed",
            "Five codes close tasks on which no resource was deployed (rule PO102). The one "
            "exception: *Ikke kapasitet* after an assigned resource was redeployed.",
        )
    )

rules = ["# Rules", "", "Every rule has a stable id, a severity and the columns it needs; a rule "
         "whose columns are absent is reported as *skipped*. Select or ignore rules by id or "
         "prefix (`po.validate(df, select=['PO1'])`) and change severities with "
         "`severity={'PO203': 'error'}`.", "",
         "| Id | Severity | Rule | Columns |", "|---|---|---|---|"]  # fmt: skip
for rule in po.RULES:
    columns = ", ".join(f"`{c}`" for c in rule.columns) or "any of the timestamp/yes-no columns"
    rules.append(
        f"| [{rule.id}](#{rule.id.lower()}) | {rule.severity} | {rule.title} | {columns} |"
    )
rules.append("")
for rule in po.RULES:
    codes = ", ".join(f"*{c.value}*" for c in rule.codes)
    rules += [
        f"## {rule.id}",
        "",
        f"**{rule.title}** · severity `{rule.severity}`" + (f" · codes: {codes}" if codes else ""),
        "",
        rule.description,
        "",
    ]
with mkdocs_gen_files.open("rules.md", "w") as page:
    page.write("\n".join(rules))

columns = ["# Columns and headers", "",
           "Headers are matched ignoring case and surrounding spaces, with spaces, hyphens and "
           "underscores treated alike and æ/ø/å folded, so *Forholdets art*, `forholdets_art` "
           "and `FORHOLDETS-ART` all mean `incident_type`. Unknown columns are kept.", "",
           "| Column | dtype | Accepted headers | Holds |", "|---|---|---|---|"]  # fmt: skip
for column in po.COLUMNS:
    aliases = ", ".join(f"`{a}`" for a in column.aliases)
    columns.append(f"| `{column.name}` | {column.dtype} | {aliases} | {column.description} |")
with mkdocs_gen_files.open("columns.md", "w") as page:
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
    "gives the 2016 district unless `generation=2002` is asked for.",
    "",
]
with mkdocs_gen_files.open("districts.md", "w") as page:
    page.write("\n".join(districts))
