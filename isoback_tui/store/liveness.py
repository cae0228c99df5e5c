"""Liveness locks: "a running isoback owns this session".

The process that runs a session holds an exclusive, non-blocking lock on
`<session>.lock` for as long as it runs it. The operating system drops the
lock when the process dies, however it dies (kill -9, SIGHUP, a closed
terminal), so any other process can tell a live session from an orphan by
trying to take the lock.

On POSIX this uses flock(2) directly, because the lock file is deleted when
the session leaves the running area: after taking the lock we check that
the file we locked is still the one at the path, so a process that opened
the file just before its deletion can never believe it holds the lock.
Elsewhere it falls back to filelock and leaves lock files in place.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from isoback_tui.store.atomic import FILE_MODE

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]


class SessionLock:
    """An exclusive lock on one lock file, taken without waiting."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._fallback: object | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None or self._fallback is not None

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; True when this object now holds it.

        Raises OSError when the lock file cannot be created or opened.
        """
        if self.held:
            return True
        if fcntl is None:  # pragma: no cover - not POSIX
            return self._try_acquire_fallback()
        for _attempt in range(3):
            outcome = self._try_flock()
            if outcome is not None:
                return outcome
        return False

    def _try_flock(self) -> bool | None:
        """One attempt: True (held), False (someone holds it), None (file replaced: retry)."""
        assert fcntl is not None
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(self.path, flags, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        except BaseException:
            os.close(fd)
            raise
        try:
            same_file = os.path.samestat(os.fstat(fd), os.stat(self.path))
        except OSError:
            same_file = False
        if not same_file:  # deleted (and maybe re-created) between our open and our flock
            os.close(fd)
            return None
        self._fd = fd
        return True

    def release(self, *, remove_file: bool = False) -> None:
        """Let go of the lock (idempotent); with `remove_file`, delete the lock file first."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            if remove_file:
                with suppress(OSError):
                    os.unlink(self.path)
            os.close(fd)  # closing drops the flock
        elif self._fallback is not None:  # pragma: no cover - not POSIX
            lock, self._fallback = self._fallback, None
            lock.release()  # type: ignore[attr-defined]

    def _try_acquire_fallback(self) -> bool:  # pragma: no cover - not POSIX
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.path), mode=FILE_MODE, thread_local=False)
        try:
            lock.acquire(blocking=False)
        except Timeout:
            return False
        self._fallback = lock
        return True
