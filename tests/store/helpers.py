"""Builders and process helpers shared by the store tests (and bench/bench_store.py)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from isoback_tui.core.record import (
    ExerciseRecord,
    SessionParams,
    SessionRecord,
    SetRecord,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("child.py")

EXERCISES = (
    ("push-pull-right", "Push-pull, right knee in"),
    ("push-pull-left", "Push-pull, left knee in"),
    ("knees-in", "Knees-in"),
    ("knees-out", "Knees-out"),
)


def make_record(
    n: int = 0,
    *,
    session_id: str | None = None,
    status: str = "completed",
    reps: int = 15,
    sets: int = 3,
    done_per_set: int | None = None,
    started_at: datetime | None = None,
    note: str = "",
    pain: tuple[int | None, int | None] = (4, 3),
) -> SessionRecord:
    """A realistic session: the four exercises, `sets` sets of `reps` reps."""
    start = started_at or datetime(2024, 1, 1, 7, 30, tzinfo=timezone(timedelta(hours=1)))
    start = start + timedelta(days=n) if started_at is None else start
    done = reps if done_per_set is None else done_per_set
    exercises = [
        ExerciseRecord(ex_id, name, [SetRecord(done, 0) for _ in range(sets)])
        for ex_id, name in EXERCISES
    ]
    final = status in ("completed", "ended_early")
    return SessionRecord(
        id=session_id or f"session-{n:06d}",
        routine_id="lowback-isometrics",
        routine_name="Low-back isometrics",
        started_at=start,
        ended_at=start + timedelta(minutes=25) if final else None,
        status=status,
        params=SessionParams(reps=reps, sets=sets, hold_s=5, relax_s=3, rest_s=20),
        exercises=exercises,
        reps_planned=4 * sets * reps,
        hold_s_total=5.0 * 4 * sets * done,
        paused_s=1.5,
        duration_s=1500.25,
        pain_before=pain[0],
        pain_after=pain[1],
        note=note,
    )


def empty_running_record(session_id: str, reps: int = 15, sets: int = 3) -> SessionRecord:
    """A session that has just begun: no set started yet."""
    record = make_record(session_id=session_id, status="in_progress", reps=reps, sets=sets)
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


def child_env() -> dict[str, str]:
    """The environment for a child process: this checkout importable first."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def spawn(*args: str, **kwargs: object) -> subprocess.Popen[str]:
    """Start `tests/store/child.py` with `args`; its stdout is a pipe of lines."""
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, str(CHILD), *args],
        stdout=subprocess.PIPE,
        stdin=subprocess.PIPE,
        text=True,
        env=child_env(),
        **kwargs,
    )


def file_digest(path: Path) -> str:
    """The SHA-256 of a file, or of a folder's names and contents."""
    digest = hashlib.sha256()
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            digest.update(str(child.relative_to(path)).encode())
            if child.is_file():
                digest.update(child.read_bytes())
        return "dir:" + digest.hexdigest()
    digest.update(path.read_bytes())
    return digest.hexdigest()
