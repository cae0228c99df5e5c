"""The session engine, driven by a fake clock: every action and its edges."""

from __future__ import annotations

from datetime import timedelta

import pytest

from isoback_tui.core.clock import FakeClock
from isoback_tui.core.engine import EventKind, Phase, SessionEngine, first_unfinished_rep
from isoback_tui.core.plan import SessionSettings, build_plan
from isoback_tui.core.record import (
    STATUS_COMPLETED,
    STATUS_ENDED_EARLY,
    STATUS_IN_PROGRESS,
    STATUS_INTERRUPTED,
    SessionRecord,
)
from tests.core.helpers import make_engine, make_routine


def counts(engine: SessionEngine) -> list[list[tuple[int, int]]]:
    """Per exercise, per started set: (done, skipped)."""
    return [[(s.reps_done, s.reps_skipped) for s in e.sets] for e in engine.record.exercises]


def phase(engine: SessionEngine) -> Phase:
    engine.update()
    return engine.state().phase


def test_walks_countdown_hold_relax_rest_to_done(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=2, sets=2)
    seen = []
    for _ in range(200):
        state = engine.state()
        seen.append((state.phase, state.set_index, state.rep_index))
        if engine.done:
            break
        clock.advance(0.5)
        engine.update()
    compact = [p for i, p in enumerate(seen) if i == 0 or p != seen[i - 1]]
    assert compact == [
        (Phase.GET_READY, 0, 0),
        (Phase.HOLD, 0, 0),
        (Phase.RELAX, 0, 0),
        (Phase.HOLD, 0, 1),
        (Phase.REST, 1, 0),
        (Phase.HOLD, 1, 0),
        (Phase.RELAX, 1, 0),
        (Phase.HOLD, 1, 1),
        (Phase.DONE, 1, 1),
    ]
    assert counts(engine) == [[(2, 0), (2, 0)]]
    assert engine.record.status == STATUS_COMPLETED
    assert engine.record.hold_s_total == 20
    assert engine.snapshot().duration_s == 5 + 5 + 3 + 5 + 20 + 5 + 3 + 5


def test_one_late_update_crosses_many_boundaries_and_reports_each(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=3, sets=1)
    clock.advance(5 + 5 + 3 + 5 + 1)  # countdown, hold, relax, hold, into the relax
    events = engine.update()
    assert [e.kind for e in events] == [
        EventKind.PHASE_STARTED,
        EventKind.REP_DONE,
        EventKind.PHASE_STARTED,
        EventKind.PHASE_STARTED,
        EventKind.REP_DONE,
        EventKind.PHASE_STARTED,
    ]
    assert [e.at - 1000 for e in events] == [5, 10, 10, 13, 18, 18]
    assert engine.state().phase is Phase.RELAX
    assert engine.state().seconds_left == pytest.approx(2)


def test_state_reports_fractions_and_time_left(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=2, sets=1)  # 5 + 5 + 3 + 5 = 18 s
    clock.advance(6)
    engine.update()
    state = engine.state()
    assert state.phase is Phase.HOLD
    assert state.seconds_left == pytest.approx(4)
    assert state.phase_fraction == pytest.approx(0.2)
    assert state.time_left_s == pytest.approx(12)
    assert state.overall_fraction == pytest.approx(6 / 18)
    assert state.next_boundary_at == pytest.approx(1010)
    assert (state.rep_index, state.rep_count, state.set_count, state.exercise_count) == (0, 2, 1, 1)


def test_pause_freezes_the_phase_and_counts_paused_time(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=2, sets=1)
    clock.advance(7)  # 2 s into the first hold
    events = engine.pause()
    assert EventKind.PAUSED in [e.kind for e in events]
    clock.advance(60)
    assert phase(engine) is Phase.PAUSED
    state = engine.state()
    assert state.step_phase is Phase.HOLD
    assert state.seconds_left == pytest.approx(3)
    assert state.next_boundary_at is None
    assert engine.snapshot().paused_s == pytest.approx(60)
    engine.resume()
    clock.advance(2.999)
    assert phase(engine) is Phase.HOLD
    clock.advance(0.001)
    assert phase(engine) is Phase.RELAX
    record = engine.snapshot()
    assert record.paused_s == pytest.approx(60)
    assert record.hold_s_total == pytest.approx(5)


