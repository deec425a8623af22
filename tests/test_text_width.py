"""The text report read in an 80-column terminal: nothing overflows, a wrapped rule title
stays in its column, and the headline counts read as English (or Norwegian)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from po_codes._cli import main
from po_codes._i18n import Lang
from po_codes._io import read_table

DATA = Path(__file__).parent / "data"
EXPORT = DATA / "cli_export.csv"


def text_report(lang: Lang, width: int) -> list[str]:
    import po_codes as po  # noqa: PLC0415

    report = po.validate(read_table(EXPORT).frame, lang=lang)
    return report.to_text(width).splitlines()


@pytest.mark.parametrize("lang", ["en", "nb"])
@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_no_line_is_wider_than_the_terminal(lang: Lang, width: int) -> None:
    lines = text_report(lang, width)
    assert max(len(line) for line in lines) <= width


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_a_wrapped_rule_title_continues_under_itself(lang: Lang) -> None:
    lines = text_report(lang, 80)
    starts = [i for i, line in enumerate(lines) if line.startswith(("  E PO", "  W PO"))]
    assert len(starts) == 6
    column = {lines[i].index(title) for i, title in _titles(lines, starts)}
    assert len(column) == 1  # every title starts in the same column
    (at,) = column
    assert at <= 40  # and leaves room for the title in 80 columns
    for i in starts:
        follow = lines[i + 1]
        if not follow.startswith("      "):  # a continued title, not a failure line
            assert follow.startswith(" " * at)
            assert not follow[at].isspace()


def _titles(lines: list[str], starts: list[int]) -> list[tuple[int, str]]:
    """Each rule line and its title (what follows the share, "%  ")."""
    return [(i, lines[i].split("%  ", 1)[1]) for i in starts]


def test_the_headline_counts_errors_in_the_plural() -> None:
    first = " ".join(text_report("en", 200)[:2])
    assert "(4 errors, 2 warnings, 0 info)" in first
    one = pl.DataFrame({"closure_code": ["Ukjent"]})
    import po_codes as po  # noqa: PLC0415

    assert "(1 error, 0 warnings, 0 info)" in po.validate(one).to_text(200)
    assert "(1 feil, 0 advarsler, 0 info)" in po.validate(one, lang="nb").to_text(200)


def test_the_cli_wraps_to_columns(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["validate", str(EXPORT), "--lang", "nb"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in out) <= 80


def test_the_demo_fits_80_columns_and_keeps_titles_in_their_column(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["demo", "--rows", "20000", "--seed", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in out) <= 80
    starts = [i for i, line in enumerate(out) if line.startswith(("  E PO", "  W PO"))]
    at = {out[i].index(title) for i, title in _titles(out, starts)}
    assert len(at) == 1
    (column,) = at
    for i in starts:
        if not out[i + 1].startswith("      "):
            assert out[i + 1].startswith(" " * column)


def test_rules_skipped_for_the_same_columns_share_one_line() -> None:
    import po_codes as po  # noqa: PLC0415

    report = po.validate(read_table(DATA / "cli_clean.csv").frame)
    skipped = [line for line in report.to_text(200).splitlines() if "skipped PO" in line]
    assert "  skipped PO007, PO104, PO206: needs column(s) arrived_at" in skipped
    assert len(skipped) == 4  # arrived_at; resource_redeployed; incident_type; handled_by
    nb = po.validate(read_table(DATA / "cli_clean.csv").frame, lang="nb").to_text(200)
    assert "  hoppet over PO007, PO104, PO206: trenger kolonne(r) arrived_at" in nb


def test_one_unreadable_file_in_norwegian_is_singular(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = str(tmp_path / "borte.csv")
    assert main(["validate", str(EXPORT), missing, "--lang", "nb"]) == 2
    total = capsys.readouterr().out.splitlines()[-1]
    assert total.endswith(", 1 uleselig")
    assert main(["validate", missing, missing + "2", "--lang", "nb", "--format", "json"]) == 2
    assert capsys.readouterr().err.splitlines()[-1].endswith(", 2 uleselige")
