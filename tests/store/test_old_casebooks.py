"""Upgrading casebooks that earlier versions of coach wrote (SPEC §8).

`old_casebooks/vN.db` was written by the commit that introduced schema version N (see its
README), and `vN.json` lists every row it held, read with plain sqlite3 when it was made.
Every test opens a copy, so the fixtures never change. Expected versions are written as
numbers: counting today's migrations would agree with any mistake in them.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from coachcli import store
from coachcli.domain.case import CaseFilter
from coachcli.errors import CasebookError, NotFoundError
from coachcli.store import migrations
from tests.helpers import NOW

OLD = Path(__file__).parent / "old_casebooks"
# The same columns order the rows here as in the manifests.
ORDER = {
    "_sqlite_migrations": "id",
    "cases": "id",
    "comments": "id",
    "tags": "case_id, tag",
    "drafts": "id",
    "deleted": "id",
    "training": "id",
}
USER_DATA = ("cases", "comments", "tags", "drafts", "deleted", "training")
ALL_STEPS = [
    "m001_create_tables",
    "m002_create_fts",
    "m003_add_nocase_indexes",
    "m004_create_training",
    "m005_store_costs_in_cents",
    "m006_add_deletion_reason",
    "m007_add_review_copy",
    "m008_add_override_and_against_advice",
    "m009_add_rule_key_and_follow_up",
    "m010_add_report_indexes",
]
WIG = "3f9a2c1b-6d4e-4a7b-9c21-5e8f0a1b2c3d"
TAXI = "7b21e0c4-92aa-4f3e-8d10-4c6b9e2f7a15"
GLASSES = "a4c8f2d9-1e37-4b6a-a5f0-9d2e8c7b6a41"
IJMUIDEN = "91f3c6a8-0d4b-4e72-a19c-7e5b2d8f4c60"
SUNSCREEN = "e6a05d29-7f3c-4b18-8c6e-3a9f1b0d7e54"  # deleted on a privacy request
SURVIVORS = {
    WIG,
    TAXI,
    GLASSES,
    IJMUIDEN,
    "c19e5b70-3a2d-4f81-b6c4-0e7d9a8f5b32",
    "5e0d7a63-b8f1-4c29-9e4a-2b1c6d8f3e07",
    "d82b4f1e-6c9a-4e05-8b37-f1a0c5e9d264",
}
# The old REAL costs (rule, alternative) of every case, as the manifests hold them, in
# integer cents after m005: worked out by hand, 49.95 is 4995, 62.4 is 6240.
CENTS = {
    WIG: (45000, 4995),  # 450.0, 49.95
    TAXI: (None, 6240),  # no rule cost, 62.4
    GLASSES: (0, 18999),  # 0.0, 189.99
    "c19e5b70-3a2d-4f81-b6c4-0e7d9a8f5b32": (None, None),
    "5e0d7a63-b8f1-4c29-9e4a-2b1c6d8f3e07": (0, 245000),  # 0.0, 2450.0
    "d82b4f1e-6c9a-4e05-8b37-f1a0c5e9d264": (0, 39500),  # 0.0, 395.0
    IJMUIDEN: (None, 38500),  # no rule cost, 385.0
}
EURO_COLUMNS = ("rule_cost", "alternative_cost")
CENT_COLUMNS = ("rule_cost_cents", "alternative_cost_cents")


def manifest(version: int) -> dict[str, list[dict[str, Any]]]:
    """The rows the old file held, table by table."""
    data = json.loads((OLD / f"v{version}.json").read_text(encoding="utf-8"))
    tables: dict[str, list[dict[str, Any]]] = data["tables"]
    return tables


def copy_of(version: int, tmp_path: Path) -> Path:
    path = tmp_path / "casebooks" / "casebook.db"
    path.parent.mkdir()
    shutil.copyfile(OLD / f"v{version}.db", path)
    return path


def open_(path: Path) -> store.Casebook:
    casebook = store.connect(path)
    assert casebook is not None
    return casebook


def rows(path: Path, table: str, like: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table's rows read with plain sqlite3, in the manifest's order and columns only:
    a column that a later migration adds is not the old file's data. The euro costs that
    m005 turned into cents are left out here, and checked against CENTS on their own."""
    columns = [column for column in like[0] if column in names(path, table)]
    with closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        found = conn.execute(f"SELECT * FROM {table} ORDER BY {ORDER[table]}").fetchall()
    return [{column: row[column] for column in columns} for row in found]


