"""When the history file can't be read: say so, and touch it only on the user's key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from isoback_tui.paths import stylesheet
from isoback_tui.widgets.key_bar import KeyBar
from isoback_tui.widgets.text import literal


class DamagedHistoryScreen(ModalScreen[bool]):
    """Dismisses True when the user presses `m` to move the file aside, False to quit."""

    BINDINGS = [
        Binding("m", "answer(True)", "Move aside, start fresh"),
        Binding("q,escape", "answer(False)", "Quit"),
    ]

    def __init__(self, problem: str, *, may_move: bool = True) -> None:
        """`may_move=False` (a viewer login): only quitting is offered."""
        super().__init__()
        self._may_move = may_move
        self.css_path = [stylesheet("dialogs.tcss")]  # loaded when first shown
        self._problem = problem[:1].upper() + problem[1:]

    def compose(self) -> ComposeResult:
        """The problem, the promise, the two keys."""
        with Vertical(id="damaged-box"):
            yield Static(Content("The history can't be opened"), id="damaged-title")
            yield Static(literal(self._problem, single_line=False), id="damaged-problem")
            yield Static(
                Content(
                    "Nothing has been changed. Press m to move the file aside "
                    "(it stays in the same folder under a new name) and start a "
                    "fresh history, or q to quit and look at it yourself."
                    if self._may_move
                    else "Nothing has been changed, and this login can't change it. "
                    "Press q to quit."
                ),
                id="damaged-choices",
            )
        yield KeyBar()

    def action_answer(self, move_aside: bool) -> None:
        """Close with the user's choice."""
        if move_aside and not self._may_move:
            self.notify("View only: no moving it aside.", markup=False)
            return
        self.dismiss(move_aside)
