"""HistoryStore's promises one by one: the sentences it raises, the lock, resuming, moving aside."""

from __future__ import annotations

import errno
import gc
import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from filelock import FileLock

from isoback_tui.store import (
    HistoryError,
    HistoryFileError,
    HistoryStore,
    SessionNotFoundError,
    SessionNotResumableError,
    history,
)
from isoback_tui.store.running import RunningArea
from tests.core.record_builders import (
    add_rep,
    at,
    empty_running_record,
    make_record,
    numbered_record,
)
from tests.store.helpers import file_digest


def _sessions_in_file(db_path: Path) -> dict[str, str]:
    docs = json.loads(db_path.read_text())["sessions"].values()
    return {doc["id"]: doc["status"] for doc in docs}


# -- the sentences of wrong calls ---------------------------------------------------


def test_wrong_calls_say_what_is_wrong(db_path: Path) -> None:
    store = HistoryStore(db_path)
    with pytest.raises(HistoryError) as caught:
        store.save_progress(empty_running_record("x"))
    assert str(caught.value) == "session x is not running in this isoback"
    store.begin(empty_running_record("one"))
    with pytest.raises(HistoryError) as caught:
        store.begin(empty_running_record("two"))
    assert str(caught.value) == "this isoback is already running another session"
    with pytest.raises(HistoryError) as caught:
        store.save_progress(empty_running_record("two"))
    assert str(caught.value) == "session two is not running in this isoback"
    with pytest.raises(HistoryError) as caught:
        store.claim_for_resume("one")
    assert str(caught.value) == "this isoback is already running a session"
    with pytest.raises(ValueError) as value:
        store.finish(empty_running_record("one"))
    assert str(value.value) == "finish() needs a completed or ended-early session, not in_progress"
    assert store.running_session_id == "one"
    store.close()


def test_update_after_refuses_bad_values_in_one_sentence(db_path: Path) -> None:
    store = HistoryStore(db_path)
    store.finish(numbered_record(1))
    pain = "pain after must be a whole number from 0 to 10, or None"
    for bad in (11, -1, True, 2.5, "3"):
        with pytest.raises(ValueError) as caught:
            store.update_after("session-000001", bad, "")  # type: ignore[arg-type]
        assert str(caught.value) == pain
    with pytest.raises(ValueError) as caught:
        store.update_after("session-000001", 1, None)  # type: ignore[arg-type]
    assert str(caught.value) == "the note must be text"
    for fine in (0, 10, None):
        assert store.update_after("session-000001", fine, "n").pain_after == fine


def test_resuming_what_cannot_be_resumed_is_one_sentence(db_path: Path) -> None:
    store = HistoryStore(db_path)
    store.import_records(
        [
            numbered_record(1),
            numbered_record(2, status="interrupted"),
            numbered_record(3, status="ended_early", done_per_set=2),
        ]
    )
    cases = {
        "session-000001": "session session-000001 cannot be resumed: it has ended",
        "session-000002": "session session-000002 cannot be resumed: every rep is done or skipped",
        "session-000003": "session session-000003 cannot be resumed: it has ended",
    }
    for session_id, sentence in cases.items():
        with pytest.raises(SessionNotResumableError) as caught:
            store.claim_for_resume(session_id)
        assert str(caught.value) == sentence
        assert caught.value.session_id == session_id
    with pytest.raises(SessionNotFoundError) as missing:
        store.claim_for_resume("ghost")
    assert str(missing.value) == "there is no session ghost in the history"
    assert missing.value.session_id == "ghost"
    # every refusal let go of the session: another store can take it
    assert store.running_session_id is None
    other = HistoryStore(db_path)
    with pytest.raises(SessionNotResumableError):
        other.claim_for_resume("session-000001")


def test_a_damaged_session_is_named_by_its_place_and_id(db_path: Path) -> None:
    good = numbered_record(1).to_dict()
    bad = dict(numbered_record(2).to_dict(), reps_planned=-3)
    nameless = dict(numbered_record(3).to_dict(), id="", reps_planned=-3)
    db_path.parent.mkdir(parents=True)
    for sessions, which in (
        ({"1": good, "7": bad}, "session 7 (id session-000002)"),
        ({"4": nameless}, "session 4"),
    ):
        db_path.write_text(
            json.dumps(
                {"meta": {"1": {"app": "isoback", "schema_version": 1}}, "sessions": sessions}
            )
        )
        with pytest.raises(HistoryFileError) as caught:
            HistoryStore.open(db_path)
        assert str(caught.value).startswith(f"the history file {db_path} is damaged: {which}: ")


# -- the session this store runs ------------------------------------------------------


