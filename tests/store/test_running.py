"""The running area in this process: liveness locks, orphans moved in, damaged files skipped.

The cross-process promises are also tested with real children
(test_processes.py); these tests reach the same branches in the test process.
A flock(2) lock belongs to an open file, not to a process, so a second
`SessionLock` on the same file here holds it exactly as another live isoback
would: the store cannot tell them apart.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from isoback_tui.store import HistoryFileError, HistoryStore, SessionBusyError, files
from isoback_tui.store import running as running_module
from isoback_tui.store.running import RunningArea, RunningEntry, SessionLock
from tests.core.record_builders import add_rep, empty_running_record, numbered_record

pytestmark = pytest.mark.skipif(os.name != "posix", reason="flock(2) liveness locks")

SKIPPED = "; it was skipped and left as it is"


@pytest.fixture
def area(db_path: Path) -> RunningArea:
    """The running area of `db_path`, its folder made."""
    running = RunningArea(db_path)
    running.prepare()
    return running


@pytest.fixture
def held() -> Iterator[list[SessionLock]]:
    """Locks a test takes for "another live isoback"; all let go afterwards."""
    locks: list[SessionLock] = []
    yield locks
    for lock in locks:
        lock.release()


def _orphan(area: RunningArea, session_id: str, reps: int = 2) -> RunningEntry:
    """A running session whose process died: its file, and a lock file nobody holds."""
    record = empty_running_record(session_id)
    for _ in range(reps):
        add_rep(record, 15)
    area.write(record)
    entry = area.entry(session_id)
    entry.lock.touch()
    return entry


def _live(area: RunningArea, session_id: str, held: list[SessionLock]) -> RunningEntry:
    """A running session that a live isoback holds."""
    entry = _orphan(area, session_id)
    lock = SessionLock(entry.lock)
    assert lock.try_acquire()
    held.append(lock)
    return entry


def _main_ids(db_path: Path) -> dict[str, str]:
    """id -> status of each session in the main file itself (not the running area)."""
    sessions = json.loads(db_path.read_text())["sessions"].values()
    return {doc["id"]: doc["status"] for doc in sessions}


def _names(area: RunningArea) -> list[str]:
    return sorted(path.name for path in area.folder.iterdir())


# -- the liveness lock ------------------------------------------------------


def test_a_lock_has_one_holder_until_it_lets_go(tmp_path: Path) -> None:
    path = tmp_path / "s.lock"
    first, second = SessionLock(path), SessionLock(path)
    assert first.try_acquire() and first.held
    assert first.try_acquire()  # asking again while holding it: still held
    assert not second.try_acquire() and not second.held
    first.release()
    first.release()  # idempotent
    assert path.exists()  # kept unless asked to remove it
    assert second.try_acquire()
    second.release(remove_file=True)
    assert not path.exists()


def test_a_lock_file_deleted_between_open_and_lock_is_never_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The owner finishing (and deleting the lock file) just as we lock it: we lock the new one."""
    path = tmp_path / "s.lock"
    real_flock = fcntl.flock
    calls = 0

    def flock_then_owner_deletes(fd: int, operation: int) -> None:
        nonlocal calls
        calls += 1
        real_flock(fd, operation)
        if calls == 1:
            path.unlink()

    monkeypatch.setattr(fcntl, "flock", flock_then_owner_deletes)
    lock = SessionLock(path)
    assert lock.try_acquire()
    monkeypatch.undo()
    assert calls == 2 and path.exists()
    assert not SessionLock(path).try_acquire()  # the file at the path is the one held
    lock.release()


def test_a_lock_file_that_keeps_being_replaced_is_not_claimed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.lock"
    real_flock = fcntl.flock

    def flock_then_deleted(fd: int, operation: int) -> None:
        real_flock(fd, operation)
        path.unlink()

    monkeypatch.setattr(fcntl, "flock", flock_then_deleted)
    lock = SessionLock(path)
    assert lock.try_acquire() is False and not lock.held


