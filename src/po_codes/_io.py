"""Reading task exports from files: decode and split, nothing else.

Values are kept exactly as written (text for CSV and Excel, the stored dtypes for
Parquet); headers are mapped to canonical names. Reading values is the job of
:mod:`po_codes._values`, which every other path uses too.

Text files:

- the encoding is decided once per file: a UTF-16 or UTF-8 byte-order mark wins;
  else UTF-8 when the bytes are UTF-8; else Windows-1252. A UTF-8 file with a few
  Windows-1252 bytes (one line pasted from another export) keeps its UTF-8 text and
  only those bytes are read as Windows-1252. An explicit ``encoding=`` is used as
  it is, once.
- the separator (``;``, ``,``, tab or ``|``) is sniffed from the header line.
- blank lines (empty or only whitespace, outside quoted fields) are not rows.
- a record with more fields than the header is an error naming the file and the
  line: its values cannot be assigned to columns without guessing (typically an
  unquoted decimal comma or separator). A record with fewer fields is read with the
  missing fields empty. A line of separators only (``;;``, as Excel saves an empty
  row of a sheet) is a row with every field empty.

Excel workbooks (``.xlsx``, the ``excel`` extra): the first sheet (or ``sheet_name=``),
every cell as text. Every sheet row up to the last one holding a value is a row, empty
rows included, so a sheet and the CSV Excel saves of it give the same rows and the same
report.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs
import polars as pl

from po_codes._columns import resolve_columns
from po_codes._errors import (
    InvalidArgumentError,
    MissingColumnError,
    SchemaError,
    UnreadableFileError,
)
from po_codes._normalize import require_closure_code

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = ["Table", "read_table", "read_tasks", "scan_tasks"]

TEXT_SUFFIXES: Final = frozenset({".csv", ".txt", ".tsv", ""})
EXCEL_SUFFIXES: Final = frozenset({".xlsx", ".xls", ".xlsm"})
_SEPARATORS: Final = (";", ",", "\t", "|")
_CHUNK: Final = 2 * 1024 * 1024
_QUOTED: Final = r'"(?:[^"]|"")*"'


@attrs.frozen
class Table:
    """A table read from a file: values as written, and where each row stands.

    Attributes
    ----------
    frame
        The rows, with the file's own headers.
    lines
        For each row, its 1-based line (text files: the physical line where the
        record starts, quoted line breaks counted; Excel: the sheet row), or None
        when the file has no lines (Parquet).
    encoding
        The encoding the text was decoded with (None for binary formats).
    notes
        What a report should say about how the file was read (a title line skipped).
    """

    frame: pl.DataFrame
    lines: pl.Series | None = None
    encoding: str | None = None
    notes: tuple[str, ...] = ()


# -- checks --------------------------------------------------------------------------------


def check_path(path: object) -> Path:
    """Return ``path`` as a Path to an existing file, or raise."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    resolved = Path(path)
    try:
        is_file = resolved.is_file()
        exists = is_file or resolved.exists()
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte, no permission
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise _unreadable(resolved, reason) from None
    if not exists:
        raise _unreadable(resolved, "no such file")
    if not is_file:
        raise _unreadable(resolved, "not a file")
    return resolved


def _unreadable(path: Path, reason: str, line: int | None = None) -> UnreadableFileError:
    where = f", line {line}" if line is not None else ""
    return UnreadableFileError(
        f"cannot read {str(path)!r}{where}: {reason}", path=str(path), line=line
    )