def test_a_failed_finish_keeps_the_session_owned_until_it_succeeds(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = HistoryStore(db_path)
    record = empty_running_record("s")
    store.begin(record)
    add_rep(record, 15)
    record.status = "completed"

    def refuse(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(HistoryFileError):
        store.finish(record)
    monkeypatch.undo()
    assert store.running_session_id == "s"
    assert store.update_after("s", 2, "later").note == "later"  # the running copy answers
    store.finish(record)
    assert store.running_session_id is None
    assert _sessions_in_file(db_path) == {"s": "completed"}
    assert store.running_file("s") is None
    assert sorted(p.name for p in RunningArea(db_path).folder.iterdir()) == []


def test_finish_saves_the_final_record_even_when_the_main_file_refuses(
    db_path: Path,
) -> None:
    """A damaged main file refuses the finish; the final record waits in the running file."""
    store = HistoryStore(db_path)
    record = empty_running_record("s")
    store.begin(record)
    add_rep(record, 15)
    record.status = "completed"
    db_path.write_text("not json")
    with pytest.raises(HistoryFileError):
        store.finish(record)
    running = store.running_file("s")
    assert running is not None
    saved = json.loads(running.read_text())["session"]
    assert saved["status"] == "completed" and saved["reps_done"] == 1
    store.close()


def test_update_after_of_the_own_session_whose_file_went(db_path: Path) -> None:
    store = HistoryStore(db_path)
    store.begin(empty_running_record("s"))
    running = store.running_file("s")
    assert running is not None
    running.unlink()
    with pytest.raises(SessionNotFoundError) as caught:
        store.update_after("s", 1, "")
    assert str(caught.value) == "there is no session s in the history"
    store.close()


def test_deleting_the_own_session_that_is_also_in_the_file(db_path: Path) -> None:
    store = HistoryStore(db_path)
    store.import_records([numbered_record(1, status="interrupted", done_per_set=2)])
    store.claim_for_resume("session-000001")
    store.delete("session-000001")
    assert store.list_sessions() == [] and store.running_session_id is None
    assert _sessions_in_file(db_path) == {}
    with pytest.raises(SessionNotFoundError):
        store.delete("session-000001")


def test_a_resumed_session_that_ran_elsewhere_comes_back_from_its_running_file(
    db_path: Path,
) -> None:
    """An orphan's running copy is newer than nothing: claiming it takes the copy, in progress."""
    area = RunningArea(db_path)
    area.prepare()
    area.write(numbered_record(1, status="in_progress", done_per_set=2))
    store = HistoryStore(db_path)
    record = store.claim_for_resume("session-000001")
    assert (record.status, record.reps_done, record.ended_at) == ("in_progress", 24, None)
    assert [(r.id, r.status) for r in store.list_sessions()] == [("session-000001", "in_progress")]
    store.close()


def test_latest_resumable_skips_running_and_finished_copies(db_path: Path) -> None:
    store = HistoryStore(db_path)
    store.import_records(
        [
            numbered_record(1, status="interrupted", done_per_set=2),
            numbered_record(5, status="completed"),
        ]
    )
    mine = empty_running_record("mine")
    store.begin(mine)  # live here: never offered
    area = RunningArea(db_path)
    stale = numbered_record(5, status="in_progress", done_per_set=1)
    area.write(stale)  # a stale running copy of a finished session: the finished one counts
    resumable = store.latest_resumable()
    assert resumable is not None and resumable.id == "session-000001"
    assert HistoryStore(db_path).latest_resumable() is not None
    store.list_sessions()  # the parse kept for the next question
    again = store.latest_resumable()
    assert again is not None and again.id == "session-000001"
    store.close()


def test_the_newest_of_equal_starts_is_the_greater_id(db_path: Path) -> None:
    start = datetime.fromisoformat("2026-01-01T07:00:00+00:00")
    store = HistoryStore(db_path)
    store.import_records(
        [numbered_record(session_id=sid, started_at=start) for sid in ("b", "a", "c")]
    )
    assert [r.id for r in store.list_sessions()] == ["c", "b", "a"]


# -- the write lock -------------------------------------------------------------------


def test_waiting_for_another_isobacks_lock_is_announced_once(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = HistoryStore(db_path)
    store.finish(numbered_record(1))
    waits: list[int] = []
    store.on_lock_wait = lambda: waits.append(1)
    store.finish(numbered_record(2))
    assert waits == []  # nobody else held it
    monkeypatch.setattr(history, "LOCK_TIMEOUT_S", 0.05)
    fresh = HistoryStore(db_path)
    fresh.on_lock_wait = lambda: waits.append(1)
    with FileLock(str(db_path) + ".lock"):
        with pytest.raises(HistoryFileError) as caught:
            fresh.finish(numbered_record(3))
    assert waits == [1]
    assert str(caught.value) == (
        f"the history file {db_path} is locked by another isoback that has not let go for"
        " 0.05 seconds"
    )


def test_a_lock_file_that_cannot_be_made_is_said_at_once(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    lock_file = Path(str(db_path) + ".lock")
    lock_file.mkdir()  # a folder where the lock file goes
    before = file_digest(db_path.parent)
    with pytest.raises(HistoryFileError) as caught:
        HistoryStore(db_path).finish(numbered_record(1))
    assert str(caught.value) == (
        f"the history file {db_path} cannot be locked: its lock file {lock_file} cannot be made"
        " (is a directory)"
    )
    assert file_digest(db_path.parent) == before


def test_a_lock_file_refused_by_permissions_is_said_at_once(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Injected at the open: the tests may run as root."""
    db_path.parent.mkdir(parents=True)
    lock_file = str(db_path) + ".lock"
    real_open = os.open

    def denied(path: object, *args: object, **kwargs: object) -> int:
        if os.fspath(path) == lock_file:  # type: ignore[call-overload]
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(HistoryFileError) as caught:
        HistoryStore(db_path).finish(numbered_record(1))
    assert str(caught.value) == (
        f"the history file {db_path} cannot be locked: its lock file {lock_file} cannot be made"
        " (permission denied)"
    )


def test_a_lock_that_fails_is_one_sentence(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(FileLock, "acquire", broken)
    with pytest.raises(HistoryFileError) as caught:
        HistoryStore(db_path).finish(numbered_record(1))
    assert str(caught.value) == (
        f"the history file {db_path} cannot be locked for writing: no locks available"
    )


def test_a_folder_that_cannot_be_made_for_the_history_is_one_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file")
    path = blocker / "sub" / "history.json"
    with pytest.raises(HistoryFileError) as caught:
        HistoryStore(path).import_records([numbered_record(1)])
    assert str(caught.value) == (
        f"the history file {path} cannot be written: its folder cannot be made (file exists)"
    )


def test_a_running_folder_that_cannot_be_made_is_one_sentence(tmp_path: Path) -> None:
    db_path = tmp_path / "history.json"
    folder = tmp_path / "history.json.running"
    folder.write_text("a file where the running folder goes")
    store = HistoryStore(db_path)
    with pytest.raises(HistoryFileError) as caught:
        store.begin(empty_running_record("s"))
    assert str(caught.value) == f"the folder {folder} cannot be used: file exists"
    assert store.running_session_id is None


# -- moving a damaged file aside ------------------------------------------------------------


def test_move_aside_says_when_there_is_nothing(db_path: Path) -> None:
    with pytest.raises(HistoryError) as caught:
        HistoryStore.move_aside(db_path)
    assert str(caught.value) == f"there is no history file at {db_path} to move aside"


def test_move_aside_numbers_names_already_taken(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path.parent.mkdir(parents=True)
    frozen = datetime(2026, 11, 25, 14, 0, 5)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Frozen:
            return cls.fromtimestamp(frozen.timestamp())

    monkeypatch.setattr(history, "datetime", Frozen)
    names = []
    for n in range(3):
        db_path.write_text(f"damaged {n}")
        names.append(HistoryStore.move_aside(db_path).name)
    stem = "history.json.damaged-20261125-140005"
    assert names == [stem, f"{stem}-2", f"{stem}-3"]
    assert (db_path.parent / f"{stem}-2").read_text() == "damaged 1"


def test_move_aside_without_hard_links_still_never_overwrites(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system without hard links: a plain rename, after checking the name is free."""

    def no_links(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", no_links)
    db_path.parent.mkdir(parents=True)
    db_path.write_text("first")
    first = HistoryStore.move_aside(db_path)
    db_path.write_text("second")
    second = HistoryStore.move_aside(db_path)
    assert first != second and not db_path.exists()
    assert (first.read_text(), second.read_text()) == ("first", "second")


def test_a_move_aside_that_fails_is_one_sentence(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(os, "link", read_only)
    monkeypatch.setattr(os, "rename", read_only)
    db_path.parent.mkdir(parents=True)
    db_path.write_text("damaged")
    with pytest.raises(HistoryFileError) as caught:
        HistoryStore.move_aside(db_path)
    assert str(caught.value) == (
        f"the history file {db_path} could not be moved aside: read-only file system"
    )
    assert db_path.read_text() == "damaged"


def test_a_folder_at_the_history_path_can_be_moved_aside(db_path: Path) -> None:
    db_path.mkdir(parents=True)
    (db_path / "inside").write_text("kept")
    moved = HistoryStore.move_aside(db_path)
    assert (moved / "inside").read_text() == "kept" and not db_path.exists()


# -- the collector -------------------------------------------------------------------------


def test_the_collector_is_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with history.gc_paused():
        assert not gc.isenabled()
        with history.gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with history.gc_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def test_finishing_again_replaces_the_finished_copy(db_path: Path) -> None:
    """A session finished again (its summary saved once more) keeps the last words."""
    store = HistoryStore(db_path)
    store.finish(numbered_record(1, note="first"))
    store.finish(numbered_record(1, note="second"))
    assert [(r.id, r.note) for r in store.list_sessions()] == [("session-000001", "second")]


def test_import_skips_a_session_that_is_running_here(db_path: Path) -> None:
    store = HistoryStore(db_path)
    store.begin(empty_running_record("running"))
    added = store.import_records([numbered_record(session_id="running"), numbered_record(2)])
    assert added == (1, 1)
    assert _sessions_in_file(db_path) == {"session-000002": "completed"}
    store.close()


def test_a_stale_running_copy_never_reopens_a_finished_session(db_path: Path) -> None:
    store = HistoryStore(db_path)
    store.finish(numbered_record(5))
    area = RunningArea(db_path)
    area.write(numbered_record(5, status="in_progress", done_per_set=1))
    with pytest.raises(SessionNotResumableError) as caught:
        store.claim_for_resume("session-000005")
    assert str(caught.value) == "session session-000005 cannot be resumed: it has ended"
    assert _sessions_in_file(db_path) == {"session-000005": "completed"}


def test_finishing_or_editing_one_session_leaves_the_others(db_path: Path) -> None:
    store = HistoryStore(db_path)
    store.import_records([numbered_record(1), numbered_record(2, note="two")])
    store.finish(numbered_record(1, note="again"))
    store.update_after("session-000001", 1, "edited")
    notes = {r.id: (r.note, r.pain_after) for r in store.list_sessions()}
    assert notes == {"session-000001": ("edited", 1), "session-000002": ("two", 3)}


def test_a_session_with_every_rep_done_or_skipped_is_not_resumable(db_path: Path) -> None:
    record = make_record(
        at("2026-11-20 07:30"),
        session_id="s",
        status="interrupted",
        reps_done=10,
        reps_skipped=5,
        reps_planned=15,
    )
    store = HistoryStore(db_path)
    store.import_records([record])
    assert store.latest_resumable() is None
    with pytest.raises(SessionNotResumableError, match="every rep is done or skipped"):
        store.claim_for_resume("s")


def test_the_waiting_is_announced_before_any_wait(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screen says "waiting for another isoback" at once, not after a first timeout."""
    from filelock import Timeout

    events: list[object] = []

    class HeldElsewhere:
        lock_file = str(db_path) + ".lock"

        def acquire(self, blocking: bool = True) -> None:
            events.append(("acquire", blocking))
            if len(events) == 1:
                raise Timeout(self.lock_file)

        def release(self) -> None:
            events.append("release")

    monkeypatch.setattr(history, "_main_lock", lambda _path: HeldElsewhere())
    store = HistoryStore(db_path)
    store.on_lock_wait = lambda: events.append("announced")
    store.finish(numbered_record(1))
    assert events == [("acquire", False), "announced", ("acquire", True), "release"]


def test_a_lock_file_that_is_a_link_is_never_followed(db_path: Path, tmp_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    lock_file = Path(str(db_path) + ".lock")
    lock_file.symlink_to(elsewhere)
    with pytest.raises(HistoryFileError) as caught:
        HistoryStore(db_path).finish(numbered_record(1))
    assert str(caught.value) == (
        f"the history file {db_path} cannot be locked: its lock file {lock_file} cannot be made"
        " (too many levels of symbolic links)"
    )
    assert not elsewhere.exists() and not db_path.exists()


def test_move_aside_waits_for_the_write_lock(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text("damaged")
    monkeypatch.setattr(history, "LOCK_TIMEOUT_S", 0.05)
    with FileLock(str(db_path) + ".lock"):
        with pytest.raises(HistoryFileError) as caught:
            HistoryStore.move_aside(db_path)
    assert str(caught.value) == (
        f"the history file {db_path} is locked by another isoback that has not let go for"
        " 0.05 seconds"
    )
    assert db_path.read_text() == "damaged"


def test_move_aside_moves_a_link_as_a_rename_would(db_path: Path, tmp_path: Path) -> None:
    real = tmp_path / "synced" / "history.json"
    real.parent.mkdir()
    real.write_text("damaged")
    db_path.parent.mkdir(parents=True)
    db_path.symlink_to(real)
    moved = HistoryStore.move_aside(db_path)
    assert moved.is_symlink() and moved.resolve() == real
    assert real.read_text() == "damaged" and not os.path.lexists(db_path)


def test_open_uses_the_storage_it_is_given(db_path: Path) -> None:
    from tinydb.storages import MemoryStorage

    memory = MemoryStorage()  # type: ignore[no-untyped-call]
    store = HistoryStore.open(db_path, lambda _path: memory)
    store.finish(numbered_record(1))
    assert [r.id for r in store.list_sessions()] == ["session-000001"]
    assert not db_path.exists()
