"""Pseudonyms for agents and comment authors, in their fields and inside text (SPEC §10)."""

from __future__ import annotations

import pytest

from coachcli import content
from coachcli.domain.redact import Words
from coachcli.domain.redact.names import Pseudonyms

WORDS = Words.merged(content.load("redaction", lang) for lang in ("en", "nl"))
TEAM = ["Sanne de Vries", "Bram Bakker (teamleider)", "Rob Jansen", "Will Smith", "Jo Li"]


def names() -> Pseudonyms:
    return Pseudonyms(TEAM, WORDS.first_name_words)


def test_names_become_agent_letters_in_the_order_they_appear() -> None:
    pseudonyms = names()
    assert pseudonyms("Bram Bakker") == "Agent A"
    assert pseudonyms("Sanne de Vries") == "Agent B"
    assert pseudonyms("sanne  DE vries") == "Agent B"  # the same person, typed otherwise
    assert pseudonyms("Bram Bakker (teamleider)") == "Agent A (teamleider)"  # the role stays


def test_full_names_and_first_names_inside_text_are_replaced_as_whole_words() -> None:
    pseudonyms = names()
    text = "Overlegd met sanne de vries; Bram (teamleider) vond het goed, Sanneke niet."
    assert pseudonyms.text(text) == (
        "Overlegd met Agent A; Agent B (teamleider) vond het goed, Sanneke niet."
    )


def test_a_first_name_that_is_an_ordinary_word_stays_where_it_is_used_as_a_word() -> None:
    pseudonyms = names()
    assert pseudonyms.text("I will ask Will, and Rob saw a rob.") == (
        "I will ask Agent A, and Agent B saw a rob."
    )
    # At the start of a sentence a capital says nothing: "Will you call?" keeps its verb.
    assert pseudonyms.text("Will you call her? Rob heeft gebeld.") == (
        "Will you call her? Rob heeft gebeld."
    )
    # The full name is replaced wherever it stands: Will, as before.
    assert pseudonyms.text("Will Smith called.") == "Agent A called."


def test_a_first_name_two_people_share_cannot_say_whom_it_means() -> None:
    pseudonyms = Pseudonyms(["Sanne de Vries", "Sanne Bakker"], ())
    assert pseudonyms.text("Sanne belde terug") == "[AGENT] belde terug"
    assert pseudonyms.text("Sanne Bakker belde terug") == "Agent A belde terug"


def test_a_first_name_on_its_own_is_a_name_only_with_a_capital() -> None:
    pseudonyms = Pseudonyms(["Claims desk", "Sanne de Vries"], ())
    assert pseudonyms.text("Claims desk approved; claims are paid. Sanne agreed.") == (
        "Agent A approved; claims are paid. Agent B agreed."
    )


def test_first_names_shorter_than_three_letters_are_left_alone() -> None:
    assert names().text("Jo zei: jo, prima") == "Jo zei: jo, prima"
    assert names().text("Jo Li zei het") == "Agent A zei het"


def test_a_text_without_names_is_returned_as_it_is() -> None:
    pseudonyms = names()
    assert pseudonyms.text("De klant wil de wasbeurt vergoed") == (
        "De klant wil de wasbeurt vergoed"
    )
    assert pseudonyms.text(None) is None
    assert pseudonyms.names == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sannes voorstel was goed", "Agent A's voorstel was goed"),
        ("Bram's idee werkte", "Agent B's idee werkte"),
        ("Bram’s idea worked", "Agent B's idea worked"),
        ("Sanders belde terug", "Sanders belde terug"),  # another name, not a possessive
    ],
)
def test_a_first_name_in_its_possessive_form_is_replaced_too(text: str, expected: str) -> None:
    names = Pseudonyms(["Sanne de Vries", "Bram Bakker"])
    names("Sanne de Vries")
    names("Bram Bakker")
    assert names.text(text) == expected
