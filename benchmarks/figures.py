"""Benchmark po.figures and po.indicators against hand-written polars group_bys.

Run: ``uv run python benchmarks/figures.py [--rows 10000000]``.

The data are task rows with ``district``, ``year`` and ``closure_code`` as the Enum
(as po.normalize or po.read_tasks give them). The baselines are the fastest
hand-written queries producing the same frames: one group_by on (district, year,
code), a zero-filled grid of the 14 codes, and shares; for the indicators one
group_by with conditional sums.
"""

from __future__ import annotations

import argparse

import polars as pl

import po_codes as po
from _common import best_of, machine, show, tasks_parquet

C = po.ClosureCode
CODES = pl.LazyFrame({"closure_code": [c.value for c in C]}).select(
    pl.col("closure_code").cast(po.CLOSURE_CODE_DTYPE)
)


def figures_by_hand(df: pl.DataFrame) -> pl.DataFrame:
    keys = ["district", "year"]
    counts = df.lazy().group_by([*keys, "closure_code"]).agg(pl.len().cast(pl.Int64).alias("n"))
    grid = counts.select(keys).unique().join(CODES, how="cross")
    return (
        grid.join(counts.drop_nulls("closure_code"), on=[*keys, "closure_code"], how="left")
        .with_columns(pl.col("n").fill_null(0))
        .with_columns(share=pl.col("n") / pl.col("n").sum().over(keys))
        .sort([*keys, "closure_code"])
        .collect()
    )


def indicators_by_hand(df: pl.DataFrame) -> pl.DataFrame:
    code = pl.col("closure_code")
    total = code.is_not_null().sum()

    def share(condition: pl.Expr) -> pl.Expr:
        return condition.sum() / total

    return (
        df.lazy()
        .group_by("district", "year")
        .agg(
            total.alias("total"),
            share(code.to_physical() < 9).alias("with_resource_share"),
            share(code == C.IKKE_KAPASITET.value).alias("ikke_kapasitet_share"),
            share(code == C.INGEN_OPERATIVE_TILTAK.value).alias("ingen_operative_tiltak_share"),
            share(code == C.FALSK_MELDING.value).alias("falsk_melding_share"),
            share(code == C.SAK_OPPRETTET.value).alias("sak_opprettet_share"),
        )
        .sort("district", "year")
        .collect()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    df = po.normalize(
        pl.read_parquet(tasks_parquet(args.rows, error_rate=0.0)).select(
            "district", "year", "closure_code"
        )
    )
    print(f"figures: {args.rows:,} rows, {machine()}")
    t_hand, expected = best_of(args.runs, lambda: figures_by_hand(df))
    t_po, got = best_of(args.runs, lambda: po.figures(df, by=("district", "year")))
    assert got.select("district", "year", "closure_code", "n").equals(
        expected.select("district", "year", "closure_code", "n")
    )
    show("hand-written figures (group_by + grid + shares)", t_hand)
    show("po.figures(df, by=('district', 'year'))", t_po, t_hand)
    t_hand, expected = best_of(args.runs, lambda: indicators_by_hand(df))
    t_po, got = best_of(args.runs, lambda: po.indicators(df))
    assert got["total"].to_list() == expected["total"].to_list()
    show("hand-written indicators (one group_by)", t_hand)
    show("po.indicators(df)", t_po, t_hand)
    t_po, _ = best_of(args.runs, lambda: po.code_table(df, by=("district", "year")))
    show("po.code_table(df, by=('district', 'year'))", t_po)


if __name__ == "__main__":
    main()
