"""Same data, same answer: every way of reading an export gives the same report.

Random messy task tables (spellings from ``po_codes.strategies``, unreadable values,
missing tokens, NFD text, quoted separators and line breaks) are validated as a raw
frame, lazily, after ``normalize``, and after being written as UTF-8, UTF-8 with BOM,
Windows-1252 and UTF-16 CSV, as xlsx and as Parquet and read back with ``read_tasks`` and
``scan_tasks`` and the CLI. Every path must give identical failures.

The timestamp reader is also checked against an oracle: timestamps written from known
instants in every form DOMAIN.md lists (and impossible dates of the same forms), in any
order, must read as the instant they were written from.
"""

from __future__ import annotations

import calendar
import codecs
import contextlib
import io
import json
import tempfile
import unicodedata
from contextlib import redirect_stdout
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import po_codes as po
from po_codes import strategies as pos
from po_codes._cli import main

HEADERS = {
    "task_id": ["Oppdragsnr", "task_id", "Task no"],
    "closure_code": ["Avslutningskode", "Kode", "Closure code"],
    "priority": ["Prioritet", "prio"],
    "district": ["Politidistrikt", "Distrikt"],
    "created_at": ["Opprettet", "created"],
    "closed_at": ["Avsluttet", "Closed"],
    "arrived_at": ["Ankomst", "Fremme"],
    "resource_assigned": ["Ressurs", "Ressurs satt"],
    "resource_redeployed": ["Omdisponert"],
    "case_number": ["Saksnr", "BL_saksnr"],
    "incident_type": ["Forholdets art"],
    "handled_by": ["Overtatt av"],
}
MISSING = st.sampled_from([None, "", "  ", "NULL", "N/A", "-", "—"])
JUNK = st.sampled_from(["??", "kanskje", "7", "Ordnet på sted", "Atlantis", "x;y", 'si "ja"'])


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _times() -> st.SearchStrategy[str]:
    return st.sampled_from(
        [
            "31.01.2016 14:05",
            "31.01.16 14:05",
            "2016-01-31T13:05:00Z",
            "2016-01-31 14:05",
            "01.02.2016 09.30",
            "2015-12-31",
            "i går",
            "31.02.2016 10:00",
        ]
    )


def _values(column: str) -> st.SearchStrategy[str | None]:
    options: list[st.SearchStrategy[str | None]] = [MISSING, JUNK]
    if column == "closure_code":
        options.append(pos.code_labels())
        options.append(pos.closure_codes().map(lambda c: _nfd(c.value)))
    elif column == "priority":
        options.append(st.sampled_from(["1", "P2", "Prio 3", "ingen", "INGEN", "5"]))
    elif column == "district":
        options.append(pos.districts().map(lambda d: d.name))
        options.append(st.sampled_from(["sor-ost", "Oslo politidistrikt", _nfd("Sør-Øst")]))
    elif column in ("created_at", "closed_at", "arrived_at"):
        options.append(_times())
    elif column in ("resource_assigned", "resource_redeployed"):
        options.append(st.sampled_from(["Ja", "nei", "JA", "1", "0", "x"]))
    elif column == "task_id":
        options.append(st.sampled_from(["A1", "A2", "A3", " A1 "]))
    else:
        options.append(st.sampled_from(["BL-77", "Helse", "Ordensforstyrrelse", "a\nb"]))
    return st.one_of(*options)


@st.composite
def exports(draw: st.DrawFn) -> pl.DataFrame:
    """A raw export: Norwegian/English headers, every value text, at least two columns."""
    optional = [c for c in HEADERS if c != "closure_code"]
    chosen = ["closure_code", *draw(st.lists(st.sampled_from(optional), min_size=1, unique=True))]
    rows = draw(st.integers(1, 8))
    data: dict[str, list[str | None]] = {}
    for column in chosen:
        header = draw(st.sampled_from(HEADERS[column]))
        data[header] = draw(st.lists(_values(column), min_size=rows, max_size=rows))
    return pl.DataFrame(data, schema=dict.fromkeys(data, pl.String))


def _failures(report: po.ValidationReport[Any]) -> pl.DataFrame:
    return report.failures.select("row_index", "rule_id", "severity", "message")


def _csv(frame: pl.DataFrame) -> str:
    return frame.write_csv(separator=";", line_terminator="\r\n")


def _encodings(text: str) -> dict[str, bytes]:
    out = {
        "utf-8": text.encode("utf-8"),
        "utf-8-bom": codecs.BOM_UTF8 + text.encode("utf-8"),
        "utf-16": text.encode("utf-16"),
    }
    with contextlib.suppress(UnicodeEncodeError):  # NFD marks have no Windows-1252 byte
        out["cp1252"] = text.encode("cp1252")
    return out


def _ends_with_empty_row(frame: pl.DataFrame) -> bool:
    """True when the last row has no value: a sheet does not store such a row."""
    empty = [pl.col(c).fill_null("") == "" for c in frame.columns]
    return frame.height > 0 and bool(frame.select(pl.all_horizontal(empty).last()).item())


