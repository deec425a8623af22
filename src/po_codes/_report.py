"""The validation report (being written)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl


class ValidationReport:
    """Placeholder."""

    n_rows: int
    summary: pl.DataFrame
