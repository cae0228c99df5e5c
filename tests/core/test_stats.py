"""The history header's numbers, and how durations, pain and dates read."""

from __future__ import annotations

import math
import subprocess
import sys
from datetime import date

import pytest

from isoback_tui.core.formatting import (
    format_day,
    format_duration,
    format_pain,
    format_params,
    format_reps,
    format_seconds,
    format_started,
    format_status,
    plural,
)
from isoback_tui.core.record import ExerciseRecord, SessionParams, SetRecord
from isoback_tui.core.stats import history_stats, session_day, streak_days
from tests.core.record_builders import at, make_record

TODAY = date(2026, 11, 23)


def days_back(*offsets: int) -> list[date]:
    return [date.fromordinal(TODAY.toordinal() - n) for n in offsets]


# -- streak ------------------------------------------------------------------


def test_no_sessions_no_streak() -> None:
    assert streak_days([], TODAY) == 0
    assert history_stats([], TODAY).streak_days == 0


def test_streak_counts_consecutive_days_up_to_today() -> None:
    assert streak_days(days_back(0, 1, 2), TODAY) == 3


def test_streak_runs_to_yesterday_while_today_is_still_empty() -> None:
    assert streak_days(days_back(1, 2, 3), TODAY) == 3


def test_a_missed_day_ends_the_streak() -> None:
    assert streak_days(days_back(0, 1, 3, 4, 5), TODAY) == 2


def test_two_days_without_a_session_means_no_streak() -> None:
    assert streak_days(days_back(2, 3, 4), TODAY) == 0


def test_days_after_today_are_ignored() -> None:
    assert streak_days([*days_back(0), date(2026, 11, 24)], TODAY) == 1
    assert streak_days([date(2026, 11, 24)], TODAY) == 0


def test_several_sessions_in_one_day_count_once() -> None:
    records = [
        make_record(at("2026-11-23 07:30")),
        make_record(at("2026-11-23 19:00")),
        make_record(at("2026-11-22 08:00")),
    ]
    stats = history_stats(records, TODAY)
    assert stats.streak_days == 2
    assert stats.last_7_days == 3


def test_a_session_without_a_done_rep_does_not_keep_the_streak() -> None:
    records = [
        make_record(at("2026-11-23 07:30")),
        make_record(at("2026-11-22 07:30"), reps_done=0, reps_skipped=4),
        make_record(at("2026-11-21 07:30")),
    ]
    stats = history_stats(records, TODAY)
    assert stats.streak_days == 1
    assert stats.last_7_days == 2
    assert stats.sessions_total == 3


def test_a_session_of_a_single_done_rep_keeps_the_streak_and_counts_as_recent() -> None:
    records = [
        make_record(at("2026-11-23 07:30")),
        make_record(at("2026-11-22 07:30"), reps_done=1, reps_skipped=14),
        make_record(at("2026-11-21 07:30")),
    ]
    stats = history_stats(records, TODAY)
    assert stats.streak_days == 3
    assert (stats.last_7_days, stats.last_30_days) == (3, 3)


def test_a_done_rep_in_any_set_of_any_exercise_counts() -> None:
    late_rep = make_record(
        at("2026-11-23 07:30"),
        exercises=[
            ExerciseRecord("a", "A", [SetRecord(0, 15), SetRecord(0, 15)]),
            ExerciseRecord("b", "B", [SetRecord(0, 15), SetRecord(1, 14)]),
        ],
    )
    assert history_stats([late_rep], TODAY).streak_days == 1
    assert history_stats([late_rep], TODAY).last_7_days == 1


