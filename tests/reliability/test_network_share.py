"""R5: a store on a network location is refused for writing, with a message naming PostgreSQL.

The decision (app/store/location.py) is tested on sample mount tables of Linux and macOS, UNC paths
and Windows drive types, so it runs the same on any machine; ``open_store`` is tested with an
injected detector (a real network share is tried by hand: see the issue). Opening read-only stays
allowed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.store.errors import StoreOnNetwork
from app.store.location import (
    is_network_path,
    is_unc,
    mount_of,
    parse_mount_output,
    parse_mountinfo,
)
from app.store.migrate import open_store

MOUNTINFO = r"""22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro
25 22 0:22 / /dev/shm rw,nosuid,nodev shared:3 - tmpfs tmpfs rw
26 22 0:23 / /tmp rw,nosuid,nodev shared:4 - tmpfs tmpfs rw,size=4096k
40 22 0:40 / /home/sekretaer/Dokumenter rw,relatime shared:20 - cifs //fil01/hjem$/sekretaer rw,vers=3.1.1
41 22 0:41 / /mnt/nfs rw,relatime shared:21 - nfs4 fil02:/export/mvk rw,vers=4.2
42 22 0:42 / /mnt/gammel rw,relatime shared:22 - nfs fil03:/data rw,vers=3
43 22 0:43 / /home/sekretaer/server rw,nosuid,nodev,relatime shared:23 - fuse.sshfs sekretaer@fil04:/data rw
44 22 0:44 / /mnt/med\040mellemrum rw,relatime shared:24 - smb3 //fil05/del rw
45 22 0:45 / /var/lib/docker/overlay2/x/merged rw,relatime - overlay overlay rw,lowerdir=/a
46 40 0:46 / /home/sekretaer/Dokumenter/lokal rw,relatime shared:25 - ext4 /dev/sdb1 rw
47 22 0:47 / /mnt/9p rw,relatime - 9p drvfs rw
48 22 0:48 / /mnt/btrfs rw,relatime - btrfs /dev/sdc1 rw
"""

MACOS_MOUNT = """/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
devfs on /dev (devfs, local, nobrowse)
/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse)
//sekretaer@fil01/hjem on /Volumes/hjem (smbfs, nodev, nosuid, mounted by sekretaer)
fil02:/export on /Volumes/export (nfs, asynchronous)
"""


@pytest.mark.parametrize(
    ("path", "network"),
    [
        ("/home/sekretaer/Dokumenter/mvk.sqlite", True),  # a redirected Documents folder (CIFS)
        ("/home/sekretaer/Dokumenter/undermappe/ny/mvk.sqlite", True),  # not made yet
        ("/mnt/nfs/mvk.sqlite", True),
        ("/mnt/gammel/mvk.sqlite", True),
        ("/home/sekretaer/server/mvk.sqlite", True),  # sshfs
        ("/mnt/med mellemrum/mvk.sqlite", True),  # an escaped mount point
        ("/mnt/9p/mvk.sqlite", True),
        ("/home/sekretaer/Dokumenter/lokal/mvk.sqlite", False),  # a local disk mounted inside
        ("/home/sekretaer/.local/share/mvk/mvk.sqlite", False),  # ext4
        ("/tmp/mvk.sqlite", False),  # tmpfs
        ("/dev/shm/mvk.sqlite", False),
        ("/var/lib/docker/overlay2/x/merged/mvk.sqlite", False),  # overlay
        ("/mnt/btrfs/mvk.sqlite", False),
        ("/mnt/nfsx/mvk.sqlite", False),  # a name that only starts like a network mount
    ],
)
def test_linux_mount_table_decides(path: str, network: bool) -> None:
    assert is_network_path(path, mountinfo=MOUNTINFO, platform="linux") is network


def test_mountinfo_is_parsed_with_escapes_and_optional_fields() -> None:
    mounts = parse_mountinfo(MOUNTINFO + "garbage line\n\n")
    assert len(mounts) == 12
    assert mount_of("/mnt/med mellemrum/x", mounts).fstype == "smb3"  # type: ignore[union-attr]
    assert mounts[3].source == "//fil01/hjem$/sekretaer"


@pytest.mark.parametrize(
    ("path", "network"),
    [
        ("/Volumes/hjem/mvk.sqlite", True),
        ("/Volumes/export/mvk.sqlite", True),
        ("/Users/sekretaer/Library/Application Support/mvk/mvk.sqlite", False),
    ],
)
def test_macos_mount_output_decides(path: str, network: bool) -> None:
    assert len(parse_mount_output(MACOS_MOUNT)) == 5
    assert is_network_path(path, mountinfo=MACOS_MOUNT, platform="darwin") is network


@pytest.mark.parametrize(
    ("path", "network"),
    [
        (r"\\fil01\hjem\mvk.sqlite", True),
        ("//fil01/hjem/mvk.sqlite", True),
        (r"\\?\UNC\fil01\hjem\mvk.sqlite", True),
        (r"\\?\C:\Users\sekretaer\mvk.sqlite", False),
        (r"\\.\PhysicalDrive0", False),
        (r"C:\Users\sekretaer\AppData\Local\mvk\mvk.sqlite", False),
        ("/home/sekretaer/mvk.sqlite", False),
    ],
)
def test_unc_paths(path: str, network: bool) -> None:
    assert is_unc(path) is network


def test_windows_mapped_network_drive_is_network() -> None:
    types = {"Z:\\": 4, "C:\\": 3, "E:\\": 2}  # DRIVE_REMOTE, DRIVE_FIXED, DRIVE_REMOVABLE
    seen: list[str] = []

    def drive_type(root: str) -> int:
        seen.append(root)
        return types[root.upper()]

    assert is_network_path(r"Z:\MVK\mvk.sqlite", platform="win32", drive_type=drive_type)
    assert not is_network_path(r"C:\Users\s\mvk.sqlite", platform="win32", drive_type=drive_type)
    assert not is_network_path(r"e:\mvk.sqlite", platform="win32", drive_type=drive_type)
    assert is_network_path(r"\\fil01\hjem\mvk.sqlite", platform="win32", drive_type=drive_type)
    assert seen == ["Z:\\", "C:\\", "e:\\"]


def test_this_machines_test_folder_is_local(tmp_path: Path) -> None:
    """The real mount table is read (on Linux) and the test folder is not on a network share."""
    assert is_network_path(tmp_path / "mvk.sqlite") is False


def test_open_store_refuses_a_store_on_a_network_share_and_names_postgres(tmp_path: Path) -> None:
    path = tmp_path / "share" / "mvk.sqlite"
    asked: list[Path] = []

    def on_network(candidate: Path) -> bool:
        asked.append(candidate)
        return True

    with pytest.raises(StoreOnNetwork) as refused:
        open_store(f"sqlite:///{path}", on_network=on_network)
    assert asked == [path]
    assert not path.parent.exists()  # nothing was made there
    message = refused.value.message("da")
    assert f"Lageret «{path}» ligger på et netværksdrev" in message
    assert "Flere brugere, der deler data, bruger PostgreSQL" in message
    assert "mvk --db postgresql+psycopg://bruger@server/mvk" in message
    assert "PostgreSQL" in refused.value.message("en")


def test_a_store_on_a_network_share_opens_read_only(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mvk.sqlite'}"
    open_store(url).dispose()
    with pytest.raises(StoreOnNetwork):
        open_store(url, on_network=lambda _path: True)
    for readonly_url, flag in ((f"{url}?mode=ro", False), (url, True)):
        store = open_store(readonly_url, readonly=flag, on_network=lambda _path: True)
        try:
            assert store.readonly
        finally:
            store.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_postgres_is_never_asked_about(store_url: str) -> None:
    def on_network(_path: Path) -> bool:
        raise AssertionError("a server store has no file to check")

    store = open_store(store_url, on_network=on_network)
    try:
        assert not store.readonly
    finally:
        store.dispose()
