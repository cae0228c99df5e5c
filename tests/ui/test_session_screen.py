"""The live screen on a fake clock: phases, counters, bells, saves and every key."""

from __future__ import annotations

from isoback_tui.core.clock import FakeClock
from isoback_tui.screens.confirm import ConfirmScreen
from isoback_tui.screens.session import SessionScreen
from tests.core.helpers import make_routine
from tests.ui.harness import SessionHarness, shown


async def advance(pilot: object, app: SessionHarness, seconds: float) -> None:
    """Move the fake clock and let the screen catch up, as its timer would."""
    app.clock.advance(seconds)
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    screen.tick()
    await pilot.pause()  # type: ignore[attr-defined]


async def test_a_whole_short_session_counts_rings_and_saves(clock: FakeClock) -> None:
    app = SessionHarness(make_routine(exercises=1, reps=2, sets=2), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert shown(app, "live-phase") == "GET READY"
        assert shown(app, "live-countdown") == "5"
        assert app.saves[0][1] is False  # in the store from the start
        await advance(pilot, app, 5)
        assert shown(app, "live-phase") == "HOLD"
        assert shown(app, "live-counters") == "rep 1/2  set 1/2  exercise 1/1"
        assert app.bells == 1
        await advance(pilot, app, 2.2)
        assert shown(app, "live-countdown") == "3"
        await advance(pilot, app, 2.8)
        assert shown(app, "live-phase") == "RELAX"
        assert app.bells == 2
        assert app.saves[-1][0]["reps_done"] == 1  # saved at the end of the rep
        await advance(pilot, app, 3)
        assert shown(app, "live-counters").startswith("rep 2/2")
        await advance(pilot, app, 5)
        assert shown(app, "live-phase") == "REST"
        assert "Next: set 2/2" in shown(app, "live-cue")
        assert app.bells == 5  # hold, relax, hold, then two for a rest
        await advance(pilot, app, 20 + 5 + 3 + 5)
        assert app.result is not None
        assert app.result.status == "completed"
        assert app.result.reps_done == 4
        assert app.saves[-1][1] is True


async def test_pause_freezes_the_countdown_and_space_resumes(clock: FakeClock) -> None:
    app = SessionHarness(make_routine(exercises=1, reps=3, sets=1), clock, countdown_s=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, app, 1.5)
        await pilot.press("space")
        assert shown(app, "live-phase") == "PAUSED"
        assert app.saves[-1][0]["status"] == "in_progress"
        await advance(pilot, app, 30)
        assert shown(app, "live-countdown") == "4"
        await pilot.press("space")
        await advance(pilot, app, 3.5)
        assert shown(app, "live-phase") == "RELAX"
        assert app.saves[-1][0]["paused_s"] == 30


async def test_n_skips_the_hold_and_s_and_e_skip_onwards(clock: FakeClock) -> None:
    app = SessionHarness(make_routine(exercises=2, reps=3, sets=2), clock, countdown_s=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        assert shown(app, "live-phase") == "RELAX"
        assert app.saves[-1][0]["reps_skipped"] == 1
        await pilot.press("n")  # relax: the next hold starts now
        assert shown(app, "live-phase") == "HOLD"
        await pilot.press("s")
        assert shown(app, "live-phase") == "REST"
        assert app.saves[-1][0]["reps_skipped"] == 3
        await pilot.press("e")
        assert shown(app, "live-phase") == "HOLD"
        assert shown(app, "live-counters").endswith("exercise 2/2")
        assert app.saves[-1][0]["reps_skipped"] == 6


async def test_end_early_asks_and_cancel_carries_on(clock: FakeClock) -> None:
    app = SessionHarness(make_routine(exercises=1, reps=3, sets=1), clock, countdown_s=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, app, 6)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        await advance_clock_only(app, 10)  # time spent reading the question is paused time
        await pilot.press("n")
        assert isinstance(app.screen, SessionScreen)
        assert shown(app, "live-phase") == "RELAX"
        await pilot.press("escape")
        await pilot.press("y")
        await pilot.pause()
        assert app.result is not None
        assert app.result.status == "ended_early"
        assert app.result.reps_done == 1
        assert app.result.paused_s == 10
        assert app.saves[-1][1] is True


async def advance_clock_only(app: SessionHarness, seconds: float) -> None:
    app.clock.advance(seconds)


async def test_m_mutes_the_bell(clock: FakeClock) -> None:
    app = SessionHarness(make_routine(exercises=1, reps=3, sets=1), clock, countdown_s=0)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.bells == 1
        await pilot.press("m")
        assert "bell off" in shown(app, "live-overall")
        await advance(pilot, app, 5)
        assert shown(app, "live-phase") == "RELAX"
        assert app.bells == 1


async def test_names_from_files_are_shown_literally(clock: FakeClock) -> None:
    routine = make_routine(exercises=1, reps=1, sets=1)
    exercise = routine.exercises[0]
    from dataclasses import replace

    odd = replace(exercise, name="Wall sit [/]", cue="[@click=app.quit]x \x1b[31mred")
    app = SessionHarness(replace(routine, exercises=(odd,)), clock, countdown_s=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert shown(app, "live-exercise") == "Wall sit [/]"
        assert shown(app, "live-cue") == "[@click=app.quit]x \u241b[31mred"


async def test_at_40x15_phase_countdown_rep_and_set_are_on_screen(clock: FakeClock) -> None:
    app = SessionHarness(make_routine(exercises=1, reps=15, sets=3), clock, countdown_s=0)
    async with app.run_test(size=(40, 15)) as pilot:
        await pilot.pause()
        screen_height = app.screen.size.height
        for widget_id in ("live-phase", "live-countdown", "live-counters"):
            region = app.screen.query_one(f"#{widget_id}").region
            assert region.height > 0 and region.bottom <= screen_height, widget_id
        assert "rep 1/15" in shown(app, "live-counters")
        assert "set 1/3" in shown(app, "live-counters")
