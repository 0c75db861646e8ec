"""Drafts: the agent's unfinished cases (SPEC §7), through a terminal of the test's own.

`case drafts` lists them, `case new --resume [DRAFT]` continues one after a recap, a run
stopped before anything was typed keeps none, `case delete` and `purge` remove them, and a
casebook that cannot be written keeps them in a draft file in the home.
"""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coachcli import draftfiles, store
from coachcli.domain.draft import Draft
from tests.conftest import Invoke, Terminal
from tests.helpers import ago, casebook_with, make_case

# The flow of `case new` in tests/cli/test_case_flow.py, one key or line per prompt.
SITUATION = "Customer needs her wig washed before a second round of chemo\r"
RULE = "Policy pays for a new wig only\r"
REST = [
    "Pay for a professional wash\r",  # alternative
    "\r", "\r",  # no customer reference, no tags
    "700\r", "49,95\r", "\r",  # costs, neither department nor precedent
    "y", "Twenty years a customer\r", "y", "\r", "a", "\r",  # loyalty, human, risk + notes
    "\r",  # rung: the inferred one
    "2", "We reimburse the wash, up to 50 euro\r",  # set aside, and the promise
]  # fmt: skip
TAXI = "Taxi home after chemotherapy\r"


@pytest.fixture(autouse=True)
def sanne(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_AGENT", "Sanne")


@pytest.fixture
def home(isolated: Path) -> Path:
    return isolated.parent / "home"


def shown(text: str) -> list[str]:
    """The lines of a panel as a reader sees them: frame and padding left out."""
    return [" ".join(line.strip("│╭╮╰╯─ ").split()) for line in text.splitlines()]


def drafts(coach: Invoke, *args: str) -> list[dict[str, Any]]:
    result = coach(*args, "case", "drafts", "--json")
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def stop_at(terminal: Terminal, monkeypatch: pytest.MonkeyPatch, when: str, *keys: str) -> str:
    """Type `keys` at time `when`, then Ctrl-C; the short id of the draft kept."""
    monkeypatch.setenv("COACH_NOW", when)
    ran = terminal.run("case", "new", keys="".join(keys) + "\x03")
    assert ran.exit_code == 130, ran.output
    short = ran.stderr.split("kept as draft ")[1][:8]
    monkeypatch.setenv("COACH_NOW", ago())
    return short


def test_stopping_before_anything_is_typed_keeps_no_draft(
    terminal: Terminal, coach: Invoke, home: Path
) -> None:
    for _ in range(3):
        ran = terminal.run("case", "new", keys="\x03")
        assert ran.exit_code == 130
        assert ran.stderr == "\nStopped before any answer was given, so no draft was kept.\n"
    assert drafts(coach) == []
    assert not (home / "drafts").exists() or list((home / "drafts").iterdir()) == []
    resumed = coach("case", "new", "--resume", "--no-input")
    assert resumed.exit_code == 1
    assert resumed.stderr == "coach: there is no unfinished case of Sanne to resume.\n"


def test_drafts_lists_the_agents_own_newest_first_with_their_age(
    terminal: Terminal, coach: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    taxi = stop_at(terminal, monkeypatch, ago(hours=3, minutes=20), TAXI)
    wig = stop_at(terminal, monkeypatch, ago(minutes=3), SITUATION, RULE)
    monkeypatch.setenv("COACH_AGENT", "Bram")
    stop_at(terminal, monkeypatch, ago(minutes=1), "Glasses broke abroad\r")
    monkeypatch.setenv("COACH_AGENT", "Sanne")

    listed = coach("case", "drafts")

    assert listed.exit_code == 0
    lines = [line.split() for line in listed.stdout.splitlines()]
    assert lines[0] == ["id", "changed", "situation"]
    assert lines[1][:4] == [wig, "3", "min", "ago"]
    assert " ".join(lines[1][4:]) == SITUATION.strip()
    assert lines[2][:4] == [taxi, "3", "h", "ago"]
    assert len(lines) == 3
    assert listed.stderr == "Continue one with `coach case new --resume ID`.\n"
    dutch = coach("--lang", "nl", "case", "drafts")
    assert dutch.stdout.splitlines()[0].split() == ["id", "gewijzigd", "situatie"]
    assert "3 min geleden" in dutch.stdout and "3 uur geleden" in dutch.stdout
    assert dutch.stderr == "Ga verder met een concept via `coach --lang nl case new --resume ID`.\n"
    assert [(d["id"][:8], d["situation"], d["file"]) for d in drafts(coach)] == [
        (wig, SITUATION.strip(), None),
        (taxi, TAXI.strip(), None),
    ]
    assert drafts(coach)[1]["created_at"] == ago(hours=3, minutes=20)


def test_resume_names_a_draft_shows_a_recap_and_finishes_that_one(
    terminal: Terminal, coach: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    wig = stop_at(terminal, monkeypatch, ago(hours=2), SITUATION, RULE, *REST[:5])
    taxi = stop_at(terminal, monkeypatch, ago(minutes=1), TAXI)

    ran = terminal.run("case", "new", "--resume", wig[:5], keys="".join(REST[5:]))

    assert ran.exit_code == 0, ran.output
    recap = shown(ran.stderr.split("The casebook is still empty")[0])  # no precedents
    assert recap == [
        f"Continuing draft {wig}, started 2 h ago",
        "situation Customer needs her wig washed before a second round of chemo",
        "rule Policy pays for a new wig only",
        "alternative Pay for a professional wash",
        "costs (rule → alternative) €700.00 → €49.95",
        "",
    ]
    assert "Taxi" not in recap
    assert f"Case {ran.stderr.split('Case ')[-1][:8]} saved." in ran.stderr
    assert [d["id"][:8] for d in drafts(coach)] == [taxi]  # the saved one is gone
    case = json.loads(coach("case", "list", "--json").stdout)[0]
    assert (case["situation"], case["promise"]) == (
        SITUATION.strip(), "We reimburse the wash, up to 50 euro",
    )  # fmt: skip


def test_resume_without_an_id_takes_the_latest_and_a_draft_id_needs_resume(
    terminal: Terminal, coach: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    stop_at(terminal, monkeypatch, ago(hours=2), SITUATION, RULE)
    taxi = stop_at(terminal, monkeypatch, ago(minutes=1), TAXI)
    ran = terminal.run("case", "new", "--resume", keys="\x03")
    assert f"Continuing draft {taxi}, started 1 min ago" in ran.stderr
    assert ran.exit_code == 130

    wrong = coach("--lang", "nl", "case", "new", taxi)

    assert wrong.exit_code == 2
    assert wrong.stderr == (
        f"coach: een concept hervat je met --resume: `coach --lang nl case new --resume {taxi}`\n"
    )


def test_an_unknown_or_ambiguous_draft_id_is_a_clear_error(
    terminal: Terminal, coach: Invoke, casebook: Path
) -> None:
    casebook_with(casebook, make_case(id="abcd1234-6d4e-4a7b-9c21-5e8f0a1b2c3d"))
    opened = store.connect(casebook)
    assert opened is not None
    for draft_id, when in (("abcd5678-6d4e-4a7b-9c21-5e8f0a1b2c3d", ago(days=1)),
                           ("abcd9abc-6d4e-4a7b-9c21-5e8f0a1b2c3d", ago(days=2))):  # fmt: skip
        store.save_draft(opened, draft_id, "Sanne", {"situation": "Wig wash"}, when)
    opened.close()

    missing = terminal.run("case", "new", "--resume", "beef")
    assert (missing.exit_code, missing.stderr) == (
        1, "coach: no draft with an id starting with beef.\n",
    )  # fmt: skip
    two = terminal.run("case", "new", "--resume", "abcd")
    assert two.exit_code == 1
    assert two.stderr == (  # by short id, date and agent: never the customer's words
        "coach: abcd matches 2 drafts; give more characters:\n"
        "  abcd5678  2026-11-24  Sanne\n"
        "  abcd9abc  2026-11-23  Sanne\n"
    )
    three = coach("case", "delete", "abcd", "--yes")
    assert three.exit_code == 1
    assert three.stderr == (
        "coach: abcd matches 3 cases and drafts; give more characters:\n"
        "  abcd1234  2026-11-20  Sanne de Vries\n"
        "  abcd5678  2026-11-24  Sanne\n"
        "  abcd9abc  2026-11-23  Sanne\n"
    )
    assert coach("case", "delete", "abcd-9", "--yes").exit_code == 0
    assert [d["id"][:8] for d in drafts(coach)] == ["abcd5678"]
    assert coach("case", "new", "--resume", "abc").exit_code == 2  # fewer than 4 characters


@pytest.fixture
def casebook(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = isolated / "casebook.db"
    monkeypatch.setenv("COACH_CASEBOOK", str(path))
    return path


def test_deleting_a_draft_asks_first_and_says_so_in_both_languages(
    terminal: Terminal, coach: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    short = stop_at(terminal, monkeypatch, ago(minutes=5), TAXI)

    kept = terminal.run("--lang", "nl", "case", "delete", short, keys="n")
    assert (kept.exit_code, kept.stderr) == (0, "Er is niets verwijderd.\n")
    gone = terminal.run("--lang", "nl", "case", "delete", short, keys="j")

    assert (gone.exit_code, gone.stderr) == (0, f"Concept {short} definitief verwijderd.\n")
    assert drafts(coach) == []
    missing = coach("case", "delete", short, "--yes")
    assert (missing.exit_code, missing.stderr) == (
        1, f"coach: no case or draft with an id starting with {short}.\n",
    )  # fmt: skip


@pytest.fixture
def locked(casebook: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sqlite3.Connection]:
    """Another coach holding the casebook's write lock (a long import, say); coach waits
    0.3 s for it here instead of 5 and 30 s."""
    casebook_with(casebook, make_case(situation="Hearing aid lost abroad"))
    monkeypatch.setattr("coachcli.store.casebook.BUSY_TIMEOUT_S", 0.3)
    monkeypatch.setattr("coachcli.store.casebook.SAVE_TIMEOUT_S", 0.3)
    monkeypatch.setattr("coachcli.cli.drafting.URGENT_S", 0.3)
    conn = sqlite3.connect(casebook, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    finally:
        conn.close()


def test_a_case_the_locked_casebook_cannot_take_goes_to_a_draft_file_and_resume_saves_it(
    terminal: Terminal, coach: Invoke, casebook: Path, home: Path, locked: sqlite3.Connection
) -> None:
    ran = terminal.run("case", "new", keys="".join([SITUATION, RULE, *REST]))

    assert ran.exit_code == 1
    (path,) = (home / "drafts").iterdir()
    short = path.name[:8]
    *_, said, kept = ran.stderr.splitlines()
    assert said.startswith(f"coach: coach waited 0.3 s for the casebook {casebook}")
    assert kept == (
        f"Nothing is lost: your answers are kept as draft {short} in {path}. "
        f"Continue with `coach case new --resume {short}`."
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    body = json.loads(path.read_text())
    assert body["data"]["promise"] == "We reimburse the wash, up to 50 euro"
    locked.execute("ROLLBACK")
    listed = coach("case", "drafts")
    assert f"{short}* just now" in " ".join(listed.stdout.split())
    assert f"* kept in a file in {home / 'drafts'}: the casebook could not" in " ".join(
        listed.stdout.split()
    )

    resumed = terminal.run("case", "new", "--resume", short)  # nothing left to ask

    assert resumed.exit_code == 0, resumed.output
    assert "Continuing draft" in resumed.stderr and " saved." in resumed.stderr
    assert not path.exists()
    assert drafts(coach) == []
    situations = [c["situation"] for c in json.loads(coach("case", "list", "--json").stdout)]
    assert situations == [SITUATION.strip(), "Hearing aid lost abroad"]


def test_ctrl_c_while_the_casebook_is_locked_keeps_the_draft_in_a_file_in_dutch(
    terminal: Terminal, home: Path, locked: sqlite3.Connection
) -> None:
    ran = terminal.run("--lang", "nl", "case", "new", keys=SITUATION + RULE + "\x03")

    assert ran.exit_code == 130
    (path,) = (home / "drafts").iterdir()
    short = path.name[:8]
    assert ran.stderr.endswith(
        f"Er gaat niets verloren: je antwoorden zijn bewaard als concept {short} in {path}. "
        f"Ga verder met `coach --lang nl case new --resume {short}`.\n"
    )
    assert json.loads(path.read_text())["data"]["rule"] == RULE.strip()


def test_a_read_only_casebook_keeps_the_case_as_a_draft_file(
    terminal: Terminal, casebook: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root here, whom file modes do not stop: SQLite's own read-only open
    (`?mode=ro`) stands in for a read-only file or folder."""
    casebook_with(casebook, make_case())
    connect = sqlite3.connect

    def read_only(path: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if str(path) == str(casebook):
            path, kwargs = f"file:{path}?mode=ro", {**kwargs, "uri": True}
        conn: sqlite3.Connection = connect(path, *args, **kwargs)
        return conn

    monkeypatch.setattr(sqlite3, "connect", read_only)
    ran = terminal.run("case", "new", keys="".join([SITUATION, RULE, *REST]))

    assert ran.exit_code == 1
    (path,) = (home / "drafts").iterdir()
    *_, said, kept = ran.stderr.splitlines()
    assert said == (
        f"coach: SQLite cannot write to the casebook {casebook} (SQLITE_READONLY); check that "
        "you may write the file and its folder."
    )
    assert kept == (
        f"Nothing is lost: your answers are kept as draft {path.name[:8]} in {path}. "
        f"Continue with `coach case new --resume {path.name[:8]}`."
    )


def test_purge_removes_old_draft_files_too(coach: Invoke, home: Path) -> None:
    folder = home / "drafts"
    old = Draft("5d1e7c93-2e5f-4b08-9a6d-c3e1f0b7d825", "Sanne", ago(days=800), ago(days=800),
                {"situation": "Old taxi"})  # fmt: skip
    recent = Draft("6e2f8d15-3c9e-4b71-a0d4-e8b5c2f1a796", "Sanne", ago(days=3), ago(days=3),
                   {"situation": "Recent wig"})  # fmt: skip
    draftfiles.write_draft(folder, old)
    draftfiles.write_draft(folder, recent)

    result = coach("casebook", "purge", "--older-than", "24m", "--yes")

    assert result.exit_code == 0, result.output
    assert result.stderr == "Removed 0 closed case(s) and 1 draft(s).\n"
    assert [p.name for p in folder.iterdir()] == [f"{recent.id}.json"]


def test_a_file_in_the_drafts_folder_that_is_no_draft_is_named_and_skipped(
    coach: Invoke, home: Path
) -> None:
    folder = home / "drafts"
    folder.mkdir(parents=True)
    (folder / "notes.json").write_text("{not json")

    result = coach("case", "drafts")

    assert result.exit_code == 0
    assert result.stderr == (
        f"coach: {folder / 'notes.json'} is not a readable draft file; skipped.\n"
        "Sanne has no unfinished cases.\n"
    )


def test_a_complete_run_leaves_no_working_copy_behind(terminal: Terminal, home: Path) -> None:
    ran = terminal.run("case", "new", keys="".join([SITUATION, RULE, *REST]))
    assert ran.exit_code == 0, ran.output
    assert list((home / "drafts").iterdir()) == []  # written during the call, then removed


def test_a_scripted_case_the_locked_casebook_cannot_take_is_kept_as_well(
    coach: Invoke, casebook: Path, home: Path, locked: sqlite3.Connection
) -> None:
    flags = ["--situation", "Taxi home after chemo", "--rule", "No taxis", "--alternative",
             "Pay the taxi", "--loyalty", "yes", "--cost", "higher", "--human", "yes",
             "--risk", "none"]  # fmt: skip
    result = coach("case", "new", "--no-input", *flags)

    assert result.exit_code == 1
    (path,) = (home / "drafts").iterdir()
    assert result.stderr.endswith(f"Continue with `coach case new --resume {path.name[:8]}`.\n")
    locked.execute("ROLLBACK")
    resumed = coach("case", "new", "--resume", path.name[:8], "--no-input", "--json")
    assert resumed.exit_code == 0, resumed.output
    assert json.loads(resumed.stdout)["situation"] == "Taxi home after chemo"
    assert not path.exists()


def test_a_draft_in_a_file_can_be_deleted_when_the_casebook_cannot_be_opened(
    coach: Invoke, casebook: Path, home: Path
) -> None:
    casebook.write_text("these are someone's notes, not a casebook")
    draft = Draft("5d1e7c93-2e5f-4b08-9a6d-c3e1f0b7d825", "Sanne", ago(days=1), ago(days=1),
                  {"situation": "Taxi for Mr Pietersen"})  # fmt: skip
    path = draftfiles.write_draft(home / "drafts", draft)

    result = coach("case", "delete", "5d1e", "--yes")

    assert result.exit_code == 0
    assert result.stderr == (
        f"coach: the casebook was not searched: {casebook} is not a casebook (not an SQLite "
        "file); it was left untouched.\n"
        "Draft 5d1e7c93 deleted for good.\n"
    )
    assert not path.exists()
    assert coach("case", "delete", "beef", "--yes").stderr == (
        f"coach: {casebook} is not a casebook (not an SQLite file); it was left untouched.\n"
    )


def test_empty_drafts_an_earlier_coach_kept_are_passed_over(
    terminal: Terminal, coach: Invoke, casebook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C at the first prompt used to store an empty draft each time, and `--resume`
    then opened the newest, empty one instead of the real half-finished case."""
    real = stop_at(terminal, monkeypatch, ago(hours=1), SITUATION, RULE)
    opened = store.connect(casebook)
    assert opened is not None
    empty: dict[str, Any] = {"situation": None, "rule": None, "answers": {}, "tags": []}
    store.save_draft(opened, "0e6a2f41-8c3d-4a9e-b712-5d0f3e8a9c14", "Sanne", empty, ago())
    opened.close()

    assert [d["id"][:8] for d in drafts(coach)] == [real]
    ran = terminal.run("case", "new", "--resume", keys="\x03")
    assert f"Continuing draft {real}" in ran.stderr
