"""The session engine: walks a plan in time and keeps the running record.

Time comes from a clock the engine is given; the engine never sleeps and
never counts ticks. Every phase ends at an absolute deadline,
`anchor + planned offset`, where the anchor moves only when the user pauses
or skips. So however often (or rarely) `update` is called, each phase
boundary lands on its ideal time and nothing drifts.

Each action first brings the engine up to the clock's "now", then acts, and
returns the events that happened, in order, so the caller can ring the bell
at a HOLD or RELAX and save the record when a rep is counted.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from enum import Enum

from isoback_tui.core.clock import Clock
from isoback_tui.core.plan import Plan, Step, StepKind
from isoback_tui.core.record import (
    STATUS_COMPLETED,
    STATUS_ENDED_EARLY,
    STATUS_IN_PROGRESS,
    ExerciseRecord,
    SessionRecord,
    SetRecord,
)
from isoback_tui.core.routine import Exercise
from isoback_tui.core.text import shorten


class Phase(Enum):
    """What the screen shows as the phase word; PAUSED and DONE have no step."""

    GET_READY = "GET READY"
    HOLD = "HOLD"
    RELAX = "RELAX"
    REST = "REST"
    PAUSED = "PAUSED"
    DONE = "DONE"


_PHASE_OF_STEP = {
    StepKind.GET_READY: Phase.GET_READY,
    StepKind.HOLD: Phase.HOLD,
    StepKind.RELAX: Phase.RELAX,
    StepKind.REST: Phase.REST,
}


class EventKind(Enum):
    """Something that happened inside the engine."""

    PHASE_STARTED = "phase started"
    REP_DONE = "rep done"
    REPS_SKIPPED = "reps skipped"
    PAUSED = "paused"
    RESUMED = "resumed"
    FINISHED = "finished"


@dataclass(frozen=True)
class EngineEvent:
    """One thing that happened, at its ideal monotonic time `at`."""

    kind: EventKind
    at: float
    phase: Phase | None = None
    count: int = 0

    @property
    def changes_record(self) -> bool:
        """Whether the record changed in a way worth saving now."""
        return self.kind is not EventKind.PHASE_STARTED


@dataclass(frozen=True)
class EngineState:
    """What the screen needs to draw, read at one moment.

    Indices are 0-based; counts are the totals they run up to. During a REST
    the indices name the set that comes next.
    """

    phase: Phase
    step_phase: Phase  # the phase under a pause; equals `phase` otherwise
    seconds_left: float
    phase_duration_s: float
    phase_fraction: float
    exercise: Exercise
    exercise_index: int
    exercise_count: int
    set_index: int
    set_count: int
    rep_index: int
    rep_count: int
    overall_fraction: float
    time_left_s: float
    next_boundary_at: float | None  # monotonic time of the next phase change, if running

    @property
    def paused(self) -> bool:
        """Whether the session is paused."""
        return self.phase is Phase.PAUSED

    @property
    def done(self) -> bool:
        """Whether the session is over."""
        return self.phase is Phase.DONE


class SessionEngine:
    """The session state machine over a plan, driven by a clock.

    Build it with `SessionEngine(plan, clock)` for a new session or
    `SessionEngine.resuming(plan, clock, record)` to carry on a saved one,
    then call `start()`. Call `update()` whenever the screen wants to know
    where things are; call the actions on the user's keys.
    """

    def __init__(
        self,
        plan: Plan,
        clock: Clock,
        *,
        record: SessionRecord | None = None,
        first_hold_index: int = 0,
    ) -> None:
        self.plan = plan
        self._clock = clock
        self.record = record or _new_record(plan, clock)
        self._steps = _steps_from(plan, first_hold_index)
        self._time_after = _time_after(self._steps)
        self._index = -1  # not started
        self._anchor = 0.0
        self._paused_at: float | None = None
        self._paused_before = self.record.paused_s
        self._duration_before = self.record.duration_s
        self._hold_before = self.record.hold_s_total
        self._hold_this_run = 0.0
        self._started_at = 0.0
        self._ended_at: float | None = None

    @classmethod
    def resuming(cls, plan: Plan, clock: Clock, record: SessionRecord) -> SessionEngine:
        """An engine that carries on `record` from the rep after its last counted one.

        The plan may differ from the one the record was made with (the
        routine file changed since): a plan that grew is fine, and the record
        takes its `reps_planned`; counts the plan has no room for raise
        ValueError with one sentence (see `check_fits`), as does a record
        with nothing left to do.
        """
        check_fits(plan, record)
        ei, si, ri = first_unfinished_rep(plan, record)
        resumed = replace(
            record, status=STATUS_IN_PROGRESS, ended_at=None, reps_planned=plan.reps_planned
        )
        resumed.exercises = _exercise_records_for(plan, record)
        return cls(plan, clock, record=resumed, first_hold_index=plan.hold_step_index(ei, si, ri))

    # -- reading ---------------------------------------------------------

    def now(self) -> float:
        """The engine clock's monotonic time."""
        return self._clock.monotonic()

    @property
    def started(self) -> bool:
        """Whether `start()` has been called."""
        return self._index >= 0

    @property
    def done(self) -> bool:
        """Whether the session is over (completed or ended early)."""
        return self._ended_at is not None

    @property
    def paused(self) -> bool:
        """Whether the session is paused."""
        return self._paused_at is not None

    def state(self) -> EngineState:
        """The state at the clock's current time (call `update()` first to move on)."""
        now = self._effective_now()
        if self.done or not self.started:
            step = self._steps[-1] if self.done else self._steps[0]
            return self._state_for(step, Phase.DONE if self.done else _phase(step), 0.0)
        step = self._steps[self._index]
        left = max(0.0, self._step_end() - now)
        phase = Phase.PAUSED if self.paused else _phase(step)
        return self._state_for(step, phase, left)

    def _state_for(self, step: Step, phase: Phase, left: float) -> EngineState:
        exercise = self.plan.exercises[step.exercise_index]
        duration = step.duration_s
        if self.done:
            time_left = 0.0
        elif not self.started:
            time_left = self._time_after[0] + duration
            left = duration
        else:
            time_left = left + self._time_after[self._index]
        total = self.plan.duration_s
        return EngineState(
            phase=phase,
            step_phase=_phase(step) if not self.done else Phase.DONE,
            seconds_left=left,
            phase_duration_s=duration,
            phase_fraction=1.0 if duration <= 0 else min(1.0, max(0.0, 1 - left / duration)),
            exercise=exercise,
            exercise_index=step.exercise_index,
            exercise_count=len(self.plan.exercises),
            set_index=step.set_index,
            set_count=exercise.sets,
            rep_index=step.rep_index,
            rep_count=exercise.reps,
            overall_fraction=1.0 if self.done else min(1.0, max(0.0, 1 - time_left / total)),
            time_left_s=time_left,
            next_boundary_at=None
            if (self.done or self.paused or not self.started)
            else self._step_end(),
        )

    def snapshot(self) -> SessionRecord:
        """The record with its running totals brought up to now; safe to save."""
        now = self._effective_now()
        end = self._ended_at if self._ended_at is not None else self._clock.monotonic()
        record = self.record
        if self.started:
            record.duration_s = self._duration_before + max(0.0, end - self._started_at)
            paused_at = self._paused_at
            pause_now = 0.0 if paused_at is None else self._clock.monotonic() - paused_at
            record.paused_s = self._paused_before + pause_now
            record.hold_s_total = self._hold_before + self._hold_this_run
            if self._in_step(StepKind.HOLD):
                held = now - self._step_start()
                record.hold_s_total += min(self._steps[self._index].duration_s, max(0.0, held))
        return record

    # -- moving on -------------------------------------------------------

    def start(self) -> list[EngineEvent]:
        """Begin the session now: the countdown (or the first hold) starts."""
        if self.started:
            return []
        now = self._clock.monotonic()
        self._started_at = now
        events: list[EngineEvent] = []
        self._enter(0, now, events)
        return events

    def update(self) -> list[EngineEvent]:
        """Bring the engine up to the clock's now; return what happened on the way."""
        events: list[EngineEvent] = []
        if not self.started or self.done or self.paused:
            return events
        now = self._clock.monotonic()
        while not self.done and now >= self._step_end():
            end = self._step_end()
            self._finish_hold_at(end, events, completed=True)
            self._enter(self._index + 1, end, events)
        return events

    # -- actions ---------------------------------------------------------

    def pause(self) -> list[EngineEvent]:
        """Stop the clock for this session; nothing is lost."""
        events = self.update()
        if self.started and not self.done and not self.paused:
            self._paused_at = self._clock.monotonic()
            events.append(EngineEvent(EventKind.PAUSED, self._paused_at))
        return events

    def resume(self) -> list[EngineEvent]:
        """Carry on from where the pause began."""
        if not self.paused or self._paused_at is None:
            return self.update()
        now = self._clock.monotonic()
        paused_for = now - self._paused_at
        self._paused_before += paused_for
        self._anchor += paused_for
        self._paused_at = None
        events = [EngineEvent(EventKind.RESUMED, now)]
        events.extend(self.update())
        return events

    def toggle_pause(self) -> list[EngineEvent]:
        """Pause if running, resume if paused (the space key)."""
        return self.resume() if self.paused else self.pause()

    def next(self) -> list[EngineEvent]:
        """The `n` key: skip this rep during a HOLD, otherwise start the next step now.

        During GET READY or RELAX the next hold starts now; during REST the
        rest ends. A pause stays in force: the new step waits for resume.
        """
        events = self.update()
        if not self.started or self.done:
            return events
        step = self._steps[self._index]
        if step.kind is StepKind.HOLD:
            self._skip_reps(step.exercise_index, step.set_index, 1, events)
            self._finish_hold_at(self._effective_now(), events, completed=False)
        self._enter(self._index + 1, self._effective_now(), events)
        return events

    def skip_set(self) -> list[EngineEvent]:
        """The `s` key: count the rest of this set as skipped and move past it."""
        events = self.update()
        if not self.started or self.done:
            return events
        step = self._steps[self._index]
        ei, si = step.exercise_index, step.set_index
        self._skip_rest_of_set(ei, si, events)
        self._jump_past(lambda s: (s.exercise_index, s.set_index) == (ei, si), events)
        return events

    def skip_exercise(self) -> list[EngineEvent]:
        """The `e` key: count the rest of this exercise as skipped and move on."""
        events = self.update()
        if not self.started or self.done:
            return events
        step = self._steps[self._index]
        ei = step.exercise_index
        for si in range(step.set_index, self.plan.exercises[ei].sets):
            self._skip_rest_of_set(ei, si, events)
        self._jump_past(lambda s: s.exercise_index == ei, events)
        return events

    def end_early(self) -> list[EngineEvent]:
        """Stop the session now; what was done is kept, the rest is not counted."""
        events = self.update()
        if not self.started or self.done:
            return events
        if self._paused_at is not None:
            now = self._clock.monotonic()
            self._paused_before += now - self._paused_at
            self._anchor += now - self._paused_at
            self._paused_at = None
        now = self._clock.monotonic()
        self._finish_hold_at(now, events, completed=False)
        self._finish(now, STATUS_ENDED_EARLY, events)
        return events

    # -- internals -------------------------------------------------------

    def _effective_now(self) -> float:
        """Now, or the moment the pause began: paused time does not pass for a step."""
        return self._paused_at if self._paused_at is not None else self._clock.monotonic()

    def _step_start(self) -> float:
        return self._anchor + self._steps[self._index].offset_s

    def _step_end(self) -> float:
        step = self._steps[self._index]
        return self._anchor + step.offset_s + step.duration_s

    def _in_step(self, kind: StepKind) -> bool:
        return self.started and not self.done and self._steps[self._index].kind is kind

    def _enter(self, index: int, at: float, events: list[EngineEvent]) -> None:
        """Make step `index` current, starting at monotonic time `at`."""
        if index >= len(self._steps):
            self._index = len(self._steps) - 1
            self._finish(at, STATUS_COMPLETED, events)
            return
        self._index = index
        step = self._steps[index]
        self._anchor = at - step.offset_s
        if step.kind is StepKind.HOLD:
            self._set_record(step.exercise_index, step.set_index)
        events.append(EngineEvent(EventKind.PHASE_STARTED, at, phase=_phase(step)))

    def _finish_hold_at(self, at: float, events: list[EngineEvent], *, completed: bool) -> None:
        """Leave the current step at `at`; a HOLD held to its end is a rep done."""
        if not self._in_step(StepKind.HOLD):
            return
        step = self._steps[self._index]
        self._hold_this_run += min(step.duration_s, max(0.0, at - self._step_start()))
        if completed:
            self._set_record(step.exercise_index, step.set_index).reps_done += 1
            events.append(EngineEvent(EventKind.REP_DONE, at))

    def _finish(self, at: float, status: str, events: list[EngineEvent]) -> None:
        self._ended_at = at
        self.record.status = status
        wall_now = self._clock.wall()
        self.record.ended_at = wall_now - timedelta(seconds=self._clock.monotonic() - at)
        self.snapshot()
        events.append(EngineEvent(EventKind.FINISHED, at, phase=Phase.DONE))

    def _set_record(self, exercise_index: int, set_index: int) -> SetRecord:
        """The record of a set, creating it (and any before it) when first started."""
        sets = self.record.exercises[exercise_index].sets
        while len(sets) <= set_index:
            sets.append(SetRecord())
        return sets[set_index]

    def _skip_reps(self, ei: int, si: int, count: int, events: list[EngineEvent]) -> None:
        """Count `count` more reps of a set as skipped (reps are counted in order)."""
        if count <= 0:
            return
        self._set_record(ei, si).reps_skipped += count
        events.append(EngineEvent(EventKind.REPS_SKIPPED, self._effective_now(), count=count))

    def _skip_rest_of_set(self, ei: int, si: int, events: list[EngineEvent]) -> None:
        planned = self.plan.exercises[ei].reps
        sets = self.record.exercises[ei].sets
        counted = sets[si].reps_counted if si < len(sets) else 0
        self._skip_reps(ei, si, planned - counted, events)

    def _jump_past(self, belongs: Callable[[Step], bool], events: list[EngineEvent]) -> None:
        """Go to the first step after the current span; from a REST or GET READY
        a REST that would follow the skipped span is passed over too."""
        here = self._steps[self._index]
        at = self._effective_now()
        self._finish_hold_at(at, events, completed=False)
        target = self._index + 1
        while target < len(self._steps) and belongs(self._steps[target]):
            target += 1
        no_work_yet = here.kind in (StepKind.REST, StepKind.GET_READY)
        if no_work_yet and target < len(self._steps) and self._steps[target].kind is StepKind.REST:
            target += 1
        self._enter(target, at, events)


