"""Opening the casebook: creation, migrations, backups, refusals and concurrency (SPEC §8)."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from coachcli import store
from coachcli.domain.case import Case, CaseFilter
from coachcli.errors import CasebookError
from coachcli.store import migrations
from coachcli.store.casebook import connect
from coachcli.store.cases import case_row
from tests.helpers import NOW, casebook_with, make_case

NOW_ISO = "2026-11-25T09:30:00.000Z"

EXPECTED_TABLES = {"cases", "comments", "tags", "drafts", "deleted", "cases_fts"}


def open_(path: Path) -> store.Casebook:
    casebook = connect(path)
    assert casebook is not None
    return casebook


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def row_for(db: Database, case: Case) -> dict[str, Any]:
    """A case's row as the schema `db` is at stores it: before m005, costs were REAL
    euros; before m007, there was no `review_copy`; before m008, no `rung_reason` and no
    `against_advice`; before m009, no `rule_key`, `retained` or `followed_up_at`."""
    row = case_row(case)
    columns = db["cases"].columns_dict
    for name in (
        "review_copy", "rung_reason", "against_advice", "rule_key", "retained", "followed_up_at"
    ):  # fmt: skip
        if name not in columns:
            del row[name]
    if "rule_cost_cents" not in db["cases"].columns_dict:
        for name in ("rule_cost", "alternative_cost"):
            cents = row.pop(f"{name}_cents")
            row[name] = None if cents is None else cents / 100
    return row


def search(path: Path, word: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT c.id FROM cases_fts JOIN cases c ON c.pk = cases_fts.rowid "
            "WHERE cases_fts MATCH ?",
            [word],
        )
        return [row[0] for row in rows]


def test_a_blank_casebook_reaches_the_current_schema(tmp_path: Path) -> None:
    casebook = open_(tmp_path / "new.db")
    assert casebook.schema_version() == 10
    assert store.CURRENT_VERSION == 10  # the version this coach says it writes
    assert set(casebook.db.table_names()) >= EXPECTED_TABLES
    assert casebook.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert casebook.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert casebook.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert casebook.upgrade is None  # nothing to back up on a new file
    casebook.close()


def test_applying_the_migrations_twice_is_harmless(tmp_path: Path) -> None:
    path = casebook_with(tmp_path / "twice.db", make_case())
    schema = sqlite3.connect(path).execute("SELECT sql FROM sqlite_master").fetchall()
    casebook = open_(path)
    migrations.migration_set().apply(casebook.db)  # the same steps once more
    assert casebook.schema_version() == 10
    assert casebook.db.execute("SELECT sql FROM sqlite_master").fetchall() == schema
    assert store.count_cases(casebook) == 1
    casebook.close()


def test_a_casebook_stopped_after_the_first_migration_upgrades_through_a_backup(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.migration_set().apply(old, stop_before="m002_create_fts")
    case = make_case(situation="Hearing aid battery lost abroad")
    old.table("cases").insert(row_for(old, case))
    old.close()

    casebook = open_(path)
    assert casebook.upgrade is not None
    assert (casebook.upgrade.from_version, casebook.upgrade.to_version) == (1, 10)
    assert not casebook.upgrade.backup.exists()  # checked, then removed
    assert store.leftover_backups(path) == []
    assert casebook.schema_version() == 10
    casebook.close()
    # The case that was there before the index existed is found by the new index.
    assert search(path, "battery") == [case.id]


@pytest.mark.parametrize("step", [s.__name__ for s in migrations.STEPS[1:]])
def test_every_migration_upgrades_the_state_before_it(tmp_path: Path, step: str) -> None:
    """A casebook stopped just before `step`, holding a case, reaches the current schema
    with its case intact and findable."""
    path = tmp_path / "before.db"
    old = Database(path)
    migrations.migration_set().apply(old, stop_before=step)
    case = make_case(situation="Taxi to the hospital at night", agent="Sanne")
    old.table("cases").insert(row_for(old, case))
    old.close()
    casebook = open_(path)
    assert casebook.schema_version() == 10
    assert casebook.upgrade is not None and not casebook.upgrade.backup.exists()
    listed = store.list_cases(casebook, CaseFilter(agent="sanne"), NOW)
    assert [c.id for c in listed] == [case.id]
    assert (listed[0].rule_cost, listed[0].alternative_cost) == (
        case.rule_cost,
        case.alternative_cost,
    )
    casebook.close()
    assert search(path, "taxi") == [case.id]


def test_m007_marks_nothing_as_a_review_copy_and_keeps_the_tombstones_reasons(
    tmp_path: Path,
) -> None:
    """Before m007 every case and comment was typed here: a full copy. The reasons that m006
    gave the tombstones stay as they are: only the privacy deletion is exported."""
    path = tmp_path / "before.db"
    old = Database(path)
    migrations.migration_set().apply(old, stop_before="m007_add_review_copy")
    case = make_case(agent="Sanne")
    old.table("cases").insert(row_for(old, case))
    old.execute(
        "INSERT INTO comments (id, case_id, author, created_at, text) VALUES (?, ?, ?, ?, ?)",
        ["0c0c0c0c-0000-4000-8000-000000000001", case.id, "Bram", case.created_at, "ok"],
    )
    old.execute(
        "INSERT INTO deleted (id, deleted_at, reason) VALUES "
        "('x', '2026-11-01T00:00:00.000Z', 'privacy'), "
        "('y', '2026-11-02T00:00:00.000Z', 'retention')"
    )
    old.conn.commit()
    old.close()
    casebook = open_(path)
    (stored,) = store.list_cases(casebook, CaseFilter(), NOW)
    assert stored.review_copy == 0 and stored.comments[0].review_copy == 0  # full copies
    assert list(store.privacy_tombstones(casebook)) == [
        ("x", "2026-11-01T00:00:00.000Z", "privacy")
    ]
    assert casebook.db.execute("SELECT id, reason FROM deleted ORDER BY id").fetchall() == [
        ("x", "privacy"),
        ("y", "retention"),
    ]
    casebook.close()


def test_m009_gives_every_case_its_rule_key_and_no_follow_up(tmp_path: Path) -> None:
    """The rule_key of each existing case, worked out by hand: NFKC turns the full-width
    "\uff22" into "B", case-folding makes "ß" "ss" and "BRILLEN" "brillen", and the runs of
    spaces, tabs and no-break spaces become one space, none at the ends."""
    path = tmp_path / "before.db"
    old = Database(path)
    migrations.migration_set().apply(old, stop_before="m009_add_rule_key_and_follow_up")
    rules = {
        "a": "Brillen alleen via een gecontracteerde opticien",
        "b": "  BRILLEN\u00a0alleen via een\tgecontracteerde OPTICIEN ",
        "c": "\uff22rillen alleen via een gecontracteerde opticien",
        "d": "Geen vergoeding buiten de Straße",
    }
    ids = {}
    for name, rule in rules.items():
        case = make_case(rule=rule, status="decided", decision="set-aside", decided_at=NOW_ISO)
        ids[name] = case.id
        old.table("cases").insert(row_for(old, case))
    old.close()
    casebook = open_(path)
    keys = dict(casebook.db.execute("SELECT id, rule_key FROM cases").fetchall())
    glasses = "brillen alleen via een gecontracteerde opticien"
    assert {name: keys[ids[name]] for name in rules} == {
        "a": glasses,
        "b": glasses,
        "c": glasses,
        "d": "geen vergoeding buiten de strasse",
    }
    # The rule texts themselves are kept as typed.
    assert casebook.db.execute("SELECT rule FROM cases WHERE id = ?", [ids["b"]]).fetchone() == (
        rules["b"],
    )
    assert casebook.db.execute(
        "SELECT count(*) FROM cases WHERE retained IS NULL AND followed_up_at IS NULL"
    ).fetchone() == (4,)
    plan = casebook.db.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM cases WHERE rule_key = ?", [glasses]
    ).fetchall()
    assert "cases_rule_key" in str(plan)
    with pytest.raises(sqlite3.IntegrityError):
        casebook.db.execute("UPDATE cases SET retained = 'maybe' WHERE id = ?", [ids["a"]])
    casebook.close()


def test_a_failing_migration_changes_nothing_and_keeps_its_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = casebook_with(tmp_path / "casebook.db", make_case())

    def m011_break_everything(db: Database) -> None:
        db.execute("DROP TABLE comments")
        raise RuntimeError("the migration fails halfway")

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, m011_break_everything])
    monkeypatch.setattr("coachcli.store.casebook.STEPS", migrations.STEPS)
    monkeypatch.setattr("coachcli.store.casebook.CURRENT_VERSION", len(migrations.STEPS))
    with pytest.raises(RuntimeError):
        connect(path)
    conn = sqlite3.connect(path)
    assert "comments" in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    applied = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert applied == 10  # the ten real steps; the failing eleventh left no record
    backups = store.leftover_backups(path)
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600


def test_a_new_casebook_file_is_owner_only(tmp_path: Path) -> None:
    path = casebook_with(tmp_path / "private" / "casebook.db", make_case())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for sidecar in path.parent.glob("casebook.db-*"):  # WAL files hold case data too
        assert stat.S_IMODE(sidecar.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "garbage",
    [
        b"name;situation\nJan;lost his card\n",  # someone's CSV
        b"SQLite format 3\x00" + b"\xff" * 4000,  # the right header over garbage
        b"\x00" * 8192,
    ],
)
def test_a_corrupt_or_foreign_file_is_refused_and_left_byte_identical(
    tmp_path: Path, garbage: bytes
) -> None:
    folder = tmp_path / "casebooks"
    folder.mkdir()
    path = folder / "casebook.db"
    path.write_bytes(garbage)
    before = digest(path)
    with pytest.raises(CasebookError):
        connect(path)
    assert digest(path) == before
    left = sorted(p.name for p in folder.iterdir())  # no -wal, no backup
    # An SQLite header over garbage is a damaged casebook: the marker that blocks writes.
    damaged = garbage.startswith(b"SQLite format 3\x00")
    assert left == (["casebook.db", "casebook.db.damaged"] if damaged else ["casebook.db"])


def test_a_truncated_casebook_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    source = casebook_with(tmp_path / "full.db", *[make_case() for _ in range(200)])
    with sqlite3.connect(source) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = tmp_path / "truncated.db"
    path.write_bytes(source.read_bytes()[:9000])
    before = digest(path)
    with pytest.raises(CasebookError) as caught:
        casebook = connect(path)
        assert casebook is not None
        store.list_cases(casebook, CaseFilter(limit=None), NOW)
    assert caught.value.key == "error.casebook_corrupt"
    assert digest(path) == before


def test_an_sqlite_file_of_another_program_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    before = digest(path)
    with pytest.raises(CasebookError) as caught:
        connect(path)
    assert caught.value.key == "error.casebook_foreign"
    assert digest(path) == before


def test_a_casebook_from_a_newer_coach_is_refused(tmp_path: Path) -> None:
    path = casebook_with(tmp_path / "newer.db")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('coach', 'm999_add_future', '2099-01-01')"
        )
    before = digest(path)
    with pytest.raises(CasebookError) as caught:
        connect(path)
    assert caught.value.key == "error.casebook_newer"
    assert (caught.value.values["version"], caught.value.values["supported"]) == (11, 10)
    assert digest(path) == before


def test_a_read_of_a_missing_casebook_creates_nothing(tmp_path: Path) -> None:
    assert connect(tmp_path / "absent.db", create=False) is None
    assert not (tmp_path / "absent.db").exists()


def _write_cases(path: str, agent: str, count: int) -> None:
    casebook = store.connect(Path(path))
    assert casebook is not None
    for _ in range(count):
        store.insert_case(casebook, make_case(agent=agent))
    casebook.close()


def test_two_processes_writing_at_once_both_succeed_and_lose_no_row(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"  # both processes also race to create and migrate it
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_write_cases, args=(str(path), agent, 150))
        for agent in ("Anouk", "Bram")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0]
    casebook = open_(path)
    rows = casebook.db.execute("SELECT agent, count(*) FROM cases GROUP BY agent").fetchall()
    assert dict(rows) == {"Anouk": 150, "Bram": 150}
    assert casebook.quick_check() == []
    casebook.close()


def test_coach_reads_the_migrations_table_that_sqlite_utils_writes() -> None:
    from sqlite_utils import Migrations

    assert Migrations.migrations_table == migrations.MIGRATIONS_TABLE


def test_every_name_the_store_offers_resolves() -> None:
    """Some names load on first use (`store.__getattr__`); a typo would only show at runtime."""
    for name in store.__all__:
        assert getattr(store, name) is not None, name


def test_every_missing_folder_above_a_new_casebook_is_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask, which gives folders 0755
    try:
        path = casebook_with(tmp_path / "a" / "b" / "c" / "casebook.db", make_case())
    finally:
        os.umask(old)
    modes = [
        stat.S_IMODE(p.stat().st_mode) for p in (path.parents[2], path.parents[1], path.parent)
    ]
    assert modes == [0o700, 0o700, 0o700]
