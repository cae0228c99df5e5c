"""The running area: one small file per session that is under way.

A running session is saved after every rep to `<db>.running/<name>.json`
(atomically, a few hundred bytes), so the cost of a save does not depend on
the size of the history. Beside it, `<name>.lock` is the session's liveness
lock (see `liveness`). When the session ends it moves into the main history
and both files go.

A file whose lock nobody holds belongs to a process that died: `scan` shows
it as `interrupted`, and `adopt_orphans` hands it over to be moved into the
main history. A file whose lock is held is never touched.
"""

from __future__ import annotations

import hashlib
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
from isoback_tui.store.atomic import ensure_folder, remove_stale_temps, write_atomic
from isoback_tui.store.filekind import not_regular
from isoback_tui.store.liveness import SessionLock
from isoback_tui.store.schema import APP_MARK, SCHEMA_VERSION

_SAFE_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
_SUFFIX: Final = ".json"


class RunningFileError(ValueError):
    """A running file that cannot be read as a session; the message says why."""


Warn = Callable[[str], None]
"""Where a damaged running file is reported (it is skipped and left alone)."""

RUNNING_FILE: Final = "the running-session file"


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
        """Save `record` to its running file, atomically. Raises OSError."""
        payload = {"app": APP_MARK, "schema_version": SCHEMA_VERSION, "session": record.to_dict()}
        write_atomic(self.entry(record.id).file, json.dumps(payload).encode("ascii"))

    def read(self, entry: RunningEntry) -> SessionRecord:
        """The session in `entry`'s file; RunningFileError when it is damaged.

        Raises FileNotFoundError when the file has gone meanwhile.
        """
        raw = _read_regular(entry.file)
        try:
            data: Any = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError):  # bad UTF-8 or JSON, numbers of 4,300+ digits
            raise RunningFileError("is not valid JSON") from None
        if not isinstance(data, dict) or data.get("app") != APP_MARK:
            raise RunningFileError("is not an isoback session file")
        if data.get("schema_version") != SCHEMA_VERSION:
            raise RunningFileError(f"has schema version {data.get('schema_version')!r}")
        try:
            return SessionRecord.from_dict(data.get("session"))
        except RecordError as error:
            raise RunningFileError(f"holds a damaged session ({error})") from None

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
            except (RunningFileError, OSError) as error:
                warn(_damaged(entry, error))
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
                except (RunningFileError, OSError) as error:
                    warn(_damaged(entry, error))
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


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file; never blocks on a named pipe or reads a device."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        problem = not_regular(os.fstat(fd).st_mode)
        if problem:
            raise RunningFileError(problem)
        return handle.read()


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


def _damaged(entry: RunningEntry, error: RunningFileError | OSError) -> str:
    if isinstance(error, RunningFileError):
        problem = str(error)
    else:
        problem = f"cannot be read: {error.strerror.lower() if error.strerror else error}"
    return f"{RUNNING_FILE} {entry.file} {problem}; it was skipped and left as it is"
