"""Reading cases back with their tags and comments (SPEC §7), on any SQLite build."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coachcli import store
from coachcli.domain.case import CaseFilter, Comment
from tests.helpers import NOW, ago, make_case

# SQLite before 3.32 allows 999 variables in one statement; later builds default to 32,766,
# and this machine's build to 250,000. A list of every case matched would fail on the
# first two once a casebook is big enough.
OLD_BUILD_LIMIT = 999


def test_listing_more_cases_than_an_sqlite_build_allows_variables(tmp_path: Path) -> None:
    count = OLD_BUILD_LIMIT * 2 + 3
    cases = [
        make_case(
            id=f"{n:08x}-0000-4000-8000-000000000000",
            created_at=ago(minutes=n),
            tags=(f"tag-{n}",),
            comments=(Comment(f"{n:08x}-1111-4000-8000-000000000000", "Bram", ago(minutes=n),
                              f"comment {n}"),),
        )
        for n in range(count)
    ]  # fmt: skip
    casebook = store.connect(tmp_path / "casebook.db")
    assert casebook is not None
    store.bulk_insert(casebook, cases)
    casebook.db.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, OLD_BUILD_LIMIT)

    listed = store.list_cases(casebook, CaseFilter(limit=None), NOW)

    assert len(listed) == count
    # Newest first, and every case carries its own tag and comment, not a neighbour's.
    assert listed[0].id == cases[0].id and listed[-1].id == cases[-1].id
    for n in (0, OLD_BUILD_LIMIT, count - 1):
        case = listed[n]
        assert case.tags == (f"tag-{n}",)
        assert [c.text for c in case.comments] == [f"comment {n}"]
    casebook.close()


def test_every_field_of_a_case_comes_back_as_it_was_written(tmp_path: Path) -> None:
    """Rows are read column by column (store.cases.CASE_COLUMNS): a column written but not
    read, or read into the wrong field, changes one of these values."""
    from decimal import Decimal

    from coachcli.domain.case import Advice

    written = make_case(
        id="0a1b2c3d-0000-4000-8000-000000000001",
        created_at=ago(days=3),
        updated_at=ago(days=2),
        decided_at=ago(days=2, hours=1),
        closed_at=ago(days=1),
        agent="Bram Jansen",
        team="Reizen",
        colour="green",
        customer="REL-778",
        rule_cost=Decimal("1450.00"),
        alternative_cost=Decimal("49.95"),
        currency="CHF",
        other_department=True,
        precedent=True,
        answers={"loyalty": "no", "cost": "higher", "human": "unsure", "risk": "moderate"},
        notes={"loyalty": "new customer", "cost": "twice", "human": None, "risk": "press"},
        verdict="discuss",
        rung=3,
        rung_inferred=4,
        rung_reason="only the fee",
        advice=Advice("needs-signoff", False, True, "Ask your lead", "Promise nothing"),
        against_advice=True,
        status="closed",
        decision="set-aside",
        promise="call back Friday",
        deadline=ago(days=1, hours=2),
        outcome="resolved",
        lessons="ask earlier",
        rule_changed=True,
        review_copy=1,
        tags=("reis", "zorg"),
    )
    casebook = store.connect(tmp_path / "casebook.db")
    assert casebook is not None
    store.insert_case(casebook, written)

    assert store.find_case(casebook, "0a1b2c3d") == written
    assert list(store.iter_cases(casebook, CaseFilter(), NOW)) == [written]