# -- decoding ------------------------------------------------------------------------------


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 refused as Windows-1252 (Latin-1 for its five holes)."""
    assert isinstance(error, UnicodeDecodeError)  # noqa: S101  (registered for decoding only)
    chunk = error.object[error.start : error.end]
    return "".join(_cp1252_byte(b) for b in chunk), error.end


def _cp1252_byte(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([byte]).decode("latin-1")


codecs.register_error("po_codes_cp1252", _cp1252_fallback)
_UTF8_PAIRS: Final = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
_HIGH: Final = re.compile(rb"[\x80-\xff]")
_WINDOW: Final = 2 * 1024 * 1024
# A row whose every cell is empty or only whitespace.
_EMPTY_ROW: Final = pl.all_horizontal(pl.all().str.strip_chars().str.len_bytes().fill_null(0) == 0)
_BLANK_LINE: Final = re.compile(r"\n[ \t\f\v]+\r?(?:\n|\Z)")


def check_encoding(encoding: object) -> str | None:
    """Return the canonical codec name of ``encoding`` (None stays None), or raise."""
    if encoding is None:
        return None
    if not isinstance(encoding, str):
        raise TypeError(f"encoding must be a str, got {type(encoding).__name__}")
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InvalidArgumentError(
            f"unknown encoding {encoding!r}; use a Python codec name such as 'utf-8' or 'cp1252'",
            value=encoding,
        ) from None


def check_separator(separator: object) -> str | None:
    """Return ``separator`` when it is one character a table can be split on, or raise."""
    if separator is None:
        return None
    if not isinstance(separator, str):
        raise TypeError(f"separator must be a str, got {type(separator).__name__}")
    if len(separator) != 1 or separator in '"\r\n':
        raise InvalidArgumentError(
            f"separator must be one character other than a quote or a line break, such as "
            f"';', ',' or a tab, got {separator!r}",
            value=separator,
        )
    return separator


def decode(path: Path, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text file's bytes once: return the text and the encoding used."""
    if encoding is not None:
        check_encoding(encoding)
        try:
            return data.decode(encoding).lstrip("\ufeff"), encoding
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise _unreadable(path, f"not valid {encoding}: {exc.reason}", line) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise _unreadable(path, f"not valid UTF-16: {exc.reason}") from None
    data = data.removeprefix(codecs.BOM_UTF8)
    if b"\x00" in data[:4096]:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise _unreadable(path, "it looks like a binary file, not text")
        return data.decode(utf16, errors="po_codes_cp1252"), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _mostly_utf8(data, first_bad):
        # Keep the UTF-8 text; read only the odd bytes as Windows-1252.
        return data.decode("utf-8", errors="po_codes_cp1252"), "utf-8 (some windows-1252)"
    return _decode_lines(data)


def _decode_lines(data: bytes) -> tuple[str, str]:
    """Windows-1252, except the lines that are valid UTF-8 with UTF-8 letters in them.

    A Windows-1252 export with a few lines pasted from a UTF-8 one: each line with a
    UTF-8 sequence is decoded as UTF-8 when the whole line is valid UTF-8 (Norwegian
    Windows-1252 text practically never is). Only those few lines are visited.
    """
    parts: list[str] = []
    emitted = seen = 0  # bytes decoded so far; bytes whose lines were looked at
    for at in _utf8_sequences(data):
        if at < seen:
            continue
        start = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at)
        seen = end = len(data) if end < 0 else end + 1
        try:
            line = data[start:end].decode("utf-8")
        except UnicodeDecodeError:
            continue  # a Windows-1252 line
        parts += [_decode_cp1252(data[emitted:start]), line]
        emitted = end
    if not parts:
        return _decode_cp1252(data), "windows-1252"
    parts.append(_decode_cp1252(data[emitted:]))
    return "".join(parts), "windows-1252 (some utf-8 lines)"


# Each byte as its UTF-8 role: L leads a 2-byte sequence, M a 3-byte one, C continues.
_ROLES: Final = bytes(
    ord("L") if 0xC2 <= b <= 0xDF else ord("M") if 0xE0 <= b <= 0xEF else
    ord("C") if 0x80 <= b <= 0xBF else ord(".")
    for b in range(256)
)  # fmt: skip


def _utf8_sequences(data: bytes) -> Iterator[int]:
    """Where ``_UTF8_PAIRS`` could match in ``data``, in order: a lead and its continuation.

    The bytes are mapped to their roles once (``bytes.translate``) and the two role
    sequences found with ``bytes.find``: a regular expression over a Windows-1252 file
    tried every high byte and read 70 MB/s.
    """
    roles = data.translate(_ROLES)
    two, three = roles.find(b"LC"), roles.find(b"MCC")
    while two >= 0 or three >= 0:
        if three < 0 or 0 <= two < three:
            yield two
            two = roles.find(b"LC", two + 1)
        else:
            yield three
            three = roles.find(b"MCC", three + 1)