def test_the_day_is_the_local_date_of_started_at_in_its_own_offset() -> None:
    # 23:30 at UTC-5 is already the 23rd in UTC; it belongs to the 22nd.
    evening_in_new_york = make_record(at("2026-11-22 23:30", offset_hours=-5))
    # 00:30 at UTC+9 is still the 22nd in UTC; it belongs to the 23rd.
    morning_in_tokyo = make_record(at("2026-11-23 00:30", offset_hours=9))
    assert session_day(evening_in_new_york) == date(2026, 11, 22)
    assert session_day(morning_in_tokyo) == date(2026, 11, 23)
    assert history_stats([evening_in_new_york, morning_in_tokyo], TODAY).streak_days == 2
    assert history_stats([evening_in_new_york], TODAY).streak_days == 1
    assert history_stats([morning_in_tokyo], date(2026, 11, 22)).streak_days == 0


# -- recent sessions and time under tension -------------------------------------------


def test_last_7_and_30_days_include_today_and_stop_at_the_window_edge() -> None:
    records = [
        make_record(at("2026-11-23 07:00")),  # today
        make_record(at("2026-11-17 07:00")),  # 6 days back: inside the week
        make_record(at("2026-11-16 07:00")),  # 7 days back: outside the week
        make_record(at("2026-10-25 07:00")),  # 29 days back: inside the month
        make_record(at("2026-10-24 07:00")),  # 30 days back: outside the month
        make_record(at("2026-11-24 07:00")),  # tomorrow (a wrong clock): in neither
    ]
    stats = history_stats(records, TODAY)
    assert (stats.last_7_days, stats.last_30_days) == (2, 4)


def test_time_under_tension_adds_up_every_session() -> None:
    records = [
        make_record(at("2026-11-23 07:00"), hold_s_total=75.5),
        make_record(at("2025-01-01 07:00"), hold_s_total=900),
        make_record(at("2026-11-20 07:00"), reps_done=0, hold_s_total=0),
    ]
    assert history_stats(records, TODAY).hold_s_total == pytest.approx(975.5)


# -- formatting ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0:00"),
        (5, "0:05"),
        (59.6, "1:00"),
        (74.9996, "1:15"),
        (725, "12:05"),
        (3599.4, "59:59"),
        (3600, "1:00:00"),
        (3723, "1:02:03"),
        (36000 * 3, "30:00:00"),
        (-4, "0:00"),
        (math.nan, "0:00"),
        (math.inf, "0:00"),
    ],
)
def test_format_duration(seconds: float, shown: str) -> None:
    assert format_duration(seconds) == shown


def test_format_pain() -> None:
    assert format_pain(6, 3) == "6 -> 3"
    assert format_pain(None, 3) == "- -> 3"
    assert format_pain(0, None) == "0 -> -"
    assert format_pain(None, None) == "-"


def test_dates_read_in_the_offset_they_were_recorded_with() -> None:
    moment = at("2026-11-23 07:30", offset_hours=-5)
    assert format_started(moment) == "2026-11-23 07:30"
    assert format_day(moment) == "2026-11-23"


def test_small_formatters() -> None:
    assert format_reps(45, 180) == "45/180"
    assert format_status("ended_early") == "ended early"
    assert format_status("completed") == "completed"
    assert format_status("in_progress") == "in progress"
    assert format_status("something_new") == "something new"
    assert plural(1, "day") == "1 day"
    assert plural(0, "day") == "0 days"
    assert plural(10000, "session") == "10,000 sessions"


def test_settings_read_as_typed() -> None:
    assert format_seconds(0.5) == "0.5 s"
    assert format_seconds(20.0) == "20 s"
    params = SessionParams(reps=1, sets=3, hold_s=5, relax_s=2.5, rest_s=20)
    assert format_params(params) == "1 rep x 3 sets, hold 5 s, relax 2.5 s, rest 20 s"
    assert format_params(params, "\n") == "1 rep x 3 sets\nhold 5 s, relax 2.5 s, rest 20 s"


def test_stats_and_formatting_never_import_textual() -> None:
    code = (
        "import sys, isoback_tui.core.stats, isoback_tui.core.formatting; "
        "sys.exit('textual' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
