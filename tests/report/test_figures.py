"""The report's figures (core.report) over fixed histories with a fixed today."""

from __future__ import annotations

from datetime import date

import pytest

from isoback_tui.core.report import PeriodError, build_report, parse_since
from tests.report.fixed_history import TODAY, history, session


@pytest.mark.parametrize(
    ("text", "days"), [("30d", 30), ("12w", 84), ("1d", 1), ("ALL", None), (" 7D ", 7)]
)
def test_parse_since(text: str, days: int | None) -> None:
    assert parse_since(text) == days


@pytest.mark.parametrize("text", ["", "0d", "30", "3m", "-5d", "12 w", "99999d", "all30d"])
def test_parse_since_refuses_with_one_sentence(text: str) -> None:
    with pytest.raises(PeriodError, match="like 30d or 12w, or all"):
        parse_since(text)


def test_the_fixed_history_by_hand() -> None:
    report = build_report(history(), TODAY, 21)
    assert (report.start, report.end) == (date(2026, 11, 3), TODAY)
    assert report.sessions == 9  # the interrupted start at 0 reps is no session
    assert report.sessions_recorded == 10  # the one 40 days back is outside
    assert report.days_exercised == 9
    assert report.target_total == 21  # 6 days + 7 + 7 + today
    assert report.adherence_pct == pytest.approx(100 * 9 / 21)
    assert (report.reps_done, report.reps_skipped, report.reps_planned) == (213, 3, 216)
    assert report.hold_s == 213 * 5
    assert report.pain_before_mean == pytest.approx(41 / 9)
    assert report.pain_after_mean == pytest.approx(33 / 8)
    assert report.pain_change_mean == pytest.approx(-0.5)
    assert report.pain_rated == 8
    assert report.pain_before_trend is not None and report.pain_before_trend < 0
    assert (report.longest_streak, report.current_streak) == (3, 1)
    assert [w.sessions for w in report.weeks] == [0, 4, 4, 1]
    assert [w.target for w in report.weeks] == [6, 7, 7, 1]
    right, left = report.sides[0].right, report.sides[0].left
    assert (right.reps_done, right.reps_planned, left.reps_done) == (51, 54, 54)
    assert [n.day.day for n in report.notes] == [11, 19, 21]


def test_all_starts_at_the_first_session() -> None:
    report = build_report(history(), TODAY, None)
    assert report.start == date(2026, 10, 14)
    assert report.sessions == 10
    assert report.longest_streak == 3


def test_an_empty_history_has_no_figures_but_no_errors() -> None:
    report = build_report([], TODAY, 30)
    assert report.sessions == 0
    assert report.completion_pct is None
    assert report.pain_before_mean is None and report.pain_before_trend is None
    assert report.adherence_pct == 0
    assert report.exercises == () and report.notes == ()
    assert build_report([], TODAY, None).start == TODAY


def test_sessions_after_today_are_left_out() -> None:
    report = build_report([session(0), session(-2)], TODAY, 7)
    assert report.sessions == 1


def test_a_routines_own_per_exercise_numbers_make_planned_unknown() -> None:
    odd = session(1)
    odd.reps_planned = 30  # not 4 x 6: the routine had its own numbers per exercise
    report = build_report([odd, session(2)], TODAY, 7)
    assert all(ex.reps_planned is None and ex.completion_pct is None for ex in report.exercises)
    assert report.completion_pct == pytest.approx(100 * 48 / 54)


def test_a_trend_needs_two_days_of_ratings() -> None:
    report = build_report([session(1, pain=(5, 4)), session(1, pain=(3, 2))], TODAY, 7)
    assert report.pain_before_trend is None
    assert report.pain_days[0].before == 4


def test_the_target_is_settable() -> None:
    report = build_report(history(), TODAY, 21, target_per_week=3)
    assert report.target_total == pytest.approx(9)
    assert report.adherence_pct == pytest.approx(100)


def test_weeks_over_a_long_history_count_each_session_in_its_own_week() -> None:
    """Sessions are grouped by week once (a 10,000-session report took 12 s week by week)."""
    sessions = [
        session(days_ago, done=(6, 0, 0, 0) if days_ago % 5 else (0, 0, 0, 0))
        for days_ago in range(0, 400, 3)
    ]
    report = build_report(sessions, TODAY, None)
    for week in report.weeks:
        inside = [s for s in sessions if week.start <= s.started_at.date() <= week.end]
        worked = [s for s in inside if s.reps_done > 0]
        assert week.sessions == len(worked)
        assert week.reps_done == sum(s.reps_done for s in worked)
    assert sum(week.sessions for week in report.weeks) == report.sessions


@pytest.mark.parametrize(
    ("days_ago", "longest", "current"),
    [
        ((), 0, 0),
        ((5,), 1, 0),
        ((9, 8, 4, 3, 2, 1), 4, 4),  # a run of 2, then one of 4 up to yesterday
        ((12, 11, 10, 9, 8, 0), 5, 1),
        ((6, 4, 2, 0), 1, 1),  # every other day is no streak at all
    ],
)
def test_the_longest_streak_is_the_longest_run_of_days(
    days_ago: tuple[int, ...], longest: int, current: int
) -> None:
    report = build_report([session(n) for n in days_ago], TODAY, 30)
    assert (report.longest_streak, report.current_streak) == (longest, current)
