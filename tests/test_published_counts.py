"""Published counts are numbers as a person writes them, or an error naming the cell."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import po_codes as po

BIG = 2**63 + 5


def _wide(tmp_path: Path, cell: str) -> Path:
    path = tmp_path / "tall.csv"
    path.write_text(f'Distrikt;Utført;Ikke kapasitet\nOslo;12;"{cell}"\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("cell", ["1 234", "1.234", "1234", "1\u00a0234", "1 234,0", "1234.0"])
def test_counts_as_people_write_them(tmp_path: Path, cell: str) -> None:
    long = po.read_figures(_wide(tmp_path, cell))
    ikke = long.filter(pl.col("closure_code") == "Ikke kapasitet")
    assert ikke["n"].item() == 1234


@pytest.mark.parametrize("cell", ["", "-", "–", "NULL", "1 2 3", "12 34", "1\n234", "1,5", "-3"])
def test_blank_dash_and_broken_numbers_are_errors_naming_the_cell(
    tmp_path: Path, cell: str
) -> None:
    path = _wide(tmp_path, cell)
    with pytest.raises(po.SchemaError) as info:
        po.read_figures(path)
    assert info.value.column == "Ikke kapasitet"
    assert info.value.path == str(path)
    assert "Oslo" in str(info.value)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["1", "2", "3", "12", "34", " "]), min_size=2, max_size=6))
def test_digits_split_by_spaces_are_a_count_only_in_groups_of_three(parts: list[str]) -> None:
    text = " ".join(parts).strip()
    value = pl.select(po._values.count_expr(pl.lit(text))).item()
    groups = text.split()
    grouped = len(groups) > 1 and 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    if grouped or len(groups) == 1:
        assert value == int("".join(groups))
    else:
        assert value is None


def test_count_counts_a_single_space_group() -> None:
    assert pl.select(po._values.count_expr(pl.lit("12 345 678"))).item() == 12_345_678


def test_uint64_count_above_int64_is_an_error_not_zero() -> None:
    frame = pl.DataFrame(
        {"Kode": ["Utført", "Ikke kapasitet"], "n": pl.Series([1, BIG], dtype=pl.UInt64)}
    )
    with pytest.raises(po.SchemaError) as info:
        po.figures(frame, by=())
    assert info.value.column == "n"
    assert info.value.value == str(BIG)


def test_sum_that_overflows_int64_is_an_error() -> None:
    frame = pl.DataFrame({"Kode": ["Utført"] * 3, "n": [2**62, 2**62, 2**62]})
    with pytest.raises(po.SchemaError, match="add up to more than"):
        po.figures(frame, by=())
    with pytest.raises(po.SchemaError, match="add up to more than"):
        po.code_table(frame, by=())


def test_published_uint64_and_overflowing_sum(tmp_path: Path) -> None:
    path = tmp_path / "tall.parquet"
    pl.DataFrame(
        {"Distrikt": ["Oslo"], "Utført": pl.Series([BIG], dtype=pl.UInt64), "Ikke kapasitet": [1]}
    ).write_parquet(path)
    with pytest.raises(po.SchemaError) as info:
        po.read_figures(path)
    assert info.value.column == "Utført"
    over = tmp_path / "over.csv"
    over.write_text(
        f"Distrikt;Utført;Ikke kapasitet\nOslo;{2**62};{2**62}\nVest;{2**62};1\n",
        encoding="utf-8",
    )
    with pytest.raises(po.SchemaError, match="add up to more than"):
        po.read_figures(over)
