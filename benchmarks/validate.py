"""Benchmark po.validate against the fastest hand-written polars query for the same output.

Run: ``uv run --no-sync python benchmarks/validate.py [--rows 1000000 10000000]``.

The output both sides compute: for each of the 23 rules, how many rows fail it and
which rows (0-based row indices). The counts and the row indices are asserted equal.

(a) po.validate on a DataFrame, (b) po.validate on pl.scan_parquet of the same file,
(d) po.validate on pl.read_parquet of it; (c) the hand-written baseline on the
DataFrame, (c') on the same scan, streamed (bounded memory, as po.validate runs any
LazyFrame), (c'') the file's columns read into memory first, then (c) in memory:
faster while the data fit, and what (d) does. (b) is compared with both. The baseline
knows this data's schema (timestamps
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
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

import po_codes as po
from _common import SCENARIOS, best_of, machine, resident_size, show, tasks_parquet
from po_codes._values import spelling_table

if TYPE_CHECKING:
    from collections.abc import Callable

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
REFORM = datetime(2016, 1, 1)  # noqa: DTZ001
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


def _first_pass(lf: pl.LazyFrame, *, streamed: bool) -> list[pl.LazyFrame]:
    """Distinct spellings of the vocabulary columns, hashed ASCII ids, non-ASCII ids."""
    raw = pl.col("task_id")
    key = raw.str.strip_chars()
    ascii_only = raw.str.len_bytes() == raw.str.len_chars()
    # Districts with their earliest task: PO010's "harmonised series" is decided from
    # them, so a streamed main query has no whole-table aggregate (which would hold
    # every row); in memory the aggregate is cheaper (see _flags).
    first_created = pl.col("created_at").min().alias("first")
    return [
        *(
            lf.group_by(c).agg(first_created).drop_nulls(c)
            if c == "district" and streamed
            else lf.select(pl.col(c).unique().drop_nulls())
            for c in VOCABULARY
        ),
        lf.filter(ascii_only & ~key.is_in(BLANK)).select(key.hash().alias("h")),
        lf.filter(~ascii_only).select(raw),
    ]


LAST_LOGGED = {d.name: d.last_logged for d in po.districts(2002)}  # PO010: per operations centre


def _district_names(generation: int, other: int) -> list[str]:
    """Names of one district generation that the other does not use."""
    others = {d.name for d in po.districts(other)}  # type: ignore[arg-type]
    return sorted(d.name for d in po.districts(generation) if d.name not in others)  # type: ignore[arg-type]


def _vocabulary(found: list[pl.DataFrame]) -> dict[str, pl.Expr]:
    """Shared columns read through the distinct spellings: Enum index, is_in, gather."""
    exprs: dict[str, pl.Expr] = {}
    new, old = set(_district_names(2016, 2002)), set(_district_names(2002, 2016))
    for name, frame in zip(VOCABULARY, found, strict=True):
        keys = frame.get_column(name).to_list()
        table, _ = spelling_table(name, keys)
        facts = [table[k] for k in keys]
        index = pl.col(name).cast(pl.Enum(keys)).to_physical()

        def where(fact: list[bool], index: pl.Expr = index) -> pl.Expr:
            return index.is_in([i for i, f in enumerate(fact) if f])

        # A null input has a null index: every fact is null there.
        unreadable = where([s.unreadable for s in facts])
        if name == "closure_code":
            values = pl.Series([s.value for s in facts], dtype=po.CLOSURE_CODE_DTYPE)
            exprs["c"] = pl.lit(values).gather(index)
            exprs["c_missing"] = where([s.missing for s in facts])
            exprs["c_unreadable"] = unreadable
            exprs["c_tolerant"] = where([s.tolerant for s in facts])
        elif name == "priority":
            values = pl.Series([s.value for s in facts], dtype=po.PRIORITY_DTYPE)
            exprs["p"] = pl.lit(values).gather(index)
            exprs["p_unreadable"] = unreadable
        else:
            exprs["d_unreadable"] = unreadable
            exprs["d_new"] = where([s.value in new for s in facts])
            exprs["d_old"] = where([s.value in old for s in facts])
            last = [LAST_LOGGED.get(s.value) if s.value in old else None for s in facts]
            exprs["d_last"] = pl.lit(pl.Series(last, dtype=pl.Date)).gather(index)
            if "first" in frame.columns:  # streamed: the series' harmonisation decided here
                before = [f is not None and f < REFORM for f in frame.get_column("first")]
                early = any(b and s.value in new for b, s in zip(before, facts, strict=True))
                old_before = any(b and s.value in old for b, s in zip(before, facts, strict=True))
                exprs["harmonised"] = pl.lit(early and not old_before)
    return exprs


def _cleaned(ids: pl.Expr) -> pl.Expr:
    key = ids.str.normalize("NFC").str.strip_chars()
    return pl.when(~key.is_in(BLANK)).then(key)


def _candidates(hashes: pl.DataFrame, others: pl.DataFrame) -> pl.Expr:
    """PO003 candidates: a hash that repeats (non-ASCII ids: always, few and exact later)."""
    nfc = others.select(_cleaned(pl.col("task_id")).hash().alias("h")).drop_nulls()
    every = pl.concat([hashes, nfc]).to_series().sort()
    later = every.slice(1)
    repeated = later.filter(later == every.slice(0, max(every.len() - 1, 0))).unique()
    raw = pl.col("task_id")
    key = raw.str.strip_chars()
    hit = key.hash().is_in(repeated.implode())
    if others.height:
        hit = hit | (raw.str.len_bytes() != raw.str.len_chars())
    return hit & ~key.is_in(BLANK) & raw.is_not_null()


def _flags(*, streamed: bool) -> dict[str, pl.Expr]:
    c, p = pl.col("c"), pl.col("p")
    assigned, redeployed = pl.col("resource_assigned"), pl.col("resource_redeployed")
    created, closed, arrived = pl.col("created_at"), pl.col("closed_at"), pl.col("arrived_at")
    ik, iot = c == C.IKKE_KAPASITET.value, c == C.INGEN_OPERATIVE_TILTAK.value
    taken = c.is_in(
        [x.value for x in (C.INGEN_OPERATIVE_TILTAK, C.FALSK_MELDING, C.ORDNET_INTERNT)]
    )
    over = c == C.OVERTATT.value
    early = pl.col("d_new") & (created < REFORM)  # PO010: a 2016 name before 2016
    if not streamed:  # in memory: the whole-table aggregate, cheaper than a first pass
        harmonised = early.any() & ~(pl.col("d_old") & (created < REFORM)).any()
    else:
        harmonised = pl.col("harmonised")
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
        "PO010": (early & ~harmonised) | (created.dt.date() > pl.col("d_last")),
        "PO101": (code < WITH) & ~assigned,
        "PO102": assigned
        & (code >= WITH)
        & ~over
        & ~(ik & (redeployed | redeployed.is_null()))
        & ~(taken & redeployed).fill_null(value=False),
        "PO103": ik & assigned & redeployed.is_null(),
        "PO104": (code >= WITH) & ~over & arrived.is_not_null(),
        "PO105": redeployed & ~assigned,
        "PO106": taken & redeployed,
        "PO107": over & (assigned | arrived.is_not_null()),
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


def hand_written(
    frame: pl.DataFrame | pl.LazyFrame, engine: str = "streaming"
) -> tuple[dict[str, int], pl.DataFrame]:
    """The baseline: per-rule counts, and the failing rows (index and a flag per rule).

    Two queries: the first pass (spellings and id hashes), then one query of flags
    filtered to the failing rows, with the task id of PO003's candidates; the exact
    PO003 re-check runs on those rows only. Streamed, the first pass also decides
    PO010's "harmonised series" (from each district's earliest task); in memory the
    main query computes it as a whole-table aggregate, which is faster there.
    """
    lf = frame.lazy()
    streamed = engine == "streaming"
    first = _first_pass(lf, streamed=streamed)
    *spellings, hashes, others = pl.collect_all(first, engine=engine)  # type: ignore[arg-type]
    shared = _vocabulary(spellings)
    flags = _flags(streamed=streamed)
    failing = (
        lf.with_row_index(ROW)
        .select(
            ROW,
            *NEEDED,
            **shared,
            case_missing=_blank("case_number"),
            po003=_candidates(hashes, others),
        )
        .select(ROW, "task_id", **{k: v.fill_null(value=False) for k, v in flags.items()})
        .filter(pl.any_horizontal(list(flags)))
        .collect(engine=engine)  # type: ignore[call-overload]
    )
    key = pl.when("PO003").then(_cleaned(pl.col("task_id")))
    failing = failing.with_columns(
        PO003=pl.col("PO003") & key.is_not_null() & ~key.is_first_distinct()
    ).filter(pl.any_horizontal(list(flags)))
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
    head = f"import sys;sys.path.insert(0, {str(Path(__file__).parent)!r});"
    tail = ";import json;from _common import peak_rss;out['hwm']=peak_rss();print(json.dumps(out))"
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", head + code + tail], capture_output=True, text=True, check=True
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
    # The peak is read before the sizes are taken; ``size`` counts every buffer (string
    # views included), ``estimated`` is polars' own estimate (text bytes only).
    code = (
        "import time, po_codes as po;from _common import peak_rss, resident_size;"
        f"t=time.perf_counter();df=po.synthetic_tasks({rows}, seed=42, error_rate=0.01);"
        "out={'seconds':time.perf_counter()-t,'peak':peak_rss()};"
        "out.update(size=resident_size(df), estimated=df.estimated_size())"
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


def fastest(runs: int, variants: dict[str, Callable[[], Any]]) -> tuple[float, Any, str]:
    """Best time over the variants (each run ``runs`` times), its result and its name."""
    timed = timed_variants(runs, variants)
    name = min(timed, key=lambda n: timed[n][0])
    return timed[name][0], timed[name][1], name


def timed_variants(
    runs: int, variants: dict[str, Callable[[], Any]]
) -> dict[str, tuple[float, Any]]:
    """Best time and last result of each variant, run ``runs`` times each."""
    return {name: best_of(runs, run) for name, run in variants.items()}


def scaling(sizes: list[int]) -> None:
    """Peak RSS of po.validate(scan_parquet) in fresh processes, and bytes per row."""
    print(f"scaling of (b), fresh process each; {machine()}")
    for rows in sizes:
        path = tasks_parquet(rows)
        sample = pl.scan_parquet(path).head(1_000_000).collect()
        data = resident_size(sample) * rows / sample.height
        estimated = sample.estimated_size() * rows / sample.height
        rss = rss_of_scan(str(path))
        print(
            f"  {rows:>11,} rows ({data / 2**20:,.0f} MiB in memory, estimated_size "
            f"{estimated / 2**20:,.0f} MiB): {rss['seconds']:.1f} s, peak RSS "
            f"{rss['hwm'] / 2**20:,.0f} MiB = {rss['hwm'] / data:.2f} x the data "
            f"({rss['hwm'] / estimated:.2f} x the estimate), {rss['hwm'] / rows:.1f} bytes/row"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument(
        "--scenario",
        choices=SCENARIOS,
        nargs="+",
        default=list(SCENARIOS),
        help="typical export (~6 %% of rows fail something) or one centre's habits (~45 %%)",
    )
    parser.add_argument("--report", action="store_true", help="time the report accessors")
    parser.add_argument("--rss", action="store_true", help="peak RSS of (b), fresh process")
    parser.add_argument("--synthetic", action="store_true", help="cost of synthetic_tasks")
    parser.add_argument(
        "--scaling", type=int, nargs="*", help="only peak RSS of (b) at these row counts"
    )
    args = parser.parse_args()
    if args.scaling:
        scaling(args.scaling)
        return
    print(f"validate: {len(po.RULES)} rules; {machine()}")
    results = []
    for rows, scenario in itertools.product(args.rows, args.scenario):
        path = tasks_parquet(rows, scenario=scenario)
        df = pl.read_parquet(path)
        size = resident_size(df)
        print(
            f"{rows:,} rows ({scenario}), {size / 2**20:,.0f} MiB in memory "
            f"(polars' estimated_size: {df.estimated_size() / 2**20:,.0f} MiB)"
        )
        # Each side at its fastest: the baseline in both engines (and, for the scan,
        # reading the columns first), po.validate as it is; interleaved runs.
        t_c, (counts, failing), how_c = fastest(
            args.runs,
            {
                "streaming": lambda df=df: hand_written(df, "streaming"),
                "in-memory": lambda df=df: hand_written(df, "in-memory"),
            },
        )
        t_a, report = best_of(args.runs, lambda df=df: po.validate(df))
        check(report, counts, failing)
        # The scan's baseline both ways: streamed (bounded memory, as po.validate runs a
        # LazyFrame) and read into memory first (faster while the data fit).
        scans = timed_variants(
            args.runs,
            {
                "streaming": lambda path=path: hand_written(pl.scan_parquet(path)),
                "read, then in-memory": lambda path=path: hand_written(
                    pl.read_parquet(path, columns=list(NEEDED)), "in-memory"
                ),
            },
        )
        t_streamed, (counts_scan, failing_scan) = scans["streaming"]
        t_c_scan = min(t for t, _ in scans.values())
        t_b, report_scan = best_of(args.runs, lambda path=path: po.validate(pl.scan_parquet(path)))
        check(report_scan, counts_scan, failing_scan)
        t_d, report_read = best_of(args.runs, lambda path=path: po.validate(pl.read_parquet(path)))
        check(report_read, counts_scan, failing_scan)
        show(f"(c) hand-written, DataFrame ({how_c})", t_c)
        show("(a) po.validate(DataFrame)", t_a, t_c)
        show("(c') hand-written, scan, streamed", t_streamed)
        show("(c'') hand-written, scan, read then in-memory", scans["read, then in-memory"][0])
        show("(b) po.validate(scan_parquet) vs streamed", t_b, t_streamed)
        show("(b) po.validate(scan_parquet) vs fastest", t_b, t_c_scan)
        show("(d) po.validate(read_parquet) vs (c'')", t_d, scans["read, then in-memory"][0])
        failed = sum(v > 0 for v in counts.values())
        share = report.n_rows and report.failures["row_index"].n_unique() / report.n_rows
        print(
            f"  counts and row indices equal; {failed} rules fail, {failing.height:,} "
            f"failures, {share:.0%} of the rows fail something"
        )
        result: dict[str, object] = {
            "rows": rows, "scenario": scenario, "data": size,
            "a": t_a, "b": t_b, "c": t_c, "c_scan": t_c_scan, "c_streamed": t_streamed,
            "d": t_d, "c_read": scans["read, then in-memory"][0],
        }  # fmt: skip
        if args.report:
            result["report"] = time_report(df, args.runs)
        if args.rss:
            rss = rss_of_scan(str(path))
            print(
                f"  peak RSS of (b), fresh process: {rss['hwm'] / 2**20:,.0f} MiB "
                f"({rss['hwm'] / size:.2f} x the {size / 2**20:,.0f} MiB data, "
                f"{rss['hwm'] / df.estimated_size():.2f} x polars' estimate; "
                f"{rss['seconds']:.2f} s)"
            )
            result["rss_b"] = rss
        if args.synthetic:
            cost = synthetic_cost(rows)
            print(
                f"  po.synthetic_tasks({rows:,}): {cost['seconds']:.2f} s, peak RSS "
                f"{cost['peak'] / 2**20:,.0f} MiB = {cost['peak'] / cost['size']:.2f} x the "
                f"{cost['size'] / 2**20:,.0f} MiB result (estimated_size "
                f"{cost['estimated'] / 2**20:,.0f} MiB)"
            )
            result["synthetic"] = cost
        results.append(result)
        del df, report, report_scan, report_read
    print(json.dumps(results))


if __name__ == "__main__":
    main()