def test_pause_during_rest_keeps_the_rest_length(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=2, reps=1, sets=1, rest_s=20)
    clock.advance(5 + 5 + 4)  # 4 s into the rest
    assert phase(engine) is Phase.REST
    engine.pause()
    clock.advance(100)
    engine.resume()
    clock.advance(15.9)
    assert phase(engine) is Phase.REST
    clock.advance(0.1)
    assert phase(engine) is Phase.HOLD


def test_toggle_pause_and_pause_twice_is_harmless(clock: FakeClock) -> None:
    engine = make_engine(clock)
    engine.toggle_pause()
    assert engine.paused
    assert engine.pause() == []
    engine.toggle_pause()
    assert not engine.paused
    assert engine.resume() == []


def test_next_during_hold_skips_the_rep_and_goes_to_relax(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=3, sets=1)
    clock.advance(5 + 2)
    events = engine.next()
    # the update inside next() reports the HOLD that began at 5 s first
    assert [e.kind for e in events][-2:] == [EventKind.REPS_SKIPPED, EventKind.PHASE_STARTED]
    assert counts(engine) == [[(0, 1)]]
    state = engine.state()
    assert state.phase is Phase.RELAX and state.seconds_left == pytest.approx(3)
    assert engine.snapshot().hold_s_total == pytest.approx(2)


@pytest.mark.parametrize("into", ["GET READY", "RELAX"])
def test_next_during_countdown_or_relax_starts_the_hold_now(clock: FakeClock, into: str) -> None:
    engine = make_engine(clock, exercises=1, reps=3, sets=1)
    if into == "RELAX":
        clock.advance(5 + 5 + 1)
    assert phase(engine).value == into
    engine.next()
    state = engine.state()
    assert state.phase is Phase.HOLD and state.seconds_left == pytest.approx(5)


def test_next_during_rest_ends_the_rest(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=1, sets=2)
    clock.advance(5 + 5 + 1)
    assert phase(engine) is Phase.REST
    engine.next()
    state = engine.state()
    assert (state.phase, state.set_index) == (Phase.HOLD, 1)
    assert counts(engine) == [[(1, 0), (0, 0)]]


def test_skip_during_pause_acts_and_stays_paused(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=3, sets=1)
    clock.advance(6)
    engine.pause()
    clock.advance(30)
    engine.next()
    assert engine.paused
    state = engine.state()
    assert (state.phase, state.step_phase) == (Phase.PAUSED, Phase.RELAX)
    assert state.seconds_left == pytest.approx(3)
    clock.advance(30)
    engine.resume()
    clock.advance(2.9)
    assert phase(engine) is Phase.RELAX
    clock.advance(0.1)
    assert phase(engine) is Phase.HOLD
    assert engine.snapshot().paused_s == pytest.approx(60)
    assert counts(engine) == [[(0, 1)]]


def test_next_on_the_last_rep_finishes_the_session(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=1, sets=1)
    clock.advance(6)
    events = engine.next()
    assert events[-1].kind is EventKind.FINISHED
    assert engine.done and engine.record.status == STATUS_COMPLETED
    assert counts(engine) == [[(0, 1)]]
    assert engine.next() == [] and engine.skip_set() == [] and engine.end_early() == []


def test_skip_set_during_hold_counts_the_rest_skipped_then_rests(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=4, sets=2)
    clock.advance(5 + 5 + 3 + 1)  # 1 s into the 2nd hold
    engine.skip_set()
    assert counts(engine) == [[(1, 3)]]
    state = engine.state()
    assert (state.phase, state.set_index) == (Phase.REST, 1)


def test_skip_set_during_relax_skips_only_reps_not_yet_counted(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=4, sets=2)
    clock.advance(5 + 5 + 1)
    assert phase(engine) is Phase.RELAX
    engine.skip_set()
    assert counts(engine) == [[(1, 3)]]


