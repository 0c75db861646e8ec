"""Writing files so that nothing is ever half-written or readable by others (SPEC §13).

Case notes hold customers' personal data, so everything coach creates is owner-only:
files 0600, folders 0700. A rewrite goes to a temporary name in the same folder and is
renamed over the target, which is atomic on POSIX.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def make_private_dir(path: Path) -> None:
    """Create `path` and missing parents as owner-only folders; existing ones stay as they are."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one rename; an existing file keeps its mode."""
    import tempfile

    make_private_dir(path.parent)
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = PRIVATE_FILE
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def create_private_file(path: Path) -> bool:
    """Create an empty owner-only file; return False when it already exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


@contextlib.contextmanager
def atomic_open(
    path: Path, *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[TextIO]:
    """Write a text file as a stream to a temporary name, renamed into place on success.

    A failure (or Ctrl-C) halfway removes the temporary file and leaves `path` untouched.
    """
    import tempfile

    make_private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
