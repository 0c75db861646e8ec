"""What went wrong with a casebook file, said as it is (SPEC §8 "Errors say what happened").

SQLite's result codes (`sqlite3.Error.sqlite_errorcode`, Python 3.11), not its message
texts, decide what an error says: a full disk says the disk is full, a lock says who
waits for what, a read-only file, `-shm` or folder says which and how to mend it, an I/O
error says so. Only SQLITE_CORRUPT and SQLITE_NOTADB (and a failed integrity check) call
the casebook damaged, and only that suggests restoring anything. A code not named here is
a bug, and goes to the CLI's "unexpected error" path rather than being called damage.

Damage leaves a marker beside the casebook, `<casebook>.damaged` (0600, holding when and
how it was found, never case text). While it is there coach does not write to the file,
so that nothing more goes into a damaged casebook; reading (and so exporting what is
still readable) goes on. `coach doctor` says how to mend it and lifts the block once the
file passes every check.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coachcli.errors import CasebookError, CoachError

DAMAGED_SUFFIX = ".damaged"
_MOVED = 1032  # SQLITE_READONLY_DBMOVED: the file was renamed or deleted while open


def companion(path: Path, suffix: str) -> Path:
    """A file SQLite or coach keeps beside the casebook: `-wal`, `-shm`, `.damaged`."""
    return path.with_name(path.name + suffix)


def translate(path: Path, error: sqlite3.Error, waited: float) -> CoachError | None:
    """The one clear line for `error` on the casebook at `path`; None for a bug."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return None
    name = getattr(error, "sqlite_errorname", None) or str(code)
    if code == _MOVED:
        return CasebookError("error.casebook_moved", path=path)
    primary = code & 0xFF
    if primary == sqlite3.SQLITE_IOERR and disk_full(path):
        primary = sqlite3.SQLITE_FULL  # a write that failed for want of space
    says = _SAYS.get(primary)
    return says(path, name, waited) if says is not None else None


def _busy(path: Path, name: str, waited: float) -> CoachError:
    holders = lock_holders(path)
    seconds = f"{waited:g}"
    if holders:
        return CasebookError("error.casebook_busy_by", path=path, seconds=seconds, holders=holders)
    return CasebookError("error.casebook_busy", path=path, seconds=seconds)


def _damaged(path: Path, name: str, waited: float) -> CoachError:
    mark_damaged(path, f"SQLite: {name}")
    return CasebookError("error.casebook_corrupt", path=path, why=name)


def _plain(key: str) -> Callable[[Path, str, float], CoachError]:
    return lambda path, name, waited: CasebookError(key, path=path, code=name)


_SAYS: dict[int, Callable[[Path, str, float], CoachError]] = {
    sqlite3.SQLITE_BUSY: _busy,
    sqlite3.SQLITE_LOCKED: _busy,
    sqlite3.SQLITE_FULL: _plain("error.casebook_full"),
    sqlite3.SQLITE_READONLY: lambda path, name, waited: readonly_error(path, name),
    sqlite3.SQLITE_PERM: lambda path, name, waited: readonly_error(path, name),
    sqlite3.SQLITE_CANTOPEN: lambda path, name, waited: readonly_error(
        path, name, default="error.casebook_cantopen"
    ),
    sqlite3.SQLITE_IOERR: _plain("error.casebook_io"),
    sqlite3.SQLITE_NOMEM: _plain("error.out_of_memory"),
    sqlite3.SQLITE_CORRUPT: _damaged,
    sqlite3.SQLITE_NOTADB: _damaged,
}


def write_blocker(path: Path) -> CoachError | None:
    """The file that stops a write, with how to mend it: the casebook, its `-wal`, a
    `-shm` that an earlier run left read-only, or the folder SQLite must create them in.
    None when each of them can be written."""
    wal, shm = companion(path, "-wal"), companion(path, "-shm")
    folder = path.parent
    if _read_only_mount(folder):  # no chmod mends that: say what does
        return CasebookError("error.casebook_readonly_mount", path=path)
    if path.exists() and not os.access(path, os.W_OK):
        return CasebookError("error.casebook_readonly_file", path=path)
    if wal.exists() and not os.access(wal, os.W_OK):
        return CasebookError("error.casebook_readonly_wal", path=path, wal=wal)
    if shm.exists() and not os.access(shm, os.W_OK):
        return CasebookError("error.casebook_readonly_shm", path=path, shm=shm)
    if not os.access(folder, os.W_OK | os.X_OK):
        return CasebookError("error.casebook_readonly_folder", path=path, folder=folder)
    return None