def test_skip_set_during_rest_skips_the_coming_set_and_goes_to_work(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=2, sets=3)
    clock.advance(5 + 5 + 3 + 5 + 1)
    assert phase(engine) is Phase.REST
    engine.skip_set()
    assert counts(engine) == [[(2, 0), (0, 2), (0, 0)]]  # set 3 has started
    state = engine.state()
    assert (state.phase, state.set_index) == (Phase.HOLD, 2)


def test_skip_set_on_the_last_set_finishes(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=3, sets=1)
    clock.advance(6)
    engine.skip_set()
    assert engine.done and engine.record.status == STATUS_COMPLETED
    assert counts(engine) == [[(0, 3)]]


def test_skip_exercise_counts_every_later_set_and_rests_before_the_next(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=2, reps=2, sets=3)
    clock.advance(6)
    engine.skip_exercise()
    assert counts(engine) == [[(0, 2), (0, 2), (0, 2)], []]
    state = engine.state()
    assert (state.phase, state.exercise_index, state.set_index) == (Phase.REST, 1, 0)


def test_skip_exercise_during_countdown_goes_straight_to_the_next_hold(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=2, reps=2, sets=1)
    engine.skip_exercise()
    state = engine.state()
    assert (state.phase, state.exercise_index) == (Phase.HOLD, 1)
    assert counts(engine) == [[(0, 2)], [(0, 0)]]


def test_end_early_during_countdown_keeps_an_empty_record(clock: FakeClock) -> None:
    engine = make_engine(clock)
    clock.advance(2)
    events = engine.end_early()
    assert events[-1].kind is EventKind.FINISHED
    record = engine.snapshot()
    assert record.status == STATUS_ENDED_EARLY
    assert record.reps_done == 0 and record.reps_skipped == 0
    assert record.duration_s == pytest.approx(2)
    assert record.ended_at is not None
    assert engine.state().phase is Phase.DONE


def test_end_early_while_paused_counts_the_pause(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=3, sets=1)
    clock.advance(5 + 5 + 1)
    engine.pause()
    clock.advance(10)
    engine.end_early()
    record = engine.snapshot()
    assert record.status == STATUS_ENDED_EARLY
    assert record.paused_s == pytest.approx(10)
    assert record.duration_s == pytest.approx(21)
    assert counts(engine) == [[(1, 0)]]
    clock.advance(50)
    assert engine.snapshot().duration_s == pytest.approx(21)


def test_zero_second_rest_goes_straight_to_the_next_hold(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=2, reps=1, sets=2, rest_s=0)
    clock.advance(5 + 5)
    events = engine.update()
    assert [e.phase for e in events if e.kind is EventKind.PHASE_STARTED] == [
        Phase.HOLD,
        Phase.HOLD,
    ]
    assert engine.state().set_index == 1


def test_no_countdown_starts_with_the_hold(clock: FakeClock) -> None:
    engine = make_engine(clock, countdown_s=0)
    assert engine.state().phase is Phase.HOLD


def test_not_started_engine_reports_the_first_step_and_ignores_actions(clock: FakeClock) -> None:
    engine = SessionEngine(build_plan(make_routine()), clock)
    assert engine.state().phase is Phase.GET_READY
    assert engine.update() == [] and engine.next() == [] and engine.pause() == []
    assert not engine.started


def round_trip(record: SessionRecord) -> SessionRecord:
    return SessionRecord.from_dict(record.to_dict())


