from __future__ import annotations

import math
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import po_codes as po

LABELS = [c.value for c in po.ClosureCode]

TASKS = pl.DataFrame(
    {
        "Distrikt": ["Oslo", "oslo politidistrikt", "Vest", "Vest", "Vest", "Oslo"],
        "Opprettet": [
            "01.01.2015 10:00",
            "02.01.2016 10:00",
            "2016-05-01 08:00",
            "2016-05-01 09:00",
            "2016-05-02 09:00",
            "2016-06-01 09:00",
        ],
        "Avslutningskode": [
            "Utført",
            "Ikke kapasitet",
            "Utfoert",
            "Sak opprettet",
            "Ikke kapasitet",
            "tull",  # unknown: not counted
        ],
    }
)


@pytest.fixture(params=["eager", "lazy"])
def lazy(request: pytest.FixtureRequest) -> bool:
    return bool(request.param == "lazy")


def run(function: Any, frame: pl.DataFrame, lazy: bool, **kw: Any) -> pl.DataFrame:
    if lazy:
        out = function(frame.lazy(), **kw)
        assert isinstance(out, pl.LazyFrame)
        return out.collect()
    out = function(frame, **kw)
    assert isinstance(out, pl.DataFrame)
    return out


def test_figures_long_form(lazy: bool) -> None:
    out = run(po.figures, TASKS, lazy)
    assert out.columns == ["district", "year", "closure_code", "n", "share"]
    assert out.schema["closure_code"] == po.CLOSURE_CODE_DTYPE
    assert out.schema["n"] == pl.Int64
    groups = out.select("district", "year").unique(maintain_order=True).rows()
    assert groups == [("Oslo", 2015), ("Oslo", 2016), ("Vest", 2016)]
    assert out.height == 3 * 14
    assert out.filter(pl.col("district") == "Vest")["closure_code"].to_list() == LABELS
    nonzero = out.filter(pl.col("n") > 0).select("district", "year", "closure_code", "n").rows()
    assert nonzero == [
        ("Oslo", 2015, "Utført", 1),
        ("Oslo", 2016, "Ikke kapasitet", 1),
        ("Vest", 2016, "Utført", 1),
        ("Vest", 2016, "Sak opprettet", 1),
        ("Vest", 2016, "Ikke kapasitet", 1),
    ]
    vest = out.filter(pl.col("district") == "Vest", pl.col("n") > 0)["share"].to_list()
    assert vest == pytest.approx([1 / 3] * 3)
    sums = out.group_by("district", "year").agg(pl.col("share").sum())["share"].to_list()
    assert sums == pytest.approx([1.0, 1.0, 1.0])


def test_figures_weighted_and_national(lazy: bool) -> None:
    counted = pl.DataFrame(
        {
            "district": ["Oslo", "Oslo", "Vest"],
            "kode": ["Utført", "Overtatt", "Utført"],
            "Antall": ["1 000", "500", "1.500"],
        }
    )
    out = run(po.figures, counted, lazy, by=(), weight="n")
    assert out.columns == ["closure_code", "n", "share"]
    kept = out.filter(pl.col("n") > 0)
    assert kept.select("closure_code", "n").rows() == [("Utført", 2500), ("Overtatt", 500)]
    assert kept["share"].to_list() == pytest.approx([2500 / 3000, 500 / 3000])


def test_group_with_only_unknown_codes_has_null_shares() -> None:
    frame = pl.DataFrame({"district": ["Oslo", "Vest"], "kode": ["Utført", "junk"]})
    out = po.figures(frame, by="district").filter(pl.col("district") == "Vest")
    assert out["n"].sum() == 0
    assert out["share"].null_count() == 14


