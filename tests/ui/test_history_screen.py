"""The history screen driven by keys: rows, header, details, delete with confirm, sizes."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from rich.text import Text

from isoback_tui.screens.confirm import ConfirmScreen
from isoback_tui.screens.history import HistoryScreen, header_lines
from isoback_tui.screens.session_details import SessionDetailsScreen
from isoback_tui.store import HistoryFileError, HistoryStore, SessionNotFoundError
from isoback_tui.widgets.history_table import PAGE_SIZE, HistoryTable
from tests.core.record_builders import at, make_record
from tests.ui.history_harness import (
    FakeStore,
    HistoryApp,
    many_records,
    sample_records,
    screen_text,
)


def table_of(app: HistoryApp) -> HistoryTable:
    screen = app.screen
    assert isinstance(screen, HistoryScreen)
    return screen.table


def row_texts(table: HistoryTable, index: int) -> list[str]:
    cells = table.get_row_at(index)
    assert all(isinstance(cell, Text) for cell in cells)
    return [cell.plain for cell in cells]


def static_text(app: HistoryApp, widget_id: str) -> str:
    return str(app.screen.query_one(f"#{widget_id}").render())


# -- what is shown -----------------------------------------------------------------


async def test_rows_are_newest_first_with_every_column_at_80() -> None:
    app = HistoryApp(FakeStore(sample_records()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = table_of(app)
        assert [key.value for key in table.rows] == ["s5", "s4", "s3", "s2", "s1"]
        fit = table.column_layout
        assert fit is not None
        assert fit.keys == ("date", "routine", "reps", "hold", "duration", "pain", "status")
        assert row_texts(table, 0) == [
            "2026-11-23 07:30",
            "Low-back isometrics",
            "96/180",
            "8:00",
            "22:05",
            "6 -> 3",
            "completed",
        ]
        assert row_texts(table, 1)[1:] == ["[bold]x[/]", "5/20", "0:25", "5:01", "- -> 2"] + [
            "ended early"
        ]
        assert row_texts(table, 2)[-1] == "interrupted"
        assert row_texts(table, 3)[4] == "1:02:03"
        assert row_texts(table, 4)[-2:] == ["-", "in progress"]
        assert table.has_focus
        assert table.cursor_row == 0


async def test_header_shows_streak_recent_sessions_and_time_under_tension() -> None:
    app = HistoryApp(FakeStore(sample_records()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = static_text(app, "history-header")
        # Sessions with a rep done on the 23rd, 22nd and 21st (not the 20th): 3 days.
        assert "Streak: 3 days" in header
        assert "Sessions: 5 in the last 7 days, 5 in the last 30, 5 in all" in header
        total_hold = (96 + 5 + 9 + 96 + 2) * 5
        assert f"Under tension: {total_hold // 60}:{total_hold % 60:02d}" in header


def test_header_lines_use_as_few_lines_as_the_width_allows() -> None:
    from isoback_tui.core.stats import HistoryStats

    stats = HistoryStats(
        streak_days=12, last_7_days=7, last_30_days=30, hold_s_total=44100, sessions_total=1234
    )
    wide = header_lines(stats, 160)
    assert wide.count("\n") == 0
    assert "Streak: 12 days" in wide and "1,234 in all" in wide and "12:15:00" in wide
    assert header_lines(stats, 78).count("\n") == 1
    narrow = header_lines(stats, 38)
    assert narrow.splitlines() == [
        "Streak: 12 days",
        "Sessions: 7 in 7 days, 30 in 30",
        "Under tension: 12:15:00",
    ]


async def test_routine_names_and_notes_are_shown_literally() -> None:
    app = HistoryApp(FakeStore(sample_records()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "[bold]x[/]" in screen_text(app)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailsScreen)
        assert "[bold]x[/]" in screen_text(app)
        await pilot.press("escape", "up", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "[red]felt[/] better after set 2" in text
        assert "Left side tight." in text


async def test_control_characters_in_a_name_cannot_reach_the_terminal() -> None:
    record = make_record(at("2026-11-23 07:30"), routine_name="evil\x1b[2Jname\nnext")
    app = HistoryApp(FakeStore([record]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        name = row_texts(table_of(app), 0)[1]
        assert "\x1b" not in name and "\n" not in name
        assert name.startswith("evil")


async def test_empty_history_shows_a_friendly_line_instead_of_a_table() -> None:
    app = HistoryApp(FakeStore([]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "No sessions yet." in text
        assert "Date" not in text and "Streak" not in text
        assert not table_of(app).display
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HistoryScreen)


async def test_an_unreadable_history_is_named_not_raised() -> None:
    problem = HistoryFileError(Path("/data/history.json"), "is not a history file [x]")
    app = HistoryApp(FakeStore(read_error=problem))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Could not read the history:" in text
        assert "/data/history.json" in text and "[x]" in text


# -- keys ---------------------------------------------------------------------------


async def test_enter_opens_the_details_and_escape_comes_back_to_the_same_row() -> None:
    app = HistoryApp(FakeStore(sample_records()))
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionDetailsScreen)
        assert screen.record.id == "s2"
        text = screen_text(app)
        for expected in (
            "2026-11-21 07:00",
            "Push-pull, right knee in",
            "Set 1: 15 done, 0 skipped",
            "Set 2: 12 done, 3 skipped",
            "Knees-out",
            "15 reps x 3 sets",
            "hold 5 s, relax 3 s, rest 20 s",
            "Pain          5 -> 4",
            "Duration      1:02:03",
        ):
            assert expected in text
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert table_of(app).cursor_row == 3


async def test_details_show_pauses_and_a_missing_note() -> None:
    app = HistoryApp(FakeStore(sample_records()))
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "Paused        0:42" in screen_text(app)
        await pilot.press("escape", "down", "enter")
        await pilot.pause()
        assert "Note          (none)" in screen_text(app)


@pytest.mark.parametrize("key", ["d", "delete"])
async def test_delete_asks_first_and_yes_deletes(key: str) -> None:
    store = FakeStore(sample_records())
    app = HistoryApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", key)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#confirm-question").render())
        assert question == (
            "Delete the session of 2026-11-22 19:05 ([bold]x[/])? This can't be undone."
        )
        assert store.deleted == []
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert store.deleted == ["s4"]
        table = table_of(app)
        assert [key.value for key in table.rows] == ["s5", "s3", "s2", "s1"]
        assert table.cursor_row == 1  # the next older session is highlighted
        assert "4 in all" in static_text(app, "history-header")
        assert "Deleted the session of 2026-11-22 19:05." in app.notices


async def test_delete_then_no_keeps_the_session() -> None:
    store = FakeStore(sample_records())
    app = HistoryApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert store.deleted == []
        assert table_of(app).row_count == 5
        await pilot.press("d", "escape")
        await pilot.pause()
        assert store.deleted == []
        assert isinstance(app.screen, HistoryScreen)


async def test_deleting_the_last_session_shows_the_empty_line() -> None:
    store = FakeStore(sample_records()[:1])
    app = HistoryApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("d", "y")
        await pilot.pause()
        assert store.deleted == ["s5"]
        assert "No sessions yet." in screen_text(app)


async def test_a_failed_delete_is_shown_and_the_row_stays() -> None:
    store = FakeStore(sample_records(), delete_error=SessionNotFoundError("s5"))
    app = HistoryApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("d", "y")
        await pilot.pause()
        assert table_of(app).row_count == 5
        assert any("Could not delete: there is no session s5" in n for n in app.notices)


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_and_q_go_back(key: str) -> None:
    app = HistoryApp(FakeStore(sample_records()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, HistoryScreen)
        assert "home" in screen_text(app)


async def test_footer_shows_the_keys() -> None:
    app = HistoryApp(FakeStore(sample_records()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        for word in ("Details", "Delete", "Back"):
            assert word in footer


# -- narrow screens and long histories -----------------------------------------------------


async def test_at_40_by_15_date_reps_and_status_stay_visible() -> None:
    app = HistoryApp(FakeStore(sample_records()))
    async with app.run_test(size=(40, 15)) as pilot:
        await pilot.pause()
        fit = table_of(app).column_layout
        assert fit is not None
        assert {"date", "reps", "status"} <= set(fit.keys)
        text = screen_text(app)
        assert "2026-11-22 19:05" in text or "2026-11-22" in text
        assert "5/20" in text and "ended early" in text
        assert "Streak: 3 days" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailsScreen)
        await pilot.press("escape", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)


async def test_columns_come_back_when_the_terminal_widens() -> None:
    app = HistoryApp(FakeStore(sample_records()))
    async with app.run_test(size=(40, 15)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down")
        narrow = table_of(app).column_layout
        assert narrow is not None and "routine" not in narrow.keys
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        wide = table_of(app).column_layout
        assert wide is not None and "routine" in wide.keys and "hold" in wide.keys
        assert table_of(app).cursor_row == 2


async def test_a_long_history_adds_rows_a_page_at_a_time() -> None:
    app = HistoryApp(FakeStore(many_records(1000)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = table_of(app)
        assert table.row_count == PAGE_SIZE
        more = static_text(app, "history-more")
        assert f"Newest {PAGE_SIZE} of 1,000 shown" in more
        assert "1,000 in all" in static_text(app, "history-header")
        table.move_cursor(row=PAGE_SIZE - 5)
        await pilot.pause()
        assert table.row_count == 2 * PAGE_SIZE
        await pilot.press("end")
        await pilot.pause()
        assert table.row_count == 1000
        assert table.cursor_row == 999
        assert table.highlighted is not None and table.highlighted.id == "m00999"
        assert not app.screen.query_one("#history-more").display


async def test_deleting_in_a_long_history_keeps_the_order() -> None:
    store = FakeStore(many_records(450))
    app = HistoryApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = table_of(app)
        await pilot.press("down", "d", "y")
        await pilot.pause()
        assert store.deleted == ["m00001"]
        assert [key.value for key in list(table.rows)[:3]] == ["m00000", "m00002", "m00003"]
        assert f"Newest {PAGE_SIZE - 1} of 449 shown" in static_text(app, "history-more")


async def test_the_garbage_collector_runs_again_once_the_table_is_drawn() -> None:
    assert gc.isenabled()
    app = HistoryApp(FakeStore(many_records(300)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert table_of(app).row_count > 0
        assert gc.isenabled()
    assert gc.isenabled()


# -- with the real store -----------------------------------------------------------------


async def test_with_the_real_store_delete_removes_the_session_from_the_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.json"
    with HistoryStore(path) as seeding:
        seeding.import_records(sample_records())
    store = HistoryStore.open(path)
    try:
        app = HistoryApp(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            table = table_of(app)
            assert [key.value for key in table.rows] == ["s5", "s4", "s3", "s2", "s1"]
            await pilot.press("down", "down", "d", "y")
            await pilot.pause()
            assert [key.value for key in table.rows] == ["s5", "s4", "s2", "s1"]
    finally:
        store.close()
    with HistoryStore.open(path) as reread:
        assert [r.id for r in reread.list_sessions()] == ["s5", "s4", "s2", "s1"]


async def test_a_session_running_elsewhere_is_not_offered_for_deleting() -> None:
    store = FakeStore(sample_records())
    app = HistoryApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("end", "d")
        await pilot.pause()
        highlighted = table_of(app).highlighted
        assert highlighted is not None and highlighted.status == "in_progress"
        assert isinstance(app.screen, HistoryScreen)
        assert store.deleted == []
        assert any("still running in another" in notice for notice in app.notices)


async def test_end_in_a_very_long_history_says_it_is_loading_then_goes_to_the_oldest() -> None:
    app = HistoryApp(FakeStore(many_records(2500)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        await pilot.pause()
        table = table_of(app)
        assert table.row_count == 2500
        assert table.cursor_row == 2499
        assert any(f"Loading {2500 - PAGE_SIZE:,} older" in notice for notice in app.notices)


async def test_closing_the_screen_at_once_leaves_the_collector_running() -> None:
    app = HistoryApp(FakeStore(many_records(300)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HistoryScreen)
        assert gc.isenabled()
