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


def tasks_parquet(rows: int, *, error_rate: float = 0.01) -> Path:
    """A synthetic national export (codes and priorities as text), written once."""
    if rows > 10_000_000 and error_rate == 0.01:
        return tasks_parquet_large(rows)
    DATA.mkdir(exist_ok=True)
    path = DATA / f"tasks_{rows}_{error_rate}.parquet"
    if not path.exists():
        print(f"writing {rows:,} synthetic rows to {path} ...")
        po.synthetic_tasks(rows, seed=42, error_rate=error_rate).write_parquet(path)
    return path


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
