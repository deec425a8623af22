"""Benchmark po.validate against the fastest hand-written polars query doing the same work.

Run: ``uv run python benchmarks/validate.py [--rows 10000000]``.

(a) po.validate on a DataFrame, (b) po.validate on pl.scan_parquet of the same data,
(c) a hand-written query computing the same per-rule failure counts from the same raw
columns: tolerant parsing of codes, priorities and districts (each mapped through its
distinct values, the fastest way), shared columns parsed once in with_columns, then
the flags, then the sums. (a) and (b) also find the failing rows, which (c) does not.
Peak RSS of (b) is measured in a fresh subprocess.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import polars as pl

import po_codes as po
from _common import best_of, machine, show, tasks_parquet
from po_codes._codes import _lookup_table
from po_codes._districts import _keys, district_key
from po_codes._text import fold

C = po.ClosureCode


def _map_distinct(column: pl.Series, parse: dict[str, str | None]) -> dict[str, str | None]:
    return {value: parse.get(value) for value in column.unique().drop_nulls().to_list()}


def hand_written(lf: pl.LazyFrame) -> dict[str, int]:
    """The baseline: one query, parse once, flags, sums."""
    distinct = lf.select(
        pl.col("closure_code").unique().implode(),
        pl.col("priority").unique().implode(),
        pl.col("district").unique().implode(),
    ).collect()
    codes = {
        v: (None if (c := _lookup_table().get(fold(v))) is None else c.value)
        for v in distinct["closure_code"][0].drop_nulls().to_list()
    }
    prios = {
        v: (None if (p := po.Priority.get(v)) is None else p.value)
        for v in distinct["priority"][0].drop_nulls().to_list()
    }
    names = {
        v: (found[0].name if (found := _keys().get(district_key(v))) else None)
        for v in distinct["district"][0].drop_nulls().to_list()
    }
    code = pl.col("c")
    blank = pl.col("closure_code").is_null() | (pl.col("closure_code").str.strip_chars() == "")
    ik, iot = code == C.IKKE_KAPASITET.value, code == C.INGEN_OPERATIVE_TILTAK.value
    flags = {
        "PO001": ~blank & code.is_null(),
        "PO002": blank & pl.col("closed_at").is_not_null(),
        "PO003": pl.col("task_id").is_not_null() & ~pl.col("task_id").is_first_distinct(),
        "PO004": pl.col("closed_at") < pl.col("created_at"),
        "PO005": pl.col("district").is_not_null() & pl.col("d").is_null(),
        "PO006": pl.col("priority").is_not_null() & pl.col("p").is_null(),
        "PO007": (pl.col("arrived_at") < pl.col("created_at"))
        | (pl.col("arrived_at") > pl.col("closed_at")),
        "PO008": code.is_not_null() & (pl.col("closure_code") != code.cast(pl.String)),
        "PO101": (code.to_physical() < 9) & ~pl.col("resource_assigned"),
        "PO102": pl.col("resource_assigned")
        & (code.to_physical() >= 9)
        & ~(ik & (pl.col("resource_redeployed") | pl.col("resource_redeployed").is_null())),
        "PO103": ik & pl.col("resource_assigned") & pl.col("resource_redeployed").is_null(),
        "PO201": (code == C.SAK_OPPRETTET.value) & pl.col("case_number").is_null(),
        "PO202": (code == C.VIDERE_OPPFOLGINGSTILTAK.value) & pl.col("case_number").is_not_null(),
        "PO203": ik & (pl.col("p").to_physical() > 2),
        "PO204": iot & (pl.col("p").to_physical() <= 2),
        "PO205": (code == C.ORDNET_PA_STEDET.value) & pl.col("incident_type").is_null(),
        "PO206": code.is_in([C.ORDNET_PA_STEDET.value, C.UTEN_RESULTAT.value])
        & pl.col("arrived_at").is_null(),
        "PO207": (code == C.OVERTATT.value) & pl.col("handled_by").is_null(),
    }
    out = (
        lf.with_columns(
            c=pl.col("closure_code").replace_strict(
                codes, default=None, return_dtype=po.CLOSURE_CODE_DTYPE
            ),
            p=pl.col("priority").replace_strict(
                prios, default=None, return_dtype=po.PRIORITY_DTYPE
            ),
            d=pl.col("district").replace_strict(names, default=None, return_dtype=pl.String),
        )
        .with_columns(**{k: v.fill_null(value=False) for k, v in flags.items()})
        .select(pl.col(list(flags)).sum())
        .collect()
    )
    return {k: int(v) for k, v in out.row(0, named=True).items()}


def _rss_of_scan(path: str) -> int:
    """Peak RSS of po.validate(scan_parquet) in a fresh process, in bytes.

    Read from /proc (VmHWM): getrusage's ru_maxrss survives execve and would report
    this parent's own peak.
    """
    code = (
        "import po_codes as po, polars as pl;"
        f"po.validate(pl.scan_parquet({path!r}));"
        "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    return int(out.stdout.strip()) * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    path = tasks_parquet(args.rows)
    df = pl.read_parquet(path)
    size = df.estimated_size()
    print(f"validate: {args.rows:,} rows, {size / 2**20:,.0f} MiB in memory, {machine()}")

    t_c, counts = best_of(args.runs, lambda: hand_written(df.lazy()))
    t_a, report = best_of(args.runs, lambda: po.validate(df))
    t_b, _ = best_of(args.runs, lambda: po.validate(pl.scan_parquet(path)))
    t_c_scan, _ = best_of(args.runs, lambda: hand_written(pl.scan_parquet(path)))
    got = dict(zip(report.summary["rule_id"], report.summary["n_failed"], strict=True))
    for rule, n in counts.items():
        if got[rule] != n:
            raise SystemExit(f"{rule}: po.validate counts {got[rule]}, hand-written {n}")
    show("(c) hand-written query, DataFrame", t_c)
    show("(a) po.validate(DataFrame)", t_a, t_c)
    show("(c') hand-written query, scan_parquet", t_c_scan)
    show("(b) po.validate(scan_parquet)", t_b, t_c_scan)
    rss = _rss_of_scan(str(path))
    size = df.estimated_size()
    print(
        f"  peak RSS of (b) in a fresh process: {rss / 2**20:,.0f} MiB "
        f"(data in memory: {size / 2**20:,.0f} MiB)"
    )
    print(
        json.dumps(
            {
                "rows": args.rows,
                "a": t_a,
                "b": t_b,
                "c": t_c,
                "c_scan": t_c_scan,
                "rss_b": rss,
                "data": size,
                "failed_rules": sum(v > 0 for v in counts.values()),
            }
        )
    )


if __name__ == "__main__":
    main()
