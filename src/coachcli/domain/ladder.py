"""The ladder (SPEC §3): how far a step away from the rule goes, from rung 1 to 4.

1 bend: same outcome by another route. 2 goodwill: a gesture within the goodwill limits.
3 alternative: past those limits, or another department must act. 4 exception: sets a
precedent, or costs more than `exception_limit`. Following the rule is not a step.

Costs and limits are Decimals (domain.money): every comparison below is exact to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from coachcli.domain.case import Case
from coachcli.domain.frame import Frame
from coachcli.domain.money import ZERO

RUNGS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Facts:
    """What the agent knows about the step: costs, and whether it reaches beyond them."""

    rule_cost: Decimal | None = None
    alternative_cost: Decimal | None = None
    other_department: bool = False
    precedent: bool = False

    @property
    def extra(self) -> Decimal | None:
        """Alternative minus rule cost; a missing one counts as 0; None when neither is known."""
        if self.rule_cost is None and self.alternative_cost is None:
            return None
        return (self.alternative_cost or ZERO) - (self.rule_cost or ZERO)


def fits_goodwill(extra: Decimal, frame: Frame, remaining: Decimal) -> bool:
    """Rung 2 territory: within the per-case limit and what is left of the budget."""
    return extra <= frame.goodwill_per_case and extra <= remaining


def infer_rung(facts: Facts, frame: Frame, remaining: Decimal) -> int:
    """The rung that the facts put the step on, given the agent's remaining budget."""
    extra = facts.extra or ZERO
    if facts.precedent or extra > frame.exception_limit:
        return 4
    if facts.other_department or not fits_goodwill(extra, frame, remaining):
        return 3
    return 2 if extra > 0 else 1


@dataclass(frozen=True)
class Budget:
    """An agent's goodwill for one calendar month (UTC)."""

    budget: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(ZERO, self.budget - self.spent)


GOODWILL_RUNG = 2


def goodwill_of(case: Case) -> Decimal:
    """What a case spent of its agent's goodwill budget (§3, §9): the extra cost of a
    step set aside on rung 2 *as inferred*, so that an agent who moves a €45 gesture to
    rung 1 still spends €45. Rungs 3 and 4 are signed off and paid elsewhere; a step that
    cost less than the rule spent nothing. An older case without an inferred rung counts
    by its rung. `store.goodwill_cases` is the same rule in SQL, for one agent's month."""
    from coachcli.domain.vocab import Decision

    rung = case.rung_inferred if case.rung_inferred is not None else case.rung
    if case.decision != Decision.SET_ASIDE or rung != GOODWILL_RUNG:
        return ZERO
    extra = Facts(case.rule_cost, case.alternative_cost).extra or ZERO
    return max(ZERO, extra)


def goodwill_spent(extras: list[Decimal]) -> Decimal:
    """The sum of the positive extra costs of an agent's goodwill steps (§9)."""
    return sum((extra for extra in extras if extra > 0), ZERO)
