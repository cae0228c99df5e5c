"""A small app that runs one live session on a fake clock, for UI tests."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Digits, Static

from isoback_tui.core.clock import FakeClock
from isoback_tui.core.engine import SessionEngine
from isoback_tui.core.plan import SessionSettings, build_plan
from isoback_tui.core.record import SessionRecord
from isoback_tui.core.routine import Routine
from isoback_tui.paths import stylesheets
from isoback_tui.screens.session import SessionScreen


class SessionHarness(App[None]):
    """Pushes a SessionScreen and records every save, bell and the final record."""

    def __init__(self, routine: Routine, clock: FakeClock, countdown_s: float = 5) -> None:
        super().__init__(css_path=stylesheets())
        self.clock = clock
        self.engine = SessionEngine(
            build_plan(routine, SessionSettings(countdown_s=countdown_s)), clock
        )
        self.saves: list[tuple[dict[str, object], bool]] = []
        self.bells = 0
        self.result: SessionRecord | None = None

    def on_mount(self) -> None:
        """Go live at once."""
        self.push_screen(
            SessionScreen(self.engine, self.save, ring=self.ring), self.finished
        )

    def save(self, record: SessionRecord, finished: bool) -> None:
        """Keep a copy of what would have been saved."""
        self.saves.append((record.to_dict(), finished))

    def ring(self) -> None:
        """Count bells instead of ringing them."""
        self.bells += 1

    def finished(self, record: SessionRecord | None) -> None:
        """Remember the record the screen ended with."""
        self.result = record


def shown(app: App[object], widget_id: str) -> str:
    """The text a Static or Digits widget shows right now."""
    widget = app.screen.query_one(f"#{widget_id}")
    if isinstance(widget, Digits):
        return widget.value
    assert isinstance(widget, Static)
    return str(widget.content)
