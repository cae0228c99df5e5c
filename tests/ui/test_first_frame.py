"""The first frame waits for nothing it doesn't show (issue 13, PRODUCT.md 6).

Home is drawn before the history is read: the store's open check and the
plans' reading (a 10,000-session history takes about a second) start only
once the first frame has been rendered.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.screen import Screen

from isoback_tui.app import IsobackApp
from isoback_tui.core.clock import FakeClock
from isoback_tui.plans import Plans
from isoback_tui.screens.home import HomeScreen
from isoback_tui.store import HistoryStore
from tests.core.helpers import make_routine
from tests.core.record_builders import numbered_record

ROUTINE = make_routine(exercises=1, reps=2, sets=1)


async def test_home_is_drawn_before_the_history_is_read(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "history.json"
    HistoryStore(db).import_records([numbered_record(n) for n in range(3)])
    happened: list[str] = []
    display = App._display
    open_store = HistoryStore.open.__func__  # type: ignore[attr-defined]
    read_history = Plans.read_history

    def written(self: App[object], screen: Screen[object], update: object) -> None:
        # what App._display writes to the terminal (headless: would write)
        if update is not None and not self._batch_count and isinstance(screen, HomeScreen):
            if "home drawn" not in happened:
                happened.append("home drawn")
        display(self, screen, update)

    def opened(cls: type[HistoryStore], path: Path, *args: object) -> HistoryStore:
        happened.append("history opened")
        store: HistoryStore = open_store(cls, path, *args)
        return store

    def read(self: Plans) -> object:
        happened.append("plans read")
        return read_history(self)

    monkeypatch.setattr(App, "_display", written)
    monkeypatch.setattr(HistoryStore, "open", classmethod(opened))
    monkeypatch.setattr(Plans, "read_history", read)
    app = IsobackApp(db, clock=clock, routines=([ROUTINE], []), watch_terminal=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(20):
            await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, HomeScreen)
        assert happened[0] == "home drawn", happened
        assert {"history opened", "plans read"} <= set(happened)
        assert app.store is not None
