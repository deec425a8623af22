from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from po_codes._text import fold, fold_expr

_ALPHABET = st.sampled_from(list("aAeEoOåÅøØæÆ_- \t\n\u00a0\u2003\x1cÃ¥¸¦˜…†äöbkXz0"))


@given(st.lists(st.text(alphabet=_ALPHABET, max_size=20) | st.text(max_size=20), max_size=20))
def test_python_and_polars_fold_agree(texts: list[str]) -> None:
    got = pl.select(fold_expr(pl.lit(pl.Series(texts, dtype=pl.String)))).to_series().to_list()
    assert got == [fold(t) for t in texts]


@given(st.text(max_size=40))
def test_fold_output_has_single_inner_spaces_and_no_separators(text: str) -> None:
    key = fold(text)
    assert key == key.strip(" ")
    assert "  " not in key
    assert "_" not in key
    assert "-" not in key