def test_code_table(lazy: bool) -> None:
    out = run(po.code_table, TASKS, lazy)
    assert out.columns == ["district", *LABELS, "total", "uncoded"]
    assert out.rows(named=True)[1]["Ikke kapasitet"] == 1
    assert out.select("district", "Utført", "Sak opprettet", "Ikke kapasitet", "total").rows() == [
        ("Oslo", 1, 0, 1, 2),
        ("Vest", 1, 1, 1, 3),
    ]
    shares = run(po.code_table, TASKS, lazy, by=["district", "year"], shares=True)
    assert shares.filter(pl.col("district") == "Vest")["Utført"].to_list() == [pytest.approx(1 / 3)]
    assert shares.schema["total"] == pl.Int64


def test_indicators(lazy: bool) -> None:
    out = run(po.indicators, TASKS, lazy, by="district")
    assert out.columns == [
        "district",
        "total",
        "uncoded",
        "with_resource_share",
        "ikke_kapasitet_share",
        "ingen_operative_tiltak_share",
        "falsk_melding_share",
        "sak_opprettet_share",
        "ikke_kapasitet_of_demand",
    ]
    assert out.row(0) == ("Oslo", 2, 1, 0.5, 0.5, 0.0, 0.0, 0.0, 0.5)  # 1 uncoded task
    assert out.row(1) == pytest.approx(("Vest", 3, 0, 2 / 3, 1 / 3, 0.0, 0.0, 1 / 3, 1 / 3))


def test_year_derived_from_created_at() -> None:
    out = po.indicators(TASKS, by="year")
    assert out.select("year", "total").rows() == [(2015, 1), (2016, 4)]


def test_missing_by_column_is_schema_error() -> None:
    with pytest.raises(po.SchemaError, match="'region'"):
        po.figures(TASKS, by="region")
    with pytest.raises(po.SchemaError, match="'year'"):
        po.figures(pl.DataFrame({"kode": ["Utført"], "district": ["Oslo"]}))
    with pytest.raises(TypeError):
        po.figures(TASKS, by=3)  # type: ignore[call-overload]


# -- harmonize_districts --------------------------------------------------------------------


def test_harmonize_task_rows() -> None:
    frame = pl.DataFrame(
        {"Distrikt": ["Follo", "Asker og Baerum", "Øst", "Atlantis"], "kode": ["Utført"] * 4}
    )
    out = po.harmonize_districts(frame, column="Distrikt")
    assert out["Distrikt"].to_list() == ["Øst", "Oslo", "Øst", "Atlantis"]
    assert out.columns == frame.columns


def test_harmonize_counted_rows_sums(lazy: bool) -> None:
    counted = pl.DataFrame(
        {
            "district": ["Follo", "Romerike", "Øst", "Hedmark"],
            "year": [2015, 2015, 2016, 2015],
            "closure_code": ["Utført"] * 4,
            "n": [1, 2, 3, 4],
        }
    )
    out = run(po.harmonize_districts, counted, lazy)
    assert out.rows() == [
        ("Øst", 2015, "Utført", 3),
        ("Øst", 2016, "Utført", 3),
        ("Innlandet", 2015, "Utført", 4),
    ]


def test_harmonize_split_modes() -> None:
    frame = pl.DataFrame(
        {
            "district": ["Midtre Hålogaland", "Salten", "Troms", "Nordland"],
            "kode": ["Utført"] * 4,
            "n": [1, 2, 3, 4],
        }
    )
    with pytest.raises(po.InvalidArgumentError, match="Midtre Hålogaland"):
        po.harmonize_districts(frame)
    with pytest.raises(po.InvalidArgumentError, match="Midtre Hålogaland"):
        po.harmonize_districts(frame.lazy())
    combined = po.harmonize_districts(frame, split="combine")
    assert combined.rows() == [("Nordland og Troms", "Utført", 10)]
    to_troms = po.harmonize_districts(frame, split="troms")
    assert sorted(to_troms.rows()) == [("Nordland", "Utført", 6), ("Troms", "Utført", 4)]
    to_nordland = po.harmonize_districts(frame, split="Nordland")
    assert sorted(to_nordland.rows()) == [("Nordland", "Utført", 7), ("Troms", "Utført", 3)]
    for bad in ("oslo", "nowhere"):
        with pytest.raises(po.InvalidArgumentError, match="combine"):
            po.harmonize_districts(frame, split=bad)
    with pytest.raises(po.InvalidArgumentError):
        po.harmonize_districts(frame, to=2002)


