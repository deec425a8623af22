"""PO figures: counts, shares, indicators, harmonised districts, district vs national."""

from __future__ import annotations

from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from collections.abc import Sequence

    import polars as pl

    from po_codes._codes import ClosureCode

__all__ = ["code_table", "compare", "figures", "harmonize_districts", "indicators"]


@overload
def figures(
    frame: pl.DataFrame, by: str | Sequence[str] = ..., *, weight: str | None = None
) -> pl.DataFrame: ...
@overload
def figures(
    frame: pl.LazyFrame, by: str | Sequence[str] = ..., *, weight: str | None = None
) -> pl.LazyFrame: ...
def figures(
    frame: pl.DataFrame | pl.LazyFrame,
    by: str | Sequence[str] = ("district", "year"),
    *,
    weight: str | None = None,
) -> pl.DataFrame | pl.LazyFrame:
    """Long PO figures (stub)."""
    raise NotImplementedError


@overload
def code_table(
    frame: pl.DataFrame,
    by: str | Sequence[str] = ...,
    *,
    weight: str | None = None,
    shares: bool = False,
) -> pl.DataFrame: ...
@overload
def code_table(
    frame: pl.LazyFrame,
    by: str | Sequence[str] = ...,
    *,
    weight: str | None = None,
    shares: bool = False,
) -> pl.LazyFrame: ...
def code_table(
    frame: pl.DataFrame | pl.LazyFrame,
    by: str | Sequence[str] = "district",
    *,
    weight: str | None = None,
    shares: bool = False,
) -> pl.DataFrame | pl.LazyFrame:
    """Wide code table (stub)."""
    raise NotImplementedError


@overload
def indicators(
    frame: pl.DataFrame, by: str | Sequence[str] = ..., *, weight: str | None = None
) -> pl.DataFrame: ...
@overload
def indicators(
    frame: pl.LazyFrame, by: str | Sequence[str] = ..., *, weight: str | None = None
) -> pl.LazyFrame: ...
def indicators(
    frame: pl.DataFrame | pl.LazyFrame,
    by: str | Sequence[str] = ("district", "year"),
    *,
    weight: str | None = None,
) -> pl.DataFrame | pl.LazyFrame:
    """Indicators (stub)."""
    raise NotImplementedError


@overload
def harmonize_districts(
    frame: pl.DataFrame,
    *,
    column: str = "district",
    to: int = 2016,
    split: str = "error",
    weight: str | None = None,
) -> pl.DataFrame: ...
@overload
def harmonize_districts(
    frame: pl.LazyFrame,
    *,
    column: str = "district",
    to: int = 2016,
    split: str = "error",
    weight: str | None = None,
) -> pl.LazyFrame: ...
def harmonize_districts(
    frame: pl.DataFrame | pl.LazyFrame,
    *,
    column: str = "district",
    to: int = 2016,
    split: str = "error",
    weight: str | None = None,
) -> pl.DataFrame | pl.LazyFrame:
    """Harmonise districts (stub)."""
    raise NotImplementedError


@overload
def compare(
    frame: pl.DataFrame,
    *,
    code: ClosureCode | str,
    by: str | Sequence[str] = "district",
    weight: str | None = None,
    level: float = 0.95,
) -> pl.DataFrame: ...
@overload
def compare(
    frame: pl.LazyFrame,
    *,
    code: ClosureCode | str,
    by: str | Sequence[str] = "district",
    weight: str | None = None,
    level: float = 0.95,
) -> pl.LazyFrame: ...
def compare(
    frame: pl.DataFrame | pl.LazyFrame,
    *,
    code: ClosureCode | str,
    by: str | Sequence[str] = "district",
    weight: str | None = None,
    level: float = 0.95,
) -> pl.DataFrame | pl.LazyFrame:
    """District vs national (stub)."""
    raise NotImplementedError
