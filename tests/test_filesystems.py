"""Which file system holds the casebook (SPEC §8): a network or sync mount is a finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachcli.filesystems import file_system, from_mount_listing, from_mountinfo, is_network

# Lines as Linux writes them in /proc/self/mountinfo (a space in a path is `\040`).
MOUNTINFO = r"""
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
40 27 0:51 / /home/sanne/net rw,relatime shared:5 - nfs4 filer:/export/zorg rw,vers=4.2
41 40 0:52 / /home/sanne/net/local rw,relatime - ext4 /dev/vdb rw
42 27 0:53 / /home/sanne/OneDrive\040Zorg rw,nosuid,nodev - fuse.rclone onedrive: rw,user_id=1000
43 27 0:54 / /mnt/team rw - cifs //server/team rw,vers=3.1.1
44 27 0:55 / /mnt/usb rw - fuseblk /dev/sdb1 rw
45 27 0:56 / /mnt/usb2 rw - fuse.ntfs-3g /dev/sdc1 rw
"""


@pytest.mark.parametrize(
    ("path", "kind", "network"),
    [
        ("/home/sanne/casebook.db", "ext4", False),
        ("/home/sanne/net/zorg/casebook.db", "nfs4", True),
        ("/home/sanne/net/local/casebook.db", "ext4", False),  # a local disk mounted inside
        ("/home/sanne/network/casebook.db", "ext4", False),  # only a prefix of the name
        ("/home/sanne/OneDrive Zorg/casebook.db", "fuse.rclone", True),
        ("/mnt/team/casebook.db", "cifs", True),
        ("/mnt/usb/casebook.db", "fuseblk", False),
        ("/mnt/usb2/casebook.db", "fuse.ntfs-3g", False),
    ],
)
def test_the_innermost_mount_decides(path: str, kind: str, network: bool) -> None:
    assert from_mountinfo(MOUNTINFO, path) == kind
    assert is_network(kind) is network


def test_macos_mount_listing() -> None:
    listing = (
        "/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n"
        "/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse)\n"
        "//sanne@filer/zorg on /Volumes/zorg (smbfs, nodev, nosuid, mounted by sanne)\n"
    )
    assert from_mount_listing(listing, "/Volumes/zorg/casebook.db") == "smbfs"
    assert from_mount_listing(listing, "/System/Volumes/Data/Users/sanne/x.db") == "apfs"
    assert is_network("smbfs") and not is_network("apfs")


def test_this_machines_temporary_folder_is_found_and_local(tmp_path: Path) -> None:
    kind = file_system(tmp_path / "casebook.db")
    assert kind is not None
    assert not is_network(kind)
