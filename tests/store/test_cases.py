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
