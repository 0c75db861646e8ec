"""Opening a casebook safely: header check, pragmas, migrations with a backup (SPEC §8).

The rules, in the order they run:

1. A file that does not start with the SQLite header is refused, and never opened for
   writing, so its bytes stay exactly as they were.
2. Every connection gets WAL, foreign keys, `secure_delete` (a deleted or overwritten
   text is zeroed on disk, not left in free space) and a busy timeout of 5 s; the write
   that saves an agent's case waits up to 30 s, so a customer's case is not lost to a lock.
3. A casebook holding a migration this coach does not know is from a newer coach: refused.
4. Before an existing casebook is migrated it must pass `quick_check`, and it is copied
   with `VACUUM INTO` (mode 0600). The copy is removed once the migrated file passes
   `quick_check` again; if anything goes wrong it stays, and the error names it. Foreign
   keys are off during the migration's transaction (a step that rebuilds `cases` would
   otherwise cascade into `comments` and `tags`), and such a step checks them itself.
5. Writes run in `BEGIN IMMEDIATE`, so two processes queue up instead of failing halfway,
   and none runs while a damage marker lies beside the file (store/faults.py).
6. SQLite's errors become one line that says what happened (`translate_errors`).
7. After a delete the write-ahead log is checkpointed and truncated, so that no page image
   of the deleted text stays in `-wal`. A reader can block that; bit SCRUB_OWED of the
   file's `user_version`, set in the deleting transaction itself, then says so until a
   later write or open manages it, and `doctor` reports it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.errors import CasebookError
from coachcli.files import create_private_file, make_private_dir
from coachcli.store import faults
from coachcli.store.migrations import (
    MIGRATION_SET,
    MIGRATIONS_TABLE,
    SCRUB_OWED,
    STEPS,
    migration_set,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5.0
# SPEC §8: the write that saves an agent's case outwaits a long import's write lock.
SAVE_TIMEOUT_S = 30.0
# A checkpoint still owed is retried after every write and open, but waits only this long
# for a reader: the agent saving a case should not wait for someone else's cleanup.
SCRUB_RETRY_S = 0.2
# Right after a delete, the checkpoint waits as long as any write waits for the lock.
SCRUB_WAIT_S = BUSY_TIMEOUT_S
BACKUP_INFIX = ".backup-"
CURRENT_VERSION = len(STEPS)


@dataclass(frozen=True)
class Upgrade:
    """What happened when an older casebook was opened: the versions, and the backup used."""

    from_version: int
    to_version: int
    backup: Path


def check_header(path: Path) -> None:
    """Refuse a file that is not SQLite, reading only its first bytes. Empty is fine."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except IsADirectoryError:
        raise CasebookError("error.casebook_not_sqlite", path=path) from None
    except OSError as error:
        raise CasebookError(
            "error.casebook_unreadable", path=path, problem=error.strerror
        ) from None
    if head and head != SQLITE_HEADER:
        raise CasebookError("error.casebook_not_sqlite", path=path)


@contextlib.contextmanager
def translate_errors(path: Path, *, waited: float | None = None) -> Iterator[None]:
    """Turn SQLite's exceptions into one clear, true line that names the casebook.

    By result code (store/faults.py): a full disk, a lock (`waited` says how long coach
    waited), a read-only file, `-shm` or folder, an I/O error, and only for
    SQLITE_CORRUPT and SQLITE_NOTADB "damaged", which also blocks further writes. Any
    other code is a bug and is raised as it is, for the "unexpected error" path.
    """
    try:
        yield
    except sqlite3.Error as error:
        translated = faults.translate(path, error, BUSY_TIMEOUT_S if waited is None else waited)
        if translated is None:
            raise
        raise translated from None


