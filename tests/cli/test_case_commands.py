"""show, search, comment, decide, close, delete and purge (SPEC §7, §8)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from coachcli import store
from coachcli.domain.case import Case
from tests.conftest import Invoke
from tests.exchange.test_import import write_export
from tests.helpers import ago, casebook_with, home_config, make_case


@pytest.fixture
def casebook(isolated: Path) -> Path:
    (isolated / "coach.toml").write_text("")
    home_config('agent = "Sanne"\n')
    return isolated / "casebooks" / "casebook.db"


def show(coach: Invoke, case_id: str) -> dict[str, Any]:
    result = coach("case", "show", case_id, "--json")
    assert result.exit_code == 0, result.output
    shown: dict[str, Any] = json.loads(result.stdout)
    return shown


def test_show_accepts_a_unique_prefix_of_four_or_more(coach: Invoke, casebook: Path) -> None:
    case = make_case(id="3f9a2c1b-0000-4000-8000-000000000001")
    casebook_with(casebook, case)
    for prefix in ("3f9a", "3F9A2C1B", "3f9a2c1b-0000", "3f9a2c1b0000"):
        assert show(coach, prefix)["id"] == case.id
    table = coach("case", "show", "3f9a")
    assert "Customer needs her wig washed" in table.stdout


def test_an_ambiguous_prefix_lists_the_matches(coach: Invoke, casebook: Path) -> None:
    casebook_with(
        casebook,
        make_case(id="abcd1111-0000-4000-8000-000000000001", situation="First case"),
        make_case(id="abcd2222-0000-4000-8000-000000000002", situation="Second case"),
    )
    result = coach("case", "show", "abcd")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "coach: abcd matches 2 cases; give more characters:"
    assert [line.split()[0] for line in lines[1:]] == ["abcd1111", "abcd2222"]
    # Each match by its short id, date and agent, never by the customer's words (§13).
    assert lines[1:] == [
        "  abcd1111  2026-11-20  Sanne de Vries",
        "  abcd2222  2026-11-20  Sanne de Vries",
    ]
    assert "First case" not in result.stderr
    assert show(coach, "abcd2")["situation"] == "Second case"


@pytest.mark.parametrize(
    ("typed", "code", "said"),
    [
        (
            "abc",
            2,
            "coach: 'abc' is not a case id: give 4 or more of its hexadecimal characters.\n",
        ),
        (
            "xyz1",
            2,
            "coach: 'xyz1' is not a case id: give 4 or more of its hexadecimal characters.\n",
        ),
        ("ffff", 1, "coach: no case with an id starting with ffff.\n"),
    ],
)
def test_short_foreign_or_unknown_ids(
    coach: Invoke, casebook: Path, typed: str, code: int, said: str
) -> None:
    casebook_with(casebook, make_case(id="3f9a2c1b-0000-4000-8000-000000000001"))
    result = coach("case", "show", typed)
    assert (result.exit_code, result.stderr, result.stdout) == (code, said, "")


# What an agent might paste into a search, and what it must find: every piece of FTS5 or SQL
# syntax is just a word (or nothing), so the search finds the wig case only where "wig" is
# the only word, and no input changes the casebook.
HOSTILE_SEARCHES = [
    ('"', None), ('"wig', "wig"), ("wig*", "wig"), ("^wig", "wig"), ("\\", None),
    ("NEAR(wig", None), ("wig AND", None), ("wig) OR (1=1", None), ("NOT", None),
    ("'; DROP TABLE cases; --", None), ("wig:situation", None), ("col:wig", None),
    ("{situation}: wig", None),
]  # fmt: skip


@pytest.mark.parametrize(("hostile", "finds"), HOSTILE_SEARCHES)
def test_search_treats_any_text_as_words(
    coach: Invoke, casebook: Path, hostile: str, finds: str | None
) -> None:
    wig = make_case(situation="wig wash needed")
    casebook_with(casebook, wig, make_case(situation="hearing aid", rule="one per 5 years"))
    result = coach("case", "search", hostile, "--json")
    if hostile in ('"', "\\"):  # no word at all
        assert result.exit_code == 2
        assert result.stderr == "coach: give at least one word to search for.\n"
    else:
        assert result.exit_code == 0, result.output
        found = [c["id"] for c in json.loads(result.stdout)]
        assert found == ([wig.id] if finds else [])
    assert sqlite3.connect(casebook).execute("SELECT count(*) FROM cases").fetchone() == (2,)


def test_search_finds_words_in_notes_and_lessons_without_accents(
    coach: Invoke, casebook: Path
) -> None:
    noted = make_case(notes={"loyalty": "klant sinds 1998", "cost": None, "human": None,
                             "risk": None})  # fmt: skip
    lessons = make_case(lessons="Pruiken wassen valt nu onder de polis", status="closed")
    casebook_with(casebook, noted, lessons, make_case())
    assert [c["id"] for c in json.loads(coach("case", "search", "1998", "--json").stdout)] == [
        noted.id
    ]
    found = json.loads(coach("case", "search", "PRUIKEN polis", "--json").stdout)
    assert [c["id"] for c in found] == [lessons.id]


def test_the_lifecycle_sets_its_timestamps(coach: Invoke, casebook: Path) -> None:
    case = make_case(status="open", decision=None)
    casebook_with(casebook, case)
    assert coach("case", "comment", case.id[:8], "Team lead: go ahead").exit_code == 0
    commented = show(coach, case.id[:8])
    assert commented["updated_at"] == "2026-11-25T09:30:00.000Z"  # the tests' NOW
    assert commented["comments"][0]["author"] == "Sanne"

    # Setting a rule aside without the promise is a usage error: the command lacks a flag.
    missing = coach("case", "decide", case.id[:8], "--decision", "set-aside")
    assert missing.exit_code == 2 and "--promise" in missing.stderr
    result = coach("case", "decide", case.id[:8], "--decision", "set-aside", "--promise", "We pay")
    assert result.exit_code == 0, result.output
    decided = show(coach, case.id[:8])
    assert (decided["status"], decided["promise"]) == ("decided", "We pay")
    assert decided["decided_at"] == decided["updated_at"] == "2026-11-25T09:30:00.000Z"

    result = coach("case", "close", case.id[:8], "--outcome", "resolved",
                   "--lessons", "Washing is cheaper", "--rule-changed")  # fmt: skip
    assert result.exit_code == 0
    closed = show(coach, case.id[:8])
    assert (closed["status"], closed["outcome"], closed["rule_changed"]) == (
        "closed", "resolved", True,
    )  # fmt: skip
    assert closed["closed_at"] is not None
    assert coach("case", "close", case.id[:8], "--outcome", "resolved").exit_code == 2


def test_delete_is_secure_leaves_a_tombstone_and_empties_the_index(
    coach: Invoke, casebook: Path
) -> None:
    gone: Case = make_case(situation="Mevrouw Jansen, BSN in notes, wig wash")
    casebook_with(casebook, gone, make_case(situation="hearing aid"))
    assert coach("case", "delete", gone.id[:8]).exit_code == 1  # no terminal, no --yes
    result = coach("case", "delete", gone.id[:8], "--yes")
    assert result.exit_code == 0
    conn = sqlite3.connect(casebook)
    assert conn.execute("SELECT id FROM deleted").fetchall() == [(gone.id,)]
    assert conn.execute(
        "SELECT count(*) FROM cases_fts WHERE cases_fts MATCH 'jansen'"
    ).fetchone() == (0,)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert b"Jansen" not in casebook.read_bytes()  # secure_delete overwrote it
    assert coach("case", "show", gone.id[:8]).exit_code == 1


def drafts(casebook: Path) -> list[str]:
    conn = sqlite3.connect(casebook)
    try:
        return [row[0] for row in conn.execute("SELECT id FROM drafts ORDER BY id")]
    finally:
        conn.close()


def test_purge_removes_old_closed_cases_and_old_drafts_and_leaves_tombstones(
    coach: Invoke, casebook: Path
) -> None:
    two_years = 730  # 25 Nov 2024 to 25 Nov 2026: no 29 February in between
    old_closed = make_case(status="closed", updated_at=ago(days=two_years + 1))
    old_open = make_case(status="open", updated_at=ago(days=two_years + 1))
    recent_closed = make_case(status="closed", updated_at=ago(days=two_years - 1))
    casebook_with(casebook, old_closed, old_open, recent_closed)
    opened = store.connect(casebook)
    assert opened is not None
    store.save_draft(opened, "d-old", "Sanne", {"situation": "Half-typed taxi"}, ago(days=800))
    store.save_draft(opened, "d-new", "Sanne", {"situation": "Half-typed wig"}, ago(days=3))
    opened.close()

    result = coach("casebook", "purge", "--older-than", "24m", "--yes")

    assert result.exit_code == 0, result.output
    assert "Removed 1 closed case(s)" in result.stderr
    left = {c["id"] for c in json.loads(coach("case", "list", "--json", "--limit", "0").stdout)}
    assert left == {old_open.id, recent_closed.id}  # open cases stay, however old
    assert drafts(casebook) == ["d-new"]
    conn = sqlite3.connect(casebook)
    assert conn.execute("SELECT id FROM deleted").fetchall() == [(old_closed.id,)]
    conn.close()
    # The tombstone keeps the purged case out when an old export comes back.
    write_export(casebook.parent / "old.json", [old_closed])
    assert coach("casebook", "import", str(casebook.parent / "old.json")).exit_code == 0
    assert coach("case", "show", old_closed.id[:8]).exit_code == 1


@pytest.mark.parametrize(
    ("now", "age", "kept", "purged"),
    [
        # From the last day of a month back to a shorter month: its last day.
        ("2026-03-31T12:00:00Z", "1m", "2026-02-28T12:00:01.000Z", "2026-02-28T11:59:59.000Z"),
        ("2026-12-31T12:00:00Z", "24m", "2024-12-31T12:00:01.000Z", "2024-12-31T11:59:59.000Z"),
        ("2026-11-25T09:30:00Z", "2w", "2026-11-11T09:30:01.000Z", "2026-11-11T09:29:59.000Z"),
        ("2026-11-25T09:30:00Z", "1y", "2025-11-25T09:30:01.000Z", "2025-11-25T09:29:59.000Z"),
    ],
)
def test_older_than_counts_calendar_months_and_days_from_now(
    coach: Invoke, casebook: Path, monkeypatch: pytest.MonkeyPatch,
    now: str, age: str, kept: str, purged: str,
) -> None:  # fmt: skip
    monkeypatch.setenv("COACH_NOW", now)
    stays, goes = (
        make_case(status="closed", updated_at=kept),
        make_case(status="closed", updated_at=purged),
    )
    casebook_with(casebook, stays, goes)
    assert coach("casebook", "purge", "--older-than", age, "--yes").exit_code == 0
    left = [c["id"] for c in json.loads(coach("case", "list", "--json").stdout)]
    assert left == [stays.id]


@pytest.mark.parametrize("bad", ["soon", "0d", "24", "-3m", "24x"])
def test_a_bad_age_is_a_usage_error_that_purges_nothing(
    coach: Invoke, casebook: Path, bad: str
) -> None:
    casebook_with(casebook, make_case(status="closed", updated_at=ago(days=5000)))
    result = coach("casebook", "purge", "--older-than", bad, "--yes")
    assert result.exit_code == 2
    assert result.stderr == (
        f"coach: --older-than takes an age such as 30d, 8w, 24m or 2y, not {bad!r}.\n"
    )
    assert len(json.loads(coach("case", "list", "--json").stdout)) == 1


def test_what_agents_type_is_shown_as_typed_never_as_markup(coach: Invoke, casebook: Path) -> None:
    case = make_case(situation="Customer wrote [bold]URGENT[/bold] and [red]", rule="[go] rule")
    casebook_with(casebook, case)
    shown = coach("case", "show", case.id[:8]).stdout
    assert "[bold]URGENT[/bold] and [red]" in shown
    assert "[go] rule" in shown
    assert "[bold]URGENT" in coach("case", "list").stdout


def test_show_renders_the_advice_code_in_the_readers_language(
    coach: Invoke, casebook: Path
) -> None:
    from coachcli.domain.case import Advice

    advice = Advice("go", True, True, "Within your comfort.", "Promise only what...")
    case = make_case(advice=advice)
    casebook_with(casebook, case)
    shown = coach("--lang", "nl", "case", "show", case.id[:8]).stdout.splitlines()
    # The code once, in the reader's words; below it the text as it was shown (issue 15:
    # not "needs sign-off: This needs sign-off: ...").
    (at,) = [n for n, line in enumerate(shown) if line.startswith("advies ")]
    assert shown[at].split() == ["advies", "ga", "je", "gang"]
    assert shown[at + 1].strip() == "Within your comfort."