def _mostly_utf8(data: bytes, first_bad: int) -> bool:
    """True when the non-ASCII bytes around the first bad one are mostly valid UTF-8.

    Looks at a window of a few MiB (not the whole file), so deciding is cheap.
    """
    window = data[max(0, first_bad - _WINDOW) : first_bad + _WINDOW]
    pairs = len(_UTF8_PAIRS.findall(window))
    high = len(_HIGH.findall(window))
    return pairs > 0 and 2 * pairs >= high / 2


def _decode_cp1252(data: bytes) -> str:
    """Windows-1252, with its five undefined bytes read as Latin-1 (never replaced)."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="po_codes_cp1252")


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    half = len(sample) // 2
    if half and sample[1::2].count(0) > half * 0.4:
        return "utf-16-le"
    if half and sample[0::2].count(0) > half * 0.4:
        return "utf-16-be"
    return None


def sniff(header: str) -> str:
    """Pick the separator that occurs most often in the header line (``;`` on ties)."""
    counts = {sep: header.count(sep) for sep in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


# -- records -------------------------------------------------------------------------------


@attrs.frozen
class Records:
    """The records that start in a piece of text made of whole lines.

    Attributes
    ----------
    starts
        1-based physical line where each record starts (quoted line breaks counted).
    blank
        Per record: the record is a blank line.
    fields
        Per record: its number of fields (separators outside quoted sections + 1).
    n_lines
        Physical lines in the piece.
    open_at_end
        True when the piece ends inside a quoted field.
    """

    starts: pl.Series
    blank: pl.Series
    fields: pl.Series
    n_lines: int
    open_at_end: bool


def find_records(
    text: str, separator: str, *, quotes_open: bool = False, lines_before: int = 0
) -> Records:
    """Find the records of ``text``, respecting quoted fields, without a Python loop.

    A line starts a record when the quotes before it are balanced; a record that
    continues from an earlier piece (``quotes_open``) is not counted again.
    """
    lines = pl.Series("line", [text]).str.split("\n").explode()
    if text.endswith("\n"):
        lines = lines.head(len(lines) - 1)
    if not quotes_open and '"' not in text:  # most pieces: every line is one record
        return _counted(
            lines, pl.int_range(1, len(lines) + 1, eager=True) + lines_before, separator
        )
    carry = 1 if quotes_open else 0
    frame = pl.DataFrame(lines).with_columns(
        quotes=pl.col("line").str.count_matches('"', literal=True).cast(pl.Int64)
    )
    frame = frame.with_columns(
        start=((pl.col("quotes").cum_sum() - pl.col("quotes") + carry) % 2) == 0,
        number=pl.int_range(1, pl.len() + 1, dtype=pl.Int64) + lines_before,
    ).with_columns(record=pl.col("start").cum_sum())
    open_at_end = bool((int(frame.get_column("quotes").sum()) + carry) % 2)
    n_lines = frame.height
    # Most records are one line without quotes: count their separators directly.
    # Only records with quotes (or spanning lines) are joined and unquoted first.
    next_starts = pl.col("start").shift(-1, fill_value=not open_at_end)
    one_line = pl.col("start") & (pl.col("quotes") == 0) & next_starts
    frame = frame.filter(pl.col("record") > 0).with_columns(simple=one_line)
    simple = frame.filter(pl.col("simple")).select("record", "number", "line")
    joined = (
        frame.filter(~pl.col("simple"))
        .group_by("record", maintain_order=True)
        .agg(pl.col("number").first(), pl.col("line").str.join("\n"))
        .with_columns(pl.col("line").str.replace_all(_QUOTED, ""))
    )
    records = pl.concat([simple, joined]).sort("record") if joined.height else simple
    found = _counted(records.get_column("line"), records.get_column("number"), separator)
    return attrs.evolve(found, n_lines=n_lines, open_at_end=open_at_end)


def _counted(lines: pl.Series, numbers: pl.Series, separator: str) -> Records:
    """The records ``lines`` (quotes removed), starting at file lines ``numbers``.

    A blank record has no separator, so only records of one field are stripped.
    """
    fields = lines.str.count_matches(separator, literal=True).cast(pl.Int64) + 1
    blank = pl.repeat(value=False, n=len(lines), dtype=pl.Boolean, eager=True)
    single = (fields == 1).arg_true()
    if len(single):
        empty = lines.gather(single).str.strip_chars(_blank_chars(separator)).str.len_bytes()
        blank = blank.scatter(single.filter(empty == 0), values=True)
    return Records(numbers.cast(pl.Int64).rename("number"), blank, fields, len(lines), False)


_WHITESPACE: Final = "".join(chr(i) for i in range(0x3001) if chr(i).isspace() and chr(i) != "\n")


def _blank_chars(separator: str) -> str:
    """The characters a blank line may hold: whitespace, but never the separator.

    A line of tabs in a tab-separated file is a row of empty fields, as ``;;`` is in
    a semicolon-separated one.
    """
    return "".join(c for c in _WHITESPACE if c != separator)


def _check_fields(path: Path, records: Records, header_fields: int) -> None:
    """Raise for the first record with more fields than the header, naming its line."""
    too_long = (~records.blank) & (records.fields > header_fields)
    if records.open_at_end and len(too_long):  # the last record is not complete yet
        too_long = too_long.scatter(len(too_long) - 1, False)
    if too_long.any():
        position = int(too_long.arg_true()[0])
        raise _unreadable(
            path,
            f"{records.fields[position]} fields where the header has {header_fields}; "
            "values cannot be matched to columns (an unquoted separator or decimal "
            "comma?): quote the field or fix the line",
            int(records.starts[position]),
        )


# -- readers -------------------------------------------------------------------------------


def read_table(
    path: str | os.PathLike[str],
    *,
    separator: str | None = None,
    encoding: str | None = None,
    sheet_name: str | None = None,
    lines: bool = False,
    skip_lines: int = 0,
    find_title: bool = False,
) -> Table:
    """Read a file's rows with every value as written (no conversion, headers kept).

    ``lines=True`` also finds the line where each row starts (for annotations).
    ``skip_lines`` lines (Excel: rows) above the header are skipped; with
    ``find_title=True`` and no ``skip_lines``, title lines above a header that names
    a closure-code column are found and skipped (and noted).

    Raises
    ------
    UnreadableFileError
        If the file is missing, empty, binary, undecodable, not a table, of an
        unsupported type, or has a record with more fields than its header.
    """
    check_separator(separator)
    check_encoding(encoding)
    check_skip(skip_lines)
    resolved = check_path(path)
    suffix = resolved.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return _read_text(
            resolved, separator, encoding, lines=lines, skip_lines=skip_lines, find=find_title
        )
    if suffix == ".parquet":
        try:
            return Table(pl.read_parquet(resolved))
        except (pl.exceptions.PolarsError, OSError) as exc:
            raise _unreadable(resolved, f"not a readable Parquet file: {exc}") from exc
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(resolved, sheet_name, skip_lines, find=find_title)
    raise _unreadable(
        resolved, f"unsupported file type {suffix!r}; use .csv, .txt, .tsv, .parquet or .xlsx"
    )


def check_skip(skip: object) -> int:
    """Return ``skip`` when it is a count of lines (0 or more), or raise."""
    if isinstance(skip, bool) or not isinstance(skip, int):
        raise TypeError(f"skip_rows must be an int, got {skip!r}")
    if skip < 0:
        raise InvalidArgumentError(f"skip_rows must be 0 or more, got {skip}", value=skip)
    return skip


_TITLE_SEARCH: Final = 10  # lines looked at for a header below title lines


def _names(line: str, separator: str | None) -> list[str]:
    sep = separator if separator is not None else sniff(line)
    return [name.strip().strip('"').strip() for name in line.split(sep)]


def _names_codes(names: list[str]) -> bool:
    return len(names) > 1 and "closure_code" in resolve_columns(names).values()


def title_lines(lines: list[str], separator: str | None) -> int:
    """How many lines above the header are a title: 0 unless the first line is no header.

    The header is the first of the next few lines that names a closure-code column
    (through the aliases) and has more fields than every line above it.
    """
    texts = [line.strip("\ufeff\r \t") for line in lines[:_TITLE_SEARCH]]
    filled = [i for i, text in enumerate(texts) if text]
    if not filled or _names_codes(_names(texts[filled[0]], separator)):
        return 0
    for index in filled[1:]:
        names = _names(texts[index], separator)
        if not _names_codes(names):
            continue
        sep = separator if separator is not None else sniff(texts[index])
        above = [texts[i].count(sep) for i in filled if i < index]
        return index if all(n < len(names) - 1 for n in above) else 0
    return 0


def _title_note(skipped: list[str]) -> str:
    shown = " / ".join(repr(line.strip()) for line in skipped if line.strip())
    lines = "line" if len(skipped) == 1 else "lines"
    return f"{len(skipped)} title {lines} above the header skipped: {shown}"


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, str(exc.strerror or exc)) from exc
    if not data.strip():
        raise _unreadable(path, "the file is empty")
    return data


def _read_text(
    path: Path,
    separator: str | None,
    encoding: str | None,
    *,
    lines: bool,
    skip_lines: int = 0,
    find: bool = False,
) -> Table:
    data = _read_bytes(path)
    text, used = decode(path, data, encoding)
    if "\r" in text and "\n" not in text:  # old Mac line endings (CR only)
        text = text.replace("\r", "\n")
    notes: tuple[str, ...] = ()
    if find and not skip_lines:
        first = text.split("\n", _TITLE_SEARCH)[:_TITLE_SEARCH]
        skip_lines = title_lines(first, separator)
        notes = (_title_note(first[:skip_lines]),) if skip_lines else ()
    if skip_lines:  # lines above the header: keep the numbering
        parts = text.split("\n", skip_lines)
        text = "\n" * skip_lines + (parts[-1] if len(parts) > skip_lines else "")
    if not text.strip():
        raise _unreadable(path, "the file is empty")
    header = text.lstrip("\ufeff\r\n \t").split("\n", 1)[0]
    sep = separator if separator is not None else sniff(header)
    leading = len(text) - len(text.lstrip("\ufeff\r\n"))
    body = text[leading:]
    offset = text[:leading].count("\n")
    # Finding the records costs about as much as parsing, so it runs only when it
    # is needed: line numbers asked for, a blank line somewhere, or polars saw a
    # line with too many fields (then the error names that line).
    records = None
    if lines or _has_blank_line(body) or body.count('"') % 2:
        records = _records_checked(path, body, sep, offset)
    try:
        frame = pl.read_csv(
            body.encode("utf-8"),
            separator=sep,
            infer_schema=False,
            truncate_ragged_lines=False,
        )
    except pl.exceptions.PolarsError as exc:
        _records_checked(path, body, sep, offset)  # raises for an over-long line
        raise _unreadable(path, f"not a delimited table: {exc}") from exc
    if records is None:
        return Table(frame, None, used, notes)
    if frame.height == len(records.starts):
        keep = ~records.blank
        return Table(frame.filter(keep), records.starts.filter(keep), used, notes)
    # Polars split the records otherwise (a stray quote inside a field): keep its
    # rows, drop the empty ones, and give no line numbers rather than wrong ones.
    return Table(frame.filter(~_EMPTY_ROW), None, used, notes)


def _open_quote(path: Path, line: int) -> UnreadableFileError:
    return _unreadable(
        path,
        'a quote (") opens a quoted field here that is never closed, so every line after '
        'it would be one value: close the quote, or write a quote inside a field as ""',
        line,
    )


def _has_blank_line(body: str) -> bool:
    """True when ``body`` has an empty or whitespace-only line (cheap scans first)."""
    return "\n\n" in body or "\n\r\n" in body or _BLANK_LINE.search(body) is not None


def _records_checked(path: Path, body: str, sep: str, offset: int) -> Records:
    """The data records of ``body``; raise for an empty file or an over-long line."""
    records = find_records(body, sep, lines_before=offset)
    if not len(records.starts) or records.blank[0]:
        raise _unreadable(path, "the file is empty")
    if records.open_at_end:
        raise _open_quote(path, int(records.starts[-1]))
    rows = _data_records(records)
    _check_fields(path, rows, int(records.fields[0]))
    return rows


def _data_records(records: Records) -> Records:
    """The records after the header."""
    return attrs.evolve(
        records,
        starts=records.starts.slice(1),
        blank=records.blank.slice(1),
        fields=records.fields.slice(1),
    )


def _read_excel(path: Path, sheet_name: str | None, skip: int = 0, *, find: bool = False) -> Table:
    try:
        import fastexcel  # noqa: F401, PLC0415  # polars' calamine engine
    except ImportError:
        raise _unreadable(
            path,
            "reading Excel files needs the 'excel' extra (fastexcel): "
            'pip install "po-codes[excel] @ git+https://github.com/po-codes/po-codes"',
        ) from None
    # Every sheet row up to the last one with a value is a row, empty ones included:
    # Excel saves an empty row inside the table as ";;" in a CSV, which is a row too,
    # so the same sheet gives the same report (and row numbers) either way.
    options: dict[str, Any] = {
        "engine": "calamine", "infer_schema_length": 0, "drop_empty_rows": False,
    }  # fmt: skip
    if sheet_name is not None:
        options["sheet_name"] = sheet_name
    try:
        frame = pl.read_excel(path, **options)
    except Exception as exc:
        raise _unreadable(path, f"not a readable Excel workbook: {exc}") from exc
    frame = frame.with_columns(pl.all().cast(pl.String))
    notes: tuple[str, ...] = ()
    if find and not skip:
        rows = [frame.columns, *frame.head(_TITLE_SEARCH - 1).iter_rows()]
        texts = ["\t".join("" if v is None else str(v) for v in row) for row in rows]
        skip = title_lines(texts, "\t")
        notes = (_title_note(texts[:skip]),) if skip else ()
    if skip:
        if frame.height < skip:
            raise _unreadable(path, f"the sheet has no row {skip + 1} to read the header from")
        header = ["" if v is None else str(v).strip() for v in frame.row(skip - 1)]
        names = [name or f"column_{i + 1}" for i, name in enumerate(header)]
        frame = frame.slice(skip)
        frame = frame.rename(dict(zip(frame.columns, _unique(names), strict=True)))
    body = frame
    lines = pl.Series("line", range(skip + 2, skip + 2 + body.height), dtype=pl.Int64)
    return Table(body, lines, None, notes)


def _unique(names: list[str]) -> list[str]:
    """Header names made unique as polars does (``name_duplicated_1``...)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        count = seen.get(name, 0)
        seen[name] = count + 1
        out.append(name if not count else f"{name}_duplicated_{count - 1}")
    return out


