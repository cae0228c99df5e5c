"""Write or change a session's note: a modal with a text area that stays until the note is saved.

The screen edits the text and asks its caller to save it (the app writes
the history off the UI's thread); meanwhile it says "Saving the note…",
keeps the text and refuses a second save. It closes only once the note is
truly saved; when the save fails it says why in one line and keeps the text
to try again. Text is shown exactly as written: a note that came with
control characters (an imported file) shows them as visible symbols, and
only a note that was changed is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from isoback_tui.paths import stylesheet
from isoback_tui.widgets.key_bar import KeyBar
from isoback_tui.widgets.text import clean, literal

SAVING = "Saving the note…"
WAITING = "Saving the note… waiting for another isoback to let go of the history."
CLOSES_WHEN_SAVED = "Saving the note… this closes once it is saved."


class NoteWriter(Protocol):
    """Starts saving the note's text; answers later, on the UI's thread."""

    def __call__(
        self, text: str, ended: Callable[[str | None], None], waiting: Callable[[], None]
    ) -> None:
        """Save `text`: `ended(None)` once saved, `ended(problem)` if not; `waiting()` meanwhile
        if another isoback holds the history's lock."""


def failed_line(problem: str) -> Content:
    """Why the note is not saved, and that the text is still here."""
    return Content.assemble(
        ("Could not save the note: ", "bold"),
        clean(problem.rstrip(".")),
        ". Your text is kept: ctrl+s tries again.",
    )


class NoteScreen(ModalScreen[str | None]):
    """A text area for the note; `ctrl+s` saves it, `escape` closes.

    Dismissed with the text the user leaves unsaved (after a failed save, or
    when it was opened with such a text, `draft`), so the caller can offer
    it again; with None when nothing typed is left unsaved.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, note: str, about: str, save: NoteWriter, draft: str | None = None) -> None:
        """`note` is the saved note; `about` says which session it is for (shown literally)."""
        super().__init__()
        self.css_path = [stylesheet("note.tcss")]  # loaded when first shown
        self.shown_note = clean(note, single_line=False)
        self._about = about
        self._save = save
        self._draft = draft
        self.saving = False
        self.problem: str | None = None

    def compose(self) -> ComposeResult:
        """Title, the text area, a line on how saving goes, the keys."""
        with Vertical(id="note-box"):
            yield Static(literal(f"Note: {self._about}"), id="note-title")
            text = self.shown_note if self._draft is None else self._draft
            yield TextArea(text, id="note-text", soft_wrap=True, tab_behavior="focus")
            yield Static(id="note-status")
            yield Static(Content("ctrl+s: save    escape: cancel"), id="note-keys")
        yield KeyBar()

    def on_mount(self) -> None:
        """Start typing at the end of the note."""
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        self._say(Content("Not saved yet: ctrl+s saves it.") if self._draft is not None else None)

    @property
    def text(self) -> str:
        """The note as typed (trailing spaces and lines trimmed)."""
        return self.query_one(TextArea).text.rstrip()

    def action_save(self) -> None:
        """Save the note if it changed; close once it is saved (unchanged: close now)."""
        if self.saving:
            return  # the status line says it is under way
        text = self.text
        if text == self.shown_note.rstrip():
            self.dismiss(None)
            return
        self.saving = True
        self.query_one(TextArea).read_only = True
        self._say(Content(SAVING))
        self._save(text, self._ended, self._waiting)

    def _waiting(self) -> None:
        if self.saving:
            self._say(Content(WAITING))

    def _ended(self, problem: str | None) -> None:
        self.saving = False
        if problem is None:
            self.shown_note, self._draft, self.problem = self.text, None, None
            if self.is_current:
                self.dismiss(None)
            else:  # something was opened on top meanwhile: it says so when seen again
                self._say(Content("Note saved."))
            return
        self.problem = problem
        area = self.query_one(TextArea)
        area.read_only = False
        area.focus()
        self._say(failed_line(problem))

    def action_cancel(self) -> None:
        """Close; a text whose save failed (or was never saved) is handed back, not lost."""
        if self.saving:
            self._say(Content(CLOSES_WHEN_SAVED))
            return
        text = self.text
        unsaved = self.problem is not None or self._draft is not None
        self.dismiss(text if unsaved and text != self.shown_note.rstrip() else None)

    def _say(self, line: Content | None) -> None:
        status = self.query_one("#note-status", Static)
        status.update(line or Content())
        status.display = line is not None
        self.set_class(line is not None, "-told")