def _read_only_mount(folder: Path) -> bool:
    """Whether the file system holding `folder` is mounted read-only."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # gone, or a platform without statvfs
        return False


def readonly_error(path: Path, code: str, default: str = "error.casebook_readonly") -> CoachError:
    """SQLite could not write: say which file is in the way, or else what SQLite said."""
    return write_blocker(path) or CasebookError(default, path=path, code=code)


def disk_full(path: Path) -> bool:
    """Whether the file system holding `path` has no space left for this user."""
    try:
        info = os.statvfs(path.parent)
    except (OSError, AttributeError):  # AttributeError: no statvfs on Windows
        return False
    return info.f_bavail == 0


def lock_holders(path: Path) -> str:
    """Who else has the casebook open, as `coach (pid 4242)`: read from /proc on Linux.

    Only the program's name and pid: a command line may hold a customer's words.
    """
    proc = Path("/proc")
    if not proc.is_dir():
        return ""
    targets = {
        os.path.realpath(p) for p in (path, companion(path, "-wal"), companion(path, "-shm"))
    }
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            links = {os.readlink(fd) for fd in (entry / "fd").iterdir()}
            if links & targets:
                program = printable((entry / "comm").read_text())
                found.append(f"{program} (pid {entry.name})")
        except OSError:
            continue  # gone, or another user's process
    return ", ".join(found)


def printable(text: str, limit: int = 80) -> str:
    """Text from a file or another process, safe to show: no control sequences (a process
    can give itself any name, escape codes included), and short."""
    return "".join(ch for ch in text.strip() if ch.isprintable())[:limit]


# --- The damage marker ---------------------------------------------------------------


def marker(path: Path) -> Path:
    return companion(path, DAMAGED_SUFFIX)


def mark_damaged(path: Path, found_by: str, problems: list[str] | None = None) -> None:
    """Leave the marker that stops writes. Best effort: in a read-only folder no write
    can happen anyway. It holds SQLite's or the check's own words, never case text."""
    import json

    from coachcli import clock
    from coachcli.domain.case import iso
    from coachcli.files import atomic_write

    note = {"found_at": iso(clock.now()), "found_by": found_by, "problems": problems or []}
    with contextlib.suppress(OSError):
        atomic_write(marker(path), (json.dumps(note, indent=2) + "\n").encode())


def read_marker(path: Path) -> dict[str, Any] | None:
    """What the marker beside `path` says, or None when there is none."""
    import json

    try:
        text = marker(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        return {"found_at": "?", "found_by": "?", "problems": []}
    try:
        note = json.loads(text)
    except ValueError:
        note = None
    if not isinstance(note, dict):  # a marker someone wrote by hand still blocks
        return {"found_at": "?", "found_by": "?", "problems": []}
    return note


def found_when(note: dict[str, Any]) -> Any:
    """When the damage was found: a moment the message writes in the reader's language and
    local time, or the marker's text as it is when that is no time (a hand-edited file)."""
    from datetime import datetime

    text = printable(str(note.get("found_at", "?")))
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text[:16].replace("T", " ")
    return moment if moment.tzinfo is not None else text[:16].replace("T", " ")


def refuse_if_marked(path: Path) -> None:
    note = read_marker(path)
    if note is not None:
        raise CasebookError(
            "error.casebook_blocked",
            path=path,
            found_at=found_when(note),
            found_by=printable(str(note.get("found_by", "?"))),
        )


def clear_marker(path: Path) -> bool:
    """Remove the marker; True when there was one."""
    try:
        marker(path).unlink()
    except FileNotFoundError:
        return False
    return True
