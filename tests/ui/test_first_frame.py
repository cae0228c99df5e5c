"""The first frame waits for nothing it doesn't show (issue 13, PRODUCT.md 6).

Home is drawn before the history is read: the store's open check and the
plans' reading (a 10,000-session history takes about a second) start only
once the first frame has been rendered. `isoback start --no-pain` opens on
the live screen as the app's first screen, drawn once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import Static

from isoback_tui.app import IsobackApp
from isoback_tui.cli import StartRequest
from isoback_tui.core.clock import FakeClock
from isoback_tui.core.plan import SessionSettings
from isoback_tui.plans import Plans
from isoback_tui.screens.damaged import DamagedHistoryScreen
from isoback_tui.screens.help import HelpScreen
from isoback_tui.screens.home import HomeScreen
from isoback_tui.screens.session import SessionScreen
from isoback_tui.screens.summary import SummaryScreen
from isoback_tui.store import HistoryStore
from tests.core.helpers import make_routine
from tests.core.record_builders import numbered_record

ROUTINE = make_routine(exercises=1, reps=2, sets=1)


async def test_home_is_drawn_before_the_history_is_read(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "history.json"
    HistoryStore(db).import_records([numbered_record(n) for n in range(3)])
    happened = first_frame_and_opening(monkeypatch, "home drawn")
    read_history = Plans.read_history

    def read(self: Plans) -> object:
        happened.append("plans read")
        return read_history(self)

    monkeypatch.setattr(Plans, "read_history", read)
    app = IsobackApp(db, clock=clock, routines=([ROUTINE], []), watch_terminal=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(20):
            await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, HomeScreen)
        assert happened[0] == "home drawn", happened
        assert {"history opened", "plans read"} <= set(happened)
        assert app.store is not None


NO_PAIN_START = StartRequest(ROUTINE.id, SessionSettings(countdown_s=0), ask_pain=False)


def start_app(db: Path, clock: FakeClock) -> IsobackApp:
    return IsobackApp(
        db, clock=clock, start=NO_PAIN_START, routines=([ROUTINE], []), watch_terminal=False
    )


async def test_start_draws_the_live_screen_once_before_its_first_frame(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`isoback start --no-pain` opens on the live screen as the app's first screen.

    A screen pushed from the app's on_mount is rendered while the app is still
    starting (Textual throws that frame away) and then again: ~40 ms more before
    the first HOLD frame on a real terminal (bench/bench_waits.py).
    """
    renders: list[str] = []
    display = App._display

    def shown(self: App[object], screen: Screen[object], update: object) -> None:
        if update is not None and isinstance(screen, SessionScreen):
            renders.append("thrown away" if self._batch_count else "written")
        display(self, screen, update)

    monkeypatch.setattr(App, "_display", shown)
    app = start_app(tmp_path / "history.json", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        alone = app.screen_stack == [app.screen]  # nothing beneath it
        assert app.screen.query_one("#live-phase", Static).content == "HOLD"
    assert renders and renders[0] == "written", renders
    assert alone


async def test_start_on_a_damaged_history_asks_before_anything_starts(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "history.json"
    db.write_text('{"sessions": {"1": {"id": ')
    before = db.read_bytes()
    app = start_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DamagedHistoryScreen)
        assert not any(isinstance(screen, SessionScreen) for screen in app.screen_stack)
        await pilot.press("q")
    assert app.return_code == 1
    assert db.read_bytes() == before
    beside = {p.name for p in tmp_path.iterdir() if p.name.startswith("history.json.")}
    assert beside <= {"history.json.lock"}  # no running session, nothing moved aside

    app = start_app(db, clock)  # again, moving it aside: then the session starts
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.engine.state().phase.value == "HOLD"


async def test_the_first_live_screen_ends_on_the_summary_over_home(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "history.json"
    app = start_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        live = app.screen
        assert isinstance(live, SessionScreen)
        await pilot.press("q", "y")  # end it now
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert live.engine.done  # it stays beneath home, finished and still
        await app.workers.wait_for_complete()
        await pilot.press("q")
    [saved] = HistoryStore.open(db).list_sessions()
    assert saved.id == live.engine.record.id


@pytest.mark.parametrize("first", [True, False], ids=["first screen", "pushed"])
async def test_a_session_that_ends_under_the_help_closes_the_help(
    tmp_path: Path, clock: FakeClock, first: bool
) -> None:
    """The last hold ends while the key help is open: the summary shows, not the help
    over a finished live screen."""
    request = StartRequest(ROUTINE.id, SessionSettings(countdown_s=0), ask_pain=not first)
    app = IsobackApp(
        tmp_path / "history.json",
        clock=clock,
        start=request,
        routines=([ROUTINE], []),
        watch_terminal=False,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if not first:
            await pilot.press("s")  # skip the pain question
            await pilot.pause()
        live = app.screen
        assert isinstance(live, SessionScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        clock.advance(60)
        live.tick()
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert not any(isinstance(screen, HelpScreen) for screen in app.screen_stack)
        beneath = [screen for screen in app.screen_stack if isinstance(screen, SessionScreen)]
        assert beneath == ([live] if first else [])  # a pushed live screen is gone


def first_frame_and_opening(
    monkeypatch: pytest.MonkeyPatch, drawn: str = "live drawn"
) -> list[str]:
    """A list that gets `drawn` at the first frame written to the terminal (headless:
    would be written) and "history opened" each time the app opens its history, in
    the order they happen."""
    happened: list[str] = []
    display = App._display
    open_store = HistoryStore.open.__func__  # type: ignore[attr-defined]

    def written(self: App[object], screen: Screen[object], update: object) -> None:
        if update is not None and not self._batch_count and drawn not in happened:
            happened.append(drawn)
        display(self, screen, update)

    def opened(cls: type[HistoryStore], path: Path, *args: object) -> HistoryStore:
        happened.append("history opened")
        store: HistoryStore = open_store(cls, path, *args)
        return store

    monkeypatch.setattr(App, "_display", written)
    monkeypatch.setattr(HistoryStore, "open", classmethod(opened))
    return happened


async def test_start_without_a_history_opens_it_after_the_first_frame(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No history file yet: nothing to check or read before going live; the first
    save still reaches the file once the frame is out."""
    db = tmp_path / "history.json"
    happened = first_frame_and_opening(monkeypatch)
    app = start_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(5):
            await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert happened[:2] == ["live drawn", "history opened"], happened
        live = app.screen
        await pilot.press("q", "y")
        for _ in range(3):
            await pilot.pause()
        await app.workers.wait_for_complete()
    [saved] = HistoryStore(db).list_sessions()
    assert saved.id == live.engine.record.id


async def test_start_with_a_history_checks_it_before_going_live(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "history.json"
    HistoryStore(db).import_records([numbered_record(n) for n in range(3)])
    happened = first_frame_and_opening(monkeypatch)
    app = start_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert happened == ["history opened", "live drawn"], happened


async def test_home_is_the_first_screen_and_drawn_once(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Home, like the live screen above, is composed with the app: no frame is thrown away."""
    renders: list[str] = []
    display = App._display

    def shown(self: App[object], screen: Screen[object], update: object) -> None:
        if update is not None:
            renders.append("thrown away" if self._batch_count else "written")
        display(self, screen, update)

    monkeypatch.setattr(App, "_display", shown)
    app = IsobackApp(
        tmp_path / "history.json", clock=clock, routines=([ROUTINE], []), watch_terminal=False
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        alone = app.screen_stack == [app.screen]
    assert alone
    assert renders and renders[0] == "written", renders
