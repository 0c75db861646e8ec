"""More of what `coach case` promises after the call (SPEC §7): how many cases `list`
shows, which matches `search` shows first, and that a closed case stays closed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachcli.domain.case import Case
from tests.conftest import Invoke
from tests.helpers import ago, casebook_with, home_config, make_case


@pytest.fixture
def casebook(isolated: Path) -> Path:
    (isolated / "coach.toml").write_text("")
    home_config('agent = "Sanne"\n')
    return isolated / "casebooks" / "casebook.db"


def ids(coach: Invoke, *args: str) -> list[str]:
    result = coach(*args, "--json")
    assert result.exit_code == 0, result.output
    return [case["id"] for case in json.loads(result.stdout)]


def test_list_shows_the_newest_20_unless_told_otherwise(coach: Invoke, casebook: Path) -> None:
    # Case n was recorded n days ago: cases[1] is the newest, cases[25] the oldest.
    cases = {n: make_case(created_at=ago(days=n), updated_at=ago(days=n)) for n in range(1, 26)}
    casebook_with(casebook, *cases.values())
    assert ids(coach, "case", "list") == [cases[n].id for n in range(1, 21)]
    table = coach("case", "list").stdout
    assert cases[20].short_id in table and cases[21].short_id not in table
    assert len(ids(coach, "case", "list", "--limit", "0")) == 25


def test_search_shows_the_newest_matches_first(coach: Invoke, casebook: Path) -> None:
    def wig(days: int, situation: str) -> Case:
        return make_case(created_at=ago(days=days), updated_at=ago(days=days), situation=situation)

    first, second, third = wig(30, "Wig wash, first"), wig(20, "Wig wash, second"), wig(10, "Wig")
    hearing = make_case(situation="Hearing aid lost", rule="One hearing aid per five years")
    casebook_with(casebook, first, second, third, hearing)
    assert ids(coach, "case", "search", "wig") == [third.id, second.id, first.id]
    assert ids(coach, "case", "search", "wig", "--limit", "1") == [third.id]


def test_a_closed_case_cannot_be_decided_again(coach: Invoke, casebook: Path) -> None:
    closed = make_case(
        id="c105ed00-0000-4000-8000-000000000001",
        created_at=ago(days=12),
        decided_at=ago(days=11),
        closed_at=ago(days=2),
        updated_at=ago(days=2),
        status="closed",
        decision="followed-rule",
        outcome="resolved",
    )
    casebook_with(casebook, closed)
    result = coach("case", "decide", "c105ed00", "--decision", "set-aside", "--promise", "We pay")
    assert result.exit_code == 2
    assert result.stderr == "coach: case c105ed00 is closed already.\n"
    shown = json.loads(coach("case", "show", "c105ed00", "--json").stdout)
    assert (shown["status"], shown["decision"], shown["promise"]) == (
        "closed", "followed-rule", None,
    )  # fmt: skip
    assert shown["updated_at"] == closed.updated_at
