"""The Norwegian texts of the rules and codes, as police and press write them (issue 23).

Every nb title, description and message of a built-in rule (messages as po.validate
gives them on the rule's failing example) and every code description is checked against
the known calques; the one term for a resource on a task is used throughout.
"""

from __future__ import annotations

import re

import polars as pl
import pytest

import po_codes as po
from po_codes._rules import example_frame

CALQUES = {
    "lukkes": "avsluttes",
    "løste saken": "håndterte hendelsen",
    "prioriteres om": "omprioriteres",
    "tolerant lesing": "skrevet på en avvikende måte, men gjenkjent",
    "levetid": "tidsrommet oppdraget var åpent",
    "i forkledning": "plain wording",
    "mer haster": "prioritet 3 eller høyere (1–3)",
    "er tom": "mangler",
    "resource_assigned": "the user's header",
}


def nb_texts() -> list[str]:
    texts = []
    for rule in po.RULES:
        texts += [rule.title_in("nb"), rule.description_in("nb")]
        frame = example_frame(rule, "fails")
        failures = po.validate(frame, lang="nb").failures.filter(pl.col("rule_id") == rule.id)
        texts += failures["message"].to_list()
    texts += [code.info.description for code in po.ClosureCode]
    return texts


@pytest.mark.parametrize("calque", sorted(CALQUES))
def test_no_calque_in_nb_texts(calque: str) -> None:
    found = [text for text in nb_texts() if calque in text]
    assert found == [], f"use {CALQUES[calque]!r}"


def test_lists_end_with_eller_and_resource_has_one_term() -> None:
    for text in nb_texts():
        assert not re.search(r"\b1, 2, 3\b(?!, 4)", text), text
        assert "satt ressurs" not in text, text
        assert not re.search(r"ressurs (er|var) satt(?! på oppdraget)", text), text


def test_ikke_kapasitet_description_says_3_or_higher() -> None:
    assert "prioritet 3 eller høyere (1–3)" in po.ClosureCode.IKKE_KAPASITET.info.description


def test_po009_nb_names_the_users_header_in_guillemets() -> None:
    frame = pl.DataFrame({"Avslutningskode": ["Utført"], "Opprettet": ["i går kveld"]})
    message = po.validate(frame, lang="nb").failures["message"].item()
    assert message.startswith("«i går kveld» i kolonnen «Opprettet» kunne ikke leses")
    assert "created_at" not in message
