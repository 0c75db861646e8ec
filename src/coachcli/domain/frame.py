"""The team frame (SPEC §2, §4): what a team allows without sign-off, and its goodwill budget.

Validation lives here, with the rules of §2, so that reading `coach.toml` and
`coach team frame --set` reject exactly the same values. The three amounts are Decimals
with at most two decimals (domain.money), so a limit compares exactly with an extra cost.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from coachcli.domain import money
from coachcli.errors import UsageError

AMOUNT_KEYS = ("goodwill_budget", "goodwill_per_case", "exception_limit")


class InvalidValue(UsageError):
    """A setting has a value outside its type or range; the message names the key."""

    def __init__(self, rule: str, key: str, value: object, **limits: Any) -> None:
        super().__init__(f"invalid.{rule}", key=key, value=_show(value), **limits)


def _show(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class Frame:
    max_rung_without_signoff: int = 2
    goodwill_budget: Decimal = Decimal("100.00")
    goodwill_per_case: Decimal = Decimal("50.00")
    exception_limit: Decimal = Decimal("500.00")
    discussion_hours: float = 48
    followup_weeks: int = 6  # when to ask whether the customer stayed (§11)
    currency: str = "EUR"

    def as_dict(self) -> dict[str, Any]:
        """The settings by key; amounts stay Decimals (JSON writes them with
        `money.json_default`, TOML with `to_toml`)."""
        return asdict(self)

    def to_toml(self) -> dict[str, Any]:
        """The settings as a `[frame]` table for tomli_w (amounts by `money.to_toml`)."""
        return {
            key: money.to_toml(value) if key in AMOUNT_KEYS else value
            for key, value in self.as_dict().items()
        }


FRAME_KEYS = tuple(Frame.__dataclass_fields__)


def _number(key: str, value: object) -> float:
    # TOML booleans are ints to Python; a frame setting is never true or false. Config
    # files are read with `parse_float=Decimal`, so a fraction arrives as a Decimal.
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidValue("number", key, value)
    number = float(value)
    if not math.isfinite(number):
        raise InvalidValue("number", key, value)
    return number


def _amount(key: str, value: object) -> Decimal:
    try:
        return money.amount(value)
    except money.AmountError as error:
        rule = "amount_too_large" if error.reason == "too_large" else "amount"
        raise InvalidValue(rule, key, value) from None


MAX_DISCUSSION_HOURS = 8760  # a year: a longer discussion is no discussion (§2)
MAX_FOLLOWUP_WEEKS = 52  # a year: later, nobody remembers what the step was for (§2)


def frame_from_mapping(values: dict[str, Any], prefix: str = "frame.") -> Frame:
    """Build a Frame from a `[frame]` table, checking every type and range of SPEC §2."""
    merged = Frame().as_dict() | {k: v for k, v in values.items() if k in FRAME_KEYS}

    def key(name: str) -> str:
        return prefix + name

    rung = merged["max_rung_without_signoff"]
    if isinstance(rung, bool) or not isinstance(rung, int) or not 1 <= rung <= 4:
        raise InvalidValue("int_range", key("max_rung_without_signoff"), rung, low=1, high=4)
    budget = _amount(key("goodwill_budget"), merged["goodwill_budget"])
    per_case = _amount(key("goodwill_per_case"), merged["goodwill_per_case"])
    if per_case > budget:
        raise InvalidValue(
            "at_most_key",
            key("goodwill_per_case"),
            per_case,
            other=key("goodwill_budget"),
            limit=budget,
        )
    limit = _amount(key("exception_limit"), merged["exception_limit"])
    if limit < per_case:
        raise InvalidValue(
            "at_least_key",
            key("exception_limit"),
            limit,
            other=key("goodwill_per_case"),
            limit=per_case,
        )
    hours = _number(key("discussion_hours"), merged["discussion_hours"])
    if not 0 < hours <= MAX_DISCUSSION_HOURS:
        raise InvalidValue("hours", key("discussion_hours"), hours, high=MAX_DISCUSSION_HOURS)
    weeks, most = merged["followup_weeks"], MAX_FOLLOWUP_WEEKS
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= most:
        raise InvalidValue("int_range", key("followup_weeks"), weeks, low=1, high=most)
    currency = merged["currency"]
    if not (isinstance(currency, str) and len(currency) == 3 and currency.isalpha()):
        raise InvalidValue("currency", key("currency"), currency)
    return Frame(
        max_rung_without_signoff=rung,
        goodwill_budget=budget,
        goodwill_per_case=per_case,
        exception_limit=limit,
        discussion_hours=hours,
        followup_weeks=weeks,
        currency=currency.upper(),
    )
