"""Every language is one catalogue with the same keys; numbers follow the language."""

from __future__ import annotations

import pytest

from po_codes import InvalidArgumentError
from po_codes._i18n import LANGS, check_lang, number, percent, text, texts


@pytest.mark.parametrize("lang", LANGS)
def test_every_catalogue_has_the_english_keys(lang: str) -> None:
    assert set(texts(check_lang(lang))) == set(texts("en"))


def test_no_norwegian_text_is_left_in_english() -> None:
    en, nb = texts("en"), texts("nb")
    same = {k for k in en if en[k] == nb[k] and any(c.isalpha() for c in en[k])}
    # Words that are the same in both languages.
    assert same <= {"severity.info"}


def test_numbers_follow_the_language() -> None:
    assert number(1234567, "nb") == "1\u00a0234\u00a0567"
    assert number(1234567, "en") == "1,234,567"
    assert number(3.25, "nb", 2) == "3,25"
    assert percent(0.035, "nb") == "3,5\u00a0%"
    assert percent(0.035, "en") == "3.5\u00a0%"
    assert percent(None, "nb") == ""


def test_text_fills_fields() -> None:
    assert text("severity.error", "nb") == "feil"


@pytest.mark.parametrize("bad", ["de", "", None, 1, "NB"])
def test_unknown_language_is_a_clear_error(bad: object) -> None:
    with pytest.raises(InvalidArgumentError, match="lang must be"):
        check_lang(bad)
