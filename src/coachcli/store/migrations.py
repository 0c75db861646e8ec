"""The casebook's schema, as append-only migrations (SPEC §8).

Each step is named `mNNN_verb_noun` and never changes once released: a new need is a new
step at the end. The schema version is the number of steps applied. Every step has an
upgrade test from the state before it (tests/store/test_casebook.py), and every schema
version a real file written by the commit that introduced it (tests/store/old_casebooks/).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "coach"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite_utils.Migrations.migrations_table
FTS_COLUMNS = (
    "situation",
    "rule",
    "alternative",
    "promise",
    "lessons",
    "note_loyalty",
    "note_cost",
    "note_human",
    "note_risk",
)


def m001_create_tables(db: Database) -> None:
    """The case tables of SPEC §7 and §8."""
    _run(
        db,
        """
        CREATE TABLE cases (
            -- An explicit integer key: the FTS index points at it, and VACUUM may renumber
            -- an implicit rowid, which would point the index at the wrong case.
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            decided_at TEXT,
            closed_at TEXT,
            agent TEXT NOT NULL,
            team TEXT,
            colour TEXT,
            situation TEXT NOT NULL,
            rule TEXT NOT NULL,
            alternative TEXT NOT NULL,
            customer TEXT,
            rule_cost REAL,
            alternative_cost REAL,
            currency TEXT NOT NULL,
            other_department INTEGER NOT NULL DEFAULT 0,
            precedent INTEGER NOT NULL DEFAULT 0,
            answer_loyalty TEXT,
            answer_cost TEXT,
            answer_human TEXT,
            answer_risk TEXT,
            note_loyalty TEXT,
            note_cost TEXT,
            note_human TEXT,
            note_risk TEXT,
            verdict TEXT CHECK (verdict IN ('go', 'discuss', 'stop')),
            rung INTEGER CHECK (rung BETWEEN 1 AND 4),
            rung_inferred INTEGER CHECK (rung_inferred BETWEEN 1 AND 4),
            advice_code TEXT,
            advice_within_comfort INTEGER,
            advice_within_mandate INTEGER,
            advice_text TEXT,
            advice_watch_out TEXT,
            status TEXT NOT NULL CHECK (status IN ('open', 'decided', 'closed')),
            decision TEXT CHECK (decision IN ('followed-rule', 'set-aside', 'escalated')),
            promise TEXT,
            deadline TEXT,
            outcome TEXT CHECK (outcome IN ('resolved', 'unresolved', 'legal', 'withdrawn')),
            lessons TEXT,
            rule_changed INTEGER NOT NULL DEFAULT 0
        );
        -- `case list` is newest first, narrowed by status, agent or team.
        CREATE INDEX cases_created ON cases (created_at);
        CREATE INDEX cases_status ON cases (status, deadline);
        CREATE INDEX cases_agent ON cases (agent, created_at);

        CREATE TABLE comments (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            author TEXT NOT NULL,
            created_at TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX comments_case ON comments (case_id, created_at);

        CREATE TABLE tags (
            case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (case_id, tag)
        );
        CREATE INDEX tags_tag ON tags (tag);

        -- What an agent entered before Ctrl-C; not a case until it is saved.
        CREATE TABLE drafts (
            id TEXT PRIMARY KEY,
            agent TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            data TEXT NOT NULL
        );

        -- Tombstones: id and time only, so a deleted case never returns through an import.
        CREATE TABLE deleted (
            id TEXT PRIMARY KEY,
            deleted_at TEXT NOT NULL
        );
        """,
    )


def m002_create_fts(db: Database) -> None:
    """Full-text search over the case texts, kept current by triggers.

    An external-content index: the text is stored once, in `cases`. The update trigger
    fires only when an indexed column changes, so a status change costs no FTS work.
    """
    cols = ", ".join(FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    _run(
        db,
        f"""
        CREATE VIRTUAL TABLE cases_fts USING fts5(
            {cols}, content='cases', content_rowid='pk', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
            INSERT INTO cases_fts (rowid, {cols}) VALUES (new.pk, {new});
        END;
        CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN
            INSERT INTO cases_fts (cases_fts, rowid, {cols}) VALUES ('delete', old.pk, {old});
        END;
        CREATE TRIGGER cases_fts_update AFTER UPDATE OF {cols} ON cases BEGIN
            INSERT INTO cases_fts (cases_fts, rowid, {cols}) VALUES ('delete', old.pk, {old});
            INSERT INTO cases_fts (rowid, {cols}) VALUES (new.pk, {new});
        END;
        -- Index the cases a casebook already holds when it upgrades to this step.
        INSERT INTO cases_fts (cases_fts) VALUES ('rebuild');
        """,
    )


def _run(db: Database, script: str) -> None:
    """Run a script statement by statement.

    Python's `executescript` commits any open transaction first, which would break the
    all-or-nothing migration; `complete_statement` keeps trigger bodies in one piece.
    """
    statement = ""
    for piece in script.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""


def m003_add_nocase_indexes(db: Database) -> None:
    """Indexes for names compared case-insensitively.

    Agents and teams are matched with COLLATE NOCASE ("sanne" is "Sanne"), which the
    binary index of m001 cannot serve: on 100,000 cases the goodwill-budget query of
    every `case new` scanned the whole table.
    """
    _run(
        db,
        """
        CREATE INDEX cases_agent_nocase ON cases (agent COLLATE NOCASE, decided_at);
        CREATE INDEX cases_team_nocase ON cases (team COLLATE NOCASE, created_at);
        DROP INDEX cases_agent;
        """,
    )


def m004_create_training(db: Database) -> None:
    """Practice sessions of `coach train` (SPEC §15).

    No foreign key to `cases`: a session may practise on an exported file's cases. Each
    answered case is appended to `cases` (JSON) as it is answered, so stopping halfway
    keeps what was done.
    """
    _run(
        db,
        """
        CREATE TABLE training (
            id TEXT PRIMARY KEY,
            trainee TEXT NOT NULL,
            started_at TEXT NOT NULL,
            seed INTEGER NOT NULL,
            source TEXT NOT NULL,
            source_sha256 TEXT,
            cases TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX training_trainee ON training (trainee COLLATE NOCASE, started_at);
        """,
    )


def m007_add_review_copy(db: Database) -> None:
    """Mark what came from a redacted or anonymised file (SPEC §10).

    Re-importing your own default export "updated" half the cases to `[PHONE]`: a review
    copy must never replace a full copy, so cases and comments remember which they are:
    0 a full copy, 1 a review copy (redacted), 2 a review copy with pseudonyms for names.
    Import also needs to know why a case was deleted, because only a privacy deletion
    travels in an export (a retention purge is nobody else's business): `deleted.reason`.
    Tombstones from before this step keep no reason (NULL): nobody knows any more whether
    they were a privacy request or a purge, so they stay local. The deletion work adds the
    same column in a migration of its own; whichever runs first adds it, the other sees it.
    """
    _run(
        db,
        """
        ALTER TABLE cases ADD COLUMN review_copy INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE comments ADD COLUMN review_copy INTEGER NOT NULL DEFAULT 0;
        """,
    )
    columns = {row[1] for row in db.execute("PRAGMA table_info(deleted)")}
    if "reason" not in columns:
        db.execute("ALTER TABLE deleted ADD COLUMN reason TEXT")


# Append-only. The order here is the order of the schema's history. (m005 and m006 are
# being written in parallel branches; the numbers are agreed so that they merge in order.)
STEPS: list[Callable[[Database], None]] = [
    m001_create_tables,
    m002_create_fts,
    m003_add_nocase_indexes,
    m004_create_training,
    m007_add_review_copy,
]


def migration_set() -> Migrations:
    """The sqlite-utils migration set for the steps above."""
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for step in STEPS:
        migrations(name=step.__name__)(step)
    return migrations
