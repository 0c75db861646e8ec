"""How far off a deadline is (SPEC §7): the countdown that `case list` and `case show` give.

Pure arithmetic: the time comes in, a message key and a count go out, in the units an agent
would say aloud ("due in 5 h", "overdue by 2 days"), as `domain.draft.age` does for drafts.
"""

from __future__ import annotations

from datetime import datetime

from coachcli.domain.case import parse_iso


def countdown(deadline: str, now: datetime) -> tuple[str, int]:
    """("countdown.due_hours", 5) or ("countdown.overdue_days", 2): whole units, rounded
    down, and never "0 min": a deadline less than a minute away is a minute away."""
    seconds = (parse_iso(deadline) - now).total_seconds()
    side = "overdue" if seconds < 0 else "due"  # as Case.is_overdue: passed, not reached
    minutes = max(1, int(abs(seconds) // 60))
    if minutes < 60:
        return f"countdown.{side}_minutes", minutes
    hours = minutes // 60
    if hours < 48:
        return f"countdown.{side}_hours", hours
    return f"countdown.{side}_days", hours // 24
