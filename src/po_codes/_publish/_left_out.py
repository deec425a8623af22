"""What a published table leaves out: rows that fail error rules, unknown districts.

Published figures (the district page, ``po-codes figures``) count only rows that pass
every rule of severity error (:func:`po_codes.validate`), and say how many they left
out and which district names they did not know, so nothing is lost silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import polars as pl

from po_codes._columns import resolve_columns
from po_codes._figures import count_column
from po_codes._i18n import number, text
from po_codes._publish._data import collected
from po_codes._validate import validate

if TYPE_CHECKING:
    from po_codes._i18n import Lang

__all__ = ["LeftOut", "drop_invalid", "left_out_line"]

_UNKNOWN_DISTRICT = "PO005"


@attrs.frozen
class LeftOut:
    """Rows left out of published figures.

    Attributes
    ----------
    rows
        Input rows left out (they failed at least one error rule).
    tasks
        Tasks in those rows: ``rows`` for task rows, the sum of the count column for a
        counted table.
    districts
        The unknown district names among them, sorted.
    kept
        True when invalid rows were kept (``keep_invalid=True``): nothing left out.
    """

    rows: int = 0
    tasks: int = 0
    districts: tuple[str, ...] = ()
    kept: bool = False

    def summary(self, lang: Lang = "en") -> str:
        """One line for stderr, e.g. ``left out 5 rows failing error rules (…)``."""
        from po_codes._i18n import number  # noqa: PLC0415

        if self.kept:
            return "kept rows failing error rules (--keep-invalid)"
        if not self.rows:
            return "no row failed an error rule"
        rows = "1 row" if self.rows == 1 else f"{number(self.rows, lang)} rows"
        line = f"left out {rows} failing error rules"
        if self.tasks != self.rows:
            line += f" ({number(self.tasks, lang)} tasks)"
        if self.districts:
            line += "; unknown districts: " + ", ".join(self.districts)
        return line


def drop_invalid(
    frame: pl.DataFrame | pl.LazyFrame, *, keep_invalid: bool = False
) -> tuple[pl.DataFrame | pl.LazyFrame, LeftOut]:
    """The rows of ``frame`` that pass every error rule, and what was left out.

    With ``keep_invalid=True`` the frame is returned as it is (``LeftOut(kept=True)``).
    """
    if not isinstance(keep_invalid, bool):
        raise TypeError(f"keep_invalid must be True or False, got {keep_invalid!r}")
    if keep_invalid:
        return frame, LeftOut(kept=True)
    report = validate(frame)
    bad = collected(report.invalid_rows())
    if bad.height == 0:
        return frame, LeftOut()
    weight = count_column(bad.columns)
    tasks = int(bad[weight].cast(pl.Int64, strict=False).sum()) if weight else bad.height
    district = next((s for s, t in resolve_columns(bad.columns).items() if t == "district"), None)
    unknown: tuple[str, ...] = ()
    if district is not None:
        names = (
            bad.filter(pl.col("rule_ids").list.contains(_UNKNOWN_DISTRICT))
            .get_column(district)
            .cast(pl.String, strict=False)
            .drop_nulls()
            .unique()
            .sort()
        )
        unknown = tuple(names.to_list())
    return report.valid_rows(), LeftOut(rows=bad.height, tasks=tasks, districts=unknown)


def left_out_line(left_out: LeftOut, lang: Lang) -> str:
    """The line on standard error saying which rows published figures left out."""
    if left_out.kept:
        return text("cli.left_out.kept", lang)
    if not left_out.rows:
        return text("cli.left_out.none", lang)
    if left_out.rows == 1:
        line = text("cli.left_out.one", lang)
    else:
        line = text("cli.left_out.many", lang, n=number(left_out.rows, lang))
    if left_out.tasks != left_out.rows:
        line += text("cli.left_out.tasks", lang, n=number(left_out.tasks, lang))
    if left_out.districts:
        line += text("cli.left_out.districts", lang, names=", ".join(left_out.districts))
    return line
