"""Building cases and casebooks for tests, through the real store."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from coachcli import store
from coachcli.domain.case import Case, iso

# The tests' one clock (SPEC §2): the autouse fixture sets $COACH_NOW to this moment, so
# coach, in-process or in a child process, lives at the same known now whatever the machine's
# clock says. Every date a test writes is relative to it.
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def ago(**delta: float) -> str:
    """NOW minus a timedelta, as a stored UTC time: `ago(days=3)`."""
    return iso(NOW - timedelta(**delta))


def day(offset: int, clock: str = "12:00:00") -> str:
    """A stored UTC time on the day `offset` days from NOW's: `day(-24, "08:00:00")`."""
    return f"{NOW.date() + timedelta(days=offset)}T{clock}.000Z"


def date(offset: int) -> str:
    """The day `offset` days from NOW's, as typed after --since and --until."""
    return (NOW.date() + timedelta(days=offset)).isoformat()


def ahead(**delta: float) -> str:
    """NOW plus a timedelta, as a stored UTC time: `ahead(hours=5)`."""
    return iso(NOW + timedelta(**delta))


def make_case(**fields: Any) -> Case:
    """A realistic open case; any field can be overridden."""
    base = Case(
        id=str(uuid.uuid4()),
        created_at=ago(days=5),
        updated_at=ago(days=5),
        agent="Sanne de Vries",
        team="Helpdesk Zorg",
        situation="Customer needs her wig washed before a second round of chemotherapy",
        rule="Policy pays for a new wig only",
        alternative="Pay for a professional wash instead",
        currency="EUR",
        status="open",
        rule_cost=Decimal("700.00"),
        alternative_cost=Decimal("50.00"),
        verdict="go",
        answers={"loyalty": "yes", "cost": "lower", "human": "yes", "risk": "none"},
    )
    return replace(base, **fields)


def casebook_with(path: Path, *cases: Case) -> Path:
    """A casebook at `path` holding `cases`."""
    casebook = store.connect(path)
    assert casebook is not None
    try:
        for case in cases:
            store.insert_case(casebook, case)
    finally:
        casebook.close()
    return path
