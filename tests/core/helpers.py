"""Small builders shared by the core tests."""

from __future__ import annotations

from isoback_tui.core.clock import FakeClock
from isoback_tui.core.engine import SessionEngine
from isoback_tui.core.plan import SessionSettings, build_plan
from isoback_tui.core.routine import Defaults, Exercise, Routine


def make_routine(
    exercises: int = 2,
    reps: int = 3,
    sets: int = 2,
    hold_s: float = 5,
    relax_s: float = 3,
    rest_s: float = 20,
) -> Routine:
    """A routine of identical exercises with the given numbers."""
    return Routine(
        id="test-routine",
        name="Test routine",
        defaults=Defaults(reps=reps, sets=sets, hold_s=hold_s, relax_s=relax_s, rest_s=rest_s),
        exercises=tuple(
            Exercise(
                id=f"ex{i}",
                name=f"Exercise {i}",
                cue="Nothing moves.",
                reps=reps,
                sets=sets,
                hold_s=hold_s,
                relax_s=relax_s,
            )
            for i in range(exercises)
        ),
    )


def make_engine(
    clock: FakeClock, countdown_s: float = 5, **routine_numbers: float
) -> SessionEngine:
    """A started engine over `make_routine(**routine_numbers)`."""
    routine = make_routine(**routine_numbers)  # type: ignore[arg-type]
    engine = SessionEngine(build_plan(routine, SessionSettings(countdown_s=countdown_s)), clock)
    engine.start()
    return engine
