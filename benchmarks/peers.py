"""po.validate against dataframely, pandera and pointblank on the same rules, same input.

Run: ``uv run --no-sync python benchmarks/peers.py [--rows 1000000 10000000]``
(needs the bench group; pointblank is optional: ``uv pip install pointblank``).

Rules: PO001 (unknown code), PO101, PO102, PO201, PO203. Every engine is asked for the
same thing, the failing row indices of each rule, and the answers are asserted equal.

Fair variant: every engine gets the same pre-parsed columns, made once, untimed, by
``po.normalize`` (codes and priorities as Enums, yes/no as Boolean, case numbers
cleaned, and the ``po_written`` struct holding the text of values it could not read, so
PO001 is "code null but something written"). Raw variant: po.validate reads the raw
export itself, and the peers get the same parse as a timed step ("parse + peer").

What each engine returns (and is timed to produce, up to the indices per rule):
- po.validate: counts per rule and the failing rows materialised once; the indices per
  rule come from the flags of those rows (``report.failures`` adds messages; timed
  separately in validate.py);
- dataframely ``Schema.filter``: the valid rows and a FailureInfo; ``details()`` gives
  the invalid rows with one valid/invalid column per rule;
- pandera ``validate(lazy=True)``: raises SchemaErrors whose ``failure_cases`` has one
  row per (check, failing row) with the row index;
- pointblank ``Validate.interrogate``: per-step pass/fail counts, and with
  ``extract_limit`` high enough, the failing rows of each step with ``_row_num_``.
"""

from __future__ import annotations

import argparse
import warnings
from typing import Any

import dataframely as dy
import pandera.errors as pa_errors
import pandera.polars as pa
import polars as pl

import po_codes as po
from _common import best_of, machine, show, tasks_parquet

try:
    import pointblank as pb
except ImportError:  # optional
    pb = None

C = po.ClosureCode
RULES = ["PO001", "PO101", "PO102", "PO201", "PO203"]
WITH = len(C.with_resource())
RANK = po.Priority.P3.rank
ROW = "row"
COLUMNS = [
    "closure_code",
    "priority",
    "resource_assigned",
    "resource_redeployed",
    "case_number",
    "po_written",
]
Indices = dict[str, list[int]]


def prepare(raw: pl.DataFrame) -> pl.DataFrame:
    """The pre-parsed input every engine gets (with a row index for the peers)."""
    return po.normalize(raw.select(COLUMNS[:-1])).select(COLUMNS).with_row_index(ROW)


def fails() -> dict[str, pl.Expr]:
    """True where a row of the pre-parsed frame fails (null counts as not failed)."""
    c, assigned = pl.col("closure_code"), pl.col("resource_assigned")
    ik = c == C.IKKE_KAPASITET.value
    redeployed = pl.col("resource_redeployed")
    written = pl.col("po_written").struct.field("closure_code")
    return {
        k: v.fill_null(value=False)
        for k, v in {
            "PO001": c.is_null() & written.is_not_null(),
            "PO101": (c.to_physical() < WITH) & ~assigned,
            "PO102": assigned
            & (c.to_physical() >= WITH)
            & ~(ik & (redeployed | redeployed.is_null())),
            "PO201": (c == C.SAK_OPPRETTET.value) & pl.col("case_number").is_null(),
            "PO203": ik & (pl.col("priority").to_physical() > RANK),
        }.items()
    }


def hand_written(df: pl.DataFrame) -> Indices:
    flags = fails()
    failing = df.lazy().select(ROW, **flags).filter(pl.any_horizontal(RULES)).collect()
    return {r: failing.filter(pl.col(r)).get_column(ROW).to_list() for r in RULES}


def po_indices(df: pl.DataFrame) -> Indices:
    report = po.validate(df, select=RULES)
    failing = report._failing  # noqa: SLF001  (the rows po.validate materialised)
    row = failing.columns[0]
    out = {}
    for rule in RULES:
        flag = f"__fails__{rule}"
        out[rule] = failing.filter(pl.col(flag)).get_column(row).to_list()
    return out


