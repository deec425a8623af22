"""Junk in, only po_codes' own errors out (or TypeError for arguments of the wrong type)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import po_codes as po

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

ALLOWED = (po.PoCodesError, TypeError)

JUNK_VALUES: list[object] = [
    None,
    0,
    -1,
    1.5,
    float("nan"),
    True,
    b"Utf\xf8rt",
    "",
    " ",
    "x" * 100_000,
    "🚓🚓",
    "\x00",
    ["Utført"],
    {"code": "Utført"},
    object(),
    pl.Series(["Utført"]),
    pl.DataFrame({"closure_code": ["x"]}),
]

JUNK_FRAMES: list[object] = [
    *JUNK_VALUES,
    pl.DataFrame(),
    pl.DataFrame({"closure_code": [None, None]}),
    pl.DataFrame({"closure_code": [1, 2]}),
    pl.DataFrame({"closure_code": [1.5, None]}),
    pl.DataFrame({"closure_code": [True, False]}),
    pl.DataFrame({"closure_code": [["a"], ["b"]]}),
    pl.DataFrame({"closure_code": ["x" * 10_000, "🚓", "\x00"]}),
    pl.DataFrame({"closure_code": ["Utført"], "district": [None], "created_at": ["garbage"]}),
    pl.DataFrame({"closure_code": ["Utført"], "created_at": [1], "resource_assigned": ["?"]}),
    pl.DataFrame({"unrelated": [1, 2, 3]}),
    pl.DataFrame({"closure_code": []}, schema={"closure_code": pl.String}),
    pl.DataFrame({"closure_code": ["Utført"]}).lazy(),
]

SCALAR_FUNCTIONS: list[Callable[[Any], object]] = [
    po.ClosureCode.parse,
    po.ClosureCode.get,
    po.Priority.parse,
    po.Priority.get,
    po.District.parse,
    po.District.get,
    po.District.by_id,
    po.districts,
    po.parse_codes,
    po.requires_resource,
    po.parse_priorities,
    po.parse_districts,
    po.priority_at_least,
]

FRAME_FUNCTIONS: list[Callable[[Any], object]] = [
    po.normalize,
    po.validate,
    po.figures,
    po.code_table,
    po.indicators,
    po.harmonize_districts,
    lambda frame: po.compare(frame, code="Ikke kapasitet"),
]

PATH_FUNCTIONS: list[Callable[[Any], object]] = [po.read_tasks, po.scan_tasks, po.read_figures]


def _call(function: Callable[[Any], object], argument: object) -> object:
    try:
        result = function(argument)
        if isinstance(result, pl.LazyFrame):
            return result.collect()
    except ALLOWED:
        return None
    return result


@pytest.mark.parametrize("function", SCALAR_FUNCTIONS, ids=lambda f: f.__qualname__)
@pytest.mark.parametrize("junk", JUNK_VALUES, ids=repr)
def test_scalar_functions(function: Callable[[Any], object], junk: object) -> None:
    _call(function, junk)


@pytest.mark.parametrize("function", FRAME_FUNCTIONS, ids=lambda f: getattr(f, "__name__", "?"))
@pytest.mark.parametrize("junk", JUNK_FRAMES, ids=lambda j: type(j).__name__)
def test_frame_functions(function: Callable[[Any], object], junk: object) -> None:
    _call(function, junk)


def test_validate_keeps_every_row_of_junk_frames() -> None:
    for frame in JUNK_FRAMES:
        if not isinstance(frame, pl.DataFrame) or "closure_code" not in frame.columns:
            continue
        try:
            report = po.validate(frame)
        except po.SchemaError:
            continue
        assert report.n_rows == frame.height
        assert report.valid_rows().height + report.invalid_rows().height == frame.height


@pytest.mark.parametrize("function", PATH_FUNCTIONS, ids=lambda f: f.__name__)
def test_path_functions_with_junk_files(function: Callable[[Any], object], tmp_path: Path) -> None:
    files = {
        "empty.csv": b"",
        "binary.csv": bytes(range(256)) * 10,
        "header_only.csv": b"avslutningskode\n",
        "latin1.csv": "kode;distrikt\nUtført;Sør-Øst\n".encode("cp1252"),
        "bad_utf8.csv": b"kode\nUtf\xc3\n\xff\xfe\n",
        "ragged.csv": b"kode;a\nUtf\xc3\xb8rt;1;2;3\n;\n",
        "fake.parquet": b"PAR1 not really",
        "fake.xlsx": b"PK not really",
        "noext": b"kode\nUtfort\n",
    }
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        _call(function, path)
        _call(function, str(path))
    (tmp_path / "folder.csv").mkdir()
    for junk in [tmp_path / "missing.csv", tmp_path / "folder.csv", None, 1, b"x.csv"]:
        _call(function, junk)


@given(st.lists(st.text(max_size=20) | st.none(), max_size=20))
def test_validate_and_figures_never_crash_on_text(values: list[str | None]) -> None:
    frame = pl.DataFrame(
        {
            "closure_code": values,
            "district": list(reversed(values)),
            "priority": values,
            "resource_assigned": values,
            "created_at": values,
        },
        schema=dict.fromkeys(
            ["closure_code", "district", "priority", "resource_assigned", "created_at"], pl.String
        ),
    )
    report = po.validate(frame)
    assert report.n_rows == len(values)
    assert report.valid_rows().height + report.invalid_rows().height == len(values)
    table = po.figures(frame, by="district")
    counted = po.parse_codes(pl.col("closure_code")).is_not_null().sum()
    assert table["n"].sum() == frame.select(counted).item()