_OLD = [d.name for d in po.districts(2002)] + [d.name for d in po.districts(2016)]


@given(
    st.lists(
        st.tuples(st.sampled_from(_OLD), st.sampled_from(LABELS), st.integers(0, 1000)),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(["combine", "nordland", "troms"]),
)
def test_harmonize_preserves_totals(rows: list[tuple[str, str, int]], split: str) -> None:
    frame = pl.DataFrame(rows, schema=["district", "closure_code", "n"], orient="row")
    out = po.harmonize_districts(frame, split=split)
    assert out["n"].sum() == frame["n"].sum()
    assert set(out["district"]) <= {d.name for d in po.districts(2016)} | {"Nordland og Troms"}
    figures = po.figures(out, by="district", weight="n")
    assert figures["n"].sum() == frame["n"].sum()


# -- compare ----------------------------------------------------------------------------------


def _wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [(0, 10, 0.0, 0.2775), (10, 10, 0.7225, 1.0), (5, 10, 0.2366, 0.7634), (1, 1, 0.2065, 1.0)],
)
def test_wilson_known_values(k: int, n: int, low: float, high: float) -> None:
    frame = pl.DataFrame(
        {
            "district": ["Oslo"] * n + ["Vest"],
            "kode": ["Ikke kapasitet"] * k + ["Utført"] * (n - k) + ["Utført"],
        }
    )
    oslo = po.compare(frame, code=po.ClosureCode.IKKE_KAPASITET).row(0, named=True)
    assert oslo["n"] == k
    assert oslo["total"] == n
    assert oslo["ci_low"] == pytest.approx(low, abs=1e-4)
    assert oslo["ci_high"] == pytest.approx(high, abs=1e-4)


def test_compare_flags_and_limits(lazy: bool) -> None:
    frame = pl.DataFrame(
        {
            "district": ["Oslo"] * 100 + ["Vest"] * 100 + ["Agder"] * 100,
            "kode": ["Ikke kapasitet"] * 30
            + ["Utført"] * 70
            + ["Ikke kapasitet"] * 2
            + ["Utført"] * 98
            + ["Ikke kapasitet"] * 10
            + ["Utført"] * 90,
        }
    )
    out = run(po.compare, frame, lazy, code="ikke kapasitet", method="binomial")
    assert out.columns == [
        "district", "n", "total", "share", "national_share", "ci_low", "ci_high", "z", "phi",
        "tau", "level", "limit_low", "limit_high", "flag",
    ]  # fmt: skip
    assert out["district"].to_list() == ["Agder", "Oslo", "Vest"]
    assert out["flag"].to_list() == ["within", "above", "below"]
    assert out["national_share"].to_list() == pytest.approx([42 / 300] * 3)
    assert out["ci_low"][1] == pytest.approx(_wilson(30, 100)[0])
    spread = 1.959963984540054 * math.sqrt(0.14 * 0.86 / 100)
    assert out["limit_high"][0] == pytest.approx(0.14 + spread)
    at_99 = po.compare(frame, code="Ikke kapasitet", level=0.99, method="binomial")
    assert (at_99["ci_high"] - at_99["ci_low"] > out["ci_high"] - out["ci_low"]).all()


@pytest.mark.parametrize("level", [0, 1, 1.5, -0.1, True, "0.95"])
def test_compare_rejects_bad_level(level: object) -> None:
    with pytest.raises(po.InvalidArgumentError):
        po.compare(TASKS, code="Utført", level=level)  # type: ignore[call-overload]


