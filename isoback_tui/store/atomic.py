"""Atomic file writes and the clean-up of what a killed write leaves behind.

A write goes to a temporary file in the same folder, named
`.<target>.tmp-<pid>-<random>`, which is flushed and fsynced, renamed over the
target (atomic on POSIX) and followed by an fsync of the folder. Readers
therefore see the old file or the new one, never half of either. A process
killed mid-write leaves only its temporary file, which `remove_stale_temps`
deletes later; nothing ever reads a temporary file.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Final

FILE_MODE: Final = 0o600
FOLDER_MODE: Final = 0o700
STALE_AFTER_S: Final = 600.0
"""A temporary file whose writer we cannot see is stale after this long."""

_TEMP_RE: Final = re.compile(r"^\.(?P<target>.+)\.tmp-(?P<pid>\d+)-(?P<rand>[0-9a-f]{8})$")


def temp_path_for(target: Path) -> Path:
    """A fresh temporary path beside `target`, recognisable as ours by its name."""
    return target.with_name(f".{target.name}.tmp-{os.getpid()}-{os.urandom(4).hex()}")


def ensure_folder(folder: Path) -> None:
    """Create `folder` and each missing parent, every one readable by the owner only."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir(mode=FOLDER_MODE, exist_ok=True)


def write_atomic(target: Path, data: bytes | Iterable[bytes]) -> None:
    """Replace `target` with `data` (bytes, or chunks of them) so no reader sees a partial file.

    The new file has mode 0600. A symlink at `target` is followed, so the
    file it points to is replaced and the link kept. Raises OSError; on
    failure the old file is untouched and the temporary file removed.
    """
    target = Path(os.path.realpath(target))
    temp = temp_path_for(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(temp, flags, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
    fsync_folder(target.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders can't be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but is not ours, or the platform can't say
    return True


def remove_stale_temps(
    folder: Path, *, target_name: str | None = None, writer_lock_held: bool = False
) -> int:
    """Delete temporary files a killed write left in `folder`; return how many.

    Only names made by `temp_path_for` are touched (for `target_name` only,
    when given). With `writer_lock_held` the caller holds the lock every
    writer of that target holds, so all of them are stale; otherwise a file
    is stale when its process is gone or it is older than STALE_AFTER_S.
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    removed = 0
    now = time.time()
    for name in names:
        match = _TEMP_RE.match(name)
        if match is None or (target_name is not None and match["target"] != target_name):
            continue
        path = folder / name
        if not writer_lock_held:
            try:
                age = now - path.lstat().st_mtime
            except OSError:
                continue
            pid = int(match["pid"])
            stale = age > STALE_AFTER_S or (pid != os.getpid() and not _pid_alive(pid))
            if not stale:
                continue
        with suppress(OSError):
            path.unlink()
            removed += 1
    return removed
