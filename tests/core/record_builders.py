"""The one place tests build session records.

`make_record` builds any record; `numbered_record` is its preset for the
store and command-line tests (the four exercises, whole sets, one a day);
`empty_running_record` and `add_rep` make a session under way grow as the
engine would.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone

from isoback_tui.core.record import (
    STATUS_COMPLETED,
    STATUS_ENDED_EARLY,
    STATUS_IN_PROGRESS,
    ExerciseRecord,
    SessionParams,
    SessionRecord,
    SetRecord,
)

PARAMS = SessionParams(reps=15, sets=3, hold_s=5, relax_s=3, rest_s=20)
EXERCISE_NAMES = ("Push-pull, right knee in", "Push-pull, left knee in", "Knees-in", "Knees-out")
EXERCISES = (
    ("push-pull-right", EXERCISE_NAMES[0]),
    ("push-pull-left", EXERCISE_NAMES[1]),
    ("knees-in", EXERCISE_NAMES[2]),
    ("knees-out", EXERCISE_NAMES[3]),
)
_FIRST_DAY = datetime(2024, 1, 1, 7, 30, tzinfo=timezone(timedelta(hours=1)))
_UNSET = datetime.min


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
    params: SessionParams = PARAMS,
    exercises: Sequence[ExerciseRecord] | None = None,
    ended_at: datetime | None = _UNSET,
) -> SessionRecord:
    """A session whose first set holds `reps_done` done and `reps_skipped` skipped reps.

    Three more exercises follow with a full set each when reps_done reaches
    15, so the details view has something to list. `exercises` replaces
    all of that; `ended_at` defaults to `duration_s` after the start.
    """
    if exercises is None:
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
        ended_at=started_at + timedelta(seconds=duration_s) if ended_at is _UNSET else ended_at,
        status=status,
        params=params,
        exercises=list(exercises),
        reps_planned=reps_planned,
        paused_s=paused_s,
        duration_s=duration_s,
        pain_before=pain_before,
        pain_after=pain_after,
        note=note,
    )
    record.hold_s_total = record.reps_done * params.hold_s if hold_s_total is None else hold_s_total
    return record


def numbered_record(
    n: int = 0,
    *,
    session_id: str | None = None,
    status: str = STATUS_COMPLETED,
    reps: int = 15,
    sets: int = 3,
    done_per_set: int | None = None,
    started_at: datetime | None = None,
    note: str = "",
    pain: tuple[int | None, int | None] = (4, 3),
) -> SessionRecord:
    """Session number `n`: the four exercises, `sets` sets of `reps` reps, a day after n - 1."""
    start = started_at or _FIRST_DAY + timedelta(days=n)
    done = reps if done_per_set is None else done_per_set
    final = status in (STATUS_COMPLETED, STATUS_ENDED_EARLY)
    return make_record(
        start,
        session_id=session_id or f"session-{n:06d}",
        status=status,
        params=SessionParams(reps=reps, sets=sets, hold_s=5, relax_s=3, rest_s=20),
        exercises=[
            ExerciseRecord(ex_id, name, [SetRecord(done, 0) for _ in range(sets)])
            for ex_id, name in EXERCISES
        ],
        reps_planned=4 * sets * reps,
        hold_s_total=5.0 * 4 * sets * done,
        paused_s=1.5,
        duration_s=1500.25,
        ended_at=start + timedelta(minutes=25) if final else None,
        pain_before=pain[0],
        pain_after=pain[1],
        note=note,
    )


def empty_running_record(session_id: str, reps: int = 15, sets: int = 3) -> SessionRecord:
    """A session that has just begun: no set started yet."""
    record = numbered_record(session_id=session_id, status=STATUS_IN_PROGRESS, reps=reps, sets=sets)
    for exercise in record.exercises:
        exercise.sets = []
    record.started_at = datetime.now(UTC)
    record.ended_at = None
    record.hold_s_total = record.paused_s = record.duration_s = 0.0
    record.pain_after = None
    return record


def add_rep(record: SessionRecord, reps: int) -> None:
    """Count one more rep done, in plan order (`reps` per set), as the engine would."""
    for exercise in record.exercises:
        if exercise.sets and exercise.sets[-1].reps_counted < reps:
            exercise.sets[-1].reps_done += 1
            return
        if len(exercise.sets) < record.params.sets:
            exercise.sets.append(SetRecord(1, 0))
            return
    raise AssertionError("no rep left")
