"""The record finder of ``scan_tasks``'s file check against a plain Python reading.

Most pieces of an export hold no quote at all; they take a shorter path (every line a
record, only one-field records stripped to find blank lines), issue 24. Both paths must
say what a line-by-line reading says: where each record starts, whether it is blank,
and how many fields it has.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from po_codes._io import _WHITESPACE, find_records

_QUOTED = re.compile(r'"(?:[^"]|"")*"')


def _reference(text: str, sep: str, lines_before: int) -> list[tuple[int, bool, int]]:
    """(first line, blank, fields) of each record, reading one line at a time."""
    lines = text.split("\n")
    if text.endswith("\n"):
        lines = lines[:-1]
    records: list[tuple[int, list[str]]] = []
    open_quote = False
    for number, line in enumerate(lines, start=1 + lines_before):
        if open_quote:
            records[-1][1].append(line)
        else:
            records.append((number, [line]))
        open_quote ^= line.count('"') % 2 == 1
    found = []
    blank_chars = "".join(c for c in _WHITESPACE if c != sep)
    for number, parts in records:
        joined = "\n".join(parts)
        if len(parts) > 1 or '"' in joined:
            joined = _QUOTED.sub("", joined)
        found.append((number, joined.strip(blank_chars) == "", joined.count(sep) + 1))
    return found


_LINE = st.lists(
    st.sampled_from(["a", "1", ";", " ", "\t", '"', '""', "x;y", "\u00a0", "å"]), max_size=6
).map("".join)


@given(st.lists(_LINE, max_size=12), st.booleans(), st.integers(0, 50), st.booleans())
def test_records_are_those_of_a_line_by_line_reading(
    lines: list[str], newline_at_end: bool, lines_before: int, quoted: bool
) -> None:
    if not quoted:  # the shorter path: no quote anywhere in the piece
        lines = [line.replace('"', "") for line in lines]
    text = "\n".join(lines) + ("\n" if newline_at_end and lines else "")
    if not text:
        return
    found = find_records(text, ";", lines_before=lines_before)
    got = list(
        zip(found.starts.to_list(), found.blank.to_list(), found.fields.to_list(), strict=True)
    )
    assert got == _reference(text, ";", lines_before)
    assert found.n_lines == len(text.split("\n")) - (1 if text.endswith("\n") else 0)


def test_a_quote_free_piece_continuing_an_open_quote_starts_no_record() -> None:
    found = find_records("a;b\nc;d\n", ";", quotes_open=True)
    assert found.starts.to_list() == []
    assert found.open_at_end
    assert found.n_lines == 2