def _phase(step: Step) -> Phase:
    return _PHASE_OF_STEP[step.kind]


def _new_record(plan: Plan, clock: Clock) -> SessionRecord:
    return SessionRecord(
        id=uuid.uuid4().hex,
        routine_id=plan.routine_id,
        routine_name=plan.routine_name,
        started_at=clock.wall(),
        params=plan.params,
        exercises=[ExerciseRecord(id=e.id, name=e.name) for e in plan.exercises],
        reps_planned=plan.reps_planned,
    )


def _exercise_records_for(plan: Plan, record: SessionRecord) -> list[ExerciseRecord]:
    """The record's exercises lined up with the plan's, keeping every count.

    Sets and exercises beyond the plan are left out: `check_fits` has made
    sure they hold no counts.
    """
    by_position = list(record.exercises)
    lined_up = []
    for i, ex in enumerate(plan.exercises):
        saved = by_position[i] if i < len(by_position) else None
        sets = [replace(s) for s in saved.sets[: ex.sets]] if saved else []
        lined_up.append(ExerciseRecord(id=ex.id, name=ex.name, sets=sets))
    return lined_up


def check_fits(plan: Plan, record: SessionRecord) -> None:
    """Raise ValueError with one sentence when `record` counts reps that `plan` has no room for.

    A session is resumed with the routine as it is now. If the routine has
    lost exercises, sets or reps a set since, reps already counted could
    land outside the plan, and the session would end with more done than
    planned; so such a session is not resumed. A routine that grew is fine.
    """
    for ei, saved in enumerate(record.exercises):
        counted = [(si, one) for si, one in enumerate(saved.sets) if one.reps_counted]
        if not counted:
            continue
        name = _quoted_name(saved.name)
        if ei >= len(plan.exercises):
            raise ValueError(
                f"it counts reps of exercise {ei + 1} ({name}), but the routine has only "
                f"{_count(len(plan.exercises), 'exercise')} now"
            )
        planned = plan.exercises[ei]
        last_set = counted[-1][0]
        if last_set >= planned.sets:
            raise ValueError(
                f"it counts reps in set {last_set + 1} of {name}, but the routine has only "
                f"{_count(planned.sets, 'set')} of it now"
            )
        for si, one in counted:
            if one.reps_counted > planned.reps:
                raise ValueError(
                    f"set {si + 1} of {name} counts {one.reps_counted} reps, but the routine "
                    f"has only {_count(planned.reps, 'rep')} a set now"
                )


