"""One fixed history for the report tests: three weeks ending 2026-11-23, a Monday."""

from __future__ import annotations

from datetime import date, timedelta

from isoback_tui.core.record import (
    STATUS_COMPLETED,
    STATUS_ENDED_EARLY,
    STATUS_INTERRUPTED,
    ExerciseRecord,
    SessionParams,
    SessionRecord,
    SetRecord,
)
from tests.core.record_builders import at

TODAY = date(2026, 11, 23)  # a Monday
PARAMS = SessionParams(reps=6, sets=1, hold_s=5, relax_s=3, rest_s=20)
EXERCISES = (
    ("push-pull-right", "Push-pull, right knee in"),
    ("push-pull-left", "Push-pull, left knee in"),
    ("knees-in", "Knees in"),
    ("knees-out", "Knees out"),
)
HOSTILE_NOTE = '=HYPERLINK("http://x")<script>alert(1)</script> | *bold* [x](y) \x1b[31mred'
HOSTILE_NAME = "<b>Mine</b> & =cmd|' /C calc'!A0"


def session(
    days_ago: int,
    *,
    done: tuple[int, int, int, int] = (6, 6, 6, 6),
    pain: tuple[int | None, int | None] = (4, 3),
    status: str = STATUS_COMPLETED,
    note: str = "",
    routine_name: str = "Low-back isometrics",
) -> SessionRecord:
    """A session of six reps of each exercise (`done` of them done, the rest skipped)."""
    day = TODAY - timedelta(days=days_ago)
    exercises = [
        ExerciseRecord(ex_id, name, [SetRecord(n, PARAMS.reps - n)])
        for (ex_id, name), n in zip(EXERCISES, done, strict=True)
    ]
    record = SessionRecord(
        id=f"s-{days_ago}",
        routine_id="lowback-isometrics",
        routine_name=routine_name,
        started_at=at(f"{day:%Y-%m-%d} 08:00"),
        params=PARAMS,
        exercises=exercises,
        reps_planned=24,
        status=status,
        pain_before=pain[0],
        pain_after=pain[1],
        note=note,
        duration_s=300,
    )
    record.ended_at = record.started_at + timedelta(seconds=300)
    record.hold_s_total = record.reps_done * PARAMS.hold_s
    return record


def history() -> list[SessionRecord]:
    """Eleven sessions over three weeks: 4, 4 and 3 days, one ended early, one interrupted.

    Week of 2026-11-09 (days 14..8): days 14, 13, 12, 10  -> 4 sessions, pain 6 -> 5
    Week of 2026-11-16 (days 7..1):  days 6, 5, 4 (early, right side 3 of 6), 2
    Week of 2026-11-23 (day 0, today): one session, and an interrupted one at 0 reps
    Streaks: 14-12 (3 days), 6-4 (3 days), 2 (1), 0 (1); current: today only -> 1.
    """
    return [
        session(14, pain=(6, 5)),
        session(13, pain=(6, 5)),
        session(12, pain=(6, 5), note="Stiff in the morning."),
        session(10, pain=(6, 5)),
        session(6, pain=(4, 3)),
        session(5, pain=(4, None)),
        session(
            4,
            done=(3, 6, 6, 6),
            pain=(4, 6),
            status=STATUS_ENDED_EARLY,
            note=HOSTILE_NOTE,
        ),
        session(2, pain=(3, 2), routine_name=HOSTILE_NAME, note="Line one\nline two"),
        session(0, pain=(2, 2)),
        session(0, done=(0, 0, 0, 0), pain=(None, None), status=STATUS_INTERRUPTED),
        session(40, pain=(8, 8), note="Long before the period."),
    ]
