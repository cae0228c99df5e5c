"""Session records with fixed dates, for the stats, formatting and history tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from isoback_tui.core.record import (
    STATUS_COMPLETED,
    ExerciseRecord,
    SessionParams,
    SessionRecord,
    SetRecord,
)

PARAMS = SessionParams(reps=15, sets=3, hold_s=5, relax_s=3, rest_s=20)
EXERCISE_NAMES = ("Push-pull, right knee in", "Push-pull, left knee in", "Knees-in", "Knees-out")


def at(text: str, offset_hours: float = 0) -> datetime:
    """`2026-11-23 07:30` in a fixed UTC offset (UTC unless told)."""
    zone = UTC if offset_hours == 0 else timezone(timedelta(hours=offset_hours))
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=zone)


def make_record(
    started_at: datetime,
    *,
    session_id: str | None = None,
    routine_name: str = "Low-back isometrics",
    reps_done: int = 15,
    reps_skipped: int = 0,
    reps_planned: int = 180,
    status: str = STATUS_COMPLETED,
    hold_s_total: float | None = None,
    duration_s: float = 1234,
    paused_s: float = 0,
    pain_before: int | None = None,
    pain_after: int | None = None,
    note: str = "",
) -> SessionRecord:
    """A session whose first set holds `reps_done` done and `reps_skipped` skipped reps.

    Three more exercises follow with a full set each when reps_done reaches
    15, so the details view has something to list.
    """
    first = ExerciseRecord(
        "push-pull-right", EXERCISE_NAMES[0], [SetRecord(reps_done, reps_skipped)]
    )
    exercises = [first]
    if reps_done >= 15:
        exercises += [
            ExerciseRecord(f"ex{i}", EXERCISE_NAMES[i], [SetRecord(15, 0), SetRecord(12, 3)])
            for i in (1, 2, 3)
        ]
    record = SessionRecord(
        id=session_id or f"s-{started_at:%Y%m%d%H%M}",
        routine_id="lowback-isometrics",
        routine_name=routine_name,
        started_at=started_at,
        ended_at=started_at + timedelta(seconds=duration_s),
        status=status,
        params=PARAMS,
        exercises=exercises,
        reps_planned=reps_planned,
        paused_s=paused_s,
        duration_s=duration_s,
        pain_before=pain_before,
        pain_after=pain_after,
        note=note,
    )
    record.hold_s_total = record.reps_done * PARAMS.hold_s if hold_s_total is None else hold_s_total
    return record