def test_a_lock_the_file_system_refuses_is_one_sentence(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """flock failing for another reason than "held" (no locks on this file system)."""

    def no_locks(_fd: int, _operation: int) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(fcntl, "flock", no_locks)
    store = HistoryStore(db_path)
    folder = db_path.with_name("history.json.running")
    with pytest.raises(HistoryFileError) as caught:
        store.begin(empty_running_record("s"))
    assert str(caught.value) == f"the folder {folder} cannot be used: no locks available"
    assert store.running_session_id is None


def test_without_flock_the_portable_lock_still_has_one_holder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fallback for systems without fcntl (filelock), tried here by hiding fcntl."""
    monkeypatch.setattr(running_module, "fcntl", None)
    path = tmp_path / "s.lock"
    first, second = SessionLock(path), SessionLock(path)
    old = os.umask(0)
    try:
        assert first.try_acquire() and first.held
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not second.try_acquire() and not second.held
    first.release()
    assert not first.held
    assert second.try_acquire()
    second.release()


# -- names of running files ---------------------------------------------------


def test_a_safe_id_names_its_files_and_others_are_hashed(db_path: Path) -> None:
    """The names are the on-disk format: two versions running at once must agree on them."""
    area = RunningArea(db_path)
    assert area.entry("s-1_a").file == area.folder / "s-1_a.json"
    assert area.entry("s-1_a").lock == area.folder / "s-1_a.lock"
    for unsafe in ("a b", "../x", "\u00e9t\u00e9", "\ud800 lone surrogate"):
        digest = hashlib.sha256(unsafe.encode("utf-8", "surrogatepass")).hexdigest()
        assert area.entry(unsafe).name == "x-" + digest[:32]


def test_hidden_and_temporary_files_are_not_sessions(area: RunningArea, db_path: Path) -> None:
    (area.folder / ".notes.json").write_text("not a session")
    (area.folder / f".s.json.tmp-{os.getpid()}-0000abcd").write_text("{")
    _orphan(area, "real")
    assert [entry.name for entry in area.entries()] == ["real"]
    store = HistoryStore(db_path)
    assert [r.id for r in store.list_sessions()] == ["real"] and store.warnings == []


# -- reading running files ------------------------------------------------------


def _bad_file(area: RunningArea, name: str, content: object) -> Path:
    path = area.folder / f"{name}.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


BAD_FILES: dict[str, tuple[object, str]] = {
    "not json": ('{"app": "isoback", "schema', "is not valid JSON"),
    "a list": ([1, 2], "is not an isoback session file"),
    "another app": (
        {"app": "other", "schema_version": 1, "session": numbered_record(1).to_dict()},
        "is not an isoback session file",
    ),
    "newer": ({"app": "isoback", "schema_version": 2, "session": {}}, "has schema version 2"),
    "no version": ({"app": "isoback", "session": {}}, "has schema version None"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_damaged_running_file_is_one_sentence_naming_it(
    area: RunningArea, db_path: Path, case: str
) -> None:
    content, problem = BAD_FILES[case]
    path = _bad_file(area, "bad", content)
    store = HistoryStore(db_path)
    assert store.list_sessions() == []
    assert store.warnings == [f"the running-session file {path} {problem}{SKIPPED}"]


def test_a_running_file_with_a_damaged_session_names_the_problem(
    area: RunningArea, db_path: Path
) -> None:
    doc = numbered_record(1, status="in_progress").to_dict()
    doc["reps_planned"] = "lots"
    path = _bad_file(area, "bad", {"app": "isoback", "schema_version": 1, "session": doc})
    store = HistoryStore(db_path)
    assert store.list_sessions() == []
    [warning] = store.warnings
    assert warning.startswith(f"the running-session file {path} holds a damaged session (")
    assert "reps_planned" in warning and warning.endswith(f"){SKIPPED}")


def test_a_running_file_that_is_a_pipe_is_refused_without_waiting(
    area: RunningArea, db_path: Path
) -> None:
    pipe = area.folder / "pipe.json"
    os.mkfifo(pipe)
    store = HistoryStore(db_path)
    assert store.list_sessions() == []
    assert store.warnings == [
        f"the running-session file {pipe} is a named pipe, not a file{SKIPPED}"
    ]


def test_a_running_file_that_fails_to_read_is_one_sentence(
    area: RunningArea, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = _orphan(area, "s")
    real_open = files.open_text

    class FailingRead:
        def __init__(self, handle: object) -> None:
            self.handle = handle

        def __enter__(self) -> FailingRead:
            return self

        def __exit__(self, *_exc: object) -> None:
            self.handle.close()  # type: ignore[attr-defined]

        def read(self) -> str:
            raise OSError(errno.EIO, os.strerror(errno.EIO))

    def failing(*args: object, **kwargs: object) -> object:
        return FailingRead(real_open(*args, **kwargs))  # type: ignore[arg-type]

    monkeypatch.setattr("isoback_tui.store.running.open_text", failing)
    store = HistoryStore(db_path)
    assert store.list_sessions() == []
    assert store.warnings == [
        f"the running-session file {entry.file} cannot be read: input/output error{SKIPPED}"
    ]


# -- writing running files --------------------------------------------------------


def test_a_running_folder_removed_mid_session_is_made_again(db_path: Path) -> None:
    store = HistoryStore(db_path)
    record = empty_running_record("s")
    store.begin(record)
    shutil.rmtree(db_path.with_name("history.json.running"))
    add_rep(record, 15)
    store.save_progress(record)
    running = store.running_file("s")
    assert running is not None
    assert json.loads(running.read_text())["session"] == record.to_dict()
    record.status = "completed"
    store.finish(record)  # its lock file went with the folder: finishing still works
    assert _main_ids(db_path) == {"s": "completed"}


def test_a_failed_running_save_is_one_sentence(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = HistoryStore(db_path)
    record = empty_running_record("s")
    store.begin(record)
    running = store.running_file("s")
    assert running is not None
    before = running.read_bytes()

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)
    add_rep(record, 15)
    with pytest.raises(HistoryFileError) as caught:
        store.save_progress(record)
    assert str(caught.value) == (
        f"the running-session file {running} could not be written: no space left on device"
    )
    assert running.read_bytes() == before


# -- two running sessions: neither hides nor blocks the other ----------------------


def test_a_live_first_session_neither_hides_nor_blocks_an_orphan(
    area: RunningArea, db_path: Path, held: list[SessionLock]
) -> None:
    live = _live(area, "a-live", held)
    _orphan(area, "b-dead")
    store = HistoryStore(db_path)
    assert {r.id: r.status for r in store.list_sessions()} == {
        "a-live": "in_progress",
        "b-dead": "interrupted",
    }
    store.finish(numbered_record(1))  # a write moves the orphan in, never the live one
    assert _main_ids(db_path) == {"session-000001": "completed", "b-dead": "interrupted"}
    assert _names(area) == ["a-live.json", "a-live.lock"]
    assert live.file.exists()


def test_a_damaged_first_session_neither_hides_nor_blocks_an_orphan(
    area: RunningArea, db_path: Path
) -> None:
    broken = _bad_file(area, "a-broken", "{")
    _orphan(area, "b-dead")
    store = HistoryStore(db_path)
    assert [r.id for r in store.list_sessions()] == ["b-dead"]
    warning = f"the running-session file {broken} is not valid JSON{SKIPPED}"
    assert store.warnings == [warning]
    fresh = HistoryStore(db_path)
    fresh.finish(numbered_record(1))
    assert fresh.warnings == [warning]  # the write says it too, and leaves the file
    assert _main_ids(db_path) == {"session-000001": "completed", "b-dead": "interrupted"}
    assert _names(area) == ["a-broken.json", "a-broken.lock"]  # the lock: its liveness check


def test_a_first_session_whose_liveness_is_unknown_counts_as_live(
    area: RunningArea, db_path: Path
) -> None:
    """Its lock file can't be opened (here a folder stands there): never touched, never blocks."""
    unknown = _orphan(area, "a-unknown")
    unknown.lock.unlink()
    unknown.lock.mkdir()
    _orphan(area, "b-dead")
    store = HistoryStore(db_path)
    assert {r.id: r.status for r in store.list_sessions()} == {
        "a-unknown": "in_progress",
        "b-dead": "interrupted",
    }
    store.finish(numbered_record(1))
    assert _main_ids(db_path) == {"session-000001": "completed", "b-dead": "interrupted"}
    assert unknown.file.exists() and unknown.lock.is_dir()


def test_a_first_session_file_that_is_gone_does_not_stop_the_next(
    area: RunningArea, db_path: Path
) -> None:
    """A dangling link stands for a file that moved into the history a moment ago."""
    (area.folder / "a-gone.json").symlink_to(area.folder / "nowhere.json")
    _orphan(area, "b-dead")
    store = HistoryStore(db_path)
    assert [r.id for r in store.list_sessions()] == ["b-dead"]
    store.finish(numbered_record(1))
    assert _main_ids(db_path) == {"session-000001": "completed", "b-dead": "interrupted"}
    assert store.warnings == []


def test_a_session_moved_in_while_it_is_listed_is_not_lost_nor_stops_the_list(
    area: RunningArea, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _orphan(area, "a-moving")
    _orphan(area, "b-dead")
    real_read = RunningArea.read

    def read_after_another_isoback_moved_it(self: RunningArea, entry: RunningEntry) -> object:
        if entry.name == first.name:
            entry.file.unlink()
        return real_read(self, entry)

    monkeypatch.setattr(RunningArea, "read", read_after_another_isoback_moved_it)
    store = HistoryStore(db_path)
    assert [r.id for r in store.list_sessions()] == ["b-dead"]
    assert store.warnings == []


def test_reading_one_session_reads_only_its_file(area: RunningArea, db_path: Path) -> None:
    _bad_file(area, "a-broken", "{")
    _orphan(area, "b-dead")
    store = HistoryStore(db_path)
    got = store.get("b-dead")
    assert got is not None and got.status == "interrupted"
    assert store.warnings == []


def test_resuming_a_session_leaves_the_others_alone_and_cleans_a_dead_start(
    area: RunningArea, db_path: Path
) -> None:
    """The resumed session's own lock is skipped; a lock left by a start that died goes."""
    store = HistoryStore(db_path)
    interrupted = numbered_record(1, session_id="a-resume", status="interrupted", done_per_set=2)
    store.import_records([interrupted])
    (area.folder / "b-died-at-start.lock").touch()
    _orphan(area, "c-dead")
    record = store.claim_for_resume("a-resume")
    assert record.status == "in_progress"
    assert _main_ids(db_path) == {"c-dead": "interrupted"}
    assert _names(area) == ["a-resume.json", "a-resume.lock"]
    store.close()


def test_an_adopted_orphan_leaves_no_file_behind(area: RunningArea, db_path: Path) -> None:
    _orphan(area, "dead")
    (area.folder / "died-at-start.lock").touch()
    HistoryStore(db_path).finish(numbered_record(1))
    assert _main_ids(db_path) == {"session-000001": "completed", "dead": "interrupted"}
    assert _names(area) == []


def test_a_lock_that_cannot_be_opened_does_not_stop_a_write(
    area: RunningArea, db_path: Path
) -> None:
    (area.folder / "odd.lock").mkdir()  # no session file: looks like a start that died
    HistoryStore(db_path).finish(numbered_record(1))
    assert _main_ids(db_path) == {"session-000001": "completed"}
    assert _names(area) == ["odd.lock"]


def test_a_live_session_is_busy_for_every_other_store(
    area: RunningArea, db_path: Path, held: list[SessionLock]
) -> None:
    _live(area, "live", held)
    store = HistoryStore(db_path)
    with pytest.raises(SessionBusyError) as caught:
        store.claim_for_resume("live")
    assert str(caught.value) == "session live is open in another isoback that is still running"
    assert caught.value.session_id == "live"
    with pytest.raises(SessionBusyError):
        store.begin(empty_running_record("live"))
    assert store.running_session_id is None
    busy = "session live is open in another isoback that is still running"
    for change in (lambda: store.update_after("live", 1, ""), lambda: store.delete("live")):
        with pytest.raises(SessionBusyError) as caught:
            change()
        assert str(caught.value) == busy


def test_the_own_running_session_stays_and_does_not_block_an_orphan(
    area: RunningArea, db_path: Path
) -> None:
    store = HistoryStore(db_path)
    own = empty_running_record("a-own")
    store.begin(own)
    _orphan(area, "b-dead")
    store.finish(numbered_record(1))  # a write while "a-own" runs here
    assert _main_ids(db_path) == {"session-000001": "completed", "b-dead": "interrupted"}
    assert _names(area) == ["a-own.json", "a-own.lock"]
    assert {r.id: r.status for r in store.list_sessions()}["a-own"] == "in_progress"
    store.close()
