"""Merging a staged import file into the casebook (SPEC §10), in one short transaction.

Everything slow happened before: reading, checking, canonical hashes, staging and indexing
(`store.staging`). Here, under the write lock, set-based SQL from the attached staging file
decides every case and comment by the merge order of `domain.merge` and applies the
winners in bulk: about 1 s per 50,000 cases. Only versions that tie on copy kind and time
but differ in content need Python, to compare the SHA-256 of the stored version. A loser
changes nothing, and `updated_at` is kept as imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coachcli.domain.case import Case, Comment
from coachcli.domain.merge import case_hash, comment_hash
from coachcli.errors import CoachError
from coachcli.store.casebook import Casebook, translate_errors
from coachcli.store.cases import case_from_row, forget, insert_rows, read_columns
from coachcli.store.staging import STAGE, Staging, case_columns

if TYPE_CHECKING:
    from pathlib import Path

    from sqlite_utils import Database


@dataclass
class MergeCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0  # cases deleted here by a privacy tombstone in the file
    tombstones: int = 0  # tombstones the file added or changed here
    skipped: list[dict[str, str]] = field(default_factory=list)

    def add(self, other: MergeCounts) -> None:
        """Count another file's merge into these totals."""
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.deleted += other.deleted
        self.tombstones += other.tombstones
        self.skipped += other.skipped

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deleted or self.tombstones)


# The page cache while merging (KiB, as SQLite counts a negative size): the default 2 MB
# spills pages of the cases, their indexes and the full-text index over and over. Measured
# on 100,000 added cases (a busy 2-core machine): 2 MB 2.4 s, 64 MB 1.4 s but 153 MB peak
# RSS; 16 MB kept the peak at 77 MB.
MERGE_CACHE_KIB = 16_384


def merge_staged(casebook: Casebook, staging: Staging) -> MergeCounts:
    """Merge every staged file, each in a transaction of its own (each file lands whole or
    not at all), in the order the files were given."""
    total = MergeCounts()
    db = casebook.db
    with translate_errors(casebook.path):
        cache = db.execute("PRAGMA cache_size").fetchone()[0]
        db.execute(f"PRAGMA cache_size = -{MERGE_CACHE_KIB}")
        db.execute(f"ATTACH DATABASE ? AS {STAGE}", [str(staging.path)])
        db.execute(f"PRAGMA {STAGE}.journal_mode = OFF")
    try:
        files = staging.files()
        with translate_errors(casebook.path):
            for file, path in files:  # before any write, so that nothing lands
                _no_comment_elsewhere(db, {"f": file}, path)
        for file, path in files:
            with casebook.write() as conn:
                counts = _merge_file(conn, file, path)
                if counts.deleted:
                    # A privacy tombstone deletes as `case delete` does: no trace left.
                    forget(casebook, conn)
            total.add(counts)
    finally:
        with translate_errors(casebook.path):
            db.execute(f"DETACH DATABASE {STAGE}")
            db.execute(f"PRAGMA cache_size = {int(cache)}")
    if total.deleted:
        casebook.scrub()  # after the commit: the write-ahead log is truncated
    return total


def _merge_file(db: Database, file: int, path: Path) -> MergeCounts:
    f = {"f": file}
    counts = MergeCounts()
    counts.deleted = db.execute(
        f"DELETE FROM main.cases WHERE id IN (SELECT id FROM {STAGE}.tombstones WHERE file = :f)",
        f,
    ).rowcount
    # A privacy tombstone over any other; of two, the earlier deletion: a total order.
    counts.tombstones = db.execute(
        f"INSERT INTO main.deleted (id, deleted_at, reason) "
        f"SELECT id, deleted_at, reason FROM {STAGE}.tombstones WHERE file = :f AND true "
        "ON CONFLICT (id) DO UPDATE SET deleted_at = excluded.deleted_at, reason = excluded.reason "
        "WHERE NOT (deleted.reason IS 'privacy' AND deleted.deleted_at <= excluded.deleted_at)",
        f,
    ).rowcount
    for table in ("decided", "comments_decided"):
        db.execute(f"DROP TABLE IF EXISTS {STAGE}.{table}")
    _decide_cases(db, f)
    _decide_comments(db, f, path)
    _apply(db, f)
    return _count(db, f, counts)


def _order(stage: str, main: str, created: str) -> str:
    """The merge order of `domain.merge` in SQL, for a staged row and its stored version:
    full copy over review copy, then the later time; 'tie' when both are equal."""
    return f"""CASE
      WHEN {stage}.review_copy <> {main}.review_copy THEN
        CASE WHEN {stage}.review_copy < {main}.review_copy THEN 'win' ELSE 'lose' END
      WHEN {stage}.{created} <> {main}.{created} THEN
        CASE WHEN {stage}.{created} > {main}.{created} THEN 'win' ELSE 'lose' END
      ELSE 'tie' END"""


