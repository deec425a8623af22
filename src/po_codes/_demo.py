"""``po-codes demo``: synthetic national data, validated, then PO figures and a funnel."""

from __future__ import annotations

import time
from typing import TextIO

import polars as pl

from po_codes._figures import compare, harmonize_districts, indicators
from po_codes._formats.tables import write_table
from po_codes._rules import RULES
from po_codes._synthetic import synthetic_tasks
from po_codes._validate import validate

__all__ = ["run_demo"]


def run_demo(out: TextIO, *, rows: int, seed: int, error_rate: float, width: int) -> None:
    """Write the demo to ``out``: synthetic tasks, their validation, figures, funnel."""
    started = time.perf_counter()
    out.write(
        f"1. Generating {rows:,} synthetic PO tasks for 2007-2016\n"
        f"   (seed {seed}, {error_rate:.1%} injected rule violations)...\n"
    )
    tasks = synthetic_tasks(rows, seed=seed, error_rate=error_rate)
    out.write(f"\n2. Validating them against {len(RULES)} rules in one polars query:\n\n")
    report = validate(tasks)
    out.write(f"{report.to_text(width, max_failures=1)}\n")
    clean = report.valid_rows()
    out.write(
        f"\n   {clean.height:,} valid rows kept; {report.n_rows - clean.height:,} rows with "
        "errors set aside\n   (report.invalid_rows()).\n"
    )
    if clean.height == 0:
        out.write(
            "\n   There are no valid rows left to count: no figures.\n"
            f"\nDone in {time.perf_counter() - started:.1f} s.\n"
        )
        return
    harmonised = harmonize_districts(clean, split="combine")
    latest = int(harmonised.get_column("year").max())  # type: ignore[arg-type]
    out.write(
        f"\n3. Indicators per district in {latest} (po.indicators), on the 12 districts\n"
        "   of 2016 with Nordland and Troms combined (po.harmonize_districts):\n\n"
    )
    table = indicators(harmonised.filter(pl.col("year") == latest), by="district").select(
        "district",
        "total",
        "with_resource_share",
        "ikke_kapasitet_share",
        "ingen_operative_tiltak_share",
    )
    out.write(
        write_table(
            table,
            "text",
            width=width,
            rename={
                "with_resource_share": "resource",
                "ikke_kapasitet_share": "ikke kap.",
                "ingen_operative_tiltak_share": "ingen op.",
            },
        )
    )
    out.write(
        f"\n4. Is a district's 'Ikke kapasitet' share unusual in {latest}? (po.compare:\n"
        "   funnel limits widened for the real spread between districts, 95 %)\n\n"
    )
    funnel = (
        compare(harmonised, code="Ikke kapasitet", by=("district", "year"))
        .filter(pl.col("year") == latest)
        .select("district", "total", "share", "national_share", "limit_low", "limit_high", "flag")
    )
    out.write(
        write_table(
            funnel,
            "text",
            width=width,
            rename={"national_share": "national", "limit_low": "low", "limit_high": "high"},
        )
    )
    out.write(
        "\n   'above' means higher than the national share by more than chance and the\n"
        "   usual spread between districts explain: a reason to look closer, not a rank.\n"
        f"\nDone in {time.perf_counter() - started:.1f} s.\n"
    )
