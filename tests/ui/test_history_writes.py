"""A note or a delete from the history is written off the UI's thread.

The whole app on a real history file. Another isoback is played by a file
lock the test holds (the store then waits for it, on its worker thread, up
to ten seconds); a full disk or a read-only folder is injected at the
storage seam. The screen must keep answering keys meanwhile, say what is
happening, and change the table only after a real success. The polling in
`settle` is bounded and asserts nothing about time.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from filelock import FileLock
from textual.pilot import Pilot
from textual.widgets import TextArea

from isoback_tui.app import IsobackApp
from isoback_tui.core.clock import FakeClock
from isoback_tui.screens.confirm import ConfirmScreen
from isoback_tui.screens.history import HistoryScreen
from isoback_tui.screens.note import CLOSES_WHEN_SAVED, WAITING, NoteScreen
from isoback_tui.screens.session_details import UNSAVED_NOTE, SessionDetailsScreen
from isoback_tui.store import HistoryStore
from tests.core.helpers import make_routine
from tests.core.record_builders import at, make_record
from tests.ui.history_harness import screen_text
from tests.ui.test_save_failures import DiskFault

ROUTINE = make_routine(exercises=1, reps=4, sets=1)


@pytest.fixture
def fault(monkeypatch: pytest.MonkeyPatch) -> DiskFault:
    return DiskFault(monkeypatch)


def app_for(db: Path, clock: FakeClock) -> IsobackApp:
    return IsobackApp(db, clock=clock, routines=([ROUTINE], []), watch_terminal=False)


def seed(db: Path) -> None:
    """Two finished sessions: s2 (newest, the first row) and s1."""
    records = [
        make_record(at("2026-11-21 07:30"), session_id="s2", note="old note"),
        make_record(at("2026-11-20 07:30"), session_id="s1", note=""),
    ]
    for record in records:
        record.routine_id = ROUTINE.id
    with HistoryStore.open(db) as store:
        store.import_records(records)


def notes_in_file(db: Path) -> dict[str, str]:
    with HistoryStore.open(db) as store:
        return {record.id: record.note for record in store.list_sessions()}


@pytest.fixture
def other_isoback(tmp_path: Path) -> Iterator[FileLock]:
    """The history's write lock, as another isoback would hold it (released after the test)."""
    lock = FileLock(str(tmp_path / "h.json") + ".lock", thread_local=False)
    yield lock
    lock.release(force=True)


async def settle(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    """Let the worker thread and the screen catch up until `done()` (bounded polling)."""
    for _ in range(1000):
        if done():
            return
        await pilot.pause(0.01)
    raise AssertionError("the app never got there")


async def open_history(pilot: Pilot[None], app: IsobackApp) -> HistoryScreen:
    await pilot.pause()
    await pilot.press("h")
    await settle(pilot, lambda: isinstance(app.screen, HistoryScreen))
    assert isinstance(app.screen, HistoryScreen)
    return app.screen


async def write_note(pilot: Pilot[None], app: IsobackApp, text: str) -> NoteScreen:
    """From the history's first row: details, `n`, type `text` on a new line, ctrl+s."""
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, SessionDetailsScreen)
    await pilot.press("n")
    await pilot.pause()
    note = app.screen
    assert isinstance(note, NoteScreen)
    await pilot.press("enter", *text, "ctrl+s")
    return note


def told(app: IsobackApp, words: str) -> bool:
    """Whether a notification holding `words` has been shown."""
    return any(words in str(n.message) for n in app._notifications)


def status(app: IsobackApp, widget_id: str) -> str:
    widget = app.screen.query_one(f"#{widget_id}")
    return str(widget.render()) if widget.display else ""


