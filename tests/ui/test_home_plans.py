"""Home with remembered plans: the suggestion and its key, `c` this session or from now on,
`isoback start` at the current plan. The whole app, a real history file and settings file."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from isoback_tui.app import IsobackApp
from isoback_tui.cli import StartRequest
from isoback_tui.core.clock import FakeClock
from isoback_tui.core.plan import SessionSettings
from isoback_tui.core.record import SessionParams, SessionRecord
from isoback_tui.core.routine import built_in_routines
from isoback_tui.plans import Plans
from isoback_tui.screens.confirm import ConfirmScreen
from isoback_tui.screens.home import HomeScreen
from isoback_tui.screens.session import SessionScreen
from isoback_tui.screens.settings import SettingsScreen
from isoback_tui.store.history import HistoryStore
from isoback_tui.store.prefs import SettingsFile
from tests.core.record_builders import at, make_record

FULL, GENTLE = built_in_routines()
TODAY = date(2026, 11, 23)
SIX = SessionParams(reps=6, sets=1, hold_s=5, relax_s=3, rest_s=20)


def three_good_sessions(db: Path, params: SessionParams = SIX, routine_id: str = FULL.id) -> None:
    records: list[SessionRecord] = []
    for n in (3, 2, 1):
        day = TODAY - timedelta(days=n)
        record = make_record(at(f"{day:%Y-%m-%d} 08:00"), pain_before=4, pain_after=3)
        record.params, record.routine_id = params, routine_id
        record.id = f"{routine_id}-{n}"
        records.append(record)
    with HistoryStore.open(db) as store:
        store.import_records(records)


def make_app(db: Path, start: StartRequest | None = None) -> IsobackApp:
    app = IsobackApp(
        db,
        clock=FakeClock(),
        start=start,
        routines=(built_in_routines(), []),
        watch_terminal=False,
    )
    app.plans = Plans(SettingsFile.for_history(db), db, today=lambda: TODAY)
    return app


def kept_plans(db: Path) -> dict[str, dict[str, float]]:
    path = SettingsFile.for_history(db).path
    return json.loads(path.read_text())["plans"] if path.exists() else {}


def pane(home: HomeScreen, widget_id: str) -> str:
    """The plain text of one part of the details pane, however it wraps on screen."""
    return " ".join(str(home.query_one(f"#{widget_id}").render()).split())


async def settle(pilot: Pilot[None], app: IsobackApp) -> HomeScreen:
    await pilot.pause()
    if isinstance(app.screen, ConfirmScreen):  # nothing to resume here, but be safe
        await pilot.press("n")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, HomeScreen)
    return app.screen


async def test_the_suggestion_shows_and_one_key_accepts_it(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    three_good_sessions(db)
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await settle(pilot, app)
        assert pane(home, "routine-suggestion") == (
            "Next: You did 3 sessions of 6 reps without more pain: try 8 reps? (a to accept)"
        )
        assert pane(home, "routine-settings").endswith("(as last time; c to change)")
        await pilot.press("a")
        await pilot.pause()
        assert kept_plans(db) == {
            FULL.id: {"reps": 8, "sets": 1, "hold_s": 5, "relax_s": 3, "rest_s": 20}
        }
        assert home.settings_for(FULL).reps == 8
        settings = pane(home, "routine-settings")
        assert settings.startswith("This session: 8 reps x 1 set")
        assert settings.endswith("(your plan; c to change)")
        suggestion = pane(home, "routine-suggestion")
        assert suggestion.startswith("Next: Keep to 8 reps: 3 more")
        assert "to accept" not in suggestion  # nothing to accept now
        await pilot.press("a")
        await pilot.pause()
        assert kept_plans(db)[FULL.id]["reps"] == 8


async def test_ignoring_the_suggestion_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    three_good_sessions(db)
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await settle(pilot, app)
        await pilot.press("down", "up", "enter")
        await pilot.pause()
        assert home.suggestion is not None and home.suggestion.can_accept
    assert kept_plans(db) == {}


async def test_the_rule_is_explained_in_the_details_pane(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await settle(pilot, app)
        details = pane(home, "routine-details")
        assert "Building up" in details
        assert "After 3 completed sessions at the same numbers" in details


async def change_reps(pilot: Pilot[None], app: IsobackApp, reps: str) -> None:
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, SettingsScreen)
    await pilot.press("end", "backspace", "backspace", "backspace", *reps, "enter")
    await pilot.pause()


async def test_c_asks_and_from_now_on_keeps_the_plan(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await settle(pilot, app)
        await change_reps(pilot, app, "7")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert kept_plans(db)[FULL.id]["reps"] == 7
        assert home.settings_for(FULL).reps == 7
        assert pane(home, "routine-settings").endswith("(your plan; c to change)")
    again = make_app(db)
    async with again.run_test(size=(80, 24)) as pilot:
        home = await settle(pilot, again)
        assert home.settings_for(FULL).reps == 7  # remembered between launches


async def test_c_for_this_session_only_keeps_nothing(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await settle(pilot, app)
        await change_reps(pilot, app, "7")
        await pilot.press("n")
        await pilot.pause()
        assert home.settings_for(FULL).reps == 7
        assert pane(home, "routine-settings").endswith("(changed for this session; c to edit)")
    assert kept_plans(db) == {}


async def test_a_damaged_settings_file_is_said_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    three_good_sessions(db)
    settings_path = SettingsFile.for_history(db).path
    settings_path.write_text('{"schema_version": 99}')
    app = make_app(db)
    notices: list[str] = []
    real_notify = app.notify

    def notify(message: str, **options: Any) -> None:
        notices.append(message)
        real_notify(message, **options)

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        home = await settle(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        assert any(n.startswith("Not remembered, used for this session only: ") for n in notices)
        assert home.settings_for(FULL).reps == 8  # used this once all the same
    assert settings_path.read_text() == '{"schema_version": 99}'


async def test_gentle_start_done_in_full_moves_on_to_the_full_routine(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    three_good_sessions(db, SessionParams(5, 1, 5, 5, 20), GENTLE.id)
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await settle(pilot, app)
        await pilot.press("down")
        await pilot.pause()
        assert home.selected is not None and home.selected.id == GENTLE.id
        assert "move on to Low-back isometrics at 6 reps?" in pane(home, "routine-suggestion")
        await pilot.press("a")
        await pilot.pause()
        assert home.selected is not None and home.selected.id == FULL.id
        assert kept_plans(db)[FULL.id]["reps"] == 6
        assert home.settings_for(FULL).relax_s is None  # the full routine's own 3 s


async def test_start_without_numbers_uses_the_current_plan(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    plans = Plans(SettingsFile.for_history(db), db)
    plans.remember(FULL.id, SessionParams(9, 2, 4, 3, 20))
    request = StartRequest(FULL.id, SessionSettings(countdown_s=0), ask_pain=False)
    app = make_app(db, request)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        params = app.screen.engine.plan.params
        assert (params.reps, params.sets, params.hold_s) == (9, 2, 4)
        app.exit()


async def test_start_numbers_given_win_over_the_plan(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    Plans(SettingsFile.for_history(db), db).remember(FULL.id, SessionParams(9, 2, 4, 3, 20))
    request = StartRequest(FULL.id, SessionSettings(reps=3, countdown_s=0), ask_pain=False)
    app = make_app(db, request)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        params = app.screen.engine.plan.params
        assert (params.reps, params.sets, params.hold_s) == (3, 2, 4)
        app.exit()


async def test_start_without_a_kept_plan_takes_the_latest_sessions_numbers(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    three_good_sessions(db)
    request = StartRequest(FULL.id, SessionSettings(countdown_s=0), ask_pain=False)
    app = make_app(db, request)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.engine.plan.params == SIX
        app.exit()
