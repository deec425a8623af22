"""Repeated task ids (PO003) without a hash set of every id.

The reference check is ``pl.col("task_id").is_first_distinct()`` on the cleaned ids
(:func:`po_codes._values.clean_expr`: NFC, stripped, missing tokens null). Over ten
million ids that builds a hash set of every string (seconds, and most of a streamed
run's memory). The engine gets the same answer in three steps instead:

1. **First pass** (run with the spelling queries, so a lazy source is read once for
   both): a 64-bit hash of every written ASCII id (stripped; NFC cannot change ASCII
   text) and the distinct non-ASCII spellings with their counts. Sorting the hashes
   and comparing neighbours finds the hash values written more than once; non-ASCII
   spellings are cleaned exactly (NFC included) and counted under their cleaned
   hash, so "Å1" written decomposed still repeats "Å1" written composed.
2. **Candidates**, elementwise in the main query: a written id whose hash repeats, or
   a non-ASCII spelling whose cleaned form repeats. Every row that shares its cleaned
   id with another row is a candidate; a hash collision only adds candidates.
3. **Exact re-check** on the candidate rows only (a few, among the failing rows): the
   reference ``is_first_distinct`` on their cleaned ids, in row order.

Memory while the first pass is sorted: 16 bytes per written ASCII id (the hashes and
their sorted copy) up to 16.8 million ids (256 MiB), and about 9 bytes per id beyond
that, where an eighth of the hashes is sorted at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs
import polars as pl

from po_codes._values import clean_expr, written_expr

if TYPE_CHECKING:
    from po_codes._rules._model import RuleContext

_HASH: Final = "h"
_TEXT: Final = "t"


def _ascii(text: pl.Expr) -> pl.Expr:
    return text.str.len_bytes() == text.str.len_chars()


def _stripped(column: pl.Expr) -> pl.Expr:
    return column.cast(pl.String).str.strip_chars()


def first_pass(frame: pl.LazyFrame, source: str) -> list[pl.LazyFrame]:
    """The two queries of step 1 over input column ``source`` (collect them together)."""
    raw = pl.col(source).cast(pl.String)
    stripped = _stripped(pl.col(source))
    hashes = frame.filter(written_expr(stripped) & _ascii(raw)).select(stripped.hash().alias(_HASH))
    others = (
        frame.filter(~_ascii(raw)).group_by(raw.alias(_TEXT)).len()  # null ids drop out here
    )
    return [hashes, others]


@attrs.frozen
class Repeats:
    """What the first pass found: the hashes and non-ASCII spellings of repeated ids."""

    hashes: pl.Series  # UInt64, sorted, unique
    spellings: pl.Series  # String: non-ASCII spellings whose cleaned id repeats
    cleaned: pl.Series  # String: their cleaned ids, aligned with ``spellings``

    def candidate(self, column: pl.Expr, written: pl.Expr) -> pl.Expr:
        """True where a row's id may repeat another's (step 2); ``written``: not missing."""
        hit = _stripped(column).hash().is_in(self.hashes.implode())
        if self.spellings.len():
            hit = hit | column.cast(pl.String).is_in(self.spellings.implode())
        return written & hit

    def key(self, column: pl.Expr) -> pl.Expr:
        """The cleaned id of a candidate row, without NFC on every row.

        Exact for candidates: an ASCII id is cleaned by stripping; a non-ASCII spelling
        that repeats is looked up; any other non-ASCII id is unique, so any key that
        cannot equal another candidate's (its stripped text) gives the same answer.
        """
        stripped = _stripped(column)
        if not self.spellings.len():
            return stripped
        raw = column.cast(pl.String)
        return (
            pl.when(raw.is_in(self.spellings.implode()))
            .then(raw.replace_strict(self.spellings, self.cleaned, default=None))
            .otherwise(stripped)
        )

    def exact(self, failing: pl.DataFrame, *, row: str, flag: str, key: str) -> pl.DataFrame:
        """Step 3 on the failing rows (see :func:`exact`)."""
        return exact(failing, row=row, flag=flag, key=key)

    def again(self, flag: pl.Expr, column: pl.Expr) -> pl.Expr:
        """Step 3 inside a lazy plan: candidates whose cleaned id came before, in its order."""
        return flag & ~pl.when(flag).then(self.key(column)).is_first_distinct()


@attrs.frozen
class RepeatedKey:
    """PO003's fast path (a :class:`~po_codes._rules.FastPath`): hashed candidates.

    Applies when the task key is one column; a key of several columns runs the rule's
    reference check instead.
    """

    def column(self, ctx: RuleContext) -> str | None:
        """The task key's column when the key is one column, else None."""
        return ctx.task_key[0] if len(ctx.task_key) == 1 else None

    def first_pass(self, frame: pl.LazyFrame, source: str) -> list[pl.LazyFrame]:
        """Step 1's queries (:func:`first_pass`)."""
        return first_pass(frame, source)

    def prepare(self, found: list[pl.DataFrame], *, lazy: bool) -> Repeats:
        """Step 1's result; a lazy input sorts its hashes in eight ranges."""
        return repeats(found, split=lazy)


