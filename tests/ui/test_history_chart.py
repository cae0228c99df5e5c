"""The chart on the history screen: its rows at 80x24 and 40x15, `g` hides it, empty hides it."""

from __future__ import annotations

from isoback_tui.core.trend import LEVELS, NOTHING, daily_trend
from isoback_tui.widgets.history_chart import HistoryChart, chart_lines
from tests.ui.history_harness import TODAY, FakeStore, HistoryApp, sample_records, screen_text


def chart_rows(app: HistoryApp) -> list[str]:
    return [
        line
        for line in screen_text(app).splitlines()
        if line.lstrip().startswith(("Last 8 weeks", "reps ", "before ", "after ", "pain "))
    ]


async def test_at_80_by_24_a_title_and_a_column_a_day() -> None:
    app = HistoryApp(FakeStore(sample_records()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = chart_rows(app)
        assert rows[0].strip() == "Last 8 weeks, a column a day: Sep 29 to Nov 23"
        reps, before, after = rows[1:]
        bars = reps.split()[1]
        assert len(bars) == 56
        # Nov 23 (96 reps, the most) is a full block; Nov 20 had nothing
        assert bars[-1] == LEVELS[-1] and bars[-4] == NOTHING
        assert reps.endswith("top 96")
        assert before.split()[1][-1] == LEVELS[round(6 / 10 * 7)]  # 6 on a 0-10 scale
        assert before.endswith("0-10")
        assert after.split()[1][-1] == LEVELS[round(3 / 10 * 7)]


async def test_at_40_by_15_two_days_a_column_and_the_table_still_shows() -> None:
    app = HistoryApp(FakeStore(sample_records()))
    async with app.run_test(size=(40, 15)) as pilot:
        await pilot.pause()
        rows = chart_rows(app)
        assert [row.split()[0] for row in rows] == ["reps", "before", "after"]
        assert all(len(row.split()[1]) == 28 for row in rows)
        text = screen_text(app)
        assert "2026-11-23 07:30" in text and "2026-11-21 07:00" in text


async def test_g_hides_and_shows_the_chart() -> None:
    app = HistoryApp(FakeStore(sample_records()))
    async with app.run_test(size=(40, 15)) as pilot:
        await pilot.pause()
        chart = app.screen.query_one(HistoryChart)
        assert chart.display
        await pilot.press("g")
        await pilot.pause()
        assert not chart.display
        assert chart_rows(app) == []
        assert "2026-11-19 07:00" in screen_text(app)  # room for more rows
        await pilot.press("g")
        await pilot.pause()
        assert chart.display


async def test_an_empty_history_has_no_chart() -> None:
    app = HistoryApp(FakeStore([]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one(HistoryChart).display


def test_without_ratings_one_line_says_so() -> None:
    records = [r for r in sample_records() if r.pain_before is None and r.pain_after is None]
    lines = chart_lines(daily_trend(records, TODAY), 78)
    assert lines[-1].plain == "pain   no ratings"


def test_the_reps_note_is_dropped_when_there_is_no_room() -> None:
    lines = chart_lines(daily_trend(sample_records(), TODAY), 38)
    assert [line.plain.split()[0] for line in lines] == ["reps", "before", "after"]
    assert all(len(line.plain) <= 38 for line in lines)
