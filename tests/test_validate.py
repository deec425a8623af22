"""The validation engine and its report, read against API.md ("Validation")."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import polars as pl
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import po_codes as po

T0 = datetime(2016, 3, 1, 10, 0)

WITH_RESOURCE = [
    "Bortfalt",
    "Feil melding",
    "Ikke utført",
    "Ordnet på stedet",
    "Uten resultat",
    "Videre oppfølgingstiltak",
    "Utført",
    "Muntlig pålegg",
    "Sak opprettet",
]
WITHOUT_RESOURCE = [
    "Falsk melding",
    "Ingen operative tiltak",
    "Ikke kapasitet",
    "Ordnet internt",
    "Overtatt",
]
ALL_CODES = WITH_RESOURCE + WITHOUT_RESOURCE

# A raw Norwegian export: every row but row 4 breaks exactly one error rule.
RAW = pl.DataFrame(
    {
        "Saksnr": [None, "", None, "BL-7", None, None],
        "Oppdragsnr": ["10", "11", "12", "13", "14", "11"],
        "Avslutningskode": [
            "Falsk melding",  # 0: PO102 (resource assigned)
            "Sak opprettet",  # 1: PO201 (blank case number)
            "Utfoert",  # 2: PO008 info only -> valid
            "Sak opprettet",  # 3: PO004 (closed before created)
            "Ikke kapasitet",  # 4: PO203 warning (priority 5) -> valid
            "Utført",  # 5: PO003 (task 11 again)
        ],
        "Ressurs": ["Ja", "Ja", "Ja", "Ja", "Nei", "Ja"],
        "Prioritet": ["P1", "2", "Prio 3", "ingen", "5", "1"],
        "Distrikt": ["Oslo", "sor-ost", "Øst", "Oslo politidistrikt", "Vest", "Agder"],
        "Opprettet": ["01.02.2016 10:00"] * 6,
        "Avsluttet": [
            "01.02.2016 11:00",
            "01.02.2016 11:00",
            "01.02.2016 11:00",
            "01.02.2016 09:00",
            "01.02.2016 11:00",
            "01.02.2016 11:00",
        ],
        "Merknad": ["a", "b", "c", "d", "e", "f"],
    }
)
RAW_FAILURES = [
    (0, "PO102"),
    (1, "PO201"),
    (2, "PO008"),
    (3, "PO004"),
    (4, "PO203"),
    (5, "PO003"),
]

KINDS = pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])


def as_kind(df: pl.DataFrame, lazy: bool) -> pl.DataFrame | pl.LazyFrame:
    return df.lazy() if lazy else df


def eager(frame: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    return frame.collect() if isinstance(frame, pl.LazyFrame) else frame


def pairs(report: po.ValidationReport[Any]) -> list[tuple[int, str]]:
    return [(int(r), str(i)) for r, i in report.failures.select("row_index", "rule_id").rows()]


def error_pairs(report: po.ValidationReport[Any]) -> set[tuple[int, str]]:
    errors = report.failures.filter(pl.col("severity") == "error")
    return {(int(r), str(i)) for r, i in errors.select("row_index", "rule_id").rows()}


def builtin_ids() -> list[str]:
    return [rule.id for rule in po.RULES]


# --------------------------------------------------------------------------------------
# Raw exports, headers and explicit columns
# --------------------------------------------------------------------------------------


@KINDS
def test_raw_norwegian_export(lazy: bool) -> None:
    report = po.validate(as_kind(RAW, lazy))
    assert pairs(report) == RAW_FAILURES
    assert report.n_rows == 6
    assert not report.ok
    skipped = report.summary.filter(pl.col("status") == "skipped")["rule_id"].to_list()
    assert skipped == ["PO007", "PO104", "PO105", "PO106", "PO205", "PO206", "PO207"]
    # resource_redeployed is absent, but PO102/PO103 only read it when present
    assert "PO103" not in skipped


@KINDS
def test_valid_and_invalid_rows_split_the_raw_export(lazy: bool) -> None:
    report = po.validate(as_kind(RAW, lazy))
    valid, invalid = report.valid_rows(), report.invalid_rows()
    kind = pl.LazyFrame if lazy else pl.DataFrame
    assert isinstance(valid, kind)
    assert isinstance(invalid, kind)
    valid_df, invalid_df = eager(valid), eager(invalid)
    assert_frame_equal(valid_df, RAW[[2, 4]])
    assert_frame_equal(invalid_df.drop("rule_ids"), RAW[[0, 1, 3, 5]])
    assert invalid_df.schema["rule_ids"] == pl.List(pl.String)
    assert invalid_df["rule_ids"].to_list() == [["PO102"], ["PO201"], ["PO004"], ["PO003"]]


def test_invalid_rows_list_every_failed_rule_of_any_severity() -> None:
    df = pl.DataFrame(
        {
            "closure_code": ["Utfoert", "Ikke kapasitet"],
            "resource_assigned": ["Nei", "Ja"],
            "priority": ["1", "5"],
        }
    )
    invalid = po.validate(df).invalid_rows()
    # row 0: PO008 (info) + PO101 (error); row 1: PO103 + PO203 warnings only -> valid
    assert invalid["rule_ids"].to_list() == [["PO008", "PO101"]]


@pytest.mark.parametrize(
    "header",
    ["Avslutningskode", "  AVSLUTNINGSKODE ", "avslutning", "Kode", "closure-code", "Closure Code"],
)
def test_code_header_aliases(header: str) -> None:
    report = po.validate(pl.DataFrame({header: ["Ordnet på sted"]}))
    assert pairs(report) == [(0, "PO001")]


def test_other_header_aliases_are_recognised() -> None:
    df = pl.DataFrame(
        {
            "Oppdragsnummer": ["1", "1"],
            "Avslutningskode": ["Overtatt", "Ordnet på stedet"],
            "Ressurs satt": ["Nei", "Ja"],
            "Forholdets art": [None, None],
            "Overtatt av": [None, None],
            "Politidistrikt": ["Atlantis", "Oslo"],
            "Prio": ["P9", "1"],
            "Fremme": [None, None],
            "Omdisponert": [None, None],
            "BL_Saksnr": [None, None],
        }
    )
    report = po.validate(df)
    assert pairs(report) == [
        (0, "PO005"),
        (0, "PO006"),
        (0, "PO207"),
        (1, "PO003"),
        (1, "PO205"),
        (1, "PO206"),
    ]
    assert report.summary.filter(pl.col("status") == "skipped")["rule_id"].to_list() == [
        "PO004",
        "PO007",
        "PO010",
    ]


def test_explicit_columns_mapping() -> None:
    df = pl.DataFrame({"my_col": ["Utført", "Ordnet på sted"], "res": ["Nei", "Ja"]})
    with pytest.raises(po.SchemaError):
        po.validate(df)
    report = po.validate(df, columns={"my_col": "closure_code", "res": "resource_assigned"})
    assert pairs(report) == [(0, "PO101"), (1, "PO001")]
    assert report.failures["closure_code"].to_list() == ["Utført", "Ordnet på sted"]


def test_explicit_mapping_wins_over_an_alias() -> None:
    df = pl.DataFrame({"Kode": ["zzz"], "Avslutning": ["Utført"]})
    report = po.validate(df, columns={"Avslutning": "closure_code"})
    assert pairs(report) == []


@pytest.mark.parametrize(
    "columns",
    [{"nope": "closure_code"}, {"kode": "not_a_column"}],
    ids=["absent-source", "unknown-target"],
)
def test_bad_explicit_mapping_is_a_schema_error(columns: dict[str, str]) -> None:
    with pytest.raises(po.SchemaError):
        po.validate(pl.DataFrame({"kode": ["Utført"]}), columns=columns)


def test_normalised_input_gives_the_same_error_rows() -> None:
    clean_codes = RAW.with_columns(pl.col("Avslutningskode").str.replace("Utfoert", "Utført"))
    normalised = po.normalize(clean_codes)
    assert normalised.schema["closure_code"] == po.CLOSURE_CODE_DTYPE
    assert error_pairs(po.validate(normalised)) == error_pairs(po.validate(clean_codes))
    assert pairs(po.validate(normalised)) == [p for p in RAW_FAILURES if p[1] != "PO008"]


# --------------------------------------------------------------------------------------
# select / ignore / severity
# --------------------------------------------------------------------------------------


def test_select_by_prefix_and_id() -> None:
    report = po.validate(RAW, select=["PO1", "PO201"])
    assert report.summary["rule_id"].to_list() == [
        "PO101",
        "PO102",
        "PO103",
        "PO104",
        "PO105",
        "PO106",
        "PO107",
        "PO201",
    ]
    assert pairs(report) == [(0, "PO102"), (1, "PO201")]


def test_select_a_single_string_and_any_case() -> None:
    assert po.validate(RAW, select="po20").summary["rule_id"].to_list() == [
        f"PO20{i}" for i in range(1, 9)
    ]


def test_ignore_by_id_and_prefix() -> None:
    report = po.validate(RAW, ignore=["PO0", "PO102"])
    ids = report.summary["rule_id"].to_list()
    assert not any(i.startswith("PO0") for i in ids)
    assert "PO102" not in ids
    assert "PO101" in ids
    assert pairs(report) == [(1, "PO201"), (4, "PO203")]


def test_select_then_ignore() -> None:
    report = po.validate(RAW, select="PO1", ignore="PO103")
    assert report.summary["rule_id"].to_list() == [
        "PO101",
        "PO102",
        "PO104",
        "PO105",
        "PO106",
        "PO107",
    ]


def test_default_runs_every_builtin_rule() -> None:
    assert po.validate(RAW).summary["rule_id"].to_list() == builtin_ids()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"select": ["PO999"]},
        {"select": ["PO1", "XX"]},
        {"ignore": ["PO3"]},
        {"ignore": "nothing"},
        {"severity": {"PO999": "error"}},
    ],
)
def test_unknown_rule_ids(kwargs: dict[str, Any]) -> None:
    with pytest.raises(po.UnknownRuleError) as exc:
        po.validate(RAW, **kwargs)
    assert isinstance(exc.value, po.PoCodesError)
    assert isinstance(exc.value, ValueError)


def test_severity_override_can_make_a_warning_an_error() -> None:
    df = pl.DataFrame({"closure_code": ["Ikke kapasitet", "Utført"], "priority": ["5", "5"]})
    assert po.validate(df).ok
    strict = po.validate(df, severity={"PO203": "error"})
    assert not strict.ok
    row = strict.summary.filter(pl.col("rule_id") == "PO203").row(0, named=True)
    assert row["severity"] == "error"
    assert strict.failures["severity"].to_list() == ["error"]
    assert strict.valid_rows().height == 1
    assert strict.invalid_rows()["rule_ids"].to_list() == [["PO203"]]
    with pytest.raises(po.ValidationError):
        strict.raise_for_errors()


def test_severity_override_can_relax_errors() -> None:
    relaxed = po.validate(RAW, severity={"PO1": "warning", "PO201": "info", "PO00": "warning"})
    assert relaxed.ok
    assert relaxed.valid_rows().height == RAW.height
    assert relaxed.invalid_rows().height == 0
    assert relaxed.raise_for_errors() is relaxed
    # the failures are still reported
    assert pairs(relaxed) == RAW_FAILURES


def test_bad_severity_value() -> None:
    with pytest.raises(po.InvalidArgumentError):
        po.validate(RAW, severity={"PO101": "fatal"})


# --------------------------------------------------------------------------------------
# User rules
# --------------------------------------------------------------------------------------


def test_user_rule_with_a_bare_expression_and_a_template() -> None:
    mine = po.Rule(
        id="MY001",
        title="Remark is 'c'",
        severity="warning",
        columns=(),
        check=pl.col("Merknad") == "c",
        message="remark {Merknad} on task {task_id} ({closure_code})",
    )
    report = po.validate(RAW, rules=[mine])
    summary = report.summary.filter(pl.col("rule_id") == "MY001").row(0, named=True)
    assert summary == {
        "rule_id": "MY001",
        "severity": "warning",
        "title": "Remark is 'c'",
        "status": "failed",
        "n_failed": 1,
        "share_failed": 1 / 6,
        "threshold": None,
        "missing_columns": [],
    }
    assert report.summary["rule_id"].to_list()[-1] == "MY001"
    row = report.failures.filter(pl.col("rule_id") == "MY001").row(0, named=True)
    assert row["row_index"] == 2
    assert row["severity"] == "warning"
    assert row["message"] == "remark c on task 12 (Utført)"
    assert row["task_id"] == "12"
    # a warning: row 2 stays valid
    assert report.valid_rows()["Merknad"].to_list() == ["c", "e"]


def test_user_error_rule_on_canonical_columns_changes_ok_and_rows() -> None:
    mine = po.Rule(
        id="X100",
        title="Priority 1 Overtatt",
        severity=po.Severity.ERROR,
        columns=("closure_code", "priority"),
        check=lambda ctx: (
            (pl.col("closure_code") == "Overtatt")
            & (pl.col("priority").to_physical() < ctx.priority_threshold.rank)
        ),
    )
    df = pl.DataFrame({"kode": ["Overtatt", "Overtatt"], "prio": ["P1", "2"]})
    report = po.validate(df, rules=[mine], select=["X1"], priority_threshold=2)
    assert not report.ok
    assert pairs(report) == [(0, "X100")]
    assert report.failures["message"].to_list() == ["Priority 1 Overtatt"]
    assert report.invalid_rows()["rule_ids"].to_list() == [["X100"]]


def test_user_rule_with_missing_column_is_skipped() -> None:
    mine = po.Rule(
        id="X200",
        title="needs handled_by",
        severity="info",
        columns="handled_by",
        check=pl.lit(value=True),
    )
    report = po.validate(RAW, rules=[mine])
    row = report.summary.filter(pl.col("rule_id") == "X200").row(0, named=True)
    assert row["status"] == "skipped"
    assert row["missing_columns"] == ["handled_by"]


def test_rules_must_be_rule_objects() -> None:
    with pytest.raises(TypeError):
        po.validate(RAW, rules=["PO101"])  # type: ignore[list-item]


# --------------------------------------------------------------------------------------
# The report: summary, failures, JSON, errors, text and HTML
# --------------------------------------------------------------------------------------


def test_summary_columns_and_dtypes() -> None:
    summary = po.validate(RAW).summary
    for name, dtype in {
        "rule_id": pl.String,
        "severity": pl.String,
        "title": pl.String,
        "status": pl.String,
        "n_failed": pl.Int64,
    }.items():
        assert summary.schema[name] == dtype, name
    assert summary.columns[:5] == ["rule_id", "severity", "title", "status", "n_failed"]
    assert set(summary["status"].unique()) <= {"passed", "failed", "skipped"}
    assert set(summary["severity"].unique()) <= {"error", "warning", "info"}
    assert summary.height == len(po.RULES)


def test_summary_counts_match_failures() -> None:
    report = po.validate(RAW)
    counts = dict(report.failures.group_by("rule_id").len().iter_rows())
    for row in report.summary.iter_rows(named=True):
        assert row["n_failed"] == counts.get(row["rule_id"], 0)
        assert (row["status"] == "failed") == (row["n_failed"] > 0)
        assert (row["status"] == "skipped") == bool(row["missing_columns"])


def test_failures_columns_dtypes_and_order() -> None:
    failures = po.validate(RAW).failures
    assert failures.columns == [
        "row_index",
        "rule_id",
        "severity",
        "message",
        "task_id",
        "closure_code",
    ]
    assert failures.schema["row_index"].is_integer()
    for name in failures.columns[1:]:
        assert failures.schema[name] == pl.String
    assert failures["task_id"].to_list() == ["10", "11", "12", "13", "14", "11"]
    assert failures["closure_code"][2] == "Utfoert"  # as written
    assert failures["message"].null_count() == 0
    assert failures.select("row_index", "rule_id").rows() == sorted(
        failures.select("row_index", "rule_id").rows()
    )


def test_failures_without_task_id_column() -> None:
    failures = po.validate(pl.DataFrame({"kode": ["zzz"]})).failures
    assert "task_id" not in failures.columns
    assert failures["closure_code"].to_list() == ["zzz"]


def test_failures_of_a_clean_frame_keep_their_columns() -> None:
    failures = po.validate(pl.DataFrame({"task_id": ["1"], "kode": ["Utført"]})).failures
    assert failures.is_empty()
    assert failures.columns[:4] == ["row_index", "rule_id", "severity", "message"]


@KINDS
def test_to_dict_and_to_json_round_trip(lazy: bool) -> None:
    report = po.validate(as_kind(RAW, lazy))
    data = report.to_dict()
    text = json.dumps(data, allow_nan=False)  # JSON-safe without a default=
    assert json.loads(text) == data
    assert json.loads(report.to_json()) == data
    assert data["ok"] is False
    assert data["n_rows"] == 6
    assert [r["rule_id"] for r in data["summary"]] == builtin_ids()
    assert [(f["row_index"], f["rule_id"]) for f in data["failures"]] == RAW_FAILURES
    assert set(data["failures"][0]) == {
        "row_index",
        "rule_id",
        "severity",
        "message",
        "task_id",
        "closure_code",
    }
    assert data["summary"][0]["missing_columns"] == []


def test_to_json_keeps_norwegian_letters_readable() -> None:
    text = po.validate(pl.DataFrame({"kode": ["Ordnet på sted"]})).to_json()
    assert "Ordnet på stedet" in text


def test_raise_for_errors() -> None:
    report = po.validate(RAW)
    with pytest.raises(po.ValidationError) as exc:
        report.raise_for_errors()
    assert exc.value.report is report
    assert isinstance(exc.value, po.PoCodesError)
    assert "PO102" in str(exc.value)
    warnings_only = po.validate(RAW[[2, 4]])
    assert warnings_only.ok
    assert not warnings_only.failures.is_empty()
    assert warnings_only.raise_for_errors() is warnings_only


def test_str_mentions_failing_rules_and_rows() -> None:
    text = str(po.validate(RAW))
    for rule_id in ("PO102", "PO201", "PO004", "PO003", "PO008", "PO203"):
        assert rule_id in text
    for row in ("row 0", "row 1", "row 3", "row 5"):
        assert row in text
    assert "skipped" in text


def test_str_of_a_clean_report() -> None:
    text = str(po.validate(pl.DataFrame({"kode": ["Utført"]})))
    assert "OK" in text
    assert "FAILED" not in text


def test_html_view() -> None:
    html = po.validate(RAW)._repr_html_()
    assert html.lstrip().startswith("<")
    assert "<table" in html
    for rule_id in builtin_ids():
        assert rule_id in html


def test_html_escapes_user_text() -> None:
    mine = po.Rule(
        id="X<1>",
        title="<script>alert(1)</script>",
        severity="info",
        columns=(),
        check=pl.lit(value=True),
    )
    html = po.validate(pl.DataFrame({"kode": ["Utført"]}), rules=[mine])._repr_html_()
    assert "<script>" not in html


# --------------------------------------------------------------------------------------
# Inputs: errors, empty frames, null columns
# --------------------------------------------------------------------------------------


def test_no_code_column_names_what_was_found() -> None:
    df = pl.DataFrame({"Oppdragsnr": ["1"], "Kommentar": ["x"]})
    with pytest.raises(po.SchemaError) as exc:
        po.validate(df)
    assert "Oppdragsnr" in str(exc.value)
    assert "Kommentar" in str(exc.value)
    assert isinstance(exc.value, ValueError)
    with pytest.raises(po.SchemaError):
        po.validate(df.lazy())


@pytest.mark.parametrize(
    "value",
    [{"kode": ["Utført"]}, [["Utført"]], None, "kode", pl.Series("kode", ["Utført"])],
    ids=["dict", "list", "None", "str", "Series"],
)
def test_non_frames_are_a_type_error(value: object) -> None:
    with pytest.raises(TypeError):
        po.validate(value)


@pytest.mark.parametrize(
    "frame",
    [
        pl.DataFrame({"kode": [["Utført"]]}),
        pl.DataFrame({"kode": ["Utført"], "ressurs": [[True]]}),
        pl.DataFrame({"kode": [{"a": "Utført"}]}),
    ],
    ids=["list-code", "list-boolean", "struct-code"],
)
def test_unreadable_dtypes_are_a_schema_error(frame: pl.DataFrame) -> None:
    with pytest.raises(po.SchemaError):
        po.validate(frame)
    with pytest.raises(po.SchemaError):
        po.validate(frame.lazy())


@KINDS
def test_empty_frames(lazy: bool) -> None:
    empty = RAW.clear()
    report = po.validate(as_kind(empty, lazy))
    assert report.ok
    assert report.n_rows == 0
    assert report.failures.is_empty()
    assert set(report.summary["status"]) <= {"passed", "skipped"}
    assert eager(report.valid_rows()).columns == RAW.columns
    assert eager(report.valid_rows()).height == 0
    assert eager(report.invalid_rows()).height == 0
    assert json.loads(report.to_json())["failures"] == []


@KINDS
def test_all_null_columns(lazy: bool) -> None:
    codes = ["Ordnet på stedet", "Uten resultat", "Sak opprettet", "Overtatt", "Utført"]
    nulls = [None] * len(codes)
    df = pl.DataFrame(
        {
            "closure_code": codes,
            **dict.fromkeys(
                [
                    "task_id",
                    "district",
                    "priority",
                    "created_at",
                    "closed_at",
                    "arrived_at",
                    "resource_assigned",
                    "resource_redeployed",
                    "case_number",
                    "incident_type",
                    "handled_by",
                ],
                nulls,
            ),
        }
    )
    assert df.schema["resource_assigned"] == pl.Null
    report = po.validate(as_kind(df, lazy))
    assert pairs(report) == [
        (0, "PO205"),
        (0, "PO206"),
        (1, "PO206"),
        (2, "PO201"),
        (3, "PO207"),
    ]
    assert report.summary.filter(pl.col("status") == "skipped").is_empty()


@KINDS
def test_all_null_code_column(lazy: bool) -> None:
    df = pl.DataFrame({"closure_code": [None, None, None]})
    report = po.validate(as_kind(df, lazy))
    assert pairs(report) == [(0, "PO002"), (1, "PO002"), (2, "PO002")]
    assert eager(report.invalid_rows()).height == 3


@KINDS
def test_n_rows(lazy: bool) -> None:
    df = pl.DataFrame({"kode": ["Utført"] * 1234})
    report = po.validate(as_kind(df, lazy))
    assert report.n_rows == 1234
    assert report.ok


def test_an_extra_column_named_like_the_internal_row_index_is_kept() -> None:
    df = pl.DataFrame({"kode": ["zzz", "Utført"], "__po_row": [7, 7]})
    report = po.validate(df)
    assert pairs(report) == [(0, "PO001")]
    assert report.valid_rows().to_dict(as_series=False) == {"kode": ["Utført"], "__po_row": [7]}


def test_extra_columns_are_kept_in_row_views() -> None:
    df = pl.DataFrame({"kode": ["Utført", "zzz"], "x": [1, 2], "closure_code__raw": ["p", "q"]})
    report = po.validate(df)
    assert report.valid_rows().to_dict(as_series=False) == {
        "kode": ["Utført"],
        "x": [1],
        "closure_code__raw": ["p"],
    }
    assert report.invalid_rows()["x"].to_list() == [2]


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------

MESSY_CODES = st.one_of(
    st.sampled_from(ALL_CODES),
    st.sampled_from(
        [
            "utfoert",
            "ORDNET_PA_STEDET",
            "  Sak   opprettet ",
            "ikke-kapasitet",
            "Settled on the spot",
            "Muntlig palegg",
            "overtatt",
        ]
    ),
    st.sampled_from(["", "  ", "Ordnet på sted", "zzz", "Lukket", "?"]),
    st.none(),
    st.text(max_size=6),
)
MESSY_BOOLEANS = st.sampled_from(["Ja", "Nei", "ja", "NEI", None, "kanskje", ""])
MESSY_CASES = st.one_of(st.none(), st.just(""), st.just("  "), st.text(max_size=5))
MESSY_IDS = st.one_of(st.none(), st.sampled_from(["1", "2", "3", "", " 1"]))
MESSY_PRIORITIES = st.sampled_from(["1", "3", "5", "INGEN", "P2", "9", "", None, "høy"])
MESSY_DISTRICTS = st.sampled_from(["Oslo", "sor-ost", "Vestoppland", "Atlantis", "", None])
MESSY_TIMES = st.sampled_from(
    ["01.02.2016 10:00", "01.02.2016 09:00", "2016-02-01 11:00", "31.02.2016", "", None]
)
NATIVE_TIMES = st.sampled_from([T0, T0 + timedelta(hours=1), T0 - timedelta(hours=1), None])
# column -> (strategy of one value, its polars dtype); text first, then native typed columns
OPTIONAL_COLUMNS: dict[str, list[tuple[st.SearchStrategy[Any], Any]]] = {
    "Oppdragsnr": [(MESSY_IDS, pl.String), (st.sampled_from([1, 2, None]), pl.Int64)],
    "Ressurs": [(MESSY_BOOLEANS, pl.String), (st.sampled_from([True, False, None]), pl.Boolean)],
    "Omdisponert": [(MESSY_BOOLEANS, pl.String), (st.sampled_from([1, 0, None]), pl.Int8)],
    "Saksnr": [(MESSY_CASES, pl.String)],
    "Prioritet": [(MESSY_PRIORITIES, pl.String), (st.sampled_from([1, 3, 9, None]), pl.Int64)],
    "Distrikt": [(MESSY_DISTRICTS, pl.String)],
    "Opprettet": [(MESSY_TIMES, pl.String), (NATIVE_TIMES, pl.Datetime("us"))],
    "Avsluttet": [(MESSY_TIMES, pl.String), (NATIVE_TIMES, pl.Datetime("us"))],
    "Ankomst": [(MESSY_TIMES, pl.String), (NATIVE_TIMES, pl.Datetime("us"))],
    "Forholdets art": [(MESSY_CASES, pl.String)],
    "Overtatt av": [(MESSY_CASES, pl.String)],
}


@st.composite
def messy_frames(draw: st.DrawFn) -> pl.DataFrame:
    columns = draw(st.sets(st.sampled_from(sorted(OPTIONAL_COLUMNS))))
    n = draw(st.integers(min_value=0, max_value=12))
    data: dict[str, list[Any]] = {
        "Avslutningskode": draw(st.lists(MESSY_CODES, min_size=n, max_size=n))
    }
    schema: dict[str, Any] = {"Avslutningskode": pl.String}
    for name in sorted(columns):
        values, dtype = draw(st.sampled_from(OPTIONAL_COLUMNS[name]))
        data[name] = draw(st.lists(values, min_size=n, max_size=n))
        schema[name] = dtype
    return pl.DataFrame(data, schema=schema)


@given(df=messy_frames(), lazy=st.booleans())
def test_property_valid_and_invalid_rows_partition_the_input(df: pl.DataFrame, lazy: bool) -> None:
    indexed = df.with_row_index("orig")
    report = po.validate(as_kind(indexed, lazy))
    assert report.n_rows == df.height
    valid = eager(report.valid_rows())
    invalid = eager(report.invalid_rows())
    assert valid.height + invalid.height == df.height
    assert valid.columns == indexed.columns
    assert invalid.columns == [*indexed.columns, "rule_ids"]
    # each kept in input order
    assert valid["orig"].is_sorted()
    assert invalid["orig"].is_sorted()
    rebuilt = pl.concat([valid, invalid.drop("rule_ids")]).sort("orig")
    assert_frame_equal(rebuilt, indexed)
    # the invalid rows are exactly the rows with an error failure
    assert set(invalid["orig"].to_list()) == {row for row, _ in error_pairs(report)}
    assert report.ok is (invalid.height == 0)
    for rule_ids, orig in zip(invalid["rule_ids"], invalid["orig"], strict=True):
        assert set(rule_ids.to_list()) == {rule for row, rule in pairs(report) if row == orig}


@given(df=messy_frames())
def test_property_lazy_and_eager_reports_are_identical(df: pl.DataFrame) -> None:
    eager_report = po.validate(df)
    lazy_report = po.validate(df.lazy())
    assert_frame_equal(lazy_report.summary, eager_report.summary)
    assert_frame_equal(lazy_report.failures, eager_report.failures)
    assert lazy_report.n_rows == eager_report.n_rows
    assert lazy_report.ok is eager_report.ok
    assert_frame_equal(lazy_report.invalid_rows().collect(), eager_report.invalid_rows())


# -- injected violations -----------------------------------------------------------------

VALID_DISTRICTS = ["Oslo", "Sør-Øst", "sor-ost", "Oslo politidistrikt", "Vestoppland", "Troms"]
VALID_PRIORITIES = ["1", "2", "3", "4", "5", "INGEN", "P1", "Prio 3", "ingen"]
INJECTIONS = ["PO001", "PO002", "PO003", "PO004", "PO005", "PO006", "PO101", "PO102", "PO201"]


@st.composite
def valid_tasks(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Task rows that pass every error rule, built straight from DOMAIN's rules."""
    n = draw(st.integers(min_value=2, max_value=10))
    rows: list[dict[str, Any]] = []
    for i in range(n):
        code = draw(st.sampled_from(ALL_CODES))
        redeployed = draw(st.sampled_from([True, False, None]))
        if code in WITH_RESOURCE:
            assigned: bool | None = draw(st.sampled_from([True, None]))
        elif code == "Ikke kapasitet":
            assigned = draw(st.sampled_from([False, True, None]))
            if assigned:
                redeployed = True
        else:
            assigned = draw(st.sampled_from([False, None]))
        if assigned is False:
            redeployed = draw(st.sampled_from([False, None]))  # PO105: only if assigned
        case = f"BL-{i}" if code == "Sak opprettet" else draw(st.sampled_from([None, "", "X"]))
        created = T0 + timedelta(minutes=draw(st.integers(0, 10_000)))
        closed = created + timedelta(minutes=draw(st.integers(0, 600)))
        rows.append(
            {
                "task_id": f"T{i}",
                "closure_code": code,
                "resource_assigned": assigned,
                "resource_redeployed": redeployed,
                "case_number": case,
                "priority": draw(st.sampled_from(VALID_PRIORITIES)),
                "district": draw(st.sampled_from(VALID_DISTRICTS)),
                "created_at": created,
                "closed_at": closed,
            }
        )
    return rows


