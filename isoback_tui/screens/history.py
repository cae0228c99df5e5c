"""The history: streak and totals above a table of every session, newest first.

The screen reads the store once when it opens, keeps the records, and is
the one that deletes (after asking); the table only says what the user
wants (`HistoryTable.DetailsRequested`, `HistoryTable.DeleteRequested`).
The app writes off the UI's thread: while a delete runs the screen says so
and refuses a second one, and the row goes only once the file has changed.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date
from typing import Protocol

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from isoback_tui.core.formatting import format_duration, format_started, plural
from isoback_tui.core.record import STATUS_IN_PROGRESS, SessionRecord
from isoback_tui.core.stats import HistoryStats, history_stats
from isoback_tui.core.trend import daily_trend
from isoback_tui.paths import stylesheet
from isoback_tui.screens.confirm import ConfirmScreen
from isoback_tui.screens.session_details import (
    NoteDone,
    NoteSaver,
    Resumer,
    SessionDetailsScreen,
)
from isoback_tui.store.errors import HistoryError
from isoback_tui.widgets.history_chart import HistoryChart
from isoback_tui.widgets.history_table import HistoryTable
from isoback_tui.widgets.text import clean, literal

EMPTY_TEXT = (
    "No sessions yet. Each session you do, finished or stopped early, "
    "shows up here with its reps, holds and pain ratings."
)


READ_ONLY_DELETE = "View only: no deleting here."
STYLESHEET = "history.tcss"


class HistorySource(Protocol):
    """What the history screen reads from the store (HistoryStore has it); writes go to the app."""

    def list_sessions(self) -> list[SessionRecord]:
        """Every session, newest first."""
        ...


class Deleter(Protocol):
    """The app's delete: starts removing a session for good and returns at once."""

    def __call__(
        self,
        record: SessionRecord,
        done: Callable[[str | None], None],
        waiting: Callable[[], None],
    ) -> None:
        """`done(None)` on the UI's thread once deleted, `done(problem)` if not; `waiting()`
        (on the UI's thread) if the delete must wait for another isoback's lock."""


def load_styles(app: App[object]) -> None:
    """Load the history's styles into `app` now, as Textual would when the screen first opens.

    Called while the user reads home, so pressing `h` does not parse every
    stylesheet again: Textual parses them all whenever a stylesheet, or a
    widget class with default styles, is first seen (issue 13).
    """
    path = stylesheet(STYLESHEET)
    sheet = app.stylesheet
    if sheet.has_source(str(path), ""):
        return
    screen = HistoryScreen(_NoHistory())
    for node in (screen, *screen.compose(), FooterKey("x", "x", "x", "x")):
        # the same default styles `Widget._post_register` adds on first mounting
        for read_from, css, tie_breaker, scope in node._get_default_css():
            sheet.add_source(
                css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker, scope=scope
            )
    sheet.read(path)
    sheet.reparse()
    # No `sheet.update(app)`: these rules are all the history's own (its screens and
    # widget types), so no widget on screen now changes, and restyling them all would
    # repaint the whole of home for nothing (~11 KB on the terminal).


class _NoHistory:
    """A history with nothing in it, for building the screen's widgets without a store."""

    def list_sessions(self) -> list[SessionRecord]:
        """No sessions."""
        return []

    def delete(self, session_id: str) -> None:
        """Nothing to delete."""
        raise HistoryError(f"there is no session {session_id}")


def header_lines(stats: HistoryStats, width: int) -> str:
    """Streak, recent sessions and time under tension, in as few lines as fit `width`."""
    streak = f"Streak: {plural(stats.streak_days, 'day')}"
    tension = f"Under tension: {format_duration(stats.hold_s_total)}"
    total = f"{stats.sessions_total:,} in all"
    variants = [
        [
            f"{streak}   Sessions: {stats.last_7_days} in the last 7 days, "
            f"{stats.last_30_days} in the last 30, {total}   {tension}"
        ],
        [
            f"{streak}   {tension}",
            f"Sessions: {stats.last_7_days} in the last 7 days, "
            f"{stats.last_30_days} in the last 30, {total}",
        ],
        [
            streak,
            f"Sessions: {stats.last_7_days} in 7 days, {stats.last_30_days} in 30",
            tension,
        ],
    ]
    for lines in variants:
        if all(len(line) <= width for line in lines):
            return "\n".join(lines)
    return "\n".join(variants[-1])


def rows_shown_text(shown: int, total: int) -> str:
    """The line under the table while older sessions have no rows yet."""
    if shown >= total:
        return ""
    return f"Newest {shown:,} of {total:,} shown: more load as you move down; end: oldest."