def names(path: Path, table: str) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def without_costs(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in case.items() if k not in EURO_COLUMNS} for case in cases]


def stored_cents(path: Path) -> dict[str, tuple[object, ...]]:
    """Each case's cost columns as stored, with SQLite's own type of each value."""
    with closing(sqlite3.connect(path)) as conn:
        found = conn.execute(
            "SELECT id, rule_cost_cents, typeof(rule_cost_cents), alternative_cost_cents, "
            "typeof(alternative_cost_cents) FROM cases"
        ).fetchall()
    return {row[0]: tuple(row[1:]) for row in found}


def table_names(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_an_older_casebook_is_upgraded_to_version_9_and_its_backup_removed(
    tmp_path: Path, version: int
) -> None:
    path = copy_of(version, tmp_path)
    casebook = open_(path)
    assert casebook.schema_version() == 10
    assert casebook.upgrade is not None
    assert (casebook.upgrade.from_version, casebook.upgrade.to_version) == (version, 10)
    assert not casebook.upgrade.backup.exists()
    casebook.close()
    assert store.leftover_backups(path) == []
    # A second open finds nothing to upgrade.
    again = open_(path)
    assert again.upgrade is None
    again.close()


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_old_cases_are_full_copies_and_old_tombstones_travel(tmp_path: Path, version: int) -> None:
    """m007: what a casebook held before review copies existed was typed here (a full
    copy); m006 made every earlier tombstone a privacy one, so an export carries it."""
    path = copy_of(version, tmp_path)
    casebook = open_(path)
    assert {case.review_copy for case in store.iter_cases(casebook, CaseFilter(), NOW)} == {False}
    assert list(store.privacy_tombstones(casebook)) == [
        (SUNSCREEN, "2026-11-18T10:00:00.000Z", "privacy")
    ]
    casebook.close()
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT DISTINCT review_copy FROM comments").fetchall() == [(0,)]


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_old_cases_have_no_rung_reason_and_were_not_against_the_advice(
    tmp_path: Path, version: int
) -> None:
    """m008: nobody was asked for either before, so no case claims it."""
    casebook = open_(copy_of(version, tmp_path))
    cases = list(store.iter_cases(casebook, CaseFilter(), NOW))
    casebook.close()
    assert cases and {(c.rung_reason, c.against_advice) for c in cases} == {(None, False)}


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_every_old_case_gets_its_rule_key_and_no_follow_up(tmp_path: Path, version: int) -> None:
    """m009: each rule folded by hand (these are all plain letters: lower case, one space
    between words); nobody has been asked yet whether a customer stayed."""
    path = copy_of(version, tmp_path)
    casebook = open_(path)
    keys = dict(casebook.db.execute("SELECT id, rule_key FROM cases").fetchall())
    follow_ups = casebook.db.execute(
        "SELECT count(*) FROM cases WHERE retained IS NOT NULL OR followed_up_at IS NOT NULL"
    ).fetchone()
    casebook.close()
    assert keys == {
        WIG: "haarwerken: alleen vergoeding bij aanschaf van een nieuwe pruik",
        "5e0d7a63-b8f1-4c29-9e4a-2b1c6d8f3e07": "orthodontie alleen vergoed tot 18 jaar",
        TAXI: "patient transport: only ambulance transport or mileage by own car is covered",
        IJMUIDEN: "eigen risico pas terugbetalen als het ziekenhuis de declaratie corrigeert",
        GLASSES: "brillen alleen vergoed via een gecontracteerde opticien",
        "c19e5b70-3a2d-4f81-b6c4-0e7d9a8f5b32": (
            "physiotherapy: at most nine sessions a calendar year on this plan"
        ),
        "d82b4f1e-6c9a-4e05-8b37-f1a0c5e9d264": "hearing aids: one replacement every five years",
    }
    assert follow_ups == (0,)


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_every_row_of_an_old_casebook_survives_the_upgrade(tmp_path: Path, version: int) -> None:
    path = copy_of(version, tmp_path)
    open_(path).close()
    old = manifest(version)
    # The manifest itself is not empty: 7 cases, 7 comments, 17 tags, 2 drafts, 1 tombstone.
    counts = [len(old[table]) for table in USER_DATA[:5]]
    assert counts == [7, 7, 17, 2, 1]
    for table in USER_DATA:
        if table == "cases":
            assert rows(path, table, old[table]) == without_costs(old[table])
        elif table in old:
            assert rows(path, table, old[table]) == old[table], table
    # The old migration records are kept, and the missing steps follow them.
    migrated = rows(path, "_sqlite_migrations", old["_sqlite_migrations"])
    assert migrated[:version] == old["_sqlite_migrations"]
    assert [row["name"] for row in migrated] == ALL_STEPS


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_the_old_float_costs_become_integer_cents(tmp_path: Path, version: int) -> None:
    old = manifest(version)
    # What the old file held, as REAL euros (and NULL where no cost was given).
    assert {case["id"]: (case["rule_cost"], case["alternative_cost"]) for case in old["cases"]} == {
        WIG: (450.0, 49.95),
        TAXI: (None, 62.4),
        GLASSES: (0.0, 189.99),
        "c19e5b70-3a2d-4f81-b6c4-0e7d9a8f5b32": (None, None),
        "5e0d7a63-b8f1-4c29-9e4a-2b1c6d8f3e07": (0.0, 2450.0),
        "d82b4f1e-6c9a-4e05-8b37-f1a0c5e9d264": (0.0, 395.0),
        IJMUIDEN: (None, 385.0),
    }
    path = copy_of(version, tmp_path)
    open_(path).close()
    assert names(path, "cases") >= set(CENT_COLUMNS)
    assert not names(path, "cases") & set(EURO_COLUMNS)

    def typed(cents: int | None) -> tuple[int | None, str]:
        return cents, "null" if cents is None else "integer"  # never "real"

    assert stored_cents(path) == {
        case_id: (*typed(rule), *typed(alternative))
        for case_id, (rule, alternative) in CENTS.items()
    }
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT count(*) FROM quarantine").fetchone() == (0,)


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_the_rebuild_keeps_every_comment_and_tag_and_every_foreign_key(
    tmp_path: Path, version: int
) -> None:
    """Dropping `cases` with foreign keys on would cascade into comments and tags (SPEC §8):
    after the rebuild each still points at its case, and foreign keys are on again."""
    path = copy_of(version, tmp_path)
    casebook = open_(path)
    db = casebook.db
    assert db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute(
        "SELECT count(*) FROM comments JOIN cases ON cases.id = comments.case_id"
    ).fetchone() == (7,)
    assert db.execute(
        "SELECT count(*) FROM tags JOIN cases ON cases.id = tags.case_id"
    ).fetchone() == (17,)
    # The cascade itself still works on the rebuilt table: a delete takes its children.
    store.delete_case(casebook, WIG, "2026-11-25T09:30:00.000Z")
    left = db.execute("SELECT count(*) FROM comments WHERE case_id = ?", [WIG]).fetchone()
    assert left == (0,)
    casebook.close()


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_an_upgraded_casebook_has_the_schema_of_a_new_one(tmp_path: Path, version: int) -> None:
    """Every index, trigger and table that m001-m004 made is there again after the rebuild,
    and the full-text index (keyed by pk) agrees with the rebuilt table."""
    path = copy_of(version, tmp_path)
    open_(path).close()
    fresh = tmp_path / "fresh.db"
    open_(fresh).close()

    def schema(file: Path) -> list[tuple[str, ...]]:
        with closing(sqlite3.connect(file)) as conn:
            return sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))

    assert schema(path) == schema(fresh)
    names_of = {row[1] for row in schema(path)}
    assert {"cases_created", "cases_status", "cases_agent_nocase", "cases_team_nocase"} <= (
        names_of
    )
    assert {"cases_fts_insert", "cases_fts_delete", "cases_fts_update"} <= names_of
    with closing(sqlite3.connect(path)) as conn:
        # FTS5's own check of an external-content index against its table (an error if not).
        conn.execute("INSERT INTO cases_fts (cases_fts, rank) VALUES ('integrity-check', 1)")
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        pks = dict(conn.execute("SELECT id, pk FROM cases").fetchall())
    assert (pks[WIG], pks[TAXI], pks[IJMUIDEN]) == (1, 2, 7)  # kept as they were


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_old_cases_read_through_the_store_as_a_user_saw_them(tmp_path: Path, version: int) -> None:
    casebook = open_(copy_of(version, tmp_path))
    wig = store.find_case(casebook, "3f9a2c1b")
    assert wig.situation == (
        "Klant krijgt chemotherapie en wil haar pruik laten wassen en in model laten "
        "brengen; de polis vergoedt alleen een nieuwe pruik (€ 450)."
    )
    assert (wig.rule_cost, wig.alternative_cost, wig.currency) == (
        Decimal("450.00"),
        Decimal("49.95"),
        "EUR",
    )
    assert (wig.status, wig.decision) == ("decided", "set-aside")
    assert wig.promise == "We vergoeden één wasbeurt van € 49,95; de nota mag per e-mail."
    assert (
        wig.notes["human"] == "Ze zag er erg tegen op om wéér een nieuwe pruik te laten aanmeten."
    )
    assert wig.tags == ("coulance", "oncologie", "pruik")
    assert [(c.author, c.text) for c in wig.comments] == [
        ("Sanne de Vries", "Klant belt terug zodra de nota van de kapper binnen is."),
        ("Eline Bijlsma", "Akkoord; let op dat het bedrag niet hoger wordt dan € 49,95."),
        (
            "Sanne de Vries",
            'Nota ontvangen en uitbetaald. Klant was erg blij — "eindelijk één ding minder".',
        ),
    ]
    taxi = store.find_case(casebook, "7b21e0c4")
    assert (taxi.rule_cost, taxi.alternative_cost) == (None, Decimal("62.40"))
    assert (taxi.decision, taxi.deadline) == ("escalated", "2026-11-12T16:00:00.000Z")
    assert "IJmuiden" in store.find_case(casebook, "91f3c6a8").situation
    assert store.find_case(casebook, "a4c8f2d9").agent == "Joëlle Bakker"

    listed = store.list_cases(casebook, CaseFilter(limit=None), NOW)
    assert {case.id for case in listed} == SURVIVORS
    overdue = store.list_cases(casebook, CaseFilter(overdue=True, limit=None), NOW)
    assert [case.id for case in overdue] == [TAXI]
    with pytest.raises(NotFoundError):
        store.find_case(casebook, "e6a05d29")  # the tombstoned case stays gone
    draft = store.latest_draft(casebook, "joëlle bakker")
    assert draft is not None
    assert draft[1]["situation"] == (
        "Klant wil een tweede paar steunzolen; het eerste paar past niet meer."
    )
    casebook.close()


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_old_cases_are_found_by_full_text_search_after_the_upgrade(
    tmp_path: Path, version: int
) -> None:
    casebook = open_(copy_of(version, tmp_path))

    def found(match: str) -> list[str]:
        return [case.id for case in store.search_cases(casebook, match, None)]

    assert found('"pruik"') == [WIG]
    assert found('"taxi"') == [TAXI]
    assert found('"belgie"') == [GLASSES]  # "België", diacritics folded
    assert found('"ijmuiden"') == [IJMUIDEN]
    assert found('"zonnebrandcreme"') == []  # the deleted case's words are not in the index
    casebook.close()


