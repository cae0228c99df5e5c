"""A yes/no question as a modal screen: `ConfirmScreen` dismisses with a bool."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from isoback_tui.paths import stylesheet
from isoback_tui.widgets.key_bar import KeyBar


class ConfirmScreen(ModalScreen[bool]):
    """Ask one question; `y`/`enter` answer yes, `n`/`escape` answer no.

    The question is Content (build it with `widgets.text.literal` for any part
    that comes from a user or a file), so nothing in it is parsed as markup.
    """

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", priority=True),
        Binding("n,escape", "answer(False)", "No", priority=True),
    ]

    def __init__(self, question: Content | str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.css_path = [stylesheet("confirm.tcss")]  # loaded when first shown
        self._question = question if isinstance(question, Content) else Content(question)
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        """The question and the two answers, each with its key."""
        with Vertical(id="confirm-box"):
            yield Static(self._question, id="confirm-question")
            yield Static(
                Content(f"y / enter: {self._yes}    n / escape: {self._no}"),
                id="confirm-keys",
            )
        yield KeyBar()

    def action_answer(self, answer: bool) -> None:
        """Close the dialog with the answer."""
        self.dismiss(answer)
