"""A case: one contact where a rule was in the way, and what was decided (SPEC §7).

Pure data: the Case dataclass, its JSON shape, and the filters for listing cases. Costs
are Decimals (domain.money); in JSON they are numbers with at most two decimals.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from coachcli.domain.money import to_json as amount_json
from coachcli.domain.vocab import Decision, Outcome, Retained, Status, Verdict, values
from coachcli.errors import UsageError

QUESTIONS = ("loyalty", "cost", "human", "risk")
STATUSES = values(Status)
DECISIONS = values(Decision)
OUTCOMES = values(Outcome)
VERDICTS = values(Verdict)
RETAINED = values(Retained)
SHORT_ID = 8
# What a case or comment is a copy of (SPEC §10): typed here or received whole (FULL), or
# received from a redacted file (REVIEW) or one with pseudonyms for names (PSEUDONYMS).
# Stored as this number; in JSON only `review_copy: true` or `false`.
FULL, REVIEW, PSEUDONYMS = 0, 1, 2


def iso(moment: datetime) -> str:
    """UTC ISO 8601 with milliseconds, so that timestamps also sort as text."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def rule_key(rule: str) -> str:
    """What makes two rules "the same rule" (SPEC §7): the text NFKC-normalised,
    case-folded, and its white space collapsed to single spaces, none at either end.

    Stored beside every case in an indexed column, because SQLite's own `lower()` and
    NOCASE fold only ASCII: "BRILLEN  alleen", "brillen alleen" and the same in full-width
    letters are one rule, and so are "Straße" and "STRASSE". Normalised again after
    folding, which can undo NFKC (a folded "ǰ" or "ΰ" is decomposed), so that a key is
    its own key.
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", rule).casefold())
    return " ".join(folded.split())


def rule_prefix(typed: str) -> str:
    """`case list --rule "Brillen*"`: the start of a rule_key that the rules must have.
    White space typed before the `*` stays one space, so "Brillen *" asks for the word
    "brillen" and "Brillen*" also finds "brillenglazen"."""
    start = typed.rstrip()
    start = start.removesuffix("*")
    key = rule_key(start)
    return key + " " if key and start[-1:].isspace() else key


def prefix_end(prefix: str) -> str | None:
    """The least text above every text that starts with `prefix`, in SQLite's binary
    order (UTF-8 bytes, which is code point order): `rule_key >= prefix AND rule_key <
    prefix_end(prefix)` is exactly "starts with", and an index serves it. None when no
    such bound exists (a prefix of only U+10FFFF)."""
    stripped = prefix.rstrip("\U0010ffff")
    if not stripped:
        return None
    last = ord(stripped[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:  # surrogates are no text; the next character is U+E000
        last = 0xE000
    return stripped[:-1] + chr(last)


@dataclass(frozen=True)
class Advice:
    code: str
    within_comfort: bool
    within_mandate: bool
    text: str
    watch_out: str

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "within_comfort": self.within_comfort,
            "within_mandate": self.within_mandate,
            "text": self.text,
            "watch_out": self.watch_out,
        }


@dataclass(frozen=True)
class Comment:
    id: str
    author: str
    created_at: str
    text: str
    review_copy: int = FULL  # FULL, REVIEW or PSEUDONYMS

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "author": self.author,
            "created_at": self.created_at,
            "text": self.text,
            "review_copy": bool(self.review_copy),
        }


def _no_answers() -> dict[str, str | None]:
    return dict.fromkeys(QUESTIONS)


@dataclass(frozen=True)
class Case:
    id: str
    created_at: str
    updated_at: str
    agent: str
    situation: str
    rule: str
    alternative: str
    currency: str
    status: str
    team: str | None = None
    colour: str | None = None
    customer: str | None = None
    rule_cost: Decimal | None = None
    alternative_cost: Decimal | None = None
    other_department: bool = False
    precedent: bool = False
    answers: Mapping[str, str | None] = field(default_factory=_no_answers)
    notes: Mapping[str, str | None] = field(default_factory=_no_answers)
    verdict: str | None = None
    rung: int | None = None
    rung_inferred: int | None = None
    rung_reason: str | None = None  # why the agent put the step lower than inferred (§3)
    advice: Advice | None = None
    against_advice: bool = False  # set aside where the advice said otherwise (§6)
    decision: str | None = None
    decided_at: str | None = None
    closed_at: str | None = None
    promise: str | None = None
    deadline: str | None = None
    outcome: str | None = None
    lessons: str | None = None
    rule_changed: bool = False
    # Did the customer stay (SPEC §11): yes, no or unknown; None until followed up.
    retained: str | None = None
    followed_up_at: str | None = None
    # Imported from a redacted or anonymised file: only a full copy replaces it (SPEC §10).
    review_copy: int = FULL  # FULL, REVIEW or PSEUDONYMS
    tags: tuple[str, ...] = ()
    comments: tuple[Comment, ...] = ()

    @classmethod
    def trusted(cls, **values: Any) -> Case:
        """A case from values already checked (a casebook row), built without the frozen
        dataclass's `__init__`, which sets each of its 40 fields through
        `object.__setattr__`: a third of what reading 100,000 cases costs. Every field
        must be given."""
        case = object.__new__(cls)
        case.__dict__.update(values)
        return case

    @property
    def short_id(self) -> str:
        return self.id.replace("-", "")[:SHORT_ID]

    def is_overdue(self, now: datetime) -> bool:
        """Open, with a deadline, and the deadline has passed (SPEC §7)."""
        return (
            self.status == Status.OPEN
            and self.deadline is not None
            and parse_iso(self.deadline) < now
        )

    def to_json(self) -> dict[str, Any]:
        """The case object of SPEC §7, in its documented key order."""
        return {
            "id": self.id,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "decided_at": self.decided_at,
            "closed_at": self.closed_at,
            "agent": self.agent,
            "team": self.team,
            "colour": self.colour,
            "situation": self.situation,
            "rule": self.rule,
            "alternative": self.alternative,
            "customer": self.customer,
            "rule_cost": None if self.rule_cost is None else amount_json(self.rule_cost),
            "alternative_cost": (
                None if self.alternative_cost is None else amount_json(self.alternative_cost)
            ),
            "currency": self.currency,
            "other_department": self.other_department,
            "precedent": self.precedent,
            "answers": {q: self.answers.get(q) for q in QUESTIONS},
            "notes": {q: self.notes.get(q) for q in QUESTIONS},
            "verdict": self.verdict,
            "rung": self.rung,
            "rung_inferred": self.rung_inferred,
            "rung_reason": self.rung_reason,
            "advice": self.advice.to_json() if self.advice else None,
            "against_advice": self.against_advice,
            "status": self.status,
            "decision": self.decision,
            "promise": self.promise,
            "deadline": self.deadline,
            "outcome": self.outcome,
            "lessons": self.lessons,
            "rule_changed": self.rule_changed,
            "retained": self.retained,
            "followed_up_at": self.followed_up_at,
            "review_copy": bool(self.review_copy),
            "tags": list(self.tags),
            "comments": [comment.to_json() for comment in self.comments],
        }


@dataclass(frozen=True)
class CaseFilter:
    """What `coach case list` narrows down to. Dates are inclusive, on `created_at`."""

    status: str | None = None
    agent: str | None = None
    team: str | None = None
    rule: str | None = None
    verdict: str | None = None
    since: date | None = None
    until: date | None = None
    overdue: bool = False
    tag: str | None = None
    # `--follow-up`: cases due for one, decided before this stored time (domain.followup).
    follow_up_before: str | None = None
    limit: int | None = 20

    def to_json(self) -> dict[str, Any]:
        """The filters as an export's header records them: only those in use."""
        values = {
            "status": self.status,
            "agent": self.agent,
            "team": self.team,
            "rule": self.rule,
            "verdict": self.verdict,
            "tag": self.tag,
            "overdue": self.overdue or None,
            "follow_up": bool(self.follow_up_before) or None,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }
        return {key: value for key, value in values.items() if value is not None}

    def created_from(self) -> str | None:
        return iso(_midnight(self.since)) if self.since else None

    def created_before(self) -> str | None:
        """The exclusive upper bound: midnight after `until`, so the whole day counts."""
        return iso(_midnight(self.until) + timedelta(days=1)) if self.until else None


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def parse_day(text: str, flag: str) -> date:
    """A `YYYY-MM-DD` flag value, or a usage error that names the flag."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError("error.bad_date", flag=flag, value=text) from None