def canonical_headers(
    frame: pl.DataFrame | pl.LazyFrame,
    path: Path,
    columns: Mapping[str, str] | None,
) -> pl.DataFrame | pl.LazyFrame:
    """Rename headers to canonical names; raise naming the file when no code column."""
    names = frame.collect_schema().names()
    try:
        mapping = resolve_columns(names, columns)
        require_closure_code(mapping, names, f"{str(path)!r}", path=str(path))
    except MissingColumnError:
        raise
    except SchemaError as exc:
        raise SchemaError(
            f"{str(path)!r}: {exc}", path=str(path), column=exc.column, value=exc.value
        ) from None
    renamed = {source: target for source, target in mapping.items() if source != target}
    clash = [name for name in names if name not in mapping and name in renamed.values()]
    if clash:
        raise SchemaError(
            f"{str(path)!r}: column {clash[0]!r} exists and another column is read as "
            f"{clash[0]!r}: rename one of them",
            path=str(path),
            column=clash[0],
        )
    return frame.rename(renamed) if renamed else frame


def read_tasks(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    separator: str | None = None,
    encoding: str | None = None,
    skip_rows: int = 0,
    sheet_name: str | None = None,
) -> pl.DataFrame:
    """Read a PO task export: every row, every value as written, canonical headers.

    The file is only decoded and split; values are read later, by the same reader
    for every path (:func:`po_codes.validate`, :func:`po_codes.normalize`, the
    figures). So ``po.validate(po.read_tasks(p))`` reports exactly what
    ``po.validate`` reports on the raw frame, including spellings that needed
    tolerant parsing (PO008).

    The schema depends on the file's columns only: CSV and Excel columns are text
    (``String``); Parquet columns keep their stored dtypes. Headers are mapped to
    canonical names through the aliases (``Avslutningskode`` → ``closure_code``);
    other columns are kept under their own names.

    Parameters
    ----------
    path
        A ``.csv``/``.txt``/``.tsv`` (encoding and separator detected, see the module
        documentation), ``.parquet`` or ``.xlsx`` (needs the ``excel`` extra) file.
    columns
        Explicit ``{"header": "canonical name"}`` entries that win over aliases.
    separator
        The separator of a text file, when sniffing from the header is not wanted.
    encoding
        The encoding of a text file (a Python codec name), used once, as it is.
    skip_rows
        Lines (Excel: rows) above the header to skip. With the default 0, title
        lines above the header ("Eksport fra PO, Agder 2016") are found and skipped:
        when the first line names no closure-code column but one of the next lines
        does. Line numbers stay those of the file.
    sheet_name
        The sheet of an Excel workbook (default: the first).

    Returns
    -------
    pl.DataFrame
        One row per record of the file (blank lines are not records).

    Raises
    ------
    UnreadableFileError
        If the file cannot be read: missing, empty, binary, undecodable with the
        given encoding, of an unsupported type, or with a line holding more fields
        than the header. The message names the file, the line where there is one,
        and the reason.
    MissingColumnError
        If no column holds closure codes.
    InvalidArgumentError
        If ``separator`` is not one character, ``encoding`` is not a known codec or
        ``skip_rows`` is negative.
    TypeError
        If ``path`` is not a str or path-like, or an option has the wrong type.

    Examples
    --------
    >>> tasks = po.read_tasks("export.csv")  # doctest: +SKIP
    >>> po.validate(tasks).ok  # doctest: +SKIP
    True
    """
    table = read_table(
        path,
        separator=separator,
        encoding=encoding,
        sheet_name=sheet_name,
        skip_lines=skip_rows,
        find_title=True,
    )
    frame = canonical_headers(table.frame, Path(path), columns)
    assert isinstance(frame, pl.DataFrame)  # noqa: S101  (rename keeps the kind)
    return frame