def test_compare_rejects_unknown_code() -> None:
    with pytest.raises(po.UnknownCodeError, match="did you mean"):
        po.compare(TASKS, code="Ikke kapasite")


# -- lazy == eager, totals -----------------------------------------------------------------


_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["Oslo", "Vest", "sor-ost", "Agder"]),
        st.sampled_from([*LABELS, "Utfoert", "junk"]),
        st.integers(2007, 2016),
    ),
    max_size=40,
)


@given(_ROWS)
def test_lazy_equals_eager_and_totals(rows: list[tuple[str, str, int]]) -> None:
    frame = pl.DataFrame(rows, schema=["district", "closure_code", "year"], orient="row")
    valid = sum(po.ClosureCode.get(code) is not None for _, code, _ in rows)
    for function in (po.figures, po.code_table, po.indicators):
        eager = function(frame)
        assert eager.equals(function(frame.lazy()).collect())
    assert po.figures(frame)["n"].sum() == valid
    assert po.code_table(frame, by="year")["total"].sum() == valid
    assert po.indicators(frame, by=())["total"].sum() == valid
    compared = po.compare(frame, code="Utført")
    assert compared.equals(po.compare(frame.lazy(), code="Utført").collect())


# -- properties: nothing is gained or lost ------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_OLD = [d.name for d in po.districts(2002)]
_NEW = [d.name for d in po.districts(2016)]


@st.composite
def counted(draw: st.DrawFn) -> pl.DataFrame:
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(_OLD + _NEW),
                st.sampled_from([2014, 2015, 2016, 2017]),
                st.sampled_from([c.value for c in po.ClosureCode] + ["Ukjent"]),
                st.integers(0, 10_000),
            ),
            min_size=1,
            max_size=40,
        )
    )
    return pl.DataFrame(rows, schema=["Distrikt", "År", "Kode", "Antall"], orient="row")


@given(counted())
def test_weights_in_equal_counts_out(frame: pl.DataFrame) -> None:
    coded = frame.filter(pl.col("Kode") != "Ukjent")["Antall"].sum()
    uncoded = frame.filter(pl.col("Kode") == "Ukjent")["Antall"].sum()
    assert po.figures(frame, by=())["n"].sum() == coded
    table = po.code_table(frame, by="year")
    assert table["total"].sum() == coded
    assert table["uncoded"].sum() == uncoded


@given(counted())
def test_harmonisation_preserves_totals_and_reaggregates(frame: pl.DataFrame) -> None:
    long = po.figures(frame)
    harmonised = po.harmonize_districts(long, split="combine")
    assert harmonised["n"].sum() == long["n"].sum()
    keys = harmonised.select("district", "year", "closure_code")
    assert keys.is_unique().all()  # re-aggregated: one row per unit, year and code
    assert set(harmonised["district"]) <= {*_NEW, "Nordland og Troms"} - {"Nordland", "Troms"}
    shares = harmonised.group_by("district", "year").agg(pl.col("share").sum(), pl.col("n").sum())
    for share, n in shares.select("share", "n").rows():
        if n:  # a group with no coded task has null shares
            assert share == pytest.approx(1.0)
    wide = po.harmonize_districts(po.code_table(frame, by=("district", "year")), split="combine")
    assert wide["total"].sum() == long["n"].sum()
    assert wide.select("district", "year").is_unique().all()


@pytest.mark.filterwarnings("ignore:the frame mixes districts:UserWarning")  # any districts
@given(counted())
def test_compare_reference_is_the_groups_own_share(frame: pl.DataFrame) -> None:
    out = po.compare(frame, code="Ikke kapasitet", by=("district", "year"))
    for _, group in out.group_by("year"):
        total = int(group["total"].sum())
        if total:
            assert group["national_share"].drop_nulls().unique().to_list() == [
                pytest.approx(int(group["n"].sum()) / total)
            ]
