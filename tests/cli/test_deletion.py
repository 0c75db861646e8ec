"""Deleting leaves no trace (SPEC §8): the raw bytes of the casebook, its -wal and -shm.

Every test here first finds each piece of text it looks for in the files, so that not
finding it afterwards means something. The full-text index stores terms in lower case,
without diacritics, and prefix-compressed (a term shares its first bytes with the one
before it), so a term's tail is looked for as well as the whole word.

SQLite checkpoints and removes the -wal when the last connection closes; a second
connection stays open in these tests (as Datasette or another coach would), so that what
coach does itself is what is measured.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from coachcli import store
from coachcli.domain.case import Case, Comment
from tests.conftest import Invoke
from tests.helpers import ago, make_case

# The customer whose data must go: every field that holds text, and the index's forms.
DOOMED_TEXT = {
    "situation": "Mevrouw Zoë Brontëzichter-Quaglievers belt over haar pruik, tel 0612345678",
    "rule": "Polis vergoedt alleen een nieuwe Pruikvervangingsregeling",
    "alternative": "Wasbeurt bij Kapsalon Vlechtwerkerij vergoeden",
    "customer": "KLNT-4471-XJW",
    "promise": "Wij betalen de Haarwasserette Overtoomsluis",
    "lessons": "Vraag juffrouw Trumbelsnoot om de nota. " + "Ulvenhoutse toelichting. " * 200,
    "note": "Klant sinds 1998 bij Yvonkaswijkers",
    "comment": "Teruggebeld door Ulrikadottir op 0687654321",
    "tag": "kwastjesvlieger",
}
DOOMED_NEEDLES = [
    # As typed, case-insensitively (the rows of cases, comments and tags).
    "Brontëzichter", "Quaglievers", "0612345678", "Pruikvervangingsregeling",
    "Vlechtwerkerij", "KLNT-4471-XJW", "Haarwasserette", "Overtoomsluis", "Trumbelsnoot",
    "Ulvenhoutse", "Yvonkaswijkers", "Ulrikadottir", "0687654321", "kwastjesvlieger",
    # As the index stores them: lower case, diacritics removed, and the tails that a
    # prefix-compressed term keeps whole.
    "ontezichter", "quaglievers", "aglievers", "ruikvervangingsregeling",
    "vangingsregeling", "vlechtwerkerij", "htwerkerij", "haarwasserette", "wasserette",
    "overtoomsluis", "toomsluis", "trumbelsnoot", "mbelsnoot", "ulvenhoutse", "venhoutse",
    "yvonkaswijkers", "kaswijkers", "2345678",
]  # fmt: skip


def doomed(**fields: object) -> Case:
    t = DOOMED_TEXT
    text = dict(
        situation=t["situation"], rule=t["rule"], alternative=t["alternative"],
        customer=t["customer"], promise=t["promise"], lessons=t["lessons"],
        notes={"loyalty": t["note"], "cost": None, "human": None, "risk": None},
        comments=(Comment(str(uuid.uuid4()), "Sanne", ago(days=4), t["comment"]),),
        tags=(t["tag"], "pruik"),
    )  # fmt: skip
    return make_case(**{**text, **fields})


def survivors(count: int = 120) -> list[Case]:
    """Ordinary cases around the doomed one: the index gets many segments and the tables
    several pages, as in a casebook that is in use."""
    words = ["taxi", "hearing aid", "glasses", "physio", "dentist", "wig", "insoles"]
    return [
        make_case(situation=f"Customer {n} asks about {words[n % 7]} abroad",
                  rule=f"Rule {n % 5} of the policy", tags=("zorg",))
        for n in range(count)
    ]  # fmt: skip


def found(casebook: Path, needles: list[str]) -> dict[str, list[str]]:
    """The needles in the raw bytes of the casebook, its -wal and its -shm, by file."""
    hits = {}
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{casebook}{suffix}")
        data = path.read_bytes().lower() if path.exists() else b""
        present = [n for n in needles if n.lower().encode() in data]
        if present:
            hits[path.name] = present
    return hits


def everywhere(casebook: Path, needles: list[str]) -> set[str]:
    return {n for present in found(casebook, needles).values() for n in present}


@pytest.fixture
def casebook(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = isolated / "casebook.db"
    monkeypatch.setenv("COACH_CASEBOOK", str(path))
    # A checkpoint that a reader blocks gives up after 0.2 s here instead of 5 s.
    monkeypatch.setattr("coachcli.store.casebook.SCRUB_WAIT_S", 0.2)
    return path


@pytest.fixture
def other(casebook: Path) -> Iterator[sqlite3.Connection]:
    """Another program with the casebook open, idle: it keeps SQLite from cleaning up
    the -wal when coach closes, as a running Datasette or a second coach would."""
    opened = store.connect(casebook)
    assert opened is not None
    opened.close()
    conn = sqlite3.connect(casebook, isolation_level=None)
    conn.execute("SELECT count(*) FROM cases").fetchone()
    try:
        yield conn
    finally:
        conn.close()


def fill(casebook: Path, *cases: Case) -> None:
    opened = store.connect(casebook)
    assert opened is not None
    for case in cases:
        store.insert_case(opened, case)
    opened.close()


def tombstones(casebook: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(casebook)) as conn:
        return conn.execute("SELECT id, reason FROM deleted ORDER BY id").fetchall()


def test_a_deleted_case_leaves_no_byte_in_the_casebook_its_wal_or_shm(
    coach: Invoke, casebook: Path, other: sqlite3.Connection
) -> None:
    gone = doomed(status="closed", outcome="resolved", decision="set-aside")
    cases = survivors()
    fill(casebook, *cases[:60], gone, *cases[60:])
    assert coach("case", "close", cases[3].id[:8], "--outcome", "resolved").exit_code == 0
    assert everywhere(casebook, DOOMED_NEEDLES) == set(DOOMED_NEEDLES)  # each can be found

    result = coach("case", "delete", gone.id[:8], "--yes")

    assert result.exit_code == 0, result.output
    assert result.stderr == f"Case {gone.short_id} deleted for good.\n"
    assert found(casebook, DOOMED_NEEDLES) == {}
    assert tombstones(casebook) == [(gone.id, "privacy")]
    # The survivors are all still there and still found by their words.
    listed = json.loads(coach("case", "list", "--limit", "0", "--json").stdout)
    assert len(listed) == 120
    assert len(json.loads(coach("case", "search", "hearing aid", "--json").stdout)) == 17
    assert json.loads(coach("case", "search", "Quaglievers", "--json").stdout) == []


def test_a_purge_leaves_no_byte_of_the_purged_cases_and_retention_tombstones(
    coach: Invoke, casebook: Path, other: sqlite3.Connection
) -> None:
    old = ago(days=800)
    gone = doomed(status="closed", outcome="resolved", updated_at=old, created_at=old)
    kept = doomed(status="open", updated_at=old, created_at=old, situation="Still open")
    cases = survivors()
    fill(casebook, *cases[:60], gone, *cases[60:])
    with_kept = [n for n in DOOMED_NEEDLES if n not in ("Brontëzichter", "ontezichter",
                 "Quaglievers", "quaglievers", "aglievers", "0612345678", "2345678")]  # fmt: skip
    assert everywhere(casebook, DOOMED_NEEDLES) == set(DOOMED_NEEDLES)

    result = coach("casebook", "purge", "--older-than", "24m", "--yes")

    assert result.exit_code == 0, result.output
    assert "Removed 1 closed case(s) and 0 draft(s)." in result.stderr
    assert found(casebook, DOOMED_NEEDLES) == {}
    assert tombstones(casebook) == [(gone.id, "retention")]
    # An open case with the same words is kept by a purge, and its words with it.
    fill(casebook, kept)
    assert everywhere(casebook, with_kept) == set(with_kept)


def test_a_reader_that_blocks_the_checkpoint_is_reported_and_the_next_write_clears_it(
    coach: Invoke, casebook: Path, other: sqlite3.Connection
) -> None:
    gone = doomed()
    cases = survivors(40)
    fill(casebook, gone, *cases)
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM cases").fetchone()  # a read snapshot from before

    result = coach("case", "delete", gone.id[:8], "--yes")

    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Case {gone.short_id} deleted for good.\n"
        "coach: another program is reading the casebook, so the deleted text stays in "
        f"{casebook} until it is done; close that program (another coach, Datasette, "
        "sqlite3) and the next coach command clears it.\n"
    )
    assert found(casebook, DOOMED_NEEDLES) != {}  # the reader's snapshot still needs it
    doctor = json.loads(coach("doctor", "--json").stdout)
    (check,) = [c for c in doctor["checks"] if c["check"] == "wal_bad"]
    assert check == {
        "check": "wal_bad", "ok": False,
        "text": f"{casebook} may still hold text of a deleted case or draft: another program "
        "was reading the casebook, so its write-ahead log could not be applied. Close that "
        "program, then run any coach command on this casebook (such as `coach case list`) "
        "to clear it",
    }  # fmt: skip
    assert coach("doctor").exit_code == 1

    other.execute("COMMIT")  # the reader is done, though still connected
    result = coach("case", "comment", cases[0].id[:8], "Called back")  # the next write

    assert result.exit_code == 0
    assert found(casebook, DOOMED_NEEDLES) == {}
    doctor = json.loads(coach("doctor", "--json").stdout)
    assert {c["check"]: c["ok"] for c in doctor["checks"]}["wal_ok"] is True


def test_the_owed_checkpoint_survives_the_process_and_a_read_command_also_clears_it(
    coach: Invoke, casebook: Path, other: sqlite3.Connection
) -> None:
    gone = doomed()
    fill(casebook, gone, *survivors(40))
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM cases").fetchone()
    assert coach("case", "delete", gone.id[:8], "--yes").exit_code == 0
    assert coach("case", "list").exit_code == 0  # still blocked: still owed
    assert found(casebook, DOOMED_NEEDLES) != {}
    other.execute("COMMIT")

    assert coach("case", "list").exit_code == 0

    assert found(casebook, DOOMED_NEEDLES) == {}
    assert coach("doctor").exit_code == 0


DRAFT_NEEDLES = ["Grindlewaldstraat", "grindlewaldstraat", "ndlewaldstraat", "0698765432",
                 "Ophelixandra", "ophelixandra"]  # fmt: skip


def test_a_deleted_draft_leaves_no_byte_behind(
    coach: Invoke, casebook: Path, other: sqlite3.Connection
) -> None:
    fill(casebook, *survivors(40))
    opened = store.connect(casebook)
    assert opened is not None
    draft_id = "5d1e7c93-2e5f-4b08-9a6d-c3e1f0b7d825"
    typed = {"situation": "Mevrouw Ophelixandra, Grindlewaldstraat 4, belt 0698765432"}
    store.save_draft(opened, draft_id, "Sanne", typed, ago(minutes=5))
    opened.close()
    assert everywhere(casebook, DRAFT_NEEDLES) == set(DRAFT_NEEDLES)

    result = coach("case", "delete", "5d1e7c", "--yes")

    assert result.exit_code == 0, result.output
    assert result.stderr == "Draft 5d1e7c93 deleted for good.\n"
    assert found(casebook, DRAFT_NEEDLES) == {}
    assert json.loads(coach("case", "drafts", "--json").stdout) == []


def test_a_rewritten_draft_leaves_no_copy_of_its_old_text(casebook: Path) -> None:
    """secure_delete on every connection that writes, not only around a delete: a draft is
    rewritten as the agent goes on, and its old text must not linger in free space."""
    fill(casebook, *survivors(10))
    opened = store.connect(casebook)
    assert opened is not None
    draft_id = "5d1e7c93-2e5f-4b08-9a6d-c3e1f0b7d825"
    long_before = {"situation": "Mevrouw Ophelixandra belt over " + "haar rolstoel " * 40}
    store.save_draft(opened, draft_id, "Sanne", long_before, ago(minutes=5))
    store.save_draft(opened, draft_id, "Sanne", {"situation": "Klant belt"}, ago(minutes=1))
    opened.close()

    assert found(casebook, ["Ophelixandra", "rolstoel"]) == {}


def test_a_delete_for_privacy_keeps_the_case_out_of_a_later_import(
    coach: Invoke, casebook: Path
) -> None:
    gone = doomed()
    fill(casebook, gone)
    export = casebook.parent / "before.json"
    assert coach("casebook", "export", "--no-redact", "--output", str(export)).exit_code == 0
    assert coach("case", "delete", gone.id[:8], "--yes").exit_code == 0

    assert coach("casebook", "import", str(export)).exit_code == 0

    assert coach("case", "show", gone.id[:8]).exit_code == 1
    assert tombstones(casebook) == [(gone.id, "privacy")]


def test_a_checkpoint_owed_is_retried_after_the_next_write_of_the_same_coach(
    casebook: Path, other: sqlite3.Connection
) -> None:
    """A coach that stays open (an import, a long session) clears the log after its next
    write, once the reader is done, without being opened again."""
    gone = doomed()
    fill(casebook, gone, *survivors(40))
    opened = store.connect(casebook)
    assert opened is not None
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM cases").fetchone()
    assert store.delete_case(opened, gone.id, ago(minutes=1)) is False
    store.insert_case(opened, make_case())  # the reader still holds its snapshot
    assert opened.scrub_owed() is True
    other.execute("COMMIT")

    store.insert_case(opened, make_case())

    assert opened.scrub_owed() is False
    assert found(casebook, DOOMED_NEEDLES) == {}
    opened.close()
