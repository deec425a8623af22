"""Errors carry what they name as attributes: path, line (1-based), column (user header), value."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import po_codes as po
from po_codes import _errors


def test_every_error_has_the_four_attributes_none_by_default() -> None:
    for name in _errors.__all__:
        cls = getattr(_errors, name)
        if cls is po.ValidationError:
            continue
        error = cls("message")
        assert (error.path, error.line, error.column, error.value) == (None, None, None, None)
        assert str(error) == "message"


def test_attributes_are_keyword_only() -> None:
    error = po.SchemaError("bad", path="a.csv", line=3, column="Kode", value="x")
    assert (error.path, error.line, error.column, error.value) == ("a.csv", 3, "Kode", "x")
    with pytest.raises(TypeError):
        po.SchemaError("bad", "a.csv")  # type: ignore[call-arg]


def test_errors_module_does_not_import_the_report() -> None:
    source = Path(_errors.__file__).read_text(encoding="utf-8")
    assert "_report" not in source


def test_over_long_line_names_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Kode;Distrikt\nUtført;Oslo\nUtført;Oslo;ekstra\n", encoding="utf-8")
    with pytest.raises(po.UnreadableFileError) as info:
        po.read_tasks(path)
    assert info.value.path == str(path)
    assert info.value.line == 3


def test_missing_file_names_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"
    with pytest.raises(po.UnreadableFileError) as info:
        po.read_tasks(path)
    assert info.value.path == str(path)
    assert info.value.line is None


def test_missing_code_column_names_path(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Distrikt\nOslo\n", encoding="utf-8")
    with pytest.raises(po.MissingColumnError) as info:
        po.read_tasks(path)
    assert info.value.path == str(path)


def test_unknown_code_priority_district_carry_value() -> None:
    with pytest.raises(po.UnknownCodeError) as code:
        po.ClosureCode.parse("Ukjent kode")
    assert code.value.value == "Ukjent kode"
    with pytest.raises(po.UnknownPriorityError) as priority:
        po.Priority.parse("9")
    assert priority.value.value == "9"
    with pytest.raises(po.UnknownDistrictError) as district:
        po.District.parse("Atlantis")
    assert district.value.value == "Atlantis"


def test_unreadable_dtype_names_the_users_column() -> None:
    frame = pl.DataFrame({"Kode": ["Utført"], "Ressurs": [[1, 2]]})
    with pytest.raises(po.SchemaError) as info:
        po.normalize(frame)
    assert info.value.column == "Ressurs"


def test_bad_count_in_figures_names_column_and_value() -> None:
    frame = pl.DataFrame({"Kode": ["Utført", "Utført"], "Antall": ["3", "tre"]})
    with pytest.raises(po.SchemaError) as info:
        po.figures(frame, by=())
    assert info.value.column == "Antall"
    assert info.value.value == "tre"


def test_bad_year_in_figures_names_column_and_value() -> None:
    frame = pl.DataFrame({"Kode": ["Utført"], "År": ["1899"]})
    with pytest.raises(po.SchemaError) as info:
        po.figures(frame, by="year")
    assert (info.value.column, info.value.value) == ("År", "1899")


def test_published_bad_cell_names_path_column_value(tmp_path: Path) -> None:
    path = tmp_path / "tall.csv"
    path.write_text("Distrikt;Utført;Ikke kapasitet\nOslo;12;x\n", encoding="utf-8")
    with pytest.raises(po.SchemaError) as info:
        po.read_figures(path)
    assert info.value.path == str(path)
    assert info.value.column == "Ikke kapasitet"
    assert info.value.value == "x"
    assert str(path) in str(info.value)


def test_bad_columns_argument_names_column() -> None:
    frame = pl.DataFrame({"Kode": ["Utført"]})
    with pytest.raises(po.SchemaError) as info:
        po.normalize(frame, columns={"Mangler": "closure_code"})
    assert info.value.column == "Mangler"


def test_unknown_encoding_carries_value(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Kode\nUtført\n", encoding="utf-8")
    with pytest.raises(po.InvalidArgumentError) as info:
        po.read_tasks(path, encoding="no-such-codec")
    assert info.value.value == "no-such-codec"


def test_published_total_and_district_errors_carry_what_they_name(tmp_path: Path) -> None:
    total = tmp_path / "total.csv"
    total.write_text("Distrikt;Utført;Bortfalt;Sum\nOslo;1;2;4\n", encoding="utf-8")
    with pytest.raises(po.SchemaError) as info:
        po.read_figures(total)
    assert (info.value.path, info.value.column, info.value.value) == (str(total), "Sum", 4)
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("Distrikt;Utført;Bortfalt\nAtlantis;1;2\n", encoding="utf-8")
    with pytest.raises(po.SchemaError) as info:
        po.read_figures(unknown)
    assert info.value.value == "Atlantis"


def test_absent_by_column_is_named() -> None:
    with pytest.raises(po.SchemaError) as info:
        po.figures(pl.DataFrame({"Kode": ["Utført"]}), by="Lag")
    assert info.value.column == "Lag"