class PoSchema(dy.Schema):
    """The five rules as a dataframely schema (rules return True where valid)."""

    row = dy.UInt32()
    closure_code = dy.Enum([x.value for x in C], nullable=True)
    priority = dy.Enum([x.value for x in po.Priority], nullable=True)
    resource_assigned = dy.Bool(nullable=True)
    resource_redeployed = dy.Bool(nullable=True)
    case_number = dy.String(nullable=True)
    po_written = dy.Struct({"closure_code": dy.String(nullable=True)}, nullable=True)

    @dy.rule()
    def po001(cls) -> pl.Expr:  # noqa: N805
        return ~fails()["PO001"]

    @dy.rule()
    def po101(cls) -> pl.Expr:  # noqa: N805
        return ~fails()["PO101"]

    @dy.rule()
    def po102(cls) -> pl.Expr:  # noqa: N805
        return ~fails()["PO102"]

    @dy.rule()
    def po201(cls) -> pl.Expr:  # noqa: N805
        return ~fails()["PO201"]

    @dy.rule()
    def po203(cls) -> pl.Expr:  # noqa: N805
        return ~fails()["PO203"]


def _dy_frame(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns(pl.col("po_written").struct.field("closure_code").alias("w")).select(
        *(c for c in df.columns if c != "po_written"),
        pl.struct(pl.col("w").alias("closure_code")).alias("po_written"),
    )


def dataframely(df: pl.DataFrame) -> Indices:
    _, failure = PoSchema.filter(df)
    details = failure.details()
    return {
        r: details.filter(pl.col(r.lower()) == "invalid").get_column(ROW).to_list() for r in RULES
    }


PANDERA = pa.DataFrameSchema(
    checks=[
        pa.Check(
            lambda data, rule=rule: data.lazyframe.select(~fails()[rule]),
            name=rule,
        )
        for rule in RULES
    ]
)


def pandera(df: pl.DataFrame) -> Indices:
    try:
        PANDERA.validate(df, lazy=True)
    except pa_errors.SchemaErrors as exc:
        cases = (
            pl.from_pandas(exc.failure_cases)
            if not isinstance(exc.failure_cases, pl.DataFrame)
            else exc.failure_cases
        )
        return {
            r: sorted(cases.filter(pl.col("check") == r).get_column("index").to_list())
            for r in RULES
        }
    return {r: [] for r in RULES}


def pointblank(df: pl.DataFrame) -> Indices:
    assert pb is not None
    check = pb.Validate(data=df)
    for rule in RULES:
        check = check.col_vals_expr(expr=~fails()[rule], brief=rule)
    done = check.interrogate(extract_limit=df.height + 1)
    out = {}
    for step, rule in enumerate(RULES, start=1):
        extracts: Any = done.get_data_extracts(i=step, frame=True)
        out[rule] = [] if extracts is None else sorted(extracts.get_column(ROW).to_list())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    version = "not installed" if pb is None else pb.__version__
    print(f"peers: rules {', '.join(RULES)}; {machine()}; pointblank {version}")
    for rows in args.rows:
        raw = pl.read_parquet(tasks_parquet(rows))
        df = prepare(raw)
        print(f"{rows:,} rows; pre-parsed input (po.normalize, untimed)")
        t_hand, expected = best_of(args.runs, lambda df=df: hand_written(df))
        show("hand-written polars", t_hand)
        engines = {
            "po.validate(select=5 rules)": lambda df=df: po_indices(df.drop(ROW)),
            "dataframely Schema.filter + details()": lambda df=df: dataframely(_dy_frame(df)),
            "pandera validate(lazy=True)": lambda df=df: pandera(df),
        }
        if pb is not None:
            engines["pointblank interrogate + extracts"] = lambda df=df: pointblank(df)
        for name, run in engines.items():
            runs = args.runs if "pandera" not in name and "pointblank" not in name else 1
            try:
                seconds, got = best_of(runs, run)
            except Exception as exc:  # noqa: BLE001  (report and go on)
                print(f"  {name}: failed: {type(exc).__name__}: {str(exc)[:200]}")
                continue
            if got != expected:
                diff = {r: (len(got.get(r, [])), len(expected[r])) for r in RULES}
                raise SystemExit(f"{name} differs from hand-written (got, expected): {diff}")
            show(name, seconds, t_hand)
        print(f"  failing rows per rule: { {r: len(v) for r, v in expected.items()} }")
        # Raw variant: po.validate reads the export; the others get a timed parse.
        t_parse, _ = best_of(args.runs, lambda raw=raw: prepare(raw))
        t_raw, report = best_of(args.runs, lambda raw=raw: po_indices(raw))
        if report != expected:
            raise SystemExit("po.validate on the raw export differs")
        print("  raw export:")
        show("parse (po.normalize of the 5 columns)", t_parse)
        show("po.validate(raw, select=5 rules)", t_raw, t_parse + t_hand)
        show("parse + hand-written", t_parse + t_hand)
        del raw, df


if __name__ == "__main__":
    main()
