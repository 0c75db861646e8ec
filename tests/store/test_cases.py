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


def test_the_rule_autocomplete_offers_each_rule_once_in_its_most_frequent_spelling(
    tmp_path: Path,
) -> None:
    """By rule_key (SPEC §7): the glasses rule in three spellings is one rule of 4 cases,
    shown as its most frequent spelling (2 of them); the wig rule has 3; the taxi rule 2, in
    two spellings once each, of which the first in binary order ("T" before "t") is shown."""
    rules = [
        "Brillen alleen via opticien", "Brillen alleen via opticien",
        "BRILLEN alleen via opticien", " brillen  alleen via opticien",
        "Pruik: alleen nieuw", "Pruik: alleen nieuw", "Pruik: alleen nieuw",
        "taxi", "Taxi",
    ]  # fmt: skip
    casebook = store.connect(tmp_path / "casebook.db")
    assert casebook is not None
    store.bulk_insert(casebook, [make_case(rule=rule) for rule in rules])
    assert store.known_rules(casebook) == [
        "Brillen alleen via opticien",
        "Pruik: alleen nieuw",
        "Taxi",
    ]
    assert store.known_rules(casebook, limit=1) == ["Brillen alleen via opticien"]
    # Only the most recent cases count: the last three added are a wig case, "taxi" and
    # "Taxi": the taxi rule twice, the wig rule once.
    assert store.known_rules(casebook, window=3) == ["Taxi", "Pruik: alleen nieuw"]
    casebook.close()


def test_list_rule_matches_the_same_rule_beyond_ascii(tmp_path: Path) -> None:
    """SQLite's NOCASE would not match "STRASSE" with "Straße", nor full-width letters."""
    street = make_case(rule="Keine Erstattung außerhalb der Straße", created_at=ago(days=2))
    other = make_case(rule="Keine Erstattung ohne Rezept", created_at=ago(days=1))
    casebook = store.connect(tmp_path / "casebook.db")
    assert casebook is not None
    store.bulk_insert(casebook, [street, other])

    def found(rule: str) -> list[str]:
        return [c.id for c in store.list_cases(casebook, CaseFilter(rule=rule), NOW)]

    assert found("KEINE ERSTATTUNG AUSSERHALB DER STRASSE") == [street.id]
    assert found("\uff2beine Erstattung außerhalb der Straße") == [street.id]
    assert found("keine erstattung*") == [other.id, street.id]
    assert found("Keine Erstattung au*") == [street.id]
    assert found("Keine Erstattung") == []
    plan = casebook.db.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM cases WHERE rule_key >= ? AND rule_key < ?",
        ["keine", "keinf"],
    ).fetchall()
    assert "cases_rule_key" in str(plan)  # a range on the index, not a scan
    casebook.close()


def test_a_rule_prefix_with_a_limit_gives_the_newest_cases_of_all_its_rules(
    tmp_path: Path,
) -> None:
    """Each rule's newest from the index, then the newest of those: the same cases, in the
    same order, as sorting every match. Ages by hand: a0 (0 min), b1 (1), a2 (2), ..."""
    cases = [
        make_case(rule=("Alpha" if n % 2 == 0 else "alphabet"), created_at=ago(minutes=n))
        for n in range(8)
    ] + [make_case(rule="Beta", created_at=ago(seconds=30))]
    casebook = store.connect(tmp_path / "casebook.db")
    assert casebook is not None
    store.bulk_insert(casebook, cases)
    newest = store.list_cases(casebook, CaseFilter(rule="ALPHA*", limit=3), NOW)
    assert [c.id for c in newest] == [cases[0].id, cases[1].id, cases[2].id]
    every = store.list_cases(casebook, CaseFilter(rule="alpha*", limit=None), NOW)
    assert [c.id for c in every] == [c.id for c in cases[:8]]
    assert store.list_cases(casebook, CaseFilter(rule="alphab*", limit=2), NOW) == [
        every[1], every[3],
    ]  # fmt: skip
    assert store.list_cases(casebook, CaseFilter(rule="gamma*", limit=2), NOW) == []
    casebook.close()
