"""A progress bar that fills smoothly through a phase and repaints only what changed.

The live screen must write little to the terminal (PRODUCT.md section 6),
so this bar draws in eighths of a cell and, when the fill moves, marks only
the cells that changed as dirty: one or two cells per repaint instead of
the whole line. It never runs a timer of its own; the screen sets
`fraction` when it decides a repaint is due.
"""

from __future__ import annotations

import math

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"
EMPTY = "─"


def bar_cells(eighths: int, width: int) -> tuple[str, str]:
    """The bar's filled and empty text for `eighths` eighths filled, `width` cells wide."""
    eighths = max(0, min(eighths, width * 8))
    full, part = divmod(eighths, 8)
    filled = FULL * full
    if full < width and part:
        filled += EIGHTHS[part]
    return filled, EMPTY * (width - len(filled))


class PhaseBar(Widget):
    """A one-line bar whose fill is set from outside, in eighths of a cell."""

    DEFAULT_CSS = """
    PhaseBar {
        height: 1;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self._fraction = 0.0
        self._drawn_eighths = 0

    @property
    def fraction(self) -> float:
        """How full the bar is, from 0 to 1."""
        return self._fraction

    def eighths_for(self, fraction: float) -> int:
        """Eighths of a cell filled at `fraction`, at the current width."""
        return math.floor(max(0.0, min(1.0, fraction)) * self.size.width * 8 + 1e-9)

    def set_fraction(self, fraction: float) -> None:
        """Fill the bar to `fraction`; repaint only the cells whose look changed."""
        self._fraction = fraction
        width = self.size.width
        eighths = self.eighths_for(fraction)
        if eighths == self._drawn_eighths or width == 0:
            return
        low, high = sorted((self._drawn_eighths, eighths))
        first_cell = low // 8
        last_cell = min(width - 1, high // 8)
        self._drawn_eighths = eighths
        self.refresh(Region(first_cell, 0, last_cell - first_cell + 1, self.size.height))

    def on_resize(self) -> None:
        """A new width means new cells: redraw the whole bar."""
        self._drawn_eighths = self.eighths_for(self._fraction)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """One line of the bar; every line of a taller bar looks the same."""
        width = self.size.width
        self._drawn_eighths = self.eighths_for(self._fraction)
        filled, empty = bar_cells(self._drawn_eighths, width)
        style = self.rich_style
        return Strip(
            [Segment(filled, style), Segment(empty, style + Style(dim=True))], width
        )
