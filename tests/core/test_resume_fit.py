"""Resuming with the routine as it is now: counts it has no room for are refused, growth is fine.

A saved session is resumed with a plan built from today's routine file,
which may have changed since. `SessionEngine.resuming` refuses, with one
sentence, a session whose counted reps would land outside that plan; a
plan that grew resumes, takes the plan's `reps_planned`, and no set ever
ends with more reps than it has.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isoback_tui.core.clock import FakeClock
from isoback_tui.core.engine import SessionEngine, check_fits, first_unfinished_rep
from isoback_tui.core.plan import Plan, SessionSettings, build_plan
from isoback_tui.core.record import (
    STATUS_COMPLETED,
    STATUS_INTERRUPTED,
    ExerciseRecord,
    SessionRecord,
    SetRecord,
)
from isoback_tui.core.routine import Routine
from tests.core.helpers import make_routine
from tests.core.test_engine_properties import action_lists, assert_within_plan, run

Shape = list[tuple[int, int]]  # per exercise: (reps, sets)


def routine_of(shape: Shape) -> Routine:
    """A routine whose exercises each have their own reps and sets (defaults 3 x 2)."""
    base = make_routine(exercises=len(shape), reps=3, sets=2, hold_s=1, relax_s=0.5, rest_s=1)
    numbers = zip(base.exercises, shape, strict=True)
    exercises = tuple(replace(ex, reps=reps, sets=sets) for ex, (reps, sets) in numbers)
    return replace(base, exercises=exercises)


def plan_of(shape: Shape) -> Plan:
    return build_plan(routine_of(shape), SessionSettings(countdown_s=0))


def saved_with(shape: Shape, counts: list[list[tuple[int, int]]]) -> SessionRecord:
    """An interrupted session of `plan_of(shape)` with these (done, skipped) counts, read back."""
    plan = plan_of(shape)
    record = SessionEngine(plan, FakeClock()).snapshot()
    record.exercises = [
        ExerciseRecord(ex.id, ex.name, [SetRecord(d, s) for d, s in sets])
        for ex, sets in zip(plan.exercises, counts, strict=True)
    ]
    record.status = STATUS_INTERRUPTED
    return SessionRecord.from_dict(record.to_dict())


def counts(engine: SessionEngine) -> list[list[tuple[int, int]]]:
    return [[(s.reps_done, s.reps_skipped) for s in e.sets] for e in engine.record.exercises]


def finish(engine: SessionEngine, clock: FakeClock) -> SessionRecord:
    engine.start()
    clock.advance(engine.plan.duration_s + 1)
    engine.update()
    assert engine.done
    return engine.snapshot()


# -- refused -----------------------------------------------------------------------

MISFITS = {
    "fewer reps a set now": (
        [(3, 2)],
        [[(3, 0), (1, 0)]],
        [(2, 2)],
        "set 1 of 'Exercise 0' counts 3 reps, but the routine has only 2 reps a set now",
    ),
    "skipped reps count too": (
        [(3, 1), (3, 1)],
        [[(3, 0)], [(1, 2)]],
        [(3, 1), (2, 1)],
        "set 1 of 'Exercise 1' counts 3 reps, but the routine has only 2 reps a set now",
    ),
    "fewer sets now": (
        [(2, 3)],
        [[(2, 0), (1, 1), (1, 0)]],
        [(2, 2)],
        "it counts reps in set 3 of 'Exercise 0', but the routine has only 2 sets of it now",
    ),
    "one rep a set now": (
        [(2, 1)],
        [[(2, 0)]],
        [(1, 1)],
        "set 1 of 'Exercise 0' counts 2 reps, but the routine has only 1 rep a set now",
    ),
    "fewer exercises now": (
        [(1, 1), (1, 1), (2, 1)],
        [[(1, 0)], [(1, 0)], [(1, 0)]],
        [(1, 1)],
        "it counts reps of exercise 2 ('Exercise 1'), but the routine has only 1 exercise now",
    ),
}


@pytest.mark.parametrize("case", list(MISFITS))
def test_counts_the_plan_has_no_room_for_are_refused_in_one_sentence(case: str) -> None:
    before, done, after, sentence = MISFITS[case]
    saved = saved_with(before, done)
    with pytest.raises(ValueError) as refused:
        SessionEngine.resuming(plan_of(after), FakeClock(), saved)
    assert str(refused.value) == sentence


def test_a_long_exercise_name_is_cut_short_in_the_sentence() -> None:
    saved = saved_with([(3, 1)], [[(3, 0)]])
    saved.exercises[0].name = "N" * 500
    with pytest.raises(ValueError) as refused:
        check_fits(plan_of([(2, 1)]), saved)
    assert len(str(refused.value)) < 150 and "N" * 39 + "…'" in str(refused.value)


# -- resumed -----------------------------------------------------------------------


def test_a_plan_with_fewer_exercises_resumes_when_the_lost_ones_count_nothing() -> None:
    # the third exercise was begun (its first hold), but nothing was counted in it
    saved = saved_with([(1, 1), (2, 1), (1, 1)], [[(1, 0)], [(1, 0)], [(0, 0)]])
    clock = FakeClock()
    engine = SessionEngine.resuming(plan_of([(1, 1), (2, 1)]), clock, saved)
    assert counts(engine) == [[(1, 0)], [(1, 0)]]
    record = finish(engine, clock)
    assert (record.status, record.reps_done, record.reps_planned) == (STATUS_COMPLETED, 3, 3)


def test_a_routine_that_grew_more_reps_a_set_resumes_without_going_back() -> None:
    # 2 reps x 2 sets when saved, killed in the second set; 4 reps x 2 sets now
    saved = saved_with([(2, 2)], [[(2, 0), (1, 0)]])
    plan = plan_of([(4, 2)])
    assert first_unfinished_rep(plan, saved) == (0, 1, 1)
    clock = FakeClock()
    engine = SessionEngine.resuming(plan, clock, saved)
    assert engine.record.reps_planned == 8
    record = finish(engine, clock)
    # the first set keeps its 2 (the reps it gained are not gone back for); no set passes 4
    assert counts(engine) == [[(2, 0), (4, 0)]]
    assert (record.reps_done, record.reps_planned) == (6, 8)
    assert SessionRecord.from_dict(record.to_dict()).to_dict() == record.to_dict()


def test_a_routine_that_grew_more_sets_and_exercises_resumes_and_plans_them() -> None:
    saved = saved_with([(2, 1)], [[(1, 1)]])
    saved.exercises[0].sets.append(SetRecord())  # a set begun (its first hold), nothing counted
    clock = FakeClock()
    engine = SessionEngine.resuming(plan_of([(2, 2), (3, 1)]), clock, saved)
    record = finish(engine, clock)
    assert counts(engine) == [[(1, 1), (2, 0)], [(3, 0)]]
    assert (record.reps_done, record.reps_skipped, record.reps_planned) == (6, 1, 7)


def test_resumed_in_the_same_plan_nothing_changes_but_the_status() -> None:
    saved = saved_with([(3, 2), (3, 2)], [[(3, 0), (1, 1)], []])
    engine = SessionEngine.resuming(plan_of([(3, 2), (3, 2)]), FakeClock(), saved)
    assert engine.record.reps_planned == saved.reps_planned == 12
    assert first_unfinished_rep(engine.plan, saved) == (0, 1, 2)
    assert counts(engine) == [[(3, 0), (1, 1)], []]


# -- any session, any change of routine --------------------------------------------

shapes = st.lists(st.tuples(st.integers(1, 4), st.integers(1, 3)), min_size=1, max_size=3)


def misfit(plan: Plan, saved: SessionRecord) -> bool:
    """Whether a counted rep of `saved` lies outside `plan` (said independently of the engine)."""
    for ei, exercise in enumerate(saved.exercises):
        for si, one in enumerate(exercise.sets):
            if one.reps_counted and (
                ei >= len(plan.exercises)
                or si >= plan.exercises[ei].sets
                or one.reps_counted > plan.exercises[ei].reps
            ):
                return True
    return False


@settings(max_examples=250, deadline=None)
@given(before=shapes, after=shapes, actions=action_lists, later=action_lists)
def test_a_resumed_session_keeps_its_counts_and_never_ends_above_its_plan(
    before: Shape, after: Shape, actions: list[tuple[str, float]], later: list[tuple[str, float]]
) -> None:
    clock = FakeClock()
    first = SessionEngine(plan_of(before), clock)
    first.start()
    run(first, clock, actions)
    saved = SessionRecord.from_dict(first.snapshot().to_dict())  # what the app writes reads back
    plan = plan_of(after)
    try:
        engine = SessionEngine.resuming(plan, clock, saved)
    except ValueError as refused:
        every_rep = str(refused) == "every rep of this session is already done or skipped"
        assert misfit(plan, saved) != every_rep
        return
    assert not misfit(plan, saved)
    engine.start()
    run(engine, clock, later)
    engine.resume()
    clock.advance(plan.duration_s + 1)
    engine.update()
    assert engine.done
    record = engine.snapshot()
    assert_within_plan(engine)
    assert record.reps_planned == plan.reps_planned
    assert record.reps_done + record.reps_skipped <= record.reps_planned
    assert record.reps_done >= saved.reps_done and record.reps_skipped >= saved.reps_skipped
    assert SessionRecord.from_dict(record.to_dict()).to_dict() == record.to_dict()