class Casebook:
    """One open casebook file: the sqlite-utils Database plus coach's transaction rules."""

    def __init__(self, path: Path, db: Database) -> None:
        self.path = path
        self.db = db
        self.upgrade: Upgrade | None = None

    @contextlib.contextmanager
    def write(self, *, wait: float | None = None) -> Iterator[Database]:
        """A write transaction that takes the write lock at once (`BEGIN IMMEDIATE`),
        waiting up to `wait` seconds (default 5) for another writer; refused while the
        casebook is marked damaged. A checkpoint that an earlier delete still owes is
        tried once it is committed."""
        faults.refuse_if_marked(self.path)
        wait = BUSY_TIMEOUT_S if wait is None else wait
        with translate_errors(self.path, waited=wait):
            with self._waiting(wait):
                self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.conn.rollback()
                raise
            self.db.execute("COMMIT")
        if self.scrub_owed():
            self.scrub(SCRUB_RETRY_S)

    @contextlib.contextmanager
    def _waiting(self, wait: float) -> Iterator[None]:
        if wait == BUSY_TIMEOUT_S:
            yield
            return
        self.db.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")

    def owe_scrub(self) -> None:
        """Inside a deleting transaction: mark the write-ahead log as holding deleted text
        until a checkpoint has truncated it. Committed with the delete, or not at all."""
        version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        self.db.execute(f"PRAGMA user_version = {version | SCRUB_OWED}")

    def scrub_owed(self) -> bool:
        """Whether the write-ahead log may still hold the text of a deleted case or draft."""
        with translate_errors(self.path):
            version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        return bool(version & SCRUB_OWED)

    def scrub(self, wait: float | None = None) -> bool:
        """Copy the write-ahead log into the file and truncate it (§8), waiting up to
        `wait` seconds for readers of older snapshots; True when no deleted text is left.

        The mark is cleared only while the log is still empty: a delete committed by
        another coach after this checkpoint keeps its own mark.
        """
        wal = Path(f"{self.path}-wal")
        wait = SCRUB_WAIT_S if wait is None else wait
        try:
            with translate_errors(self.path, waited=wait), self._waiting(wait):
                busy = self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                if busy:
                    return False
                self.db.execute("BEGIN IMMEDIATE")
                try:
                    empty = not wal.exists() or wal.stat().st_size == 0
                    if empty:
                        version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
                        self.db.execute(f"PRAGMA user_version = {version & ~SCRUB_OWED}")
                except BaseException:
                    self.db.conn.rollback()
                    raise
                self.db.execute("COMMIT")
                # The mark's own change: page 1 only, no text; truncated when nobody reads.
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                return empty
        except CasebookError:
            return False  # read-only, or locked: still owed, and still marked

    def schema_version(self) -> int:
        with translate_errors(self.path):
            return len(applied_migrations(self.db))

    def quick_check(self) -> list[str]:
        """The problems `PRAGMA quick_check` finds; empty when the file is sound."""
        return self._check("quick_check")

    def integrity_check(self) -> list[str]:
        """The problems the full `PRAGMA integrity_check` finds, indexes included."""
        return self._check("integrity_check")

    def _check(self, pragma: str) -> list[str]:
        with translate_errors(self.path):
            rows = [str(row[0]) for row in self.db.execute(f"PRAGMA {pragma}").fetchall()]
        if rows == ["ok"]:
            return []
        faults.mark_damaged(self.path, pragma, rows[:10])
        return rows

    def close(self) -> None:
        self.db.close()


def connect(path: Path, *, create: bool = True, migrate: bool = True) -> Casebook | None:
    """Open the casebook at `path`, creating (0600) and migrating it as needed.

    Returns None when the file does not exist and `create` is false: a read of a casebook
    that was never written needs no file. With `migrate` false (for `doctor`), an older
    casebook is checked but left as it is.
    """
    from sqlite_utils import Database

    path = path.expanduser()
    if path.exists():
        check_header(path)
    elif not create:
        return None
    else:
        make_private_dir(path.parent)
        create_private_file(path)  # SQLite then writes into a file that is already 0600
    with translate_errors(path):
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
        # No plugins: coach uses none, and loading them costs 8 ms on every command.
        db = Database(conn, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        db.execute("PRAGMA foreign_keys = ON")
        # On every connection, not only around a delete: an update made with it off leaves
        # the old text in the page's free space, and some builds default to off.
        db.execute("PRAGMA secure_delete = ON")
        casebook = Casebook(path, db)
        try:
            _migrate(casebook, apply=migrate)
            if migrate and casebook.scrub_owed():
                casebook.scrub(SCRUB_RETRY_S)
        except BaseException:
            db.close()
            raise
    return casebook


def _migrate(casebook: Casebook, *, apply: bool) -> None:
    db, path = casebook.db, casebook.path
    applied = applied_migrations(db)  # reading here finds most corruption
    known = {step.__name__ for step in STEPS}
    if any(name not in known for name in applied):
        raise CasebookError(
            "error.casebook_newer", path=path, version=len(applied), supported=CURRENT_VERSION
        )
    if not applied and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise CasebookError("error.casebook_foreign", path=path, set=MIGRATION_SET)
    if len(applied) == CURRENT_VERSION:
        _ensure_wal(db)
        return
    if not apply:
        return
    faults.refuse_if_marked(path)  # before the backup: no upgrade of a damaged file
    backup = _backup(casebook) if applied else None
    _ensure_wal(db)
    with _foreign_keys_off(casebook), casebook.write():
        # Another coach may have migrated while we waited for the lock.
        migration_set().apply(db)
    if backup is not None:
        problems = casebook.quick_check()
        if problems:
            raise CasebookError("error.migration_check_failed", path=path, backup=backup)
        backup.unlink()
        casebook.upgrade = Upgrade(len(applied), CURRENT_VERSION, backup)


@contextlib.contextmanager
def _foreign_keys_off(casebook: Casebook) -> Iterator[None]:
    """Foreign keys off around a migration's transaction, and on again after it.

    `PRAGMA foreign_keys` does nothing inside a transaction, so it is switched here, before
    `BEGIN`: dropping `cases` to rebuild it (m005) would otherwise delete every comment and
    tag through ON DELETE CASCADE. A rebuilding step runs `foreign_key_check` itself."""
    with translate_errors(casebook.path):
        casebook.db.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        with translate_errors(casebook.path):
            casebook.db.execute("PRAGMA foreign_keys = ON")


def applied_migrations(db: Database) -> list[str]:
    """The names of coach's applied migrations, oldest first.

    Read directly from sqlite-utils' own `_sqlite_migrations` table: one query, where
    `Migrations.applied` takes several, on every command.
    """
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone()
    if not exists:
        return []
    rows = db.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY id",
        [MIGRATION_SET],
    )
    return [row[0] for row in rows]