def test_resume_from_a_saved_record_at_the_first_unfinished_rep(clock: FakeClock) -> None:
    routine = make_routine(exercises=2, reps=3, sets=2)
    plan = build_plan(routine, SessionSettings(countdown_s=5))
    first = SessionEngine(plan, clock)
    first.start()
    clock.advance(5 + 5 + 3 + 5 + 3 + 2)  # two reps done, 2 s into the third
    first.update()
    first.pause()
    clock.advance(4)
    saved = round_trip(first.snapshot())  # as the store would hand it back
    assert first_unfinished_rep(plan, saved) == (0, 0, 2)

    later = FakeClock(start=50_000)
    engine = SessionEngine.resuming(plan, later, saved)
    engine.start()
    state = engine.state()
    assert (state.phase, state.exercise_index, state.set_index, state.rep_index) == (
        Phase.GET_READY,
        0,
        0,
        2,
    )
    assert engine.record.id == saved.id and engine.record.status == STATUS_IN_PROGRESS
    later.advance(5 + 5)
    engine.update()
    assert counts(engine)[0][0] == (3, 0)
    while not engine.done:
        later.advance(1)
        engine.update()
    record = engine.snapshot()
    assert record.reps_done == record.reps_planned == 12
    assert record.paused_s == pytest.approx(4)
    assert record.hold_s_total == pytest.approx(2 + 12 * 5)


def test_resume_after_a_skipped_set_starts_at_the_next_set(clock: FakeClock) -> None:
    plan = build_plan(make_routine(exercises=1, reps=3, sets=2), SessionSettings(countdown_s=0))
    first = SessionEngine(plan, clock)
    first.start()
    first.skip_set()
    saved = round_trip(first.snapshot())
    assert first_unfinished_rep(plan, saved) == (0, 1, 0)
    engine = SessionEngine.resuming(plan, clock, saved)
    engine.start()
    assert (engine.state().phase, engine.state().set_index) == (Phase.HOLD, 1)


def test_resume_refuses_a_finished_record(clock: FakeClock) -> None:
    plan = build_plan(make_routine(exercises=1, reps=1, sets=1))
    engine = SessionEngine(plan, clock)
    engine.start()
    engine.skip_exercise()
    with pytest.raises(ValueError) as refused:
        SessionEngine.resuming(plan, clock, engine.snapshot())
    # the app shows it: "That session can't be resumed: every rep of ..."
    assert str(refused.value) == "every rep of this session is already done or skipped"


# -- promises the mutation run found untested (issue 14) ---------------------------


def test_end_early_during_a_hold_counts_the_unfinished_rep_as_neither_done_nor_skipped(
    clock: FakeClock,
) -> None:
    engine = make_engine(clock, exercises=1, reps=3, sets=1)
    clock.advance(5 + 5 + 3 + 2)  # one rep done, 2 s into the second hold
    engine.end_early()
    record = engine.snapshot()
    assert counts(engine) == [[(1, 0)]]
    assert (record.reps_done, record.reps_skipped) == (1, 0)
    assert record.hold_s_total == pytest.approx(5 + 2)


def test_end_early_after_a_pause_in_a_hold_counts_only_the_seconds_held(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=3, sets=1)
    clock.advance(5 + 2)  # 2 s into the first hold
    engine.pause()
    clock.advance(10)
    engine.end_early()
    record = engine.snapshot()
    assert record.hold_s_total == pytest.approx(2)
    assert record.paused_s == pytest.approx(10)
    assert record.duration_s == pytest.approx(17)
    assert counts(engine) == [[(0, 0)]]


def test_a_late_last_update_ends_the_session_when_its_last_hold_ended(clock: FakeClock) -> None:
    engine = make_engine(clock, countdown_s=0, exercises=1, reps=1, sets=1)
    started = engine.record.started_at
    clock.advance(5 + 600)  # the app was asleep for ten minutes after the only hold
    events = engine.update()
    assert events[-1].kind is EventKind.FINISHED and events[-1].at == pytest.approx(1005)
    record = engine.snapshot()
    assert record.ended_at == started + timedelta(seconds=5)
    assert record.duration_s == pytest.approx(5)


def test_ending_early_stamps_the_wall_time_of_the_key(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=3, sets=1)
    clock.advance(7.5)
    engine.end_early()
    assert engine.record.ended_at == engine.record.started_at + timedelta(seconds=7.5)


