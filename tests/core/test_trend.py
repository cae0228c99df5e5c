"""The history chart's data and rows: reps a day, pain before/after, dots for nothing."""

from __future__ import annotations

from datetime import date

from isoback_tui.core.trend import CHART_DAYS, LEVELS, NOTHING, bars, columns, daily_trend
from tests.core.record_builders import at, make_record

TODAY = date(2026, 11, 23)


def test_reps_and_pain_land_on_their_own_day_in_their_own_offset() -> None:
    records = [
        make_record(at("2026-11-23 07:00"), reps_done=15, pain_before=6, pain_after=4),
        make_record(at("2026-11-23 19:00"), reps_done=5, pain_before=4, pain_after=None),
        # 23:30 in UTC-5 is still the 21st where it was done
        make_record(at("2026-11-21 23:30", -5), reps_done=15, pain_before=None, pain_after=None),
        make_record(at("2026-09-28 07:00"), reps_done=15),  # 57 days back: off the chart
        make_record(at("2026-11-24 07:00"), reps_done=15),  # after today: left out
    ]
    trend = daily_trend(records, TODAY)
    assert len(trend.reps) == CHART_DAYS
    assert trend.start == date(2026, 9, 29)
    assert trend.reps[-1] == 96 + 5  # a builder session of 15 holds 96 reps in all
    assert trend.reps[-3] == 96
    assert trend.reps[-2] == 0
    assert trend.pain_before[-1] == 5.0 and trend.pain_after[-1] == 4.0
    assert trend.pain_before[-3] is None and trend.pain_before[-2] is None
    assert sum(trend.reps) == trend.reps[-1] + trend.reps[-3]
    assert trend.has_pain


def test_bars_use_a_fixed_scale_and_dots_for_nothing() -> None:
    assert bars([0, 5, 10, None], 10, 10) == LEVELS[0] + LEVELS[4] + LEVELS[7] + NOTHING
    # 5, 5, 6 stays low and even: the scale is 0-10, not the data's own range
    assert bars([5, 5, 6], 10, 10) == LEVELS[4] * 2 + LEVELS[4]
    # reps: a day without reps is a dot, the smallest day a block
    assert bars([0, 1, 180], 180, 10, zero_is_nothing=True) == NOTHING + LEVELS[0] + LEVELS[7]


def test_columns_squeeze_days_into_means_of_what_is_known() -> None:
    assert columns([1, 2, 3], 5) == [1, 2, 3]
    assert columns([2, 4, None, None, 6, None], 3) == [3, None, 6]
    squeezed = columns(list(range(56)), 28)
    assert len(squeezed) == 28 and squeezed[-1] == 54.5
    assert columns([1.0], 0) == []


def test_no_ratings_means_no_pain() -> None:
    trend = daily_trend([make_record(at("2026-11-22 07:00"))], TODAY)
    assert not trend.has_pain
    assert trend.most_reps == 96
