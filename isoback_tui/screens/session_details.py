"""Everything kept about one past session: each exercise and set, pauses, note, settings.

A note written here is saved through the app (off the UI's thread, see
NoteSaver); this screen shows the saved session only once the history has
it, and keeps a note whose save failed until it is saved or given up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from isoback_tui.core.formatting import (
    format_duration,
    format_pain,
    format_params,
    format_started,
    format_status,
)
from isoback_tui.core.record import STATUS_INTERRUPTED, ExerciseRecord, SessionRecord
from isoback_tui.paths import stylesheet
from isoback_tui.widgets.text import literal


def title_text(record: SessionRecord) -> Content:
    """When and which routine: `2026-11-23 07:30  Low-back isometrics`."""
    return Content.assemble(
        (format_started(record.started_at), "bold"),
        "  ",
        literal(record.routine_name).stylize("italic"),
    )


def detail_facts(record: SessionRecord) -> list[tuple[str, Content]]:
    """The session's numbers as (label, value) pairs; the note is shown literally."""
    note = literal(record.note, single_line=False) if record.note.strip() else Content("(none)")
    return [
        ("Status", Content(format_status(record.status))),
        (
            "Reps",
            Content(
                f"{record.reps_done} done, {record.reps_skipped} skipped of {record.reps_planned}"
            ),
        ),
        ("Under tension", Content(format_duration(record.hold_s_total))),
        ("Duration", Content(format_duration(record.duration_s))),
        ("Paused", Content(format_duration(record.paused_s))),
        ("Pain", Content(format_pain(record.pain_before, record.pain_after))),
        ("Settings", Content(format_params(record.params, "\n"))),
        ("Note", note),
    ]


def _exercise_lines(exercise: ExerciseRecord) -> list[str | Content]:
    lines: list[str | Content] = [literal(exercise.name).stylize("bold"), "\n"]
    if not exercise.sets:
        lines.append("  no set started\n")
    for number, one_set in enumerate(exercise.sets, start=1):
        lines.append(f"  Set {number}: {one_set.reps_done} done, {one_set.reps_skipped} skipped\n")
    return lines


def exercises_text(record: SessionRecord) -> Content:
    """Each exercise that was started, with its sets: reps done and skipped."""
    if not record.exercises:
        return Content("No exercise was started.")
    parts = [part for exercise in record.exercises for part in _exercise_lines(exercise)]
    return Content.assemble(*parts).rstrip()


UNSAVED_NOTE = "Your new note is not saved yet: n opens it again."

NoteDone = Callable[[SessionRecord | None, str | None], None]
"""Told on the UI's thread how a note's save ended: (saved session, None) or (None, the problem)."""


class NoteSaver(Protocol):
    """The app's saving of a session's note: starts it and returns at once."""

    def __call__(
        self, record: SessionRecord, note: str, done: NoteDone, waiting: Callable[[], None]
    ) -> None:
        """Save `note` for `record`; `done` follows on the UI's thread; `waiting()` is called
        (on the UI's thread) if the save must wait for another isoback's lock."""


Resumer = Callable[[SessionRecord], None]
"""Resumes an interrupted session (the app's one resume)."""


def can_resume(record: SessionRecord) -> bool:
    """An interrupted session with reps still ahead can be carried on."""
    return record.status == STATUS_INTERRUPTED and (
        record.reps_done + record.reps_skipped < record.reps_planned
    )


class SessionDetailsScreen(Screen[None]):
    """One session in full; `n` note, `r` resume, `escape` or `q` goes back to the history.

    Saving goes through the callbacks it is given (the app's); without them
    (a viewer) the note can't be edited nor the session resumed.
    """

    BINDINGS = [
        Binding("escape,q", "back", "Back"),
        Binding("n", "note", "Note"),
        Binding("r", "resume", "Resume"),
    ]

    def __init__(
        self,
        record: SessionRecord,
        *,
        save_note: NoteSaver | None = None,
        resume: Resumer | None = None,
    ) -> None:
        super().__init__()
        self.css_path = [stylesheet("history.tcss")]  # loaded when first shown
        self.record = record
        self._save_note = save_note
        self._resume = resume
        self.draft: str | None = None
        """A note typed here whose save failed (or that was left unsaved): `n` offers it again."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer `n` only with a way to save, `r` only for a session that can be resumed."""
        if action == "note":
            return self._save_note is not None
        if action == "resume":
            return self._resume is not None and can_resume(self.record)
        return True

    def compose(self) -> ComposeResult:
        """Title, the facts in two columns, then the exercises, all scrolling together."""
        with VerticalScroll(id="details-box", can_focus=True):
            yield Static(title_text(self.record), id="details-title")
            for label, value in detail_facts(self.record):
                with Horizontal(classes="details-fact"):
                    yield Static(label, classes="details-label", markup=False)
                    yield Static(value, classes="details-value")
            yield Static(exercises_text(self.record), id="details-exercises")
        status = Static(Content(UNSAVED_NOTE), id="details-status")
        status.display = self.draft is not None
        yield status
        yield Footer()

    def _show_draft(self) -> None:
        """Say so while a note typed here is not saved."""
        self.query_one("#details-status", Static).display = self.draft is not None

    def action_note(self) -> None:
        """Write or change the note; the note screen stays until the app has saved it."""
        if self._save_note is None:
            return
        from isoback_tui.screens.note import NoteScreen

        def closed(unsaved: str | None) -> None:
            self.draft = unsaved
            self._show_draft()

        about = f"{format_started(self.record.started_at)} {self.record.routine_name}"
        note = NoteScreen(self.record.note, about, self._write_note, draft=self.draft)
        self.app.push_screen(note, closed)

    def _write_note(
        self, text: str, ended: Callable[[str | None], None], waiting: Callable[[], None]
    ) -> None:
        """Hand the note to the app; show the saved session only once the history has it."""
        assert self._save_note is not None
        self.draft = text  # kept until it is truly saved

        def done(saved: SessionRecord | None, problem: str | None) -> None:
            if saved is None:
                ended(problem or "it was not saved")
                return
            self.record, self.draft = saved, None
            self.refresh(recompose=True)
            self.notify("Note saved.", markup=False)
            ended(None)

        self._save_note(self.record, text, done, waiting)

    def action_resume(self) -> None:
        """Carry on this interrupted session, as the app offers at start."""
        if self._resume is not None and can_resume(self.record):
            self._resume(self.record)

    def action_back(self) -> None:
        """Back to the history table (asking first while a note typed here is not saved)."""
        if self.draft is None:
            self.dismiss(None)
            return
        from isoback_tui.screens.confirm import ConfirmScreen

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(None)

        question = "Your new note is not saved. Leave without it?"
        self.app.push_screen(ConfirmScreen(question, yes="Leave", no="Stay"), answered)
