"""Practice selection and agreement (SPEC §15)."""

from __future__ import annotations

from decimal import Decimal as D

from coachcli.domain.training import Session, compare, given_answers, select
from tests.helpers import make_case

DECIDED = [
    make_case(id=f"{n:08x}-0000-4000-8000-000000000000", status="decided",
              decision="set-aside", tags=("zorg",) if n % 2 else ("reis",),
              rule="Policy pays a new wig only" if n % 3 else "Contracted opticians only")
    for n in range(12)
]  # fmt: skip
OPEN = make_case(status="open", decision=None)


def test_the_same_seed_gives_the_same_cases_in_the_same_order() -> None:
    first = select([*DECIDED, OPEN], 5, seed=42)
    assert [c.id for c in first] == [c.id for c in select(list(reversed(DECIDED)), 5, seed=42)]
    assert [c.id for c in first] != [c.id for c in select(DECIDED, 5, seed=43)]
    assert len(first) == 5 and OPEN not in first


def test_filters_by_tag_and_rule_and_only_decided_or_closed() -> None:
    tagged = select([*DECIDED, OPEN], 20, seed=1, tag="ZORG")
    assert len(tagged) == 6 and all("zorg" in c.tags for c in tagged)
    ruled = select(DECIDED, 20, seed=1, rule="  contracted  OPTICIANS ")
    assert len(ruled) == 4
    assert select([OPEN], 5, seed=1) == []


def test_agreement_per_question_and_decision_by_hand() -> None:
    a = make_case(answers={"loyalty": "yes", "cost": "lower", "human": "yes", "risk": "none"},
                  decision="set-aside")  # fmt: skip
    b = make_case(answers={"loyalty": "no", "cost": "same", "human": "yes", "risk": "unacceptable"},
                  decision="followed-rule", rule_cost=None, alternative_cost=None)  # fmt: skip
    session = Session("s", "Sanne", "2026-11-24T00:00:00.000Z", 1, "casebook")
    session.attempts.append(compare(a, {"loyalty": "yes", "cost": "lower", "human": "no",
                                        "risk": "none"}, "set-aside"))  # fmt: skip
    session.attempts.append(compare(b, {"loyalty": "yes", "cost": "same", "human": "no",
                                        "risk": "unacceptable"}, "set-aside"))  # fmt: skip
    # a's costs (700 → 50) answer its cost question, so only b's cost counts: 1 of 1.
    assert session.agreement() == {
        "loyalty": 0.5, "cost": 1.0, "human": 0.0, "risk": 1.0, "decision": 0.5,
    }  # fmt: skip
    assert session.most_different() == "human"


def test_a_question_the_costs_answer_is_not_counted() -> None:
    """One cost known is enough (a missing one counts 0, §6): 0 → 30 is higher."""
    costed = make_case(answers={"loyalty": "yes", "cost": "higher", "human": "yes", "risk": "none"},
                       rule_cost=None, alternative_cost=D(30), decision="set-aside")  # fmt: skip
    attempt = compare(costed, {"loyalty": "yes", "cost": "higher", "human": "no",
                               "risk": "none"}, "set-aside")  # fmt: skip
    assert given_answers(costed) == {"cost": "higher"}
    assert attempt.agreement == {
        "loyalty": True, "cost": None, "human": False, "risk": True, "decision": True,
    }  # fmt: skip
    session = Session("s", "Sanne", "2026-11-24T00:00:00.000Z", 1, "casebook", None, [attempt])
    # Cost was never asked: no share at all, rather than 100% of nothing.
    assert session.agreement() == {
        "loyalty": 1.0, "cost": None, "human": 0.0, "risk": 1.0, "decision": 1.0,
    }  # fmt: skip
    assert given_answers(make_case(rule_cost=None, alternative_cost=None)) == {}