def first_unfinished_rep(plan: Plan, record: SessionRecord) -> tuple[int, int, int]:
    """(exercise, set, rep) indices of the rep after the last one done or skipped.

    For a record the engine wrote with this plan, that is the first rep
    neither done nor skipped. If the routine has grown more reps a set
    since, the sets already behind the user are not gone back to: the reps
    they gained stay uncounted, and every set keeps at most its planned reps.
    Raises ValueError when every rep of the plan is already behind the user.
    """
    last: tuple[int, int] | None = None
    for ei, saved in enumerate(record.exercises[: len(plan.exercises)]):
        sets = saved.sets[: plan.exercises[ei].sets]
        for si, one in enumerate(sets):
            if one.reps_counted:
                last = (ei, si)
    from_exercise, from_set = last if last is not None else (0, 0)
    for ei in range(from_exercise, len(plan.exercises)):
        ex = plan.exercises[ei]
        saved_sets = record.exercises[ei].sets if ei < len(record.exercises) else []
        for si in range(from_set if ei == from_exercise else 0, ex.sets):
            counted = saved_sets[si].reps_counted if si < len(saved_sets) else 0
            if counted < ex.reps:
                return ei, si, counted
    raise ValueError("every rep of this session is already done or skipped")


def _quoted_name(name: str) -> str:
    """An exercise's name from a record, for a sentence: quoted and never too long."""
    return f"'{shorten(name, 40)}'"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _steps_from(plan: Plan, first_hold_index: int) -> tuple[Step, ...]:
    """The steps this engine walks: the plan, or its tail after a resume.

    A resumed session starts with the plan's countdown (if it has one)
    before the first unfinished rep.
    """
    if first_hold_index == 0:
        return plan.steps
    target = plan.steps[first_hold_index]
    tail = list(plan.steps[first_hold_index:])
    countdown = plan.steps[0]
    if countdown.kind is StepKind.GET_READY:
        tail.insert(
            0,
            replace(
                countdown,
                exercise_index=target.exercise_index,
                set_index=target.set_index,
                rep_index=target.rep_index,
            ),
        )
    steps = []
    offset = 0.0
    for step in tail:
        steps.append(replace(step, offset_s=offset))
        offset += step.duration_s
    return tuple(steps)


def _time_after(steps: tuple[Step, ...]) -> tuple[float, ...]:
    """For each step, the planned seconds of all the steps after it."""
    after = [0.0] * len(steps)
    running = 0.0
    for i in range(len(steps) - 1, -1, -1):
        after[i] = running
        running += steps[i].duration_s
    return tuple(after)