class HistoryScreen(Screen[None]):
    """Past sessions with a summary header and chart; `enter` details, `g` chart, `escape` back."""

    BINDINGS = [
        Binding("escape,q", "back", "Back"),
        Binding("g", "toggle_chart", "Chart"),
        # a viewer's table has no delete key: the screen says why instead
        Binding("d,delete", "refuse_delete", show=False),
    ]

    def __init__(
        self,
        store: HistorySource,
        *,
        today: date | Callable[[], date] | None = None,
        read_only: bool = False,
        save_note: NoteSaver | None = None,
        resume: Resumer | None = None,
        delete: Deleter | None = None,
    ) -> None:
        """`today` fixes the date the streak counts back from (tests); default: the real date.

        `read_only` (a viewer login), or no `delete`: deleting is refused with a
        word on screen. `save_note`, `resume` and `delete` are the app's (its one
        saving path); without them a session's details offer neither note nor resume.
        """
        super().__init__()
        self.css_path = [stylesheet(STYLESHEET)]  # loaded when first shown, or by load_styles
        self.store = store
        self.read_only = read_only
        self._today = today
        self.stats: HistoryStats | None = None
        self.problem: str | None = None
        self.chart_shown = True
        self._note_saver = save_note
        self._resume = resume
        self._delete = delete
        self._gc_was_enabled: bool | None = None
        self.deleting: SessionRecord | None = None
        """The session being deleted now (one at a time)."""
        self._leave_when_deleted = False

    def today(self) -> date:
        """The date streaks and recent counts are measured from."""
        if self._today is None:
            return date.today()
        if isinstance(self._today, date):
            return self._today
        return self._today()

    @property
    def table(self) -> HistoryTable:
        """The table of sessions."""
        return self.query_one("#history-table", HistoryTable)

    def compose(self) -> ComposeResult:
        """Header, table (or a friendly line when there is nothing), footer."""
        yield Static(id="history-header")
        yield HistoryChart(id="history-chart")
        yield Static(id="history-empty")
        yield HistoryTable(id="history-table", read_only=self.read_only)
        yield Static(id="history-more")
        yield Static(id="history-status")
        yield Footer()

    def on_mount(self) -> None:
        """Read the history and show it, the garbage collector resting until it is drawn.

        Reading 10,000 sessions makes about 250,000 young objects, none in a
        cycle. A collection walking them all costs about 0.1 s; paused, it
        runs once the table is on screen instead of before.
        """
        self._gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            self.reload()
        finally:
            self.call_after_refresh(self._resume_gc_once_drawn, 10)

    def _resume_gc_once_drawn(self, tries_left: int) -> None:
        # The table builds its rows when it first learns its width, a frame or
        # two after mounting; wait for a frame that has them.
        if self._gc_was_enabled is None:
            return  # already resumed (the screen was closed first)
        if tries_left > 0 and self.table.records and self.table.column_layout is None:
            self.call_after_refresh(self._resume_gc_once_drawn, tries_left - 1)
            return
        self._resume_gc()

    def _resume_gc(self) -> None:
        if self._gc_was_enabled:
            gc.enable()
        self._gc_was_enabled = None

    def on_unmount(self) -> None:
        """Never leave the collector paused, whatever closes the screen."""
        self._resume_gc()

    def reload(self) -> None:
        """Read every session from the store again and show them from the newest."""
        try:
            records = self.store.list_sessions()
        except (HistoryError, OSError) as problem:
            self.problem = clean(str(problem))
            records = []
        else:
            self.problem = None
        self.table.show(records, width_hint=self.size.width or self.app.size.width)
        self._show_totals()

    def _show_totals(self) -> None:
        records = self.table.records
        self.stats = history_stats(records, self.today())
        empty = not records
        self.query_one("#history-header").display = not empty
        chart = self.query_one(HistoryChart)
        chart.display = self.chart_shown and not empty
        if not empty:
            chart.show(daily_trend(records, self.today()))
        self.query_one("#history-empty").display = empty
        self.table.display = not empty
        if self.problem is not None:
            message = literal(f"Could not read the history: {self.problem}")
            self.query_one("#history-empty", Static).update(message)
        elif empty:
            self.query_one("#history-empty", Static).update(Content(EMPTY_TEXT))
        self._show_header()

    def _show_header(self) -> None:
        if self.stats is None:
            return
        header = self.query_one("#history-header", Static)
        width = header.content_region.width or self.size.width or self.app.size.width
        header.update(Content(header_lines(self.stats, width)))

    def on_resize(self, event: Resize) -> None:
        """Refit the header's lines to the new width."""
        self.call_after_refresh(self._show_header)

    @on(HistoryTable.RowsShown)
    def _rows_shown(self, message: HistoryTable.RowsShown) -> None:
        more = self.query_one("#history-more", Static)
        text = rows_shown_text(message.shown, message.total)
        more.update(Content(text))
        more.display = bool(text)

    @on(HistoryTable.DetailsRequested)
    def _details_requested(self, message: HistoryTable.DetailsRequested) -> None:
        if self.deleting is not None and message.record.id == self.deleting.id:
            self.notify("That session is being deleted.", markup=False)
            return
        self.app.push_screen(
            SessionDetailsScreen(
                message.record,
                save_note=self._save_note if self._note_saver is not None else None,
                resume=self._resume,
            )
        )

    def _save_note(
        self, record: SessionRecord, note: str, done: NoteDone, waiting: Callable[[], None]
    ) -> None:
        """Save through the app's callback; once saved, the table keeps the saved session."""
        assert self._note_saver is not None

        def saved_or_not(saved: SessionRecord | None, problem: str | None) -> None:
            if saved is not None:
                self.table.replace_note(saved)
            done(saved, problem)

        self._note_saver(record, note, saved_or_not, waiting)

    def action_refuse_delete(self) -> None:
        """`d` where deleting is not offered (a viewer)."""
        self.notify(READ_ONLY_DELETE, severity="warning", markup=False)

    @on(HistoryTable.DeleteRequested)
    def _delete_requested(self, message: HistoryTable.DeleteRequested) -> None:
        record = message.record
        if self.read_only or self._delete is None:
            self.action_refuse_delete()
            return
        if self.deleting is not None:
            self._refuse_second_delete()
            return
        if record.status == STATUS_IN_PROGRESS:
            # Only another running copy of isoback has sessions in progress.
            self.notify(
                "That session is still running in another isoback; "
                "it can be deleted once it has ended.",
                markup=False,
            )
            return
        question = literal(
            f"Delete the session of {format_started(record.started_at)} "
            f"({record.routine_name})? This can't be undone."
        )

        def answered(delete: bool | None) -> None:
            if delete:
                self.delete(record)

        self.app.push_screen(ConfirmScreen(question, yes="Delete", no="Keep"), answered)

    def delete(self, record: SessionRecord) -> None:
        """Delete one session through the app; the row goes once it is done, a failure is shown."""
        if self._delete is None:
            self.action_refuse_delete()
            return
        if self.deleting is not None:
            self._refuse_second_delete()
            return
        self.deleting = record
        when = format_started(record.started_at)
        self._say(f"Deleting the session of {when}…")

        def waiting() -> None:
            if self.deleting is record:
                self._say(
                    f"Deleting the session of {when}… "
                    "waiting for another isoback to let go of the history."
                )

        self._delete(record, lambda problem: self._deleted(record, problem), waiting)

    def _deleted(self, record: SessionRecord, problem: str | None) -> None:
        self.deleting = None
        self._say(None)
        if problem is not None:
            self.notify(
                clean(f"Could not delete: {problem}"), severity="error", markup=False, timeout=10
            )
        else:
            self.table.remove_session(record.id)
            self._show_totals()
            self.notify(
                clean(f"Deleted the session of {format_started(record.started_at)}."), markup=False
            )
        if self._leave_when_deleted:
            self._leave_when_deleted = False
            if self.is_current:
                self.dismiss(None)

    def _refuse_second_delete(self) -> None:
        assert self.deleting is not None
        when = format_started(self.deleting.started_at)
        self.notify(
            f"Still deleting the session of {when}: one delete at a time.",
            severity="warning",
            markup=False,
        )

    def _say(self, text: str | None) -> None:
        """The line under the table that tells how a delete stands (hidden when none)."""
        status = self.query_one("#history-status", Static)
        status.update(Content(text or ""))
        status.display = text is not None

    def action_toggle_chart(self) -> None:
        """Hide or show the chart (more rows for the table on a small screen)."""
        self.chart_shown = not self.chart_shown
        self.query_one(HistoryChart).display = self.chart_shown and bool(self.table.records)

    def action_back(self) -> None:
        """Back to where the history was opened from (once a delete under way has ended)."""
        if self.deleting is not None:
            self._leave_when_deleted = True
            when = format_started(self.deleting.started_at)
            self._say(f"Deleting the session of {when}… the history closes once it is done.")
            return
        self.dismiss(None)
