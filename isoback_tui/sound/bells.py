"""Ring a pattern of terminal bells, one BEL at a time, with a gap a person can hear.

Two bells written back to back reach the terminal as one sound; a short gap
between them makes "two" and "three" countable with the eyes closed. The gap
is made with timers the caller provides (Textual's `set_timer`), never with
a sleep, so the screen keeps drawing while a pattern rings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from isoback_tui.core.cues import BELL_GAP_S


class Stoppable(Protocol):
    """A pending timer that can be cancelled (Textual's Timer is one)."""

    def stop(self) -> None:
        """Cancel the timer."""


Later = Callable[[float, Callable[[], None]], Stoppable]
"""`later(delay_s, callback)`: call `callback` after `delay_s` seconds; returns the timer."""


class BellPlayer:
    """Plays bell patterns; a new pattern cancels what is left of one still ringing."""

    def __init__(self, ring_once: Callable[[], None], later: Later, gap_s: float = BELL_GAP_S):
        """`ring_once()` writes one BEL; `later` schedules the next one after `gap_s`."""
        self._ring_once = ring_once
        self._later = later
        self._gap_s = gap_s
        self._left = 0
        self._timer: Stoppable | None = None

    @property
    def ringing(self) -> bool:
        """Whether bells of the current pattern are still to come."""
        return self._left > 0

    def play(self, count: int) -> None:
        """Ring `count` bells: the first now, each next one a gap later."""
        self.stop()
        if count <= 0:
            return
        self._left = count
        self._ring_next()

    def stop(self) -> None:
        """Drop the bells not yet rung."""
        self._left = 0
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _ring_next(self) -> None:
        self._timer = None
        if self._left <= 0:
            return
        self._left -= 1
        self._ring_once()
        if self._left > 0:
            self._timer = self._later(self._gap_s, self._ring_next)