def render(rows: list[dict[str, Any]], norwegian: bool) -> pl.DataFrame:
    """Canonical names and dtypes, or a raw Norwegian export of the same rows."""
    if not norwegian:
        return pl.DataFrame(
            rows,
            schema={
                "task_id": pl.String,
                "closure_code": pl.String,
                "resource_assigned": pl.Boolean,
                "resource_redeployed": pl.Boolean,
                "case_number": pl.String,
                "priority": pl.String,
                "district": pl.String,
                "created_at": pl.Datetime("us"),
                "closed_at": pl.Datetime("us"),
            },
        )

    def yes_no(value: bool | None) -> str | None:
        return None if value is None else "Ja" if value else "Nei"

    def when(value: datetime) -> str:
        return value.strftime("%d.%m.%Y %H:%M")

    return pl.DataFrame(
        {
            "Oppdragsnr": [r["task_id"] for r in rows],
            "Avslutningskode": [r["closure_code"] for r in rows],
            "Ressurs": [yes_no(r["resource_assigned"]) for r in rows],
            "Omdisponert": [yes_no(r["resource_redeployed"]) for r in rows],
            "Saksnr": [r["case_number"] for r in rows],
            "Prioritet": [r["priority"] for r in rows],
            "Distrikt": [r["district"] for r in rows],
            "Opprettet": [when(r["created_at"]) for r in rows],
            "Avsluttet": [when(r["closed_at"]) for r in rows],
        },
        schema=dict.fromkeys(
            [
                "Oppdragsnr",
                "Avslutningskode",
                "Ressurs",
                "Omdisponert",
                "Saksnr",
                "Prioritet",
                "Distrikt",
                "Opprettet",
                "Avsluttet",
            ],
            pl.String,
        ),
    )


