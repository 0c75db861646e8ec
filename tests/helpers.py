"""Building cases and casebooks for tests, through the real store."""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from coachcli import store
from coachcli.domain.case import Case


def make_case(**fields: Any) -> Case:
    """A realistic open case; any field can be overridden."""
    base = Case(
        id=str(uuid.uuid4()),
        created_at="2026-11-20T09:30:00.000Z",
        updated_at="2026-11-20T09:30:00.000Z",
        agent="Sanne de Vries",
        team="Helpdesk Zorg",
        situation="Customer needs her wig washed before a second round of chemotherapy",
        rule="Policy pays for a new wig only",
        alternative="Pay for a professional wash instead",
        currency="EUR",
        status="open",
        rule_cost=700.0,
        alternative_cost=50.0,
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
