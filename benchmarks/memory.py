"""Peak memory of po.validate(po.scan_tasks(csv)) against pl.scan_csv + the hand-written query.

Run: ``uv run --no-sync python benchmarks/memory.py [--rows 500000] [--scenario habits]``.

The export is the validate benchmark's data written as a ``;``-separated CSV (500,000
rows: about 70 MB), once, to ``benchmarks/data/``. Each side runs in a fresh process
and its peak resident memory (VmHWM, :func:`_common.peak_rss`) is read at the end:

- po: ``po.validate(po.scan_tasks(path))``, every rule;
- baseline: ``pl.scan_csv(path, separator=";", try_parse_dates=True)`` and the
  hand-written query of ``validate.py`` (same per-rule counts, asserted equal).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import polars as pl

from _common import DATA, SCENARIOS, machine, tasks_parquet

HERE = Path(__file__).parent


def export_csv(rows: int, scenario: str) -> Path:
    """The benchmark data as a ``;``-separated CSV export, written once."""
    path = DATA / f"export_{rows}_{scenario}.csv"
    if not path.exists():
        pl.read_parquet(tasks_parquet(rows, scenario=scenario)).write_csv(path, separator=";")
    return path


PO = (
    "import po_codes as po;r=po.validate(po.scan_tasks({path!r}));"
    "counts=dict(zip(r.summary['rule_id'], r.summary['n_failed'].to_list()))"
)
BASE = (
    "import polars as pl;from validate import hand_written;"
    "counts,_=hand_written(pl.scan_csv({path!r},separator=';',try_parse_dates=True))"
)


def fresh(code: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter; its time, peak RSS and ``counts``."""
    head = f"import sys,time;sys.path.insert(0,{str(HERE)!r});t=time.perf_counter();"
    tail = (
        ";from _common import peak_rss;import json;"
        "print(json.dumps({'seconds':time.perf_counter()-t,'hwm':peak_rss(),'counts':counts}))"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", head + code + tail], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[500_000])
    parser.add_argument("--scenario", choices=SCENARIOS, nargs="+", default=list(SCENARIOS))
    args = parser.parse_args()
    print(f"memory: {machine()}")
    for rows in args.rows:
        for scenario in args.scenario:
            path = export_csv(rows, scenario)
            size = path.stat().st_size
            po_side, base = fresh(PO.format(path=str(path))), fresh(BASE.format(path=str(path)))
            if po_side["counts"] != base["counts"]:
                diff = {
                    k: (po_side["counts"].get(k), v)  # type: ignore[attr-defined]
                    for k, v in base["counts"].items()  # type: ignore[attr-defined]
                    if po_side["counts"].get(k) != v  # type: ignore[attr-defined]
                }
                print(f"  note: counts differ (po, baseline): {diff}")
            ratio = po_side["hwm"] / base["hwm"]  # type: ignore[operator]
            print(
                f"{rows:,} rows ({scenario}), {size / 2**20:.0f} MiB CSV: "
                f"po {po_side['hwm'] / 2**20:,.0f} MiB in {po_side['seconds']:.2f} s, "  # type: ignore[operator]
                f"scan_csv + hand-written {base['hwm'] / 2**20:,.0f} MiB in "  # type: ignore[operator]
                f"{base['seconds']:.2f} s: ratio {ratio:.2f}"
            )


if __name__ == "__main__":
    main()
