"""The file check of ``scan_tasks`` and the decoding of mixed files, against plain Python.

Most pieces of an export hold no quote at all; they take a shorter path (every line a
record, only one-field records stripped to find blank lines), issue 24. Both paths must
say what a line-by-line reading says: where each record starts, whether it is blank,
and how many fields it has.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from po_codes._io import (
    _UTF8_PAIRS,
    _WHITESPACE,
    _decode_cp1252,
    _decode_lines,
    _utf8_sequences,
    find_records,
)

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


_BYTES = st.binary(max_size=60) | st.lists(
    st.sampled_from(
        [b"a", b"\n", b"\xc3\xb8", b"\xf8", b"\xe2\x80\x93", b"\x96", b"\xc5", b"\xe5"]
    ),
    max_size=30,
).map(b"".join)


@given(_BYTES)
def test_utf8_sequences_are_where_the_pattern_matches(data: bytes) -> None:
    # Each line the pattern matches in is looked at once: the positions found must name
    # the same lines as the regular expression's matches (issue 24: it read 70 MB/s).
    def line_of(at: int) -> int:
        return data.count(b"\n", 0, at)

    found = list(_utf8_sequences(data))
    assert found == sorted(found)
    assert {line_of(at) for at in found} == {line_of(m.start()) for m in _UTF8_PAIRS.finditer(data)}
    assert all(_UTF8_PAIRS.match(data, at) for at in found)


@given(_BYTES)
def test_mixed_lines_decode_as_the_line_by_line_rule(data: bytes) -> None:
    text, _ = _decode_lines(data)
    expected: list[str] = []
    for line in data.split(b"\n"):
        try:
            utf8 = line.decode("utf-8")
        except UnicodeDecodeError:
            utf8 = None
        use_utf8 = utf8 is not None and _UTF8_PAIRS.search(line) is not None
        expected.append(utf8 if utf8 is not None and use_utf8 else _decode_cp1252(line))
    assert text == "\n".join(expected)