def _cli_failures(path: Path) -> pl.DataFrame:
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        main(["validate", str(path), "--format", "json", "--fail-on", "info"])
    document = json.loads(buffer.getvalue())
    failures = document["files"][0]["failures"]
    schema = {"row_index": pl.Int64, "rule_id": pl.String, "severity": pl.String}
    return pl.DataFrame(
        [{k: f[k] for k in (*schema, "message")} for f in failures],
        schema={**schema, "message": pl.String},
    )


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(exports())
def test_every_path_gives_the_same_failures(raw: pl.DataFrame) -> None:
    expected = _failures(po.validate(raw))
    assert_frame_equal(_failures(po.validate(raw.lazy())), expected)
    assert_frame_equal(_failures(po.validate(po.normalize(raw))), expected)
    assert_frame_equal(_failures(po.validate(po.normalize(raw.lazy()).collect())), expected)
    with tempfile.TemporaryDirectory() as folder:
        for name, data in _encodings(_csv(raw)).items():
            path = Path(folder) / f"export-{name}.csv"
            path.write_bytes(data)
            read = po.read_tasks(path)
            assert read.height == raw.height, name
            assert_frame_equal(_failures(po.validate(read)), expected)
            assert_frame_equal(_failures(po.validate(po.scan_tasks(path))), expected)
            if name in ("utf-8", "cp1252"):
                assert_frame_equal(_cli_failures(path), expected)
        if not _ends_with_empty_row(raw):  # empty rows inside the table are rows
            xlsx = Path(folder) / "export.xlsx"
            raw.write_excel(xlsx)
            from_excel = po.read_tasks(xlsx)
            assert from_excel.height == raw.height
            assert_frame_equal(_failures(po.validate(from_excel)), expected)
        parquet = Path(folder) / "export.parquet"
        raw.write_parquet(parquet)
        assert_frame_equal(_failures(po.validate(po.read_tasks(parquet))), expected)
        assert_frame_equal(_failures(po.validate(po.scan_tasks(parquet))), expected)


# -- the timestamp reader against timestamps made from known instants -------------------

OSLO = ZoneInfo("Europe/Oslo")
# strftime formats of the written forms DOMAIN.md lists, and whether the time is written.
WRITTEN_FORMS = [
    ("%d.%m.%Y %H:%M", "minute"),
    ("%d.%m.%Y %H:%M:%S", "second"),
    ("%d.%m.%Y %H.%M", "minute"),
    ("%d.%m.%Y", "day"),
    ("%d.%m.%y %H:%M", "minute"),
    ("%Y-%m-%d %H:%M", "minute"),
    ("%Y-%m-%dT%H:%M:%S", "second"),
    ("%Y-%m-%d", "day"),
    ("%Y-%m-%dT%H:%M:%SZ", "utc"),
]


@st.composite
def written_timestamp(draw: st.DrawFn) -> tuple[str, datetime | None]:
    """A timestamp as an export writes it, and the local time it means (None: impossible)."""
    fmt, kind = draw(st.sampled_from(WRITTEN_FORMS))
    if draw(st.booleans()):  # an impossible day of a real month: 30.02, 31.04, 32.01
        year, month = draw(st.integers(2007, 2030)), draw(st.integers(1, 12))
        day = draw(st.integers(calendar.monthrange(year, month)[1] + 1, 32))
        text = fmt.replace("%d", f"{day:02d}").replace("%m", f"{month:02d}")
        text = text.replace("%Y", str(year)).replace("%y", f"{year % 100:02d}")
        text = text.replace("%H", "10").replace("%M", "30").replace("%S", "15")
        return text, None
    instant = draw(st.datetimes(datetime(2007, 1, 1), datetime(2030, 12, 31)))
    instant = instant.replace(microsecond=0)
    if kind == "utc":
        utc = instant.replace(tzinfo=UTC)
        return utc.strftime(fmt), utc.astimezone(OSLO).replace(tzinfo=None)
    meant = {
        "second": instant,
        "minute": instant.replace(second=0),
        "day": instant.replace(hour=0, minute=0, second=0),
    }[kind]
    return instant.strftime(fmt), meant


@settings(max_examples=150, deadline=None)
@given(st.lists(written_timestamp(), min_size=1, max_size=12))
def test_timestamps_are_read_as_what_they_mean_in_any_order(
    written: list[tuple[str, datetime | None]],
) -> None:
    # Formats are chosen per shape of the text; whatever comes first in a column (an
    # impossible date included) must not change how the other values are read.
    texts = [text for text, _ in written]
    frame = pl.DataFrame({"Avslutningskode": ["Utført"] * len(texts), "Opprettet": texts})
    assert po.normalize(frame)["created_at"].to_list() == [meant for _, meant in written]
    impossible = [i for i, (_, meant) in enumerate(written) if meant is None]
    failures = po.validate(frame, select="PO009").failures
    assert failures.get_column("row_index").to_list() == impossible
