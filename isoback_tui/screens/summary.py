"""After the session: what was done, pain now, an optional note.

The session is handed to the app's saving path before this screen appears;
the screen says honestly how that save stands (saving, waiting for another
isoback, saved, or not saved with the reason), and the pain rating and the
note go the same way. Nothing here says "Saved." until the history holds it.
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
from isoback_tui.saving import SaveOutcome, SaveState
from isoback_tui.screens.messages import HistoryRequested
from isoback_tui.screens.pain import PAIN_KEYS
from isoback_tui.widgets.key_bar import KeyBar
from isoback_tui.widgets.note_input import NoteInput
from isoback_tui.widgets.text import clean

NOTE_MAX_CHARS = 500


def summary_text(record: SessionRecord) -> Content:
    """The numbers of a finished session, one fact a line."""
    how = "Session complete, well done." if record.status == STATUS_COMPLETED else "Ended early."
    paused = f" (paused {format_duration(record.paused_s)})" if record.paused_s >= 1 else ""
    lines: list[str | tuple[str, str]] = [
        (how, "bold"),
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


def save_line(outcome: SaveOutcome) -> Content:
    """How the session's save stands, in words (never "Saved." before it is)."""
    if outcome.state is SaveState.SAVED:
        return Content("Saved.")
    if outcome.state is SaveState.WAITING:
        return Content.assemble(
            ("Saving… waiting for another isoback to let go of the history.", "bold")
        )
    if outcome.state is SaveState.FAILED:
        return Content.assemble(
            ("Not saved yet. ", "bold"),
            clean(outcome.problem or ""),
            " It is kept in memory and tried again every few seconds; r tries now.",
        )
    return Content("Saving…")


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
        Binding("r", "retry_save", "Save again", show=False),
        Binding("h", "history", "History"),
        Binding("enter,escape", "home", "Home"),
    ]

    def __init__(
        self,
        record: SessionRecord,
        update: Callable[[SessionRecord], None],
        retry: Callable[[], None] | None = None,
        saved: SaveOutcome | None = None,
        *,
        ask_pain: bool = True,
    ) -> None:
        """`update(record)` saves the new pain or note; `retry()` tries a refused save again.

        `saved` is how the session's save stands as the screen opens (default: saving).
        `ask_pain=False` (`start --no-pain`) asks no pain question here either.
        """
        super().__init__()
        self.css_path = [stylesheet("summary.tcss")]  # loaded when first shown
        self.record = record
        self._update = update
        self._retry = retry
        self._ask_pain = ask_pain
        self._asking_pain = ask_pain and record.pain_after is None
        self.save_state = saved or SaveOutcome(record.id, SaveState.SAVING)
        self._note_waiting = False

    def compose(self) -> ComposeResult:
        """Numbers, pain, note."""
        with Vertical(id="summary"):
            yield Static(summary_text(self.record), id="summary-numbers")
            yield Static(save_line(self.save_state), id="summary-saved")
            yield Static(pain_line(self.record, self._asking_pain), id="summary-pain")
            yield NoteInput(
                self.record.note,
                placeholder="n: write a note, enter: save it",
                max_length=NOTE_MAX_CHARS,
                id="summary-note",
                compact=True,
            )
        yield KeyBar()

    def _refresh_pain(self) -> None:
        self.query_one("#summary-pain", Static).update(pain_line(self.record, self._asking_pain))

    def show_save(self, outcome: SaveOutcome) -> None:
        """The app tells how this session's save stands; show it, and confirm a note once saved."""
        self.save_state = outcome
        for line in self.query("#summary-saved").results(Static):  # none before compose
            line.update(save_line(outcome))
        if outcome.state is SaveState.SAVED and self._note_waiting:
            self._note_waiting = False
            self.notify("Note saved.", timeout=3)

    def action_retry_save(self) -> None:
        """Offer the session to the history again now."""
        if self._retry is not None and self.save_state.state is SaveState.FAILED:
            self._retry()

    def _save_note(self, text: str) -> None:
        self.record.note = text
        self._note_waiting = True
        self._update(self.record)

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
    def _note_submitted(self, event: Input.Submitted) -> None:
        self._save_note(event.value)
        self.set_focus(None)

    def action_history(self) -> None:
        """Open the history."""
        self.post_message(HistoryRequested())

    def action_home(self) -> None:
        """Back to the routine list (leaves the note field first, if in it)."""
        note = self.query_one("#summary-note", Input)
        if self.focused is note:
            if note.value != self.record.note:
                self._save_note(note.value)
            self.set_focus(None)
            return
        self.dismiss(None)
