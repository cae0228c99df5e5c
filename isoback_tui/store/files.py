"""Only regular files are histories: checking a path before anything opens it.

`--db` may name anything: a folder, a named pipe (opening it for reading
waits for a writer forever), /dev/zero (reading it never ends), a device
node or a symbolic link to one (replacing it with a regular file, as root,
would break the system). `check_regular` says in one sentence what such a
path is, without opening it; `open_text` opens a file for reading in a way
that can't block and checks again what it opened, so a path swapped in
between is caught too. Neither imports TinyDB: the app calls this before it
draws.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Final, TextIO

from isoback_tui.store.errors import HistoryFileError

HISTORY_FILE: Final = "the history file"

_O_NONBLOCK: Final = getattr(os, "O_NONBLOCK", 0)
_O_CLOEXEC: Final = getattr(os, "O_CLOEXEC", 0)


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
        raise HistoryFileError(path, f"cannot be used: {_reason(error)}", what=what) from None
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
        raise HistoryFileError(path, f"cannot be read: {_reason(error)}", what=what) from None
    try:
        problem = not_regular(os.fstat(fd).st_mode)
        if problem:
            raise HistoryFileError(path, problem, what=what)
        return open(fd, encoding=encoding, newline=newline)  # noqa: SIM115 - the caller closes
    except BaseException:
        os.close(fd)
        raise


def _reason(error: OSError) -> str:
    """An OSError as a few lower-case words ("no such device")."""
    return error.strerror.lower() if error.strerror else str(error)