def scan_tasks(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    separator: str | None = None,
    encoding: str | None = None,
    skip_rows: int = 0,
) -> pl.LazyFrame:
    """Scan a PO task export lazily: like :func:`read_tasks`, collected when needed.

    Parquet files and UTF-8 text files are scanned by polars (bounded memory). The
    file is checked when this function is called, so a broken file fails here with
    an error naming it, not later: a text file is read once to decide its encoding,
    find its blank lines and check that no line has more fields than the header. A
    text file that is not plain UTF-8 (Windows-1252, UTF-16...) cannot be scanned by
    polars; it is read eagerly and returned as a LazyFrame.

    Raises
    ------
    UnreadableFileError
        As :func:`read_tasks`.
    MissingColumnError
        If no column holds closure codes.
    TypeError
        If ``path`` is not a str or path-like.
    """
    check_separator(separator)
    check_encoding(encoding)
    check_skip(skip_rows)
    resolved = check_path(path)
    suffix = resolved.suffix.lower()
    if suffix == ".parquet":
        try:
            lf = pl.scan_parquet(resolved)
            lf.collect_schema()
        except (pl.exceptions.PolarsError, OSError) as exc:
            raise _unreadable(resolved, f"not a readable Parquet file: {exc}") from exc
    elif suffix in TEXT_SUFFIXES:
        lf = _scan_text(resolved, separator, encoding, skip_rows)
    else:
        raise _unreadable(
            resolved,
            f"unsupported file type {suffix!r} for scanning; use .csv, .txt, .tsv or "
            ".parquet (read_tasks also reads .xlsx)",
        )
    out = canonical_headers(lf, resolved, columns)
    assert isinstance(out, pl.LazyFrame)  # noqa: S101
    return out


