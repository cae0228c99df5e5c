"""What a screen shows when the terminal is too small to draw it.

Below MIN_COLUMNS x MIN_ROWS a screen hides its own widgets (Textual cannot
wrap text into a width of zero) and shows only this note; whatever runs
behind it, such as the live session's clock and bells, carries on. The
app marks itself with the class `-too-small` (`fit_app`), which
styles/app.tcss turns into "hide every screen's widgets but this note".
"""

from __future__ import annotations

from typing import Any, Final

from textual.app import App
from textual.content import Content
from textual.widgets import Static

MIN_COLUMNS: Final = 20
MIN_ROWS: Final = 6


def too_small(width: int, height: int) -> bool:
    """Whether a terminal of `width` x `height` is too small to draw a screen in."""
    return width < MIN_COLUMNS or height < MIN_ROWS


class TooSmall(Static):
    """A short note, shown instead of the screen while the terminal is too small."""

    DEFAULT_CSS = """
    TooSmall {
        display: none;
        width: 100%;
        height: 100%;
    }
    """

    def __init__(self) -> None:
        super().__init__(
            Content(f"Too small: make the terminal at least {MIN_COLUMNS}x{MIN_ROWS}."),
            classes="too-small",
        )


def fit_app(app: App[Any], width: int, height: int) -> None:
    """Mark `app` with `-too-small` while its terminal is `width` x `height` and too small.

    Called from the app's resize handler, before any screen lays itself out
    at the new size, so no widget is ever asked to wrap into no room at all.
    """
    small = too_small(width, height)
    if small == app.has_class("-too-small"):
        return
    app.set_class(small, "-too-small")
    # Restyle now, not when the app is next idle: every screen in the stack may lay
    # itself out at the new size before then, and only the screens' own children
    # are hidden or shown by the rule.
    app.stylesheet.update_nodes([child for screen in app.screen_stack for child in screen.children])
