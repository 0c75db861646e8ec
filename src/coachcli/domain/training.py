"""Practice from the casebook (SPEC §15): choosing cases, and how far a trainee agreed.

A trainee answers the four questions and a decision for real cases; agreement is the share
of cases where their answer equals what the casebook holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from coachcli.domain.case import QUESTIONS, Case
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
    agreement: Mapping[str, bool]

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


def compare(case: Case, answers: Mapping[str, str], decision: str) -> Attempt:
    agreement = {q: answers.get(q) == case.answers.get(q) for q in QUESTIONS}
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
        """Per question and for the decision: the share of cases answered as the casebook."""
        total = len(self.attempts)
        return {
            aspect: round(sum(a.agreement[aspect] for a in self.attempts) / total, 3)
            if total
            else None
            for aspect in ASPECTS
        }

    def most_different(self) -> str | None:
        """The question the trainee most often read differently, for the reflection prompt;
        None when they agreed on every question."""
        misses = {q: sum(not a.agreement[q] for a in self.attempts) for q in QUESTIONS}
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
