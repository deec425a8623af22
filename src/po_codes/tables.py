"""great-tables rendering of the published PO table (needs the ``notebook`` extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from po_codes._codes import ClosureCode
from po_codes._notebook import collected, optional

if TYPE_CHECKING:
    import polars as pl

__all__ = ["code_table"]

_NBSP = "\u00a0"  # Norwegian thousands separator that never breaks a number across lines
_NORWEGIAN_HEADERS = {"total": "Totalt", "district": "Distrikt", "year": "År"}


def code_table(code_table_frame: pl.DataFrame | pl.LazyFrame, *, title: str = "PO-tall") -> Any:
    """Format the output of :func:`po_codes.code_table` as a publication table.

    Codes sit under the spanners "Med ressurs" and "Uten ressurs" with their Norwegian
    labels; counts use a space as thousands separator, shares are shown as percent.

    Parameters
    ----------
    code_table_frame
        Output of ``po.code_table(...)`` (counts or ``shares=True``).
    title
        Table title.

    Returns
    -------
    great_tables.GT
        Render it in a notebook, or call ``.as_raw_html()``.
    """
    great_tables = optional("great_tables")
    labels = [code.value for code in ClosureCode]
    frame = collected(code_table_frame, (*labels, "total"), "po.code_table")
    with_resource = [c.value for c in ClosureCode.with_resource()]
    without = [c.value for c in ClosureCode.without_resource()]
    table = (
        great_tables.GT(frame)
        .tab_header(title=title)
        .tab_spanner(label="Med ressurs", columns=with_resource)
        .tab_spanner(label="Uten ressurs", columns=without)
        .cols_label(**{k: v for k, v in _NORWEGIAN_HEADERS.items() if k in frame.columns})
        .fmt_integer(columns="total", sep_mark=_NBSP)
    )
    if frame.schema[labels[0]].is_float():
        return table.fmt_percent(columns=labels, decimals=1, dec_mark=",", sep_mark=_NBSP)
    return table.fmt_integer(columns=labels, sep_mark=_NBSP)
