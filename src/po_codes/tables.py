"""great-tables rendering of the published PO table (needs the ``notebook`` extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from po_codes._codes import ClosureCode
from po_codes._i18n import number_format, section
from po_codes._notebook import check_lang, collected, optional

if TYPE_CHECKING:
    import polars as pl
    from great_tables import GT

__all__ = ["code_table"]

_NBSP = "\u00a0"  # Norwegian thousands separator that never breaks a number across lines


def code_table(
    code_table_frame: pl.DataFrame | pl.LazyFrame, *, title: str = "PO-tall", lang: str = "nb"
) -> GT:
    """Format the output of :func:`po_codes.code_table` as a publication table.

    Codes sit under the spanners "Med ressurs" and "Uten ressurs" with their Norwegian
    labels. With ``lang="nb"`` numbers are Norwegian: counts as ``"12 345"`` and shares
    as ``"3,5 %"`` (no-break spaces, so a number never wraps); ``lang="en"`` gives
    ``"12,345"`` and ``"3.5 %"``.

    Parameters
    ----------
    code_table_frame
        Output of ``po.code_table(...)`` (counts or ``shares=True``).
    title
        Table title.
    lang
        ``"nb"`` (Norwegian headers and number formats) or ``"en"``.

    Returns
    -------
    great_tables.GT
        Render it in a notebook, or call ``.as_raw_html()``.
    """
    great_tables = optional("great_tables")
    chosen = check_lang(lang)
    headers = section("tables.", chosen)
    sep, dec = number_format(chosen)["thousands"], number_format(chosen)["decimal"]
    labels = [code.value for code in ClosureCode]
    frame = collected(code_table_frame, (*labels, "total"), "po.code_table")
    with_resource = [c.value for c in ClosureCode.with_resource()]
    without = [c.value for c in ClosureCode.without_resource()]
    counts = [c for c in ("total", "uncoded") if c in frame.columns]
    table = (
        great_tables.GT(frame)
        .tab_header(title=title)
        .tab_spanner(label=headers["with"], columns=with_resource)
        .tab_spanner(label=headers["without"], columns=without)
        .cols_label(**{k: v for k, v in headers.items() if k in frame.columns})
        .fmt_integer(columns=counts, sep_mark=sep)
    )
    if frame.schema[labels[0]].is_float():
        # fmt_percent's incl_space puts a breaking space before "%"; this keeps
        # "3,5 %" on one line.
        return table.fmt_number(  # type: ignore[no-any-return]
            columns=labels,
            decimals=1,
            scale_by=100,
            dec_mark=dec,
            sep_mark=sep,
            pattern=f"{{x}}{_NBSP}%",
        )
    return table.fmt_integer(columns=labels, sep_mark=sep)  # type: ignore[no-any-return]
