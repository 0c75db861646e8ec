"""Money is exact (SPEC §3): amounts read as people type them in English and Dutch, from
numbers, written back per language (§12), as cents, and as JSON numbers."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachcli.domain import money
from coachcli.domain.money import Ambiguous, AmountError, WrongCurrency

D = Decimal


NBSP, NNBSP = "\u00a0", "\u202f"  # a no-break space, a narrow no-break space


@pytest.mark.parametrize(
    ("typed", "lang", "amount"),
    [
        # English: a comma groups thousands, a dot is the decimal mark.
        ("50", "en", "50.00"),
        ("50,-", "en", "50.00"),  # the decimal mark, and no cents
        ("€ 50", "en", "50.00"),
        ("€50", "en", "50.00"),
        ("50€", "en", "50.00"),
        ("EUR 50", "en", "50.00"),
        ("50 EUR", "en", "50.00"),
        ("eur50", "en", "50.00"),  # a code in any case, with or without a space
        ("50 euro", "en", "50.00"),
        ("1,450.00", "en", "1450.00"),
        ("1,450", "en", "1450.00"),  # the group separator of English before three digits
        ("1,450,000", "en", "1450000.00"),
        ("1.450,50", "en", "1450.50"),  # two separators: the last is the decimal mark
        ("1,450.-", "en", "1450.00"),
        ("12.5", "en", "12.50"),
        ("12,50", "en", "12.50"),  # one or two digits at the end: decimals, whichever mark
        ("49,95", "en", "49.95"),
        ("1 450", "en", "1450.00"),
        (f"1{NBSP}450.50", "en", "1450.50"),
        (f"1{NNBSP}450", "en", "1450.00"),
        (f"€{NBSP}1.450,00", "en", "1450.00"),  # as copied from a Dutch screen
        ("1.450.000", "en", "1450000.00"),  # the dot repeats, so it can only group
        (" 7 ", "en", "7.00"),
        ("0", "en", "0.00"),
        (".50", "en", "0.50"),
        ("1000000000", "en", "1000000000.00"),  # a billion, the most one amount can be
        # Dutch: a dot groups thousands, a comma is the decimal mark.
        ("50", "nl", "50.00"),
        ("50,-", "nl", "50.00"),
        ("€ 50,-", "nl", "50.00"),
        ("€ 50", "nl", "50.00"),
        ("EUR 50", "nl", "50.00"),
        ("50 EUR", "nl", "50.00"),
        ("1.450", "nl", "1450.00"),
        ("1.450,00", "nl", "1450.00"),
        ("1.450,-", "nl", "1450.00"),
        ("1,450.00", "nl", "1450.00"),  # written the English way: still two separators
        ("€ 1 450", "nl", "1450.00"),
        (f"1{NBSP}450,50", "nl", "1450.50"),
        (f"€{NBSP}1.250,50", "nl", "1250.50"),
        ("12.5", "nl", "12.50"),
        ("12,50", "nl", "12.50"),
        ("49,95", "nl", "49.95"),
        ("1.455", "nl", "1455.00"),
        ("49.950", "nl", "49950.00"),
        ("1.234.567,89", "nl", "1234567.89"),
        ("999.999.999,99", "nl", "999999999.99"),
        ("1.000.000.000", "nl", "1000000000.00"),
        (",5", "nl", "0.50"),
    ],
)
def test_typed_amounts_are_read_as_people_type_them(typed: str, lang: str, amount: str) -> None:
    read = money.read(typed, lang, "EUR")
    assert str(read) == amount  # the value, and always to the cent


@pytest.mark.parametrize(
    ("typed", "lang", "thousands", "decimals"),
    [
        ("1.450", "en", "1450.00", "1.45"),  # a dot is the English decimal mark
        ("€1.450", "en", "1450.00", "1.45"),
        ("49.950", "en", "49950.00", "49.95"),
        ("1.000", "en", "1000.00", "1.00"),
        ("1,450", "nl", "1450.00", "1.45"),  # a comma is the Dutch one
        ("€ 2,500", "nl", "2500.00", "2.50"),
        ("EUR 1,000", "nl", "1000.00", "1.00"),
    ],
)
def test_the_decimal_mark_before_three_digits_is_ambiguous_and_never_guessed(
    typed: str, lang: str, thousands: str, decimals: str
) -> None:
    with pytest.raises(Ambiguous) as caught:
        money.read(typed, lang, "EUR")
    assert caught.value.reason == "ambiguous"
    assert [str(reading) for reading in caught.value.readings] == [thousands, decimals]


@pytest.mark.parametrize(
    ("typed", "lang", "currency", "found"),
    [
        ("$50", "en", "EUR", "USD"),
        ("US$ 50", "nl", "EUR", "USD"),
        ("£50", "en", "EUR", "GBP"),
        ("50 GBP", "nl", "EUR", "GBP"),
        ("usd 1.450", "en", "EUR", "USD"),  # the wrong currency, before any question
        ("CHF 50", "nl", "EUR", "CHF"),
        ("€ 50", "en", "USD", "EUR"),
        ("50 euro", "en", "GBP", "EUR"),
    ],
)
def test_another_currency_than_the_frames_is_refused_by_its_code(
    typed: str, lang: str, currency: str, found: str
) -> None:
    with pytest.raises(WrongCurrency) as caught:
        money.read(typed, lang, currency)
    assert (caught.value.reason, caught.value.currency) == ("wrong_currency", found)


@pytest.mark.parametrize(
    ("typed", "currency", "amount"),
    [("$50", "USD", "50.00"), ("US$1,450.00", "USD", "1450.00"), ("£ 49.95", "GBP", "49.95"),
     ("chf 50", "CHF", "50.00"), ("50 CHF", "chf", "50.00")],
)  # fmt: skip
def test_the_frames_own_currency_is_read_by_its_sign_or_code(
    typed: str, currency: str, amount: str
) -> None:
    assert str(money.read(typed, "en", currency)) == amount


@pytest.mark.parametrize(
    ("typed", "lang", "reason"),
    [
        ("1.2.3", "en", "not_a_number"),  # groups are three digits after the first
        ("1.2.3", "nl", "not_a_number"),
        ("12,3,45", "nl", "not_a_number"),
        ("14 50", "en", "not_a_number"),
        ("01.450", "nl", "not_a_number"),  # a number does not start with a group of 0
        ("1,450,00", "nl", "not_a_number"),  # one mark cannot group and end the number
        ("1.234,567.89", "en", "not_a_number"),
        ("--5", "en", "not_a_number"),
        ("+5", "en", "not_a_number"),
        ("five", "en", "not_a_number"),
        ("1e5", "en", "not_a_number"),
        ("NaN", "en", "not_a_number"),
        ("inf", "nl", "not_a_number"),
        ("\u0663", "en", "not_a_number"),  # ARABIC-INDIC DIGIT THREE: not read, see money.py
        ("\uff15\uff10", "nl", "not_a_number"),  # FULLWIDTH 50
        ("", "en", "not_a_number"),
        ("€", "nl", "not_a_number"),
        ("€50€", "en", "not_a_number"),  # one currency, once
        ("50,", "nl", "not_a_number"),
        (",-", "nl", "not_a_number"),
        ("1\t450", "en", "not_a_number"),
        ("\x1b[2J50", "en", "not_a_number"),
        ("-5", "en", "negative"),
        ("- 5", "nl", "negative"),
        ("€ -5", "nl", "negative"),
        ("-€5", "en", "negative"),
        ("\u22125", "en", "negative"),  # MINUS SIGN
        ("0.001", "en", "too_many_decimals"),
        ("0.001", "nl", "not_a_number"),  # a Dutch dot groups, and 0 is no group
        ("0,450", "nl", "too_many_decimals"),  # it can only be three decimals
        ("1.455", "en", "too_many_decimals"),  # 1.455 is no money, 1455 not English
        ("1,455", "nl", "too_many_decimals"),
        ("1.4500", "nl", "too_many_decimals"),
        ("1.450,505", "nl", "too_many_decimals"),
        ("1000000000.01", "en", "too_large"),
        ("1.000.000.000,01", "nl", "too_large"),
        ("1" + "0" * 10_000, "en", "too_large"),
    ],
)
def test_what_is_not_an_amount_is_refused_with_a_reason(typed: str, lang: str, reason: str) -> None:
    with pytest.raises(AmountError) as caught:
        money.read(typed, lang, "EUR")
    assert type(caught.value) is AmountError
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("amount", "currency", "dutch", "english"),
    [
        ("1450.00", "EUR", "€ 1.450,00", "€1,450.00"),
        ("0.00", "EUR", "€ 0,00", "€0.00"),
        ("0.5", "EUR", "€ 0,50", "€0.50"),
        ("49.95", "EUR", "€ 49,95", "€49.95"),
        ("1234567.89", "EUR", "€ 1.234.567,89", "€1,234,567.89"),
        ("1000000000.00", "EUR", "€ 1.000.000.000,00", "€1,000,000,000.00"),
        ("-650.05", "EUR", "€ -650,05", "-€650.05"),  # an extra that saves money
        ("1450.00", "USD", "US$ 1.450,00", "US$1,450.00"),
        ("49.95", "GBP", "£ 49,95", "£49.95"),
        ("1450.00", "CHF", "CHF 1.450,00", "CHF 1,450.00"),
        ("-5.00", "CHF", "CHF -5,00", "-CHF 5.00"),
    ],
)
def test_amounts_are_written_as_each_language_writes_money(
    amount: str, currency: str, dutch: str, english: str
) -> None:
    assert money.written(D(amount), "nl", currency) == dutch
    assert money.written(D(amount), "en", currency) == english


@pytest.mark.parametrize(
    ("amount", "lang", "typed"),
    [("1450.00", "en", "1450"), ("1450.00", "nl", "1450"), ("1.45", "en", "1.45"),
     ("1.45", "nl", "1,45"), ("1450.50", "nl", "1450,50")],
)  # fmt: skip
def test_an_amount_is_suggested_as_it_can_be_typed_beyond_doubt(
    amount: str, lang: str, typed: str
) -> None:
    assert money.typed(D(amount), lang) == typed


CENTS = st.integers(min_value=0, max_value=100_000_000_000)  # money.MAX in cents


@given(CENTS, st.sampled_from(["en", "nl"]), st.sampled_from(["EUR", "USD", "GBP", "CHF"]))
def test_an_amount_written_in_a_language_reads_back_the_same_in_it(
    cents: int, lang: str, currency: str
) -> None:
    amount = money.from_cents(cents)
    assert money.read(money.written(amount, lang, currency), lang, currency) == amount
    assert money.read(money.typed(amount, lang), lang, currency) == amount


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        (50, D("50.00")),
        (49.95, D("49.95")),  # a float is read from its shortest repr: what was written
        (0.1, D("0.10")),
        (D("49.950"), D("49.95")),  # JSON 49.950 is the number 49.95
        (-0.0, D("0.00")),
        (D("-0"), D("0.00")),
    ],
)
def test_numbers_become_amounts(value: object, amount: Decimal) -> None:
    assert money.amount(value) == amount


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (True, "not_a_number"),
        ("50", "not_a_number"),
        (None, "not_a_number"),
        (-1, "negative"),
        (D("-0.01"), "negative"),
        (float("nan"), "not_finite"),
        (float("inf"), "not_finite"),
        (D("Infinity"), "not_finite"),
        (D("NaN"), "not_finite"),
        (1e300, "too_large"),
        (D("1E+400"), "too_large"),
        (0.30000000000000004, "too_many_decimals"),
        (D("49.999"), "too_many_decimals"),
        (D("1E-400"), "too_many_decimals"),
    ],
)
def test_numbers_that_are_no_amount_are_refused(value: object, reason: str) -> None:
    with pytest.raises(AmountError) as caught:
        money.amount(value)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("stored", "cents"),
    [
        (49.95, 4995),
        (0.30000000000000004, 30),  # rounded from the shortest repr, half up
        (0.285, 29),  # repr 0.285: half up, though the float itself is 0.28499...
        (2.675, 268),
        (1e-7, 0),
        (450.0, 45000),
    ],
)
def test_an_old_float_cost_is_rounded_half_up_to_cents(stored: float, cents: int) -> None:
    assert money.to_cents(money.from_float_rounded(stored)) == cents


@pytest.mark.parametrize("stored", [-1.0, float("inf"), 1e10, "lots"])
def test_an_old_cost_that_is_no_amount_is_not_rounded_into_one(stored: object) -> None:
    with pytest.raises(AmountError):
        money.from_float_rounded(stored)


@pytest.mark.parametrize(
    ("amount", "written"),
    [("50.00", "50"), ("1450.50", "1450.5"), ("49.95", "49.95"), ("0.07", "0.07"),
     ("0.00", "0"), ("999999999.99", "999999999.99"), ("1000000000.00", "1000000000")],
)  # fmt: skip
def test_json_numbers_have_at_most_two_decimals(amount: str, written: str) -> None:
    assert json.dumps(money.to_json(D(amount))) == written
    assert json.dumps({"spent": D(amount)}, default=money.json_default) == (
        f'{{"spent": {written}}}'
    )


@given(st.integers(min_value=0, max_value=money.to_cents(money.MAX)))
def test_every_amount_survives_cents_and_json_digit_for_digit(cents: int) -> None:
    amount = money.from_cents(cents)
    assert money.to_cents(amount) == cents
    text = json.dumps(money.to_json(amount))
    assert "e" not in text
    assert len(text.partition(".")[2]) <= 2
    # Read back as coach reads JSON (exactly), and as a plain float reader would.
    assert money.amount(json.loads(text, parse_float=Decimal)) == amount
    assert money.amount(json.loads(text)) == amount
    # A plain number reads the same in either language: what scripts should write (§3).
    assert money.read(text, "en", "EUR") == money.read(text, "nl", "EUR") == amount


def test_a_json_default_refuses_what_is_not_money() -> None:
    with pytest.raises(TypeError):
        json.dumps({"when": object()}, default=money.json_default)


def test_the_messages_name_the_largest_amount_as_each_language_writes_it() -> None:
    from coachcli.i18n import Messages

    assert str(money.MAX) == "1000000000.00"
    for lang, written in (("en", "1,000,000,000.00"), ("nl", "1.000.000.000,00")):
        t = Messages(lang)
        for key in ("error.cost_too_large", "invalid.amount_too_large", "prompt.amount_too_large"):
            assert written in t(key, flag="--alt-cost", key="frame.goodwill_budget", value="x")
