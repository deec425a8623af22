"""Reading task exports from CSV, Parquet and Excel files."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import polars as pl

from po_codes._errors import SchemaError
from po_codes._normalize import normalize

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["read_tasks", "read_text_table", "scan_tasks"]

_TEXT_SUFFIXES: Final = frozenset({".csv", ".txt", ".tsv", ""})
_EXCEL_SUFFIXES: Final = frozenset({".xlsx", ".xls", ".xlsm"})
_SEPARATORS: Final = (";", ",", "\t", "|")


def _check_path(path: object) -> Path:
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    resolved = Path(path)
    if not resolved.exists():
        raise SchemaError(f"cannot read {str(resolved)!r}: no such file")
    if not resolved.is_file():
        raise SchemaError(f"cannot read {str(resolved)!r}: not a file")
    return resolved


def _decode(path: Path) -> tuple[str, str]:
    """Return the text of ``path`` and the encoding used (UTF-8, else Windows-1252)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SchemaError(f"cannot read {str(path)!r}: {exc.strerror or exc}") from exc
    if not data.strip():
        raise SchemaError(f"cannot read {str(path)!r}: the file is empty")
    if b"\x00" in data[:4096]:
        raise SchemaError(f"cannot read {str(path)!r}: it looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _sniff(text: str) -> str:
    """Pick the separator that occurs most often in the header line (``;`` on ties)."""
    header = text.lstrip("\ufeff").splitlines()[0] if text else ""
    counts = {sep: header.count(sep) for sep in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def read_text_table(path: str | os.PathLike[str], **kwargs: Any) -> pl.DataFrame:
    """Read a delimited text file with every column as text (no value conversion).

    Detects UTF-8 (with or without BOM) or Windows-1252 and sniffs the separator
    (``;``, ``,``, tab or ``|``) from the header line. ``kwargs`` go to
    :func:`polars.read_csv`.

    Raises
    ------
    SchemaError
        If the file is missing, empty, binary or not a delimited table.
    """
    resolved = _check_path(path)
    text, _encoding = _decode(resolved)
    options: dict[str, Any] = {
        "separator": _sniff(text),
        "infer_schema": False,
        "truncate_ragged_lines": True,
        **kwargs,
    }
    try:
        return pl.read_csv(io.BytesIO(text.encode("utf-8")), **options)
    except (pl.exceptions.PolarsError, ValueError, TypeError) as exc:
        raise SchemaError(f"cannot read {str(resolved)!r} as a table: {exc}") from exc


def _read_raw(path: Path, kwargs: Mapping[str, Any]) -> pl.DataFrame:
    suffix = path.suffix.lower()
    if suffix in _TEXT_SUFFIXES:
        return read_text_table(path, **kwargs)
    try:
        if suffix == ".parquet":
            return pl.read_parquet(path, **kwargs)
        if suffix in _EXCEL_SUFFIXES:
            return _read_excel(path, kwargs)
    except SchemaError:
        raise
    except (pl.exceptions.PolarsError, OSError, ValueError, TypeError) as exc:
        raise SchemaError(f"cannot read {str(path)!r}: {exc}") from exc
    raise SchemaError(
        f"cannot read {str(path)!r}: unsupported file type {suffix!r}; "
        "use .csv, .txt, .tsv, .parquet or .xlsx"
    )


def _read_excel(path: Path, kwargs: Mapping[str, Any]) -> pl.DataFrame:
    try:
        import fastexcel  # noqa: F401, PLC0415  # polars' calamine engine
    except ImportError:
        raise SchemaError(
            f"cannot read {str(path)!r}: reading Excel files needs the 'excel' extra: "
            'pip install "po-codes[excel]"'
        ) from None
    try:
        frame = pl.read_excel(path, engine="calamine", infer_schema_length=0, **kwargs)
    except Exception as exc:  # fastexcel raises its own CalamineError, not a polars error
        raise SchemaError(f"cannot read {str(path)!r} as an Excel workbook: {exc}") from exc
    if not isinstance(frame, pl.DataFrame):  # a dict when several sheets are asked for
        raise SchemaError(f"cannot read {str(path)!r}: name one sheet (sheet_name=...)")
    return frame


def read_tasks(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> pl.DataFrame:
    """Read a PO task export into canonical columns, losing no value.

    CSV-like files (``.csv``, ``.txt``, ``.tsv``) are decoded as UTF-8 (with or
    without BOM) or Windows-1252, their separator (``;``, ``,``, tab, ``|``) is
    sniffed from the header, and every value is read as text first. ``.parquet`` and
    ``.xlsx`` (needs the ``excel`` extra) are read with polars.

    Headers are then matched to canonical names through the Norwegian aliases, and
    values converted as :func:`po_codes.normalize` does (``"Ja"``/``"Nei"``,
    ``dd.mm.yyyy HH:MM`` timestamps, priorities, closure codes, district names),
    *losslessly*: a column is converted only when every value in it converts. A
    column with an unreadable value (an unknown closure code, ``"kanskje"`` in a
    yes/no column...) keeps its text, so :func:`po_codes.validate` can report it.

    Parameters
    ----------
    path
        The export file.
    columns
        Explicit ``{"header": "canonical name"}`` entries that win over aliases.
    **kwargs
        Passed to the polars reader (:func:`polars.read_csv`,
        :func:`polars.read_parquet` or :func:`polars.read_excel`).

    Returns
    -------
    pl.DataFrame
        Every row of the file, with canonical column names; unknown columns kept.

    Raises
    ------
    SchemaError
        If the file is missing, empty, unreadable, of an unsupported type, or has
        no closure code column; the message names the file and the reason.
    TypeError
        If ``path`` is not a str or path-like.

    Examples
    --------
    >>> tasks = read_tasks("export.csv")  # doctest: +SKIP
    >>> po.validate(tasks).ok  # doctest: +SKIP
    True
    """
    resolved = _check_path(path)
    raw = _read_raw(resolved, kwargs)
    try:
        return normalize(raw, columns, lossless=True)
    except SchemaError as exc:
        raise SchemaError(f"{str(resolved)!r}: {exc}") from None


def scan_tasks(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> pl.LazyFrame:
    """Scan a PO task export lazily (CSV or Parquet) into canonical columns.

    Like :func:`read_tasks`, but nothing is read until the frame is collected, and
    values are converted as :func:`po_codes.normalize` does (unreadable values
    become null; for a full report, validate the raw scan:
    ``po.validate(pl.scan_csv(path, infer_schema=False))``). A CSV that is not
    UTF-8 cannot be scanned by polars and is read eagerly, then made lazy.

    Raises
    ------
    SchemaError
        If the file is missing, unreadable, of an unsupported type, or has no
        closure code column.
    TypeError
        If ``path`` is not a str or path-like.
    """
    resolved = _check_path(path)
    suffix = resolved.suffix.lower()
    try:
        if suffix == ".parquet":
            lf = pl.scan_parquet(resolved, **kwargs)
        elif suffix in _TEXT_SUFFIXES:
            with resolved.open("rb") as handle:
                head = handle.read(64 * 1024)
            try:
                text = head.decode("utf-8-sig")
            except UnicodeDecodeError:
                return normalize(read_text_table(resolved, **kwargs), columns).lazy()
            if not text.strip() or "\x00" in text:
                read_text_table(resolved)  # raises the right SchemaError
            lf = pl.scan_csv(
                resolved,
                separator=_sniff(text),
                infer_schema=False,
                truncate_ragged_lines=True,
                **kwargs,
            )
            first = lf.collect_schema().names()
            if first and first[0].startswith("\ufeff"):
                lf = lf.rename({first[0]: first[0].lstrip("\ufeff")})
        else:
            return _unsupported_scan(resolved, suffix)
        return normalize(lf, columns)
    except SchemaError as exc:
        if str(resolved) in str(exc):
            raise
        raise SchemaError(f"{str(resolved)!r}: {exc}") from None
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        raise SchemaError(f"cannot scan {str(resolved)!r}: {exc}") from exc


def _unsupported_scan(path: Path, suffix: str) -> pl.LazyFrame:
    raise SchemaError(
        f"cannot scan {str(path)!r}: unsupported file type {suffix!r}; "
        "use .csv, .txt, .tsv or .parquet (read_tasks also reads .xlsx)"
    )
