"""The plan: a routine and session settings become ordered, timed steps."""

from __future__ import annotations

from dataclasses import replace

import pytest

from isoback_tui.core.plan import (
    DEFAULT_COUNTDOWN_S,
    SessionSettings,
    SettingsError,
    StepKind,
    build_plan,
    settings_from_params,
)
from isoback_tui.core.record import SessionParams
from isoback_tui.core.routine import Routine
from tests.core.helpers import make_routine


def kinds(plan_steps: object) -> list[str]:
    return [s.kind.name for s in plan_steps]  # type: ignore[attr-defined]


def test_relax_between_reps_rest_between_sets_nothing_after_last_rep() -> None:
    plan = build_plan(make_routine(exercises=2, reps=2, sets=2))
    assert kinds(plan.steps) == [
        "GET_READY",
        "HOLD", "RELAX", "HOLD", "REST",  # ex0 set0
        "HOLD", "RELAX", "HOLD", "REST",  # ex0 set1, then rest between exercises
        "HOLD", "RELAX", "HOLD", "REST",  # ex1 set0
        "HOLD", "RELAX", "HOLD",          # ex1 set1: no rest at the very end
    ]  # fmt: skip


def test_offsets_are_the_running_sum_of_durations() -> None:
    plan = build_plan(make_routine(exercises=1, reps=2, sets=1, hold_s=5, relax_s=3))
    assert [(s.kind, s.offset_s) for s in plan.steps] == [
        (StepKind.GET_READY, 0),
        (StepKind.HOLD, 5),
        (StepKind.RELAX, 10),
        (StepKind.HOLD, 13),
    ]
    assert plan.duration_s == 18


def test_rest_carries_the_indices_of_the_set_that_follows() -> None:
    plan = build_plan(make_routine(exercises=2, reps=1, sets=2))
    rests = [
        (s.exercise_index, s.set_index, s.rep_index) for s in plan.steps if s.kind is StepKind.REST
    ]
    assert rests == [(0, 1, 0), (1, 0, 0), (1, 1, 0)]


def test_zero_second_steps_are_left_out() -> None:
    plan = build_plan(
        make_routine(exercises=1, reps=2, sets=2, relax_s=0, rest_s=0),
        SessionSettings(countdown_s=0),
    )
    assert kinds(plan.steps) == ["HOLD"] * 4


def test_settings_override_every_exercise_and_fill_params() -> None:
    plan = build_plan(make_routine(reps=15, sets=3), SessionSettings(reps=4, hold_s=0.5))
    assert all(e.reps == 4 and e.sets == 3 and e.hold_s == 0.5 for e in plan.exercises)
    assert plan.params.reps == 4 and plan.params.hold_s == 0.5 and plan.params.sets == 3
    assert plan.reps_planned == 2 * 3 * 4


@pytest.mark.parametrize(
    "kwargs",
    [{"reps": 0}, {"sets": -1}, {"hold_s": 0}, {"relax_s": -1}, {"rest_s": float("nan")}],
)
def test_out_of_range_settings_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(SettingsError):
        SessionSettings(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [{"reps": 501}, {"sets": 51}, {"hold_s": 3601}, {"rest_s": 1e9}],
)
def test_absurd_settings_are_refused_before_a_plan_is_built(kwargs: dict[str, float]) -> None:
    with pytest.raises(SettingsError, match="at most|from 1 to"):
        SessionSettings(**kwargs)  # type: ignore[arg-type]


# -- promises the mutation run found untested (issue 14) ---------------------------


def test_every_override_reaches_every_exercise_and_the_steps() -> None:
    routine = make_routine(exercises=2, reps=15, sets=3, hold_s=5, relax_s=3, rest_s=20)
    settings = SessionSettings(reps=2, sets=2, hold_s=4, relax_s=1.5, rest_s=7, countdown_s=2)
    plan = build_plan(routine, settings)
    assert {(e.reps, e.sets, e.hold_s, e.relax_s) for e in plan.exercises} == {(2, 2, 4, 1.5)}
    assert plan.params == SessionParams(reps=2, sets=2, hold_s=4, relax_s=1.5, rest_s=7)
    durations = {kind: {s.duration_s for s in plan.steps if s.kind is kind} for kind in StepKind}
    assert durations == {
        StepKind.GET_READY: {2},
        StepKind.HOLD: {4},
        StepKind.RELAX: {1.5},
        StepKind.REST: {7},
    }
    assert sum(s.kind is StepKind.HOLD for s in plan.steps) == plan.reps_planned == 2 * 2 * 2
    assert plan.duration_s == 2 + 8 * 4 + 4 * 1.5 + 3 * 7


def test_no_override_keeps_each_exercise_its_own_numbers() -> None:
    routine = _routine_with_a_short_first_exercise()
    plan = build_plan(routine)
    assert [(e.reps, e.sets, e.hold_s, e.relax_s) for e in plan.exercises] == [
        (4, 1, 3, 2),
        (15, 3, 5, 3),
    ]
    assert plan.params == SessionParams(reps=15, sets=3, hold_s=5, relax_s=3, rest_s=20)


