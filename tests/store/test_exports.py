"""An export's cases as SQLite writes them (store/exports.py) are the case objects that
Case.to_json defines (SPEC §7), byte for byte, so that a file mixes both without a seam."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from coachcli import store
from coachcli.domain.case import Advice, Case, CaseFilter, Comment
from coachcli.exchange.export import encode
from tests.helpers import NOW, ago, make_case

ODD = 'quote " backslash \\ line\nbreak\r\ttab \x1b[2J \x7f \x85 \u2028 \u202e 😀 / <b>'


def cases() -> list[Case]:
    full = make_case(
        id="00000000-0000-4000-8000-000000000001",
        created_at=ago(days=9),
        updated_at=ago(days=8),
        decided_at=ago(days=8),
        closed_at=ago(days=1),
        colour="green",
        customer="REL-778",
        rule_cost=Decimal("999999999.99"),
        alternative_cost=Decimal("49.95"),
        other_department=True,
        precedent=True,
        notes={"loyalty": ODD, "cost": "", "human": None, "risk": "press"},
        verdict="discuss",
        rung=3,
        rung_inferred=4,
        rung_reason="only the fee",
        advice=Advice("sign-off", False, True, "Ask your lead", ""),
        against_advice=True,
        status="closed",
        decision="set-aside",
        promise="call back Friday",
        deadline=ago(days=2),
        outcome="resolved",
        lessons=ODD,
        rule_changed=True,
        retained="no",
        followed_up_at=ago(hours=3),
        review_copy=2,
        tags=("zorg", "Reis", "ääh"),
        comments=(
            Comment("c2", "Bram", ago(days=3), "second", 0),
            Comment("c1", "Sanne", ago(days=4), ODD, 1),
            Comment("c0", "Sanne", ago(days=3), "same time, lower id", 0),
        ),
    )
    bare = make_case(
        id="00000000-0000-4000-8000-000000000002",
        created_at=ago(days=7),
        updated_at=ago(days=7),
        team=None,
        situation=ODD,
        rule_cost=None,
        alternative_cost=Decimal("0"),
        verdict=None,
        answers={"loyalty": None, "cost": None, "human": None, "risk": None},
    )
    cents = replace(
        bare,
        id="00000000-0000-4000-8000-000000000003",
        created_at=ago(days=6),
        rule_cost=Decimal("0.01"),
        alternative_cost=Decimal("700.10"),
    )
    return [full, bare, cents]


@pytest.fixture
def casebook(tmp_path: Path) -> store.Casebook:
    casebook = store.connect(tmp_path / "casebook.db")
    assert casebook is not None
    for case in cases():
        store.insert_case(casebook, case)
    return casebook


def read_back(casebook: store.Casebook) -> list[Case]:
    """The cases as the store reads them (tags in order, comments by time): Python's path."""
    return list(store.iter_cases(casebook, CaseFilter(), NOW))


def test_sqlite_writes_each_case_as_case_to_json_does(casebook: store.Casebook) -> None:
    batches = store.case_json_batches(casebook, CaseFilter(), NOW, review=False)
    written = [line for batch in batches for line, _, _ in batch]
    assert written == [encode(case.to_json()) for case in read_back(casebook)]
    first = json.loads(written[0])
    assert first["tags"] == ["Reis", "zorg", "ääh"]  # in order, as the store reads them
    assert [c["id"] for c in first["comments"]] == ["c1", "c0", "c2"]  # by time, then id
    assert (first["rule_cost"], first["alternative_cost"]) == (999999999.99, 49.95)
    # The follow-up travels (SPEC §7: after rule_changed); the derived rule_key does not.
    keys = list(first)
    assert keys[keys.index("rule_changed") + 1 : keys.index("rule_changed") + 3] == [
        "retained",
        "followed_up_at",
    ]
    assert (first["retained"], first["followed_up_at"]) == ("no", "2026-11-25T06:30:00.000Z")
    assert "rule_key" not in first


def test_a_review_copy_has_no_customer_and_says_it_is_one(casebook: store.Casebook) -> None:
    batches = store.case_json_batches(casebook, CaseFilter(), NOW, review=True)
    written = [json.loads(line) for batch in batches for line, _, _ in batch]
    assert [case["customer"] for case in written] == [None, None, None]
    assert [case["review_copy"] for case in written] == [True, True, True]
    assert {c["review_copy"] for c in written[0]["comments"]} == {True}
    # Everything else as stored.
    expected = read_back(casebook)[0].to_json()
    changed = ("customer", "review_copy", "comments")
    assert {k: v for k, v in written[0].items() if k not in changed} == {
        k: v for k, v in expected.items() if k not in changed
    }


def test_the_free_texts_come_along_for_the_redactors_quick_look(
    casebook: store.Casebook,
) -> None:
    batch = next(store.case_json_batches(casebook, CaseFilter(), NOW, review=True))
    _, case_id, texts = batch[0]
    assert case_id == "00000000-0000-4000-8000-000000000001"
    assert ODD in texts and "Ask your lead" in texts and "call back Friday" in texts
    assert "Reis\nzorg\nääh" in texts or any("ääh" in (t or "") for t in texts)
    assert any(t and "Bram\nsecond" in t for t in texts)
