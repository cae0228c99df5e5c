"""A small app that runs one live session on a fake clock, for UI tests."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.widgets import Static

from isoback_tui.core.clock import FakeClock
from isoback_tui.core.engine import SessionEngine
from isoback_tui.core.plan import SessionSettings, build_plan
from isoback_tui.core.record import SessionRecord
from isoback_tui.core.routine import Routine
from isoback_tui.paths import stylesheets
from isoback_tui.screens.session import SessionScreen
from isoback_tui.widgets.big_digits import BigCountdown
from isoback_tui.widgets.too_small import fit_app


class SessionHarness(App[None]):
    """Pushes a SessionScreen and records every save, bell pattern, word and the final record."""

    def __init__(
        self,
        routine: Routine,
        clock: FakeClock,
        countdown_s: float = 5,
        *,
        muted: bool = False,
        voice: bool = False,
    ) -> None:
        super().__init__(css_path=stylesheets())
        self.clock = clock
        self.engine = SessionEngine(
            build_plan(routine, SessionSettings(countdown_s=countdown_s)), clock
        )
        self.saves: list[tuple[dict[str, object], bool]] = []
        self.bells = 0
        self.patterns: list[tuple[str, int]] = []  # (phase shown, bells rung) per cue
        self.words: list[str] = []
        self.result: SessionRecord | None = None
        self._muted = muted
        self._voice = voice

    def on_mount(self) -> None:
        """Go live at once."""
        fit_app(self, self.size.width, self.size.height)
        self.push_screen(
            SessionScreen(
                self.engine,
                self.save,
                muted=self._muted,
                ring=self.ring,
                speak=self.words.append if self._voice else None,
            ),
            self.finished,
        )

    def on_resize(self, event: events.Resize) -> None:
        """Give way to the too-small note, as the real app does."""
        fit_app(self, event.size.width, event.size.height)

    def save(self, record: SessionRecord, finished: bool) -> None:
        """Keep a copy of what would have been saved."""
        self.saves.append((record.to_dict(), finished))

    def ring(self, count: int) -> None:
        """Count bells instead of ringing them, with the phase they rang for."""
        self.bells += count
        self.patterns.append((self.engine.state().phase.value, count))

    def finished(self, record: SessionRecord | None) -> None:
        """Remember the record the screen ended with."""
        self.result = record


def shown(app: App[object], widget_id: str) -> str:
    """The text a Static or BigCountdown widget shows right now."""
    widget = app.screen.query_one(f"#{widget_id}")
    if isinstance(widget, BigCountdown):
        return widget.value
    assert isinstance(widget, Static)
    return str(widget.content)
