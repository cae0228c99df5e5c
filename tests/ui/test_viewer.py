"""The app of a viewer login (isoback serve): the history only, and nothing changes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from isoback_tui.app import IsobackApp
from isoback_tui.core.clock import FakeClock
from isoback_tui.core.plan import SessionSettings
from isoback_tui.screens.confirm import ConfirmScreen
from isoback_tui.screens.damaged import DamagedHistoryScreen
from isoback_tui.screens.history import HistoryScreen
from isoback_tui.screens.session_details import SessionDetailsScreen
from isoback_tui.store import HistoryStore
from tests.core.helpers import make_routine
from tests.core.record_builders import at, make_record

ROUTINE = make_routine(exercises=1, reps=2, sets=1)


def viewer_app(db: Path, clock: FakeClock) -> IsobackApp:
    return IsobackApp(
        db, clock=clock, routines=([ROUTINE], []), watch_terminal=False, read_only=True
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def seeded(tmp_path: Path) -> Path:
    db = tmp_path / "histories" / "history.json"
    with HistoryStore(db) as store:
        store.import_records([make_record(at("2026-11-20 07:30"), session_id="done-1")])
    return db


def shown_notes(app: IsobackApp) -> list[str]:
    return [str(note.message) for note in app._notifications]


async def test_opens_on_the_history_and_refuses_to_delete(tmp_path: Path, clock: FakeClock) -> None:
    db = seeded(tmp_path)
    before = digest(db)
    files = sorted(p.name for p in db.parent.iterdir())
    app = viewer_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "View only: nothing can be changed." in shown_notes(app)
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert any(note == "View only: no deleting here." for note in shown_notes(app))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        app.begin_session(ROUTINE, SessionSettings(), ask_pain=False)
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert any(note == "View only: no new sessions here." for note in shown_notes(app))
        app.save_session(make_record(at("2026-11-21 07:30")), True)  # even if asked directly
        app.update_finished(make_record(at("2026-11-20 07:30"), session_id="done-1", note="x"))
        await pilot.pause()
        await pilot.press("escape")  # leaving the history leaves the app
        await pilot.pause()
    assert app.return_code in (0, None)
    assert not app.is_running
    assert digest(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == files


async def test_a_damaged_history_is_never_moved_by_a_viewer(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "histories" / "history.json"
    db.parent.mkdir()
    db.write_text('{"sessions": {"1": {"id": ')
    before = digest(db)
    app = viewer_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DamagedHistoryScreen)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, DamagedHistoryScreen)
        assert any(note == "View only: no moving it aside." for note in shown_notes(app))
        await pilot.press("q")
    assert app.return_code == 1
    assert digest(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["history.json"]


def footer_keys(app: IsobackApp) -> list[str]:
    from textual.widgets._footer import FooterKey

    return [key.description for key in app.screen.query(FooterKey)]


async def test_a_viewer_is_not_offered_the_delete_key(tmp_path: Path, clock: FakeClock) -> None:
    db = seeded(tmp_path)
    owner = IsobackApp(db, clock=clock, routines=([ROUTINE], []), watch_terminal=False)
    async with owner.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")  # at once: before the history is read, it is read now
        for _ in range(5):
            await pilot.pause()
        assert isinstance(owner.screen, HistoryScreen)
        assert "Delete" in footer_keys(owner)
    viewer = viewer_app(db, clock)
    async with viewer.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(viewer.screen, HistoryScreen)
        assert "Details" in footer_keys(viewer)
        assert "Delete" not in footer_keys(viewer)
