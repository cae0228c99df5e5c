"""The fake clock every timed test stands on: it moves only when told, and only forward."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from isoback_tui.core.clock import FakeClock

WALL = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)


def test_wall_time_moves_in_step_with_monotonic_time() -> None:
    clock = FakeClock(start=1000.0, wall_start=WALL)
    assert (clock.monotonic(), clock.wall()) == (1000.0, WALL)
    clock.advance(2.5)
    assert (clock.monotonic(), clock.wall()) == (1002.5, WALL + timedelta(seconds=2.5))


def test_set_jumps_to_an_absolute_time() -> None:
    clock = FakeClock(start=50.0, wall_start=WALL)
    clock.set(80.0)
    assert (clock.monotonic(), clock.wall()) == (80.0, WALL + timedelta(seconds=30))
    clock.set(80.0)  # staying put is allowed
    assert clock.monotonic() == 80.0


def test_a_clock_never_goes_backwards() -> None:
    clock = FakeClock(start=10.0)
    with pytest.raises(ValueError, match="^a clock never goes backwards$"):
        clock.advance(-0.1)
    with pytest.raises(ValueError, match="^a clock never goes backwards$"):
        clock.set(9.0)
    assert clock.monotonic() == 10.0
