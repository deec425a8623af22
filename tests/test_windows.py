"""Issue 25, "Windows and packaging": a console that cannot show every character, a broken
pipe as Windows reports it, and GitHub annotation paths written with backslashes."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path, PureWindowsPath

import polars as pl
import pytest

import po_codes as po
from po_codes._cli import main
from po_codes._formats import FileError, render
from po_codes._report import located

DATA = Path(__file__).parent / "data"
EXPORT = str(DATA / "cli_export.csv")
CLEAN = str(DATA / "cli_clean.csv")


class _WindowsPipe:
    """Standard output whose reader went away, as Windows says it: EINVAL, not EPIPE."""

    def write(self, _: str) -> int:
        raise OSError(errno.EINVAL, "Invalid argument")

    def flush(self) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "no descriptor in a test")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_windows_broken_pipe_keeps_the_exit_code_and_says_nothing(
    fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdout", _WindowsPipe())
    assert main(["validate", EXPORT, "--format", fmt]) == 1
    assert main(["validate", CLEAN, "--format", fmt]) == 0
    assert main(["codes"]) == 0
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert "Traceback" not in err


def test_other_os_errors_while_writing_are_still_internal_errors(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Full(_WindowsPipe):
        def write(self, _: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("sys.stdout", Full())
    assert main(["validate", CLEAN]) == 3
    assert "No space left" in capsys.readouterr().err


def test_github_annotation_paths_use_forward_slashes() -> None:
    windows = str(PureWindowsPath("dir", "export.csv"))
    assert windows == "dir\\export.csv"
    report = po.validate(pl.DataFrame({"closure_code": ["Utført", "Ukjent kode"]}))
    located(report, windows, pl.Series([2, 3]))
    out = report.to_github()
    assert "file=dir/export.csv,line=3" in out
    assert "\\" not in out
    unreadable = render("github", [], [FileError(windows, "cannot read")])
    assert unreadable == "::error file=dir/export.csv::cannot read"


def _run(*args: str, encoding: str = "cp1252") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # noqa: S603  (our own command, fixed arguments)
        [sys.executable, "-m", "po_codes._cli", *args],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "80"},
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "exit_code"),
    [
        (("codes",), 0),
        (("codes", "--format", "json"), 0),
        (("codes", "--format", "csv"), 0),
        (("validate", EXPORT, "--lang", "nb"), 1),
        (("validate", CLEAN), 0),
        (("validate", "no-such-file.csv", "--lang", "nb"), 2),
        (("figures", EXPORT), 0),
        (("figures", EXPORT, "--format", "json"), 0),
        (("demo", "--rows", "1000"), 0),
    ],
)
@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_every_command_prints_on_a_narrow_console(
    args: tuple[str, ...], exit_code: int, encoding: str
) -> None:
    done = _run(*args, encoding=encoding)
    assert done.returncode == exit_code, done.stderr
    assert done.stdout.strip() or exit_code == 2
    assert b"internal error" not in done.stderr
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_page_command_on_a_cp1252_console(lang: str, tmp_path: Path) -> None:
    target = tmp_path / "side.html"
    done = _run("page", EXPORT, "--output", str(target), "--lang", lang)
    assert done.returncode == 0, done.stderr
    assert b"internal error" not in done.stderr
    assert "Sør-Øst" in target.read_text("utf-8")  # the file itself stays UTF-8


@pytest.mark.parametrize("fmt", ["text", "json", "github", "markdown", "html", "junit"])
def test_validate_in_every_format_on_a_cp1252_console(fmt: str) -> None:
    done = _run("validate", EXPORT, CLEAN, "--format", fmt, "--lang", "nb")
    assert done.returncode == 1, done.stderr
    assert done.stdout.strip()
    said = (done.stdout + done.stderr).decode("cp1252")  # the total line: stdout in text
    assert "po-codes: 2 filer, 9 rader, 3 ugyldige rader, 1 med feil" in said
