from __future__ import annotations

import json

import polars as pl
import pytest

import po_codes as po

RAW = pl.DataFrame(
    {
        "Oppdragsnr": ["1", "2", "3", "3"],
        "Avslutningskode": ["Falsk melding", "Utfoert", "Sak opprettet", "Overtatt"],
        "Ressurs": ["Ja", "Ja", "Ja", "Nei"],
        "Saksnr": [None, None, None, None],
        "Opprettet": ["01.02.2016 10:00"] * 4,
        "Avsluttet": ["01.02.2016 11:00", "01.02.2016 09:00", "01.02.2016 11:00", None],
        "Merknad": ["a", "b", "c", "d"],
    }
)


def test_report_on_raw_norwegian_export() -> None:
    report = po.validate(RAW)
    assert not report.ok
    assert report.n_rows == 4
    assert report.summary.columns == [
        "rule_id", "severity", "title", "status", "n_failed", "missing_columns",
    ]  # fmt: skip
    assert report.summary.schema["n_failed"] == pl.Int64
    failed = report.summary.filter(status="failed")["rule_id"].to_list()
    assert failed == ["PO003", "PO004", "PO008", "PO102", "PO201"]
    assert report.failures.columns == [
        "row_index", "rule_id", "severity", "message", "task_id", "closure_code",
    ]  # fmt: skip
    assert report.failures.filter(rule_id="PO008")["closure_code"].item() == "Utfoert"
    assert set(report.summary.filter(status="skipped")["rule_id"]) >= {"PO005", "PO006"}


@pytest.mark.parametrize("lazy", [False, True])
def test_rows_split_in_order_and_same_kind(lazy: bool) -> None:
    source = RAW.lazy() if lazy else RAW
    report = po.validate(source)
    valid, invalid = report.valid_rows(), report.invalid_rows()
    assert isinstance(valid, pl.LazyFrame if lazy else pl.DataFrame)
    valid_df = valid.collect() if isinstance(valid, pl.LazyFrame) else valid
    invalid_df = invalid.collect() if isinstance(invalid, pl.LazyFrame) else invalid
    assert valid_df.columns == RAW.columns  # the input's own columns, untouched
    assert valid_df["Merknad"].to_list() == []
    assert invalid_df["Merknad"].to_list() == ["a", "b", "c", "d"]
    assert invalid_df["rule_ids"].to_list() == [
        ["PO102"], ["PO004", "PO008"], ["PO201"], ["PO003"],
    ]  # fmt: skip


def test_select_ignore_severity_and_errors() -> None:
    report = po.validate(RAW, select=["PO1", "PO201"], ignore="PO103")
    assert report.summary["rule_id"].to_list() == ["PO101", "PO102", "PO201"]
    relaxed = po.validate(RAW, severity={"PO": "warning"})
    assert relaxed.ok
    with pytest.raises(po.UnknownRuleError, match="PO999"):
        po.validate(RAW, select=["PO999"])
    with pytest.raises(po.UnknownRuleError):
        po.validate(RAW, ignore=[""])
    with pytest.raises(po.InvalidArgumentError, match="fatal"):
        po.validate(RAW, severity={"PO101": "fatal"})
    with pytest.raises(TypeError):
        po.validate(RAW, select=[1])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        po.validate(RAW, rules=["PO101"])  # type: ignore[list-item]


def test_user_rules_and_replacing_a_builtin() -> None:
    mine = po.Rule(
        id="MY001",
        title="Remark says 'c'",
        severity="warning",
        columns=(),
        check=pl.col("Merknad") == "c",
        message="remark {Merknad} on task {task_id}",
    )
    report = po.validate(RAW, rules=[mine])
    row = report.failures.filter(rule_id="MY001").row(0, named=True)
    assert row["row_index"] == 2
    assert row["message"] == "remark c on task 3"
    silent = po.Rule("PO003", "never", "error", ("task_id",), pl.lit(value=False))
    assert "PO003" not in po.validate(RAW, rules=[silent]).failures["rule_id"].to_list()


def test_json_round_trip_and_raise() -> None:
    report = po.validate(RAW)
    data = json.loads(report.to_json())
    assert data == json.loads(json.dumps(report.to_dict()))
    assert data["ok"] is False
    assert data["n_rows"] == 4
    assert {f["rule_id"] for f in data["failures"]} >= {"PO102", "PO201"}
    with pytest.raises(po.ValidationError) as exc:
        report.raise_for_errors()
    assert exc.value.report is report
    assert "PO102" in str(exc.value)
    clean = po.validate(RAW.head(1).with_columns(Ressurs=pl.lit("Nei")))
    assert clean.raise_for_errors() is clean


def test_text_and_html_views() -> None:
    report = po.validate(RAW)
    text = str(report)
    assert "FAILED" in text
    assert "PO102" in text
    assert "row 0 task 1" in text
    assert "skipped PO005: needs column(s) district" in text
    html = report._repr_html_()
    assert "<table>" in html
    assert "PO201" in html
    assert repr(report).startswith("<ValidationReport ok=False n_rows=4")


def test_schema_errors() -> None:
    with pytest.raises(po.SchemaError, match="no closure code column"):
        po.validate(pl.DataFrame({"a": [1]}))
    with pytest.raises(po.SchemaError, match="List"):
        po.validate(pl.DataFrame({"kode": [["Utført"]]}))
    with pytest.raises(TypeError, match="polars DataFrame or LazyFrame"):
        po.validate({"kode": ["Utført"]})  # type: ignore[call-overload]


def test_empty_and_explicit_columns() -> None:
    empty = po.validate(pl.DataFrame({"kode": []}, schema={"kode": pl.String}))
    assert empty.ok
    assert empty.n_rows == 0
    assert empty.failures.is_empty()
    frame = pl.DataFrame({"result": ["Ordnet på sted"]})
    report = po.validate(frame, columns={"result": "closure_code"})
    assert report.failures["rule_id"].to_list() == ["PO001"]