def repeats(found: list[pl.DataFrame], *, split: bool = True) -> Repeats:
    """Step 1's result from the collected :func:`first_pass` queries (``found`` is emptied).

    ``split``: sort many hashes in eight ranges (bounded memory, for streamed inputs);
    without it they are sorted in one piece, which is faster when the input is in
    memory anyway (its 8 bytes per id are small beside the frame).
    """
    hashes = found[0].get_column(_HASH)
    others = found[1]
    found.clear()
    cleaned = others.select(
        pl.col(_TEXT), clean_expr(pl.col(_TEXT)).alias("c"), pl.col("len")
    ).filter(pl.col("c").is_not_null())
    # A non-ASCII id counts once per row, under the hash of its cleaned form.
    counted = cleaned.select(pl.col("c").hash().repeat_by("len").explode()).to_series()
    repeated = _repeated(hashes, counted, split=split)
    del hashes
    mine = cleaned.filter(pl.col("c").hash().is_in(repeated.implode()))
    return Repeats(hashes=repeated, spellings=mine.get_column(_TEXT), cleaned=mine.get_column("c"))


_SPAN: Final = 1 << 61  # hash values per part: 8 parts cover the UInt64 range
# Fewer hashes than this are sorted in one piece: at 10M ids one sort takes half the
# time of eight filtered ones, and its copy (80 MB) is small beside the streamed run.
_PARTS_FROM: Final = 1 << 24


def _repeated(hashes: pl.Series, extra: pl.Series, *, split: bool = True) -> pl.Series:
    """The hash values that occur more than once in ``hashes`` and ``extra`` together.

    Hashes are sorted and compared with themselves shifted by one (zero-copy slices).
    Many hashes are sorted in eight ranges of values, one after another, so the copy
    a sort makes is an eighth of them: the first pass's memory stays near 8 bytes per id.
    """
    parts = 8 if split and hashes.len() >= _PARTS_FROM else 1
    found = []
    for k in range(parts):
        if parts == 1:
            part = pl.concat([hashes, extra])
        else:
            low, high = k * _SPAN, (k + 1) * _SPAN - 1
            part = pl.concat(
                [
                    hashes.filter(hashes.is_between(low, high)),
                    extra.filter(extra.is_between(low, high)),
                ]
            )
        ordered = part.sort()
        del part
        later = ordered.slice(1)
        found.append(later.filter(later == ordered.slice(0, max(ordered.len() - 1, 0))))
        del ordered, later
    return pl.concat(found).unique()


def exact(failing: pl.DataFrame, *, row: str, flag: str, key: str) -> pl.DataFrame:
    """Step 3: keep ``flag`` only on candidates whose cleaned ``key`` came before.

    ``failing`` holds every candidate row (``flag`` true) with its cleaned id in
    ``key``; the rows are taken in ``row`` order.
    """
    if not failing.get_column(row).is_sorted():
        failing = failing.sort(row)
    seen = pl.when(pl.col(flag)).then(pl.col(key))
    return failing.with_columns(
        (pl.col(flag) & seen.is_not_null() & ~seen.is_first_distinct()).alias(flag)
    )
