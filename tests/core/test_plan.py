"""The plan: a routine and session settings become ordered, timed steps."""

from __future__ import annotations

import pytest

from isoback_tui.core.plan import SessionSettings, SettingsError, StepKind, build_plan
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
    rests = [(s.exercise_index, s.set_index) for s in plan.steps if s.kind is StepKind.REST]
    assert rests == [(0, 1), (1, 0), (1, 1)]


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
