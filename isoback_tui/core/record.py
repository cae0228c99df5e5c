"""The session record: what was done in one session, as plain data.

This is the one shape that flows from the engine to the store, to the
history screen and to `history --json`. `to_dict` gives exactly the JSON
object of PRODUCT.md section 4; `from_dict` checks a dict of that shape and
raises `RecordError` with one clear sentence when something is wrong.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from isoback_tui.core.limits import (
    MAX_EXERCISES,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_REPS,
    MAX_SECONDS,
    MAX_SESSION_S,
    MAX_SETS,
)
from isoback_tui.core.text import clean, shorten

STATUS_COMPLETED: Final = "completed"
STATUS_ENDED_EARLY: Final = "ended_early"
STATUS_INTERRUPTED: Final = "interrupted"
STATUS_IN_PROGRESS: Final = "in_progress"
STATUSES: Final = (STATUS_COMPLETED, STATUS_ENDED_EARLY, STATUS_INTERRUPTED, STATUS_IN_PROGRESS)

PARAM_KEYS: Final = ("reps", "sets", "hold_s", "relax_s", "rest_s")
MAX_REPS_PLANNED: Final = MAX_EXERCISES * MAX_SETS * MAX_REPS

_LONE_SURROGATE: Final = re.compile("[\ud800-\udfff]")


class RecordError(ValueError):
    """A session record that does not have the shape of PRODUCT.md section 4."""


@dataclass(frozen=True)
class SessionParams:
    """The session-wide settings a session was planned with."""

    reps: int
    sets: int
    hold_s: float
    relax_s: float
    rest_s: float

    def to_dict(self) -> dict[str, Any]:
        """The `params` object of the JSON format."""
        return {
            "reps": self.reps,
            "sets": self.sets,
            "hold_s": self.hold_s,
            "relax_s": self.relax_s,
            "rest_s": self.rest_s,
        }


@dataclass
class SetRecord:
    """One started set: how many reps were done and how many skipped."""

    reps_done: int = 0
    reps_skipped: int = 0

    @property
    def reps_counted(self) -> int:
        """Reps that are behind the user, done or skipped."""
        return self.reps_done + self.reps_skipped


@dataclass
class ExerciseRecord:
    """One exercise of the session with the sets that were started."""

    id: str
    name: str
    sets: list[SetRecord] = field(default_factory=list)

    @property
    def reps_done(self) -> int:
        """Reps done across this exercise's sets."""
        return sum(s.reps_done for s in self.sets)

    @property
    def reps_skipped(self) -> int:
        """Reps skipped across this exercise's sets."""
        return sum(s.reps_skipped for s in self.sets)


