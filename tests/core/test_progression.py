"""Progression over fixed histories with a fixed today: up, steady, back, caps, moving on."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from isoback_tui.core.progression import (
    RULE,
    Direction,
    Ladder,
    ProgressionRule,
    explain,
    is_flare,
    plan_words,
    step_back,
    step_up,
    suggest,
)
from isoback_tui.core.record import (
    STATUS_COMPLETED,
    STATUS_ENDED_EARLY,
    STATUS_IN_PROGRESS,
    STATUS_INTERRUPTED,
    SessionParams,
    SessionRecord,
)
from isoback_tui.core.routine import Routine, built_in_routines, load_routine_text
from tests.core.record_builders import at, make_record

TODAY = date(2026, 11, 23)
FULL, GENTLE = built_in_routines()
SIX = SessionParams(reps=6, sets=1, hold_s=5, relax_s=3, rest_s=20)


def session(
    days_ago: int,
    params: SessionParams = SIX,
    *,
    pain: tuple[int | None, int | None] = (4, 3),
    status: str = STATUS_COMPLETED,
    routine: Routine = FULL,
    hour: int = 8,
) -> SessionRecord:
    """A session of `routine` at `params`, `days_ago` days before TODAY."""
    day = TODAY - timedelta(days=days_ago)
    record = make_record(
        at(f"{day:%Y-%m-%d} {hour:02d}:00"),
        pain_before=pain[0],
        pain_after=pain[1],
        status=status,
        routine_name=routine.name,
    )
    record.routine_id = routine.id
    record.params = params
    return record


def test_three_good_sessions_suggest_the_next_rung_of_reps() -> None:
    history = [session(3), session(2), session(1)]
    result = suggest(FULL, SIX, history, TODAY)
    assert result.direction is Direction.UP
    assert result.plan == replace(SIX, reps=8)
    assert result.routine_id == FULL.id
    assert result.text == "You did 3 sessions of 6 reps without more pain: try 8 reps?"


def test_two_sessions_are_not_enough_and_say_how_many_more() -> None:
    result = suggest(FULL, SIX, [session(2), session(1)], TODAY)
    assert result.direction is Direction.STEADY
    assert result.plan is None and not result.can_accept
    assert "1 more completed session" in result.text


def test_no_history_holds_steady() -> None:
    result = suggest(FULL, SIX, [], TODAY)
    assert result.direction is Direction.STEADY
    assert "3 more completed sessions" in result.text


def test_pain_a_little_higher_does_not_count_but_is_no_flare() -> None:
    history = [session(4), session(3), session(2, pain=(3, 4)), session(1)]
    result = suggest(FULL, SIX, history, TODAY)
    assert result.direction is Direction.UP  # three good ones, the worse one not counted
    history = [session(3), session(2, pain=(3, 4)), session(1)]
    result = suggest(FULL, SIX, history, TODAY)
    assert result.direction is Direction.STEADY
    assert "pain went up a little" in result.text


def test_a_flare_in_the_newest_session_suggests_a_step_back() -> None:
    history = [session(4), session(3), session(2), session(1, pain=(3, 6))]
    result = suggest(FULL, SIX, history, TODAY)
    assert result.direction is Direction.BACK
    assert result.plan == replace(SIX, reps=5)
    assert result.text == (
        "Your last session of 6 reps ended with more pain (3 -> 6): step back to 5 reps?"
    )


def test_an_ended_early_session_rated_worse_is_a_flare() -> None:
    history = [session(3), session(2), session(1, pain=(3, 4), status=STATUS_ENDED_EARLY)]
    assert is_flare(history[-1])
    result = suggest(FULL, SIX, history, TODAY)
    assert result.direction is Direction.BACK


def test_an_older_flare_restarts_the_count() -> None:
    history = [session(5), session(4), session(3, pain=(2, 7)), session(2), session(1)]
    result = suggest(FULL, SIX, history, TODAY)
    assert result.direction is Direction.STEADY  # only the two after the flare count


def test_step_back_from_the_lowest_rung_has_nothing_to_accept() -> None:
    five = replace(SIX, reps=5)
    result = suggest(FULL, five, [session(1, five, pain=(2, 5))], TODAY)
    assert result.direction is Direction.BACK
    assert result.plan is None
    assert "lightest step" in result.text


def test_reps_first_then_sets_and_step_back_undoes_sets_first() -> None:
    twelve = replace(SIX, reps=12)
    assert step_up(FULL, twelve) == replace(SIX, reps=15)
    assert step_up(FULL, replace(SIX, reps=15)) == replace(SIX, reps=15, sets=2)
    assert step_up(FULL, replace(SIX, reps=15, sets=2)) == replace(SIX, reps=15, sets=3)
    assert step_back(FULL, replace(SIX, reps=15, sets=2)) == replace(SIX, reps=15, sets=1)
    assert step_back(FULL, replace(SIX, reps=15, sets=1)) == replace(SIX, reps=12)


def test_off_ladder_numbers_go_to_the_nearest_rung() -> None:
    seven = replace(SIX, reps=7)
    assert step_up(FULL, seven).reps == 8
    assert step_back(FULL, seven).reps == 6


def test_never_above_the_routines_numbers() -> None:
    full = SessionParams(reps=15, sets=3, hold_s=5, relax_s=3, rest_s=20)
    history = [session(n, full) for n in (3, 2, 1)]
    result = suggest(FULL, full, history, TODAY)
    assert result.direction is Direction.FULL
    assert result.plan is None
    assert result.text == "15 reps x 3 sets is Low-back isometrics in full. Keep it up."
    new_user = suggest(FULL, full, [], TODAY)
    assert new_user.direction is Direction.FULL and new_user.plan is None
    assert new_user.text == (
        "15 reps x 3 sets is Low-back isometrics in full. "
        "If that is too much, start with fewer reps and build up."
    )
    # numbers the user set beyond the routine's are kept, never raised further
    beyond = replace(full, reps=20)
    assert step_up(FULL, beyond) == beyond
    assert suggest(FULL, beyond, [session(n, beyond) for n in (3, 2, 1)], TODAY).plan is None


def test_a_routine_with_smaller_numbers_caps_its_ladder() -> None:
    text = """
