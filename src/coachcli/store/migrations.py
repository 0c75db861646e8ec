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
# A bit of `PRAGMA user_version`: the write-ahead log may still hold deleted text until it
# is checkpointed and truncated (store.casebook).
SCRUB_OWED = 1
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
    _run(
        db,
        f"""
        CREATE VIRTUAL TABLE cases_fts USING fts5(
            {cols}, content='cases', content_rowid='pk', tokenize='unicode61 remove_diacritics 2'
        );{_fts_triggers()}
        -- Index the cases a casebook already holds when it upgrades to this step.
        INSERT INTO cases_fts (cases_fts) VALUES ('rebuild');
        """,
    )


def _fts_triggers() -> str:
    """The triggers that keep cases_fts current, in m002's words to the character. m005
    makes them again after rebuilding `cases` (a dropped table takes its triggers along)."""
    cols = ", ".join(FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    return f"""
        CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
            INSERT INTO cases_fts (rowid, {cols}) VALUES (new.pk, {new});
        END;
        CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN
            INSERT INTO cases_fts (cases_fts, rowid, {cols}) VALUES ('delete', old.pk, {old});
        END;
        CREATE TRIGGER cases_fts_update AFTER UPDATE OF {cols} ON cases BEGIN
            INSERT INTO cases_fts (cases_fts, rowid, {cols}) VALUES ('delete', old.pk, {old});
            INSERT INTO cases_fts (rowid, {cols}) VALUES (new.pk, {new});
        END;"""


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


def m005_store_costs_in_cents(db: Database) -> None:
    """Costs as integer cents, never binary floats (SPEC §3 "Money is exact").

    REAL costs made an extra of exactly 50.00 (14.01 → 64.01) 50.00000000000001, past a
    per-case limit of 50. SQLite cannot change a column's type, so `cases` is rebuilt:
    `rule_cost_cents` and `alternative_cost_cents` hold INTEGER cents (4995 for 49.95). The
    names say the unit, so nobody reads 4995 as euros in Datasette or in SQL, and SQL
    written for the old euro columns fails loudly instead of being a hundred times off.

    Each old cost is rounded half up to cents from the float's shortest repr, the text it
    was typed as (49.95, never 49.9500000000000028). A cost that is no amount (negative, not
    finite, text, above money.MAX) cannot be stored: it is set aside in `quarantine` with
    its case id, and the case keeps no cost there. `doctor` lists the quarantine.

    Every `pk` is kept, so the external-content FTS index (keyed by pk) stays valid without
    a rebuild; the indexes of m001 and m003 and the triggers of m002 are made again.
    Dropping `cases` with foreign keys on would cascade into `comments` and `tags`, and
    the pragma does nothing inside a transaction, so `casebook.connect` switches them off
    before the migration's transaction; this step checks that, and checks every foreign
    key before it returns, within the transaction.
    """
    if db.execute("PRAGMA foreign_keys").fetchone()[0]:
        raise RuntimeError("m005 rebuilds cases: switch foreign keys off before the transaction")
    dangling = _foreign_key_problems(db)
    before = _row_counts(db)
    db.conn.create_function("coach_cents", 1, cents_or_null, deterministic=True)
    _run(
        db,
        """
        -- Values a migration could not carry over, with where they came from (SPEC §8).
        CREATE TABLE quarantine (
            id INTEGER PRIMARY KEY,
            migration TEXT NOT NULL,
            table_name TEXT NOT NULL,
            row_id TEXT NOT NULL,
            column_name TEXT NOT NULL,
            value TEXT,
            reason TEXT NOT NULL
        );
        """,
    )
    _quarantine_costs(db)
    _run(
        db,
        f"""
        CREATE TABLE cases_new (
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
            -- Whole cents (4995 is 49.95); a float here would make money inexact again.
            rule_cost_cents INTEGER CHECK (
                rule_cost_cents IS NULL OR (typeof(rule_cost_cents) = 'integer'
                AND rule_cost_cents BETWEEN 0 AND {MAX_CENTS})
            ),
            alternative_cost_cents INTEGER CHECK (
                alternative_cost_cents IS NULL OR (typeof(alternative_cost_cents) = 'integer'
                AND alternative_cost_cents BETWEEN 0 AND {MAX_CENTS})
            ),
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
        INSERT INTO cases_new SELECT
            pk, id, created_at, updated_at, decided_at, closed_at, agent, team, colour,
            situation, rule, alternative, customer,
            {cents_sql("rule_cost")}, {cents_sql("alternative_cost")},
            currency, other_department, precedent,
            answer_loyalty, answer_cost, answer_human, answer_risk,
            note_loyalty, note_cost, note_human, note_risk,
            verdict, rung, rung_inferred, advice_code, advice_within_comfort,
            advice_within_mandate, advice_text, advice_watch_out, status, decision, promise,
            deadline, outcome, lessons, rule_changed
        FROM cases;
        -- Takes its indexes and triggers along; cases_fts keeps its rows, keyed by pk.
        DROP TABLE cases;
        ALTER TABLE cases_new RENAME TO cases;
        -- m001's indexes, less the one m003 replaced, then m003's.
        CREATE INDEX cases_created ON cases (created_at);
        CREATE INDEX cases_status ON cases (status, deadline);
        CREATE INDEX cases_agent_nocase ON cases (agent COLLATE NOCASE, decided_at);
        CREATE INDEX cases_team_nocase ON cases (team COLLATE NOCASE, created_at);{_fts_triggers()}
        """,
    )
    # A cascade deletes children without leaving a dangling key, so count them as well.
    if _row_counts(db) != before:
        raise RuntimeError("the rebuild of cases lost rows; nothing was changed")
    _check_foreign_keys(db, dangling)


MAX_CENTS = 100_000_000_000  # money.MAX in cents


def not_an_amount_sql(column: str) -> str:
    """True for an old cost that money.from_float_rounded refuses: text or a blob, below 0
    (-inf too), or above money.MAX (+inf too; a float compares with 1e9 exactly, and one
    whose repr is above MAX is above it as a float). SQLite stores no NaN."""
    return (
        f"({column} IS NOT NULL AND (typeof({column}) NOT IN ('real', 'integer') "
        f"OR {column} < 0 OR {column} > 1000000000))"
    )


def cents_sql(column: str) -> str:
    """An old REAL cost in whole cents, exactly as money.from_float_rounded and to_cents
    would give it (a property test holds the two together), but mostly in SQL: a Python
    function per value took 6 µs, 1.3 s per 100,000 cases.

    When `x * 100` is within a millionth of a whole number, that number is the answer: an
    amount typed with at most two decimals is within 1e-5 of it as a float, and half-up
    rounding of its repr can only differ at half a cent, which is far from whole. The rest
    (0.285, typed with three decimals) goes through `coach_cents`, the Python rule."""
    return (
        f"CASE WHEN {column} IS NULL OR {not_an_amount_sql(column)} THEN NULL "
        f"WHEN abs({column} * 100 - round({column} * 100)) < 0.000001 "
        f"THEN CAST(round({column} * 100) AS INTEGER) "
        f"ELSE coach_cents({column}) END"
    )


def cents_or_null(value: object) -> int | None:
    """`coach_cents`: an old cost in whole cents, rounded half up from the float's shortest
    repr; NULL where it is no amount (then `_quarantine_costs` has set it aside)."""
    from coachcli.domain.money import AmountError, from_float_rounded, to_cents

    if value is None:
        return None
    try:
        return to_cents(from_float_rounded(value))
    except AmountError:
        return None


def _quarantine_costs(db: Database) -> None:
    """Put every old cost that is no amount in `quarantine`, with the reason."""
    from coachcli.domain.money import AmountError, from_float_rounded

    for case_id, column, value in db.execute(
        f"SELECT id, 'rule_cost', rule_cost FROM cases WHERE {not_an_amount_sql('rule_cost')} "
        "UNION ALL SELECT id, 'alternative_cost', alternative_cost FROM cases "
        f"WHERE {not_an_amount_sql('alternative_cost')}"
    ).fetchall():
        try:
            from_float_rounded(value)
            reason = "unknown"  # cannot happen: the same rules, written in SQL
        except AmountError as problem:
            reason = problem.reason
        db.execute(
            "INSERT INTO quarantine (migration, table_name, row_id, column_name, value, reason) "
            "VALUES ('m005_store_costs_in_cents', 'cases', ?, ?, ?, ?)",
            [case_id, column, repr(value) if isinstance(value, float) else str(value), reason],
        )


def _row_counts(db: Database) -> tuple[int, ...]:
    return tuple(
        db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("cases", "comments", "tags")
    )


def _foreign_key_problems(db: Database) -> set[tuple[object, ...]]:
    return {tuple(row) for row in db.execute("PRAGMA foreign_key_check").fetchall()}


def _check_foreign_keys(db: Database, before: set[tuple[object, ...]]) -> None:
    """After a table rebuild, within its transaction: every reference still resolves.

    A reference that was already broken before the step (only a hand-edited file has one)
    is not this step's doing, and is left for `doctor`, not made a reason to refuse."""
    broken = _foreign_key_problems(db) - before
    if broken:
        raise RuntimeError(f"the rebuild broke {len(broken)} foreign keys; nothing was changed")


def m006_add_deletion_reason(db: Database) -> None:
    """Why a case was deleted (SPEC §8, §10): `privacy`, a customer's request that every
    casebook follows, or `retention`, a purge that stays local.

    Earlier tombstones cannot tell the two apart, so they become `privacy`: the reading
    under which a deleted customer stays deleted everywhere. Earlier deletes also left
    their words in the full-text index's segments (FTS5 only marks them deleted until
    the segments are merged), so the index is merged here, once; the mark in
    `user_version` has the write-ahead log truncated after this upgrade commits.
    """
    _run(
        db,
        """
        ALTER TABLE deleted ADD COLUMN reason TEXT NOT NULL DEFAULT 'privacy'
            CHECK (reason IN ('privacy', 'retention'));
        INSERT INTO cases_fts (cases_fts) VALUES ('optimize');
        """,
    )
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    db.execute(f"PRAGMA user_version = {version | SCRUB_OWED}")


def m007_add_review_copy(db: Database) -> None:
    """Mark what came from a redacted or anonymised file (SPEC §10).

    Re-importing your own default export "updated" half the cases to `[PHONE]`: a review
    copy must never replace a full copy, so cases and comments remember which they are:
    0 a full copy, 1 a review copy (redacted), 2 a review copy with pseudonyms for names.
    Import also needs to know why a case was deleted, because only a privacy deletion
    travels in an export (a retention purge is nobody else's business): that is
    `deleted.reason`, which m006 adds; the guard below only matters for a casebook whose
    history somehow lacks it.
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
        db.execute(
            "ALTER TABLE deleted ADD COLUMN reason TEXT NOT NULL DEFAULT 'privacy' "
            "CHECK (reason IN ('privacy', 'retention'))"
        )


def m008_add_override_and_against_advice(db: Database) -> None:
    """What an agent's call adds to the advice (SPEC §3, §6).

    `rung_reason`: an agent who puts a step on a lower rung than the facts say must say
    why, and a reviewer must be able to read it. `against_advice`: the rule was set aside
    where the advice said to stick to it, to get sign-off, or to discuss first; team
    reports count it. Earlier cases recorded neither: no reason, not against the advice
    (nobody was asked), which is what the defaults say.
    """
    _run(
        db,
        """
        ALTER TABLE cases ADD COLUMN rung_reason TEXT;
        ALTER TABLE cases ADD COLUMN against_advice INTEGER NOT NULL DEFAULT 0
            CHECK (against_advice IN (0, 1));
        """,
    )


def m009_add_rule_key_and_follow_up(db: Database) -> None:
    """Follow-ups, and "the same rule" (SPEC §7, §11).

    `retained` (yes, no or unknown; NULL until someone asked) and `followed_up_at` hold the
    follow-up of §11. Earlier cases were never followed up: NULL says so. They are added
    first: SQLite checks a new column's CHECK against every row, and reads them faster
    before the update below has rewritten them all (measured on 1,000,000 cases: 16 s
    after it, 4-8 s before).

    `rule_key` is the rule NFKC-normalised, case-folded and with its white space collapsed
    (`domain.case.rule_key`): SQLite's `lower()` and NOCASE fold only ASCII, so grouping,
    precedents, the rule autocomplete and `case list --rule` need a column of their own,
    indexed. It is derived, never part of the case JSON, and written with every case.
    Existing rows get theirs in one UPDATE. A rule of printable ASCII with single spaces
    and none at its ends needs only `lower()` (NFKC changes no such text, and case-folding
    ASCII is lowering it); the rest goes through `coach_rule_key`, the Python function. A
    Python call per row made the update 16 s on 1,000,000 cases; this, under 5 s. The FTS
    update trigger fires only for the texts it indexes, so it costs nothing here.
    """
    db.conn.create_function("coach_rule_key", 1, rule_key_of, deterministic=True)
    _run(
        db,
        f"""
        ALTER TABLE cases ADD COLUMN retained TEXT
            CHECK (retained IN ('yes', 'no', 'unknown'));
        ALTER TABLE cases ADD COLUMN followed_up_at TEXT;
        ALTER TABLE cases ADD COLUMN rule_key TEXT NOT NULL DEFAULT '';
        UPDATE cases SET rule_key = CASE WHEN {PLAIN_RULE} THEN lower(rule)
            ELSE coach_rule_key(rule) END;
        -- `case list --rule` is newest first: the index gives one rule's cases in order.
        CREATE INDEX cases_rule_key ON cases (rule_key, created_at);
        -- The follow-ups still due, per agent by decision time: `case new` counts the
        -- agent's after every save, from this index alone.
        CREATE INDEX cases_followup_due ON cases (agent COLLATE NOCASE, decided_at)
            WHERE retained IS NULL AND decision IN ('set-aside', 'followed-rule');
        """,
    )


def m010_add_report_indexes(db: Database) -> None:
    """Indexes that let `casebook stats` (also `--by month`) and `casebook rules` read a
    million cases in under a second (SPEC §14): each holds every column its report reads,
    in the order it groups by, so SQLite streams one narrow index instead of the table.

    Measured on 1,000,000 cases: the table scans took 1.4 s (stats) and 1.4 s (rules) of
    CPU, and the median of the hours to a decision sorted 750,000 values (0.8 s). The
    expressions are those of store.reports (CREATED_MONTH, DECIDED_MONTH, HOURS), word for
    word, or SQLite does not use them. Each index adds one B-tree insert to a new case.
    """
    _run(
        db,
        """
        CREATE INDEX cases_stats ON cases (substr(created_at, 1, 7), status, decision,
            outcome, verdict, retained, created_at, decided_at, rule_changed, rung,
            rung_inferred, against_advice, deadline);
        CREATE INDEX cases_money ON cases (substr(decided_at, 1, 7), decided_at, rung,
            rung_inferred, rule_cost_cents, alternative_cost_cents)
            WHERE decision = 'set-aside';
        CREATE INDEX cases_hours ON cases ((julianday(decided_at) - julianday(created_at)) * 24)
            WHERE decided_at IS NOT NULL;
        CREATE INDEX cases_month_hours ON cases (substr(created_at, 1, 7),
            (julianday(decided_at) - julianday(created_at)) * 24)
            WHERE decided_at IS NOT NULL;
        CREATE INDEX cases_rules ON cases (rule, decision, outcome, verdict, retained);
        """,
    )


# A rule whose rule_key is lower(rule): text of printable ASCII only (space to tilde: no
# tab, no newline), no two spaces in a row, none at either end.
PLAIN_RULE = (
    "typeof(rule) = 'text' AND rule NOT GLOB '*[^ -~]*' AND instr(rule, '  ') = 0 "
    "AND rule = trim(rule, ' ')"
)


def rule_key_of(value: object) -> str:
    """`coach_rule_key`: the rule_key of a stored rule. A hand-edited file may hold a
    number or a blob there (SQLite keeps any type); its text stands for it."""
    from coachcli.domain.case import rule_key

    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return rule_key(value if isinstance(value, str) else "" if value is None else str(value))


# Append-only. The order here is the order of the schema's history.
STEPS: list[Callable[[Database], None]] = [
    m001_create_tables,
    m002_create_fts,
    m003_add_nocase_indexes,
    m004_create_training,
    m005_store_costs_in_cents,
    m006_add_deletion_reason,
    m007_add_review_copy,
    m008_add_override_and_against_advice,
    m009_add_rule_key_and_follow_up,
    m010_add_report_indexes,
]


def migration_set() -> Migrations:
    """The sqlite-utils migration set for the steps above."""
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for step in STEPS:
        migrations(name=step.__name__)(step)
    return migrations
