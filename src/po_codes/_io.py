"""Reading task exports from CSV, Parquet and Excel files."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping
    from os import PathLike

    import polars as pl

__all__ = ["read_tasks", "scan_tasks"]


def read_tasks(
    path: str | PathLike[str], *, columns: Mapping[str, str] | None = None, **kwargs: object
) -> pl.DataFrame:
    """Read a task export (stub, to be implemented)."""
    raise NotImplementedError


def scan_tasks(
    path: str | PathLike[str], *, columns: Mapping[str, str] | None = None, **kwargs: object
) -> pl.LazyFrame:
    """Scan a task export lazily (stub, to be implemented)."""
    raise NotImplementedError
