"""The team frame (SPEC §2, §4): what a team allows without sign-off, and its goodwill budget.

Validation lives here, with the rules of §2, so that reading `coach.toml` and
`coach team frame --set` reject exactly the same values.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from coachcli.errors import UsageError


class InvalidValue(UsageError):
    """A setting has a value outside its type or range; the message names the key."""

    def __init__(self, rule: str, key: str, value: object, **limits: Any) -> None:
        super().__init__(f"invalid.{rule}", key=key, value=_show(value), **limits)


def _show(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class Frame:
    max_rung_without_signoff: int = 2
    goodwill_budget: float = 100.0
    goodwill_per_case: float = 50.0
    exception_limit: float = 500.0
    discussion_hours: float = 48
    currency: str = "EUR"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


FRAME_KEYS = tuple(Frame.__dataclass_fields__)


def _number(key: str, value: object) -> float:
    # TOML booleans are ints to Python; a frame amount is never true or false.
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidValue("number", key, value)
    return value


def frame_from_mapping(values: dict[str, Any], prefix: str = "frame.") -> Frame:
    """Build a Frame from a `[frame]` table, checking every type and range of SPEC §2."""
    merged = Frame().as_dict() | {k: v for k, v in values.items() if k in FRAME_KEYS}

    def key(name: str) -> str:
        return prefix + name

    rung = merged["max_rung_without_signoff"]
    if isinstance(rung, bool) or not isinstance(rung, int) or not 1 <= rung <= 4:
        raise InvalidValue("int_range", key("max_rung_without_signoff"), rung, low=1, high=4)
    budget = _number(key("goodwill_budget"), merged["goodwill_budget"])
    if budget < 0:
        raise InvalidValue("at_least", key("goodwill_budget"), budget, low=0)
    per_case = _number(key("goodwill_per_case"), merged["goodwill_per_case"])
    if per_case < 0:
        raise InvalidValue("at_least", key("goodwill_per_case"), per_case, low=0)
    if per_case > budget:
        raise InvalidValue(
            "at_most_key",
            key("goodwill_per_case"),
            per_case,
            other=key("goodwill_budget"),
            limit=budget,
        )
    limit = _number(key("exception_limit"), merged["exception_limit"])
    if limit < per_case:
        raise InvalidValue(
            "at_least_key",
            key("exception_limit"),
            limit,
            other=key("goodwill_per_case"),
            limit=per_case,
        )
    hours = _number(key("discussion_hours"), merged["discussion_hours"])
    if hours <= 0:
        raise InvalidValue("positive", key("discussion_hours"), hours)
    currency = merged["currency"]
    if not (isinstance(currency, str) and len(currency) == 3 and currency.isalpha()):
        raise InvalidValue("currency", key("currency"), currency)
    return Frame(rung, budget, per_case, limit, hours, currency.upper())
