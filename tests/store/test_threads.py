"""Two threads of one process writing the history: one waits for the other, nothing is lost.

The file lock keeps other processes out, but within one process it is
shared (filelock counts a second acquire as re-entry), so the store holds a
mutex of its own around each read-modify-write. The write that goes first is
paused inside the storage by the test, deterministically: no sleeps.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from isoback_tui.store import HistoryFileError, HistoryStore
from isoback_tui.store.storage import AtomicJSONStorage
from tests.core.record_builders import at, make_record

SAFETY_S = 30.0
"""Only so a broken store fails the test instead of hanging it; never reached when it works."""


class Gate:
    """Pauses the first storage call of one kind made by one thread until the test opens it."""

    def __init__(self) -> None:
        self.thread: int | None = None
        self.kind = ""
        self.reached = threading.Event()
        self.opened = threading.Event()
        self.fail_with: Exception | None = None

    def arm(self, kind: str) -> None:
        """Pause the next `kind` ("read" or "write") of the calling thread."""
        self.thread, self.kind = threading.get_ident(), kind

    def pass_through(self, kind: str) -> None:
        if self.thread == threading.get_ident() and kind == self.kind:
            self.thread = None
            self.reached.set()
            assert self.opened.wait(SAFETY_S), "the test never opened the gate"
            if self.fail_with is not None:
                raise self.fail_with


def gated_storage(gate: Gate) -> Callable[[Path], AtomicJSONStorage]:
    """The real on-disk storage, with the gate before each read returns and each write starts."""

    class GatedStorage(AtomicJSONStorage):
        def read(self) -> dict[str, dict[str, Any]] | None:
            data = super().read()
            gate.pass_through("read")
            return data

        def write(self, data: dict[str, dict[str, Any]]) -> None:
            gate.pass_through("write")
            super().write(data)

    return GatedStorage


class SeenWaiting:
    """Stands in for the store's write mutex and tells the test when a thread has to wait."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.waiting = threading.Event()

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if self._lock.acquire(blocking=False):
            return True
        if not blocking:
            return False
        self.waiting.set()
        return self._lock.acquire(timeout=timeout)

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()


def in_thread(work: Callable[[], object]) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as error:  # handed to the test, which raises it
            errors.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, errors


def two_sessions(db_path: Path) -> None:
    first = make_record(at("2026-11-20 07:30"), session_id="one", note="")
    second = make_record(at("2026-11-21 07:30"), session_id="two", note="")
    with HistoryStore(db_path) as store:
        store.import_records([first, second])


@pytest.fixture
def gate() -> Iterator[Gate]:
    opened = Gate()
    yield opened
    opened.opened.set()  # never leave a thread paused behind a failed test


def finished(session_id: str) -> Any:
    return make_record(at("2026-11-22 07:30"), session_id=session_id, note="done")


SECOND_WRITES: dict[str, Callable[[HistoryStore], object]] = {
    "note": lambda store: store.update_after("two", 1, "second thread"),
    "delete": lambda store: store.delete("two"),
    "finish": lambda store: store.finish(finished("three")),
}


def second_write_landed(name: str, db_path: Path) -> bool:
    ids = {record.id: record for record in HistoryStore(db_path).list_sessions()}
    if name == "note":
        return ids["two"].note == "second thread"
    if name == "delete":
        return "two" not in ids
    return "three" in ids


@pytest.mark.parametrize("second", sorted(SECOND_WRITES))
def test_a_write_from_another_thread_waits_and_neither_is_lost(
    db_path: Path, gate: Gate, second: str
) -> None:
    """A note save paused after reading the file; another thread writes meanwhile."""
    two_sessions(db_path)
    store = HistoryStore(db_path, gated_storage(gate))
    mutex = SeenWaiting()
    store._write_mutex = mutex  # type: ignore[assignment]  # the same lock, made observable

    def first_write() -> None:
        gate.arm("read")
        store.update_after("one", 2, "first thread")

    first, first_errors = in_thread(first_write)
    assert gate.reached.wait(SAFETY_S)  # the first write has read the file and holds the lock
    then, second_errors = in_thread(lambda: SECOND_WRITES[second](store))
    # the second write must wait for the first; unguarded, it would run through to the end
    waited_or_ended = threading.Event()
    threading.Thread(
        target=lambda: (then.join(SAFETY_S), waited_or_ended.set()), daemon=True
    ).start()
    threading.Thread(
        target=lambda: (mutex.waiting.wait(SAFETY_S), waited_or_ended.set()), daemon=True
    ).start()
    assert waited_or_ended.wait(SAFETY_S)
    gate.opened.set()
    first.join(SAFETY_S)
    then.join(SAFETY_S)
    assert not first.is_alive() and not then.is_alive()
    assert first_errors == [] and second_errors == []
    assert mutex.waiting.is_set()  # the second write did wait
    assert HistoryStore(db_path).get("one").note == "first thread"  # type: ignore[union-attr]
    assert second_write_landed(second, db_path)


def test_a_reader_on_another_thread_never_sees_a_write_that_has_not_happened(
    db_path: Path, gate: Gate
) -> None:
    """While a write is under way, other threads read the file, not the writer's memory."""
    two_sessions(db_path)
    store = HistoryStore(db_path, gated_storage(gate))
    gate.fail_with = HistoryFileError(db_path, "could not be written: No space left on device")

    def failing_write() -> None:
        gate.arm("write")
        store.update_after("one", 2, "never saved")

    writer, errors = in_thread(failing_write)
    assert gate.reached.wait(SAFETY_S)  # the new note is in the writer's memory, not on disk
    assert store.get("one").note == ""  # type: ignore[union-attr]
    assert {r.id: r.note for r in store.list_sessions()} == {"one": "", "two": ""}
    gate.opened.set()
    writer.join(SAFETY_S)
    assert [type(e) for e in errors] == [HistoryFileError]
    assert store.get("one").note == ""  # type: ignore[union-attr]
