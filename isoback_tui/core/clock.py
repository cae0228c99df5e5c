"""Clocks: where the engine gets "now" from.

The engine never reads the time by itself; it is handed a clock. The app
passes `SystemClock`; tests pass `FakeClock` and move time by hand, so no
test ever sleeps.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """A source of monotonic seconds (for deadlines) and wall time (for records)."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary start; never goes backwards."""
        ...

    def wall(self) -> datetime:
        """The current local date and time, with its UTC offset."""
        ...


class SystemClock:
    """The real clock: `time.monotonic` and the local time zone."""

    def monotonic(self) -> float:
        """Seconds from the system's monotonic clock."""
        return time.monotonic()

    def wall(self) -> datetime:
        """Now, in the local time zone, with its offset."""
        return datetime.now().astimezone()


class FakeClock:
    """A clock that moves only when told to; for tests and benchmarks."""

    def __init__(
        self,
        start: float = 1000.0,
        wall_start: datetime = datetime(2026, 1, 5, 7, 30, tzinfo=UTC),
    ) -> None:
        self._start = start
        self._now = start
        self._wall_start = wall_start

    def monotonic(self) -> float:
        """The fake monotonic time."""
        return self._now

    def wall(self) -> datetime:
        """The fake wall time, moving in step with the monotonic time."""
        return self._wall_start + timedelta(seconds=self._now - self._start)

    def advance(self, seconds: float) -> None:
        """Move time forward by `seconds` (never backwards)."""
        if seconds < 0:
            raise ValueError("a clock never goes backwards")
        self._now += seconds

    def set(self, monotonic: float) -> None:
        """Jump to an absolute monotonic time, not earlier than now."""
        self.advance(monotonic - self._now)
