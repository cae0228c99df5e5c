"""Snapshots of the live screen in each phase, at 80x24 and at a phone's 40x15.

Plain `def` tests: snap_compare runs its own event loop. Everything runs on
the fake clock, so each picture is the same every time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from isoback_tui.core.clock import FakeClock
from isoback_tui.screens.session import SessionScreen
from tests.core.helpers import make_routine
from tests.ui.harness import SessionHarness

SIZES = [(80, 24), (40, 15)]
LARGE = (160, 50)

SnapCompare = Callable[..., bool]


def moved_to(seconds: float, *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A run_before step: move the fake clock, let the screen catch up, press keys."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, SessionHarness)
        await pilot.pause()
        app.clock.advance(seconds)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        screen.tick()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()

    return run_before


def harness() -> SessionHarness:
    routine = make_routine(exercises=4, reps=15, sets=3)
    return SessionHarness(routine, FakeClock(), countdown_s=5)


ONE_SET = 15 * 5 + 14 * 3
NO_COLOR_MOMENTS = {
    "hold": moved_to(5 + 2.5),
    "relax": moved_to(5 + 5 + 1),
    "rest": moved_to(5 + ONE_SET + 7),
    "paused": moved_to(5 + 3, "space"),
}


@pytest.mark.parametrize("size", SIZES)
def test_hold(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(harness(), terminal_size=size, run_before=moved_to(5 + 2.5))


@pytest.mark.parametrize("size", SIZES)
def test_relax(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(harness(), terminal_size=size, run_before=moved_to(5 + 5 + 1))


@pytest.mark.parametrize("size", SIZES)
def test_rest(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(harness(), terminal_size=size, run_before=moved_to(5 + ONE_SET + 7))


@pytest.mark.parametrize("size", SIZES)
def test_paused(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(harness(), terminal_size=size, run_before=moved_to(5 + 3, "space"))


def test_hold_on_a_large_screen(snap_compare: SnapCompare) -> None:
    assert snap_compare(harness(), terminal_size=LARGE, run_before=moved_to(5 + 2.5))


@pytest.mark.parametrize("moment", list(NO_COLOR_MOMENTS))
def test_no_color(snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    """NO_COLOR: each phase has a look of its own besides its word (style, strokes)."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = harness()
    assert app.no_color
    assert snap_compare(app, terminal_size=(80, 24), run_before=NO_COLOR_MOMENTS[moment])


def test_rest_on_a_large_screen(snap_compare: SnapCompare) -> None:
    assert snap_compare(harness(), terminal_size=LARGE, run_before=NO_COLOR_MOMENTS["rest"])
