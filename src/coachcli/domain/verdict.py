"""The four golden questions, how each answer is judged, and the verdict (SPEC §6).

Answers are judged pass, doubt or fail. The verdict is `stop` when risk fails or two
answers fail, `go` when all four pass, and `discuss` otherwise: a costly step therefore
always goes to discussion, unless it is goodwill within the limits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from coachcli.domain.case import QUESTIONS
from coachcli.domain.frame import Frame
from coachcli.domain.ladder import Facts, fits_goodwill
from coachcli.domain.vocab import Verdict
from coachcli.errors import UsageError

ANSWERS: Mapping[str, tuple[str, ...]] = {
    "loyalty": ("yes", "no", "unsure"),
    "cost": ("lower", "same", "higher", "unsure"),
    "human": ("yes", "no", "unsure"),
    "risk": ("none", "acceptable", "unacceptable", "unsure"),
}
PASS, DOUBT, FAIL = "pass", "doubt", "fail"
JUDGEMENTS = (PASS, DOUBT, FAIL)


def infer_cost(facts: Facts) -> str | None:
    """The cost answer that follows from the costs, or None when no cost is given."""
    extra = facts.extra
    if extra is None:
        return None
    return "lower" if extra < 0 else "same" if extra == 0 else "higher"


def settle_cost(given: str | None, facts: Facts) -> str | None:
    """The cost answer: inferred from the costs, which an explicit answer may not contradict."""
    inferred = infer_cost(facts)
    if inferred is not None and given is not None and given != inferred:
        raise UsageError("error.cost_contradicts", given=given, inferred=inferred)
    return inferred or given


def judge(question: str, answer: str, facts: Facts, frame: Frame, remaining: Decimal) -> str:
    """Judge one answer: pass, doubt or fail."""
    if answer not in ANSWERS[question]:
        raise UsageError("error.bad_answer", question=question, value=answer)
    if question in ("loyalty", "human"):
        return {"yes": PASS, "unsure": DOUBT, "no": FAIL}[answer]
    if question == "risk":
        return {"none": PASS, "acceptable": PASS, "unsure": DOUBT, "unacceptable": FAIL}[answer]
    if answer in ("lower", "same"):
        return PASS
    if answer == "unsure":
        return DOUBT
    extra = facts.extra  # "higher": goodwill within the limits is the one exception
    if extra is None:
        return DOUBT
    return PASS if fits_goodwill(extra, frame, remaining) else FAIL


@dataclass(frozen=True)
class Judgement:
    judged: Mapping[str, str]  # question -> pass | doubt | fail
    verdict: str  # go | discuss | stop

    def questions(self, *judgements: str) -> list[str]:
        return [q for q in QUESTIONS if self.judged[q] in judgements]


def decide_verdict(judged: Mapping[str, str]) -> str:
    fails = sum(1 for j in judged.values() if j == FAIL)
    if judged["risk"] == FAIL or fails >= 2:
        return Verdict.STOP
    if all(j == PASS for j in judged.values()):
        return Verdict.GO
    return Verdict.DISCUSS


def assess(answers: Mapping[str, str], facts: Facts, frame: Frame, remaining: Decimal) -> Judgement:
    """Judge all four answers and reach the verdict."""
    judged = {q: judge(q, answers[q], facts, frame, remaining) for q in QUESTIONS}
    return Judgement(judged, decide_verdict(judged))
