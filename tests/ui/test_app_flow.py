"""The whole app on a fake clock and a real history file: home to summary and back."""

from __future__ import annotations

import hashlib
from pathlib import Path

from textual.pilot import Pilot

from isoback_tui.app import IsobackApp
from isoback_tui.cli import StartRequest
from isoback_tui.core.clock import FakeClock
from isoback_tui.core.plan import SessionSettings
from isoback_tui.screens.confirm import ConfirmScreen
from isoback_tui.screens.damaged import DamagedHistoryScreen
from isoback_tui.screens.help import HelpScreen
from isoback_tui.screens.home import HomeScreen
from isoback_tui.screens.pain import PainScreen
from isoback_tui.screens.session import SessionScreen
from isoback_tui.screens.settings import SettingsScreen
from isoback_tui.screens.summary import SummaryScreen
from isoback_tui.store import HistoryStore
from tests.core.helpers import make_routine

ROUTINE = make_routine(exercises=1, reps=2, sets=1)  # countdown 5, hold, relax, hold: 18 s


def make_app(db: Path, clock: FakeClock, start: StartRequest | None = None) -> IsobackApp:
    return IsobackApp(db, clock=clock, start=start, routines=([ROUTINE], []), watch_terminal=False)


async def run_clock(pilot: Pilot[int], app: IsobackApp, seconds: float, step: float = 1) -> None:
    """Let `seconds` pass on the fake clock, waking the live screen as its timer would."""
    left = seconds
    while left > 0:
        app.clock.advance(min(step, left))  # type: ignore[attr-defined]
        left -= step
        if isinstance(app.screen, SessionScreen):
            app.screen.tick()
        await pilot.pause()


def saved(db: Path) -> list[dict[str, object]]:
    with HistoryStore.open(db) as store:
        return [r.to_dict() for r in store.list_sessions()]


async def test_home_to_summary_saves_everything(tmp_path: Path, clock: FakeClock) -> None:
    db = tmp_path / "history.json"
    app = make_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, PainScreen)
        await pilot.press("4")
        assert isinstance(app.screen, SessionScreen)
        await run_clock(pilot, app, 19)
        assert isinstance(app.screen, SummaryScreen)
        assert app.sound.patterns == [1, 1, 1, 3]  # hold, relax, hold, complete
        [record] = saved(db)
        assert record["status"] == "completed" and record["reps_done"] == 2
        assert record["pain_before"] == 4 and record["pain_after"] is None
        await pilot.press("2")
        await pilot.press("n")
        await pilot.press(*"felt fine [ok]")
        await pilot.press("enter")
        [record] = saved(db)
        assert record["pain_after"] == 2 and record["note"] == "felt fine [ok]"
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)


async def test_quit_mid_session_then_resume_at_the_first_unfinished_rep(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "history.json"
    routine_reps = make_routine(exercises=1, reps=4, sets=1)
    first = IsobackApp(db, clock=clock, routines=([routine_reps], []), watch_terminal=False)
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "s")  # start, skip the pain question
        await run_clock(pilot, first, 5 + 5 + 3 + 5 + 1)  # two reps done
        first.exit()
    [record] = saved(db)
    assert record["status"] == "interrupted" and record["reps_done"] == 2

    second = IsobackApp(db, clock=clock, routines=([routine_reps], []), watch_terminal=False)
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(second.screen, ConfirmScreen)
        await pilot.press("y")
        assert isinstance(second.screen, SessionScreen)
        state = second.screen.engine.state()
        assert state.rep_index == 2
        await run_clock(pilot, second, 5 + 5 + 3 + 5 + 1)
        assert isinstance(second.screen, SummaryScreen)
    [record] = saved(db)
    assert record["status"] == "completed" and record["reps_done"] == 4


async def test_declining_resume_leaves_the_session_interrupted(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "history.json"
    first = make_app(db, clock)
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "s")
        await run_clock(pilot, first, 11)
        first.exit()
    second = make_app(db, clock)
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        assert isinstance(second.screen, HomeScreen)
    assert saved(db)[0]["status"] == "interrupted"


async def test_start_request_goes_straight_to_the_live_session(
    tmp_path: Path, clock: FakeClock
) -> None:
    request = StartRequest(
        routine_id=ROUTINE.id, settings=SessionSettings(reps=1, countdown_s=0), ask_pain=False
    )
    app = make_app(tmp_path / "history.json", clock, start=request)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.engine.state().phase.value == "HOLD"
        # home is never drawn first (about 70 ms of the first frame)
        assert not any(isinstance(screen, HomeScreen) for screen in app.screen_stack)
        await run_clock(pilot, app, 6)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)


async def quit_on_the_damaged_screen(db: Path, clock: FakeClock) -> str:
    """Open the app on `db`, see the damaged-history screen, quit with q: exit 1, file unchanged.

    Returns the file's sha256, as it was and still is.
    """
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    app = make_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DamagedHistoryScreen)
        await pilot.press("q")
    assert app.return_code == 1
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    return before


async def test_a_damaged_history_is_left_alone_until_m_is_pressed(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "history.json"
    db.write_text('{"sessions": {"1": {"id": ')
    before = await quit_on_the_damaged_screen(db, clock)

    app = make_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    moved = [p for p in tmp_path.iterdir() if p.name.startswith("history.json.")]
    assert any(hashlib.sha256(p.read_bytes()).hexdigest() == before for p in moved)


async def test_a_history_with_a_huge_number_shows_the_damaged_screen(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "history.json"
    db.write_text('{"meta": {"1": {"app": "isoback", "schema_version": ' + "1" * 5000 + "}}}")
    await quit_on_the_damaged_screen(db, clock)


async def test_settings_form_changes_this_session_only(tmp_path: Path, clock: FakeClock) -> None:
    app = make_app(tmp_path / "history.json", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("ctrl+a", "ctrl+k", "0")  # reps: 0 is refused with a sentence
        await pilot.press("enter")
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("backspace", "3", "enter")
        assert isinstance(app.screen, ConfirmScreen)  # from now on, or this session only?
        await pilot.press("n")
        assert isinstance(app.screen, HomeScreen)
        assert "3 reps x 1 set" in str(app.screen.query_one("#routine-settings").content)  # type: ignore[attr-defined]
        await pilot.press("enter", "s")
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.engine.plan.reps_planned == 3


async def test_question_mark_opens_help_everywhere(tmp_path: Path, clock: FakeClock) -> None:
    app = make_app(tmp_path / "history.json", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("enter", "s")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