@pytest.mark.parametrize("status", [STATUS_INTERRUPTED, STATUS_ENDED_EARLY])
def test_a_resumed_session_is_in_progress_again_with_no_end(clock: FakeClock, status: str) -> None:
    plan = build_plan(make_routine(exercises=1, reps=3, sets=1))
    first = SessionEngine(plan, clock)
    first.start()
    clock.advance(5 + 5 + 1)
    first.end_early()
    saved = round_trip(first.snapshot())
    saved.status = status
    assert saved.ended_at is not None
    engine = SessionEngine.resuming(plan, clock, saved)
    assert engine.record.status == STATUS_IN_PROGRESS
    assert engine.record.ended_at is None
    assert counts(engine) == [[(1, 0)]]
    assert saved.status == status  # the saved record itself is left as it was


def test_before_the_start_the_whole_session_is_still_ahead(clock: FakeClock) -> None:
    routine = make_routine(exercises=1, reps=2, sets=1)
    plan = build_plan(routine)
    engine = SessionEngine(plan, clock)
    state = engine.state()
    assert state.time_left_s == pytest.approx(plan.duration_s) == pytest.approx(18)
    assert (state.seconds_left, state.phase_duration_s) == (5, 5)
    assert (state.overall_fraction, state.phase_fraction) == (0, 0)
    assert state.next_boundary_at is None


def test_a_finished_session_shows_nothing_left(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=2, sets=1)
    clock.advance(18)
    engine.update()
    state = engine.state()
    assert (state.phase, state.step_phase) == (Phase.DONE, Phase.DONE)
    assert (state.seconds_left, state.time_left_s) == (0, 0)
    assert (state.phase_fraction, state.overall_fraction) == (1, 1)
    assert state.next_boundary_at is None
    assert state.done and not state.paused


def test_the_last_step_has_only_its_own_seconds_left(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=2, sets=1)  # ... relax 10-13, hold 13-18
    clock.advance(14)
    engine.update()
    state = engine.state()
    assert state.phase is Phase.HOLD and state.rep_index == 1
    assert state.time_left_s == pytest.approx(state.seconds_left) == pytest.approx(4)
    assert state.overall_fraction == pytest.approx(14 / 18)


def test_the_last_second_of_a_step_counts_down_below_one(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=2, sets=1)
    clock.advance(9.75)  # a quarter second before the first hold ends
    engine.update()
    state = engine.state()
    assert state.seconds_left == pytest.approx(0.25)
    assert state.phase_fraction == pytest.approx(0.95)


@pytest.mark.parametrize("hold_s", [0.5, 1])
def test_a_step_of_a_second_or_less_still_shows_its_progress(
    clock: FakeClock, hold_s: float
) -> None:
    engine = make_engine(clock, countdown_s=0, exercises=1, reps=2, sets=1, hold_s=hold_s)
    clock.advance(hold_s / 2)
    engine.update()
    state = engine.state()
    assert state.phase is Phase.HOLD
    assert state.phase_fraction == pytest.approx(0.5)


def test_skip_set_in_the_last_hold_of_a_set_still_rests_before_the_next(
    clock: FakeClock,
) -> None:
    engine = make_engine(clock, exercises=1, reps=2, sets=2)
    clock.advance(5 + 5 + 3 + 1)  # 1 s into the set's last hold
    engine.skip_set()
    assert counts(engine) == [[(1, 1)]]
    state = engine.state()
    assert (state.phase, state.set_index, state.seconds_left) == (Phase.REST, 1, 20)


def test_events_say_when_and_how_many(clock: FakeClock) -> None:
    engine = make_engine(clock, exercises=1, reps=4, sets=2)
    clock.advance(5 + 1)
    paused = engine.pause()  # the hold that began at 1005, then the pause
    assert [(e.kind, e.at) for e in paused] == [
        (EventKind.PHASE_STARTED, 1005),
        (EventKind.PAUSED, 1006),
    ]
    clock.advance(4)
    resumed = engine.resume()
    assert [(e.kind, e.at) for e in resumed] == [(EventKind.RESUMED, 1010)]
    clock.advance(1)
    skipped = engine.skip_set()  # the hold under way and the 3 after it
    assert [(e.kind, e.at, e.count) for e in skipped][0] == (EventKind.REPS_SKIPPED, 1011, 4)
    assert all(e.changes_record for e in paused[1:] + resumed + skipped[:1])
    assert not skipped[-1].changes_record  # the rest that begins
    ended = engine.end_early()
    assert [(e.kind, e.at, e.phase) for e in ended] == [(EventKind.FINISHED, 1011, Phase.DONE)]