@pytest.mark.parametrize(
    "settings",
    [
        SessionSettings(),
        SessionSettings(countdown_s=0),
        SessionSettings(reps=6),
        SessionSettings(sets=1, relax_s=0),
        SessionSettings(hold_s=8, rest_s=45, countdown_s=9),
    ],
)
def test_a_saved_sessions_params_rebuild_the_same_plan(settings: SessionSettings) -> None:
    # The app rebuilds a resumed session's plan from its saved params; an exercise
    # with its own numbers must keep them when the params equal the routine's.
    routine = _routine_with_a_short_first_exercise()
    plan = build_plan(routine, settings)
    rebuilt = settings_from_params(routine, plan.params, settings.countdown_s)
    assert build_plan(routine, rebuilt) == plan


def test_settings_from_params_names_only_the_numbers_that_differ() -> None:
    routine = make_routine(reps=15, sets=3, hold_s=5, relax_s=3, rest_s=20)
    same = SessionParams(reps=15, sets=3, hold_s=5, relax_s=3, rest_s=20)
    assert settings_from_params(routine, same, 4) == SessionSettings(countdown_s=4)
    differ = SessionParams(reps=8, sets=2, hold_s=6, relax_s=0, rest_s=30)
    assert settings_from_params(routine, differ) == SessionSettings(
        reps=8, sets=2, hold_s=6, relax_s=0, rest_s=30, countdown_s=DEFAULT_COUNTDOWN_S
    )


def _routine_with_a_short_first_exercise() -> Routine:
    """Defaults 15 x 3 of 5 s, but the first exercise is 1 set of 4 reps of 3 s."""
    base = make_routine(exercises=2, reps=15, sets=3, hold_s=5, relax_s=3, rest_s=20)
    first = replace(base.exercises[0], reps=4, sets=1, hold_s=3, relax_s=2)
    return replace(base, exercises=(first, base.exercises[1]))


@pytest.mark.parametrize(
    ("kwargs", "sentence"),
    [
        ({"reps": 0}, "reps must be a whole number from 1 to 500, not 0"),
        ({"reps": 501}, "reps must be a whole number from 1 to 500, not 501"),
        ({"sets": 51}, "sets must be a whole number from 1 to 50, not 51"),
        ({"sets": True}, "sets must be a whole number from 1 to 50, not True"),
        ({"hold_s": 0}, "hold must be more than zero seconds, not 0"),
        ({"hold_s": -2.5}, "hold must be more than zero seconds, not -2.5"),
        ({"relax_s": -1}, "relax must be zero or more seconds, not -1"),
        ({"rest_s": float("nan")}, "rest must be zero or more seconds, not nan"),
        ({"countdown_s": float("-inf")}, "countdown must be zero or more seconds, not -inf"),
        ({"hold_s": 3600.5}, "hold must be at most 3600 seconds (an hour), not 3600.5"),
        ({"relax_s": 1e9}, "relax must be at most 3600 seconds (an hour), not 1e+09"),
        ({"rest_s": 7200}, "rest must be at most 3600 seconds (an hour), not 7200"),
        ({"countdown_s": 3601}, "countdown must be at most 3600 seconds (an hour), not 3601"),
    ],
)
def test_each_refused_setting_is_one_sentence_naming_it(
    kwargs: dict[str, float], sentence: str
) -> None:
    # `isoback start --relax -1` and the numbers form show this sentence as it is.
    with pytest.raises(SettingsError) as refused:
        SessionSettings(**kwargs)  # type: ignore[arg-type]
    assert str(refused.value) == sentence


def test_the_limits_themselves_and_zero_rests_are_allowed() -> None:
    widest = SessionSettings(
        reps=500, sets=50, hold_s=3600, relax_s=3600, rest_s=3600, countdown_s=3600
    )
    assert (widest.reps, widest.sets, widest.hold_s) == (500, 50, 3600)
    narrowest = SessionSettings(reps=1, sets=1, hold_s=0.1, relax_s=0, rest_s=0, countdown_s=0)
    assert (narrowest.relax_s, narrowest.rest_s, narrowest.countdown_s) == (0, 0, 0)


def test_asking_for_a_rep_the_plan_does_not_have_names_it() -> None:
    plan = build_plan(make_routine(exercises=2, reps=3, sets=2))
    step = plan.steps[plan.hold_step_index(1, 1, 2)]
    assert (step.kind, step.exercise_index, step.set_index, step.rep_index) == (
        StepKind.HOLD,
        1,
        1,
        2,
    )
    assert plan.hold_step_index(0, 0, 0) == 1  # after the countdown
    # the app shows it: "That session can't be resumed: no rep 3 in set 1 of exercise 1"
    with pytest.raises(IndexError) as missing:
        plan.hold_step_index(1, 1, 3)
    assert str(missing.value) == "no rep 3 in set 1 of exercise 1"
