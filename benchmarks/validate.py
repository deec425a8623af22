"""Benchmark po.validate against the fastest hand-written polars query for the same output.

Run: ``uv run --no-sync python benchmarks/validate.py [--rows 1000000 10000000]``.

The output both sides compute: for each of the 23 rules, how many rows fail it and
which rows (0-based row indices). The counts and the row indices are asserted equal.

(a) po.validate on a DataFrame, (b) po.validate on pl.scan_parquet of the same file,
(c) the hand-written baseline on the DataFrame, (c') on the same scan (it reads the
columns it needs, then runs as (c)). The baseline knows this data's schema (timestamps
and yes/no columns are native, so PO009 cannot fail) and uses the fastest techniques we
know:

- vocabulary columns (codes, priorities, districts): the distinct spellings are read in
  one small query and classified once each in Python; rows are mapped with one cast to
  an Enum of the spellings and a gather of each fact (value, missing, unreadable,
  tolerant, district generation) by the Enum's physical index;
- PO003 (duplicate task id): a 64-bit hash per cleaned id, duplicated hashes found by a
  sort, and an exact ``is_first_distinct`` re-check on the few candidate rows only;
  NFC is applied only to the (rare) non-ASCII ids, where it can change anything;
- free-text columns: only the null/blank check the rules need (no cleaning);
- every other rule a Boolean column of one lazy query, filtered to the failing rows.

Also timed on the 10M-row DataFrame report (``--report``): ``report.failures``,
``valid_rows()``, ``invalid_rows()`` and ``str(report)``, each on a fresh report.
Peak RSS of (b) is measured in a fresh subprocess (``--rss``), and ``--synthetic``
measures ``po.synthetic_tasks(rows)`` (time, peak RSS, result size) in a fresh process.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import time
from datetime import datetime

import polars as pl

import po_codes as po
from _common import best_of, machine, show, tasks_parquet
from po_codes._rules import _district_names
from po_codes._values import spelling_table

C = po.ClosureCode
WITH = len(C.with_resource())  # codes with a resource have Enum index < WITH
RANK = po.Priority.P3.rank  # default priority_threshold 3
_TOKENS = ("", "null", "na", "n/a", "-", "–", "—")  # po's missing tokens, lower case
# Every upper/lower-case spelling of the tokens: ``is_in`` on them needs no lowercasing.
BLANK = sorted(
    {
        "".join(ch.upper() if up else ch for ch, up in zip(token, bits, strict=True))
        for token in _TOKENS
        for bits in itertools.product((False, True), repeat=len(token))
    }
)
ROW = "row"
REFORM, TRANSITION_END = datetime(2016, 1, 1), datetime(2018, 1, 1)  # noqa: DTZ001
VOCABULARY = ("closure_code", "priority", "district")
NEEDED = (
    "task_id",
    "closure_code",
    "priority",
    "district",
    "created_at",
    "closed_at",
    "arrived_at",
    "resource_assigned",
    "resource_redeployed",
    "case_number",
    "incident_type",
    "handled_by",
)


def _blank(name: str) -> pl.Expr:
    """True where a free-text value is missing (null, blank or a missing token)."""
    col = pl.col(name)
    return col.is_null() | col.str.strip_chars().is_in(BLANK)


def _gather(values: list[object], dtype: pl.DataType, index: pl.Expr) -> pl.Expr:
    return pl.lit(pl.Series(values, dtype=dtype)).gather(index)


def _vocabulary(df: pl.DataFrame) -> dict[str, pl.Expr]:
    """Shared columns read through the distinct spellings: Enum cast + gather."""
    found = df.select(pl.col(c).unique().drop_nulls().implode() for c in VOCABULARY).row(0)
    exprs: dict[str, pl.Expr] = {}
    new, old = set(_district_names(2016, 2002)), set(_district_names(2002, 2016))
    for name, keys in zip(VOCABULARY, found, strict=True):
        table, _ = spelling_table(name, keys)
        facts = [table[k] for k in keys]
        index = pl.col(name).cast(pl.Enum(keys)).to_physical()
        # A null input has a null index: every gathered fact is null there.
        unreadable = _gather([s.unreadable for s in facts], pl.Boolean(), index)
        if name == "closure_code":
            exprs["c"] = _gather([s.value for s in facts], po.CLOSURE_CODE_DTYPE, index)
            exprs["c_missing"] = _gather([s.missing for s in facts], pl.Boolean(), index)
            exprs["c_unreadable"] = unreadable
            exprs["c_tolerant"] = _gather([s.tolerant for s in facts], pl.Boolean(), index)
        elif name == "priority":
            exprs["p"] = _gather([s.value for s in facts], po.PRIORITY_DTYPE, index)
            exprs["p_unreadable"] = unreadable
        else:
            exprs["d_unreadable"] = unreadable
            exprs["d_new"] = _gather([s.value in new for s in facts], pl.Boolean(), index)
            exprs["d_old"] = _gather([s.value in old for s in facts], pl.Boolean(), index)
    return exprs


def _po003(df: pl.DataFrame) -> pl.Series:
    """Row indices failing PO003: hash, sort for duplicated hashes, exact re-check."""
    raw = df.get_column("task_id")
    ascii_only = raw.str.len_bytes() == raw.str.len_chars()
    if not ascii_only.all():  # NFC can only change non-ASCII text
        where = (~ascii_only).arg_true()
        raw = raw.scatter(where, raw.gather(where).str.normalize("NFC"))
    key = raw.str.strip_chars()
    key = pl.select(pl.when(~key.is_in(BLANK)).then(key)).to_series()
    hashes = key.hash()
    written = hashes.filter(key.is_not_null()).sort()
    repeated = written.filter(written == written.shift(1)).unique()
    candidates = (hashes.is_in(repeated.implode()) & key.is_not_null()).arg_true()
    exact = key.gather(candidates).is_first_distinct()
    return candidates.filter(~exact)


def _flags() -> dict[str, pl.Expr]:
    c, p = pl.col("c"), pl.col("p")
    assigned, redeployed = pl.col("resource_assigned"), pl.col("resource_redeployed")
    created, closed, arrived = pl.col("created_at"), pl.col("closed_at"), pl.col("arrived_at")
    ik, iot = c == C.IKKE_KAPASITET.value, c == C.INGEN_OPERATIVE_TILTAK.value
    code = c.to_physical()
    case_missing = pl.col("case_missing")
    return {
        "PO001": pl.col("c_unreadable"),
        "PO002": (pl.col("closure_code").is_null() | pl.col("c_missing")) & closed.is_not_null(),
        "PO003": pl.col("po003"),
        "PO004": closed < created,
        "PO005": pl.col("d_unreadable"),
        "PO006": pl.col("p_unreadable"),
        "PO007": (arrived < created) | (arrived > closed),
        "PO008": pl.col("c_tolerant"),
        "PO009": pl.repeat(value=False, n=pl.len()),  # native columns: nothing unreadable
        "PO010": (pl.col("d_new") & (created < REFORM))
        | (pl.col("d_old") & (created >= TRANSITION_END)),
        "PO101": (code < WITH) & ~assigned,
        "PO102": assigned & (code >= WITH) & ~(ik & (redeployed | redeployed.is_null())),
        "PO103": ik & assigned & redeployed.is_null(),
        "PO104": (code >= WITH) & arrived.is_not_null(),
        "PO105": redeployed & ~assigned,
        "PO201": (c == C.SAK_OPPRETTET.value) & case_missing,
        "PO202": (c == C.VIDERE_OPPFOLGINGSTILTAK.value) & ~case_missing,
        "PO203": ik & (p.to_physical() > RANK),
        "PO204": iot & (p.to_physical() <= RANK),
        "PO205": (c == C.ORDNET_PA_STEDET.value) & _blank("incident_type"),
        "PO206": c.is_in([C.ORDNET_PA_STEDET.value, C.UTEN_RESULTAT.value]) & arrived.is_null(),
        "PO207": (c == C.OVERTATT.value) & _blank("handled_by"),
        "PO208": c.is_in([C.UTFORT.value, C.MUNTLIG_PALEGG.value, C.UTEN_RESULTAT.value])
        & ~case_missing,
    }


def hand_written(frame: pl.DataFrame | pl.LazyFrame) -> tuple[dict[str, int], pl.DataFrame]:
    """The baseline: per-rule counts, and the failing rows (index and a flag per rule)."""
    df = frame.select(NEEDED).collect() if isinstance(frame, pl.LazyFrame) else frame
    shared = _vocabulary(df)
    po003 = _po003(df)
    mask = pl.repeat(value=False, n=df.height, eager=True).scatter(po003, True)
    flags = _flags()
    failing = (
        df.lazy()
        .with_columns(mask.alias("po003"))
        .with_row_index(ROW)
        .with_columns(**shared, case_missing=_blank("case_number"))
        .select(ROW, **{k: v.fill_null(value=False) for k, v in flags.items()})
        .filter(pl.any_horizontal(list(flags)))
        .collect()
    )
    counts = failing.select(pl.col(list(flags)).sum()).row(0, named=True)
    return counts, failing


def rows_by_rule(failing: pl.DataFrame, rules: list[str]) -> dict[str, list[int]]:
    """Failing row indices per rule, from a frame of row indices and per-rule flags."""
    return {rule: failing.filter(pl.col(rule)).get_column(ROW).to_list() for rule in rules}


def report_rows(report: po.ValidationReport) -> dict[str, list[int]]:
    """Failing row indices per failed rule, from the public ``report.failures``."""
    by_rule = report.failures.group_by("rule_id").agg(pl.col("row_index").sort())
    return dict(zip(by_rule["rule_id"], by_rule["row_index"].to_list(), strict=True))


def check(report: po.ValidationReport, counts: dict[str, int], failing: pl.DataFrame) -> None:
    """Assert po.validate and the baseline agree on every count and every row index."""
    got = dict(zip(report.summary["rule_id"], report.summary["n_failed"], strict=True))
    if got != counts:
        diff = {k: (got.get(k), counts.get(k)) for k in got | counts if got.get(k) != counts.get(k)}
        raise SystemExit(f"counts differ (po.validate, hand-written): {diff}")
    expected = {k: v for k, v in rows_by_rule(failing, list(counts)).items() if v}
    if report_rows(report) != expected:
        raise SystemExit("failing row indices differ between po.validate and hand-written")


def _fresh(code: str) -> dict[str, float]:
    """Run ``code`` in a fresh interpreter; it prints a JSON dict; add its peak RSS."""
    tail = (
        ";import json;out['hwm']=int([l for l in open('/proc/self/status')"
        " if l.startswith('VmHWM')][0].split()[1])*1024;print(json.dumps(out))"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code + tail], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def rss_of_scan(path: str) -> dict[str, float]:
    """Peak RSS (VmHWM, bytes) of po.validate(scan_parquet) in a fresh process.

    Read from /proc: getrusage's ru_maxrss survives execve and would report this
    parent's own peak.
    """
    code = (
        "import time, polars as pl, po_codes as po;t=time.perf_counter();"
        f"r=po.validate(pl.scan_parquet({path!r}));"
        "out={'seconds':time.perf_counter()-t,'failing':r._failing.estimated_size()}"
    )
    return _fresh(code)


def synthetic_cost(rows: int) -> dict[str, float]:
    """Time, peak RSS and result size of po.synthetic_tasks(rows) in a fresh process."""
    code = (
        "import time, po_codes as po;t=time.perf_counter();"
        f"df=po.synthetic_tasks({rows}, seed=42, error_rate=0.01);"
        "out={'seconds':time.perf_counter()-t,'size':df.estimated_size()}"
    )
    return _fresh(code)


def time_report(df: pl.DataFrame, runs: int) -> dict[str, float]:
    """Time the report's accessors, each on a fresh report (they are cached)."""
    times: dict[str, float] = {}
    for name, use in (
        ("failures", lambda r: r.failures),
        ("valid_rows()", lambda r: r.valid_rows()),
        ("invalid_rows()", lambda r: r.invalid_rows()),
        ("str(report)", str),
    ):
        best = float("inf")
        for _ in range(runs):
            report = po.validate(df)
            start = time.perf_counter()
            use(report)
            best = min(best, time.perf_counter() - start)
        times[name] = best
        show(f"report.{name}" if name != "str(report)" else name, best)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--report", action="store_true", help="time the report accessors")
    parser.add_argument("--rss", action="store_true", help="peak RSS of (b), fresh process")
    parser.add_argument("--synthetic", action="store_true", help="cost of synthetic_tasks")
    args = parser.parse_args()
    print(f"validate: {len(po.RULES)} rules; {machine()}")
    results = []
    for rows in args.rows:
        path = tasks_parquet(rows)
        df = pl.read_parquet(path)
        size = df.estimated_size()
        print(f"{rows:,} rows, {size / 2**20:,.0f} MiB in memory")
        t_c, (counts, failing) = best_of(args.runs, lambda df=df: hand_written(df))
        t_a, report = best_of(args.runs, lambda df=df: po.validate(df))
        check(report, counts, failing)
        t_c_scan, (counts_scan, failing_scan) = best_of(
            args.runs, lambda path=path: hand_written(pl.scan_parquet(path))
        )
        t_b, report_scan = best_of(args.runs, lambda path=path: po.validate(pl.scan_parquet(path)))
        check(report_scan, counts_scan, failing_scan)
        show("(c) hand-written, DataFrame", t_c)
        show("(a) po.validate(DataFrame)", t_a, t_c)
        show("(c') hand-written, scan_parquet", t_c_scan)
        show("(b) po.validate(scan_parquet)", t_b, t_c_scan)
        failed = sum(v > 0 for v in counts.values())
        print(f"  counts and row indices equal; {failed} rules fail, {failing.height:,} rows")
        result: dict[str, object] = {
            "rows": rows, "data": size, "a": t_a, "b": t_b, "c": t_c, "c_scan": t_c_scan,
        }  # fmt: skip
        if args.report:
            result["report"] = time_report(df, args.runs)
        if args.rss:
            rss = rss_of_scan(str(path))
            print(
                f"  peak RSS of (b), fresh process: {rss['hwm'] / 2**20:,.0f} MiB "
                f"({rss['hwm'] / size:.2f} x the {size / 2**20:,.0f} MiB data; "
                f"{rss['seconds']:.2f} s)"
            )
            result["rss_b"] = rss
        if args.synthetic:
            cost = synthetic_cost(rows)
            print(
                f"  po.synthetic_tasks({rows:,}): {cost['seconds']:.2f} s, peak RSS "
                f"{cost['hwm'] / 2**20:,.0f} MiB for a {cost['size'] / 2**20:,.0f} MiB result"
            )
            result["synthetic"] = cost
        results.append(result)
        del df, report, report_scan
    print(json.dumps(results))


if __name__ == "__main__":
    main()
