"""A tiny app around the history screen, an in-memory store and fixed records, for UI tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Static

from isoback_tui.core.record import (
    STATUS_ENDED_EARLY,
    STATUS_IN_PROGRESS,
    STATUS_INTERRUPTED,
    SessionRecord,
)
from isoback_tui.paths import styles_dir
from isoback_tui.screens.history import HistoryScreen, HistorySource
from isoback_tui.store import HistoryError
from tests.core.record_builders import at, make_record

TODAY = date(2026, 11, 23)


class FakeStore:
    """The two store calls the history screen makes, kept in memory and recorded."""

    def __init__(
        self,
        records: Sequence[SessionRecord] = (),
        *,
        read_error: HistoryError | None = None,
        delete_error: HistoryError | None = None,
    ) -> None:
        self.records = list(records)
        self.read_error = read_error
        self.delete_error = delete_error
        self.deleted: list[str] = []
        self.reads = 0

    def list_sessions(self) -> list[SessionRecord]:
        """The sessions as given (tests give them newest first)."""
        self.reads += 1
        if self.read_error is not None:
            raise self.read_error
        return list(self.records)

    def delete(self, session_id: str) -> None:
        """Forget one session, or fail as told."""
        if self.delete_error is not None:
            raise self.delete_error
        self.deleted.append(session_id)
        self.records = [r for r in self.records if r.id != session_id]


class HistoryApp(App[None]):
    """Shows a home line, then pushes the history screen over it on mount."""

    ENABLE_COMMAND_PALETTE = False

    def __init__(self, store: HistorySource, today: date = TODAY) -> None:
        # Only the app-wide sheet: the history and confirm screens bring their own.
        super().__init__(css_path=[styles_dir() / "app.tcss"])
        self.store = store
        self.today = today
        self.notices: list[str] = []

    def compose(self) -> ComposeResult:
        """What is under the history: something to come back to."""
        yield Static("home", id="home")

    def notify(self, message: str, **options: Any) -> None:
        """Remember each notification's text for the test, then show it."""
        self.notices.append(message)
        super().notify(message, **options)

    def on_mount(self) -> None:
        """Open the history at once."""
        self.push_screen(HistoryScreen(self.store, today=self.today, delete=self.delete))

    def delete(
        self,
        record: SessionRecord,
        done: Callable[[str | None], None],
        waiting: Callable[[], None],
    ) -> None:
        """As the app does, but at once: delete through the store, the problem as text."""
        try:
            self.store.delete(record.id)  # type: ignore[attr-defined]
        except HistoryError as problem:
            done(str(problem))
            return
        done(None)


def sample_records() -> list[SessionRecord]:
    """Five sessions over four days, newest first, with each status and a tricky name."""
    return [
        make_record(
            at("2026-11-23 07:30"),
            session_id="s5",
            reps_done=15,
            pain_before=6,
            pain_after=3,
            duration_s=1325,
            paused_s=42,
            note="Left side tight.\n[red]felt[/] better after set 2",
        ),
        make_record(
            at("2026-11-22 19:05"),
            session_id="s4",
            routine_name="[bold]x[/]",
            reps_done=5,
            reps_planned=20,
            status=STATUS_ENDED_EARLY,
            pain_before=None,
            pain_after=2,
            duration_s=301,
        ),
        make_record(
            at("2026-11-22 06:45"),
            session_id="s3",
            reps_done=9,
            reps_skipped=6,
            status=STATUS_INTERRUPTED,
            duration_s=700,
        ),
        make_record(
            at("2026-11-21 07:00"),
            session_id="s2",
            reps_done=15,
            pain_before=5,
            pain_after=4,
            duration_s=3723,
        ),
        make_record(
            at("2026-11-19 07:00"),
            session_id="s1",
            reps_done=2,
            status=STATUS_IN_PROGRESS,
            duration_s=60,
        ),
    ]


def many_records(count: int) -> list[SessionRecord]:
    """`count` sessions, one every 13 hours back from today's morning, newest first."""
    start = at("2026-11-23 07:30")
    return [
        make_record(start - timedelta(hours=13 * n), session_id=f"m{n:05d}") for n in range(count)
    ]


def screen_text(app: App[Any]) -> str:
    """The characters on screen now, a line per row (what a person would read).

    Uses the compositor of the active screen: Textual has no public way to
    read back the drawn text, and a snapshot would hide the assertion.
    """
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)
