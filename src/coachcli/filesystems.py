"""Which file system a path lies on, and whether SQLite can trust it (SPEC §8, §16).

SQLite's WAL needs a local disk: its shared memory (`-shm`) and locks do not work across
machines, so a casebook on NFS, SMB/CIFS or the FUSE mount of a sync service (OneDrive,
Google Drive, rclone, sshfs) can lose cases or be damaged. `coach doctor` warns about it.

On Linux the answer comes from /proc/self/mountinfo; elsewhere (macOS, the BSDs) from the
output of `mount`, which lists each mount's type. Both are parsed by pure functions.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "afpfs",
        "9p", "ceph", "glusterfs", "lustre", "gpfs", "davfs", "webdav", "sshfs", "fuse",
        "osxfuse", "macfuse", "fusefs",
    }
)  # fmt: skip
# FUSE file systems that are local disks, not a network or a sync service.
LOCAL_FUSE = frozenset({"fuse.lxcfs", "fuse.ntfs-3g", "fuse.squashfuse", "fuse.fuse-overlayfs"})


def is_network(kind: str) -> bool:
    """True for a network file system or a (non-local) FUSE mount."""
    kind = kind.lower()
    if kind in LOCAL_FUSE:
        return False
    return kind in NETWORK or kind.startswith(("fuse.", "fusefs.", "nfs"))


def file_system(path: Path) -> str | None:
    """The type of the file system holding `path` (`ext4`, `nfs4`, `fuse.rclone`), or
    None when it cannot be told."""
    where = os.path.realpath(path if path.exists() else path.parent)
    if _platform().startswith("linux"):
        try:
            text = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        return from_mountinfo(text, where)
    if os.name != "posix":
        return None
    import subprocess

    try:
        listing = subprocess.run(
            ["mount"], capture_output=True, text=True, timeout=5, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return from_mount_listing(listing, where)


def _platform() -> str:
    return sys.platform  # a call, so that type checkers on Linux keep the other branch


def _contains(mount_point: str, path: str) -> bool:
    return mount_point in ("/", path) or path.startswith(mount_point + "/")


def _unescape(field: str) -> str:
    """mountinfo writes a space in a path as `\\040`, a tab as `\\011`, and so on."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1 : i + 4].isdigit():
            out.append(chr(int(field[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def from_mountinfo(text: str, path: str) -> str | None:
    """The type of the innermost mount holding `path`, from /proc/self/mountinfo.

    A line: `id parent major:minor root mount-point options [optional...] - type source
    super-options`. Of two mounts on one point the later one is on top.
    """
    best: tuple[int, str] | None = None
    for line in text.splitlines():
        fields = line.split()
        if " - " not in line or len(fields) < 5:
            continue
        mount_point = _unescape(fields[4])
        kind = line.split(" - ", 1)[1].split()[0]
        if _contains(mount_point, path) and (best is None or len(mount_point) >= best[0]):
            best = (len(mount_point), kind)
    return best[1] if best else None


def from_mount_listing(text: str, path: str) -> str | None:
    """The same from `mount` on macOS and the BSDs: `source on /point (type, options)`."""
    best: tuple[int, str] | None = None
    for line in text.splitlines():
        head, sep, tail = line.rpartition(" (")
        if not sep or " on " not in head:
            continue
        mount_point = head.split(" on ", 1)[1]
        kind = tail.split(",")[0].rstrip(")").strip()
        if _contains(mount_point, path) and (best is None or len(mount_point) >= best[0]):
            best = (len(mount_point), kind)
    return best[1] if best else None
