"""``--lang nb`` speaks Norwegian on standard error too: the "left out" line of ``figures``
and ``page`` comes from the language catalogues, and ``figures`` takes ``--lang``."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from po_codes._cli import main
from po_codes._i18n import texts

DATA = Path(__file__).parent / "data"
EXPORT = str(DATA / "cli_export.csv")  # 3 rows fail error rules, one unknown district
CLEAN = str(DATA / "cli_clean.csv")

# English words of the messages in question; none of them is Norwegian.
ENGLISH = re.compile(
    r"\b(left|out|rows?|failing|error|rules?|unknown|districts?|kept|wrote|tasks?|no|"
    r"share|year|closure|code)\b",
    re.IGNORECASE,
)


def _stderr(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().err


def test_figures_in_norwegian_say_what_they_left_out_in_norwegian(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = _stderr(capsys, "figures", EXPORT, "--lang", "nb")
    assert err == "po-codes: utelot 3 rader som bryter feilregler; ukjente distrikter: Trondelagg\n"
    assert not ENGLISH.search(err.replace("po-codes", "").replace("Trondelagg", ""))


def test_figures_text_table_has_norwegian_headers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["figures", CLEAN, "--lang", "nb"]) == 0
    out = capsys.readouterr().out
    assert "100,0 %" in out
    assert "100.0 %" not in out
    header = out.splitlines()[0]
    assert [h.strip() for h in header.strip("|").split("|")] == [
        "distrikt",
        "år",
        "avslutningskode",
        "antall",
        "andel",
    ]
    # Machine-readable formats keep the column names of the library.
    assert main(["figures", CLEAN, "--lang", "nb", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("district,year,closure_code,n,share")


def test_page_in_norwegian_says_everything_in_norwegian(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    err = _stderr(capsys, "page", EXPORT, "--output", str(tmp_path / "side.html"))
    lines = err.splitlines()
    assert (
        lines[0] == "po-codes: utelot 3 rader som bryter feilregler; ukjente distrikter: Trondelagg"
    )
    assert lines[1].startswith("po-codes: skrev ")
    for line in lines:
        rest = line.replace("po-codes", "").replace("Trondelagg", "").replace(str(tmp_path), "")
        assert not ENGLISH.search(rest.replace("side.html", "")), line


@pytest.mark.parametrize(
    ("rows", "tasks", "districts", "nb", "en"),
    [
        (1, 1, (), "utelot 1 rad som bryter feilregler", "left out 1 row failing error rules"),
        (
            2,
            40,
            ("Bergen",),
            "utelot 2 rader som bryter feilregler (40 oppdrag); ukjente distrikter: Bergen",
            "left out 2 rows failing error rules (40 tasks); unknown districts: Bergen",
        ),
    ],
)
def test_the_left_out_line_in_both_languages(
    rows: int, tasks: int, districts: tuple[str, ...], nb: str, en: str
) -> None:
    from po_codes._publish import LeftOut, left_out_line  # noqa: PLC0415

    left_out = LeftOut(rows=rows, tasks=tasks, districts=districts)
    assert left_out_line(left_out, "nb") == f"po-codes: {nb}"
    assert left_out_line(left_out, "en") == f"po-codes: {en}"
    assert left_out_line(LeftOut(), "nb") == "po-codes: ingen rad brøt en feilregel"
    kept = left_out_line(LeftOut(kept=True), "nb")
    assert kept == "po-codes: tok med rader som bryter feilregler (--keep-invalid)"


def test_the_catalogues_hold_the_left_out_texts() -> None:
    for lang in ("en", "nb"):
        assert any(key.startswith("cli.left_out") for key in texts(lang))


def test_figures_with_nothing_left_out_say_so_in_norwegian(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "x.csv"
    pl.DataFrame({"closure_code": ["Utført"], "district": ["Agder"]}).write_csv(path)
    err = _stderr(capsys, "figures", str(path), "--by", "district", "--lang", "nb")
    assert err == "po-codes: ingen rad brøt en feilregel\n"
