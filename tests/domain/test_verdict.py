"""Judging the four answers and the verdict (SPEC §6), driven by tables and properties."""

from __future__ import annotations

import itertools
from decimal import Decimal
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachcli.domain.case import QUESTIONS
from coachcli.domain.frame import Frame
from coachcli.domain.ladder import Facts
from coachcli.domain.verdict import ANSWERS, assess, decide_verdict, judge, settle_cost
from coachcli.errors import UsageError

FRAME = Frame()
FULL = Decimal(100)


@pytest.mark.parametrize(
    ("question", "answer", "facts", "remaining", "judged"),
    [
        ("loyalty", "yes", Facts(), FULL, "pass"),
        ("loyalty", "unsure", Facts(), FULL, "doubt"),
        ("loyalty", "no", Facts(), FULL, "fail"),
        ("human", "yes", Facts(), FULL, "pass"),
        ("human", "unsure", Facts(), FULL, "doubt"),
        ("human", "no", Facts(), FULL, "fail"),
        ("risk", "none", Facts(), FULL, "pass"),
        ("risk", "acceptable", Facts(), FULL, "pass"),
        ("risk", "unsure", Facts(), FULL, "doubt"),
        ("risk", "unacceptable", Facts(), FULL, "fail"),
        ("cost", "lower", Facts(D(700), D(50)), FULL, "pass"),
        ("cost", "same", Facts(), FULL, "pass"),
        ("cost", "unsure", Facts(), FULL, "doubt"),
        ("cost", "higher", Facts(), FULL, "doubt"),  # extra unknown
        ("cost", "higher", Facts(D(0), D(50)), FULL, "pass"),  # goodwill within the limits
        ("cost", "higher", Facts(D(0), D(51)), FULL, "fail"),  # past the per-case limit
        ("cost", "higher", Facts(D(0), D(40)), D(30), "fail"),  # past the remaining budget
    ],
)
def test_judging(question: str, answer: str, facts: Facts, remaining: Decimal, judged: str) -> None:
    assert judge(question, answer, facts, FRAME, remaining) == judged


@pytest.mark.parametrize(
    ("judged", "verdict"),
    [
        (("pass", "pass", "pass", "pass"), "go"),
        (("doubt", "pass", "pass", "pass"), "discuss"),
        (("fail", "pass", "pass", "pass"), "discuss"),
        (("pass", "pass", "pass", "doubt"), "discuss"),
        (("pass", "pass", "pass", "fail"), "stop"),  # risk fails
        (("fail", "fail", "pass", "pass"), "stop"),  # two fail
        (("fail", "doubt", "doubt", "doubt"), "discuss"),
        (("doubt", "doubt", "doubt", "doubt"), "discuss"),
    ],
)
def test_verdict_rules(judged: tuple[str, ...], verdict: str) -> None:
    assert decide_verdict(dict(zip(QUESTIONS, judged, strict=True))) == verdict


GOODNESS = {"pass": 2, "doubt": 1, "fail": 0}
VERDICT_GOODNESS = {"go": 2, "discuss": 1, "stop": 0}
judgement = st.sampled_from(list(GOODNESS))


@given(st.tuples(judgement, judgement, judgement, judgement), st.sampled_from(QUESTIONS), judgement)
def test_the_verdict_never_improves_when_an_answer_gets_worse(
    judged: tuple[str, ...], question: str, worse: str
) -> None:
    before = dict(zip(QUESTIONS, judged, strict=True))
    if GOODNESS[worse] > GOODNESS[before[question]]:
        return
    after = before | {question: worse}
    assert VERDICT_GOODNESS[decide_verdict(after)] <= VERDICT_GOODNESS[decide_verdict(before)]


# SPEC §6 in the answers' own words, without costs (so cost "higher" is a doubt):
# stop when risk is unacceptable or two answers fail; go when all four pass; else discuss.
FAILS = {"loyalty": {"no"}, "cost": set(), "human": {"no"}, "risk": {"unacceptable"}}
PASSES = {"loyalty": {"yes"}, "cost": {"lower", "same"}, "human": {"yes"},
          "risk": {"none", "acceptable"}}  # fmt: skip


def test_every_answer_combination_gets_the_verdict_of_the_spec() -> None:
    seen = {"go": 0, "discuss": 0, "stop": 0}
    for combination in itertools.product(*(ANSWERS[q] for q in QUESTIONS)):
        answers = dict(zip(QUESTIONS, combination, strict=True))
        fails = sum(answers[q] in FAILS[q] for q in QUESTIONS)
        if answers["risk"] == "unacceptable" or fails >= 2:
            expected = "stop"
        elif all(answers[q] in PASSES[q] for q in QUESTIONS):
            expected = "go"
        else:
            expected = "discuss"
        assert assess(answers, Facts(), FRAME, FULL).verdict == expected, answers
        seen[expected] += 1
    # 3 x 4 x 3 x 4 = 144 combinations. go: 1 x 2 x 1 x 2 = 4. stop: risk unacceptable
    # (3 x 4 x 3 = 36), or loyalty and human both no with risk not unacceptable (4 x 3 = 12).
    assert seen == {"go": 4, "discuss": 144 - 4 - 48, "stop": 48}


def test_the_cost_answer_follows_from_the_costs() -> None:
    assert settle_cost(None, Facts(D(700), D(50))) == "lower"
    assert settle_cost(None, Facts(D(50), D(50))) == "same"
    assert settle_cost("higher", Facts(None, D(50))) == "higher"
    assert settle_cost("unsure", Facts()) == "unsure"  # no costs: the agent answers
    assert settle_cost(None, Facts()) is None
    with pytest.raises(UsageError):
        settle_cost("lower", Facts(D(0), D(50)))  # contradicts the given costs


def test_an_unknown_answer_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        judge("loyalty", "maybe", Facts(), FRAME, FULL)
