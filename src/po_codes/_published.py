"""Reading published PO figure tables (wide, one column per code) into the long form."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from os import PathLike

    import polars as pl

__all__ = ["read_figures"]


def read_figures(path: str | PathLike[str]) -> pl.DataFrame:
    """Read a published table (stub)."""
    raise NotImplementedError
