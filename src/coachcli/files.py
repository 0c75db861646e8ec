"""Writing files so that nothing is ever half-written, left behind or readable by others.

Case notes hold customers' personal data, so everything coach creates is owner-only:
files 0600, folders 0700 (every missing folder, not only the last). A file is written to
a temporary name beside it, `<name>.tmp-XXXXXXXX`, and renamed over the target, which is
atomic on POSIX. The temporary file is removed when the write fails or is stopped: Ctrl-C,
and SIGTERM and SIGHUP, which become an exception (`Terminated`) while a file is being
written, so that the cleanup runs. Only SIGKILL can leave one behind; the writer holds a
lock on it, so the next write to the same file can tell an orphan from a file another
coach is still writing, and removes it.

A FIFO, a character device (`/dev/null`, a terminal) or a socket is written to directly:
renaming a regular file over it would replace what the user pointed at.

`check_output` (SPEC §10 "Where an export may go") is used by every command that writes
a file the user names: an export, `profile assess --output`, `team profile --html`.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, NamedTuple, TextIO

from coachcli.errors import CoachError, Terminated, UsageError

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
SQLITE_HEADER = b"SQLite format 3\x00"
TEMP_INFIX = ".tmp-"
CONFIG_NAMES = ("coach.toml", "config.toml")
# Files SQLite keeps beside a database while it is in use; replacing one loses data.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
# ... and the marker that blocks writes to a damaged casebook (store/faults.py).
CASEBOOK_COMPANIONS = (*SQLITE_COMPANIONS, ".damaged")
# A file name may be 255 bytes; the temporary name adds `.tmp-` and eight characters.
_MAX_PREFIX = 200


def make_private_dir(path: Path) -> None:
    """Create `path` and every missing parent as an owner-only folder (0700).

    `Path.mkdir(parents=True)` gives the parents the umask's mode (often 0755), so each
    missing folder is made here, from the top down. Existing folders stay as they are.
    """
    missing = []
    for folder in (path, *path.parents):
        if folder.is_dir():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue  # another process made it a moment ago
        os.chmod(folder, PRIVATE_DIR)  # whatever the umask took away or left


def create_private_file(path: Path) -> bool:
    """Create an empty owner-only file; return False when it already exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


# --- Signals -------------------------------------------------------------------------


@contextlib.contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """While a file is written, SIGTERM and SIGHUP raise `Terminated`, so that `finally`
    and `except` blocks (the removal of a temporary file) run as for Ctrl-C.

    Handlers can only be set in the main thread; elsewhere this does nothing.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Terminated(signum)

    wanted = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {number: signal.signal(number, stop) for number in wanted}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


# --- Temporary files -----------------------------------------------------------------


def temp_prefix(path: Path) -> str:
    """`report.json` → `report.json.tmp-`: a user who finds one sees what it was."""
    return path.name[:_MAX_PREFIX] + TEMP_INFIX


def _lock(fd: int) -> None:
    """Mark a temporary file as being written, for `remove_stale_temps` in other processes."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; stale files are then left for the user
        return
    fcntl.flock(fd, fcntl.LOCK_EX)


def _is_orphan(path: Path) -> bool:
    """True when no process holds the writer's lock on `path` (its writer was killed)."""
    try:
        import fcntl
    except ImportError:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a writer holds it
    finally:
        os.close(fd)
    return True