def _decide_cases(db: Database, f: dict[str, int]) -> None:
    """One row per staged case in `decided`: add, win, lose, same or skip. A narrow table of
    its own, because rewriting the wide staged rows cost 2 s per 100,000 under the lock."""
    columns = [c for c in case_columns() if c != "id"]
    same = " AND ".join(f"s.{c} IS c.{c}" for c in columns)
    db.execute(f"CREATE TABLE {STAGE}.decided (id TEXT PRIMARY KEY, action TEXT NOT NULL)")
    db.execute(
        f"""
        INSERT INTO {STAGE}.decided (id, action)
        SELECT s.id, CASE
          WHEN s.id IN (SELECT id FROM main.deleted) THEN 'skip'
          ELSE coalesce((
            SELECT CASE
              WHEN {same}
                AND s.tag_count = (SELECT count(*) FROM main.tags WHERE case_id = c.id)
                AND s.tag_count = (
                  SELECT count(*) FROM {STAGE}.tags AS t
                  JOIN main.tags AS m ON m.case_id = t.case_id AND m.tag = t.tag
                  WHERE t.file = s.file AND t.case_id = s.id)
              THEN 'same'
              ELSE {_order("s", "c", "updated_at")}
            END
            FROM main.cases AS c WHERE c.id = s.id), 'add')
        END
        FROM {STAGE}.cases AS s WHERE s.file = :f
        """,
        f,
    )
    # Same copy kind, same time, different content: the larger SHA-256 wins. Rare (two
    # machines changed one case at the same millisecond), so Python may read them one by one.
    ties = db.execute(f"SELECT id FROM {STAGE}.decided WHERE action = 'tie'").fetchall()
    for (case_id,) in ties:
        incoming = case_hash(_read_case(db, f"{STAGE}.cases", f"{STAGE}.tags", case_id, f["f"]))
        stored = case_hash(_read_case(db, "main.cases", "main.tags", case_id))
        action = "win" if incoming > stored else "lose" if incoming < stored else "same"
        db.execute(f"UPDATE {STAGE}.decided SET action = ? WHERE id = ?", [action, case_id])


def _no_comment_elsewhere(db: Database, f: dict[str, int], path: Path) -> None:
    """A comment id is unique in the casebook: one that belongs to another case here is a
    broken file (or a hostile one), refused by name."""
    clash = db.execute(
        f"SELECT s.id FROM {STAGE}.comments AS s JOIN main.comments AS c ON c.id = s.id "
        "WHERE s.file = :f AND c.case_id <> s.case_id LIMIT 1",
        f,
    ).fetchone()
    if clash is not None:
        raise CoachError("error.import_comment_elsewhere", path=path, id=clash[0])


def _decide_comments(db: Database, f: dict[str, int], path: Path) -> None:
    _no_comment_elsewhere(db, f, path)  # again under the lock: the casebook may have changed
    db.execute(
        f"CREATE TABLE {STAGE}.comments_decided "
        "(id TEXT PRIMARY KEY, case_id TEXT NOT NULL, action TEXT NOT NULL)"
    )
    db.execute(
        f"""
        INSERT INTO {STAGE}.comments_decided (id, case_id, action)
        SELECT s.id, s.case_id, CASE
          WHEN s.case_id IN (SELECT id FROM {STAGE}.decided WHERE action = 'skip') THEN 'skip'
          ELSE coalesce((
            SELECT CASE
              WHEN s.author IS c.author AND s.text IS c.text AND s.created_at IS c.created_at
                AND s.review_copy IS c.review_copy THEN 'same'
              ELSE {_order("s", "c", "created_at")}
            END
            FROM main.comments AS c WHERE c.id = s.id), 'add')
        END
        FROM {STAGE}.comments AS s WHERE s.file = :f
        """,
        f,
    )
    ties = db.execute(f"SELECT id FROM {STAGE}.comments_decided WHERE action = 'tie'")
    for (comment_id,) in ties.fetchall():
        incoming = _comment_hash(db, f"{STAGE}.comments", comment_id, f"AND file = {f['f']:d}")
        stored = _comment_hash(db, "main.comments", comment_id)
        action = "win" if incoming > stored else "lose" if incoming < stored else "same"
        db.execute(
            f"UPDATE {STAGE}.comments_decided SET action = ? WHERE id = ?", [action, comment_id]
        )


