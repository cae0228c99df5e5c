"""Snapshots of home, the pain question and the summary, at 80x24 and 40x15.

Plain `def` tests (snap_compare runs its own loop), on the fake clock, with
the built-in routines and a fresh history in tmp_path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from isoback_tui.app import IsobackApp
from isoback_tui.cli import StartRequest
from isoback_tui.core.clock import FakeClock
from isoback_tui.core.plan import SessionSettings
from isoback_tui.screens.session import SessionScreen

SIZES = [(80, 24), (40, 15)]

SnapCompare = Callable[..., bool]


def app_at(tmp_path: Path, start: StartRequest | None = None) -> IsobackApp:
    return IsobackApp(
        tmp_path / "history.json", clock=FakeClock(), start=start, watch_terminal=False
    )


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(app_at(tmp_path), terminal_size=size, press=["_"])


@pytest.mark.parametrize("size", SIZES)
def test_pain_question(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(app_at(tmp_path), terminal_size=size, press=["_", "enter", "right"])


async def finish_session(pilot: Pilot[Any]) -> None:
    """Skip the pain question before, run the session (one rep per exercise) to its end
    on the fake clock, rate pain after."""
    app = pilot.app
    assert isinstance(app, IsobackApp)
    await pilot.pause()
    await pilot.press("s")
    assert isinstance(app.clock, FakeClock)
    for _ in range(22):  # four exercises of one 5-second hold, no rests
        app.clock.advance(1)
        if isinstance(app.screen, SessionScreen):
            app.screen.tick()
        await pilot.pause()
    await pilot.press("2")
    await app.workers.wait_for_complete()  # the save runs off the UI's thread
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    request = StartRequest(
        routine_id="gentle-start",
        settings=SessionSettings(reps=1, sets=1, countdown_s=0, rest_s=0),
        ask_pain=True,
    )
    assert snap_compare(app_at(tmp_path, request), terminal_size=size, run_before=finish_session)


@pytest.mark.parametrize("size", SIZES)
def test_settings_form(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    """The `c` form: this session's numbers, and the remembered spoken-cues toggle."""
    assert snap_compare(app_at(tmp_path), terminal_size=size, press=["_", "c"])


def test_live_screen_of_the_app_at_40x15(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The whole app's live screen on a phone: its footer keeps pause, end and help first."""
    request = StartRequest(
        routine_id="gentle-start", settings=SessionSettings(countdown_s=0), ask_pain=False
    )
    assert snap_compare(app_at(tmp_path, request), terminal_size=(40, 15), press=["_"])
