"""The countdown to a deadline (SPEC §7): "due in 5 h", "overdue by 2 days"."""

from __future__ import annotations

import pytest

from coachcli.domain.deadline import countdown
from tests.helpers import NOW, ago, ahead


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        (ahead(seconds=20), ("countdown.due_minutes", 1)),  # never "due in 0 min"
        (ahead(minutes=45, seconds=50), ("countdown.due_minutes", 45)),
        (ahead(minutes=60), ("countdown.due_hours", 1)),
        (ahead(hours=5, minutes=59), ("countdown.due_hours", 5)),
        (ahead(hours=47, minutes=59), ("countdown.due_hours", 47)),
        (ahead(hours=48), ("countdown.due_days", 2)),
        (ahead(days=6, hours=23), ("countdown.due_days", 6)),
        (ahead(), ("countdown.due_minutes", 1)),  # reached, not passed: not overdue yet
        (ago(seconds=1), ("countdown.overdue_minutes", 1)),
        (ago(minutes=59), ("countdown.overdue_minutes", 59)),
        (ago(hours=30), ("countdown.overdue_hours", 30)),
        (ago(days=12, hours=1), ("countdown.overdue_days", 12)),
        (ago(days=400), ("countdown.overdue_days", 400)),
    ],
)
def test_the_countdown_in_whole_units(deadline: str, expected: tuple[str, int]) -> None:
    assert countdown(deadline, NOW) == expected
