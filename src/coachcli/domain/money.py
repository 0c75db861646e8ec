"""Money (SPEC §3 "Money is exact"): amounts are Decimals with at most two decimals.

The one home of the amount type and its rules. Every cost and frame amount enters coach
here: `amount` takes a number (JSON, TOML, a float from an older casebook or draft) and
`from_text` what someone typed (a flag, a prompt, `team frame --set`). Either gives a
Decimal quantised to cents, finite, at least 0 and at most MAX, or raises AmountError.
No binary float ever holds money in between, so every sum, difference and comparison is
exact: an extra of exactly `goodwill_per_case` is within it.

In the casebook an amount is integer cents (`to_cents`, `from_cents`); in JSON a number
with at most two decimals (`to_json`: `50`, `1450.5`, `49.95`).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# A billion: more is a typing error, not a case. Every amount up to here has at most twelve
# significant digits, so it survives a JSON number read as a double digit for digit, fits
# integer cents in SQLite many times over, and sums exactly in Decimal's 28 digits over
# any number of cases. The messages spell it out too.
MAX = Decimal("1000000000.00")

# Typed amounts (the full "as people type them" of §3 is for a later issue): digits, with
# `.` or `,` as the decimal mark before one or two decimals, and, when both separators are
# used, the first grouping thousands (`1.450,50`, `1,450.50`). Spaces group too. Anything
# else is refused rather than guessed: `1.450` may be 1450 or 1.45. A currency sign is
# dropped, as the prompt always did; checking it against the frame's currency is part of
# that later issue. (The patterns compile on first use, in re's own cache: `case new`
# loads this module before its first prompt.)
_PLAIN = r"([0-9]+)(?:[.,]([0-9]{1,2}))?"
_GROUPED = r"([0-9]{1,3}([.,])[0-9]{3}(?:\2[0-9]{3})*)(?!\2)[.,]([0-9]{1,2})"
_SIGNS = "€$£"


class AmountError(ValueError):
    """Not an amount coach can take; `reason` says why, for tests and messages alike."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def amount(value: object) -> Decimal:
    """An amount from a number: a Decimal (JSON read with `parse_float=Decimal`, TOML), an
    int, or a float (older casebooks and drafts), which is read from its shortest repr,
    the text it was written as. Booleans, text and anything else are not amounts."""
    if isinstance(value, bool):
        raise AmountError("not_a_number")
    if isinstance(value, float):
        value = Decimal(repr(value))
    elif isinstance(value, int):
        value = Decimal(value)
    elif not isinstance(value, Decimal):
        raise AmountError("not_a_number")
    return _checked(value, exact=True)


def from_float_rounded(value: object) -> Decimal:
    """A float cost of an older casebook, rounded half up to cents from its shortest repr
    (what the agent typed); non-finite, negative or too large still raise AmountError."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AmountError("not_a_number")
    return _checked(Decimal(repr(value)), exact=False)


def from_text(text: str) -> Decimal:
    """An amount as typed: `50`, `49.95`, `49,95`, `€ 1.450,50`, `1,450.50`."""
    cleaned = "".join(text.split()).strip(_SIGNS)  # spaces, no-break spaces included
    if cleaned.startswith("-") and cleaned[1:2].isdecimal():
        raise AmountError("negative")
    plain = re.fullmatch(_PLAIN, cleaned)
    if plain:
        whole, cents = plain[1], plain[2] or ""
    else:
        grouped = re.fullmatch(_GROUPED, cleaned)
        if grouped is None:
            raise AmountError("not_a_number")
        whole, cents = grouped[1].replace(grouped[2], ""), grouped[3]
    return _checked(Decimal(f"{whole}.{cents or '0'}"), exact=True)


def _checked(value: Decimal, *, exact: bool) -> Decimal:
    if not value.is_finite():
        raise AmountError("not_finite")
    if value < 0:
        raise AmountError("negative")
    if value > MAX:
        raise AmountError("too_large")
    cents = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if exact and cents != value:
        raise AmountError("too_many_decimals")
    return abs(cents)  # -0.00 is 0.00


def to_cents(value: Decimal) -> int:
    """Integer cents, as the casebook stores an amount."""
    return int(value.scaleb(2))


def from_cents(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def to_json(value: Decimal) -> int | float:
    """A JSON number with at most two decimals: `50`, `1450.5`, `49.95`.

    A whole amount is an int; any other a float, whose shortest repr (what json writes)
    is the amount's own digits, since an amount has at most twelve of them."""
    whole = value.to_integral_value()
    return int(whole) if whole == value else float(value)


def to_toml(value: Decimal) -> int | Decimal:
    """A TOML number for tomli_w: a whole amount as an integer (`goodwill_budget = 100`),
    any other with its cents (`goodwill_per_case = 49.95`), never through a float."""
    number = to_json(value)
    return number if isinstance(number, int) else value


def plain(value: Decimal) -> str:
    """An amount in the fewest characters, as a setting shows it: `100`, `49.95`."""
    return str(to_json(value))


def json_default(value: object) -> int | float:
    """`json.dumps(..., default=json_default)`: Decimals anywhere become JSON numbers."""
    if isinstance(value, Decimal):
        return to_json(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
