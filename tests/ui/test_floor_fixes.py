"""Issue 8's fixes on the whole app: quitting, going home, no pain questions, remembered
choices, the details pane, the footer when narrow, and a terminal too small to draw in.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Static

from isoback_tui.app import IsobackApp
from isoback_tui.cli import StartRequest
from isoback_tui.core.clock import FakeClock
from isoback_tui.core.plan import SessionSettings
from isoback_tui.core.routine import Routine
from isoback_tui.screens.home import HomeScreen, RoutineDetails
from isoback_tui.screens.session import SessionScreen
from isoback_tui.screens.settings import SettingsScreen
from isoback_tui.screens.summary import SummaryScreen
from isoback_tui.sound.voice import MISSING
from isoback_tui.store.prefs import SettingsFile
from isoback_tui.widgets.key_bar import KeyBar
from isoback_tui.widgets.too_small import TooSmall
from tests.core.helpers import make_routine
from tests.ui.test_app_flow import ROUTINE, make_app, run_clock


def settings_on_disk(db: Path) -> dict[str, object]:
    return json.loads(SettingsFile.for_history(db).path.read_text())  # type: ignore[no-any-return]


async def test_q_quits_from_home(tmp_path: Path, clock: FakeClock) -> None:
    app = make_app(tmp_path / "history.json", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code in (0, None)


async def test_escape_on_the_summary_goes_home(tmp_path: Path, clock: FakeClock) -> None:
    request = StartRequest(ROUTINE.id, SessionSettings(reps=1, countdown_s=0), ask_pain=True)
    app = make_app(tmp_path / "history.json", clock, start=request)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")  # no pain rating before
        await run_clock(pilot, app, 6)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_no_pain_asks_neither_question(tmp_path: Path, clock: FakeClock) -> None:
    request = StartRequest(ROUTINE.id, SessionSettings(reps=1, countdown_s=0), ask_pain=False)
    app = make_app(tmp_path / "history.json", clock, start=request)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)  # not asked before
        await run_clock(pilot, app, 6)
        assert isinstance(app.screen, SummaryScreen)
        pain = str(app.screen.query_one("#summary-pain", Static).content)
        assert "How is your back" not in pain  # not asked after
        await pilot.press("3")  # a digit does not rate what was not asked
        assert app.screen.record.pain_after is None


async def test_mute_is_remembered_for_the_next_launch(tmp_path: Path, clock: FakeClock) -> None:
    db = tmp_path / "history.json"
    request = StartRequest(ROUTINE.id, SessionSettings(countdown_s=0), ask_pain=False)
    app = make_app(db, clock, start=request)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
    assert settings_on_disk(db)["preferences"] == {"muted": True, "voice": False}
    again = make_app(db, clock, start=request)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.sound.muted
        assert isinstance(again.screen, SessionScreen) and again.screen.muted
        await run_clock(pilot, again, 6)
        assert again.sound.patterns == []


async def test_voice_is_a_remembered_toggle_on_the_settings_form(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "history.json"
    app = make_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#settings-voice", Checkbox).value = True
        await pilot.press("enter")
        await pilot.pause()
        assert app.sound.voice
    assert settings_on_disk(db)["preferences"] == {"muted": False, "voice": True}
    again = make_app(db, clock)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.sound.voice
        await pilot.press("c")
        assert again.screen.query_one("#settings-voice", Checkbox).value is True


async def test_a_damaged_settings_file_is_said_and_never_saved_over(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "history.json"
    path = SettingsFile.for_history(db).path
    path.write_text("{not json")
    request = StartRequest(ROUTINE.id, SessionSettings(countdown_s=0), ask_pain=False)
    app = make_app(db, clock, start=request)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("is not valid JSON" in m and "default choices" in m for m in messages)
        await pilot.press("m")
        await pilot.pause()
        assert app.sound.muted  # the choice holds for now
        messages = [n.message for n in app._notifications]
        assert any("was not remembered" in m for m in messages)
    assert path.read_text() == "{not json"


def _long_routine() -> Routine:
    routine = make_routine(exercises=6, reps=2, sets=1)
    from dataclasses import replace

    cue = "Push the knees apart against your hands, hard, and hold it without moving."
    return replace(
        routine,
        exercises=tuple(replace(e, cue=cue) for e in routine.exercises),
    )


async def test_the_details_start_at_the_top_for_each_routine(
    tmp_path: Path, clock: FakeClock
) -> None:
    first = _long_routine()
    from dataclasses import replace

    second = replace(first, id="second", name="Second routine")
    app = IsobackApp(
        tmp_path / "h.json", clock=clock, routines=([first, second], []), watch_terminal=False
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        scroll = app.screen.query_one("#routine-details-scroll")
        assert scroll.border_subtitle and "scroll" in scroll.border_subtitle
        scroll.scroll_end(animate=False)
        await pilot.pause()
        assert scroll.scroll_y > 0
        await pilot.press("down")
        await pilot.pause()
        assert scroll.scroll_y == 0
        text = str(app.screen.query_one("#routine-settings", Static).content)
        assert text.startswith("This session")


async def test_a_wrapped_cue_keeps_its_indent(tmp_path: Path, clock: FakeClock) -> None:
    app = IsobackApp(
        tmp_path / "h.json", clock=clock, routines=([_long_routine()], []), watch_terminal=False
    )
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        details = app.screen.query_one(RoutineDetails)
        lines = str(details.lines(details.content_region.width)).split("\n")
        name_at = next(i for i, line in enumerate(lines) if line.startswith("1. "))
        cue = [line for line in lines[name_at + 1 :] if line.strip()][:2]
        assert "Push the knees" in cue[0]  # the cue follows the exercise's name
        # it wraps at this width, and every line of it starts 3 cells in, under the name
        assert len(cue) == 2 and all(line.startswith("   ") and line[3] != " " for line in cue)


def footer(app: IsobackApp) -> str:
    return str(app.screen.query_one(KeyBar).content).strip()


async def test_narrow_footers_keep_the_most_needed_keys(tmp_path: Path, clock: FakeClock) -> None:
    app = make_app(tmp_path / "history.json", clock)
    async with app.run_test(size=(40, 15)) as pilot:
        await pilot.pause()
        assert footer(app).startswith("⏎ Start  h History  q Quit  ? Help")
        await pilot.press("enter", "s")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert footer(app).startswith("space Pause  q End  ? Help")
        assert not footer(app).endswith(("Ski", "Skip", "Mut"))  # whole pairs only


async def test_a_tiny_terminal_shows_a_note_and_the_session_counts_on(
    tmp_path: Path, clock: FakeClock
) -> None:
    request = StartRequest(ROUTINE.id, SessionSettings(countdown_s=0), ask_pain=False)
    app = make_app(tmp_path / "history.json", clock, start=request)
    async with app.run_test(size=(2, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.query_one(TooSmall).display
        assert not app.screen.query_one("#live").display
        await run_clock(pilot, app, 5)
        assert app.screen.engine.state().phase.value == "RELAX"
        assert app.sound.patterns == [1, 1]


async def test_shrinking_mid_session_and_back(tmp_path: Path, clock: FakeClock) -> None:
    request = StartRequest(ROUTINE.id, SessionSettings(countdown_s=0), ask_pain=False)
    app = make_app(tmp_path / "history.json", clock, start=request)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for width, height in ((2, 24), (1, 1), (3, 3), (2, 2)):
            await pilot.resize_terminal(width, height)
            await run_clock(pilot, app, 1.5)
            assert app.screen.query_one(TooSmall).display
        assert app.screen.engine.state().phase.value == "RELAX"
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not app.screen.query_one(TooSmall).display
        assert app.screen.query_one("#live").display
        assert app.screen.query_one("#live-phase").region.width > 0


async def test_voice_without_espeak_ng_is_one_sentence_and_the_bells_carry_on(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("isoback_tui.sound.voice.find_espeak", lambda: None)
    request = StartRequest(ROUTINE.id, SessionSettings(countdown_s=0), ask_pain=False)
    app = IsobackApp(
        tmp_path / "h.json",
        clock=clock,
        start=request,
        routines=([ROUTINE], []),
        watch_terminal=False,
        voice=True,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        messages = [n.message for n in app._notifications]
        assert messages == [MISSING]
        await run_clock(pilot, app, 5)
        assert app.sound.patterns == [1, 1]  # hold, relax: the bells go on
