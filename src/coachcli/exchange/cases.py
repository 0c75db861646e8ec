"""Case JSON in exports: redaction, pseudonyms, validation on import, canonical hashes."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from coachcli.domain.case import (
    DECISIONS,
    OUTCOMES,
    QUESTIONS,
    STATUSES,
    VERDICTS,
    Advice,
    Case,
    Comment,
    parse_iso,
)
from coachcli.domain.money import MAX, AmountError, amount
from coachcli.domain.redact import Redactor
from coachcli.domain.verdict import ANSWERS


def redact_case(case: Case, redact: Redactor) -> Case:
    """Every free-text field and comment redacted, and the customer reference dropped."""
    advice = case.advice
    if advice is not None:
        advice = replace(
            advice, text=redact(advice.text) or "", watch_out=redact(advice.watch_out) or ""
        )
    return _changed(
        case,
        customer=None,
        situation=redact(case.situation) or "",
        rule=redact(case.rule) or "",
        alternative=redact(case.alternative) or "",
        promise=redact(case.promise),
        lessons=redact(case.lessons),
        notes={q: redact(case.notes.get(q)) for q in QUESTIONS},
        advice=advice,
        comments=tuple(replace(c, text=redact(c.text) or "") for c in case.comments),
    )


def _changed(case: Case, **changes: Any) -> Case:
    """`dataclasses.replace` without re-running `__init__`: a third of its cost, which an
    export of 100,000 cases notices. Safe because every value here is already a Case's."""
    import copy

    new = copy.copy(case)
    for name, value in changes.items():
        object.__setattr__(new, name, value)
    return new


class Pseudonyms:
    """`Agent A`, `Agent B`, ... stable within one export, for agents and comment authors."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        key = name.casefold().strip()
        if key not in self.names:
            self.names[key] = f"Agent {_letters(len(self.names))}"
        return self.names[key]

    def case(self, case: Case) -> Case:
        return _changed(
            case,
            agent=self(case.agent),
            comments=tuple(replace(c, author=self(c.author)) for c in case.comments),
        )


def _letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, as spreadsheets count columns."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


class Invalid(ValueError):
    """A case in an import file breaks the format; the message says which field."""


class Fields:
    """Typed reads from one case object, each raising Invalid that names the field."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def text(self, name: str, required: bool = False) -> str | None:
        value = self.data.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise Invalid(f"{name} must be text")
        return value

    def needed(self, name: str) -> str:
        return self.text(name, required=True) or ""

    def stamp(self, name: str, required: bool = False) -> str | None:
        value = self.text(name, required)
        if value is not None:
            try:
                parse_iso(value)
            except ValueError:
                raise Invalid(f"{name} must be an ISO 8601 time") from None
        return value

    def choice(self, name: str, allowed: tuple[str, ...], required: bool = False) -> str | None:
        value = self.text(name, required)
        if value is not None and value not in allowed:
            raise Invalid(f"{name} must be one of {', '.join(allowed)}")
        return value

    def cost(self, name: str) -> Decimal | None:
        """An amount: a JSON number (read exactly, as a Decimal) of at least 0, with at
        most two decimals; `49.999`, `-5`, `1e400`, `true` and `"50"` are refused."""
        value = self.data.get(name)
        if value is None:
            return None
        try:
            return amount(value)
        except AmountError:
            raise Invalid(
                f"{name} must be an amount from 0 to {MAX} with at most two decimals"
            ) from None

    def rung(self, name: str) -> int | None:
        value = self.data.get(name)
        # Exactly an int: 2.0 reads as a Decimal, which equals 2 but is not a rung.
        if value is not None and (type(value) is not int or value not in (1, 2, 3, 4)):
            raise Invalid(f"{name} must be 1, 2, 3 or 4")
        return value

    def flag(self, name: str) -> bool:
        value = self.data.get(name, False)
        if not isinstance(value, bool):
            raise Invalid(f"{name} must be true or false")
        return value

    def table(self, name: str) -> dict[str, Any]:
        value = self.data.get(name) or {}
        if not isinstance(value, dict):
            raise Invalid(f"{name} must be an object")
        return value


def case_from_json(data: Any) -> Case:
    """A case from its §7 JSON, with every field checked; Invalid names the first problem."""
    if not isinstance(data, dict):
        raise Invalid("a case must be an object")
    f = Fields(data)
    answers, notes = f.table("answers"), f.table("notes")
    for question in QUESTIONS:
        if answers.get(question) not in (None, *ANSWERS[question]):
            raise Invalid(f"answers.{question} must be one of {', '.join(ANSWERS[question])}")
        if not isinstance(notes.get(question), str | None):
            raise Invalid(f"notes.{question} must be text")
    tags = data.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise Invalid("tags must be a list of text")
    return Case(
        id=f.needed("id"),
        created_at=f.stamp("created_at", True) or "",
        updated_at=f.stamp("updated_at", True) or "",
        decided_at=f.stamp("decided_at"),
        closed_at=f.stamp("closed_at"),
        agent=f.needed("agent"),
        team=f.text("team"),
        colour=f.text("colour"),
        situation=f.needed("situation"),
        rule=f.needed("rule"),
        alternative=f.needed("alternative"),
        customer=f.text("customer"),
        rule_cost=f.cost("rule_cost"),
        alternative_cost=f.cost("alternative_cost"),
        currency=f.needed("currency"),
        other_department=f.flag("other_department"),
        precedent=f.flag("precedent"),
        answers={q: answers.get(q) for q in QUESTIONS},
        notes={q: notes.get(q) for q in QUESTIONS},
        verdict=f.choice("verdict", VERDICTS),
        rung=f.rung("rung"),
        rung_inferred=f.rung("rung_inferred"),
        advice=_advice(data.get("advice")),
        status=f.choice("status", STATUSES, True) or "",
        decision=f.choice("decision", DECISIONS),
        promise=f.text("promise"),
        deadline=f.stamp("deadline"),
        outcome=f.choice("outcome", OUTCOMES),
        lessons=f.text("lessons"),
        rule_changed=f.flag("rule_changed"),
        tags=tuple(sorted(set(tags))),
        comments=_comments(data.get("comments") or []),
    )


def _advice(data: Any) -> Advice | None:
    if data is None:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("code"), str):
        raise Invalid("advice must be an object with a code")
    return Advice(
        code=data["code"],
        within_comfort=bool(data.get("within_comfort")),
        within_mandate=bool(data.get("within_mandate")),
        text=str(data.get("text") or ""),
        watch_out=str(data.get("watch_out") or ""),
    )


def _comments(data: Any) -> tuple[Comment, ...]:
    if not isinstance(data, list):
        raise Invalid("comments must be a list")
    comments = []
    for raw in data:
        if not isinstance(raw, dict) or not all(
            isinstance(raw.get(k), str) for k in ("id", "author", "created_at", "text")
        ):
            raise Invalid("each comment needs id, author, created_at and text")
        comments.append(Comment(raw["id"], raw["author"], raw["created_at"], raw["text"]))
    return tuple(sorted(comments, key=lambda c: (c.created_at, c.id)))
