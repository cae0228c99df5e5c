"""The one-line note field: pastes are cut to fit, never dropped, never obeyed."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from isoback_tui.widgets.text import clean


class NoteInput(Input):
    """An Input for a session's note.

    Textual's Input drops a whole paste that would pass `max_length`; a note
    keeps as much as fits and says it was cut. Control characters in a paste
    (an ESC made visible by the paste guard, a stray CR or BEL) are shown as
    symbols, never acted on, and only the first line is taken.
    """

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # instead of Input's own paste, which drops a long one
        event.stop()
        if not event.text:
            return
        lines = event.text.splitlines()
        text = clean(lines[0] if lines else "")
        start, end = sorted((self.selection.start, self.selection.end))
        room = (self.max_length or len(text) + len(self.value)) - (len(self.value) - (end - start))
        fitted = text[: max(room, 0)]
        self.replace(fitted, start, end)
        if len(fitted) < len(text) or len(lines) > 1:
            self.notify(
                f"Only the first line, up to {self.max_length} characters, fits in a note; "
                "the rest of the paste was left out.",
                markup=False,
                timeout=6,
            )
