"""Frames: what po_codes accepts as a table, in one place.

:data:`FrameT` types functions that return the frame type they were given (a
DataFrame gives a DataFrame, a LazyFrame a LazyFrame); :func:`as_frame` turns what a
user passes into a polars frame.
"""

from __future__ import annotations

from typing import TypeVar

import polars as pl

__all__ = ["FrameT", "as_frame"]

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)
"""A polars DataFrame or LazyFrame; the same type in and out."""


def as_frame(frame: object, what: str = "frame") -> pl.DataFrame | pl.LazyFrame:
    """Return a polars frame: polars frames as they are, Arrow-exportable objects read.

    Anything exporting an Arrow C stream (``__arrow_c_stream__``: pandas, pyarrow,
    DuckDB, narwhals...) becomes a :class:`polars.DataFrame`.

    Raises
    ------
    TypeError
        For anything else; the message names the type and how to convert it.
    """
    if isinstance(frame, pl.DataFrame | pl.LazyFrame):
        return frame
    if hasattr(frame, "__arrow_c_stream__") and not isinstance(frame, type | pl.Series):
        try:
            return pl.DataFrame(frame)
        except Exception as exc:  # the exporter is foreign code: any error is its own
            raise TypeError(
                f"{what} of type {type(frame).__name__} exports Arrow, but polars could not "
                f"read it: {exc}"
            ) from exc
    raise TypeError(
        f"{what} must be a polars DataFrame or LazyFrame, or an object exporting Arrow "
        f"(pandas, pyarrow, DuckDB...), got {type(frame).__name__}; convert it with "
        "polars.DataFrame(...) or polars.from_pandas(...)"
    )
