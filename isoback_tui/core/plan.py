"""A routine plus session settings become the ordered list of timed steps.

The plan is what the engine walks. Each exercise is done for all its sets
before the next; each rep is a HOLD followed by a RELAX, except that the
last rep of a set is followed by a REST instead, and nothing follows the
very last rep. Steps of zero seconds are left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import Enum

from isoback_tui.core.limits import MAX_REPS, MAX_SECONDS, MAX_SETS
from isoback_tui.core.record import SessionParams
from isoback_tui.core.routine import Exercise, Routine

DEFAULT_COUNTDOWN_S = 5.0


class StepKind(Enum):
    """What the user does during a step."""

    GET_READY = "GET READY"
    HOLD = "HOLD"
    RELAX = "RELAX"
    REST = "REST"


class SettingsError(ValueError):
    """A session setting out of range; the message is one sentence for the user."""


@dataclass(frozen=True)
class SessionSettings:
    """Per-session overrides; None keeps the routine's own number.

    A number given here applies to every exercise of the routine.
    """

    reps: int | None = None
    sets: int | None = None
    hold_s: float | None = None
    relax_s: float | None = None
    rest_s: float | None = None
    countdown_s: float = DEFAULT_COUNTDOWN_S

    def __post_init__(self) -> None:
        for name, most in (("reps", MAX_REPS), ("sets", MAX_SETS)):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not 1 <= value <= most):
                raise SettingsError(f"{name} must be a whole number from 1 to {most}, not {value}")
        checks = (
            ("hold_s", "hold", False),
            ("relax_s", "relax", True),
            ("rest_s", "rest", True),
            ("countdown_s", "countdown", True),
        )
        for name, label, zero_ok in checks:
            value = getattr(self, name)
            if value is None:
                continue
            if not math.isfinite(value) or value < 0 or (value == 0 and not zero_ok):
                least = "zero or more" if zero_ok else "more than zero"
                raise SettingsError(f"{label} must be {least} seconds, not {value:g}")
            if value > MAX_SECONDS:
                raise SettingsError(
                    f"{label} must be at most {MAX_SECONDS} seconds (an hour), not {value:g}"
                )


@dataclass(frozen=True)
class StartRequest:
    """`isoback start ...`: go straight into a live session of this routine with these settings.

    Made by the command line, acted on by the app; it lives here so neither
    imports the other.
    """

    routine_id: str
    settings: SessionSettings
    ask_pain: bool


@dataclass(frozen=True)
class Step:
    """One timed step; indices are 0-based and name the rep it belongs to.

    A REST carries the indices of the set that comes after it.
    """

    kind: StepKind
    duration_s: float
    exercise_index: int
    set_index: int
    rep_index: int
    offset_s: float = 0.0  # planned start, seconds after the plan begins


@dataclass(frozen=True)
class Plan:
    """The ordered steps of a session and what it was built from."""

    routine_id: str
    routine_name: str
    params: SessionParams
    exercises: tuple[Exercise, ...]  # with this session's numbers in place
    steps: tuple[Step, ...]

    @property
    def reps_planned(self) -> int:
        """Every rep of the session."""
        return sum(e.reps_planned for e in self.exercises)

    @property
    def duration_s(self) -> float:
        """Planned length of the whole session, countdown included."""
        if not self.steps:
            return 0.0
        last = self.steps[-1]
        return last.offset_s + last.duration_s

    def hold_step_index(self, exercise_index: int, set_index: int, rep_index: int) -> int:
        """Index into `steps` of the HOLD of the given rep."""
        for i, step in enumerate(self.steps):
            if (
                step.kind is StepKind.HOLD
                and step.exercise_index == exercise_index
                and step.set_index == set_index
                and step.rep_index == rep_index
            ):
                return i
        raise IndexError(f"no rep {rep_index} in set {set_index} of exercise {exercise_index}")


def session_params(routine: Routine, settings: SessionSettings) -> SessionParams:
    """The session-wide numbers: the routine's defaults with the settings applied."""
    d = routine.defaults
    return SessionParams(
        reps=settings.reps if settings.reps is not None else d.reps,
        sets=settings.sets if settings.sets is not None else d.sets,
        hold_s=settings.hold_s if settings.hold_s is not None else d.hold_s,
        relax_s=settings.relax_s if settings.relax_s is not None else d.relax_s,
        rest_s=settings.rest_s if settings.rest_s is not None else d.rest_s,
    )


def settings_from_params(
    routine: Routine, params: SessionParams, countdown_s: float = DEFAULT_COUNTDOWN_S
) -> SessionSettings:
    """Settings that rebuild a saved session's plan: the params that differ from the routine's."""
    d = routine.defaults
    return SessionSettings(
        reps=params.reps if params.reps != d.reps else None,
        sets=params.sets if params.sets != d.sets else None,
        hold_s=params.hold_s if params.hold_s != d.hold_s else None,
        relax_s=params.relax_s if params.relax_s != d.relax_s else None,
        rest_s=params.rest_s if params.rest_s != d.rest_s else None,
        countdown_s=countdown_s,
    )


def build_plan(routine: Routine, settings: SessionSettings | None = None) -> Plan:
    """Turn a routine and this session's settings into the ordered steps."""
    settings = settings or SessionSettings()
    params = session_params(routine, settings)
    exercises = tuple(
        replace(
            ex,
            reps=settings.reps if settings.reps is not None else ex.reps,
            sets=settings.sets if settings.sets is not None else ex.sets,
            hold_s=settings.hold_s if settings.hold_s is not None else ex.hold_s,
            relax_s=settings.relax_s if settings.relax_s is not None else ex.relax_s,
        )
        for ex in routine.exercises
    )
    steps: list[Step] = []
    offset = 0.0

    def add(kind: StepKind, duration: float, ei: int, si: int, ri: int) -> None:
        nonlocal offset
        if duration > 0:  # a zero-second step is left out
            steps.append(Step(kind, duration, ei, si, ri, offset))
            offset += duration

    add(StepKind.GET_READY, settings.countdown_s, 0, 0, 0)
    last_exercise = len(exercises) - 1
    for ei, ex in enumerate(exercises):
        for si in range(ex.sets):
            for ri in range(ex.reps):
                add(StepKind.HOLD, ex.hold_s, ei, si, ri)
                if ri < ex.reps - 1:
                    add(StepKind.RELAX, ex.relax_s, ei, si, ri)
                elif si < ex.sets - 1:
                    add(StepKind.REST, params.rest_s, ei, si + 1, 0)
                elif ei < last_exercise:
                    add(StepKind.REST, params.rest_s, ei + 1, 0, 0)
    return Plan(
        routine_id=routine.id,
        routine_name=routine.name,
        params=params,
        exercises=exercises,
        steps=tuple(steps),
    )
