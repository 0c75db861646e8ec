"""Redaction (SPEC §10) on a corpus of our own: what must go, and what must stay."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachcli import content
from coachcli.domain.redact import Redactor, Words

WORDS = Words.merged(content.load("redaction", lang) for lang in ("en", "nl"))
REDACT = Redactor(WORDS, terms=["Antoni van Leeuwenhoek"], patterns=[r"\bPOL-\d{6}\b"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail j.de.vries+zorg@example.nl graag", "mail [EMAIL] graag"),
        ("Reply to Anna.Smith@mail.co.uk.", "Reply to [EMAIL]."),
        ("bel 06-12345678", "bel [PHONE]"),
        ("bel 06 1234 5678 of 0612345678", "bel [PHONE] of [PHONE]"),
        ("vast 020-1234567 en 010 123 4567", "vast [PHONE] en [PHONE]"),
        ("(030) 1234567", "[PHONE]"),
        ("+31 6 12345678 / +31 (0)20 123 4567", "[PHONE] / [PHONE]"),
        ("0031 6 1234 5678", "[PHONE]"),
        ("UK +44 20 7946 0958", "UK [PHONE]"),
        ("IBAN NL91 ABNA 0417 1643 00.", "IBAN [IBAN]."),
        ("rekening NL91ABNA0417164300", "rekening [IBAN]"),
        ("Konto DE89 3704 0044 0532 0130 00", "Konto [IBAN]"),
        ("BSN 111222333", "BSN [BSN]"),
        ("burgerservicenummer: 111.222.333", "burgerservicenummer: [BSN]"),
        ("her citizen service number is 123456782", "her citizen service number is [BSN]"),
        ("Postcode 1234 AB en 5678CD", "Postcode [POSTCODE] en [POSTCODE]"),
        ("geboren op 12-03-1980", "geboren op [DOB]"),
        ("geb. 3 maart 1975 in Delft", "geb. [DOB] in Delft"),
        ("date of birth: 1980-03-12", "date of birth: [DOB]"),
        ("she was born on 4 July 1961", "she was born on [DOB]"),
        ("Behandeld in het Antoni van Leeuwenhoek", "Behandeld in het [REDACTED]"),
        ("polis POL-123456 loopt", "polis [REDACTED] loopt"),
    ],
)
def test_personal_data_is_redacted(text: str, expected: str) -> None:
    assert REDACT(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "fake IBAN NL91ABNA0417164301 (wrong check digits)",
        "order 123456789 with bsn nearby fails the 11-check",
        "a look-alike 111222333 with no context word at all here",
        "Amounts: € 1.250,50, EUR 700, 49,95 and 1250 euro",
        "decided on 24-11-2026, deadline 2026-12-01T17:00",
        "case 3f9a2c1b and 3f9a2c1b-0000-4000-8000-000000000001",
        "policy 4471-22, claim 2026-000123, room 101",
        "in 2015 en 2016, versie 1.2.3",
        "the customer was born in a small village, long before 1990",
        "Zij belde om 10:30 en 14:45",
        "reference NL12 is not an account",
    ],
)
def test_ordinary_text_amounts_dates_and_ids_stay(text: str) -> None:
    assert REDACT(text) == text


def test_a_bsn_far_from_its_context_word_stays() -> None:
    far = "BSN staat in het dossier, maar het ordernummer van de bestelling was 111222333"
    assert REDACT(far) == far


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=99))
def test_amounts_are_never_touched(euros: int, cents: int) -> None:
    for text in (f"€ {euros},{cents:02d}", f"EUR {euros}.{cents:02d}", f"{euros} euro"):
        assert REDACT(text) == text


@given(st.text(alphabet="0123456789 ", min_size=1, max_size=40))
def test_digits_and_spaces_come_out_as_digits_spaces_or_phone_and_bsn_labels(
    digits: str,
) -> None:
    redacted = REDACT(digits) or ""
    assert "[IBAN]" not in redacted  # digits alone can never be an IBAN
    kept = redacted.replace("[PHONE]", "").replace("[BSN]", "")
    assert all(ch in "0123456789 " for ch in kept)


# As an attacker types: every shape below must come back at once (a quadratic or
# exponential scan would hang this test for minutes), and nothing personal may slip by.


def test_a_hundred_kilobytes_of_digits_and_separators_come_back_redacted_or_as_they_were() -> None:
    for text in ("1" * 100_000, "0" * 100_000, "0 " * 50_000, "06-" * 30_000, "1.2." * 25_000):
        redacted = REDACT(text) or ""
        assert set(redacted) <= set(text) | set("[PHONE]BSNIA"), text[:10]


def test_ten_thousand_at_signs_and_spelled_out_ats_stay_linear() -> None:
    assert REDACT("@" * 10_000) == "@" * 10_000
    assert REDACT("a@" * 10_000) == "a@" * 10_000
    assert REDACT("jan at " * 10_000) == "jan at " * 10_000
    # The name before an @ is read back at most 64 characters (RFC 5321's limit).
    assert REDACT("x" * 100_000 + "@example.nl") == "x" * (100_000 - 64) + "[EMAIL]"


def test_shapes_that_make_a_backtracking_scan_explode_stay_fast() -> None:
    for text in (
        " " * 100_000 + "@",
        "[" * 50_000 + "at",
        "NL91 " * 20_000,
        "geboren " * 10_000 + "12-03-1980",
        "bsn " * 10_000 + "111222333",
        "polis " * 10_000 + "0201234567",
        ("1234 " * 20_000),
        "1234 AB " * 12_500,
        "x@y.nl " * 14_000,
        "bel " + "1" * 100_000,
        "12-03-1980 " * 9_000,
    ):
        assert REDACT(text) is not None


def test_a_phone_number_after_many_digit_groups_is_still_found() -> None:
    text = "0 9 " * 5_000 + "bel 06-12345678"
    assert (REDACT(text) or "").endswith("bel [PHONE]")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("klantnummer 0201234567, bel 0301234567", "klantnummer 0201234567, bel [PHONE]"),
        ("policy no. 0201234567 (phone +31 20 123 4567)", "policy no. 0201234567 (phone [PHONE])"),
        ("telefoonnummer 0201234567", "telefoonnummer [PHONE]"),
        ("IBAN NL91.ABNA.0417.1643.00 graag", "IBAN [IBAN] graag"),
        ("polis 06-12345678", "polis [PHONE]"),  # a Dutch mobile always counts
        ("jan (at) example (dot) nl", "[EMAIL]"),
    ],
)
def test_number_words_veto_phones_but_phone_words_and_mobiles_do_not(
    text: str, expected: str
) -> None:
    assert REDACT(text) == expected


PIECES = st.sampled_from(
    ["0", "06", "1", "9", "20", "2024", "12345678", "-", ".", " ", "/", "(", ")", "+", "@",
     "NL", "nl", "AB", "kd", "IT", "at", "dot", "[at]", "bel ", "bsn ", "geb. ", "polis ",
     "maart ", "x", "\n"]
)  # fmt: skip


@given(st.lists(PIECES, max_size=14).map("".join))
def test_the_quick_look_never_clears_a_text_that_holds_something_to_redact(text: str) -> None:
    """`suspect` lets most texts skip redaction; it must never skip one that would change."""
    changed = REDACT._parts.redact(text) != text
    assert REDACT.suspect(text) or not changed, text


@given(st.lists(st.lists(PIECES, max_size=8).map("".join), max_size=4))
def test_one_look_at_all_the_texts_of_a_case_misses_none_of_them(texts: list[str]) -> None:
    if any(REDACT.suspect(text) for text in texts):
        assert REDACT.suspect_any(texts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Only the datum changes; the line breaks, an emoji's joiners and a direction mark
        # around it stay as typed, though the datum was found in the folded text.
        ("Kerkstraat 5\n1234 AB  Ons Dorp", "Kerkstraat 5\n[POSTCODE]  Ons Dorp"),
        ("bel 06\u200b-12345678 \U0001f468\u200d\U0001f469\u200d\U0001f467",
         "bel [PHONE] \U0001f468\u200d\U0001f469\u200d\U0001f467"),
        ("regel 1\nbel 06-1234\n5678 na vijven\nregel 3",
         "regel 1\nbel [PHONE] na vijven\nregel 3"),
        ("BSN725763863, klopt", "BSN[BSN], klopt"),
        ("IBAN NL91 ABNA\n0417 1643 00\nbedankt", "IBAN [IBAN]\nbedankt"),
    ],
)  # fmt: skip
def test_a_datum_hidden_from_a_pattern_is_replaced_where_it_was_typed(
    text: str, expected: str
) -> None:
    assert REDACT(text) == expected
