"""Opening the history does no work that could have been done before `h` (issue 13).

Textual parses every stylesheet again whenever a new stylesheet, or a widget
class with default styles, is first seen; the app loads the history's while
home is read, so opening it parses nothing. The table's rows are built for
the screen's width at once, so the first frame of the history has them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.css.stylesheet import Stylesheet

from isoback_tui.app import IsobackApp
from isoback_tui.core.clock import FakeClock
from isoback_tui.screens.history import HistoryScreen
from isoback_tui.screens.home import HomeScreen
from isoback_tui.store import HistoryStore
from tests.core.helpers import make_routine
from tests.core.record_builders import numbered_record

ROUTINE = make_routine(exercises=1, reps=2, sets=1)


async def test_opening_the_history_parses_no_stylesheet(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "history.json"
    HistoryStore(db).import_records([numbered_record(n) for n in range(3)])
    app = IsobackApp(db, clock=clock, routines=([ROUTINE], []), watch_terminal=False)
    parses: list[str] = []
    original_parse = Stylesheet.parse

    def counted_parse(self: Stylesheet) -> None:
        parses.append("parse")
        original_parse(self)

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        monkeypatch.setattr(Stylesheet, "parse", counted_parse)
        monkeypatch.setattr(Stylesheet, "reparse", counted_parse)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.table.row_count == 3
        assert parses == []


async def test_the_rows_are_there_when_the_screen_is_mounted(
    tmp_path: Path, clock: FakeClock
) -> None:
    """Built for the width the table will have, before it is laid out: the first frame has them."""
    db = tmp_path / "history.json"
    HistoryStore(db).import_records([numbered_record(n) for n in range(3)])
    app = IsobackApp(db, clock=clock, routines=([ROUTINE], []), watch_terminal=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.store is not None
        screen = HistoryScreen(app.store)
        mounted: list[tuple[int, int]] = []
        screen.call_later(lambda: mounted.append((screen.table.row_count, screen.table.size.width)))
        await app.push_screen(screen)
        await pilot.pause()
        assert mounted == [(3, 0)]  # rows before the table had a size
        built = screen.table.column_layout
        await pilot.pause()
        assert screen.table.column_layout == built  # the real width asked for no rebuild
        assert screen.table.scrollable_content_region.width > 0
