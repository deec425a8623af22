"""read_tasks on a Windows-1252 export against plain polars, side by side.

The baseline is what a careful user would write by hand for the same file: decode
Windows-1252 to UTF-8 (polars reads only UTF-8), ``pl.read_csv`` with every column as
text, and one timestamp format for ``created_at``. ``po.read_tasks`` does more (decides
the encoding, finds blank and over-long lines with quotes respected, maps headers) and
keeps every value as written; the ratio says what that costs. Both must give the same
number of rows.

    uv run python benchmarks/read.py [rows]
"""

from __future__ import annotations

import sys

import polars as pl

import po_codes as po
from _common import DATA, best_of, machine, show


def export(rows: int) -> str:
    """A Norwegian export of ``rows`` tasks: ``;``, dd.mm.yyyy, Ja/Nei, Windows-1252."""
    path = DATA / f"export_{rows}_cp1252.csv"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        print(f"writing {rows:,} rows to {path} ...")
        tasks = po.synthetic_tasks(rows, seed=42, error_rate=0.01)
        text = tasks.select(
            pl.col("task_id").alias("Oppdragsnr"),
            pl.col("district").alias("Politidistrikt"),
            pl.col("created_at").dt.to_string("%d.%m.%Y %H:%M").alias("Opprettet"),
            pl.col("closed_at").dt.to_string("%d.%m.%Y %H:%M").alias("Avsluttet"),
            pl.col("priority").cast(pl.String).alias("Prioritet"),
            pl.col("incident_type").alias("Forholdets art"),
            pl.when(pl.col("resource_assigned"))
            .then(pl.lit("Ja"))
            .otherwise(pl.lit("Nei"))
            .alias("Ressurs"),
            pl.col("closure_code").cast(pl.String).alias("Avslutningskode"),
            pl.col("case_number").alias("Saksnr"),
        ).write_csv(separator=";")
        path.write_bytes(text.encode("cp1252", errors="replace"))
    return str(path)


def baseline(path: str) -> pl.DataFrame:
    with open(path, "rb") as handle:  # noqa: PTH123
        data = handle.read().decode("cp1252").encode("utf-8")
    frame = pl.read_csv(data, separator=";", infer_schema=False)
    return frame.with_columns(pl.col("Opprettet").str.to_datetime("%d.%m.%Y %H:%M", strict=False))


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    path = export(rows)
    print(f"read: {rows:,} rows, Windows-1252, ';' ({machine()})")
    base, expected = best_of(3, lambda: baseline(path))
    mine, got = best_of(3, lambda: po.read_tasks(path))
    assert got.height == expected.height == rows, (got.height, expected.height)
    show("plain polars: decode + read_csv + one format", base)
    show("po.read_tasks", mine, base)
    scan, lazy = best_of(3, lambda: po.scan_tasks(path).collect())
    assert lazy.height == rows
    show("po.scan_tasks(...).collect()", scan, base)
    check, _ = best_of(3, lambda: po.validate(po.read_tasks(path)).n_rows)
    show("po.validate(po.read_tasks(...)) (reading and 23 rules)", check, base)


if __name__ == "__main__":
    main()