def _scan_text(
    path: Path, separator: str | None, encoding: str | None, skip: int = 0
) -> pl.LazyFrame:
    def eager() -> pl.LazyFrame:
        options: dict[str, Any] = {"separator": separator, "encoding": encoding}
        return read_table(path, **options, skip_lines=skip, find_title=True).frame.lazy()

    if skip or (encoding is not None and check_encoding(encoding) != "utf-8"):
        return eager()
    if _has_title(path, separator):  # title lines above the header: read eagerly
        return eager()
    utf8, first, blank = _inspect_utf8(path, separator)
    if not utf8:
        return eager()
    sep = separator if separator is not None else sniff(first)
    try:
        lf = pl.scan_csv(path, separator=sep, infer_schema=False, truncate_ragged_lines=False)
        names = lf.collect_schema().names()
    except pl.exceptions.PolarsError as exc:
        raise _unreadable(path, f"not a delimited table: {exc}") from exc
    if names and names[0].startswith("\ufeff") and names[0].lstrip("\ufeff") not in names:
        lf = lf.rename({names[0]: names[0].lstrip("\ufeff")})
    if blank:
        index = "__po_scan_row"
        while index in names:
            index += "_"
        rows = pl.Series(blank, dtype=pl.UInt32)
        lf = lf.with_row_index(index).filter(~pl.col(index).is_in(rows.implode())).drop(index)
    return lf