def stale_temps(path: Path) -> list[Path]:
    """Temporary files of earlier writes to `path` whose writer was killed (SIGKILL, a
    power cut): `<name>.tmp-*`, and `.<name>.*.tmp` as coach named them before. Only
    regular files of this user, not held by a running writer."""
    import glob

    folder = path.parent
    name = glob.escape(path.name[:_MAX_PREFIX])
    candidates = [
        *folder.glob(f"{name}{TEMP_INFIX}*"),
        *folder.glob(f".{glob.escape(path.name)}.*.tmp"),
    ]
    found = []
    for candidate in sorted(set(candidates)):
        try:
            info = candidate.lstat()
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            continue
        if _is_orphan(candidate):
            found.append(candidate)
    return found


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove the orphaned temporary files of `path` (they may hold unredacted text)."""
    removed = []
    for orphan in stale_temps(path):
        with contextlib.suppress(FileNotFoundError):
            orphan.unlink()
            removed.append(orphan)
    return removed


@contextlib.contextmanager
def _temporary(path: Path) -> Iterator[tuple[int, Path]]:
    """An owner-only temporary file beside `path`, locked while it is written, removed on
    any failure or interruption. The caller renames it into place before leaving."""
    import tempfile

    make_private_dir(path.parent)
    with signals_as_exceptions():
        tmp: Path | None = None
        lock = -1
        try:
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix(path))
            tmp = Path(name)
            lock = os.dup(fd)  # the lock lives until the rename, after the file is closed
            _lock(lock)
            yield fd, tmp
        except BaseException:
            if tmp is not None:
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
            raise
        finally:
            if lock >= 0:
                os.close(lock)


def _finish(handle: IO[str] | IO[bytes], tmp: Path, path: Path, mode: int) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one rename; an existing file keeps its mode."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = PRIVATE_FILE
    if is_direct(path) or standard_stream(path) is not None:
        with signals_as_exceptions(), os.fdopen(_open_direct(path), "wb") as handle:
            handle.write(data)
        return
    with _temporary(path) as (fd, tmp), os.fdopen(fd, "wb") as handle:
        handle.write(data)
        _finish(handle, tmp, path, mode)


@contextlib.contextmanager
def atomic_open(
    path: Path, *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[TextIO]:
    """Write a text file as a stream to a temporary name, renamed into place on success.

    A failure, Ctrl-C, SIGTERM or SIGHUP halfway removes the temporary file and leaves
    `path` untouched. A FIFO or a device is written to directly instead.
    """
    if is_direct(path) or standard_stream(path) is not None:
        with (
            signals_as_exceptions(),
            os.fdopen(_open_direct(path), "w", encoding=encoding, newline=newline) as out,
        ):
            yield out
        return
    with (
        _temporary(path) as (fd, tmp),
        os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle,
    ):
        yield handle
        _finish(handle, tmp, path, PRIVATE_FILE)


def _open_direct(path: Path) -> int:
    """Open a FIFO or a device to write into as it is; a FIFO waits here for its reader,
    as `cat > fifo` does. Without O_TRUNC, and checked once open: had the name been
    swapped for a regular file (the casebook, say) since it was checked, it is left as it
    was instead of being emptied. This process's stdout or stderr is the stream itself,
    whatever it is (a file the shell appends to, say)."""
    number = standard_stream(path)
    if number is not None:
        return os.dup(number)
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    if stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise CoachError("error.output_swapped", path=path)
    return fd


# --- Where a file may go -------------------------------------------------------------


def is_direct(path: Path) -> bool:
    """A FIFO, a character device or a socket: written to as it is, never replaced."""
    try:
        mode = path.stat().st_mode  # follows links: /dev/stdout is one
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)


def standard_stream(path: Path) -> int | None:
    """1 or 2 when `path` names this process's stdout or stderr (`/dev/stdout`,
    `/dev/fd/1`, `/proc/self/fd/1`): those are written through the stream coach already
    has, since opening the name anew would truncate a file the shell appends to."""
    text = os.path.normpath(str(path))
    for number, name in ((1, "stdout"), (2, "stderr")):
        if text in (f"/dev/{name}", f"/dev/fd/{number}", f"/proc/self/fd/{number}"):
            return number
    return None


class Guarded(NamedTuple):
    """The files an output must never replace, besides any SQLite database."""

    casebook: Path | None = None
    config_files: tuple[Path, ...] = ()
    profiles_dir: Path | None = None


def _same(a: Path, b: Path) -> bool:
    """The same file: by identity when both exist, else by their resolved paths."""
    with contextlib.suppress(OSError):
        return os.path.samefile(a, b)
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def _sqlite_header(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def check_output(
    target: Path, guarded: Guarded, *, flag: str = "--output", profiles_ok: bool = False
) -> None:
    """Refuse an output that would replace the casebook in use, any SQLite database, a
    profile or a config file: a UsageError (exit 2) that names the file; nothing changes.

    Exit 2, because only the command line can mend it: the same `--output` would be
    refused every time, as Typer refuses a folder given where a file is wanted.
    `profiles_ok` is for `profile assess`, whose output is a profile.
    """
    if standard_stream(target) is not None:
        return
    if is_direct(target):
        # Another user's FIFO or socket in a shared folder (/tmp) would receive the
        # export; as a rename never could replace it there, writing into it is refused.
        info = target.stat()
        if not stat.S_ISCHR(info.st_mode) and info.st_uid != os.geteuid():
            raise CoachError("error.output_not_yours", path=target)
        return
    refusal = _refusal(target, guarded, profiles_ok=profiles_ok)
    if refusal is not None:
        raise UsageError(f"error.output_{refusal}", flag=flag, path=target)
    if target.is_file() and not os.access(target, os.W_OK):
        raise CoachError("error.output_readonly", path=target)


def _refusal(target: Path, guarded: Guarded, *, profiles_ok: bool) -> str | None:
    """What `target` is that an output must not replace, or None."""
    if target.name in ("", ".", "..") or target.is_dir():
        return "folder"
    casebook = guarded.casebook
    companions = [target.with_name(target.name.removesuffix(s)) for s in SQLITE_COMPANIONS]
    checks: list[tuple[str, Callable[[], bool]]] = [
        (
            "casebook",
            lambda: (
                casebook is not None
                and any(
                    _same(target, casebook.with_name(casebook.name + suffix))
                    for suffix in ("", *CASEBOOK_COMPANIONS)
                )
            ),
        ),
        (
            "database",
            lambda: (
                (target.is_file() and _sqlite_header(target))
                or any(base != target and _sqlite_header(base) for base in companions)
            ),
        ),
        (
            "config",
            lambda: (
                target.name.lower() in CONFIG_NAMES
                or any(_same(target, config) for config in guarded.config_files)
            ),
        ),
    ]
    for name, applies in checks:
        if applies():
            return name
    if profiles_ok or target.suffix.lower() != ".toml":
        return None
    in_use = guarded.profiles_dir is not None and _same(target.parent, guarded.profiles_dir)
    if target.exists() and (in_use or target.parent.name == "profiles"):
        return "profile"
    # A new *.toml in the profiles folder would be read as a profile by `team profile`.
    return "profiles_folder" if in_use else None


@contextlib.contextmanager
def output_errors(target: Path) -> Iterator[None]:
    """An OS error while writing `target` (a full disk, a FIFO whose reader left) names
    it. Errors that already name a file of their own pass through unchanged."""
    try:
        yield
    except OSError as error:
        named = error.filename is not None and not Path(str(error.filename)).name.startswith(
            target.name
        )
        if named:
            raise
        raise CoachError(
            "error.output_failed", path=target, problem=error.strerror or type(error).__name__
        ) from None


def clear_orphans(target: Path, notify: Callable[[list[Path]], None]) -> None:
    """Remove the orphans of earlier writes to `target`, and tell the user which."""
    removed = remove_stale_temps(target)
    if removed:
        notify(removed)
