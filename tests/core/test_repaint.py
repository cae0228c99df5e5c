"""The live screen wakes at the next visible change, never polls."""

from __future__ import annotations

import pytest

from isoback_tui.core.clock import FakeClock
from isoback_tui.core.repaint import LATE_BY_S, seconds_until_next_repaint, shown_seconds
from tests.core.helpers import make_engine


@pytest.mark.parametrize(
    ("left", "shown"), [(5, 5), (4.2, 5), (4.0, 4), (0.3, 1), (0.0, 0), (1e-12, 0)]
)
def test_countdown_shows_whole_seconds_rounded_up(left: float, shown: int) -> None:
    assert shown_seconds(left) == shown


def test_wakes_for_the_countdown_when_the_bar_is_coarse(clock: FakeClock) -> None:
    engine = make_engine(clock, countdown_s=0, hold_s=5)
    state = engine.state()
    # a 1-cell bar changes every 5/8 s: the countdown (1 s) is not sooner
    delay = seconds_until_next_repaint(state, clock.monotonic(), 8, 0.2)
    assert delay == pytest.approx(5 / 8 + LATE_BY_S)
    # a wide bar would change sooner than the gap allows: the gap wins
    delay = seconds_until_next_repaint(state, clock.monotonic(), 80 * 8, 0.2)
    assert delay == pytest.approx(0.2 + LATE_BY_S)


def test_wakes_exactly_at_the_countdown_change_without_a_bar(clock: FakeClock) -> None:
    engine = make_engine(clock, countdown_s=0, hold_s=5)
    clock.advance(0.3)
    delay = seconds_until_next_repaint(engine.state(), clock.monotonic(), 0, 0.2)
    assert delay == pytest.approx(0.7 + LATE_BY_S)


def test_wakes_at_the_phase_boundary_in_the_last_second(clock: FakeClock) -> None:
    engine = make_engine(clock, countdown_s=0, hold_s=5)
    clock.advance(4.5)
    delay = seconds_until_next_repaint(engine.state(), clock.monotonic(), 0, 0.2)
    assert delay == pytest.approx(0.5 + LATE_BY_S)


def test_sleeps_while_paused(clock: FakeClock) -> None:
    engine = make_engine(clock)
    engine.pause()
    assert seconds_until_next_repaint(engine.state(), clock.monotonic(), 640, 0.2) is None


def test_wakes_when_the_countdown_goes_from_2_to_1(clock: FakeClock) -> None:
    engine = make_engine(clock, countdown_s=0, hold_s=5)
    clock.advance(3.5)  # 1.5 s left: the screen shows 2 until 1 s is left
    delay = seconds_until_next_repaint(engine.state(), clock.monotonic(), 0, 0.2)
    assert delay == pytest.approx(0.5 + LATE_BY_S)


def test_wakes_for_the_next_sliver_of_the_bar_halfway_through(clock: FakeClock) -> None:
    engine = make_engine(clock, countdown_s=0, hold_s=4)
    clock.advance(2.1)  # just past half: 4 of 8 eighths drawn, the 5th comes at 2.5 s
    delay = seconds_until_next_repaint(engine.state(), clock.monotonic(), 8, 0.2)
    assert delay == pytest.approx(0.4 + LATE_BY_S)  # before the countdown's 2 -> 1 at 3 s


def test_a_one_second_relax_still_moves_its_bar(clock: FakeClock) -> None:
    engine = make_engine(clock, countdown_s=0, hold_s=5, relax_s=1)
    clock.advance(5)
    engine.update()  # the relax begins
    state = engine.state()
    assert state.phase_duration_s == 1
    delay = seconds_until_next_repaint(state, clock.monotonic(), 4 * 8, 0.2)
    assert delay == pytest.approx(0.2 + LATE_BY_S)  # a sliver every 1/32 s: the gap wins
