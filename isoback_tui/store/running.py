"""The running area: one small file per session under way, and the lock that says it is live.

A running session is saved after every rep to `<db>.running/<name>.json`
(atomically, a few hundred bytes), so the cost of a save does not depend on
the size of the history. Beside it, `<name>.lock` is the session's liveness
lock (`SessionLock`). When the session ends it moves into the main history
and both files go.

A file whose lock nobody holds belongs to a process that died: `scan` shows
it as `interrupted`, and `adopt_orphans` hands it over to be moved into the
main history. A file whose lock is held is never touched.

The liveness lock: the process that runs a session holds an exclusive,
non-blocking lock on `<name>.lock` for as long as it runs it. The operating
system drops the lock when the process dies, however it dies (kill -9,
SIGHUP, a closed terminal), so any other process can tell a live session
from an orphan by trying to take the lock. On POSIX this uses flock(2)
directly, because the lock file is deleted when the session leaves the
running area: after taking the lock we check that the file we locked is
still the one at the path, so a process that opened the file just before
its deletion can never believe it holds the lock. Elsewhere it falls back
to filelock and leaves lock files in place.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Container, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from isoback_tui.core.record import (
    STATUS_IN_PROGRESS,
    STATUS_INTERRUPTED,
    RecordError,
    SessionRecord,
)
from isoback_tui.store.errors import HistoryFileError
from isoback_tui.store.files import (
    FILE_MODE,
    ensure_folder,
    open_text,
    reason,
    remove_stale_temps,
    write_atomic,
)
from isoback_tui.store.schema import APP_MARK, SCHEMA_VERSION

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

_SAFE_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
_SUFFIX: Final = ".json"


Warn = Callable[[str], None]
"""Where a damaged running file is reported (it is skipped and left alone)."""

RUNNING_FILE: Final = "the running-session file"


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


@dataclass(frozen=True)
class RunningEntry:
    """One session file in the running area and its lock file."""

    name: str
    file: Path
    lock: Path


class RunningArea:
    """The folder of running sessions that belongs to the history file `db_path`."""

    def __init__(self, db_path: Path) -> None:
        self.folder = db_path.with_name(db_path.name + ".running")

    def entry(self, session_id: str) -> RunningEntry:
        """The files a session with this id uses while it runs."""
        if _SAFE_NAME.fullmatch(session_id):
            name = session_id
        else:
            import hashlib  # only for ids unfit as file names; loading it costs ~3 ms at start

            name = (
                "x-" + hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()[:32]
            )
        return self._entry(name)

    def _entry(self, name: str) -> RunningEntry:
        return RunningEntry(name, self.folder / (name + _SUFFIX), self.folder / (name + ".lock"))

    def entries(self) -> list[RunningEntry]:
        """Every session file in the area (none when the folder is missing)."""
        try:
            names = sorted(p.name for p in self.folder.iterdir())
        except OSError:
            return []
        return [
            self._entry(n[: -len(_SUFFIX)])
            for n in names
            if n.endswith(_SUFFIX) and not n.startswith(".")
        ]

    def orphan_locks(self) -> list[RunningEntry]:
        """Entries whose lock file exists without a session file (a start that died early)."""
        try:
            names = {p.name for p in self.folder.iterdir()}
        except OSError:
            return []
        return [
            self._entry(n[: -len(".lock")])
            for n in sorted(names)
            if n.endswith(".lock") and n[: -len(".lock")] + _SUFFIX not in names
        ]

    def prepare(self) -> None:
        """Create the folder (mode 0700) if it is missing."""
        ensure_folder(self.folder)

    def write(self, record: SessionRecord) -> None:
        """Save `record` to its running file, atomically; HistoryFileError if that fails.

        A running folder removed meanwhile is made again.
        """
        file = self.entry(record.id).file
        payload = {"app": APP_MARK, "schema_version": SCHEMA_VERSION, "session": record.to_dict()}
        data = json.dumps(payload).encode("ascii")
        try:
            try:
                write_atomic(file, data)
            except FileNotFoundError:
                self.prepare()
                write_atomic(file, data)
        except OSError as error:
            raise _problem(file, f"could not be written: {reason(error)}") from None

    def read(self, entry: RunningEntry) -> SessionRecord:
        """The session in `entry`'s file; HistoryFileError when it is damaged or unreadable.

        Raises FileNotFoundError when the file has gone meanwhile.
        """
        handle = open_text(entry.file, what=RUNNING_FILE, encoding="utf-8")
        if handle is None:
            raise FileNotFoundError(entry.file)
        try:
            with handle:
                data: Any = json.loads(handle.read())
        except (ValueError, RecursionError):  # bad UTF-8 or JSON, numbers of 4,300+ digits
            raise _problem(entry.file, "is not valid JSON") from None
        except OSError as error:
            raise _problem(entry.file, f"cannot be read: {reason(error)}") from None
        if not isinstance(data, dict) or data.get("app") != APP_MARK:
            raise _problem(entry.file, "is not an isoback session file")
        if data.get("schema_version") != SCHEMA_VERSION:
            raise _problem(entry.file, f"has schema version {data.get('schema_version')!r}")
        try:
            return SessionRecord.from_dict(data.get("session"))
        except RecordError as error:
            raise _problem(entry.file, f"holds a damaged session ({error})") from None

    def remove(self, entry: RunningEntry) -> None:
        """Delete the session file (the caller holds its lock). Raises OSError."""
        entry.file.unlink(missing_ok=True)

    def clean(self) -> None:
        """Delete temporary files of running-file writes that were killed."""
        remove_stale_temps(self.folder)

    def scan(
        self, own: str | None, warn: Warn, entries: list[RunningEntry] | None = None
    ) -> list[tuple[SessionRecord, bool]]:
        """(record, is live) for each readable running session (of `entries`, or all).

        `own` names the entry of the session this process runs. A session
        whose process is gone reads as `interrupted`.
        """
        found: list[tuple[SessionRecord, bool]] = []
        for entry in self.entries() if entries is None else entries:
            if not entry.file.exists():
                continue
            live = entry.name == own or _is_live(entry)
            try:
                record = self.read(entry)
            except FileNotFoundError:
                continue  # it has just moved into the main history
            except HistoryFileError as error:
                warn(_skipped(error))
                continue
            if not live and record.status == STATUS_IN_PROGRESS:
                record.status = STATUS_INTERRUPTED
            found.append((record, live))
        return found

    def adopt_orphans(self, skip: Container[str], warn: Warn) -> Iterator[SessionRecord]:
        """Each session whose process is gone, `interrupted` if it was in progress.

        The caller holds the main history's lock and stores each record
        before asking for the next; only then are its running files
        deleted. If the caller stops (an exception, a break), the current
        one's files stay. Entries named in `skip` are left alone.
        """
        for entry in self.entries():
            if entry.name in skip:
                continue
            lock = SessionLock(entry.lock)
            try:
                if not lock.try_acquire():
                    continue  # a live isoback runs it: never touch it
            except OSError:
                continue
            try:
                try:
                    record = self.read(entry)
                except FileNotFoundError:
                    continue
                except HistoryFileError as error:
                    warn(_skipped(error))
                    continue
                if record.status == STATUS_IN_PROGRESS:
                    record.status = STATUS_INTERRUPTED
                yield record
                self.remove(entry)
                lock.release(remove_file=True)
            finally:
                lock.release()
        for entry in self.orphan_locks():
            if entry.name in skip:
                continue
            lock = SessionLock(entry.lock)
            with suppress(OSError):
                if lock.try_acquire():
                    lock.release(remove_file=not entry.file.exists())


def _is_live(entry: RunningEntry) -> bool:
    """Whether a live process holds the session's lock (unknown counts as live)."""
    lock = SessionLock(entry.lock)
    try:
        if not lock.try_acquire():
            return True
    except OSError:
        return True
    lock.release()
    return False


def _problem(file: Path, problem: str) -> HistoryFileError:
    return HistoryFileError(file, problem, what=RUNNING_FILE)


def _skipped(error: HistoryFileError) -> str:
    return f"{error}; it was skipped and left as it is"