def _apply(db: Database, f: dict[str, int]) -> None:
    columns = case_columns()
    names = ", ".join(columns)
    changed = [c for c in columns if c != "id"]
    wins = f"SELECT id FROM {STAGE}.decided WHERE action = 'win'"
    comment_wins = f"SELECT id FROM {STAGE}.comments_decided WHERE action = 'win'"
    for sql in (
        # In the file's order (the staging file's rowid), so the casebook's order is the file's.
        f"INSERT INTO main.cases ({names}) SELECT {names} FROM {STAGE}.cases "
        f"WHERE file = :f AND id IN (SELECT id FROM {STAGE}.decided WHERE action = 'add') "
        "ORDER BY rowid",
        f"UPDATE main.cases AS c SET ({', '.join(changed)}) = ("
        f"SELECT {', '.join(changed)} FROM {STAGE}.cases AS s WHERE s.file = :f AND s.id = c.id"
        f") WHERE c.id IN ({wins})",
        f"DELETE FROM main.tags WHERE case_id IN ({wins})",
        f"INSERT OR IGNORE INTO main.tags (case_id, tag) SELECT case_id, tag FROM {STAGE}.tags "
        f"WHERE file = :f AND case_id IN ("
        f"SELECT id FROM {STAGE}.decided WHERE action IN ('add', 'win'))",
        f"INSERT INTO main.comments (id, case_id, author, created_at, text, review_copy) "
        f"SELECT id, case_id, author, created_at, text, review_copy FROM {STAGE}.comments "
        f"WHERE file = :f AND id IN ("
        f"SELECT id FROM {STAGE}.comments_decided WHERE action = 'add') ORDER BY rowid",
        f"UPDATE main.comments AS c SET (author, created_at, text, review_copy) = ("
        f"SELECT author, created_at, text, review_copy FROM {STAGE}.comments AS s "
        f"WHERE s.file = :f AND s.id = c.id) WHERE c.id IN ({comment_wins})",
    ):
        db.execute(sql, f)


def _count(db: Database, f: dict[str, int], counts: MergeCounts) -> MergeCounts:
    commented = f"SELECT case_id FROM {STAGE}.comments_decided WHERE action IN ('add', 'win')"
    row = db.execute(
        f"SELECT sum(action = 'add'), "
        f"sum(action = 'win' OR (action IN ('lose', 'same') AND id IN ({commented}))), "
        f"sum(action <> 'skip') FROM {STAGE}.decided",
    ).fetchone()
    counts.added, counts.updated = int(row[0] or 0), int(row[1] or 0)
    counts.unchanged = int(row[2] or 0) - counts.added - counts.updated
    counts.skipped = [
        {"id": r[0], "reason": "deleted"}
        for r in db.execute(
            f"SELECT s.id FROM {STAGE}.cases AS s JOIN {STAGE}.decided AS d ON d.id = s.id "
            "WHERE s.file = :f AND d.action = 'skip' ORDER BY s.rowid",
            f,
        )
    ]
    return counts


def _read_case(db: Database, cases: str, tags: str, case_id: str, file: int = 0) -> Case:
    """One case with its tags, from the casebook or from the staged file, for its hash."""
    only = "AND file = :file" if file else ""
    values = {"id": case_id, "file": file}
    row = db.execute(f"SELECT {read_columns(cases)} FROM {cases} WHERE id = :id {only}", values)
    found = db.execute(f"SELECT tag FROM {tags} WHERE case_id = :id {only} ORDER BY tag", values)
    return case_from_row(row.fetchone(), [r[0] for r in found])


def _comment_hash(db: Database, table: str, comment_id: str, only: str = "") -> str:
    row = db.execute(
        f"SELECT id, author, created_at, text, review_copy FROM {table} WHERE id = ? {only}",
        [comment_id],
    ).fetchone()
    return comment_hash(Comment(row[0], row[1], row[2], row[3], row[4]))


def privacy_tombstones(casebook: Casebook) -> Iterator[tuple[str, str, str]]:
    """(id, deleted_at, reason) of every privacy deletion, for an export (SPEC §10): a
    retention purge is nobody else's business, and stays local."""
    with translate_errors(casebook.path):
        cursor = casebook.db.execute(
            "SELECT id, deleted_at, reason FROM deleted WHERE reason = 'privacy' ORDER BY id"
        )
        while rows := cursor.fetchmany(1000):
            yield from ((r[0], r[1], r[2]) for r in rows)


def people(casebook: Casebook) -> list[str]:
    """Every agent and comment author, once each: the first pass of `--anonymise-agents`
    (SPEC §10). The agents come from the index on `agent` by one seek per name (a loose
    index scan: milliseconds on 1,000,000 cases); names that differ only in ASCII letter
    case count once, as pseudonyms do. Comment authors have no index, so that part reads
    the comments table once."""
    with translate_errors(casebook.path):
        agents = casebook.db.execute(
            """
            WITH RECURSIVE names(name) AS (
                SELECT min(agent COLLATE NOCASE) FROM cases
                UNION ALL
                SELECT (SELECT min(agent COLLATE NOCASE) FROM cases
                        WHERE agent COLLATE NOCASE > names.name)
                FROM names WHERE names.name IS NOT NULL
            )
            SELECT name FROM names WHERE name IS NOT NULL
            """
        ).fetchall()
        authors = casebook.db.execute("SELECT DISTINCT author FROM comments").fetchall()
    return list(dict.fromkeys(row[0] for row in [*agents, *authors]))


def bulk_insert(casebook: Casebook, cases: Iterable[Case], batch: int = 5000) -> int:
    """Insert many new cases fast, in one transaction: for benchmarks and seeding."""
    count = 0
    with casebook.write() as db:
        rows: list[Case] = []
        for case in cases:
            rows.append(case)
            if len(rows) == batch:
                insert_rows(db, rows)
                count += len(rows)
                rows = []
        insert_rows(db, rows)
    return count + len(rows)
