"""``po-codes demo`` with numbers it cannot use: exit 2 and one line, never exit 3."""

from __future__ import annotations

import pytest

from po_codes._cli import main


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--rows", "0"), "--rows"),
        (("--rows", "-5"), "--rows"),
        (("--rows", "abc"), "--rows"),
        (("--rows", "1e3"), "--rows"),
        (("--rows", "2.5"), "--rows"),
        (("--rows", "99999999999"), "--rows"),
        (("--error-rate", "2"), "--error-rate"),
        (("--error-rate", "-0.1"), "--error-rate"),
        (("--error-rate", "nan"), "--error-rate"),
        (("--error-rate", "x"), "--error-rate"),
        (("--seed", "-1"), "--seed"),
        (("--seed", "x"), "--seed"),
        (("--seed", str(2**40)), "--seed"),
    ],
)
def test_bad_demo_numbers_exit_2_with_one_line(
    args: tuple[str, ...], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", *args]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("po-codes: error: ")
    assert named in err


def test_a_small_demo_still_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--rows", "1_000", "--error-rate", "0.01", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "Generating 1,000 synthetic PO tasks" in out
    assert "(seed 3, 1.0% injected rule violations)" in out


def test_a_demo_where_every_row_is_invalid_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--rows", "50", "--error-rate", "1"]) == 0
    out = capsys.readouterr().out
    assert "no valid rows left to count" in out
    assert "Done in" in out
