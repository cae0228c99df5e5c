"""Bell patterns ring one BEL at a time, each next one on a timer, never with a sleep."""

from __future__ import annotations

from collections.abc import Callable

from isoback_tui.core.cues import BELL_GAP_S
from isoback_tui.sound.bells import BellPlayer


class FakeTimers:
    """Timers that fire only when the test says so."""

    def __init__(self) -> None:
        self.pending: list[tuple[float, Callable[[], None], FakeTimer]] = []

    def later(self, delay: float, callback: Callable[[], None]) -> FakeTimer:
        timer = FakeTimer()
        self.pending.append((delay, callback, timer))
        return timer

    def fire_next(self) -> float:
        delay, callback, timer = self.pending.pop(0)
        if not timer.stopped:
            callback()
        return delay


class FakeTimer:
    def __init__(self) -> None:
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True


def test_three_bells_ring_a_gap_apart() -> None:
    rung: list[str] = []
    timers = FakeTimers()
    player = BellPlayer(lambda: rung.append("BEL"), timers.later)
    player.play(3)
    assert rung == ["BEL"]  # the first at once
    assert timers.fire_next() == BELL_GAP_S
    assert rung == ["BEL", "BEL"]
    assert timers.fire_next() == BELL_GAP_S
    assert rung == ["BEL"] * 3
    assert timers.pending == [] and not player.ringing


def test_a_new_pattern_replaces_what_is_left_of_the_old() -> None:
    rung: list[str] = []
    timers = FakeTimers()
    player = BellPlayer(lambda: rung.append("BEL"), timers.later)
    player.play(3)
    player.play(1)
    assert rung == ["BEL", "BEL"]
    timers.fire_next()  # the old pattern's timer was stopped
    assert rung == ["BEL", "BEL"]
    assert not player.ringing


def test_nothing_for_zero_and_stop_drops_the_rest() -> None:
    rung: list[str] = []
    timers = FakeTimers()
    player = BellPlayer(lambda: rung.append("BEL"), timers.later)
    player.play(0)
    assert rung == [] and timers.pending == []
    player.play(2)
    player.stop()
    timers.fire_next()
    assert rung == ["BEL"]
