"""Ask for a pain rating from 0 to 10 with one key; another key skips."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from isoback_tui.paths import stylesheet
from isoback_tui.widgets.key_bar import KeyBar

PAIN_KEYS = {str(n): n for n in range(10)} | {"t": 10}


def pain_scale(chosen: int) -> Content:
    """The 0-10 scale with the chosen number in brackets (readable without colour)."""
    cells = [f"[{n}]" if n == chosen else f" {n} " for n in range(11)]
    return Content("".join(cells))


class PainScreen(ModalScreen[int | None]):
    """A modal pain question; dismisses with 0-10, or None when skipped."""

    BINDINGS = [
        *(Binding(key, f"rate({value})", show=False) for key, value in PAIN_KEYS.items()),
        Binding("left,h", "move(-1)", "Less", show=False),
        Binding("right,l", "move(1)", "More", show=False),
        Binding("enter", "choose", "Choose"),
        Binding("s,escape", "skip", "Skip"),
    ]

    def __init__(self, question: str, start_at: int = 0) -> None:
        super().__init__()
        self.css_path = [stylesheet("dialogs.tcss")]  # loaded when first shown
        self._question = question
        self._chosen = start_at

    def compose(self) -> ComposeResult:
        """The question, the scale and the keys."""
        with Vertical(id="pain-box"):
            yield Static(Content(self._question), id="pain-question")
            yield Static(pain_scale(self._chosen), id="pain-scale")
            yield Static(
                Content("0-9 rate at once, t = 10, arrows + enter, s or escape skips"),
                id="pain-keys",
            )
        yield KeyBar()

    def action_rate(self, value: int) -> None:
        """Rate with one key."""
        self.dismiss(value)

    def action_move(self, step: int) -> None:
        """Move the marker along the scale."""
        self._chosen = max(0, min(10, self._chosen + step))
        self.query_one("#pain-scale", Static).update(pain_scale(self._chosen))

    def action_choose(self) -> None:
        """Take the number under the marker."""
        self.dismiss(self._chosen)

    def action_skip(self) -> None:
        """No rating this time."""
        self.dismiss(None)
