from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

import po_codes as po
from po_codes._columns import resolve_columns

RAW = pl.DataFrame(
    {
        "Oppdragsnr": [1, 2],
        "Avslutningskode": ["Utfoert", "ikke kapasitet"],
        "Prioritet": ["P3", "ingen"],
        "Ressurs satt": ["Ja", "nei"],
        "Opprettet": ["02.01.2016 10:11", "2015-12-31T23:00"],
        "Distrikt": ["sor-ost", "Atlantis"],
        "Overtatt av": ["Helse", None],
        "extra": [1, 2],
    }
)


@pytest.fixture(params=["eager", "lazy"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _run(frame: pl.DataFrame, kind: str, columns: dict[str, str] | None = None) -> pl.DataFrame:
    if kind == "eager":
        out = po.normalize(frame, columns)
        assert isinstance(out, pl.DataFrame)
        return out
    lazy = po.normalize(frame.lazy(), columns)
    assert isinstance(lazy, pl.LazyFrame)
    return lazy.collect()


def test_headers_and_dtypes(kind: str) -> None:
    out = _run(RAW, kind)
    assert out.columns == [
        "task_id",
        "closure_code",
        "priority",
        "resource_assigned",
        "created_at",
        "district",
        "handled_by",
        "extra",
        "resource_unit",
        "year",
        "po_written",
    ]
    assert out.schema["closure_code"] == po.CLOSURE_CODE_DTYPE
    assert out.schema["priority"] == po.PRIORITY_DTYPE
    assert out.schema["resource_assigned"] == pl.Boolean
    assert out.schema["created_at"] == pl.Datetime("us")
    assert out.schema["task_id"] == pl.String
    assert out["closure_code"].to_list() == ["Utført", "Ikke kapasitet"]
    assert out["priority"].to_list() == ["3", "INGEN"]
    assert out["resource_assigned"].to_list() == [True, False]
    assert out["created_at"].to_list() == [datetime(2016, 1, 2, 10, 11), datetime(2015, 12, 31, 23)]
    assert out["district"].to_list() == ["Sør-Øst", None]
    # what could not be read exactly is kept as written, in po_written
    written = out["po_written"].struct.unnest()
    assert written["district"].to_list() == [None, "Atlantis"]
    assert written["closure_code"].to_list() == ["Utfoert", "ikke kapasitet"]
    assert out["year"].to_list() == [2016, 2015]
    assert out["extra"].to_list() == [1, 2]


def test_explicit_columns_win(kind: str) -> None:
    frame = pl.DataFrame({"kode": ["Utført"], "my code": ["Overtatt"]})
    out = _run(frame, kind, columns={"my code": "closure_code"})
    assert out["closure_code"].to_list() == ["Overtatt"]
    assert out["kode"].to_list() == ["Utført"]  # left alone, not lost


def test_missing_code_column_is_a_schema_error() -> None:
    with pytest.raises(po.SchemaError, match=r"no closure code column.*'foo'"):
        po.normalize(pl.DataFrame({"foo": [1]}))


@pytest.mark.parametrize(
    "columns",
    [{"nope": "closure_code"}, {"kode": "not_a_column"}, ["kode"]],
)
def test_bad_column_mapping(columns: object) -> None:
    with pytest.raises(po.SchemaError):
        po.normalize(pl.DataFrame({"kode": ["Utført"]}), columns=columns)  # type: ignore[call-overload]


@pytest.mark.parametrize("junk", [None, 1, "frame", {"a": [1]}, [1, 2]])
def test_non_frames_are_type_errors(junk: object) -> None:
    with pytest.raises(TypeError, match="polars DataFrame or LazyFrame"):
        po.normalize(junk)


def test_unreadable_values_stay_visible_in_po_written() -> None:
    frame = pl.DataFrame(
        {
            "kode": ["Utfoert", "ordnet pa sted", "Utført"],
            "ressurs": ["Ja", "kanskje", "Nei"],
            "prioritet": ["P1", "2", "7"],
        }
    )
    out = po.normalize(frame)
    assert out.schema["closure_code"] == po.CLOSURE_CODE_DTYPE
    assert out["closure_code"].to_list() == ["Utført", None, "Utført"]
    assert out["resource_assigned"].to_list() == [True, None, False]
    assert out["priority"].to_list() == ["1", "2", None]
    assert out["po_written"].struct.unnest().rows() == [
        ("Utfoert", None, None),
        ("ordnet pa sted", None, "kanskje"),
        (None, "7", None),
    ]
    # the schema does not depend on the values
    assert po.normalize(frame.head(1)).schema == out.schema


def test_validating_the_normalised_frame_gives_the_same_report() -> None:
    frame = pl.DataFrame(
        {
            "kode": ["Utfoert", "ordnet pa sted", "Utført", None],
            "ressurs": ["Ja", "kanskje", "Nei", "Ja"],
            "prioritet": ["P1", "2", "7", "1"],
            "Opprettet": ["31.01.16 14:05", "igår", "2016-01-31T13:05Z", None],
        }
    )
    raw = po.validate(frame)
    assert raw.failures.height > 4
    assert po.validate(po.normalize(frame)).failures.equals(raw.failures)
    assert po.validate(po.normalize(po.normalize(frame))).failures.equals(raw.failures)


def test_all_null_and_empty_frames() -> None:
    empty = po.normalize(pl.DataFrame({"kode": []}, schema={"kode": pl.String}))
    assert empty.height == 0
    assert empty.schema["closure_code"] == po.CLOSURE_CODE_DTYPE
    nulls = po.normalize(pl.DataFrame({"kode": [None, None], "opprettet": [None, None]}))
    assert nulls["closure_code"].null_count() == 2
    assert nulls.schema["created_at"] == pl.Datetime("us")


def test_value_readers() -> None:
    from po_codes._values import count_expr  # noqa: PLC0415

    frame = pl.DataFrame({"n": ["1 234", "1.234", "1\u00a0234", "12,0", "x", None, "2.5", "-1"]})
    out = frame.select(count_expr(pl.col("n")))["n"].to_list()
    assert out == [1234, 1234, 1234, 12, None, None, None, None]
    flags = pl.DataFrame({"ressurs": ["Ja", "NEI", "true", "0", "x", "kanskje", None]})
    assert po.normalize(flags.with_columns(kode=pl.lit("Utført")))[
        "resource_assigned"
    ].to_list() == [True, False, True, False, True, None, None]


def test_header_folding() -> None:
    mapping = resolve_columns(
        ["AVSLUTNINGSKODE ", "Forholdets art", "Håndtert-av", "År", "ANTALL", "Ressurs_Tildelt"]
    )
    assert mapping == {
        "AVSLUTNINGSKODE ": "closure_code",
        "Forholdets art": "incident_type",
        "Håndtert-av": "handled_by",
        "År": "year",
        "ANTALL": "n",
        "Ressurs_Tildelt": "resource_assigned",
    }


def test_a_normalised_frame_gives_the_report_of_its_raw_frame_for_free_text() -> None:
    # normalize cleans free text once; validate uses a normalised frame's text as it is.
    raw = pl.DataFrame(
        {
            "Avslutningskode": ["Sak opprettet"] * 4 + ["Utført"] * 4,
            "Saksnr": ["  ", "NULL", " BL-1 ", "n/a", " – ", "BL-2", None, "\u00a0"],
            "Oppdragsnr": [" 1", "1 ", "2", "3", "4", "5", "6", "7"],
        }
    )
    failures = po.validate(raw).failures.select("row_index", "rule_id")
    assert failures.rows() == [(0, "PO201"), (1, "PO003"), (1, "PO201"), (3, "PO201"), (5, "PO208")]
    assert po.validate(po.normalize(raw)).failures.select("row_index", "rule_id").equals(failures)
