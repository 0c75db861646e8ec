"""Follow-up: did the customer stay? (SPEC §11)

The four questions aim at a loyal customer, so some weeks after a decision (`followup_weeks`
in the frame) coach asks whether the customer stayed: `yes`, `no` or `unknown`, stored as
`retained` with the time it was asked (`followed_up_at`). Only a decided case is due: the
rule set aside or followed. An escalated case is still being discussed; its follow-up comes
after the decision that ends the discussion.

A follow-up is due from the start of the local day that lies `followup_weeks` weeks after
the day of the decision: an agent who decided on a Tuesday afternoon sees it due on the
Tuesday six weeks later, all day, and not an hour earlier or later because summer time
ended in between.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from coachcli.domain.case import RETAINED, Case, iso
from coachcli.domain.vocab import Decision
from coachcli.errors import UsageError

# The decisions whose customer can be asked about: the others are no decision yet.
FOLLOWED_UP = (Decision.SET_ASIDE, Decision.FOLLOWED_RULE)


def first_day_not_due(today: date, weeks: int) -> date:
    """The earliest day of decision whose follow-up is not due yet on `today`: cases
    decided before it (on the day `weeks` weeks ago, or earlier) are due."""
    return today - timedelta(weeks=weeks) + timedelta(days=1)


def can_follow_up(case: Case) -> bool:
    return case.decision in FOLLOWED_UP and case.decided_at is not None


def is_due(case: Case, before: str) -> bool:
    """Due: decided (set aside or followed), before `before` (a stored UTC time), and not
    followed up yet."""
    return can_follow_up(case) and case.retained is None and (case.decided_at or "") < before


def follow_up(case: Case, retained: str, now: datetime) -> Case:
    """The case with the answer to "did the customer stay?" recorded now. Asked again, the
    new answer replaces the old: a customer said to have stayed may leave after all."""
    if retained not in RETAINED:
        raise ValueError(retained)
    if not can_follow_up(case):
        raise UsageError("error.follow_up_undecided", id=case.short_id)
    stamp = iso(now)
    return replace(case, retained=retained, followed_up_at=stamp, updated_at=stamp)
