"""The staging file of an import (SPEC §10 "All or nothing, without blocking agents").

An import first writes every checked case, comment, tag and tombstone of its files into a
temporary SQLite file next to the casebook, without holding the casebook's write lock:
memory stays flat however large the files are, and the merge then runs as set-based SQL
from this file (attached to the casebook's connection) in one short write transaction.

The file is 0600, named after the casebook so that a user can tell what it is, and
removed afterwards, also after an error or Ctrl-C (and SIGTERM, by the CLI). A staging
file left by a killed import is found and removed by the next import: a live import holds
an exclusive `flock` on its own file, so a file nobody holds is a leftover.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coachcli.domain.case import Case
from coachcli.errors import CoachError
from coachcli.files import PRIVATE_FILE
from coachcli.store.cases import case_row

INFIX = ".import-"
SUFFIX = ".tmp"
BATCH = 1000
STAGE = "stage"  # the schema name under which the casebook's connection attaches it


def case_columns() -> list[str]:
    """The `cases` columns an import writes: those of a case's row, in that order."""
    from coachcli.domain.case import Case

    sample = Case(
        id="", created_at="", updated_at="", agent="", situation="", rule="",
        alternative="", currency="", status="",
    )  # fmt: skip
    return list(case_row(sample))


class Staging:
    """One import's staging file: files are added one by one, then merged one by one."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock_fd: int | None) -> None:
        self.path = path
        self.conn = conn
        self.lock_fd = lock_fd
        self.columns = case_columns()
        self._cases: list[tuple[Any, ...]] = []
        self._comments: list[tuple[Any, ...]] = []
        self._tags: list[tuple[Any, ...]] = []
        self._tombstones: list[tuple[Any, ...]] = []

    @classmethod
    @contextlib.contextmanager
    def beside(cls, casebook: Path) -> Iterator[Staging]:
        """A new staging file next to `casebook`, removed when the block ends."""
        import tempfile

        remove_leftovers(casebook)
        fd, name = tempfile.mkstemp(
            dir=casebook.parent, prefix=f"{casebook.name}{INFIX}", suffix=SUFFIX
        )
        path = Path(name)
        try:
            os.chmod(path, PRIVATE_FILE)
            lock_fd = _lock(fd)
            conn = sqlite3.connect(path, isolation_level=None)
            try:
                staging = cls(path, conn, lock_fd)
                staging._create()
                yield staging
            finally:
                conn.close()
        finally:
            os.close(fd)
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def _create(self) -> None:
        # A scratch file: no journal and no fsync; if coach dies, the file is thrown away.
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "secure_delete = ON"):
            self.conn.execute(f"PRAGMA {pragma}")
        columns = ", ".join(self.columns)
        self.conn.execute("BEGIN")
        for sql in (
            "CREATE TABLE files (file INTEGER PRIMARY KEY, path TEXT NOT NULL)",
            f"CREATE TABLE cases (file INTEGER NOT NULL, line INTEGER NOT NULL, "
            f"tag_count INTEGER NOT NULL, {columns})",
            "CREATE TABLE comments (file INTEGER NOT NULL, line INTEGER NOT NULL, "
            "id TEXT NOT NULL, case_id TEXT NOT NULL, author TEXT NOT NULL, "
            "created_at TEXT NOT NULL, text TEXT NOT NULL, review_copy INTEGER NOT NULL)",
            "CREATE TABLE tags (file INTEGER NOT NULL, case_id TEXT NOT NULL, tag TEXT NOT NULL)",
            "CREATE TABLE tombstones (file INTEGER NOT NULL, line INTEGER NOT NULL, "
            "id TEXT NOT NULL, deleted_at TEXT NOT NULL, reason TEXT NOT NULL)",
        ):
            self.conn.execute(sql)
        self.conn.execute("COMMIT")

    # Adding one file.

    def add_file(self, path: Path) -> int:
        cursor = self.conn.execute("INSERT INTO files (path) VALUES (?)", [str(path)])
        self.conn.execute("BEGIN")
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def add_case(self, file: int, line: int, case: Case) -> None:
        """A checked case with its tags and comments."""
        # Positional values in the columns' order: binding 40 names per row cost a second
        # per 100,000 cases.
        self._cases.append((file, line, len(case.tags), *case_row(case).values()))
        self._tags.extend((file, case.id, tag) for tag in case.tags)
        self._comments.extend(
            (file, line, c.id, case.id, c.author, c.created_at, c.text, c.review_copy)
            for c in case.comments
        )
        if len(self._cases) >= BATCH or len(self._comments) >= BATCH:
            self._flush()

    def add_tombstone(self, file: int, line: int, tombstone: tuple[str, str, str]) -> None:
        self._tombstones.append((file, line, *tombstone))
        if len(self._tombstones) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._cases:
            names = ["file", "line", "tag_count", *self.columns]
            self.conn.executemany(
                f"INSERT INTO cases ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                self._cases,
            )
        self.conn.executemany("INSERT INTO tags VALUES (?, ?, ?)", self._tags)
        self.conn.executemany(
            "INSERT INTO comments (file, line, id, case_id, author, created_at, text, "
            "review_copy) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            self._comments,
        )
        self.conn.executemany("INSERT INTO tombstones VALUES (?, ?, ?, ?, ?)", self._tombstones)
        self._cases, self._comments, self._tags, self._tombstones = [], [], [], []

    def finish_file(self, file: int, path: Path) -> None:
        """Write what is left, then refuse an id that the file holds twice (by name and
        line) and index the file for the merge."""
        self._flush()
        for table, key in (("cases", "import_duplicate"), ("comments", "import_comment_twice"),
                           ("tombstones", "import_tombstone_twice")):  # fmt: skip
            row = self.conn.execute(
                f"SELECT id, max(line) FROM {table} WHERE file = ? "
                "GROUP BY id HAVING count(*) > 1 ORDER BY max(line) LIMIT 1",
                [file],
            ).fetchone()
            if row is not None:
                self.conn.execute("ROLLBACK")
                raise CoachError(f"error.{key}", path=path, id=row[0], line=row[1])
        self.conn.execute("COMMIT")

    def index(self) -> None:
        """Indexes for the merge's joins, built once after every file is staged."""
        for sql in (
            "CREATE UNIQUE INDEX cases_id ON cases (file, id)",
            "CREATE UNIQUE INDEX comments_id ON comments (file, id)",
            "CREATE INDEX comments_case ON comments (file, case_id)",
            "CREATE INDEX tags_case ON tags (file, case_id)",
            "CREATE UNIQUE INDEX tombstones_id ON tombstones (file, id)",
        ):
            self.conn.execute(sql)

    def files(self) -> list[tuple[int, Path]]:
        rows = self.conn.execute("SELECT file, path FROM files ORDER BY file").fetchall()
        return [(row[0], Path(row[1])) for row in rows]


def _lock(fd: int) -> int | None:
    """Hold an exclusive lock on our own staging file (POSIX), so the next import can tell
    a live staging file from one left by a killed import."""
    try:
        import fcntl
    except ImportError:  # Windows: leftovers are not cleaned up automatically
        return None
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def remove_leftovers(casebook: Path) -> list[Path]:
    """Remove staging files of imports that were killed (nobody holds their lock): they
    hold customers' data. Returns what was removed."""
    try:
        import fcntl
    except ImportError:
        return []
    removed = []
    for leftover in casebook.parent.glob(f"{casebook.name}{INFIX}*{SUFFIX}"):
        try:
            fd = os.open(leftover, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a running import holds it
        finally:
            os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
            removed.append(leftover)
    return removed
