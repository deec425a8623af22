"""Shared helpers of the benchmark scripts: data, timing, memory."""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

import po_codes as po

if TYPE_CHECKING:
    from collections.abc import Callable

DATA = Path(__file__).parent / "data"


SCENARIOS = ("typical", "habits")
"""Exports the validate benchmark measures (see :func:`messy`)."""


def tasks_parquet(rows: int, *, error_rate: float = 0.01, scenario: str = "typical") -> Path:
    """A synthetic national export (codes and priorities as text), written once."""
    if rows > 10_000_000 and error_rate == 0.01 and scenario == "typical":
        return tasks_parquet_large(rows)
    DATA.mkdir(exist_ok=True)
    path = DATA / f"tasks_{rows}_{error_rate}_{scenario}.parquet"
    if not path.exists():
        print(f"writing {rows:,} synthetic rows ({scenario}) to {path} ...")
        years = range(2009, 2019)  # both district generations, and 2017-2018 after the merges
        tasks = po.synthetic_tasks(rows, seed=42, error_rate=error_rate, years=years)
        messy(tasks, habits=scenario == "habits").write_parquet(path)
    return path


def _draw(stream: int) -> pl.Expr:
    """A uniform number in [0, 1) per row, from a seeded hash of the row number."""
    return pl.int_range(pl.len()).hash(seed=stream).cast(pl.Float64) / 2.0**64


def _spell(column: str, share: float, stream: int, spelling: pl.Expr) -> pl.Expr:
    """``column`` written as ``spelling`` on about ``share`` of the rows."""
    return pl.when(_draw(stream) < share).then(spelling).otherwise(pl.col(column)).alias(column)


def messy(tasks: pl.DataFrame, *, habits: bool = False) -> pl.DataFrame:
    """What real exports look like: tolerant spellings and missing-value tokens.

    Typical: 3 % of codes lower-cased ("utført", PO008), 3 % of districts written
    "<name> politidistrikt" and of priorities "P<n>", and missing case numbers and
    handlers written "-" or "N/A" half the time. With ``habits`` an operations
    centre's habits come on top, so about 40 % of the rows fail a warning or info
    rule: the existing case number written on every "Utført" (PO208), any priority on
    "Ingen operative tiltak" (PO204), and the old district name kept after 2017
    (PO010).
    """
    code, priority = pl.col("closure_code"), pl.col("priority")
    frame = tasks.with_columns(
        _spell("closure_code", 0.03, 1, code.str.to_lowercase()),
        _spell("district", 0.03, 2, pl.col("district") + " politidistrikt"),
        _spell("priority", 0.03, 3, pl.lit("P") + priority),
        pl.col("case_number").fill_null(pl.when(_draw(4) < 0.5).then(pl.lit("-"))),
        pl.col("handled_by").fill_null(pl.when(_draw(5) < 0.5).then(pl.lit("N/A"))),
    )
    if not habits:
        return frame
    old = {d.name: d.predecessors[0].name for d in po.districts(2016)}
    iot = code == po.ClosureCode.INGEN_OPERATIVE_TILTAK.value
    return frame.with_columns(
        case_number=pl.when(code == po.ClosureCode.UTFORT.value)
        .then(pl.lit("BL-") + pl.col("task_id"))
        .otherwise(pl.col("case_number")),
        priority=pl.when(iot)
        .then(
            pl.lit(pl.Series(["1", "2", "3", "4", "5", "INGEN"])).gather(
                (_draw(6) * 6).cast(pl.UInt32).clip(0, 5)
            )
        )
        .otherwise(priority),
        district=pl.when(pl.col("year") >= 2018)
        .then(pl.col("district").replace(old))
        .otherwise(pl.col("district")),
    )


def tasks_parquet_large(rows: int, *, chunk: int = 10_000_000) -> Path:
    """A national export of ``rows`` rows written in chunks (for 30M-100M rows).

    Each chunk is ``po.synthetic_tasks(chunk, seed=k, error_rate=0.01)`` with its task
    ids prefixed by the chunk number (so ids stay unique across chunks), streamed
    into one Parquet file: no process holds more than one chunk.
    """
    DATA.mkdir(exist_ok=True)
    path = DATA / f"tasks_{rows}_chunked.parquet"
    if path.exists():
        return path
    print(f"writing {rows:,} synthetic rows in chunks of {chunk:,} to {path} ...")
    parts = []
    for k, start in enumerate(range(0, rows, chunk)):
        part = DATA / f".part_{rows}_{k}.parquet"
        po.synthetic_tasks(min(chunk, rows - start), seed=k, error_rate=0.01).with_columns(
            pl.concat_str(pl.lit(f"{k}-"), pl.col("task_id")).alias("task_id")
        ).write_parquet(part)
        parts.append(part)
    pl.scan_parquet(parts).sink_parquet(path)
    for part in parts:
        part.unlink()
    return path


def peak_rss() -> int:
    """Peak resident memory of this process so far (VmHWM, bytes; Linux)."""
    with Path("/proc/self/status").open() as status:
        line = next(line for line in status if line.startswith("VmHWM"))
    return int(line.split()[1]) * 1024


def resident_size(frame: pl.DataFrame) -> int:
    """Bytes the frame's buffers occupy, each buffer counted once.

    ``DataFrame.estimated_size()`` counts a string column's text but not the 16-byte
    view polars keeps for every string value (a 10M-row column of one-letter strings
    is "10 MB" to it and takes 153 MiB), so it understates frames with text columns
    about twofold. Here the frame is exported to Arrow without conversion (string
    views stay views, zero-copy) and pyarrow adds up the buffers it references.
    """
    import pyarrow as pa  # noqa: PLC0415  (test group; only the benchmarks need it)

    table = frame.to_arrow(compat_level=pl.CompatLevel.newest())
    assert isinstance(table, pa.Table)
    return int(table.get_total_buffer_size())


def best_of(runs: int, function: Callable[[], Any]) -> tuple[float, Any]:
    """Best wall time of ``runs`` calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def show(name: str, seconds: float, baseline: float | None = None) -> None:
    ratio = f"  ratio {seconds / baseline:5.2f}" if baseline else ""
    print(f"  {name:<48} {seconds:8.3f} s{ratio}")


def machine() -> str:
    import os  # noqa: PLC0415

    return f"polars {pl.__version__}, {os.cpu_count()} cores"
