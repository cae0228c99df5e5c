"""Write or change a session's note: a modal with a text area; dismisses with the new text.

The screen only edits text; the caller (the app, through its saving
callback) saves it. Text is shown exactly as written: a note that came with
control characters (an imported file) shows them as visible symbols, and
only a note that was changed is handed back.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from isoback_tui.paths import stylesheet
from isoback_tui.widgets.key_bar import KeyBar
from isoback_tui.widgets.text import clean, literal


class NoteScreen(ModalScreen[str | None]):
    """A text area for the note; `ctrl+s` keeps it, `escape` leaves it as it was."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, note: str, about: str) -> None:
        """`about` says which session the note is for (shown literally)."""
        super().__init__()
        self.css_path = [stylesheet("note.tcss")]  # loaded when first shown
        self.shown_note = clean(note, single_line=False)
        self._about = about

    def compose(self) -> ComposeResult:
        """Title, the text area, the keys."""
        with Vertical(id="note-box"):
            yield Static(literal(f"Note: {self._about}"), id="note-title")
            yield TextArea(self.shown_note, id="note-text", soft_wrap=True, tab_behavior="focus")
            yield Static(Content("ctrl+s: save    escape: cancel"), id="note-keys")
        yield KeyBar()

    def on_mount(self) -> None:
        """Start typing at the end of the note."""
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        """Hand back the note if it changed (trailing spaces and lines trimmed)."""
        text = self.query_one(TextArea).text.rstrip()
        self.dismiss(None if text == self.shown_note.rstrip() else text)

    def action_cancel(self) -> None:
        """Leave the note as it was."""
        self.dismiss(None)
