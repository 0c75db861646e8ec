"""Practice from the casebook (SPEC §15): choosing cases, and how far a trainee agreed.

A trainee answers the four questions and a decision for real cases; agreement is the share
of cases where their answer equals what the casebook holds. A question the case's costs
already answer (the cost question, when a cost is given, §6) is shown, not asked, and not
counted: agreeing with arithmetic teaches nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from coachcli.domain.case import QUESTIONS, Case
from coachcli.domain.ladder import Facts
from coachcli.domain.verdict import infer_cost
from coachcli.domain.vocab import Status

ASPECTS = (*QUESTIONS, "decision")


def select(
    cases: Iterable[Case], count: int, seed: int, tag: str | None = None, rule: str | None = None
) -> list[Case]:
    """`count` decided or closed cases, chosen and ordered by `seed`: the same seed and the
    same casebook give the same session."""
    import random

    wanted_tag = tag.casefold() if tag else None
    wanted_rule = " ".join(rule.split()).casefold() if rule else None
    pool = [
        case
        for case in cases
        if case.status in (Status.DECIDED, Status.CLOSED)
        and case.decision is not None
        and (wanted_tag is None or wanted_tag in (t.casefold() for t in case.tags))
        and (wanted_rule is None or wanted_rule in " ".join(case.rule.split()).casefold())
    ]
    pool.sort(key=lambda case: case.id)  # independent of the order the source lists them
    return random.Random(seed).sample(pool, min(count, len(pool)))


@dataclass(frozen=True)
class Attempt:
    """One case as the trainee answered it, compared with the casebook."""

    case_id: str
    answers: Mapping[str, str]
    decision: str
    agreement: Mapping[str, bool | None]  # None: shown, not asked, not counted

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.case_id,
            "answers": dict(self.answers),
            "decision": self.decision,
            "agreement": dict(self.agreement),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Attempt:
        return cls(data["id"], data["answers"], data["decision"], data["agreement"])


def given_answers(case: Case) -> dict[str, str]:
    """The answers the case's facts already give (§6): the cost answer when a cost is
    known. A trainee is shown these, not asked."""
    facts = Facts(case.rule_cost, case.alternative_cost, case.other_department, case.precedent)
    cost = infer_cost(facts)
    return {"cost": cost} if cost is not None else {}


def compare(case: Case, answers: Mapping[str, str], decision: str) -> Attempt:
    """How far the trainee agreed with the casebook; a given answer is not counted."""
    given = given_answers(case)
    agreement: dict[str, bool | None] = {
        q: None if q in given else answers.get(q) == case.answers.get(q) for q in QUESTIONS
    }
    agreement["decision"] = decision == case.decision
    return Attempt(case.id, dict(answers), decision, agreement)


@dataclass
class Session:
    id: str
    trainee: str
    started_at: str
    seed: int
    source: str
    source_sha256: str | None = None
    attempts: list[Attempt] = field(default_factory=list)

    def agreement(self) -> dict[str, float | None]:
        """Per question and for the decision: the share of the cases where it was asked
        that were answered as the casebook did; None where it was never asked."""
        shares: dict[str, float | None] = {}
        for aspect in ASPECTS:
            counted = [a.agreement[aspect] for a in self.attempts]
            asked = [agreed for agreed in counted if agreed is not None]
            shares[aspect] = round(sum(asked) / len(asked), 3) if asked else None
        return shares

    def most_different(self) -> str | None:
        """The question the trainee most often read differently, for the reflection prompt;
        None when they agreed on every question."""
        misses = {q: sum(a.agreement[q] is False for a in self.attempts) for q in QUESTIONS}
        worst = max(QUESTIONS, key=lambda q: misses[q])  # ties: the order of the questions
        return worst if misses[worst] else None

    def to_json(self) -> dict[str, Any]:
        return {
            "trainee": self.trainee,
            "started_at": self.started_at,
            "source": self.source
            if not self.source_sha256
            else f"{self.source} (sha256:{self.source_sha256})",
            "cases": len(self.attempts),
            "agreement": self.agreement(),
        }