@dataclass
class SessionRecord:
    """Everything kept about one session; the unit the store saves."""

    id: str
    routine_id: str
    routine_name: str
    started_at: datetime
    params: SessionParams
    exercises: list[ExerciseRecord]
    reps_planned: int
    ended_at: datetime | None = None
    status: str = STATUS_IN_PROGRESS
    hold_s_total: float = 0.0
    paused_s: float = 0.0
    duration_s: float = 0.0
    pain_before: int | None = None
    pain_after: int | None = None
    note: str = ""

    @property
    def reps_done(self) -> int:
        """Reps held to the end, across the whole session."""
        return sum(e.reps_done for e in self.exercises)

    @property
    def reps_skipped(self) -> int:
        """Reps skipped, across the whole session."""
        return sum(e.reps_skipped for e in self.exercises)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of PRODUCT.md section 4, key for key."""
        return {
            "id": self.id,
            "routine_id": self.routine_id,
            "routine_name": self.routine_name,
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "status": self.status,
            "params": self.params.to_dict(),
            "exercises": [
                {
                    "id": e.id,
                    "name": e.name,
                    "sets": [
                        {"reps_done": s.reps_done, "reps_skipped": s.reps_skipped} for s in e.sets
                    ],
                }
                for e in self.exercises
            ],
            "reps_done": self.reps_done,
            "reps_skipped": self.reps_skipped,
            "reps_planned": self.reps_planned,
            "hold_s_total": _round_s(self.hold_s_total),
            "paused_s": _round_s(self.paused_s),
            "duration_s": _round_s(self.duration_s),
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Any) -> SessionRecord:
        """Check `data` against the JSON format and build a record from it.

        Raises RecordError naming the field at fault. Totals (`reps_done`,
        `reps_skipped`) must agree with the per-set counts when present.
        Whether the counts fit the session's own plan is `check_counts`'s
        question, asked of imports (a history is read as it is).
        """
        obj = _mapping(data, "the session")
        sid = _str(obj, "id")
        if not sid:
            raise RecordError("field 'id' is empty")
        params_obj = _mapping(obj.get("params"), "field 'params'")
        params = SessionParams(
            reps=_int(params_obj, "reps", where="params."),
            sets=_int(params_obj, "sets", where="params."),
            hold_s=_num(params_obj, "hold_s", where="params."),
            relax_s=_num(params_obj, "relax_s", where="params."),
            rest_s=_num(params_obj, "rest_s", where="params."),
        )
        exercises_raw = obj.get("exercises")
        if not isinstance(exercises_raw, list):
            raise RecordError("field 'exercises' must be a list")
        exercises: list[ExerciseRecord] = []
        done_total = skipped_total = 0
        for i, ex_raw in enumerate(exercises_raw):
            ex = _mapping(ex_raw, f"exercises[{i}]")
            sets_raw = ex.get("sets")
            if not isinstance(sets_raw, list):
                raise RecordError(f"field 'exercises[{i}].sets' must be a list")
            sets = []
            for j, set_raw in enumerate(sets_raw):
                # Fast path for the common, well-formed set; anything else takes
                # the checks below, which name the field at fault.
                if type(set_raw) is dict:
                    done, skipped = set_raw.get("reps_done"), set_raw.get("reps_skipped")
                    if type(done) is int and type(skipped) is int and done >= 0 <= skipped:
                        sets.append(SetRecord(done, skipped))
                        done_total += done
                        skipped_total += skipped
                        continue
                where = f"exercises[{i}].sets[{j}]."
                st = _mapping(set_raw, where.rstrip("."))
                one_set = SetRecord(
                    reps_done=_int(st, "reps_done", where=where),
                    reps_skipped=_int(st, "reps_skipped", where=where),
                )
                sets.append(one_set)
                done_total += one_set.reps_done
                skipped_total += one_set.reps_skipped
            ex_id, ex_name = ex.get("id"), ex.get("name")
            if type(ex_id) is not str or type(ex_name) is not str:
                ex_id = _str(ex, "id", where=f"exercises[{i}].")
                ex_name = _str(ex, "name", where=f"exercises[{i}].")
            exercises.append(ExerciseRecord(id=ex_id, name=ex_name, sets=sets))
        status = _str(obj, "status")
        if status not in STATUSES:
            raise RecordError(f"field 'status' must be one of {', '.join(STATUSES)}")
        ended_raw = obj.get("ended_at")
        record = cls(
            id=sid,
            routine_id=_str(obj, "routine_id"),
            routine_name=_str(obj, "routine_name"),
            started_at=_when(obj.get("started_at"), "started_at"),
            ended_at=None if ended_raw is None else _when(ended_raw, "ended_at"),
            status=status,
            params=params,
            exercises=exercises,
            reps_planned=_int(obj, "reps_planned"),
            hold_s_total=_num(obj, "hold_s_total"),
            paused_s=_num(obj, "paused_s"),
            duration_s=_num(obj, "duration_s"),
            pain_before=_pain(obj, "pain_before"),
            pain_after=_pain(obj, "pain_after"),
            note=_str(obj, "note"),
        )
        for key, total in (("reps_done", done_total), ("reps_skipped", skipped_total)):
            if key in obj and _int(obj, key) != total:
                raise RecordError(f"field '{key}' does not match the per-set counts")
        return record


def check_counts(record: SessionRecord) -> None:
    """Raise RecordError when the counts could not have come from the session's own plan.

    Asked of every imported session. A history file is read as it is: a
    session that an older isoback resumed after its routine grew may count
    more than the `reps_planned` it kept, and one such session must not
    hide the whole history.

    The record keeps its total `reps_planned` but not each exercise's reps
    and sets (a routine may set them per exercise), so the test is what
    every plan obeys: no more reps done and skipped than planned, and every
    exercise planned at least as many reps a set as its fullest set counts,
    for each set it started.
    """
    planned = _short(record.reps_planned)
    counted = record.reps_done + record.reps_skipped
    if counted > record.reps_planned:
        raise RecordError(
            f"field 'reps_planned' ({planned}) is less than the reps done and skipped "
            f"({_short(counted)})"
        )
    needed = 0
    for i, exercise in enumerate(record.exercises):
        fullest = max((one.reps_counted for one in exercise.sets), default=0)
        need = fullest * len(exercise.sets)
        if need > record.reps_planned:
            raise RecordError(
                f"field 'exercises[{i}].sets' does not fit 'reps_planned' ({planned}): one "
                f"of its {len(exercise.sets)} sets counts {_short(fullest)}, "
                f"so they need {_short(need)}"
            )
        needed += need
    if needed > record.reps_planned:
        raise RecordError(
            f"field 'reps_planned' ({planned}) is less than its exercises need ({_short(needed)}), "
            "each planning for every set it started as many reps as its fullest set counts"
        )


def check_bounds(record: SessionRecord) -> None:
    """Raise RecordError naming the field when `record` is outside the limits of `core.limits`.

    The app never writes such a session (routine files are held to the same
    limits); `isoback import` refuses one, so a file from elsewhere can't
    bring 100,000-character names, 300-digit durations or text that is not
    valid Unicode into the history.
    """
    texts = [
        ("id", record.id, MAX_NAME_CHARS),
        ("routine_id", record.routine_id, MAX_NAME_CHARS),
        ("routine_name", record.routine_name, MAX_NAME_CHARS),
        ("note", record.note, MAX_NOTE_CHARS),
    ]
    numbers: list[tuple[str, float, float]] = [
        ("params.reps", record.params.reps, MAX_REPS),
        ("params.sets", record.params.sets, MAX_SETS),
        ("params.hold_s", record.params.hold_s, MAX_SECONDS),
        ("params.relax_s", record.params.relax_s, MAX_SECONDS),
        ("params.rest_s", record.params.rest_s, MAX_SECONDS),
        ("reps_planned", record.reps_planned, MAX_REPS_PLANNED),
        ("hold_s_total", record.hold_s_total, MAX_SESSION_S),
        ("paused_s", record.paused_s, MAX_SESSION_S),
        ("duration_s", record.duration_s, MAX_SESSION_S),
    ]
    if len(record.exercises) > MAX_EXERCISES:
        raise RecordError(f"field 'exercises' lists more than {MAX_EXERCISES} exercises")
    for i, exercise in enumerate(record.exercises):
        texts.append((f"exercises[{i}].id", exercise.id, MAX_NAME_CHARS))
        texts.append((f"exercises[{i}].name", exercise.name, MAX_NAME_CHARS))
        if len(exercise.sets) > MAX_SETS:
            raise RecordError(f"field 'exercises[{i}].sets' lists more than {MAX_SETS} sets")
        for j, one in enumerate(exercise.sets):
            numbers.append((f"exercises[{i}].sets[{j}].reps_done", one.reps_done, MAX_REPS))
            numbers.append((f"exercises[{i}].sets[{j}].reps_skipped", one.reps_skipped, MAX_REPS))
    for key, text, most in texts:
        if len(text) > most:
            raise RecordError(f"field '{key}' is longer than {most} characters ({len(text)})")
        if _LONE_SURROGATE.search(text):
            raise RecordError(f"field '{key}' is not valid Unicode (it holds a lone surrogate)")
    for key, value, bound in numbers:
        if value > bound:
            raise RecordError(f"field '{key}' must be at most {bound}, not {_short(value)}")


def _round_s(seconds: float) -> float:
    """Seconds kept to the millisecond, so JSON stays short and stable."""
    return round(seconds, 3)


def _mapping(value: Any, what: str) -> Mapping[str, Any]:
    if type(value) is dict:  # the common case, without the slower ABC check
        return value
    if not isinstance(value, Mapping):
        raise RecordError(f"{what} must be a JSON object")
    return value


def _field(obj: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        raise RecordError(f"field '{where}{key}' is missing")
    return obj[key]


def _str(obj: Mapping[str, Any], key: str, where: str = "") -> str:
    value = _field(obj, key, where)
    if not isinstance(value, str):
        raise RecordError(f"field '{where}{key}' must be a string")
    return value


def _int(obj: Mapping[str, Any], key: str, where: str = "") -> int:
    value = _field(obj, key, where)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RecordError(f"field '{where}{key}' must be a whole number of zero or more")
    return value


def _num(obj: Mapping[str, Any], key: str, where: str = "") -> float:
    value = _field(obj, key, where)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
    ):
        raise RecordError(f"field '{where}{key}' must be a number of zero or more")
    return float(value) if isinstance(value, float) else value


def _pain(obj: Mapping[str, Any], key: str) -> int | None:
    value = _field(obj, key, "")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise RecordError(f"field '{key}' must be a whole number from 0 to 10, or null")
    return value


def _when(value: Any, key: str) -> datetime:
    if not isinstance(value, str):
        raise RecordError(f"field '{key}' must be an ISO-8601 date and time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise RecordError(
            f"field '{key}' is not an ISO-8601 date and time: {_quoted(value)}"
        ) from None
    if moment.tzinfo is None:
        raise RecordError(f"field '{key}' has no UTC offset: {_quoted(value)}")
    return moment


def _short(number: float) -> str:
    """A number from a file, for a message: never hundreds of digits."""
    if isinstance(number, int):
        digits = str(number)
        return digits if len(digits) <= 12 else f"a number of {len(digits)} digits"
    return f"{number:.6g}"


def _quoted(value: str) -> str:
    """A value from a file, quoted for a message: cleaned and cut short."""
    return f"'{shorten(clean(value), 40)}'"
