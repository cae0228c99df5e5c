"""From a session's details: write or change the note, resume an interrupted session.

The whole app on a real history file: both go through the app's saving path.
"""

from __future__ import annotations

from pathlib import Path

from isoback_tui.app import IsobackApp
from isoback_tui.core.clock import FakeClock
from isoback_tui.screens.confirm import ConfirmScreen
from isoback_tui.screens.history import HistoryScreen
from isoback_tui.screens.home import HomeScreen
from isoback_tui.screens.note import NoteScreen
from isoback_tui.screens.session import SessionScreen
from isoback_tui.screens.session_details import SessionDetailsScreen, can_resume
from isoback_tui.screens.summary import SummaryScreen
from isoback_tui.store import HistoryStore
from tests.core.helpers import make_routine
from tests.core.record_builders import at, make_record
from tests.ui.history_harness import screen_text
from tests.ui.test_app_flow import run_clock, saved
from tests.ui.test_history_writes import settle

ROUTINE = make_routine(exercises=1, reps=4, sets=1)


def app_for(db: Path, clock: FakeClock) -> IsobackApp:
    return IsobackApp(db, clock=clock, routines=([ROUTINE], []), watch_terminal=False)


def seed(db: Path, note: str = "old [b]note[/b]") -> str:
    record = make_record(at("2026-11-20 07:30"), note=note, pain_before=5, pain_after=3)
    record.routine_id = ROUTINE.id
    with HistoryStore.open(db) as store:
        store.import_records([record])
    return record.id


async def open_details(pilot, app: IsobackApp) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("h")
    await pilot.pause()
    assert isinstance(app.screen, HistoryScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, SessionDetailsScreen)


async def test_changing_the_note_saves_it_and_shows_it_literally(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "h.json"
    seed(db)
    app = app_for(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_details(pilot, app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("enter", *"[red]x[/] better", "ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, SessionDetailsScreen))
        [record] = saved(db)
        assert record["note"] == "old [b]note[/b]\n[red]x[/] better"
        assert record["pain_after"] == 3  # untouched
        assert "[red]x[/] better" in screen_text(app)
        # back in the history and in again: the table kept the new note
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailsScreen)
        assert app.screen.record.note.endswith("[red]x[/] better")


async def test_escape_or_an_unchanged_note_saves_nothing(tmp_path: Path, clock: FakeClock) -> None:
    db = tmp_path / "h.json"
    seed(db, note="line one\x1b[31m")
    app = app_for(db, clock)
    before = db.read_bytes()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_details(pilot, app)
        await pilot.press("n")
        await pilot.pause()
        assert "\x1b" not in screen_text(app)  # the escape shows as a symbol
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailsScreen)
    assert db.read_bytes() == before


async def test_a_failed_note_save_is_said_and_the_old_note_stays(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "h.json"
    record_id = seed(db)
    app = app_for(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_details(pilot, app)
        details = app.screen
        db.unlink()  # deleted behind our back: the session is no longer there
        await pilot.press("n", *"new", "ctrl+s")
        note = app.screen
        assert isinstance(note, NoteScreen)
        await settle(pilot, lambda: note.problem is not None)
        assert app.screen is note  # still open, with the text, saying why
        assert note.problem == f"there is no session {record_id} in the history"
        assert str(note.query_one("#note-status").render()) == (
            f"Could not save the note: there is no session {record_id} in the history. "
            "Your text is kept: ctrl+s tries again."
        )
        assert isinstance(details, SessionDetailsScreen)
        assert details.record.note == "old [b]note[/b]"
        assert not any("saved" in str(n.message) for n in app._notifications)


async def test_an_interrupted_session_resumes_from_its_details(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "h.json"
    first = app_for(db, clock)
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "s")
        await run_clock(pilot, first, 5 + 5 + 3 + 5 + 1)  # two reps done
        first.exit()
    [record] = saved(db)
    assert record["status"] == "interrupted"

    second = app_for(db, clock)
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(second.screen, ConfirmScreen)
        await pilot.press("n")  # not now, from start-up
        await open_details(pilot, second)
        assert "r Resume" in screen_text(second)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(second.screen, SessionScreen)
        assert second.screen.engine.state().rep_index == 2
        assert [type(s) for s in second.screen_stack[:-1]] == [HomeScreen]  # home is the first
        await run_clock(pilot, second, 5 + 5 + 3 + 5 + 1)
        assert isinstance(second.screen, SummaryScreen)
    [record] = saved(db)
    assert record["status"] == "completed" and record["reps_done"] == 4


async def test_a_completed_session_offers_no_resume(tmp_path: Path, clock: FakeClock) -> None:
    db = tmp_path / "h.json"
    seed(db)
    app = app_for(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_details(pilot, app)
        assert isinstance(app.screen, SessionDetailsScreen)
        assert not can_resume(app.screen.record)
        assert "Resume" not in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailsScreen)


async def test_without_callbacks_details_offer_neither(tmp_path: Path) -> None:
    from tests.ui.history_harness import FakeStore, HistoryApp, sample_records

    app = HistoryApp(FakeStore(sample_records()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailsScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailsScreen)
        assert "Note" not in screen_text(app).splitlines()[-1]