@given(rows=valid_tasks(), norwegian=st.booleans(), lazy=st.booleans())
def test_property_generated_valid_tasks_pass_every_error_rule(
    rows: list[dict[str, Any]], norwegian: bool, lazy: bool
) -> None:
    report = po.validate(as_kind(render(rows, norwegian), lazy))
    assert error_pairs(report) == set()
    assert report.ok
    assert eager(report.valid_rows()).height == len(rows)


@given(
    rows=valid_tasks(),
    rule=st.sampled_from(INJECTIONS),
    data=st.data(),
    norwegian=st.booleans(),
    lazy=st.booleans(),
)
def test_property_one_injected_violation_is_found_exactly(
    rows: list[dict[str, Any]], rule: str, data: st.DataObject, norwegian: bool, lazy: bool
) -> None:
    i = data.draw(st.integers(0, len(rows) - 1), label="row")
    row = rows[i]
    expected = i
    if rule == "PO001":
        row["closure_code"] = data.draw(st.sampled_from(["Ordnet på sted", "zzz", "Lukket"]))
    elif rule == "PO002":
        row["closure_code"] = data.draw(st.sampled_from([None, ""]))
    elif rule == "PO003":
        j = data.draw(st.integers(0, len(rows) - 1).filter(lambda j: j != i), label="other")
        row["task_id"] = rows[j]["task_id"]
        expected = max(i, j)
    elif rule == "PO004":
        assume(row["created_at"] != row["closed_at"])
        row["created_at"], row["closed_at"] = row["closed_at"], row["created_at"]
    elif rule == "PO005":
        row["district"] = data.draw(st.sampled_from(["Atlantis", "Oslo-Vest", "Sørlandet"]))
    elif rule == "PO006":
        row["priority"] = data.draw(st.sampled_from(["9", "0", "P7", "høy"]))
    elif rule == "PO101":
        codes = [c for c in WITH_RESOURCE if c != "Sak opprettet"]
        row["closure_code"] = data.draw(st.sampled_from(codes))
        row["resource_assigned"] = False
        row["resource_redeployed"] = False  # else PO105 fires too
    elif rule == "PO102":
        if data.draw(st.booleans(), label="ikke kapasitet"):
            row["closure_code"] = "Ikke kapasitet"
            row["resource_redeployed"] = False
        else:
            codes = [c for c in WITHOUT_RESOURCE if c not in ("Ikke kapasitet", "Overtatt")]
            row["closure_code"] = data.draw(st.sampled_from(codes))
            row["resource_redeployed"] = False  # else PO106, not PO102
        row["resource_assigned"] = True
    elif rule == "PO201":
        row["closure_code"] = "Sak opprettet"
        row["resource_assigned"] = True
        row["case_number"] = data.draw(st.sampled_from([None, "", "   "]))
    report = po.validate(as_kind(render(rows, norwegian), lazy))
    assert error_pairs(report) == {(expected, rule)}
    assert not report.ok
    invalid = eager(report.invalid_rows())
    assert invalid.height == 1
    assert rule in invalid["rule_ids"][0].to_list()
