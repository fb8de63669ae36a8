"""Whether a store file lies on a network location, where SQLite must not be written.

SQLite's locking relies on the file system; network file systems (SMB/CIFS, NFS, sshfs, …) implement
it badly or not at all, and WAL mode needs shared memory on one machine. Hospital PCs often redirect
folders to a server, so the program checks where the file really is:

- a UNC path (``\\\\server\\share\\…`` or ``//server/share/…``) is a network path everywhere;
- on Windows, a drive letter whose type is ``DRIVE_REMOTE`` (a mapped network drive);
- on Linux, the file system type of the mount that holds the file (``/proc/self/mountinfo``);
  on macOS and the BSDs, the same from the output of ``mount``.

Every source of facts can be passed in (``mountinfo``, ``platform``, ``drive_type``), so the decision
is tested on sample texts on any machine.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "ncpfs",
        "ncp",
        "afs",
        "openafs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "beegfs",
        "coda",
        "davfs",
        "webdav",
        "afpfs",
        "sshfs",
        "fuse.sshfs",
        "fuse.ceph",
        "fuse.glusterfs",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.smbnetfs",
        "fuse.gvfsd-fuse",
    }
)
"""File system types (as Linux and macOS name them) that live on another machine."""

DRIVE_REMOTE = 4
"""``GetDriveTypeW``'s answer for a network drive."""


@dataclass(frozen=True)
class Mount:
    mount_point: str
    fstype: str
    source: str = ""


def is_network_fstype(fstype: str) -> bool:
    return fstype.strip().lower() in NETWORK_FILESYSTEMS


def _unescape(field: str) -> str:
    """Undo the octal escapes of /proc/self/mountinfo (``\\040`` is a space)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def parse_mountinfo(text: str) -> list[Mount]:
    """The mounts of a Linux ``/proc/self/mountinfo`` text (malformed lines are skipped).

    A line: ``id parent major:minor root mount-point options [optional…] - fstype source super``.
    """
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if "-" not in fields:
            continue
        dash = fields.index("-")
        if dash < 6 or len(fields) < dash + 2:
            continue
        source = _unescape(fields[dash + 2]) if len(fields) > dash + 2 else ""
        mounts.append(Mount(_unescape(fields[4]), fields[dash + 1], source))
    return mounts


_MOUNT_LINE = re.compile(r"^(?P<source>.+?) on (?P<point>/.*?) \((?P<fstype>[^,)]+)")


def parse_mount_output(text: str) -> list[Mount]:
    """The mounts in the output of ``mount`` on macOS and the BSDs.

    A line: ``//user@server/share on /Volumes/share (smbfs, nodev, nosuid, mounted by user)``.
    """
    mounts = []
    for line in text.splitlines():
        match = _MOUNT_LINE.match(line.strip())
        if match:
            mounts.append(Mount(match["point"], match["fstype"].strip(), match["source"]))
    return mounts


def mount_of(path: str, mounts: Iterable[Mount]) -> Mount | None:
    """The mount that holds ``path`` (an absolute POSIX path): the longest matching mount point.

    With several mounts on the same point the last one (the one on top) counts.
    """
    parts = PurePosixPath(path).parts
    best: Mount | None = None
    best_depth = -1
    for mount in mounts:
        point = PurePosixPath(mount.mount_point).parts
        if parts[: len(point)] == point and len(point) >= best_depth:
            best, best_depth = mount, len(point)
    return best


def is_unc(path: str) -> bool:
    """Whether ``path`` names a server share: ``\\\\server\\share``, ``//server/share`` or
    ``\\\\?\\UNC\\server\\share`` (but not the local ``\\\\?\\C:\\`` or ``\\\\.\\`` device forms)."""
    text = path.replace("/", "\\")
    if text.upper().startswith("\\\\?\\UNC\\"):
        return True
    if text.startswith(("\\\\?\\", "\\\\.\\")):
        return False
    return text.startswith("\\\\") and len(text) > 2 and text[2] != "\\"


def _windows_drive_type(root: str) -> int:
    if sys.platform == "win32":
        import ctypes

        return int(ctypes.windll.kernel32.GetDriveTypeW(root))
    return 0


def _mount_table(platform: str) -> list[Mount] | None:
    """This machine's mounts; None when they cannot be read (then nothing is called network)."""
    if platform.startswith("linux"):
        try:
            with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as handle:
                return parse_mountinfo(handle.read())
        except OSError:
            return None
    if platform == "darwin" or "bsd" in platform:
        for command in ("/sbin/mount", "/usr/sbin/mount"):
            if not os.path.exists(command):
                continue
            try:
                done = subprocess.run(
                    [command], capture_output=True, text=True, timeout=5, check=False
                )
            except (OSError, subprocess.SubprocessError):
                return None
            return parse_mount_output(done.stdout)
    return None


def _absolute(path: str) -> str:
    """The path with symbolic links resolved as far as it exists (the file may not exist yet)."""
    return os.path.realpath(os.path.abspath(path))


def is_network_path(
    path: str | os.PathLike[str],
    *,
    mountinfo: str | None = None,
    platform: str | None = None,
    drive_type: Callable[[str], int] | None = None,
) -> bool:
    """Whether the file at ``path`` lies on a network location.

    ``mountinfo``: a Linux mountinfo text (or, on macOS, the output of ``mount``) instead of this
    machine's; ``platform``: a ``sys.platform`` value; ``drive_type``: ``GetDriveTypeW`` for a
    Windows drive root such as ``Z:\\``.
    """
    raw = os.fspath(path)
    if is_unc(raw):
        return True
    platform = platform or sys.platform
    if platform == "win32":
        drive = PureWindowsPath(raw).drive
        if len(drive) == 2 and drive[1] == ":":
            return (drive_type or _windows_drive_type)(drive + "\\") == DRIVE_REMOTE
        return False
    if mountinfo is not None:
        parse = parse_mountinfo if " - " in mountinfo else parse_mount_output
        mounts: list[Mount] | None = parse(mountinfo)
        where = os.path.abspath(raw)
    else:
        mounts = _mount_table(platform)
        where = _absolute(raw)
    if not mounts:
        return False
    mount = mount_of(where, mounts)
    return mount is not None and is_network_fstype(mount.fstype)


def network_check(path: Path) -> bool:
    """The check :func:`app.store.migrate.open_store` runs by default."""
    return is_network_path(path)


__all__ = [
    "NETWORK_FILESYSTEMS",
    "Mount",
    "is_network_fstype",
    "is_network_path",
    "is_unc",
    "mount_of",
    "network_check",
    "parse_mount_output",
    "parse_mountinfo",
]
