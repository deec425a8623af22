"""The console and the files the command line writes: width, encoding, broken pipes.

Everything here is about where output goes, not what it says: the command line's
formats come from :mod:`po_codes._formats`.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final, TextIO

from po_codes._settings import UsageError

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

__all__ = [
    "STDIN",
    "degrade_unencodable",
    "output",
    "silence_stdout",
    "width",
    "windows_broken_pipe",
    "write_file",
]

STDIN: Final = "-"
"""The path that means standard input (and, for ``--output``, standard output)."""


@contextlib.contextmanager
def output(path: str | None, inputs: Sequence[str] = ()) -> Iterator[TextIO]:
    """Standard output, or the ``--output`` file (written whole, UTF-8).

    The file is never one of the command's ``inputs``.
    """
    if path is None or path == STDIN:
        yield sys.stdout
        return
    target = Path(path).resolve()
    if any(given != STDIN and Path(given).resolve() == target for given in inputs):
        raise UsageError(f"--output {path!r} is one of the input files; choose another name")
    buffer = io.StringIO()
    yield buffer
    write_file(path, buffer.getvalue())


def write_file(path: str, content: str, *, append: bool = False) -> None:
    """Write ``content`` to ``path`` (UTF-8), or a usage error naming the file."""
    try:
        with Path(path).open("a" if append else "w", encoding="utf-8") as handle:
            handle.write(content)
    except OSError as exc:
        raise UsageError(f"cannot write {path!r}: {exc.strerror or exc}") from exc


def width() -> int:
    """The terminal's width, between 60 and 200 columns (80 when unknown)."""
    return max(60, min(shutil.get_terminal_size((80, 24)).columns, 200))


def degrade_unencodable() -> None:
    """Let a console that cannot show a character (cp1252: ✅) print ``?`` instead."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def windows_broken_pipe(exc: OSError) -> bool:
    """Whether ``exc`` is Windows' way of saying the reader of standard output went away.

    Windows raises ``OSError(EINVAL)`` where POSIX raises ``BrokenPipeError``; it counts
    as one only when standard output itself can no longer be flushed.
    """
    if exc.errno != errno.EINVAL:
        return False
    try:
        sys.stdout.flush()
    except OSError:
        return True
    return False


def silence_stdout() -> None:
    """Point standard output at devnull, so the interpreter's final flush cannot raise."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