name = "Mine"
[defaults]
reps = 9
sets = 2
[[exercises]]
id = "a"
name = "A"
"""
    mine = load_routine_text(text, "mine.toml", "mine")
    ladder = RULE.ladder_for(mine)
    assert ladder.reps == (3, 5, 6, 8, 9)
    assert ladder.sets == (1, 2)
    eight = SessionParams(reps=8, sets=1, hold_s=5, relax_s=3, rest_s=20)
    assert step_up(mine, eight).reps == 9
    assert step_up(mine, replace(eight, reps=9)).sets == 2
    nine_two = replace(eight, reps=9, sets=2)
    assert step_up(mine, nine_two) == nine_two


def test_gentle_start_leads_to_the_full_routine() -> None:
    gentle = SessionParams(reps=5, sets=1, hold_s=5, relax_s=5, rest_s=20)
    history = [session(n, gentle, routine=GENTLE) for n in (3, 2, 1)]
    result = suggest(GENTLE, gentle, history, TODAY, next_routine=FULL)
    assert result.direction is Direction.MOVE_ON
    assert result.routine_id == FULL.id
    assert result.plan == SessionParams(reps=6, sets=1, hold_s=5, relax_s=3, rest_s=20)
    assert result.text == (
        "You did 3 sessions of 5 reps without more pain: move on to Low-back isometrics at 6 reps?"
    )
    # a plan already remembered for the full routine is kept, not lowered
    ten = replace(SIX, reps=10)
    result = suggest(GENTLE, gentle, history, TODAY, next_routine=FULL, next_plan=ten)
    assert result.plan == ten


def test_gentle_start_at_its_numbers_waits_to_move_on() -> None:
    gentle = SessionParams(reps=5, sets=1, hold_s=5, relax_s=5, rest_s=20)
    history = [session(1, gentle, routine=GENTLE)]
    result = suggest(GENTLE, gentle, history, TODAY, next_routine=FULL)
    assert result.direction is Direction.STEADY
    assert result.text.endswith("before moving on to Low-back isometrics.")


def test_gentle_start_below_its_numbers_steps_up_within_itself() -> None:
    three = SessionParams(reps=3, sets=1, hold_s=5, relax_s=5, rest_s=20)
    history = [session(n, three, routine=GENTLE) for n in (3, 2, 1)]
    result = suggest(GENTLE, three, history, TODAY, next_routine=FULL)
    assert result.direction is Direction.UP
    assert result.plan is not None and result.plan.reps == 4


def test_only_this_routines_sessions_at_the_current_numbers_count() -> None:
    other_routine = [session(n, routine=GENTLE) for n in (6, 5, 4)]
    other_numbers = [session(n, replace(SIX, reps=5)) for n in (9, 8, 7)]
    history = other_numbers + other_routine + [session(2), session(1)]
    assert suggest(FULL, SIX, history, TODAY).direction is Direction.STEADY
    # a different relax or rest is comfort, not load: those sessions count
    comfy = [session(3, replace(SIX, rest_s=40))] + [session(2), session(1)]
    assert suggest(FULL, SIX, comfy, TODAY).direction is Direction.UP
    # a different hold is a different load
    held = [session(3, replace(SIX, hold_s=3))] + [session(2), session(1)]
    assert suggest(FULL, SIX, held, TODAY).direction is Direction.STEADY


def test_the_run_stops_at_the_last_change_of_numbers() -> None:
    # 6 reps done three times long ago, then 8, then back to 6 once: only that once counts
    history = [session(n) for n in (10, 9, 8)] + [session(5, replace(SIX, reps=8)), session(1)]
    assert suggest(FULL, SIX, history, TODAY).direction is Direction.STEADY


def test_interrupted_sessions_neither_count_nor_break_the_run() -> None:
    history = [
        session(4),
        session(3, status=STATUS_INTERRUPTED, pain=(4, None)),
        session(2),
        session(1, status=STATUS_IN_PROGRESS, pain=(4, None)),
        session(0),
    ]
    result = suggest(FULL, SIX, history, TODAY)
    assert result.direction is Direction.UP
    history = [session(3, status=STATUS_INTERRUPTED), session(2), session(1)]
    assert suggest(FULL, SIX, history, TODAY).direction is Direction.STEADY


def test_ended_early_without_more_pain_does_not_count() -> None:
    history = [session(3, status=STATUS_ENDED_EARLY), session(2), session(1)]
    assert suggest(FULL, SIX, history, TODAY).direction is Direction.STEADY


def test_missing_pain_ratings_count_and_are_said() -> None:
    history = [session(3, pain=(None, None)), session(2, pain=(5, None)), session(1)]
    result = suggest(FULL, SIX, history, TODAY)
    assert result.direction is Direction.UP
    assert result.text == (
        "You did 3 sessions of 6 reps without more pain (2 not rated): try 8 reps?"
    )
    # a missing rating is never a flare
    assert not is_flare(session(1, pain=(None, 9)))


def test_imported_year_old_sessions_are_too_old_to_count() -> None:
    """A year of sessions imported from a backup: only the last 28 days speak for today."""
    year = [session(n) for n in range(400, 40, -1)]
    result = suggest(FULL, SIX, year, TODAY)
    assert result.direction is Direction.STEADY
    recent = year + [session(27), session(10), session(0)]
    assert suggest(FULL, SIX, recent, TODAY).direction is Direction.UP
    # an old flare says nothing about today either
    flare_long_ago = [session(60, pain=(1, 9))]
    assert suggest(FULL, SIX, flare_long_ago, TODAY).direction is Direction.STEADY


def test_sessions_dated_after_today_are_left_out() -> None:
    history = [session(2), session(1), session(-3), session(-2, pain=(1, 9))]
    assert suggest(FULL, SIX, history, TODAY).direction is Direction.STEADY


def test_order_of_the_history_does_not_matter() -> None:
    history = [session(1, pain=(2, 8)), session(3), session(2)]
    assert suggest(FULL, SIX, history, TODAY).direction is Direction.BACK
    assert suggest(FULL, SIX, list(reversed(history)), TODAY).direction is Direction.BACK


def test_the_rule_is_data_a_different_rule_gives_different_answers() -> None:
    strict = ProgressionRule(
        sessions_needed=5,
        flare_rise=1,
        ladders={"lowback-isometrics": Ladder(reps=(6, 10, 15), sets=(1, 3))},
    )
    history = [session(n) for n in (5, 4, 3, 2, 1)]
    result = suggest(FULL, SIX, history, TODAY, rule=strict)
    assert result.plan == replace(SIX, reps=10)
    assert suggest(FULL, SIX, history[1:], TODAY, rule=strict).direction is Direction.STEADY
    assert step_up(FULL, replace(SIX, reps=15), strict).sets == 3
    flare = [session(1, pain=(3, 4))]
    back = suggest(FULL, SIX, flare, TODAY, rule=strict)
    assert back.direction is Direction.BACK
    assert back.plan is None  # 6 is the lowest rung of this ladder
    # a rise of 1 is a flare under this rule: the run counts only the sessions after it
    touchy = ProgressionRule(flare_rise=1)
    history = [session(5), session(4), session(3, pain=(3, 4)), session(2), session(1)]
    assert suggest(FULL, SIX, history, TODAY).direction is Direction.UP
    assert suggest(FULL, SIX, history, TODAY, rule=touchy).direction is Direction.STEADY


@pytest.mark.parametrize("routine", [FULL, GENTLE])
def test_the_explanation_comes_from_the_same_data(routine: Routine) -> None:
    text = explain(routine)
    assert "After 3 completed sessions" in text
    assert "28 days" in text
    assert "2 or more above" in text
    ladder = RULE.ladder_for(routine)
    assert ", ".join(str(r) for r in ladder.reps) in text
    assert ("leads on to lowback-isometrics" in text) == (routine is GENTLE)
    other = explain(routine, ProgressionRule(sessions_needed=4, recent_days=14, flare_rise=3))
    assert "After 4 completed sessions" in other
    assert "14 days" in other
    assert "3 or more above" in other


def test_the_explanation_names_the_next_routine_by_name_when_given() -> None:
    assert "leads on to Low-back isometrics." in explain(GENTLE, next_routine=FULL)


# -- promises the mutation run found untested (issue 14) ---------------------------


def test_the_28_days_end_today_and_start_27_days_back() -> None:
    edge = [session(27), session(20), session(10)]
    assert suggest(FULL, SIX, edge, TODAY).direction is Direction.UP
    past_edge = [session(28), session(20), session(10)]
    assert suggest(FULL, SIX, past_edge, TODAY).direction is Direction.STEADY
    # a flare on the window's first day still asks for a step back; a day older does not
    assert suggest(FULL, SIX, [session(27, pain=(1, 9))], TODAY).direction is Direction.BACK
    assert suggest(FULL, SIX, [session(28, pain=(1, 9))], TODAY).direction is Direction.STEADY


def test_pain_after_equal_to_before_counts_toward_a_step_up() -> None:
    history = [session(3, pain=(4, 4)), session(2, pain=(0, 0)), session(1, pain=(7, 7))]
    result = suggest(FULL, SIX, history, TODAY)
    assert result.direction is Direction.UP
    assert result.text == "You did 3 sessions of 6 reps without more pain: try 8 reps?"


def test_ended_early_with_the_same_pain_is_no_flare() -> None:
    same = session(1, pain=(4, 4), status=STATUS_ENDED_EARLY)
    assert not is_flare(same)
    assert suggest(FULL, SIX, [session(3), session(2), same], TODAY).direction is Direction.STEADY


def test_the_steady_sentence_says_why_only_when_pain_went_up() -> None:
    plain = suggest(FULL, SIX, [session(2), session(1)], TODAY)
    assert plain.text == (
        "Keep to 6 reps: 1 more completed session without more pain before a step up."
    )
    worse = suggest(FULL, SIX, [session(2), session(1, pain=(3, 4))], TODAY)
    assert worse.text == (
        "Keep to 6 reps (pain went up a little last time): "
        "2 more completed sessions without more pain before a step up."
    )


def test_every_suggestion_names_the_routine_it_is_for() -> None:
    five = replace(SIX, reps=5)
    full = SessionParams(reps=15, sets=3, hold_s=5, relax_s=3, rest_s=20)
    suggestions = {
        "back": suggest(FULL, SIX, [session(1, pain=(1, 8))], TODAY),
        "lightest": suggest(FULL, five, [session(1, five, pain=(1, 8))], TODAY),
        "full": suggest(FULL, full, [], TODAY),
        "steady": suggest(FULL, SIX, [], TODAY),
    }
    assert {name: s.routine_id for name, s in suggestions.items()} == dict.fromkeys(
        suggestions, FULL.id
    )
    assert suggestions["lightest"].text == (
        "Your last session of 5 reps ended with more pain (1 -> 8). This is the lightest "
        "step: rest a day or two, and ask your physiotherapist if it keeps happening."
    )
    assert suggestions["full"].text == (
        "15 reps x 3 sets is Low-back isometrics in full. "
        "If that is too much, start with fewer reps and build up."
    )


def test_gentle_start_below_its_top_rung_does_not_talk_of_moving_on() -> None:
    four = SessionParams(reps=4, sets=1, hold_s=5, relax_s=5, rest_s=20)
    result = suggest(GENTLE, four, [session(1, four, routine=GENTLE)], TODAY, next_routine=FULL)
    assert result.direction is Direction.STEADY
    assert result.text.endswith("without more pain before a step up.")


def test_a_routine_of_two_sets_not_in_the_table_builds_up_to_two_sets() -> None:
    text = 'name = "Mine"\n[defaults]\nreps = 10\nsets = 2\n[[exercises]]\nid = "a"\nname = "A"\n'
    mine = load_routine_text(text, "mine.toml", "mine")
    ladder = RULE.ladder_for(mine)
    assert (ladder.reps, ladder.sets) == ((3, 5, 6, 8, 10), (1, 2))
    assert "reps first (3, 5, 6, 8, 10), then sets (1, 2), never" in explain(mine)
    assert plan_words(SessionParams(10, 2, 5, 3, 20)) == "10 reps x 2 sets"
    assert plan_words(SessionParams(1, 1, 5, 3, 20)) == "1 rep"


def test_the_explanation_in_full() -> None:
    assert explain(FULL) == (
        "After 3 completed sessions at the same numbers in the last 28 days, with pain "
        "after no higher than before (or not rated), isoback suggests a small step up: "
        "reps first (5, 6, 8, 10, 12, 15), then sets (1, 2, 3), never beyond the "
        "routine's own numbers. If pain after is 2 or more above before, or a session "
        "ended early with more pain, it suggests a step back. Nothing changes until you accept."
    )
    one_set = explain(GENTLE, next_routine=FULL)
    assert "reps first (3, 4, 5), never beyond" in one_set  # one rung of sets: not spelled out
    assert one_set.endswith(
        "Done in full, this routine leads on to Low-back isometrics. "
        "Nothing changes until you accept."
    )
