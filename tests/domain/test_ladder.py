"""Rung inference (SPEC §3): every rule, and the law that more cost never lowers the rung."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachcli.domain.frame import Frame
from coachcli.domain.ladder import Budget, Facts, check_cost, goodwill_spent, infer_rung
from coachcli.errors import UsageError

FRAME = Frame()  # per case 50, budget 100, exception limit 500


@pytest.mark.parametrize(
    ("facts", "remaining", "rung"),
    [
        (Facts(), 100, 1),  # no costs: extra unknown, counts as 0
        (Facts(rule_cost=700, alternative_cost=50), 100, 1),  # cheaper: a bend
        (Facts(rule_cost=20, alternative_cost=20), 100, 1),
        (Facts(alternative_cost=50), 100, 2),  # one cost given: the other counts as 0
        (Facts(rule_cost=10, alternative_cost=60), 100, 2),  # extra 50 = the per-case limit
        (Facts(rule_cost=10, alternative_cost=60.01), 100, 3),  # past the per-case limit
        (Facts(alternative_cost=40), 30, 3),  # past what is left of the budget
        (Facts(alternative_cost=40), 40, 2),
        (Facts(other_department=True), 100, 3),
        (Facts(alternative_cost=500), 100, 3),  # = the exception limit: not past it
        (Facts(alternative_cost=500.5), 100, 4),
        (Facts(precedent=True), 100, 4),
        (Facts(rule_cost=700, alternative_cost=50, precedent=True), 100, 4),
    ],
)
def test_rung_inference(facts: Facts, remaining: float, rung: int) -> None:
    assert infer_rung(facts, FRAME, remaining) == rung


costs = st.floats(min_value=0, max_value=10_000, allow_nan=False)


@given(
    rule=costs,
    alternative=costs,
    more=st.floats(min_value=0, max_value=10_000),
    remaining=st.floats(min_value=0, max_value=200),
    other=st.booleans(),
    precedent=st.booleans(),
)
def test_the_rung_never_drops_when_the_extra_cost_grows(
    rule: float, alternative: float, more: float, remaining: float, other: bool, precedent: bool
) -> None:
    cheaper = Facts(rule, alternative, other, precedent)
    dearer = Facts(rule, alternative + more, other, precedent)
    assert infer_rung(dearer, FRAME, remaining) >= infer_rung(cheaper, FRAME, remaining)


@pytest.mark.parametrize("value", [-1.0, float("nan"), float("inf")])
def test_costs_must_be_finite_and_not_negative(value: float) -> None:
    with pytest.raises(UsageError):
        check_cost(value, "--alt-cost")


def test_budget_counts_only_positive_extras_and_never_goes_below_zero() -> None:
    assert goodwill_spent([30, -650, 0, 45.5]) == 75.5
    assert Budget(100, 75.5).remaining == 24.5
    assert Budget(100, 130).remaining == 0