def test_a_version_1_casebook_had_no_index_and_is_searchable_after_the_upgrade(
    tmp_path: Path,
) -> None:
    path = copy_of(1, tmp_path)
    assert "cases_fts" not in table_names(path)
    casebook = open_(path)
    assert [case.id for case in store.search_cases(casebook, '"chemotherapie"', None)] == [WIG]
    casebook.close()


def test_practice_sessions_of_a_version_4_casebook_survive(tmp_path: Path) -> None:
    casebook = open_(copy_of(4, tmp_path))
    found = store.sessions(casebook, None)
    assert [(s.trainee, s.source, len(s.attempts)) for s in found] == [
        ("Mehmet Kaya", "casebook", 2),
        ("Priya Raman", "helpdesk-2026-q3.json", 1),
    ]
    assert found[0].attempts[0].case_id == WIG
    assert found[1].agreement()["decision"] == 0.0
    casebook.close()


@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_upgraded_casebook_starts_with_no_practice_sessions(
    tmp_path: Path, version: int
) -> None:
    casebook = open_(copy_of(version, tmp_path))
    assert store.sessions(casebook, None) == []
    casebook.close()


def m007_break_a_check_constraint(db: Database) -> None:
    """A step that leaves a row its table's CHECK forbids: the file is then not sound."""
    db.execute("PRAGMA ignore_check_constraints = ON")
    db.execute("UPDATE cases SET status = 'bogus'")
    db.execute("PRAGMA ignore_check_constraints = OFF")


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_an_upgrade_that_fails_quick_check_keeps_the_backup_with_the_old_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: int
) -> None:
    path = copy_of(version, tmp_path)
    steps = [*migrations.STEPS, m007_break_a_check_constraint]
    monkeypatch.setattr(migrations, "STEPS", steps)
    monkeypatch.setattr("coachcli.store.casebook.STEPS", steps)
    monkeypatch.setattr("coachcli.store.casebook.CURRENT_VERSION", len(steps))
    with pytest.raises(CasebookError) as caught:
        store.connect(path)
    assert caught.value.key == "error.migration_check_failed"
    backups = store.leftover_backups(path)
    assert len(backups) == 1
    assert caught.value.values["backup"] == backups[0]
    old = manifest(version)
    for table in USER_DATA:
        if table in old:
            assert rows(backups[0], table, old[table]) == old[table], table
    assert (
        rows(backups[0], "_sqlite_migrations", old["_sqlite_migrations"])
        == (old["_sqlite_migrations"])
    )


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_earlier_tombstones_become_privacy_tombstones(tmp_path: Path, version: int) -> None:
    """They cannot be told apart from purges; `privacy` keeps the customer deleted everywhere."""
    path = copy_of(version, tmp_path)
    open_(path).close()
    with closing(sqlite3.connect(path)) as conn:
        found = conn.execute("SELECT id, deleted_at, reason FROM deleted").fetchall()
    assert found == [(SUNSCREEN, "2026-11-18T10:00:00.000Z", "privacy")]


# Words of the case deleted on a privacy request, as the old index kept them: its segments
# still held them (prefix-compressed, so these are tails of terms) beside a delete marker.
DELETED_WORDS = [b"huidaandoening", b"zeldzame", b"brandcreme", b"atoloog"]


@pytest.mark.parametrize("version", [2, 3, 4])
def test_the_upgrade_clears_what_earlier_deletes_left_in_the_index(
    tmp_path: Path, version: int
) -> None:
    path = copy_of(version, tmp_path)
    assert [w for w in DELETED_WORDS if w in path.read_bytes().lower()] == DELETED_WORDS

    open_(path).close()

    for suffix in ("", "-wal", "-shm"):
        sidecar = Path(f"{path}{suffix}")
        data = sidecar.read_bytes().lower() if sidecar.exists() else b""
        assert [w for w in DELETED_WORDS if w in data] == [], sidecar.name
    casebook = open_(path)
    assert [c.id for c in store.search_cases(casebook, '"pruik"', None)] == [WIG]
    casebook.close()
