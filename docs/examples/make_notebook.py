"""Write capacity.ipynb from the cells below (kept in Python so diffs stay readable).

Run ``uv run python docs/examples/make_notebook.py`` after editing: .ci/run fails when the
committed notebook differs from what this script writes. The notebook is committed without
outputs; ``mkdocs build`` executes it (mkdocs-jupyter, ``execute: true``), so the page
always shows what the current po_codes gives, and a cell that raises fails the build.
``run_notebooks.py`` executes it on its own, without building the site.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

CELLS: list[tuple[str, str] | tuple[str, str, list[str]]] = [
    ("markdown", "# Capacity across districts, on synthetic data\n\n"
     "This notebook walks through po_codes on ten years of synthetic national data: "
     "validate the tasks, compute the PO figures, follow the *Ikke kapasitet* share over "
     "the 2016 district reform, and ask which districts are unusual."),
    ("code", "import polars as pl\n\nimport po_codes as po\nfrom po_codes import plots, tables\n\n"
     "tasks = po.synthetic_tasks(400_000, seed=1, error_rate=0.002)\ntasks.head()"),
    ("code", "# Draw charts as static SVG when vl-convert is installed, so the documentation\n"
     "# page needs no JavaScript from a CDN (hidden on the site; harmless elsewhere).\n"
     "import altair as alt\n\ntry:\n    import vl_convert  # noqa: F401\nexcept ImportError:\n"
     '    pass\nelse:\n    alt.renderers.enable("svg")', ["docs-hidden"]),
    ("markdown", "## Validate\n\nOne polars query checks every rule; the report accounts "
     "for every row."),
    ("code", "report = po.validate(tasks)\nreport"),
    ("code", "report.failures.head(5)"),
    ("code", "clean = report.valid_rows()\nassert clean.height + report.invalid_rows().height "
     "== tasks.height\nclean.height"),
    ("markdown", "## PO figures\n\nHarmonise the 27 districts of 2002 to the 12 of 2016; "
     "Midtre Hålogaland was split, so Nordland and Troms are reported together."),
    ("code", 'harmonised = po.harmonize_districts(clean, split="combine")\n'
     'tables.code_table(po.code_table(harmonised.filter(pl.col("year") == 2016)))'),
    ("code", "plots.codes_by_district(po.figures(harmonised))"),
    ("markdown", "## The capacity indicator over time"),
    ("code", 'trend = po.indicators(harmonised, by=("district", "year"))\n'
     "plots.capacity_trend(trend)"),
    ("markdown", "The trend runs on harmonised districts, so the 2016 reform shows no "
     "break of its own: a jump at the dotted line would be a real change, not a new map."),
    ("markdown", "## Is a district unusual?\n\nEach district is compared with the *other* "
     "districts of the same year. Its share differs from theirs for two reasons: chance, "
     "which shrinks as a district grows, and real differences between districts "
     "(geography, staffing, how tasks are logged), which do not. `po.compare` measures "
     "the second from the data: `tau`, the usual spread between districts, worked out "
     "from the other districts only, so an unusual district cannot widen its own limits. "
     "The funnel limits hold both. A district outside them differs by more than chance "
     "and the usual spread together: worth a question, not a ranking."),
    ("code", 'compared = po.compare(harmonised, code="Ikke kapasitet", by=("district", "year"))\n'
     'compared.filter(pl.col("year") == 2016)'),
    ("code", 'plots.funnel(compared, code="Ikke kapasitet")'),
    ("markdown", "`tau` is in share units: `0.01` is one percentage point. These limits "
     "are 95 % limits, so an ordinary district falls outside them about one year in "
     "twenty, large or small. `level=0.998` gives the outer limits, which an ordinary "
     "district crosses about once in 500 years. The *Comparing districts* page of the "
     "documentation explains the method."),
    ("code", 'outer = po.compare(\n    harmonised, code="Ikke kapasitet", by=("district", "year"), '
     'level=0.998\n)\n{\n    "district-years": compared.height,\n'
     '    "outside the 95 % limits": int((compared["flag"] != "within").sum()),\n'
     '    "outside the 99.8 % limits": int((outer["flag"] != "within").sum()),\n}'),
]  # fmt: skip


def main() -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.cells = []
    for index, (kind, text, *tags) in enumerate(CELLS):
        new_cell = (
            nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        )
        cell = new_cell(text, id=f"cell-{index:02d}")  # stable ids: readable diffs
        if tags:  # mkdocs.yml hides cells tagged "docs-hidden" on the site
            cell.metadata["tags"] = tags[0]
        notebook.cells.append(cell)
    nbformat.write(notebook, Path(__file__).with_name("capacity.ipynb"))


if __name__ == "__main__":
    main()
