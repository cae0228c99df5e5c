"""Property tests: random actions at random times never break the engine's promises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isoback_tui.core.clock import FakeClock
from isoback_tui.core.engine import EventKind, SessionEngine
from isoback_tui.core.plan import SessionSettings, build_plan
from isoback_tui.core.record import STATUS_COMPLETED, STATUS_ENDED_EARLY
from tests.core.helpers import make_routine

ACTIONS = ("tick", "pause", "resume", "toggle", "next", "skip_set", "skip_exercise", "end")

routine_numbers = st.fixed_dictionaries(
    {
        "exercises": st.integers(1, 3),
        "reps": st.integers(1, 4),
        "sets": st.integers(1, 3),
        "hold_s": st.sampled_from([0.5, 1, 2.5, 5]),
        "relax_s": st.sampled_from([0, 0.5, 3]),
        "rest_s": st.sampled_from([0, 1, 20]),
    }
)
countdowns = st.sampled_from([0, 5])
waits = st.floats(min_value=0, max_value=12, allow_nan=False)
action_lists = st.lists(
    st.tuples(st.sampled_from(ACTIONS), waits),
    max_size=60,
)


def run(engine: SessionEngine, clock: FakeClock, actions: list[tuple[str, float]]) -> float:
    """Apply the actions; return the paused seconds the test itself measured."""
    paused_total = 0.0
    paused_since: float | None = None
    for action, wait in actions:
        clock.advance(wait)
        was_paused = engine.paused
        if action == "tick":
            engine.update()
        elif action == "pause":
            engine.pause()
        elif action == "resume":
            engine.resume()
        elif action == "toggle":
            engine.toggle_pause()
        elif action == "next":
            engine.next()
        elif action == "skip_set":
            engine.skip_set()
        elif action == "skip_exercise":
            engine.skip_exercise()
        elif action == "end":
            engine.end_early()
        if not was_paused and engine.paused:
            paused_since = clock.monotonic()
        elif was_paused and not engine.paused:
            assert paused_since is not None
            paused_total += clock.monotonic() - paused_since
            paused_since = None
    if paused_since is not None:
        paused_total += clock.monotonic() - paused_since
    return paused_total


def assert_within_plan(engine: SessionEngine) -> None:
    for planned, done in zip(engine.plan.exercises, engine.record.exercises, strict=True):
        assert len(done.sets) <= planned.sets
        for s in done.sets:
            assert s.reps_done >= 0 and s.reps_skipped >= 0
            assert s.reps_done + s.reps_skipped <= planned.reps


@settings(max_examples=300, deadline=None)
@given(numbers=routine_numbers, countdown=countdowns, actions=action_lists)
def test_counts_stay_within_the_plan_and_pauses_add_up(
    numbers: dict[str, float], countdown: float, actions: list[tuple[str, float]]
) -> None:
    clock = FakeClock()
    plan = build_plan(make_routine(**numbers), SessionSettings(countdown_s=countdown))  # type: ignore[arg-type]
    engine = SessionEngine(plan, clock)
    engine.start()
    start = clock.monotonic()
    measured_pause = run(engine, clock, actions)
    assert_within_plan(engine)
    record = engine.snapshot()
    assert record.paused_s == pytest.approx(measured_pause, abs=1e-9)
    assert record.hold_s_total <= record.duration_s + 1e-9
    if not engine.done:
        assert record.duration_s == pytest.approx(clock.monotonic() - start)
    # run to the end with time alone: a session always finishes
    engine.resume()
    clock.advance(plan.duration_s + 1)
    engine.update()
    assert engine.done
    record = engine.snapshot()
    assert_within_plan(engine)
    assert record.status in (STATUS_COMPLETED, STATUS_ENDED_EARLY)
    if record.status == STATUS_COMPLETED:
        assert record.reps_done + record.reps_skipped == record.reps_planned


@settings(max_examples=300, deadline=None)
@given(
    numbers=routine_numbers,
    countdown=countdowns,
    ticks=st.lists(st.floats(min_value=0.001, max_value=30, allow_nan=False), max_size=80),
    pauses=st.lists(
        st.tuples(st.integers(0, 80), st.floats(min_value=0, max_value=50, allow_nan=False)),
        max_size=5,
    ),
)
def test_phase_boundaries_land_on_their_ideal_times(
    numbers: dict[str, float],
    countdown: float,
    ticks: list[float],
    pauses: list[tuple[int, float]],
) -> None:
    """Whatever the tick pattern and pauses, each phase starts at start + offset + paused."""
    clock = FakeClock()
    plan = build_plan(make_routine(**numbers), SessionSettings(countdown_s=countdown))  # type: ignore[arg-type]
    engine = SessionEngine(plan, clock)
    start = clock.monotonic()
    events = engine.start()
    pause_at = dict(pauses)
    paused_so_far = 0.0
    # (time the step started by the test's own arithmetic, event time)
    starts = []

    def collect(new_events: list) -> None:  # type: ignore[type-arg]
        for event in new_events:
            if event.kind is EventKind.PHASE_STARTED:
                starts.append((event.at, paused_so_far))

    collect(events)
    for i, tick in enumerate([*ticks, plan.duration_s + 1]):
        clock.advance(tick)
        collect(engine.update())
        if i in pause_at and not engine.done:
            engine.pause()
            clock.advance(pause_at[i])
            paused_so_far += pause_at[i]
            collect(engine.resume())
    phase_steps = list(plan.steps)
    assert len(starts) <= len(phase_steps)
    for (at, paused), step in zip(starts, phase_steps, strict=False):
        assert at == pytest.approx(start + step.offset_s + paused, abs=1e-9)
    if engine.done:
        assert len(starts) == len(phase_steps)
        assert engine.snapshot().duration_s == pytest.approx(plan.duration_s + paused_so_far)
