"""Errors say what happened (SPEC §8): a full disk, a lock, a read-only file, `-shm` or
folder, an I/O error, and only real damage is called damaged, and then blocks writes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coachcli.store import faults
from tests.conftest import Invoke, fill_up
from tests.helpers import NEW_CASE, casebook_with, make_case, unprivileged

LONG = "Customer in tears about the wig she cannot afford; " * 100  # needs new pages


def count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        found: int = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    conn.close()
    return found


def sound(path: Path) -> bool:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    conn.close()
    return rows == [("ok",)]


def said(stderr: str) -> str:
    """The error line; a `case new` that could not save also says where the draft is kept."""
    first, *rest = stderr.splitlines(keepends=True)
    assert all(line.startswith("Nothing is lost: your answers are kept as draft") for line in rest)
    return first


def assert_no_damage_talk(stderr: str, path: Path) -> None:
    for word in ("damaged", "backup", "restore"):
        assert word not in stderr
    assert not faults.marker(path).exists()


# --- A full disk -------------------------------------------------------------------


def test_a_full_casebook_says_so_and_keeps_what_it_holds(
    coach: Invoke, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's `max_page_count` makes it report SQLITE_FULL as on a full disk; this runs
    everywhere, where a real full disk (below) needs root."""
    path = casebook_with(isolated / "cb.db", make_case())
    vacuumed = sqlite3.connect(path)  # no free pages left by the migrations to grow into
    vacuumed.execute("VACUUM")
    vacuumed.close()
    connect = sqlite3.connect

    def no_room_to_grow(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn: sqlite3.Connection = connect(*args, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    with monkeypatch.context() as patched:
        patched.setattr(sqlite3, "connect", no_room_to_grow)
        result = coach("--casebook", "cb.db", *NEW_CASE, "--situation", LONG)
    assert result.exit_code == 1
    assert said(result.stderr) == (
        "coach: the disk holding the casebook cb.db is full: nothing was saved, and the "
        "casebook is intact. Free some space and try again.\n"
    )
    assert_no_damage_talk(result.stderr, path)
    assert count(path) == 1
    assert sound(path)


def test_a_real_full_disk_says_so_and_the_casebook_recovers(coach: Invoke, tiny_disk: Path) -> None:
    path = casebook_with(tiny_disk / "cb.db", make_case())
    filler = fill_up(tiny_disk)
    result = coach("--casebook", str(path), *NEW_CASE, "--situation", LONG)
    assert result.exit_code == 1
    assert said(result.stderr) == (
        f"coach: the disk holding the casebook {path} is full: nothing was saved, and the "
        "casebook is intact. Free some space and try again.\n"
    )
    assert_no_damage_talk(result.stderr, path)
    filler.unlink()
    assert coach("--casebook", str(path), *NEW_CASE).exit_code == 0
    assert count(path) == 2
    assert sound(path)


# --- Read-only files and folders -----------------------------------------------------


def leave_wal_and_shm(path: Path) -> None:
    """A coach that was killed while it had the casebook open leaves its -wal and -shm."""
    code = (
        "import os, sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        "c.execute('SELECT count(*) FROM cases').fetchall(); os.kill(os.getpid(), 9)"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=False)
    assert path.with_name("cb.db-shm").exists()


def test_a_read_only_casebook_says_so_and_how_to_mend_it(isolated: Path) -> None:
    path = casebook_with(isolated / "cb.db", make_case())
    path.chmod(0o400)
    result = unprivileged("--casebook", "cb.db", *NEW_CASE, cwd=isolated)
    assert result.returncode == 1
    assert said(result.stderr) == (
        "coach: the casebook cb.db is a read-only file, so nothing can be saved; make it "
        "writable with `chmod 600 cb.db` (or ask its owner).\n"
    )
    assert unprivileged("--casebook", "cb.db", "case", "list", cwd=isolated).returncode == 0


def test_a_read_only_shm_left_behind_says_so_and_removing_it_mends_it(isolated: Path) -> None:
    path = casebook_with(isolated / "cb.db", make_case())
    leave_wal_and_shm(path)
    shm = isolated / "cb.db-shm"
    shm.chmod(0o444)
    result = unprivileged("--casebook", "cb.db", *NEW_CASE, cwd=isolated)
    assert result.returncode == 1
    assert said(result.stderr) == (
        "coach: cb.db-shm, left by an earlier run, is read-only and blocks every write to the "
        "casebook cb.db; when no coach is running, remove it (`rm cb.db-shm`: SQLite makes a "
        "new one; keep the -wal file) or make it writable (`chmod 600 cb.db-shm`).\n"
    )
    shm.unlink()  # as the message says
    assert unprivileged("--casebook", "cb.db", *NEW_CASE, cwd=isolated).returncode == 0
    assert count(path) == 2


def test_a_casebook_in_a_read_only_folder_says_so(isolated: Path) -> None:
    folder = isolated / "locked"
    casebook_with(folder / "cb.db", make_case())
    folder.chmod(0o500)
    try:
        result = unprivileged("--casebook", "locked/cb.db", *NEW_CASE, cwd=isolated)
    finally:
        folder.chmod(0o700)
    assert result.returncode == 1
    assert said(result.stderr) == (
        "coach: the folder locked is read-only, but SQLite must create its -wal and -shm files "
        "beside the casebook locked/cb.db to use it; make the folder writable (`chmod 700 "
        "locked`) or move the casebook.\n"
    )


# --- Locks ---------------------------------------------------------------------------


@pytest.fixture
def held_lock(isolated: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """Another process holding the casebook's write lock, as a long import does."""
    path = casebook_with(isolated / "cb.db", make_case())
    code = (
        "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
        "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    try:
        yield path, holder
    finally:
        holder.kill()
        holder.wait()


def release_after(holder: subprocess.Popen[str], seconds: float) -> None:
    """End the holder's transaction `seconds` from now, as an import finishing."""
    import threading

    threading.Timer(seconds, lambda: holder.send_signal(signal.SIGTERM)).start()


def test_a_lock_says_who_waits_for_what(
    coach: Invoke,
    held_lock: tuple[Path, subprocess.Popen[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, holder = held_lock
    monkeypatch.setattr("coachcli.store.casebook.BUSY_TIMEOUT_S", 0.2)
    result = coach("--casebook", "cb.db", "case", "list", "--json")
    first = json.loads(result.stdout)[0]["id"][:8]  # reading goes on under the lock (WAL)
    result = coach("--casebook", "cb.db", "case", "comment", first, "Team lead: pay it")
    assert result.exit_code == 1
    program = Path(f"/proc/{holder.pid}/comm").read_text().strip()
    assert said(result.stderr) == (
        f"coach: coach waited 0.2 s for the casebook cb.db, but {program} (pid {holder.pid}) "
        "kept it locked; nothing was saved. Try again when it is done.\n"
    )
    assert_no_damage_talk(result.stderr, path)


def test_a_new_case_outwaits_a_lock_that_other_writes_give_up_on(
    coach: Invoke, held_lock: tuple[Path, subprocess.Popen[str]]
) -> None:
    """SPEC §8: a customer's case is never lost to a lock. The usual wait is 5 s; saving a
    case waits up to 30 s, so an import holding the lock for 6 s does not cost it."""
    path, holder = held_lock
    release_after(holder, 6.0)
    started = time.monotonic()
    result = coach("--casebook", "cb.db", *NEW_CASE, "--json")
    waited = time.monotonic() - started
    assert result.exit_code == 0, result.output
    assert waited > 5.0  # longer than any other write would have waited
    assert count(path) == 2


# --- Damage --------------------------------------------------------------------------


def damage_the_training_table(path: Path) -> None:
    """Overwrite the page type of the `training` table's root page: reading it fails with
    SQLITE_CORRUPT, while `case new` never reads it."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'training'")
        page = root.fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(page - 1) * size] = 0xFF
    path.write_bytes(bytes(data))


def test_corruption_that_sqlite_reports_blocks_writes_until_doctor_finds_it_mended(
    coach: Invoke, isolated: Path
) -> None:
    path = casebook_with(isolated / "cb.db", make_case())
    damage_the_training_table(path)
    result = coach("--casebook", "cb.db", "train", "--history")
    assert result.exit_code == 1
    assert said(result.stderr) == (
        "coach: the casebook cb.db is damaged (SQLITE_CORRUPT); coach will not write to it "
        "until it is mended. `coach --casebook cb.db doctor` says how.\n"
    )
    note = json.loads(faults.marker(path).read_text())
    assert note == {"found_at": "2026-11-25T09:30:00.000Z", "found_by": "SQLite: SQLITE_CORRUPT",
                    "problems": []}  # fmt: skip
    refused = coach("--casebook", "cb.db", *NEW_CASE)
    assert refused.exit_code == 1
    assert said(refused.stderr) == (
        "coach: coach does not write to the casebook cb.db: it was found damaged on "
        "Wed 25 Nov 2026 10:30 (SQLite: SQLITE_CORRUPT). `coach --casebook cb.db doctor` says "
        "how to mend it, and lifts this block once the casebook passes every check.\n"
    )
    assert count(path) == 1  # the case was not written into the damaged file
    assert coach("--casebook", "cb.db", "case", "list").exit_code == 0  # reading goes on


def test_an_error_sqlite_gives_for_a_bug_is_not_called_damage(
    coach: Invoke, isolated: Path
) -> None:
    path = casebook_with(isolated / "cb.db", make_case())
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE tags")  # what no coach does: a bug, not a damaged disk
    conn.close()
    result = coach("--casebook", "cb.db", "case", "list")
    assert result.exit_code == 1
    assert said(result.stderr) == (
        "coach: unexpected error (OperationalError, SQLITE_ERROR). Nothing was half-written. "
        "Run again with COACH_DEBUG=1 for details.\n"
    )
    assert_no_damage_talk(result.stderr, path)


def synthetic(code: int, name: str) -> sqlite3.OperationalError:
    """An error as SQLite raises it, for the codes a test cannot provoke for real."""
    error = sqlite3.OperationalError("as SQLite says it")
    error.sqlite_errorcode = code
    error.sqlite_errorname = name
    return error


@pytest.mark.parametrize(
    ("code", "name", "key"),
    [
        (778, "SQLITE_IOERR_WRITE", "error.casebook_io"),
        (7, "SQLITE_NOMEM", "error.out_of_memory"),
        (1032, "SQLITE_READONLY_DBMOVED", "error.casebook_moved"),
        (779, "SQLITE_CORRUPT_INDEX", "error.casebook_corrupt"),
        (26, "SQLITE_NOTADB", "error.casebook_corrupt"),
    ],
)
def test_each_result_code_has_its_own_message(
    isolated: Path, code: int, name: str, key: str
) -> None:
    path = casebook_with(isolated / "cb.db", make_case())
    said = faults.translate(path, synthetic(code, name), 5.0)
    assert said is not None and said.key == key
    assert faults.marker(path).exists() == (key == "error.casebook_corrupt")


@pytest.mark.parametrize(
    ("code", "name"),
    [(1, "SQLITE_ERROR"), (19, "SQLITE_CONSTRAINT"), (1555, "SQLITE_CONSTRAINT_PRIMARYKEY")],
)
def test_codes_that_mean_a_bug_are_left_to_the_unexpected_error_path(
    isolated: Path, code: int, name: str
) -> None:
    path = isolated / "cb.db"
    assert faults.translate(path, synthetic(code, name), 5.0) is None
    assert not faults.marker(path).exists()


def test_an_io_error_on_a_disk_without_free_space_is_a_full_disk(
    coach: Invoke, tiny_disk: Path
) -> None:
    path = casebook_with(tiny_disk / "cb.db", make_case())
    fill_up(tiny_disk)
    said = faults.translate(path, synthetic(778, "SQLITE_IOERR_WRITE"), 5.0)
    assert said is not None and said.key == "error.casebook_full"


def test_the_lock_holders_are_named_without_their_command_line(
    held_lock: tuple[Path, subprocess.Popen[str]],
) -> None:
    path, holder = held_lock
    holders = faults.lock_holders(path)
    assert f"(pid {holder.pid})" in holders
    assert "BEGIN IMMEDIATE" not in holders and "sqlite3" not in holders
    assert str(os.getpid()) not in holders  # not this process itself


def test_a_hand_made_marker_still_blocks_and_shows_no_control_codes(
    coach: Invoke, isolated: Path
) -> None:
    path = casebook_with(isolated / "cb.db", make_case())
    faults.marker(path).write_text(
        '{"found_at": "\\u001b]0;pwned\\u0007", "found_by": "x\\u001b[2J"}'
    )
    result = coach("--casebook", "cb.db", *NEW_CASE)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert result.stderr.startswith("coach: coach does not write to the casebook cb.db")


def test_a_casebook_on_a_read_only_mount_says_so_not_chmod(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system mounted read-only the file's mode is fine; chmod mends nothing."""
    from types import SimpleNamespace

    path = isolated / "casebook.db"
    path.write_bytes(b"")
    monkeypatch.setattr(os, "statvfs", lambda _: SimpleNamespace(f_flag=os.ST_RDONLY))
    error = faults.write_blocker(path)
    assert error is not None and error.key == "error.casebook_readonly_mount"
