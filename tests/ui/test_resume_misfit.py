"""A saved session whose counts the routine has no room for now is not resumed (the app's path).

The session is offered (its own counts are sound), the engine refuses it
with one sentence, the app shows "That session can't be resumed: ...", and
the app is left as it was: a new session starts and is saved, and the
refused session stays in the history, interrupted, as it was.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

from isoback_tui.app import IsobackApp
from isoback_tui.cli.history import import_command
from isoback_tui.core.clock import FakeClock
from isoback_tui.core.record import (
    STATUS_INTERRUPTED,
    ExerciseRecord,
    SessionParams,
    SetRecord,
)
from isoback_tui.core.routine import Routine
from isoback_tui.screens.confirm import ConfirmScreen
from isoback_tui.screens.home import HomeScreen
from isoback_tui.screens.session import SessionScreen
from isoback_tui.screens.summary import SummaryScreen
from isoback_tui.store import HistoryStore
from tests.core.helpers import make_routine
from tests.core.record_builders import at, make_record
from tests.ui.history_harness import screen_text
from tests.ui.test_app_flow import run_clock, saved


def routine_now(reps: int, sets: int) -> Routine:
    """The routine as it is now: defaults of 3 reps x 2 sets, its one exercise set to its own."""
    routine = make_routine(exercises=1, reps=3, sets=2)
    return replace(routine, exercises=(replace(routine.exercises[0], reps=reps, sets=sets),))


def app_for(db: Path, clock: FakeClock, routine: Routine) -> IsobackApp:
    return IsobackApp(db, clock=clock, routines=([routine], []), watch_terminal=False)


def seed_interrupted(db: Path, first_set: SetRecord) -> str:
    """An interrupted session made when the exercise had the defaults, 3 reps x 2 sets.

    Its params are the routine's defaults, so resuming builds the plan from
    the routine as it is now, the exercise's own numbers included.
    """
    record = make_record(
        at("2026-11-20 07:30"),
        status=STATUS_INTERRUPTED,
        ended_at=None,
        params=SessionParams(reps=3, sets=2, hold_s=5, relax_s=3, rest_s=20),
        exercises=[ExerciseRecord("ex0", "Exercise 0", [first_set])],
        reps_planned=6,
    )
    record.routine_id = "test-routine"
    with HistoryStore.open(db) as store:
        store.import_records([record])
    return record.id


async def test_a_session_the_routine_has_no_room_for_is_refused_and_the_app_carries_on(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "h.json"
    refused_id = seed_interrupted(db, SetRecord(3, 0))
    app = app_for(db, clock, routine_now(reps=2, sets=1))  # countdown, hold, relax, hold: 18 s
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "3 of 6 reps behind you" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        messages = [str(n.message) for n in app._notifications]
        assert messages == [
            "That session can't be resumed: set 1 of 'Exercise 0' counts 3 reps, "
            "but the routine has only 2 reps a set now"
        ]
        await pilot.press("enter", "s")  # a new session, no pain question
        assert isinstance(app.screen, SessionScreen)
        await run_clock(pilot, app, 19)
        assert isinstance(app.screen, SummaryScreen)
        assert [str(n.message) for n in app._notifications] == messages  # no save refused
    records = {r["id"]: r for r in saved(db)}
    assert len(records) == 2
    assert records[refused_id]["status"] == STATUS_INTERRUPTED
    assert records[refused_id]["reps_done"] == 3
    [new] = [r for sid, r in records.items() if sid != refused_id]
    assert new["status"] == "completed" and new["reps_done"] == new["reps_planned"] == 2


async def test_a_session_whose_routine_grew_resumes_and_ends_with_no_more_than_planned(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "h.json"
    sid = seed_interrupted(db, SetRecord(2, 1))  # then killed in the first set's third hold
    app = app_for(db, clock, routine_now(reps=5, sets=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.engine.state().rep_index == 3
        await run_clock(pilot, app, 5 + 5 + 3 + 5 + 1)
        assert isinstance(app.screen, SummaryScreen)
    [record] = saved(db)
    assert record["id"] == sid and record["status"] == "completed"
    assert (record["reps_done"], record["reps_skipped"], record["reps_planned"]) == (4, 1, 5)


async def test_an_honest_interrupted_session_imported_from_elsewhere_resumes_to_the_end(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "h.json"
    elsewhere = tmp_path / "elsewhere.json"
    sid = seed_interrupted(elsewhere, SetRecord(3, 0))
    sessions = [r.to_dict() for r in HistoryStore(elsewhere).list_sessions()]
    sessions[0]["exercises"][0]["sets"].append({"reps_done": 1, "reps_skipped": 0})
    sessions[0]["reps_done"] = 4
    export = tmp_path / "export.json"
    export.write_text(json.dumps(sessions), encoding="utf-8")
    assert import_command(db, export, io.StringIO(), io.StringIO()) == 0
    app = app_for(db, clock, routine_now(reps=3, sets=2))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "4 of 6 reps behind you" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        state = app.screen.engine.state()
        assert (state.set_index, state.rep_index) == (1, 1)
        await run_clock(pilot, app, 5 + 5 + 3 + 5 + 1)
        assert isinstance(app.screen, SummaryScreen)
    [record] = saved(db)
    assert record["id"] == sid and record["status"] == "completed"
    assert record["reps_done"] == record["reps_planned"] == 6


async def test_a_hand_edited_history_counting_180_of_8_is_read_and_not_offered(
    tmp_path: Path, clock: FakeClock
) -> None:
    """The history is read as it is (one odd session must not hide the rest), and
    a session with no reps left by its own numbers is not offered for resuming."""
    db = tmp_path / "h.json"
    seed_interrupted(db, SetRecord(3, 0))
    text = db.read_text()
    assert text.count('"reps_planned":6') == 1
    db.write_text(
        text.replace('"reps_planned":6', '"reps_planned":8').replace(
            '"reps_done":3', '"reps_done":180'
        )
    )
    before = db.read_bytes()
    app = app_for(db, clock, routine_now(reps=3, sets=2))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "reps behind you" not in screen_text(app)
        assert [str(n.message) for n in app._notifications] == []
    assert db.read_bytes() == before