def _ensure_wal(db: Database) -> None:
    # Only a change of mode writes to the file; a casebook coach made is WAL already.
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.execute("PRAGMA journal_mode = WAL")


def _backup(casebook: Casebook) -> Path:
    """Copy an existing casebook with VACUUM INTO before its schema changes."""
    found = casebook.quick_check()
    if found:
        raise CasebookError("error.casebook_corrupt", path=casebook.path, why=found[0])
    from coachcli import clock
    from coachcli.domain.case import iso

    stamp = iso(clock.now()).replace(":", "").replace(".", "")
    backup = casebook.path.with_name(f"{casebook.path.name}{BACKUP_INFIX}{stamp}-{os.getpid()}")
    # VACUUM INTO writes into an empty file that already exists, so it keeps mode 0600.
    create_private_file(backup)
    with translate_errors(casebook.path):
        casebook.db.execute("VACUUM INTO ?", [str(backup)])
    return backup


def leftover_backups(path: Path) -> list[Path]:
    """Backups that a failed or interrupted upgrade left beside the casebook."""
    return sorted(path.parent.glob(f"{path.name}{BACKUP_INFIX}*"))


def open_readonly(path: Path) -> Casebook:
    """A read-only connection (`mode=ro`) for `doctor`: it can neither migrate nor write."""
    from urllib.parse import quote

    from sqlite_utils import Database

    path = path.expanduser()
    check_header(path)
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    with translate_errors(path):
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_S)
        db = Database(conn, execute_plugins=False)
        casebook = Casebook(path, db)
        try:
            applied_migrations(db)  # reading here finds most damage
        except BaseException:
            db.close()
            raise
    return casebook


def tally(casebook: Casebook) -> dict[str, int]:
    """How many cases and drafts the casebook holds (for `doctor`)."""
    with translate_errors(casebook.path):
        return {
            table: int(casebook.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("cases", "drafts")
        }


FTS_TABLE = "cases_fts"


def _raw_writer(path: Path) -> sqlite3.Connection:
    """A plain read-write connection for a check or a repair that must run on a casebook
    marked damaged, which `Casebook.write` refuses (it is how the mark is lifted)."""
    return sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S)


def fts_check(path: Path) -> list[str]:
    """The search index's own integrity-check (`doctor --full`). It is an INSERT, so it runs
    inside `BEGIN IMMEDIATE … ROLLBACK`: it takes the write lock, and changes nothing."""
    conn = _raw_writer(path)
    try:
        with translate_errors(path):
            exists = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = ?", [FTS_TABLE]
            ).fetchone()
            if not exists:  # a casebook older than the search index
                return []
            conn.execute("BEGIN IMMEDIATE")
            try:
                # rank 1: compare the index with the cases too, not only with itself
                # (SQLite 3.40 checks only the index unless asked).
                conn.execute(
                    f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
                )
            except sqlite3.DatabaseError as error:
                if getattr(error, "sqlite_errorcode", 0) & 0xFF != sqlite3.SQLITE_CORRUPT:
                    raise
                problem = f"{FTS_TABLE}: {error.sqlite_errorname}"
                faults.mark_damaged(path, "fts integrity-check", [problem])
                return [problem]
            finally:
                if conn.in_transaction:  # SQLite may have rolled back already
                    conn.execute("ROLLBACK")
    finally:
        conn.close()
    return []


def rebuild_indexes(path: Path) -> None:
    """`doctor --repair`: rebuild every index and the search index from the cases
    themselves (`REINDEX`, FTS `rebuild`), in one transaction. This mends damage that lies
    only in indexes, without losing a case; damage in the tables it cannot mend."""
    conn = _raw_writer(path)
    try:
        with translate_errors(path):
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("REINDEX")
                if conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE name = ?", [FTS_TABLE]
                ).fetchone():
                    conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
    finally:
        conn.close()
