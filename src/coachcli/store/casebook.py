"""Opening a casebook safely: header check, pragmas, migrations with a backup (SPEC §8).

The rules, in the order they run:

1. A file that does not start with the SQLite header is refused, and never opened for
   writing, so its bytes stay exactly as they were.
2. Every connection gets WAL, foreign keys and a busy timeout.
3. A casebook holding a migration this coach does not know is from a newer coach: refused.
4. Before an existing casebook is migrated it must pass `quick_check`, and it is copied
   with `VACUUM INTO` (mode 0600). The copy is removed once the migrated file passes
   `quick_check` again; if anything goes wrong it stays, and the error names it.
5. Writes run in `BEGIN IMMEDIATE`, so two processes queue up instead of failing halfway.
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
from coachcli.store.migrations import MIGRATION_SET, MIGRATIONS_TABLE, STEPS, migration_set

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
# The write that saves an agent's case waits longer (SPEC §8): a customer's case is never
# lost to a lock, and an import of 100,000 cases holds the lock for about 2 s.
SAVE_TIMEOUT_MS = 30_000
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
def translate_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's exceptions into one clear line that names the casebook."""
    try:
        yield
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise CasebookError("error.casebook_busy", path=path) from None
        if "readonly" in str(error):
            raise CasebookError("error.casebook_readonly", path=path) from None
        raise CasebookError("error.casebook_corrupt", path=path) from error
    except sqlite3.DatabaseError as error:
        # "file is not a database", "database disk image is malformed", and the like.
        raise CasebookError("error.casebook_corrupt", path=path) from error


class Casebook:
    """One open casebook file: the sqlite-utils Database plus coach's transaction rules."""

    def __init__(self, path: Path, db: Database) -> None:
        self.path = path
        self.db = db
        self.upgrade: Upgrade | None = None

    @contextlib.contextmanager
    def write(self, *, wait_ms: int = BUSY_TIMEOUT_MS) -> Iterator[Database]:
        """A write transaction that takes the write lock at once (`BEGIN IMMEDIATE`),
        waiting up to `wait_ms` for another writer to finish."""
        with translate_errors(self.path):
            if wait_ms != BUSY_TIMEOUT_MS:
                self.db.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
            try:
                self.db.execute("BEGIN IMMEDIATE")
            finally:
                if wait_ms != BUSY_TIMEOUT_MS:
                    self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            try:
                yield self.db
            except BaseException:
                self.db.conn.rollback()
                raise
            self.db.execute("COMMIT")

    def schema_version(self) -> int:
        with translate_errors(self.path):
            return len(applied_migrations(self.db))

    def quick_check(self) -> list[str]:
        """The problems `PRAGMA quick_check` finds; empty when the file is sound."""
        with translate_errors(self.path):
            rows = [row[0] for row in self.db.execute("PRAGMA quick_check").fetchall()]
        return [] if rows == ["ok"] else rows

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
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        # No plugins: coach uses none, and loading them costs 8 ms on every command.
        db = Database(conn, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        casebook = Casebook(path, db)
        try:
            _migrate(casebook, apply=migrate)
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
    backup = _backup(casebook) if applied else None
    _ensure_wal(db)
    with casebook.write():
        # Another coach may have migrated while we waited for the lock.
        migration_set().apply(db)
    if backup is not None:
        problems = casebook.quick_check()
        if problems:
            raise CasebookError("error.migration_check_failed", path=path, backup=backup)
        backup.unlink()
        casebook.upgrade = Upgrade(len(applied), CURRENT_VERSION, backup)


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
    if casebook.quick_check():
        raise CasebookError("error.casebook_corrupt", path=casebook.path)
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
