"""The numbers above the history table: streak, recent sessions, time under tension.

Pure: the caller passes "today", so tests (and a clinician's screenshot)
never depend on the clock. A session belongs to the local date of its own
`started_at`, in the UTC offset it was recorded with: a session done at
23:30 in Lisbon counts for that evening even when read later in Tokyo.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from isoback_tui.core.record import SessionRecord


@dataclass(frozen=True)
class HistoryStats:
    """What the history header shows, computed once from the whole history."""

    streak_days: int
    """Consecutive days, ending today (or yesterday if today has none yet), with a session."""
    last_7_days: int
    """Sessions with a rep done in the 7 days ending today, today included."""
    last_30_days: int
    """Sessions with a rep done in the 30 days ending today, today included."""
    hold_s_total: float
    """Seconds under tension across every session in the history."""
    sessions_total: int
    """Every session in the history, whatever its status."""


def session_day(record: SessionRecord) -> date:
    """The local date a session belongs to: `started_at`'s date in its own offset."""
    return record.started_at.date()


def counts_as_exercised(record: SessionRecord) -> bool:
    """A session counts for streaks and recent totals once at least one rep was done."""
    return any(one_set.reps_done > 0 for ex in record.exercises for one_set in ex.sets)


def streak_days(days: Iterable[date], today: date) -> int:
    """How many consecutive days up to `today` are in `days`.

    If `today` is not in `days` (nothing done yet today), the streak may
    still run up to yesterday: it is only broken by a whole missed day.
    Days after `today` (a clock that was wrong) are ignored.
    """
    present = set(days)
    day = today if today in present else today - timedelta(days=1)
    streak = 0
    while day in present:
        streak += 1
        day -= timedelta(days=1)
    return streak


def history_stats(records: Iterable[SessionRecord], today: date) -> HistoryStats:
    """Streak, sessions in the last 7 and 30 days and time under tension for `records`."""
    week_start = today - timedelta(days=6)
    month_start = today - timedelta(days=29)
    exercised_days: set[date] = set()
    last_7 = last_30 = total = 0
    hold_s = 0.0
    for record in records:
        total += 1
        hold_s += record.hold_s_total
        if not counts_as_exercised(record):
            continue
        day = session_day(record)
        exercised_days.add(day)
        if month_start <= day <= today:
            last_30 += 1
            if day >= week_start:
                last_7 += 1
    return HistoryStats(
        streak_days=streak_days(exercised_days, today),
        last_7_days=last_7,
        last_30_days=last_30,
        hold_s_total=hold_s,
        sessions_total=total,
    )
