"""The words of a case, typed (SPEC §6, §7): statuses, decisions, verdicts, outcomes, the
answers to the four questions and the advice codes.

One home for each: the domain compares with these members, the CLI offers them as
choices (`cli/options.py`), and import checks them (`exchange/checks.py`). They are
`StrEnum`s, so a member is the very string stored in the casebook and written in JSON.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    OPEN = "open"
    DECIDED = "decided"
    CLOSED = "closed"


class Decision(StrEnum):
    FOLLOWED_RULE = "followed-rule"
    SET_ASIDE = "set-aside"
    ESCALATED = "escalated"


class Verdict(StrEnum):
    GO = "go"
    DISCUSS = "discuss"
    STOP = "stop"


class Outcome(StrEnum):
    RESOLVED = "resolved"
    UNRESOLVED = "unresolved"
    LEGAL = "legal"
    WITHDRAWN = "withdrawn"


class Retained(StrEnum):
    """Did the customer stay, asked `followup_weeks` after the decision (SPEC §11)."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Loyalty(StrEnum):
    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


Human = Loyalty


class Cost(StrEnum):
    LOWER = "lower"
    SAME = "same"
    HIGHER = "higher"
    UNSURE = "unsure"


class Risk(StrEnum):
    NONE = "none"
    ACCEPTABLE = "acceptable"
    UNACCEPTABLE = "unacceptable"
    UNSURE = "unsure"


class AdviceCode(StrEnum):
    STICK_TO_RULE = "stick-to-rule"
    GO = "go"
    GO_STRETCH = "go-stretch"
    CHECK_COLLEAGUE = "check-colleague"
    SIGN_OFF = "sign-off"
    DISCUSS = "discuss"


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The strings of an enum, in its order: for SQL checks, JSON checks and reports."""
    return tuple(member.value for member in enum)
