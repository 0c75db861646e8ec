"""Rung inference (SPEC §3): every rule, exact at every limit to the cent, and the law that
more cost never lowers the rung."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachcli.domain.frame import Frame
from coachcli.domain.ladder import Budget, Facts, goodwill_spent, infer_rung

FRAME = Frame()  # per case 50, budget 100, exception limit 500
D = Decimal


@pytest.mark.parametrize(
    ("facts", "remaining", "rung"),
    [
        (Facts(), D(100), 1),  # no costs: extra unknown, counts as 0
        (Facts(rule_cost=D(700), alternative_cost=D(50)), D(100), 1),  # cheaper: a bend
        (Facts(rule_cost=D(20), alternative_cost=D(20)), D(100), 1),
        (Facts(alternative_cost=D(50)), D(100), 2),  # one cost given: the other counts as 0
        (Facts(rule_cost=D(10), alternative_cost=D(60)), D(100), 2),  # extra 50 = the limit
        (Facts(rule_cost=D(10), alternative_cost=D("60.01")), D(100), 3),  # past the limit
        (Facts(alternative_cost=D(40)), D(30), 3),  # past what is left of the budget
        (Facts(alternative_cost=D(40)), D(40), 2),
        (Facts(other_department=True), D(100), 3),
        (Facts(alternative_cost=D(500)), D(100), 3),  # = the exception limit: not past it
        (Facts(alternative_cost=D("500.5")), D(100), 4),
        (Facts(precedent=True), D(100), 4),
        (Facts(rule_cost=D(700), alternative_cost=D(50), precedent=True), D(100), 4),
        # The cases the issue found: in binary floats 64.01 - 14.01 is 50.00000000000001
        # and 512.07 - 12.07 is 500.00000000000006, each one rung too high.
        (Facts(rule_cost=D("14.01"), alternative_cost=D("64.01")), D(100), 2),
        (Facts(rule_cost=D("12.07"), alternative_cost=D("512.07")), D(100), 3),
        # 0.1 + 0.2 of goodwill spent leaves exactly 99.70, which a 99.70 gesture fits.
        (Facts(alternative_cost=D("49.70")), D(100) - D("0.1") - D("0.2") - D(50), 2),
    ],
)
def test_rung_inference(facts: Facts, remaining: Decimal, rung: int) -> None:
    assert infer_rung(facts, FRAME, remaining) == rung


# Amounts as whole cents, as the casebook stores them: up to 100,000.00.
cents = st.integers(min_value=0, max_value=10_000_000)
CENT = D("0.01")


def euros(amount_in_cents: int) -> Decimal:
    return D(amount_in_cents) * CENT


@given(
    per_case=st.integers(min_value=1, max_value=1_000_000),
    above_per_case=cents,
    above_limit=cents,
    rule=cents,
)
def test_an_extra_of_exactly_a_limit_is_within_it_and_one_cent_more_is_past_it(
    per_case: int, above_per_case: int, above_limit: int, rule: int
) -> None:
    """At every limit of §3, for any frame and any rule cost: an extra of exactly
    goodwill_per_case is rung 2 and one cent more rung 3; exactly exception_limit is rung 3
    and one cent more rung 4."""
    limit = per_case + above_per_case
    frame = Frame(
        goodwill_budget=euros(per_case + above_limit),
        goodwill_per_case=euros(per_case),
        exception_limit=euros(limit),
    )
    budget = frame.goodwill_budget  # nothing spent yet this month

    def rung(extra_in_cents: int) -> int:
        facts = Facts(rule_cost=euros(rule), alternative_cost=euros(rule + extra_in_cents))
        return infer_rung(facts, frame, budget)

    assert rung(per_case) == 2
    assert rung(per_case + 1) == (3 if per_case + 1 <= limit else 4)
    assert rung(limit) == (2 if limit == per_case else 3)
    assert rung(limit + 1) == 4


@given(
    left=st.integers(min_value=1, max_value=4_999),
    cuts=st.lists(st.integers(min_value=0, max_value=10_000), max_size=5),
    rule=cents,
)
def test_what_remains_of_the_budget_is_a_limit_exact_to_the_cent(
    left: int, cuts: list[int], rule: int
) -> None:
    """Goodwill already spent (the budget of 100 less `left` cents, in up to six gestures
    of any size, summed exactly) leaves `left`: an extra of exactly that is rung 2, one
    cent more rung 3."""
    total = 10_000 - left
    points = sorted(cut % (total + 1) for cut in cuts)
    spent = [b - a for a, b in zip([0, *points], [*points, total], strict=True)]
    remaining = Budget(FRAME.goodwill_budget, goodwill_spent([euros(c) for c in spent])).remaining
    assert remaining == euros(left)  # the sum itself is exact

    def rung(extra_in_cents: int) -> int:
        facts = Facts(rule_cost=euros(rule), alternative_cost=euros(rule + extra_in_cents))
        return infer_rung(facts, FRAME, remaining)

    assert rung(left) == 2
    assert rung(left + 1) == 3


@given(
    rule=cents,
    alternative=cents,
    more=cents,
    remaining=st.integers(min_value=0, max_value=20_000),
    other=st.booleans(),
    precedent=st.booleans(),
)
def test_the_rung_never_drops_when_the_extra_cost_grows(
    rule: int, alternative: int, more: int, remaining: int, other: bool, precedent: bool
) -> None:
    cheaper = Facts(euros(rule), euros(alternative), other, precedent)
    dearer = Facts(euros(rule), euros(alternative + more), other, precedent)
    left = euros(remaining)
    assert infer_rung(dearer, FRAME, left) >= infer_rung(cheaper, FRAME, left)


def test_budget_counts_only_positive_extras_and_never_goes_below_zero() -> None:
    assert goodwill_spent([D(30), D(-650), D(0), D("45.5")]) == D("75.50")
    assert Budget(D(100), D("75.5")).remaining == D("24.50")
    assert Budget(D(100), D(130)).remaining == 0


def test_goodwill_sums_exactly() -> None:
    """Ten gestures of 0.10 are 1.00, not 0.9999999999999999."""
    assert goodwill_spent([D("0.10")] * 10) == D("1.00")
    assert goodwill_spent([D("0.1"), D("0.2")]) == D("0.30")
