"""Bad input and bad arguments give a PoCodesError with a clear message, never a raw one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import po_codes as po
from po_codes._cli import main


def _read(reader: str, path: Path, **options: Any) -> pl.DataFrame:
    if reader == "read":
        return po.read_tasks(path, **options)
    return po.scan_tasks(path, **options).collect()


# -- an unterminated quote ---------------------------------------------------------------------

QUOTED = [
    ('Kode;Distrikt\nUtført;Oslo\n"Ikke kapasitet;Vest\nUtført;Oslo\n', 3),
    ('Kode;Distrikt\nUtført;Oslo\nUtført;Oslo\nUtført;"Vest\n', 4),
    ('Kode;Distrikt\n\nUtført;"Oslo\n\nUtført;Oslo\n', 3),
    ('Kode;Merknad\nUtført;"to\nlinjer"\nUtført;ok\nUtført;"åpen\nUtført;Oslo\n', 5),
    ('Kode;Merknad\nUtført;12" rør\nUtført;ok\n', 2),
]


@pytest.mark.parametrize("reader", ["read", "scan"])
@pytest.mark.parametrize(("text", "line"), QUOTED)
def test_unterminated_quote_names_the_line_that_opens_it(
    tmp_path: Path, reader: str, text: str, line: int
) -> None:
    path = tmp_path / "q.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(po.UnreadableFileError) as info:
        _read(reader, path)
    message = str(info.value)
    assert info.value.line == line
    assert f"line {line}" in message
    assert "never closed" in message
    assert "infer_schema_length" not in message
    assert "ignore_errors" not in message


@pytest.mark.parametrize("reader", ["read", "scan"])
def test_balanced_quotes_still_read(tmp_path: Path, reader: str) -> None:
    path = tmp_path / "q.csv"
    path.write_text('Kode;Merknad\nUtført;"to\nlinjer"\nUtført;"a ""b"""\n', encoding="utf-8")
    frame = _read(reader, path)
    assert frame["Merknad"].to_list() == ["to\nlinjer", 'a "b"']


# -- bad arguments ----------------------------------------------------------------------------


@pytest.mark.parametrize("separator", ["", ";;", "ab"])
@pytest.mark.parametrize("reader", ["read", "scan"])
def test_bad_separator_is_an_invalid_argument(tmp_path: Path, separator: str, reader: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Kode;Distrikt\nUtført;Oslo\n", encoding="utf-8")
    with pytest.raises(po.InvalidArgumentError, match="separator") as info:
        _read(reader, path, separator=separator)
    assert info.value.value == separator


@pytest.mark.parametrize("reader", ["read", "scan"])
def test_unknown_encoding_is_an_invalid_argument(tmp_path: Path, reader: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Kode;Distrikt\nUtført;Oslo\n", encoding="utf-8")
    with pytest.raises(po.InvalidArgumentError, match="encoding"):
        _read(reader, path, encoding="klingon")


@pytest.mark.parametrize("seed", [-1, 2**32, 2**64, -(2**70)])
def test_synthetic_seed_out_of_range(seed: int) -> None:
    with pytest.raises(po.InvalidArgumentError, match="seed"):
        po.synthetic_tasks(10, seed=seed)


def test_synthetic_largest_seed_works() -> None:
    assert po.synthetic_tasks(5, seed=2**32 - 1).height == 5


# -- dtypes no value can be read from -----------------------------------------------------------

NESTED: dict[str, pl.Series] = {
    "list": pl.Series("Distrikt", [["Oslo"]]),
    "array": pl.Series("Distrikt", [[1, 2]], dtype=pl.Array(pl.Int64, 2)),
    "struct": pl.Series("Distrikt", [{"a": "Oslo"}]),
}
TIMES: dict[str, pl.Series] = {
    "time": pl.Series("Opprettet", [dt.time(10, 0)]),
    "duration": pl.Series("Opprettet", [dt.timedelta(hours=1)]),
}
FUNCTIONS: dict[str, Any] = {
    "normalize": po.normalize,
    "validate": po.validate,
    "figures": lambda f: po.figures(f, by=["district", "year"]),
    "code_table": lambda f: po.code_table(f, by=["district", "year"]),
    "indicators": lambda f: po.indicators(f, by=["district", "year"]),
    "compare": lambda f: po.compare(f, code="Utført", by=["district", "year"]),
}


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
@pytest.mark.parametrize("kind", sorted(NESTED))
def test_nested_column_where_text_is_expected(function: str, kind: str) -> None:
    frame = pl.DataFrame([pl.Series("Kode", ["Utført"]), NESTED[kind], pl.Series("År", ["2016"])])
    with pytest.raises(po.SchemaError, match="Distrikt") as info:
        FUNCTIONS[function](frame)
    assert info.value.column == "Distrikt"


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
@pytest.mark.parametrize("kind", sorted(TIMES))
def test_time_or_duration_where_timestamps_are_expected(function: str, kind: str) -> None:
    frame = pl.DataFrame(
        [pl.Series("Kode", ["Utført"]), pl.Series("Distrikt", ["Oslo"]), TIMES[kind]]
    )
    with pytest.raises(po.SchemaError, match="Opprettet") as info:
        FUNCTIONS[function](frame)
    assert info.value.column == "Opprettet"
    assert "timestamp" in str(info.value)


# -- the CLI ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", ["0", "-5"])
def test_demo_with_no_rows_is_a_usage_error(rows: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--rows", rows]) == 2
    err = capsys.readouterr().err
    assert "--rows" in err
    assert "internal error" not in err