def _has_title(path: Path, separator: str | None) -> bool:
    """True when the first lines of ``path`` hold a title above the header."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError as exc:
        raise _unreadable(path, str(exc.strerror or exc)) from exc
    text = head.decode("utf-8", errors="replace").replace("\r\n", "\n")
    return title_lines(text.split("\n", _TITLE_SEARCH)[:_TITLE_SEARCH], separator) > 0


def _inspect_utf8(path: Path, separator: str | None) -> tuple[bool, str, list[int]]:
    """Read a text file once, in chunks: is it UTF-8, its header, its blank records.

    Returns ``(False, "", [])`` as soon as a chunk is not plain UTF-8. Raises for a
    record with more fields than the header, naming its line.
    """
    blank: list[int] = []
    header = ""
    sep = separator or ";"
    header_fields = 0
    lines_before = rows_before = 0
    quotes_open = False
    opened = 0  # the line where the last record starts
    for index, piece in enumerate(_line_chunks(path)):
        data = piece
        if index == 0:
            if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return False, "", []
            data = data.removeprefix(codecs.BOM_UTF8)
            if not data.strip():
                raise _unreadable(path, "the file is empty")
            if data[:1] in (b"\r", b"\n"):
                return False, "", []  # leading blank lines: let the eager reader skip them
            if b"\n" not in data and b"\r" in data:
                return False, "", []  # old Mac line endings: the eager reader splits them
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return False, "", []
        if "\x00" in text:
            return False, "", []
        if index == 0:
            header = text.split("\n", 1)[0]
            sep = separator if separator is not None else sniff(header)
        records = find_records(text, sep, quotes_open=quotes_open, lines_before=lines_before)
        if index == 0:
            header_fields = int(records.fields[0])
            records = _data_records(records)
        _check_fields(path, records, header_fields)
        blank.extend(rows_before + int(i) for i in records.blank.arg_true())
        opened = int(records.starts[-1]) if len(records.starts) else opened
        rows_before += len(records.starts)
        lines_before += records.n_lines
        quotes_open = records.open_at_end
    if quotes_open:
        raise _open_quote(path, opened)
    return True, header, blank


def _line_chunks(path: Path) -> Iterator[bytes]:
    """The bytes of ``path`` in pieces of about ``_CHUNK`` bytes, each of whole lines."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise _unreadable(path, str(exc.strerror or exc)) from exc
    with handle:
        carry = b""
        while chunk := handle.read(_CHUNK):
            data = carry + chunk
            cut = data.rfind(b"\n") + 1
            data, carry = data[:cut], data[cut:]
            if data:
                yield data
        if carry:
            yield carry
