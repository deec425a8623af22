"""A realistic, deterministic generator of synthetic PO task logs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    import polars as pl

__all__ = ["synthetic_tasks"]


def synthetic_tasks(
    n: int,
    *,
    seed: int = 0,
    years: Iterable[int] = range(2007, 2017),
    districts: Iterable[str] | None = None,
    error_rate: float = 0.0,
) -> pl.DataFrame:
    """Synthetic tasks (stub)."""
    raise NotImplementedError
