"""How numbers, times and statuses of a session read on screen.

Pure functions shared by the summary, the history table and its details
view, so a duration or a pain pair reads the same everywhere.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Final

from isoback_tui.core.record import (
    STATUS_COMPLETED,
    STATUS_ENDED_EARLY,
    STATUS_IN_PROGRESS,
    STATUS_INTERRUPTED,
    SessionParams,
)

NO_VALUE: Final = "-"
"""What stands in for a missing number (a pain rating that was skipped)."""

STATUS_WORDS: Final = {
    STATUS_COMPLETED: "completed",
    STATUS_ENDED_EARLY: "ended early",
    STATUS_INTERRUPTED: "interrupted",
    STATUS_IN_PROGRESS: "in progress",
}


def format_duration(seconds: float) -> str:
    """Seconds as `M:SS` under an hour (`12:05`, `0:05`), else `H:MM:SS` (`1:02:03`).

    Rounded to the nearest second (as `isoback history` does), so 74.9996 s
    of holds reads `1:15`; negative or non-finite input reads as `0:00`.
    """
    if not math.isfinite(seconds) or seconds < 0:
        seconds = 0
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_seconds(seconds: float) -> str:
    """A setting in seconds as typed: `5 s`, `0.5 s`, `20 s`."""
    return f"{seconds:g} s"


def format_timings(params: SessionParams) -> str:
    """The seconds a session ran with: `hold 5 s, relax 3 s, rest 20 s`."""
    return (
        f"hold {format_seconds(params.hold_s)}, relax {format_seconds(params.relax_s)}, "
        f"rest {format_seconds(params.rest_s)}"
    )


def format_params(params: SessionParams, separator: str = ", ") -> str:
    """The settings a session ran with: `15 reps x 3 sets, hold 5 s, relax 3 s, rest 20 s`."""
    sets = f"{plural(params.reps, 'rep')} x {plural(params.sets, 'set')}"
    return f"{sets}{separator}{format_timings(params)}"


def format_pain_value(pain: int | None) -> str:
    """One pain rating, or `-` when it was skipped."""
    return NO_VALUE if pain is None else str(pain)


def format_pain(before: int | None, after: int | None) -> str:
    """Pain before and after a session: `6 -> 3`, `- -> 3` when one was skipped, `-` if both."""
    if before is None and after is None:
        return NO_VALUE
    return f"{format_pain_value(before)} -> {format_pain_value(after)}"


def format_started(moment: datetime) -> str:
    """When a session started, in the offset it was recorded with: `2026-11-23 07:30`."""
    return moment.strftime("%Y-%m-%d %H:%M")


def format_day(moment: datetime) -> str:
    """Only the date of a moment, in its own offset: `2026-11-23` (for narrow screens)."""
    return moment.strftime("%Y-%m-%d")


def format_reps(done: int, planned: int) -> str:
    """Reps done of planned, compactly: `45/180`."""
    return f"{done}/{planned}"


def format_status(status: str) -> str:
    """A session status as the words a person reads (`ended_early` -> `ended early`)."""
    return STATUS_WORDS.get(status, status.replace("_", " "))


def plural(count: int, one: str, many: str | None = None) -> str:
    """`1 day`, `2 days`: a count with its noun in the right number."""
    noun = one if count == 1 else (many if many is not None else one + "s")
    return f"{count:,} {noun}"
