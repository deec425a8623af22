"""Fuzz every public reader and function: a result or a PoCodesError, nothing else.

Random bytes (and random table-like text) are fed as files to the readers, random
frames of every dtype a user may hold to the frame functions.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import po_codes as po

SUFFIXES = [".csv", ".tsv", ".txt", "", ".parquet", ".xlsx"]
PIECES = [
    "Kode", "Avslutningskode", "Distrikt", "År", "Antall", "Ressurs", "Opprettet", "Utført",
    "Ikke kapasitet", "Oslo", "Sør-Øst", "2016", "1 234", "12 34", "-", "N/A", "Ja", "Nei",
    "P 30-10", "30.10.2016 02:50", ";", ",", "\t", "|", '"', '""', "\n", "\r", "\r\n", " ",
    "\ufeff", "ø", "\x00", "Totalt", "Sum",
]  # fmt: skip


def _text_file() -> st.SearchStrategy[bytes]:
    text = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
    encoding = st.sampled_from(["utf-8", "cp1252", "utf-16"])
    return st.tuples(text, encoding).map(lambda te: te[0].encode(te[1], errors="replace"))


FILES = st.one_of(st.binary(max_size=300), _text_file())


def _outcome(function: Any, argument: object) -> object:
    try:
        result = function(argument)
        if isinstance(result, pl.LazyFrame):
            result = result.collect()
    except po.PoCodesError:
        return None
    return result


READERS: dict[str, Any] = {
    "read_tasks": po.read_tasks,
    "scan_tasks": po.scan_tasks,
    "read_figures": po.read_figures,
}


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=FILES, suffix=st.sampled_from(SUFFIXES))
@example(data=b"\xef\xbb\xbf\xef\xbb\xbf;", suffix=".csv")  # two BOMs: header "" twice
def test_readers_take_any_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export{suffix}"
        path.write_bytes(data)
        for reader in READERS.values():
            _outcome(reader, path)


# -- random frames ---------------------------------------------------------------------------

NAMES = [
    "Kode", "closure_code", "Distrikt", "År", "Antall", "n", "Ressurs", "Omdisponert",
    "Opprettet", "Avsluttet", "Ankomst", "Prioritet", "Oppdragsnr", "Saksnummer", "Team",
]  # fmt: skip
WORDS = st.one_of(
    st.sampled_from([p for p in PIECES if p not in {";", ",", "\t", "|"}]),
    st.text(max_size=6),
)
VALUES: dict[str, tuple[pl.DataType, st.SearchStrategy[Any]]] = {
    "text": (pl.String(), WORDS),
    "int": (pl.Int64(), st.integers(-(2**63), 2**63 - 1)),
    "uint": (pl.UInt64(), st.integers(0, 2**64 - 1)),
    "float": (pl.Float64(), st.floats(allow_nan=True, allow_infinity=True)),
    "bool": (pl.Boolean(), st.booleans()),
    "datetime": (pl.Datetime("us"), st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1))),
    "aware": (
        pl.Datetime("us", "UTC"),
        st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2030, 1, 1)).map(
            lambda d: d.replace(tzinfo=dt.UTC)
        ),
    ),
    "date": (pl.Date(), st.dates()),
    "time": (pl.Time(), st.times()),
    "duration": (pl.Duration("us"), st.timedeltas(dt.timedelta(days=-9), dt.timedelta(days=9))),
    "list": (pl.List(pl.String()), st.lists(WORDS, max_size=2)),
    "categorical": (pl.Categorical(), WORDS),
    "null": (pl.Null(), st.none()),
}


@st.composite
def frames(draw: st.DrawFn) -> pl.DataFrame | pl.LazyFrame:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=6, unique=True))
    height = draw(st.integers(0, 6))
    columns = []
    for name in names:
        dtype, values = VALUES[draw(st.sampled_from(sorted(VALUES)))]
        cells = draw(st.lists(st.one_of(st.none(), values), min_size=height, max_size=height))
        columns.append(pl.Series(name, cells, dtype=dtype))
    frame = pl.DataFrame(columns)
    return frame.lazy() if draw(st.booleans()) else frame


FRAME_FUNCTIONS: dict[str, Any] = {
    "normalize": po.normalize,
    "validate": lambda f: po.validate(f).summary,
    "figures": po.figures,
    "figures_by_team": lambda f: po.figures(f, by=["district", "Team"]),
    "code_table": po.code_table,
    "indicators": po.indicators,
    "compare": lambda f: po.compare(f, code="Ikke kapasitet"),
    "harmonize_districts": po.harmonize_districts,
    "figures_of_normalized": lambda f: po.figures(po.normalize(f)),
}


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames())
@example(  # a Boolean count column: polars 1.30 cannot aggregate a null literal
    frame=pl.DataFrame(
        {
            "Distrikt": pl.Series([], dtype=pl.Datetime("us", "UTC")),
            "Antall": pl.Series([], dtype=pl.Boolean),
        }
    )
)
def test_frame_functions_take_any_frame(frame: pl.DataFrame | pl.LazyFrame) -> None:
    for function in FRAME_FUNCTIONS.values():
        _outcome(function, frame)
