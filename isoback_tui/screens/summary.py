"""After the session: what was done, pain now, an optional note.

The session is already saved when this screen appears; the pain rating and
the note update the saved record as they are given.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from isoback_tui.core.formatting import format_duration, format_pain_value
from isoback_tui.core.record import STATUS_COMPLETED, SessionRecord
from isoback_tui.paths import stylesheet
from isoback_tui.screens.messages import HistoryRequested
from isoback_tui.screens.pain import PAIN_KEYS
from isoback_tui.widgets.key_bar import KeyBar
from isoback_tui.widgets.text import clean

NOTE_MAX_CHARS = 500


def summary_text(record: SessionRecord) -> Content:
    """The numbers of a finished session, one fact a line."""
    how = "Session complete, well done." if record.status == STATUS_COMPLETED else "Ended early."
    paused = f" (paused {format_duration(record.paused_s)})" if record.paused_s >= 1 else ""
    lines: list[str | tuple[str, str]] = [
        (how, "bold"),
        " Saved.",
        "\n",
        (clean(record.routine_name), "italic"),
        "\n\n",
        f"Reps done     {record.reps_done} of {record.reps_planned}",
        "\n",
        f"Reps skipped  {record.reps_skipped}",
        "\n",
        f"Under tension {format_duration(record.hold_s_total)}",
        "\n",
        f"Duration      {format_duration(record.duration_s)}{paused}",
    ]
    return Content.assemble(*lines)


def pain_line(record: SessionRecord, asking: bool) -> Content:
    """Pain before and after, and how to answer while it is still open."""
    before = format_pain_value(record.pain_before)
    after = format_pain_value(record.pain_after)
    text = f"Pain          {before} before, {after} after"
    if asking:
        return Content.assemble(text, "\n", ("How is your back now? 0-9, t = 10, s skips", "bold"))
    return Content(text)


class SummaryScreen(Screen[None]):
    """The session's summary; `enter` goes home, `h` to the history."""

    AUTO_FOCUS = ""  # nothing focused: digits rate pain at once; `n` moves into the note
    BINDINGS = [
        *(Binding(key, f"pain({value})", show=False) for key, value in PAIN_KEYS.items()),
        Binding("s", "skip_pain", "Skip pain", show=False),
        Binding("n", "note", "Write a note"),
        Binding("h", "history", "History"),
        Binding("enter,escape", "home", "Home"),
    ]

    def __init__(
        self,
        record: SessionRecord,
        update: Callable[[SessionRecord], None],
        *,
        ask_pain: bool = True,
    ) -> None:
        """`update(record)` saves the record again with the new pain or note;
        `ask_pain=False` (`start --no-pain`) asks no pain question here either."""
        super().__init__()
        self.css_path = [stylesheet("summary.tcss")]  # loaded when first shown
        self.record = record
        self._update = update
        self._ask_pain = ask_pain
        self._asking_pain = ask_pain and record.pain_after is None

    def compose(self) -> ComposeResult:
        """Numbers, pain, note."""
        with Vertical(id="summary"):
            yield Static(summary_text(self.record), id="summary-numbers")
            yield Static(pain_line(self.record, self._asking_pain), id="summary-pain")
            yield Input(
                self.record.note,
                placeholder="n: write a note, enter: save it",
                max_length=NOTE_MAX_CHARS,
                id="summary-note",
                compact=True,
            )
        yield KeyBar()

    def _refresh_pain(self) -> None:
        self.query_one("#summary-pain", Static).update(
            pain_line(self.record, self._asking_pain)
        )

    def action_pain(self, value: int) -> None:
        """Rate pain after the session (not when told to ask no pain questions)."""
        if not self._ask_pain:
            return
        self.record.pain_after = value
        self._asking_pain = False
        self._update(self.record)
        self._refresh_pain()

    def action_skip_pain(self) -> None:
        """No pain rating after this session."""
        self._asking_pain = False
        self._refresh_pain()

    def action_note(self) -> None:
        """Write or change the note."""
        self.query_one("#summary-note", Input).focus()

    @on(Input.Submitted, "#summary-note")
    def _save_note(self, event: Input.Submitted) -> None:
        self.record.note = event.value
        self._update(self.record)
        self.set_focus(None)
        self.notify("Note saved.", timeout=3)

    def action_history(self) -> None:
        """Open the history."""
        self.post_message(HistoryRequested())

    def action_home(self) -> None:
        """Back to the routine list (leaves the note field first, if in it)."""
        note = self.query_one("#summary-note", Input)
        if self.focused is note:
            if note.value != self.record.note:
                self.record.note = note.value
                self._update(self.record)
                self.notify("Note saved.", timeout=3)
            self.set_focus(None)
            return
        self.dismiss(None)
