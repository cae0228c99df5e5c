"""HistoryStore: the one class that reads and writes the session history.

Where things live, for a history file `history.json`:

    history.json                   finished and interrupted sessions (TinyDB)
    history.json.lock              cross-process lock around every write of it
    history.json.running/<id>.json a session under way, saved after every rep
    history.json.running/<id>.lock held by the process running that session

A session goes into the running area when it begins (`begin`), is saved
there after every rep (`save_progress`, a small atomic write whose cost
does not depend on the size of the history) and moves into the main file
when it ends (`finish`). A running file whose lock nobody holds belongs to
a process that died: readers show it as `interrupted`, and the next write
to the main file moves it there. A running file whose lock is held belongs
to a live copy of isoback and is never touched by anyone else.

Every write of the main file happens under its lock (and under a mutex of
the store's own that keeps two threads of this process apart: all of a
process's threads share the file lock), re-reads the file inside the lock
(through a fresh TinyDB table, so nothing is remembered from before another
process wrote), looks sessions up by id with TinyDB's
`where(...)`/`get`, and refuses to touch a file it cannot read: such a
file only ever changes through `move_aside`, which the app calls on the
user's explicit key.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, Final, NoReturn, ParamSpec, TypeVar

from tinydb import TinyDB, where
from tinydb.storages import Storage
from tinydb.table import Document, Table

from isoback_tui.core.record import (
    STATUS_COMPLETED,
    STATUS_ENDED_EARLY,
    STATUS_IN_PROGRESS,
    STATUS_INTERRUPTED,
    RecordError,
    SessionRecord,
)
from isoback_tui.store.errors import (
    HistoryError,
    HistoryFileError,
    NotLineLayout,
    SessionBusyError,
    SessionNotFoundError,
    SessionNotResumableError,
)
from isoback_tui.store.files import (
    FILE_MODE,
    check_regular,
    ensure_folder,
    reason,
    remove_stale_temps,
)
from isoback_tui.store.running import (
    RunningArea,
    RunningEntry,
    SessionLock,
)
from isoback_tui.store.schema import SESSIONS_TABLE, SchemaGuard
from isoback_tui.store.storage import AtomicJSONStorage

if TYPE_CHECKING:
    from filelock import FileLock

_Args = ParamSpec("_Args")
_Result = TypeVar("_Result")

StorageFactory = Callable[[Path], Storage]
"""Builds the TinyDB storage for a history path (AtomicJSONStorage; in tests, memory)."""

LOCK_TIMEOUT_S: Final = 10.0
FINAL_STATUSES: Final = (STATUS_COMPLETED, STATUS_ENDED_EARLY)


FileIdentity = tuple[int, int, int, int, int]
"""(device, inode, size, modification ns, change ns) of the main file: it changes on every write."""


def _one_writer(
    method: Callable[Concatenate[HistoryStore, _Args], _Result],
) -> Callable[Concatenate[HistoryStore, _Args], _Result]:
    """Run a write of the main file while holding the store's write mutex.

    The cross-process file lock does not keep this process's own threads
    apart (filelock counts a second thread's acquire as a re-entry), and the
    keeper's save on its worker thread could otherwise interleave with a note
    or a delete on another: both would read the same file and the last to
    write would drop the other's change. The mutex is re-entrant and taken
    before the file lock, always in that order.
    """

    @wraps(method)
    def one_at_a_time(self: HistoryStore, /, *args: _Args.args, **kwargs: _Args.kwargs) -> _Result:
        with self._write_mutex:
            return method(self, *args, **kwargs)

    return one_at_a_time


@dataclass(frozen=True)
class _Owned:
    """The session this process runs, with the lock that says so."""

    session_id: str
    entry: RunningEntry
    lock: SessionLock


class HistoryStore:
    """The session history at `path`: the only code that touches its files.

    Creating a store does no I/O; `HistoryStore.open` also checks the file.
    Reads raise HistoryFileError when the main file is damaged, foreign or
    unreadable; writes raise it too and leave such a file as it was. Use one
    store per process. Writes of the main file may come from several threads:
    each waits for the one before it to end (`_write_mutex`); reads never
    wait, and see the file, never another thread's write in progress. The
    running session (`begin`, `save_progress`, `close`) belongs to one thread;
    `save_progress` and `close` may also be called from a signal handler.
    """

    def __init__(self, path: Path, storage: StorageFactory = AtomicJSONStorage) -> None:
        self.path = Path(path)
        self._guard = SchemaGuard(storage)
        self._db = TinyDB(self.path, storage=self._guard)  # opens the storage through the guard
        self._table = self._fresh_table()
        self._lock_object: FileLock | None = None
        self._running = RunningArea(self.path)
        self._owned: _Owned | None = None
        self._warnings: list[str] = []
        self._parsed: tuple[FileIdentity, list[SessionRecord]] | None = None
        self._parsing = threading.Lock()
        self._write_mutex = threading.RLock()  # see `_one_writer`
        self.on_lock_wait: Callable[[], None] | None = None
        """Called once when a write has to wait for another isoback's lock (may be any thread)."""

    @classmethod
    def open(cls, path: Path, storage: StorageFactory = AtomicJSONStorage) -> HistoryStore:
        """A store for `path` whose file has just been read and found sound.

        A missing or empty file is an empty history (the file is created on
        the first write). Raises HistoryFileError naming the file and the
        problem otherwise; the file is left exactly as it was.
        """
        store = cls(path, storage)
        store.check()
        return store

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def _lock(self) -> FileLock:
        """The cross-process write lock, made on first use (reads never need it)."""
        if self._lock_object is None:
            self._lock_object = _main_lock(self.path)
        return self._lock_object

    @property
    def warnings(self) -> list[str]:
        """Problems the last read met that did not stop it (a damaged running file)."""
        return list(self._warnings)

    @property
    def running_session_id(self) -> str | None:
        """The id of the session this store is running, if any."""
        return self._owned.session_id if self._owned else None

    def running_file(self, session_id: str) -> Path | None:
        """The running file on disk that holds this session (a finished rep's copy), if any."""
        entry = self._running.entry(session_id)
        return entry.file if entry.file.exists() else None

    # -- reading ---------------------------------------------------------

    def check(self) -> None:
        """Read the whole history and check every session; raise HistoryFileError if unsound.

        The checked sessions are kept until the file changes, so the history
        screen that opens next does not read the file again.
        """
        self._running_records()
        self._all_main_records()

    def list_sessions(self) -> list[SessionRecord]:
        """Every session, newest first (by `started_at`), running ones included.

        A running session whose process is gone is shown as `interrupted`;
        one whose process is alive stays `in_progress`.
        """
        running = self._running_records()
        with gc_paused():  # sorting makes 10,000 more objects: let the collector sleep on
            return _newest_first(_merge(self._all_main_records(), running))

    def get(self, session_id: str) -> SessionRecord | None:
        """The session with this id, or None."""
        entry = self._running.entry(session_id)
        running = [r for r in self._running_records([entry]) if r[0].id == session_id]
        main = self._main_records(keep=where("id") == session_id)
        merged = _merge(main, running)
        return merged[0] if merged else None

    def latest_resumable(self) -> SessionRecord | None:
        """The most recent interrupted session with reps left, not running anywhere."""
        running = self._running_records()
        running_ids = {record.id for record, _live in running}

        def wanted(status: object, sid: object) -> bool:
            return status == STATUS_INTERRUPTED or sid in running_ids

        parsed = self._parsed_if_current()
        if parsed is not None:
            main = [record for record in parsed if wanted(record.status, record.id)]
        else:  # only the sessions it returns are checked, not every other one
            main = self._main_records(keep=lambda doc: wanted(doc.get("status"), doc.get("id")))
        live_ids = {record.id for record, live in running if live}
        candidates = [
            record
            for record in _merge(main, running)
            if record.status == STATUS_INTERRUPTED
            and record.id not in live_ids
            and _reps_left(record)
        ]
        return _newest_first(candidates)[0] if candidates else None

    # -- the running session ---------------------------------------------

    def begin(self, record: SessionRecord) -> None:
        """Put a new session into the store and make this process its owner.

        Call it when the session starts; from here on it is saved after
        every rep with `save_progress` and ends with `finish`.
        """
        if self._owned is None:
            entry, lock = self._take_session(record.id)
            self._owned = _Owned(record.id, entry, lock)
        elif self._owned.session_id != record.id:
            raise HistoryError("this isoback is already running another session")
        self.save_progress(record)

    def save_progress(self, record: SessionRecord) -> None:
        """Save the running session now (after a rep, a pause, a skip): one small atomic write."""
        owned = self._owned
        if owned is None or owned.session_id != record.id:
            raise HistoryError(f"session {record.id} is not running in this isoback")
        self._running.write(record)

    @_one_writer
    def finish(self, record: SessionRecord) -> None:
        """Save a session that has ended (completed or ended early) into the history.

        The final record is first saved to the running file, so it is safe
        even if the main file refuses it. Whether or not that succeeds (a
        full disk may refuse the small file too), the main file is tried;
        only when it refuses does this raise HistoryFileError, and the
        session then stays owned by this store, so a later `finish` of the
        same record can move it in. Nothing is reported as saved that is not.
        """
        if record.status not in FINAL_STATUSES:
            raise ValueError(
                f"finish() needs a completed or ended-early session, not {record.status}"
            )
        owned = self._owned if self._owned and self._owned.session_id == record.id else None
        if owned is not None:
            with suppress(HistoryFileError):  # the main file is what counts; it is tried next
                self.save_progress(record)
        with self._writing(skip=owned.entry.name if owned else None):
            self._upsert(record.to_dict(), keep_final=False)
        if owned is not None:
            with suppress(OSError):
                self._running.remove(owned.entry)
            owned.lock.release(remove_file=True)
            self._owned = None

    @_one_writer
    def claim_for_resume(self, session_id: str) -> SessionRecord:
        """Make this process the owner of an interrupted session and return it.

        The record comes back `in_progress`; carry on saving it with
        `save_progress` and end it with `finish`. Raises SessionBusyError
        when another live isoback runs it, SessionNotFoundError, or
        HistoryError when it cannot be resumed.
        """
        if self._owned is not None:
            raise HistoryError("this isoback is already running a session")
        entry, lock = self._take_session(session_id)
        try:
            with self._writing(skip=entry.name):
                found = self._find(session_id)
                record = self._read_own_running(entry)
                if record is None or (found is not None and found["status"] in FINAL_STATUSES):
                    if found is None:
                        raise SessionNotFoundError(session_id)
                    record = self._record_from_doc(str(found.doc_id), found)
                if record.status not in (STATUS_INTERRUPTED, STATUS_IN_PROGRESS):
                    raise SessionNotResumableError(session_id, "it has ended")
                if not _reps_left(record):
                    raise SessionNotResumableError(session_id, "every rep is done or skipped")
                record.status = STATUS_IN_PROGRESS
                record.ended_at = None
                self._running.write(record)
                if found is not None:
                    self._table.remove(doc_ids=[found.doc_id])
        except BaseException:
            lock.release()
            raise
        self._owned = _Owned(session_id, entry, lock)
        return record

    def _take_session(self, session_id: str) -> tuple[RunningEntry, SessionLock]:
        """Lock a session's running file for this process; SessionBusyError if another has it."""
        entry = self._running.entry(session_id)
        lock = SessionLock(entry.lock)
        try:
            self._running.prepare()
            got = lock.try_acquire()
        except OSError as error:
            raise HistoryFileError(
                self._running.folder, f"cannot be used: {reason(error)}", what="the folder"
            ) from None
        if not got:
            raise SessionBusyError(session_id)
        return entry, lock

    def close(self) -> None:
        """Let go of the running session, if any (idempotent).

        Its running file stays: from now on it reads as `interrupted` and
        can be resumed. Call `save_progress` first to keep the latest rep.
        """
        owned, self._owned = self._owned, None
        if owned is not None:
            owned.lock.release()

    # -- changing the history ---------------------------------------------

    @_one_writer
    def update_after(self, session_id: str, pain_after: int | None, note: str) -> SessionRecord:
        """Set the pain after and the note of a session (the summary screen); return it."""
        if pain_after is not None and (
            isinstance(pain_after, bool)
            or not isinstance(pain_after, int)
            or not 0 <= pain_after <= 10
        ):
            raise ValueError("pain after must be a whole number from 0 to 10, or None")
        if not isinstance(note, str):
            raise ValueError("the note must be text")
        owned = self._owned
        if owned is not None and owned.session_id == session_id:
            record = self._read_own_running(owned.entry)
            if record is None:
                raise SessionNotFoundError(session_id)
            record.pain_after, record.note = pain_after, note
            self.save_progress(record)
            return record
        with self._writing():
            found = self._find(session_id)
            if found is None:
                self._raise_missing(session_id)
            record = self._record_from_doc(str(found.doc_id), found)
            record.pain_after, record.note = pain_after, note
            self._table.update(_replace_with(record.to_dict()), doc_ids=[found.doc_id])
        return record

    @_one_writer
    def delete(self, session_id: str) -> None:
        """Remove a session from the history for good."""
        owned = self._owned
        if owned is not None and owned.session_id == session_id:
            with suppress(OSError):
                self._running.remove(owned.entry)
            owned.lock.release(remove_file=True)
            self._owned = None
        with self._writing():
            found = self._find(session_id)
            if found is not None:
                self._table.remove(doc_ids=[found.doc_id])
                return
            if owned is None or owned.session_id != session_id:
                self._raise_missing(session_id)

    @_one_writer
    def import_records(self, records: Iterable[SessionRecord]) -> tuple[int, int]:
        """Add sessions whose id is not in the history yet; return (added, skipped).

        Imported sessions that were `in_progress` elsewhere arrive as
        `interrupted`: nothing runs them here.
        """
        incoming = list(records)
        with self._writing():
            present = {doc.get("id") for doc in self._main_sessions().values()}
            present.update(record.id for record, _live in self._running_records())
            added: list[dict[str, Any]] = []
            for record in incoming:
                if record.id in present:
                    continue
                present.add(record.id)
                doc = record.to_dict()
                if doc["status"] == STATUS_IN_PROGRESS:
                    doc["status"] = STATUS_INTERRUPTED
                added.append(doc)
            if added:
                self._table.insert_multiple(added)
        return len(added), len(incoming) - len(added)

    @classmethod
    def move_aside(cls, path: Path) -> Path:
        """Rename the history file at `path` to `<name>.damaged-<date>-<time>` beside it.

        Returns the new path. Never overwrites anything, and works on a file
        no store could open. Only for the user's explicit request: the next
        write starts a fresh history. Raises HistoryError when there is
        nothing at `path`, HistoryFileError when the rename fails.
        """
        path = Path(path)
        if not os.path.isdir(path):
            check_regular(path)  # a device or a pipe is never renamed, even as root
        lock = _main_lock(path)
        _acquire(lock, path)
        try:
            if not os.path.lexists(path):
                raise HistoryError(f"there is no history file at {path} to move aside")
            stem = f"{path.name}.damaged-{datetime.now():%Y%m%d-%H%M%S}"
            for n in count(1):
                target = path.with_name(stem if n == 1 else f"{stem}-{n}")
                try:
                    _rename_no_replace(path, target)
                except FileExistsError:
                    continue
                except OSError as error:
                    raise HistoryFileError(
                        path, f"could not be moved aside: {reason(error)}"
                    ) from None
                return target
            raise AssertionError("unreachable")
        finally:
            lock.release()

    # -- inside ------------------------------------------------------------

    @contextmanager
    def _writing(self, skip: str | None = None) -> Iterator[None]:
        """One read-modify-write of the main file under the cross-process lock.

        Inside the lock: a fresh TinyDB table is made, the file is read once
        and every session checked (a damaged file raises before anything is
        written), leftovers of killed writes are deleted and the running
        sessions of dead processes are moved in. `skip` names a running
        entry this process is about to own. The store's write mutex is held
        around it all (see `_one_writer`).
        """
        with self._write_mutex:
            try:
                ensure_folder(self.path.parent)
            except OSError as error:
                raise HistoryFileError(
                    self.path, f"cannot be written: its folder cannot be made ({reason(error)})"
                ) from None
            _acquire(self._lock, self.path, self.on_lock_wait)
            try:
                self._table = self._fresh_table()
                with self._guard.pinned(), gc_paused():
                    for key, doc in self._main_sessions().items():
                        self._record_from_doc(key, doc)
                    remove_stale_temps(
                        self.path.parent, target_name=self.path.name, writer_lock_held=True
                    )
                    self._running.clean()
                    self._fold_orphans(skip)
                    yield
            finally:
                self._lock.release()

    def _fresh_table(self) -> Table:
        """The sessions table, with no cache from an earlier write.

        A TinyDB table remembers the next document id per process, and
        another process may have written since (tinydb issues #72, #530),
        so each locked write starts from a new one.
        """
        return Table(self._db.storage, SESSIONS_TABLE, cache_size=0)

    def _main_sessions(self) -> dict[str, dict[str, Any]]:
        """The raw sessions table of the main file (checked layout, unchecked sessions)."""
        data = self._guard.read()
        sessions: dict[str, dict[str, Any]] = data.get(SESSIONS_TABLE, {}) if data else {}
        return sessions

    def _all_main_records(self) -> list[SessionRecord]:
        """Every session of the main file, checked; parsed again only when the file changed.

        The file is replaced (a new inode) on every write, by this process or
        another, so its identity tells a changed file from the one parsed last.
        Threads share one parse: a second reader waits for the first.
        The records are shared: callers must not change them.
        """
        with self._parsing:
            identity = _identity(self.path)
            parsed = self._parsed
            if identity is not None and parsed is not None and parsed[0] == identity:
                return parsed[1]
            records = self._main_records()
            self._parsed = (identity, records) if identity is not None else None
            return records

    def _parsed_if_current(self) -> list[SessionRecord] | None:
        """The kept sessions of the main file if it has not changed since, else None."""
        parsed = self._parsed
        if parsed is not None and parsed[0] == _identity(self.path):
            return parsed[1]
        return None

    def _main_records(
        self, keep: Callable[[dict[str, Any]], bool] | None = None
    ) -> list[SessionRecord]:
        """The sessions of the main file (those `keep` accepts), each checked.

        Streams the file a session at a time when it is in the line layout,
        else reads it whole. HistoryFileError on the first bad session.
        """

        def convert(pairs: Iterable[tuple[str, dict[str, Any]]]) -> list[SessionRecord]:
            records = []
            for key, doc in pairs:
                if keep is None or keep(doc):
                    records.append(self._record_from_doc(key, doc))
            return records

        with gc_paused():
            try:
                return convert(self._guard.stream_sessions())
            except NotLineLayout:
                return convert(self._main_sessions().items())

    def _record_from_doc(self, key: str, doc: dict[str, Any]) -> SessionRecord:
        try:
            return SessionRecord.from_dict(doc)
        except RecordError as error:
            sid = doc.get("id")
            which = f"session {key}" + (f" (id {sid})" if isinstance(sid, str) and sid else "")
            raise HistoryFileError(self.path, f"is damaged: {which}: {error}") from None

    def _find(self, session_id: str) -> Document | None:
        """The raw session with this id in the main file (its `doc_id` says where)."""
        found: Document | None = self._table.get(where("id") == session_id)
        return found

    def _upsert(self, doc: dict[str, Any], *, keep_final: bool) -> None:
        """Put a session into the main file, replacing one with the same id.

        With `keep_final`, a finished copy already there wins.
        """
        found = self._find(doc["id"])
        if found is None:
            self._table.insert(doc)
        elif not (keep_final and found.get("status") in FINAL_STATUSES):
            self._table.update(_replace_with(doc), doc_ids=[found.doc_id])

    def _raise_missing(self, session_id: str) -> NoReturn:
        entry = self._running.entry(session_id)
        if entry.file.exists():
            raise SessionBusyError(session_id)
        raise SessionNotFoundError(session_id)

    def _running_records(
        self, entries: list[RunningEntry] | None = None
    ) -> list[tuple[SessionRecord, bool]]:
        """(record, is live) for each readable running file; damaged ones become warnings."""
        self._warnings = []
        own = self._owned.entry.name if self._owned else None
        return self._running.scan(own, self._warn, entries)

    def _read_own_running(self, entry: RunningEntry) -> SessionRecord | None:
        """The session in a running file this process holds the lock of, if it exists."""
        try:
            return self._running.read(entry)
        except FileNotFoundError:
            return None

    def _fold_orphans(self, skip: str | None) -> None:
        """Move running sessions of dead processes into the main file (we hold its lock)."""
        leave = {name for name in (skip, self._owned.entry.name if self._owned else None) if name}
        for record in self._running.adopt_orphans(leave, self._warn):
            self._upsert(record.to_dict(), keep_final=True)

    def _warn(self, message: str) -> None:
        if message not in self._warnings:
            self._warnings.append(message)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Keep the cyclic collector off inside the block (nests; restores its state).

    Reading 10,000 sessions builds about half a million small container
    objects, none of them in a reference cycle. With the collector running,
    it walks all of them again every few thousand allocations and the
    reading takes about twice as long; paused, reference counting still
    frees everything that is dropped, and the collector catches up once
    afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _identity(path: Path) -> FileIdentity | None:
    """The main file's identity now (see FileIdentity), or None when it can't be had."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _main_lock(path: Path) -> FileLock:
    """The cross-process lock every write of the history file at `path` holds."""
    from filelock import FileLock  # imported on first write: `history` starts faster

    return FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT_S, mode=FILE_MODE, thread_local=False)


def _acquire(lock: FileLock, path: Path, on_wait: Callable[[], None] | None = None) -> None:
    """Take the write lock of the history at `path`; HistoryFileError if it can't be had.

    `on_wait` is called once, before waiting, when another isoback holds the lock.
    """
    from filelock import Timeout

    _check_lock_file(Path(lock.lock_file), path)
    try:
        try:
            lock.acquire(blocking=False)
        except Timeout:
            if on_wait is not None:
                on_wait()
            lock.acquire()
    except Timeout:
        raise HistoryFileError(
            path, f"is locked by another isoback that has not let go for {LOCK_TIMEOUT_S:g} seconds"
        ) from None
    except OSError as error:
        raise HistoryFileError(path, f"cannot be locked for writing: {reason(error)}") from None


def _check_lock_file(lock_file: Path, path: Path) -> None:
    """Say at once when the lock file can't be made, rather than wait and blame another isoback.

    filelock retries a lock file it cannot create (it takes that for a race
    with another process) until its timeout.
    """
    if not lock_file.parent.is_dir():
        return  # filelock makes the folder first
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        os.close(os.open(lock_file, flags | getattr(os, "O_NOFOLLOW", 0), FILE_MODE))
    except PermissionError:
        if not os.path.lexists(lock_file):
            raise HistoryFileError(
                path,
                f"cannot be locked: its lock file {lock_file} cannot be made (permission denied)",
            ) from None
        # someone else's lock file in a sticky folder: filelock knows how to wait on it
    except OSError as error:
        raise HistoryFileError(
            path, f"cannot be locked: its lock file {lock_file} cannot be made ({reason(error)})"
        ) from None


def _merge(
    main: list[SessionRecord], running: list[tuple[SessionRecord, bool]]
) -> list[SessionRecord]:
    """One record per id: the running copy wins unless the main copy has finished."""
    by_id = {record.id: record for record in main}
    for record, _live in running:
        old = by_id.get(record.id)
        if old is None or old.status not in FINAL_STATUSES:
            by_id[record.id] = record
    return list(by_id.values())


def _newest_first(records: list[SessionRecord]) -> list[SessionRecord]:
    return sorted(records, key=lambda r: (r.started_at, r.id), reverse=True)


def _reps_left(record: SessionRecord) -> bool:
    return record.reps_done + record.reps_skipped < record.reps_planned


def _replace_with(doc: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    def replace(stored: MutableMapping[str, Any]) -> None:
        stored.clear()
        stored.update(doc)

    return replace


def _rename_no_replace(source: Path, target: Path) -> None:
    """Rename `source` to `target`; FileExistsError (and no change) if `target` exists."""
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:  # a folder, or a file system without hard links
        if os.path.lexists(target):
            raise FileExistsError(target) from None
        os.rename(source, target)
        return
    os.unlink(source)