@pytest.mark.parametrize("action", ["next", "skip_set", "skip_exercise", "end_early", "resume"])
def test_actions_before_the_start_or_after_the_end_do_nothing(
    clock: FakeClock, action: str
) -> None:
    plan = build_plan(make_routine(exercises=2, reps=2, sets=2))
    idle = SessionEngine(plan, clock)
    assert getattr(idle, action)() == []
    assert not idle.started and counts(idle) == [[], []]
    over = SessionEngine(plan, clock)
    over.start()
    over.end_early()
    before = over.snapshot().to_dict()
    clock.advance(10)
    assert getattr(over, action)() == []
    assert over.snapshot().to_dict() == before


def test_resume_with_a_countdown_names_the_rep_that_comes(clock: FakeClock) -> None:
    plan = build_plan(make_routine(exercises=2, reps=3, sets=2), SessionSettings(countdown_s=5))
    first = SessionEngine(plan, clock)
    first.start()
    first.skip_exercise()  # all of exercise 0 skipped: now resting before exercise 1
    clock.advance(5 + 3 + 2)  # one rep of exercise 1 done, 2 s into the next
    first.update()
    first.end_early()
    saved = round_trip(first.snapshot())
    engine = SessionEngine.resuming(plan, clock, saved)
    engine.start()
    state = engine.state()
    assert (state.phase, state.exercise_index, state.set_index, state.rep_index) == (
        Phase.GET_READY,
        1,
        0,
        1,
    )
    assert state.exercise.id == "ex1"
    assert state.time_left_s == pytest.approx(5 + 5 + 3 + 5 + 20 + 3 * 5 + 2 * 3)


def test_a_routine_that_grew_an_exercise_since_still_resumes(clock: FakeClock) -> None:
    # The session was saved when the routine had one exercise (the user has added one since):
    # its counts stay with the first exercise, which takes the routine's current name.
    short = make_routine(exercises=1, reps=2, sets=1)
    first = SessionEngine(build_plan(short, SessionSettings(countdown_s=0)), clock)
    first.start()
    clock.advance(5 + 3 + 5)
    first.update()
    saved = round_trip(first.snapshot())
    saved.exercises[0].name = "The old name"
    saved.status = STATUS_INTERRUPTED
    grown = build_plan(make_routine(exercises=2, reps=2, sets=1), SessionSettings(countdown_s=0))
    assert first_unfinished_rep(grown, saved) == (1, 0, 0)
    engine = SessionEngine.resuming(grown, clock, saved)
    assert [(e.id, e.name) for e in engine.record.exercises] == [
        ("ex0", "Exercise 0"),
        ("ex1", "Exercise 1"),
    ]
    assert counts(engine) == [[(2, 0)], []]
    engine.start()
    assert (engine.state().phase, engine.state().exercise_index) == (Phase.HOLD, 1)


def test_resume_into_a_later_set_counts_down_to_that_set(clock: FakeClock) -> None:
    plan = build_plan(make_routine(exercises=1, reps=3, sets=3), SessionSettings(countdown_s=5))
    first = SessionEngine(plan, clock)
    first.start()
    first.skip_set()  # set 1 skipped from the countdown: now in set 2's first hold
    clock.advance(5 + 3 + 1)  # one rep of set 2 done
    first.update()
    saved = round_trip(first.snapshot())
    engine = SessionEngine.resuming(plan, clock, saved)
    engine.start()
    state = engine.state()
    assert (state.phase, state.set_index, state.rep_index) == (Phase.GET_READY, 1, 1)
