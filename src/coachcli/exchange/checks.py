"""Checking what an import file holds before anything is written (SPEC §10, §13).

"Nothing that is imported can later make another command fail": every field is checked for
its type and its allowed values, ids become canonical lower-case UUIDs, times become UTC
(a time without a zone is refused), amounts are exact, finite, >= 0 and in cents, and every
text and list has a bound. A problem raises Invalid, which names the field and never
repeats the value: it may be a customer's text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from coachcli.domain import money
from coachcli.domain.advice import CODES
from coachcli.domain.case import (
    DECISIONS,
    FULL,
    OUTCOMES,
    QUESTIONS,
    RETAINED,
    REVIEW,
    STATUSES,
    VERDICTS,
    Advice,
    Case,
    Comment,
    iso,
)
from coachcli.domain.limits import MAX_NAME, MAX_TEXT
from coachcli.domain.profile import COLOURS
from coachcli.domain.verdict import ANSWERS
from coachcli.errors import CoachError

# Bounds: far above anything typed during a call (`case new` sets none, and a pasted e-mail
# must still round-trip), yet bounded: a whole case is at most 16 MB of JSON (reader).
MAX_TAGS = 100
MAX_COMMENTS = 1_000
MAX_TIME = 64
# Times a calendar can still count from: a follow-up 52 weeks after a deadline in year
# 9999 would overflow every date library, and nobody decides a case in 1900.
FIRST_YEAR, LAST_YEAR = 1971, 2999

CASE_FIELDS = frozenset(Case.__dataclass_fields__) - {"comments", "tags", "answers", "notes"}
CASE_KEYS = CASE_FIELDS | {"comments", "tags", "answers", "notes"}
COMMENT_KEYS = frozenset(Comment.__dataclass_fields__)
ADVICE_KEYS = frozenset(Advice.__dataclass_fields__)
TOMBSTONE_KEYS = frozenset({"id", "deleted_at", "reason"})
TOMBSTONE_REASONS = ("privacy",)
_QUESTION_KEYS = frozenset(QUESTIONS)

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_CURRENCY = re.compile(r"[A-Z]{3}")
_STORED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z")


class Invalid(CoachError):
    """One field of a case breaks the format; rendered in the reader's language."""

    def __init__(self, key: str, /, **values: Any) -> None:
        super().__init__(f"check.{key}", **values)


def canonical_id(value: object, field: str = "id") -> str:
    """A case or comment id as a canonical lower-case UUID.

    Upper case, braces and `urn:uuid:` are normalised; anything else is refused, so that
    one case cannot come back under a second spelling of its id.
    """
    if not isinstance(value, str):
        raise Invalid("id", field=field)
    text = value.lower()
    if text.startswith("urn:uuid:"):
        text = text[len("urn:uuid:") :]
    elif text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    if len(text) != 36 or not _UUID.fullmatch(text):
        raise Invalid("id", field=field)
    return text


def utc_time(value: object, field: str) -> str:
    """A time with a zone, as coach stores it: UTC text with milliseconds."""
    if not isinstance(value, str) or len(value) > MAX_TIME:
        raise Invalid("time", field=field)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Invalid("time", field=field) from None
    if _STORED.fullmatch(value) and FIRST_YEAR <= moment.year <= LAST_YEAR:
        return (
            value  # coach's own form already (every time in its own exports): a third of the cost
        )
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise Invalid("time_zone", field=field)
    try:
        text = iso(moment)
    except OverflowError:
        raise Invalid("time_range", field=field, first=FIRST_YEAR, last=LAST_YEAR) from None
    if not FIRST_YEAR <= int(text[:4]) <= LAST_YEAR:
        raise Invalid("time_range", field=field, first=FIRST_YEAR, last=LAST_YEAR)
    return text


def amount(value: object, field: str) -> Decimal | None:
    """An amount read exactly from the file's text (money.amount): finite, >= 0, at most
    two decimals, at most money.MAX."""
    if value is None:
        return None
    try:
        return money.amount(value)
    except money.AmountError:
        raise Invalid("amount", field=field) from None


