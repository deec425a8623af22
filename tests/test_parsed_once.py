"""Timestamps cost little in a validation (issue 24: CSV exports).

Polars shares no subexpression nested inside another: a timestamp's value and its
"unreadable" flag each parsed the text, and the year check parsed it once more. On a
CSV export (every column text) that was two thirds of the checks' query. The engine
now parses each timestamp column once, in a projection of its own, and the year check
reads the parsed value once. The first pass shaped every row's text to choose the
formats; now only rows whose shape is not among the first rows' are shaped. The
readings must stay exactly what they were.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import po_codes as po
import po_codes._validate as engine
from po_codes import _values as values
from po_codes._values import (
    TIMESTAMP_FORMATS,
    _from_year_1000,
    datetime_expr,
    formats_for,
    shape_expr,
)


@given(st.lists(st.datetimes(min_value=datetime(1, 1, 1)), max_size=20))
def test_the_year_check_is_the_reference_one(values: list[datetime]) -> None:
    parsed = pl.Series("t", values, dtype=pl.Datetime("us"))
    reference = pl.when(pl.col("t").dt.year() >= 1000).then(pl.col("t"))
    frame = parsed.to_frame()
    assert frame.select(_from_year_1000(pl.col("t"))).to_series().to_list() == (
        frame.select(reference).to_series().to_list()
    )


def test_the_year_check_at_its_edges() -> None:
    edges = [datetime(999, 12, 31, 23, 59, 59, 999999), datetime(1000, 1, 1), datetime(9999, 1, 1)]
    frame = pl.Series("t", [*edges, None], dtype=pl.Datetime("us")).to_frame()
    got = frame.select(_from_year_1000(pl.col("t"))).to_series().to_list()
    assert got == [None, datetime(1000, 1, 1), datetime(9999, 1, 1), None]


_PIECES = st.sampled_from(["2016", "16", "0016", "12016", "01", "1", "31", "-", ".", ":", " "])
_TEXT = st.one_of(
    st.lists(_PIECES, max_size=8).map("".join),
    st.datetimes(min_value=datetime(900, 1, 1)).flatmap(
        lambda moment: st.sampled_from(
            ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M", "%d.%m.%y", "%Y-%m-%d"]
        ).map(moment.strftime)
    ),
)


def _reference_format(text: pl.Expr, fmt: str) -> pl.Expr:
    """The reading of one format as it was (a when/then year check)."""
    parsed = text.str.to_datetime(fmt, strict=False, time_unit="us")
    if fmt.endswith("%#z"):
        parsed = parsed.dt.convert_time_zone("Europe/Oslo").dt.replace_time_zone(None)
    if "%Y" in fmt:
        parsed = pl.when(parsed.dt.year() >= 1000).then(parsed)
    if "%y" in fmt:
        parsed = (
            pl.when(parsed.dt.year() < 2000).then(parsed.dt.offset_by("100y")).otherwise(parsed)
        )
    return parsed.cast(pl.Datetime("us"))


@given(st.lists(_TEXT, min_size=1, max_size=20))
def test_timestamps_read_as_the_reference_reading(texts: list[str]) -> None:
    frame = pl.DataFrame({"t": texts}, schema={"t": pl.String})
    text = pl.col("t").str.strip_chars()
    text = pl.when(~text.str.contains(":60", literal=True) & (text != "")).then(text)
    reference = pl.coalesce([_reference_format(text, fmt) for fmt in TIMESTAMP_FORMATS])
    got = frame.select(datetime_expr(pl.col("t"), pl.String())).to_series()
    want = frame.select(reference).to_series()
    assert got.to_list() == want.to_list()


@given(st.lists(_TEXT, min_size=1, max_size=20))
def test_shapes_choose_the_formats_every_value_needs(texts: list[str]) -> None:
    # The shapes come from replace_many on the unstripped text now; the formats they
    # choose must still read every value as all formats together do.
    frame = pl.DataFrame({"t": [f" {t}" if i % 3 == 0 else t for i, t in enumerate(texts)]})
    examples = (
        frame.group_by(shape_expr(pl.col("t")).alias("s"))
        .agg(pl.col("t").first())
        .get_column("t")
        .to_list()
    )
    chosen = formats_for(examples)
    every = frame.select(datetime_expr(pl.col("t"), pl.String())).to_series()
    shaped = frame.select(datetime_expr(pl.col("t"), pl.String(), chosen)).to_series()
    assert shaped.to_list() == every.to_list()


def _stage(source: pl.LazyFrame) -> pl.LazyFrame:
    setup = engine._setup(
        source, select=None, ignore=None, severity=None, rules=(), columns=None,
        priority_threshold=3, lang="en", task_key=("task_id",), max_failures=None,
        thresholds=None,
    )  # fmt: skip
    inputs = engine._inputs(source, setup)
    return engine._stage(source, engine._decide_notes(source, setup, inputs), inputs)


def test_each_timestamp_column_is_parsed_once_in_the_checks_query() -> None:
    start = datetime(2019, 3, 1, 10)
    frame = pl.DataFrame(
        {
            "closure_code": ["Utført", "Bortfalt", "Utført"],
            "resource_assigned": ["Ja", "Nei", "Ja"],
            "created_at": [(start + timedelta(hours=i)).isoformat(" ") for i in range(3)],
            "closed_at": ["2019-03-01 12:00", "01.03.2019 13:00", "i går"],
            "arrived_at": ["2019-03-01 11:30", None, "-"],
        }
    )
    plan = _stage(frame.lazy()).explain()
    # created_at: one format; closed_at: two (ISO and dd.mm.yyyy); arrived_at: one.
    assert plan.count("strptime") == 4
    report = po.validate(frame)
    unreadable = report.failures.filter(pl.col("rule_id") == "PO009")["row_index"].to_list()
    assert unreadable == [2]


def _reference_examples(frame: pl.DataFrame) -> list[str | None]:
    """One example per shape of the whole column, as the first pass found them before."""
    shaped = frame.group_by(shape_expr(pl.col("t")).alias("s"), maintain_order=True)
    return shaped.agg(pl.col("t").first()).get_column("t").to_list()


@given(
    texts=st.lists(st.one_of(st.none(), _TEXT), min_size=1, max_size=30),
    sample=st.integers(0, 30),
)
def test_only_rows_of_unseen_shapes_are_shaped(texts: list[str | None], sample: int) -> None:
    # The first rows' shapes are found first, the other rows matched against them (and
    # their shapes stand for their examples): the formats chosen, and so every value
    # read, are those of shaping every row.
    frame = pl.DataFrame({"t": texts}, schema={"t": pl.String})
    reference = formats_for(_reference_examples(frame))
    every = frame.select(datetime_expr(pl.col("t"), pl.String())).to_series().to_list()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(values, "_SAMPLE", sample)
        for source in (frame, frame.lazy()):
            found, _ = values.distinct_spellings(source, {"created_at": "t"})
            chosen = formats_for(found["created_at"])
            assert chosen == reference
            read = frame.select(datetime_expr(pl.col("t"), pl.String(), chosen)).to_series()
            assert read.to_list() == every


def test_every_column_spellings_in_one_query() -> None:
    frame = pl.DataFrame(
        {
            "code": ["Utført", "utført", None, "Utført"],
            "district": ["Oslo", "Oslo", "Øst", None],
            "created": ["2019-03-01 10:00", "01.03.2019 10:00", None, "x"],
        }
    )
    sources = {"closure_code": "code", "district": "district", "created_at": "created"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(values, "_SAMPLE", 1)  # the second and fourth shapes come later
        found, extra = values.distinct_spellings(frame.lazy(), sources)
    assert extra == []
    assert sorted(found["closure_code"], key=str) == [None, "Utført", "utført"]
    assert sorted(found["district"], key=str) == [None, "Oslo", "Øst"]
    assert found["created_at"][0] == "2019-03-01 10:00"  # the first rows' own example
    assert sorted(found["created_at"][1:], key=str) == ["99.99.9999 99:99", "x"]


def test_a_shape_pattern_matches_exactly_its_shape() -> None:
    shapes = ["9999-99-99T99:99", " 99.99.99 kl. 99.99", "99/99/9999\n"]
    pattern = values._shapes_pattern(shapes)
    texts = [
        "2020-01-01T10:00", " 01.02.16 kl. 10.00", "01/02/2020\n",  # their shapes
        "2020-01-01 10:00", "01.02.16 kl. 10.00", "01/02/2020", "2020-01-01T10:0x",
        "٢٠٢٠-01-01T10:00", "2020-01-01T10:000", "x2020-01-01T10:00",
    ]  # fmt: skip
    got = pl.Series(texts).str.contains(pattern).to_list()
    assert got == [True, True, True] + [False] * 7
    shaped = pl.Series(texts).to_frame("t").select(shape_expr(pl.col("t"))).to_series()
    assert [shape in shapes for shape in shaped] == got
