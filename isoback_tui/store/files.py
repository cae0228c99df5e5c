"""The history's file helpers: only regular files, atomic writes, one wording of a problem.

`--db` may name anything: a folder, a named pipe (opening it for reading
waits for a writer forever), /dev/zero (reading it never ends), a device
node or a symbolic link to one (replacing it with a regular file, as root,
would break the system). `check_regular` says in one sentence what such a
path is, without opening it; `open_text` opens a file for reading in a way
that can't block and checks again what it opened, so a path swapped in
between is caught too. Neither imports TinyDB: the app calls this before it
draws.

A write goes to a temporary file in the same folder, named
`.<target>.tmp-<pid>-<random>`, which is flushed and fsynced, renamed over the
target (atomic on POSIX) and followed by an fsync of the folder. Readers
therefore see the old file or the new one, never half of either. A process
killed mid-write leaves only its temporary file, which `remove_stale_temps`
deletes later; nothing ever reads a temporary file.

Every problem with a file is a `HistoryFileError` whose sentence is "<what>
<path> <problem>", the problem worded here (`reason`, `describe_json_error`).
"""

from __future__ import annotations

import json
import os
import re
import stat
import time
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any, Final, TextIO

from isoback_tui.store.errors import HistoryFileError

HISTORY_FILE: Final = "the history file"
FILE_MODE: Final = 0o600
FOLDER_MODE: Final = 0o700
STALE_AFTER_S: Final = 600.0
"""A temporary file whose writer we cannot see is stale after this long."""
TOO_LONG_NUMBER: Final = "is damaged: it holds a number of over 4,300 digits"

_O_NONBLOCK: Final = getattr(os, "O_NONBLOCK", 0)
_O_CLOEXEC: Final = getattr(os, "O_CLOEXEC", 0)
_TEMP_RE: Final = re.compile(r"^\.(?P<target>.+)\.tmp-(?P<pid>\d+)-(?P<rand>[0-9a-f]{8})$")


def check_regular(path: Path, what: str = HISTORY_FILE) -> None:
    """Raise HistoryFileError unless `path` is a regular file or nothing exists there yet.

    A symbolic link is judged by what it points to. Nothing is opened or changed.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return  # nothing there yet (or a link to nothing): the first write creates it
    except PermissionError:
        raise HistoryFileError(path, "cannot be read: permission denied", what=what) from None
    except OSError as error:
        raise HistoryFileError(path, f"cannot be used: {reason(error)}", what=what) from None
    problem = not_regular(mode)
    if problem:
        raise HistoryFileError(path, problem, what=what)


def not_regular(mode: int) -> str | None:
    """What a file of this `st_mode` is, as "is a folder, not a file"; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return "is not a regular file"


def open_text(
    path: Path, *, what: str = HISTORY_FILE, encoding: str = "utf-8-sig", newline: str | None = ""
) -> TextIO | None:
    """`path` opened for reading as text, or None when it is missing.

    Never blocks (a named pipe is refused, not waited on) and never reads
    anything but a regular file; HistoryFileError naming the file otherwise.
    """
    check_regular(path, what)
    try:
        fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | _O_CLOEXEC)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise HistoryFileError(path, "is a folder, not a file", what=what) from None
    except PermissionError:
        raise HistoryFileError(path, "cannot be read: permission denied", what=what) from None
    except OSError as error:
        raise HistoryFileError(path, f"cannot be read: {reason(error)}", what=what) from None
    try:
        problem = not_regular(os.fstat(fd).st_mode)
        if problem:
            raise HistoryFileError(path, problem, what=what)
        return open(fd, encoding=encoding, newline=newline)  # noqa: SIM115 - the caller closes
    except BaseException:
        os.close(fd)
        raise


def read_text(path: Path, what: str = HISTORY_FILE) -> str | None:
    """The file's text, or None when there is no file; HistoryFileError otherwise.

    `what` starts the error's sentence ("the history file", "the import file").
    Only a regular file is read (see `check_regular`): a named pipe or a device
    is refused at once, never waited on or read without end.
    """
    handle = open_text(path, what=what)
    if handle is None:
        return None
    try:
        # Text mode decodes as it reads, so the file is never in memory twice.
        with handle:
            return handle.read()
    except UnicodeDecodeError:
        raise HistoryFileError(path, "is not a text file (it is not UTF-8)", what=what) from None
    except OSError as error:
        raise HistoryFileError(path, f"cannot be read: {reason(error)}", what=what) from None


def parse_json(text: str, path: Path, what: str = HISTORY_FILE) -> Any:
    """`text`, the content of the file at `path`, parsed; HistoryFileError saying what is wrong."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise HistoryFileError(path, describe_json_error(error, text), what=what) from None
    except RecursionError:
        raise HistoryFileError(path, "is not valid JSON (nested too deeply)", what=what) from None
    except ValueError:  # Python refuses to read integers of over 4,300 digits
        raise HistoryFileError(path, TOO_LONG_NUMBER, what=what) from None


def describe_json_error(error: json.JSONDecodeError, text: str) -> str:
    """The part of a sentence that says what is wrong with the JSON in a file."""
    where = f"line {error.lineno}, column {error.colno}"
    if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
        return f"is cut short: its JSON stops in the middle ({where})"
    return f"is not valid JSON ({where}: {error.msg})"


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


def reason(error: OSError) -> str:
    """An OSError as a few lower-case words ("no space left on device")."""
    return error.strerror.lower() if error.strerror else str(error)
