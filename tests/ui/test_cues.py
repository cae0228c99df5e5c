"""What a person on the floor hears over a whole small session: bells per change, and words.

Everything runs on the fake clock; the harness records each bell pattern the
screen asks for, with the phase on screen when it rang, and each phrase.
"""

from __future__ import annotations

from isoback_tui.core.clock import FakeClock
from isoback_tui.core.cues import BELLS, Cue
from tests.core.helpers import make_routine
from tests.ui.harness import SessionHarness
from tests.ui.test_session_screen import advance

# 2 exercises x 2 sets x 2 reps: hold 5, relax 3, rest 20, get ready 5
ROUTINE = make_routine(exercises=2, reps=2, sets=2)
ONE_SET = 5 + 3 + 5  # hold, relax, hold

EXPECTED = [
    ("HOLD", BELLS[Cue.HOLD]),  # get ready -> hold
    ("RELAX", BELLS[Cue.RELAX]),
    ("HOLD", BELLS[Cue.HOLD]),
    ("REST", BELLS[Cue.REST]),  # the last hold of a set ends
] * 3 + [
    ("HOLD", BELLS[Cue.HOLD]),
    ("RELAX", BELLS[Cue.RELAX]),
    ("HOLD", BELLS[Cue.HOLD]),
    ("DONE", BELLS[Cue.DONE]),  # the last hold of the session ends
]


async def run_whole_session(app: SessionHarness) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await advance(pilot, app, 5)  # get ready
        for set_number in range(4):
            await advance(pilot, app, 5)
            await advance(pilot, app, 3)
            await advance(pilot, app, 5)
            if set_number < 3:
                await advance(pilot, app, 20)
        assert app.result is not None and app.result.status == "completed"


async def test_the_pattern_and_the_words_of_a_whole_session(clock: FakeClock) -> None:
    app = SessionHarness(ROUTINE, clock, voice=True)
    await run_whole_session(app)
    assert BELLS == {Cue.HOLD: 1, Cue.RELAX: 1, Cue.REST: 2, Cue.DONE: 3}
    assert app.patterns == EXPECTED
    assert app.bells == 8 * 1 + 4 * 1 + 3 * 2 + 3  # holds, relaxes, rests, completion
    assert app.words[:6] == [
        "Get into position for Exercise 0.",
        "Hold.",
        "Relax.",
        "Hold.",
        "Rest. Next up: Exercise 0, set 2 of 2.",
        "Hold.",
    ]
    assert "Rest. Next up: Exercise 1, set 1 of 2." in app.words
    assert app.words[-1] == "All done. Well done."


async def test_muted_nothing_rings_at_all(clock: FakeClock) -> None:
    app = SessionHarness(ROUTINE, clock, muted=True, voice=True)
    await run_whole_session(app)
    assert app.patterns == []
    assert app.words == []


async def test_keys_and_pauses_ring_nothing(clock: FakeClock) -> None:
    app = SessionHarness(ROUTINE, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.patterns == []  # get ready: no bell
        await pilot.press("space")  # pause
        await pilot.press("space")  # carry on
        await pilot.press("m")
        await pilot.press("m")
        assert app.patterns == []
        await advance(pilot, app, 5)
        assert app.patterns == [("HOLD", 1)]


async def test_muting_mid_session_silences_the_rest(clock: FakeClock) -> None:
    app = SessionHarness(ROUTINE, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, app, 5)
        await pilot.press("m")
        await advance(pilot, app, 5)
        await advance(pilot, app, 3)
        assert app.patterns == [("HOLD", 1)]
        await pilot.press("m")
        await advance(pilot, app, 5)
        assert app.patterns == [("HOLD", 1), ("REST", 2)]


async def test_ending_early_does_not_ring_completion(clock: FakeClock) -> None:
    app = SessionHarness(ROUTINE, clock, countdown_s=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
        assert app.result is not None and app.result.status == "ended_early"
        assert app.patterns == [("HOLD", 1)]


async def test_a_new_exercise_is_named_when_no_rest_names_it(clock: FakeClock) -> None:
    routine = make_routine(exercises=2, reps=1, sets=1, rest_s=0)
    app = SessionHarness(routine, clock, countdown_s=0, voice=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, app, 5)
        assert app.words == ["Exercise 0. Hold.", "Exercise 1. Hold."]