async def test_a_held_lock_leaves_the_note_screen_alive_then_the_note_is_saved(
    tmp_path: Path, clock: FakeClock, other_isoback: FileLock
) -> None:
    db = tmp_path / "h.json"
    seed(db)
    app = app_for(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        history = await open_history(pilot, app)
        other_isoback.acquire()
        note = await write_note(pilot, app, "better")
        await settle(pilot, lambda: status(app, "note-status") == WAITING)
        assert note.saving and note.query_one(TextArea).read_only
        # the UI's thread is free: a key is handled while the write waits for the lock
        await pilot.press("escape")
        await settle(pilot, lambda: status(app, "note-status") == CLOSES_WHEN_SAVED)
        assert app.screen is note  # refused: it closes only once the note is saved
        await pilot.press("ctrl+s")  # a second save is refused too
        assert app.history_writes.running == 1
        assert notes_in_file(db)["s2"] == "old note"
        assert history.table.records[0].note == "old note"  # nothing changed before the disk did

        other_isoback.release()
        await settle(pilot, lambda: isinstance(app.screen, SessionDetailsScreen))
        assert app.screen.record.note == "old note\nbetter"
        await settle(pilot, lambda: told(app, "Note saved."))
        assert history.table.records[0].note == "old note\nbetter"
    assert notes_in_file(db) == {"s2": "old note\nbetter", "s1": ""}


async def test_a_held_lock_leaves_the_history_alive_during_a_delete(
    tmp_path: Path, clock: FakeClock, other_isoback: FileLock
) -> None:
    db = tmp_path / "h.json"
    seed(db)
    app = app_for(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        history = await open_history(pilot, app)
        other_isoback.acquire()
        await pilot.press("d", "y")
        await settle(pilot, lambda: "waiting for another isoback" in status(app, "history-status"))
        assert status(app, "history-status").startswith("Deleting the session of 2026-11-21 07:30")
        # keys are handled meanwhile: the cursor moves, a second delete is refused
        await pilot.press("down")
        await settle(pilot, lambda: history.table.cursor_row == 1)
        await pilot.press("d")
        await settle(pilot, lambda: told(app, "one delete at a time"))
        assert isinstance(app.screen, HistoryScreen)  # no second question
        await pilot.press("escape")  # queued: the history closes once the delete has ended
        await pilot.pause()
        assert app.screen is history
        assert [r.id for r in history.table.records] == ["s2", "s1"]  # not before it is done

        other_isoback.release()
        await settle(pilot, lambda: app.screen is not history)
        assert [r.id for r in history.table.records] == ["s1"]
        await settle(pilot, lambda: told(app, "Deleted the session of 2026-11-21 07:30."))
    assert notes_in_file(db) == {"s1": ""}


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
async def test_a_refused_note_is_said_and_its_text_is_kept_until_it_is_saved(
    tmp_path: Path, clock: FakeClock, fault: DiskFault, code: int
) -> None:
    db = tmp_path / "h.json"
    seed(db)
    app = app_for(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        history = await open_history(pilot, app)
        fault.code = code
        note = await write_note(pilot, app, "kept")
        await settle(pilot, lambda: note.problem is not None)
        line = status(app, "note-status")
        assert line.startswith("Could not save the note: the history file ")
        assert f"could not be written: {os.strerror(code).lower()}. Your text is kept" in line
        assert app.screen is note and not note.saving
        assert note.query_one(TextArea).text == "old note\nkept"  # what they typed is all there
        assert not note.query_one(TextArea).read_only
        assert "Note saved." not in [str(n.message) for n in app._notifications]

        # closing keeps the text for later, and the details say it is not saved
        await pilot.press("escape")
        await pilot.pause()
        details = app.screen
        assert isinstance(details, SessionDetailsScreen)
        assert details.record.note == "old note" and details.draft == "old note\nkept"
        assert UNSAVED_NOTE in screen_text(app)
        assert history.table.records[0].note == "old note"
        await pilot.press("escape")  # leaving the details with it asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # stay
        await pilot.pause()
        assert app.screen is details

        fault.code = None  # space is back: `n` opens the kept text, ctrl+s saves it
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one(TextArea).text == "old note\nkept"
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is details)
        assert details.draft is None and details.record.note == "old note\nkept"
        assert UNSAVED_NOTE not in screen_text(app)
        assert history.table.records[0].note == "old note\nkept"
    assert notes_in_file(db)["s2"] == "old note\nkept"


async def test_a_refused_delete_is_said_and_the_row_stays(
    tmp_path: Path, clock: FakeClock, fault: DiskFault
) -> None:
    db = tmp_path / "h.json"
    seed(db)
    app = app_for(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        history = await open_history(pilot, app)
        fault.code = errno.ENOSPC
        await pilot.press("d", "y")
        await settle(pilot, lambda: told(app, "Could not delete"))
        assert history.deleting is None
        assert [r.id for r in history.table.records] == ["s2", "s1"]
        messages = [str(n.message) for n in app._notifications]
        assert any(
            m.startswith("Could not delete: the history file ")
            and m.endswith("could not be written: no space left on device")
            for m in messages
        )
        assert not any("Deleted" in m for m in messages)
        assert status(app, "history-status") == ""
    assert set(notes_in_file(db)) == {"s2", "s1"}


async def test_resuming_waits_while_the_history_is_written(
    tmp_path: Path, clock: FakeClock, other_isoback: FileLock
) -> None:
    """Resume would close the screens whose write is under way: it is refused until it ends."""
    db = tmp_path / "h.json"
    seed(db)
    app = app_for(db, clock)
    interrupted = make_record(at("2026-11-19 07:30"), session_id="s0", reps_done=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot, app)
        other_isoback.acquire()
        await pilot.press("d", "y")
        await settle(pilot, lambda: app.history_writes.running == 1)
        app.resume_from_history(interrupted)
        await settle(pilot, lambda: told(app, "being written"))
        assert isinstance(app.screen, HistoryScreen)
        other_isoback.release()
        await settle(pilot, lambda: app.history_writes.running == 0)


async def test_at_40_by_15_the_whole_failure_shows_with_the_text(
    tmp_path: Path, clock: FakeClock, fault: DiskFault
) -> None:
    db = tmp_path / "h.json"
    seed(db)
    app = app_for(db, clock)
    async with app.run_test(size=(40, 15)) as pilot:
        await open_history(pilot, app)
        fault.code = errno.ENOSPC
        note = await write_note(pilot, app, "kept")
        await settle(pilot, lambda: note.problem is not None)
        await pilot.pause()
        rows = [row.strip("│ ") for row in screen_text(app).splitlines()]
        words = " ".join(rows)
        assert "▊ kept" in words  # the typed text is still in sight
        assert "Could not save the note: the history file" in words
        assert "could not be written: no space left on device." in words
        assert "Your text is kept: ctrl+s tries again." in words
        assert rows[-2].startswith("╰")  # the box ends on screen, above the key bar


async def test_a_write_that_breaks_unexpectedly_still_answers_and_claims_nothing() -> None:
    """Whatever stops a write, its screen hears the end: never a "Saving…" forever."""
    from textual.app import App

    from isoback_tui.history_writes import UNEXPECTED, HistoryWrites, WriteRequest

    answers: list[tuple[object, str | None]] = []

    def broken() -> str:
        raise RuntimeError("a bug")

    app: App[None] = App()
    async with app.run_test() as pilot:
        writes = HistoryWrites(app)
        writes.start(
            WriteRequest(broken, lambda result, problem: answers.append((result, problem)))
        )
        assert writes.running == 1
        await settle(pilot, lambda: bool(answers))
        assert answers == [(None, UNEXPECTED)]
        assert writes.running == 0
        assert app.is_running  # the error is the worker's, not the app's end


async def test_quitting_while_a_note_is_saved_waits_for_it(
    tmp_path: Path, clock: FakeClock, other_isoback: FileLock
) -> None:
    db = tmp_path / "h.json"
    seed(db)
    app = app_for(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot, app)
        other_isoback.acquire()
        await write_note(pilot, app, "then quit")
        await settle(pilot, lambda: app.history_writes.running == 1)
        await app.action_quit()
        await settle(pilot, lambda: told(app, "isoback quits once that is done"))
        assert not app._exit
        other_isoback.release()
        await settle(pilot, lambda: app._exit)
    assert notes_in_file(db)["s2"] == "old note\nthen quit"


async def test_quitting_while_a_note_is_saved_stays_when_it_fails(
    tmp_path: Path, clock: FakeClock, other_isoback: FileLock, fault: DiskFault
) -> None:
    db = tmp_path / "h.json"
    seed(db)
    app = app_for(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot, app)
        other_isoback.acquire()
        note = await write_note(pilot, app, "not lost")
        await settle(pilot, lambda: app.history_writes.running == 1)
        await app.action_quit()
        fault.code = errno.ENOSPC
        other_isoback.release()
        await settle(pilot, lambda: note.problem is not None)
        await pilot.pause()
        assert not app._exit and app.screen is note  # the failure and the text stay in sight
        assert note.query_one(TextArea).text == "old note\nnot lost"
        await app.action_quit()  # asked again, now it quits (nothing is being written)
        assert app._exit
