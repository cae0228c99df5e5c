"""The bell pattern's one table, which cue a batch of engine events makes, and the words."""

from __future__ import annotations

from isoback_tui.core.clock import FakeClock
from isoback_tui.core.cues import (
    BELLS,
    Cue,
    bells_for,
    cue_for,
    get_ready_words,
    spoken_words,
)
from isoback_tui.core.engine import EngineEvent, EventKind, Phase
from tests.core.helpers import make_engine


def started(phase: Phase) -> EngineEvent:
    return EngineEvent(EventKind.PHASE_STARTED, 0.0, phase=phase)


FINISHED = EngineEvent(EventKind.FINISHED, 0.0, phase=Phase.DONE)


def test_the_table_is_the_products_pattern() -> None:
    assert dict(BELLS) == {Cue.HOLD: 1, Cue.RELAX: 1, Cue.REST: 2, Cue.DONE: 3}
    assert [bells_for(cue) for cue in (Cue.HOLD, Cue.RELAX, Cue.REST, Cue.DONE)] == [1, 1, 2, 3]
    assert bells_for(None) == 0


def test_each_phase_change_makes_its_cue() -> None:
    assert cue_for([started(Phase.HOLD)], completed=False) is Cue.HOLD
    assert cue_for([EngineEvent(EventKind.REP_DONE, 0), started(Phase.RELAX)], completed=False) is (
        Cue.RELAX
    )
    assert cue_for([started(Phase.REST)], completed=False) is Cue.REST
    assert cue_for([EngineEvent(EventKind.REP_DONE, 0), FINISHED], completed=True) is Cue.DONE


def test_nothing_else_rings() -> None:
    assert cue_for([started(Phase.GET_READY)], completed=False) is None
    assert cue_for([EngineEvent(EventKind.PAUSED, 0)], completed=False) is None
    assert cue_for([EngineEvent(EventKind.RESUMED, 0)], completed=False) is None
    assert cue_for([EngineEvent(EventKind.REPS_SKIPPED, 0, count=3)], completed=False) is None
    assert cue_for([FINISHED], completed=False) is None  # ended early: no "well done"
    assert cue_for([], completed=False) is None


def test_several_changes_at_once_tell_only_where_the_person_is_now() -> None:
    events = [started(Phase.RELAX), started(Phase.HOLD), started(Phase.REST)]
    assert cue_for(events, completed=False) is Cue.REST


def test_the_words(clock: FakeClock) -> None:
    engine = make_engine(clock, countdown_s=5, exercises=2, reps=1, sets=3)
    state = engine.state()
    assert get_ready_words(state) == "Get into position for Exercise 0."
    assert spoken_words(Cue.HOLD, state, new_exercise=True) == "Exercise 0. Hold."
    assert spoken_words(Cue.HOLD, state, new_exercise=False) == "Hold."
    assert spoken_words(Cue.RELAX, state, new_exercise=False) == "Relax."
    clock.advance(5 + 5)  # into the rest before set 2
    engine.update()
    rest = engine.state()
    assert rest.phase is Phase.REST
    assert spoken_words(Cue.REST, rest, new_exercise=False) == (
        "Rest. Next up: Exercise 0, set 2 of 3."
    )
    assert spoken_words(Cue.DONE, rest, new_exercise=False) == "All done. Well done."
