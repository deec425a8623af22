"""po.validate against pandera and dataframely on the same core rules, same data.

Run: ``uv run --group bench python benchmarks/peers.py [--rows 1000000 10000000]``.

Rules: PO001 (unknown code), PO101, PO102, PO201, PO203. Neither peer parses messy
Norwegian labels, so both get a frame whose codes and priorities were parsed first by
the same distinct-values mapping the hand-written baseline uses; that parse is timed
and added to their times ("parse + peer"). po.validate parses inside its own query.
pandera (polars backend) validates lazily and raises with every failure collected;
dataframely's ``filter`` returns valid rows and failure counts per rule.
"""

from __future__ import annotations

import argparse
import warnings

import dataframely as dy
import pandera.errors as pa_errors
import pandera.polars as pa
import polars as pl

import po_codes as po
from _common import best_of, machine, show, tasks_parquet
from po_codes._codes import _lookup_table
from po_codes._text import fold

C = po.ClosureCode
RULES = ["PO001", "PO101", "PO102", "PO201", "PO203"]
WITH = [c.value for c in C.with_resource()]
WITHOUT = [c.value for c in C.without_resource()]


def parse(df: pl.DataFrame) -> pl.DataFrame:
    """Codes and priorities parsed through their distinct values (the fastest way)."""
    codes = {
        v: (None if (c := _lookup_table().get(fold(v))) is None else c.value)
        for v in df["closure_code"].unique().drop_nulls().to_list()
    }
    prios = {
        v: (None if (p := po.Priority.get(v)) is None else p.value)
        for v in df["priority"].unique().drop_nulls().to_list()
    }
    return df.with_columns(
        c=pl.col("closure_code").replace_strict(
            codes, default=None, return_dtype=po.CLOSURE_CODE_DTYPE
        ),
        p=pl.col("priority").replace_strict(prios, default=None, return_dtype=po.PRIORITY_DTYPE),
    )


def fails() -> dict[str, pl.Expr]:
    """True where a row fails (null counts as not failed)."""
    c, assigned = pl.col("c"), pl.col("resource_assigned")
    ik = c == C.IKKE_KAPASITET.value
    redeployed = pl.col("resource_redeployed")
    return {
        "PO001": pl.col("closure_code").is_not_null() & c.is_null(),
        "PO101": c.is_in(WITH) & ~assigned,
        "PO102": c.is_in(WITHOUT) & assigned & ~(ik & (redeployed | redeployed.is_null())),
        "PO201": (c == C.SAK_OPPRETTET.value) & pl.col("case_number").is_null(),
        "PO203": ik & (pl.col("p").to_physical() > 2),
    }


def hand_written(df: pl.DataFrame) -> dict[str, int]:
    parsed = parse(df).lazy()
    flags = {k: v.fill_null(value=False) for k, v in fails().items()}
    return parsed.with_columns(**flags).select(pl.col(RULES).sum()).collect().row(0, named=True)


class PoSchema(dy.Schema):
    """The five rules as a dataframely schema (rules return True where valid)."""

    closure_code = dy.String(nullable=True)
    c = dy.Enum([x.value for x in C], nullable=True)
    p = dy.Enum([x.value for x in po.Priority], nullable=True)
    resource_assigned = dy.Bool(nullable=True)
    resource_redeployed = dy.Bool(nullable=True)
    case_number = dy.String(nullable=True)

    @dy.rule()
    def po001(cls) -> pl.Expr:  # noqa: N805
        return ~fails()["PO001"].fill_null(value=False)

    @dy.rule()
    def po101(cls) -> pl.Expr:  # noqa: N805
        return ~fails()["PO101"].fill_null(value=False)

    @dy.rule()
    def po102(cls) -> pl.Expr:  # noqa: N805
        return ~fails()["PO102"].fill_null(value=False)

    @dy.rule()
    def po201(cls) -> pl.Expr:  # noqa: N805
        return ~fails()["PO201"].fill_null(value=False)

    @dy.rule()
    def po203(cls) -> pl.Expr:  # noqa: N805
        return ~fails()["PO203"].fill_null(value=False)


def dataframely(df: pl.DataFrame) -> dict[str, int]:
    columns = ["closure_code", "c", "p", "resource_assigned", "resource_redeployed", "case_number"]
    result = PoSchema.filter(parse(df).select(columns))
    return result.failure.counts()


PANDERA = pa.DataFrameSchema(
    checks=[
        pa.Check(
            lambda data, rule=rule: data.lazyframe.select(~fails()[rule].fill_null(value=False)),
            name=rule,
        )
        for rule in RULES
    ]
)


def pandera(df: pl.DataFrame) -> int:
    try:
        PANDERA.validate(parse(df), lazy=True)
    except pa_errors.SchemaErrors as exc:
        return len(exc.failure_cases)
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print(f"peers: rules {', '.join(RULES)}; {machine()}")
    for rows in args.rows:
        df = pl.read_parquet(tasks_parquet(rows))
        print(f"{rows:,} rows")
        t_hand, expected = best_of(args.runs, lambda df=df: hand_written(df))
        t_po, report = best_of(args.runs, lambda df=df: po.validate(df, select=RULES))
        got = dict(zip(report.summary["rule_id"], report.summary["n_failed"], strict=True))
        if got != expected:
            raise SystemExit(f"po.validate {got} != hand-written {expected}")
        t_dy, dy_counts = best_of(args.runs, lambda df=df: dataframely(df))
        t_pa, _ = best_of(1, lambda df=df: pandera(df))
        show("hand-written polars (parse + flags + sums)", t_hand)
        show("po.validate(select=5 rules)", t_po, t_hand)
        show("parse + dataframely Schema.filter", t_dy, t_hand)
        show("parse + pandera DataFrameSchema.validate(lazy)", t_pa, t_hand)
        print(f"    dataframely failure counts: {dict(sorted(dy_counts.items()))}")


if __name__ == "__main__":
    main()
