"""Snapshots of the history, a session's details and the delete question, at 80x24 and 40x15.

Plain `def` tests: snap_compare runs its own event loop. Records have fixed
dates and the screen a fixed "today", so each picture is the same every time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.history_harness import FakeStore, HistoryApp, sample_records

SIZES = [(80, 24), (40, 15)]

SnapCompare = Callable[..., bool]


def pressed(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A run_before step: let the screen settle, press keys, settle again."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_history(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    app = HistoryApp(FakeStore(sample_records()))
    assert snap_compare(app, terminal_size=size, run_before=pressed("down"))


@pytest.mark.parametrize("size", SIZES)
def test_details(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    app = HistoryApp(FakeStore(sample_records()))
    assert snap_compare(app, terminal_size=size, run_before=pressed("enter"))


@pytest.mark.parametrize("size", SIZES)
def test_delete_question(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    app = HistoryApp(FakeStore(sample_records()))
    assert snap_compare(app, terminal_size=size, run_before=pressed("down", "d"))


def test_empty_history(snap_compare: SnapCompare) -> None:
    app = HistoryApp(FakeStore([]))
    assert snap_compare(app, terminal_size=(80, 24), run_before=pressed())
