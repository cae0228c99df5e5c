"""Key fuzzing: random keys, resizes and clock jumps through every screen of the real app.

Hypothesis drives the whole app (a real history file, a made-up past with
an interrupted session to resume, fake clock) with random key sequences,
terminal sizes down to 20x8, and jumps of the fake clock, so that home, the
settings form, the pain question, the live session, its end-early
confirmation, the summary and its note, the history, a session's details and its note,
delete confirmations and help are all reached. After every step: no
exception, the live engine's invariants hold, and the history file parses.

Each screen is the start of its own examples (`ENTRIES`). The examples are
derandomized (the same ones on every run, for CI) and few, two a screen, to
stay within ~30 s (a key costs the real app 0.1-0.3 s to take and redraw);
set ISOBACK_FUZZ_EXAMPLES=50 to search wider, with fresh random examples.
"""

from __future__ import annotations

import asyncio
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from isoback_tui.app import IsobackApp
from isoback_tui.core.clock import FakeClock
from isoback_tui.core.engine import SessionEngine
from isoback_tui.core.plan import SessionSettings, build_plan
from isoback_tui.core.record import STATUS_INTERRUPTED, SessionRecord
from isoback_tui.core.routine import Routine
from isoback_tui.screens.session import SessionScreen
from isoback_tui.store import HistoryStore
from tests.core.helpers import make_routine
from tests.core.record_builders import make_record

