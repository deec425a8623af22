"""A broken [tool.po-codes] table is bad usage (exit 2, one line naming the file), not exit 3."""

from __future__ import annotations

from pathlib import Path

import pytest

from po_codes._cli import main


@pytest.mark.parametrize(
    ("pyproject", "said"),
    [
        ("[tool.po-codes\nselect = 1\n", "pyproject.toml"),
        ("[tool.po-codes]\nselect = 1\n", "select"),
        ("[tool]\npo-codes = 3\n", "must be a table"),
        ("[tool.po-codes]\nmax-failures = 'many'\n", "max-failures"),
        ("[tool.po-codes]\nnot-a-setting = true\n", "not-a-setting"),
    ],
)
def test_a_broken_settings_table_is_exit_2_with_one_line(
    pyproject: str,
    said: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    (tmp_path / "po.csv").write_text("Avslutningskode\nUtført\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "po.csv"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert said in err
    assert "internal error" not in err