def text(value: object, field: str, *, limit: int = MAX_TEXT, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise Invalid("text", field=field)
    if required and not value.strip():
        raise Invalid("required", field=field)
    if len(value) > limit:
        raise Invalid("too_long", field=field, limit=limit)
    if not value.isascii():
        try:
            value.encode("utf-8")  # a lone surrogate (`\ud800`) is no text SQLite can store
        except UnicodeEncodeError:
            raise Invalid("text", field=field) from None
    return value


def choice(value: object, field: str, allowed: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in allowed:
        raise Invalid("choice", field=field, allowed=", ".join(f"`{a}`" for a in allowed))
    return value


def flag(value: object, field: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise Invalid("flag", field=field)
    return value


def rung(value: object, field: str) -> int | None:
    if value is None:
        return None
    if type(value) is not int or not 1 <= value <= 4:
        raise Invalid("rung", field=field)
    return value


def table(value: object, field: str, keys: frozenset[str]) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Invalid("object", field=field)
    _known(value, keys, f"{field}.")
    return value


def _known(data: Mapping[str, Any], keys: frozenset[str], prefix: str = "") -> None:
    """A field this coach does not know would be lost on import: refused, by name."""
    unknown = data.keys() - keys
    if unknown:
        # The name comes from the file: shown escaped (a newline or a terminal control
        # sequence in it stays visible text) and short.
        name = min(unknown)[:40].encode("unicode_escape").decode("ascii")
        raise Invalid("unknown", field=prefix + name)


def case_from_json(data: object, *, review_copy: int = FULL) -> Case:
    """A case from its §7 JSON, every field checked and normalised.

    `review_copy` is the file's (REVIEW for a redacted file, PSEUDONYMS for an anonymised
    one), whatever the case itself says; a case that says it is a review copy stays one in
    any file.
    """
    if not isinstance(data, dict):
        raise Invalid("object", field="case")
    _known(data, CASE_KEYS)
    get = data.get  # looked up once: some 50 reads per case
    answers = table(get("answers"), "answers", _QUESTION_KEYS)
    notes = table(get("notes"), "notes", _QUESTION_KEYS)
    review = max(REVIEW if flag(get("review_copy"), "review_copy") else FULL, review_copy)
    return Case(
        id=canonical_id(get("id")),
        created_at=utc_time(get("created_at"), "created_at"),
        updated_at=utc_time(get("updated_at"), "updated_at"),
        decided_at=_maybe_time(get("decided_at"), "decided_at"),
        closed_at=_maybe_time(get("closed_at"), "closed_at"),
        agent=text(get("agent"), "agent", limit=MAX_NAME, required=True) or "",
        team=text(get("team"), "team", limit=MAX_NAME),
        colour=choice(get("colour"), "colour", COLOURS),
        situation=text(get("situation"), "situation", required=True) or "",
        rule=text(get("rule"), "rule", required=True) or "",
        alternative=text(get("alternative"), "alternative", required=True) or "",
        customer=text(get("customer"), "customer", limit=MAX_NAME),
        rule_cost=amount(get("rule_cost"), "rule_cost"),
        alternative_cost=amount(get("alternative_cost"), "alternative_cost"),
        currency=_currency(get("currency")),
        other_department=flag(get("other_department"), "other_department"),
        precedent=flag(get("precedent"), "precedent"),
        answers={q: choice(answers.get(q), f"answers.{q}", ANSWERS[q]) for q in QUESTIONS},
        notes={q: text(notes.get(q), f"notes.{q}") for q in QUESTIONS},
        verdict=choice(get("verdict"), "verdict", VERDICTS),
        rung=rung(get("rung"), "rung"),
        rung_inferred=rung(get("rung_inferred"), "rung_inferred"),
        rung_reason=text(get("rung_reason"), "rung_reason"),
        advice=_advice(get("advice")),
        against_advice=flag(get("against_advice"), "against_advice"),
        status=choice(get("status"), "status", STATUSES) or _missing("status"),
        decision=choice(get("decision"), "decision", DECISIONS),
        promise=text(get("promise"), "promise"),
        deadline=_maybe_time(get("deadline"), "deadline"),
        outcome=choice(get("outcome"), "outcome", OUTCOMES),
        lessons=text(get("lessons"), "lessons"),
        rule_changed=flag(get("rule_changed"), "rule_changed"),
        retained=choice(get("retained"), "retained", RETAINED),
        followed_up_at=_maybe_time(get("followed_up_at"), "followed_up_at"),
        review_copy=review,
        tags=_tags(get("tags")),
        comments=_comments(get("comments"), review),
    )


def _missing(field: str) -> str:
    raise Invalid("required", field=field)


def _maybe_time(value: object, field: str) -> str | None:
    return None if value is None else utc_time(value, field)


def _currency(value: object) -> str:
    if not isinstance(value, str) or not _CURRENCY.fullmatch(value):
        raise Invalid("currency", field="currency")
    return value


def _advice(data: object) -> Advice | None:
    if data is None:
        return None
    advice = table(data, "advice", ADVICE_KEYS)
    return Advice(
        code=choice(advice.get("code"), "advice.code", CODES) or _missing("advice.code"),
        within_comfort=flag(advice.get("within_comfort"), "advice.within_comfort"),
        within_mandate=flag(advice.get("within_mandate"), "advice.within_mandate"),
        text=text(advice.get("text"), "advice.text") or "",
        watch_out=text(advice.get("watch_out"), "advice.watch_out") or "",
    )


def _tags(data: object) -> tuple[str, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        raise Invalid("list", field="tags")
    if len(data) > MAX_TAGS:
        raise Invalid("too_many", field="tags", limit=MAX_TAGS)
    return tuple(sorted({text(t, "tags", limit=MAX_NAME, required=True) or "" for t in data}))


def _comments(data: object, review_copy: int) -> tuple[Comment, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        raise Invalid("list", field="comments")
    if len(data) > MAX_COMMENTS:
        raise Invalid("too_many", field="comments", limit=MAX_COMMENTS)
    comments: dict[str, Comment] = {}
    for raw in data:
        if not isinstance(raw, dict):
            raise Invalid("object", field="comments")
        _known(raw, COMMENT_KEYS, "comments.")
        comment = Comment(
            id=canonical_id(raw.get("id"), "comments.id"),
            author=text(raw.get("author"), "comments.author", limit=MAX_NAME, required=True) or "",
            created_at=utc_time(raw.get("created_at"), "comments.created_at"),
            text=text(raw.get("text"), "comments.text", required=True) or "",
            review_copy=max(
                REVIEW if flag(raw.get("review_copy"), "comments.review_copy") else FULL,
                review_copy,
            ),
        )
        if comment.id in comments:
            raise Invalid("comment_twice", id=comment.id)
        comments[comment.id] = comment
    return tuple(sorted(comments.values(), key=lambda c: (c.created_at, c.id)))


def tombstone_from_json(data: object) -> tuple[str, str, str]:
    """(id, deleted_at, reason) of a privacy tombstone in an export (SPEC §10)."""
    if not isinstance(data, dict):
        raise Invalid("object", field="tombstone")
    _known(data, TOMBSTONE_KEYS, "tombstone.")
    return (
        canonical_id(data.get("id"), "tombstone.id"),
        utc_time(data.get("deleted_at"), "tombstone.deleted_at"),
        choice(data.get("reason"), "tombstone.reason", TOMBSTONE_REASONS)
        or _missing("tombstone.reason"),
    )