_WIDER = int(os.environ.get("ISOBACK_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=_WIDER or 2,
    derandomize=not _WIDER,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Every key some screen binds, and a few none does; the note's text box takes the letters.
KEYS = (
    "enter", "escape", "space", "tab", "shift+tab", "up", "down", "left", "right",
    "home", "end", "pageup", "pagedown", "backspace", "delete", "ctrl+s",
    "question_mark", "q", "y", "n", "s", "e", "m", "c", "h", "j", "k", "l", "a",
    "g", "r", "d", "t", "x", "0", "3", "7", "9",
)  # fmt: skip

# Where an example begins, reached from home (after "n" declines any resume offer, or
# "y" takes it): so that every screen gets its share of random keys, short as examples are.
ENTRIES: dict[str, tuple[tuple[str, object], ...]] = {
    "home": (("key", "n"),),
    "settings form": (("key", "n"), ("key", "c")),
    "pain": (("key", "n"), ("key", "enter")),
    "live": (("key", "n"), ("walk", ("enter", "4"))),
    "live, resumed": (("key", "y"),),
    "end-early confirmation": (("key", "n"), ("walk", ("enter", "4", "q"))),
    "summary": (("key", "n"), ("walk", ("enter", "4")), ("clock", 600)),
    "summary, note field": (("key", "n"), ("walk", ("enter", "4")), ("clock", 600), ("key", "n")),
    "details, note": (("key", "n"), ("walk", ("h", "enter", "n"))),
    "history": (("key", "n"), ("key", "h")),
    "details": (("key", "n"), ("walk", ("h", "enter"))),
    "delete confirmation": (("key", "n"), ("walk", ("h", "d"))),
    "help": (("key", "n"), ("key", "question_mark")),
}

keys = st.tuples(st.just("key"), st.sampled_from(KEYS))
resizes = st.tuples(st.just("size"), st.tuples(st.integers(20, 120), st.integers(8, 40)))
jumps = st.tuples(st.just("clock"), st.sampled_from([0.1, 0.5, 1, 2, 3, 5, 8, 20, 60, 600, 86_400]))
steps = st.lists(st.one_of(keys, keys, keys, resizes, jumps, jumps), min_size=3, max_size=8)
sizes = st.sampled_from([(80, 24), (40, 15), (20, 8), (120, 40), (60, 20)])


def routines() -> list[Routine]:
    """A short routine that a few clock jumps finish, and a longer one."""
    short = make_routine(exercises=2, reps=2, sets=2, hold_s=1, relax_s=1, rest_s=2)
    longer = make_routine(exercises=3, reps=4, sets=2)
    return [short, Routine(**{**vars(longer), "id": "longer", "name": "Longer routine"})]


def made_up_past(clock: FakeClock) -> list[SessionRecord]:
    """A few sessions over the last weeks, one of them interrupted (so resume is offered)."""
    now = clock.wall()
    past = [
        make_record(now - timedelta(days=days, hours=1), reps_done=15, pain_before=4, pain_after=3)
        for days in (1, 3, 4, 9, 20)
    ]
    # a real one: the short routine run for a few seconds three hours ago, then cut off
    then = FakeClock(wall_start=now - timedelta(hours=3))
    engine = SessionEngine(build_plan(routines()[0], SessionSettings(countdown_s=0)), then)
    engine.start()
    then.advance(4.5)
    engine.update()
    interrupted = engine.snapshot()
    assert interrupted.reps_done == 2
    interrupted.status = STATUS_INTERRUPTED
    return [*past, interrupted]


def check_engine(engine: SessionEngine) -> None:
    """The engine's promises: counts within the plan, time adds up."""
    for planned, done in zip(engine.plan.exercises, engine.record.exercises, strict=True):
        assert len(done.sets) <= planned.sets
        for one_set in done.sets:
            assert one_set.reps_done >= 0 and one_set.reps_skipped >= 0
            assert one_set.reps_done + one_set.reps_skipped <= planned.reps
    record = engine.snapshot()
    assert record.reps_done + record.reps_skipped <= record.reps_planned
    assert 0 <= record.paused_s <= record.duration_s + 1e-9
    assert record.hold_s_total <= record.duration_s + 1e-9


def check_history_file(db: Path) -> None:
    """The history file, whenever it exists, is whole JSON and every session reads back."""
    if not db.exists():
        return
    data = json.loads(db.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    for doc in data.get("sessions", {}).values():
        record = SessionRecord.from_dict(doc)
        assert record.reps_done + record.reps_skipped <= record.reps_planned


async def drive(
    db: Path, clock: FakeClock, size: tuple[int, int], plan: list[tuple[str, object]]
) -> None:
    """Run the app through `plan`, checking the engine and the history file after each step."""
    app = IsobackApp(db, clock=clock, routines=(routines(), []), watch_terminal=False)
    seen: set[str] = set()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for kind, value in plan:
            if app.return_code is not None or not app.is_running:
                break  # quit by a key: nothing more to press
            if kind == "key":
                await pilot.press(str(value))
            elif kind == "walk":
                await pilot.press(*value)  # type: ignore[misc]
            elif kind == "size":
                width, height = value  # type: ignore[misc]
                await pilot.resize_terminal(width, height)
            else:
                clock.advance(float(value))  # type: ignore[arg-type]
                if isinstance(app.screen, SessionScreen):
                    app.screen.tick()
                await pilot.pause()
            seen.add(type(app.screen).__name__)
            for screen in app.screen_stack:
                if isinstance(screen, SessionScreen):
                    check_engine(screen.engine)
            check_history_file(db)
    for name in sorted(seen):  # which screens were reached: --hypothesis-show-statistics
        event(f"reached {name}")
    # run_test has raised by now if anything in the app raised
    check_history_file(db)
    with HistoryStore.open(db) as store:
        for record in store.list_sessions():
            assert record.reps_done + record.reps_skipped <= record.reps_planned


@pytest.mark.parametrize("entry", sorted(ENTRIES))
@FUZZ
@given(size=sizes, plan=steps, unfinished=st.booleans())
def test_random_keys_resizes_and_clock_jumps_break_nothing(
    tmp_path_factory: pytest.TempPathFactory,
    entry: str,
    size: tuple[int, int],
    plan: list[tuple[str, object]],
    unfinished: bool,
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    db = folder / "history.json"
    clock = FakeClock()
    with HistoryStore.open(db) as store:
        past = made_up_past(clock)
        store.import_records(past if unfinished else past[:-1])
    walk = list(ENTRIES[entry])
    if not unfinished:  # no resume offer to answer
        walk = walk[1:] if walk[0] == ("key", "n") else []
    asyncio.run(drive(db, clock, size, [*walk, *plan]))
