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
    ("markdown", "## Is a district unusual?\n\nEach district is compared with the national "
     "share *of the same year*. With 10,000–150,000 tasks per district and year, districts "
     "differ by more than chance, so the funnel limits are widened by the overdispersion "
     "`phi` estimated from the districts themselves (Spiegelhalter 2005). A district "
     "outside the limits is worth a question, not a ranking."),
    ("code", 'compared = po.compare(harmonised, code="Ikke kapasitet", by=("district", "year"))\n'
     'compared.filter(pl.col("year") == 2016)'),
    ("code", 'plots.funnel(compared, code="Ikke kapasitet")'),
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
