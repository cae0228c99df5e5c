"""A progress bar that fills smoothly through a phase and repaints only what changed.

The live screen must write little to the terminal (PRODUCT.md section 6).
Textual sends a repaint from the left edge of each widget up to the end of
the change, so a bar drawn as one widget would be resent from its first
cell every time it grows. This bar is a row of short slices instead: when
the fill moves, only the slice (or two) under the moving edge repaints.
It draws in eighths of a cell and runs no timer of its own; the screen calls
`set_fraction` when a repaint is due.
"""

from __future__ import annotations

import math

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"
EMPTY = "─"
SLICES = 5  # fewer widgets draw sooner; a slice of 12 cells at 80x24 still sends little


def bar_cells(eighths: int, width: int) -> tuple[str, str]:
    """The filled and empty text for `eighths` eighths filled, `width` cells wide."""
    eighths = max(0, min(eighths, width * 8))
    full, part = divmod(eighths, 8)
    filled = FULL * full
    if full < width and part:
        filled += EIGHTHS[part]
    return filled, EMPTY * (width - len(filled))


class BarSlice(Widget):
    """A few cells of the bar; shows its share of the eighths it is given."""

    DEFAULT_CSS = """
    BarSlice {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.eighths = 0

    def show(self, eighths: int) -> None:
        """Fill this slice with `eighths` eighths of a cell; repaint only on change.

        Textual resends a dirty region from the widget's left edge, but it does
        stop at the region's right edge: so the region ends at the last cell
        that changed, and the untouched rest of the slice is not sent.
        """
        width = self.size.width
        eighths = max(0, min(eighths, width * 8))
        if eighths == self.eighths:
            return
        last_changed = min(width - 1, max(eighths, self.eighths) // 8)
        self.eighths = eighths
        self.refresh(Region(0, 0, last_changed + 1, self.size.height))

    def render_line(self, y: int) -> Strip:
        """Every line of the slice looks the same."""
        width = self.size.width
        filled, empty = bar_cells(self.eighths, width)
        style = self.rich_style
        segments = []
        if filled:  # an empty segment would still cost its colour codes on the wire
            segments.append(Segment(filled, style))
        if empty:
            segments.append(Segment(empty, style + Style(dim=True)))
        return Strip(segments, width)


class PhaseBar(Widget):
    """A bar whose fill is set from outside, from 0 to 1."""

    DEFAULT_CSS = """
    PhaseBar {
        layout: horizontal;
        height: 1;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self._fraction = 0.0

    def compose(self) -> ComposeResult:
        """The slices, side by side."""
        for _ in range(SLICES):
            yield BarSlice()

    @property
    def fraction(self) -> float:
        """How full the bar is, from 0 to 1."""
        return self._fraction

    @property
    def resolution(self) -> int:
        """How many visible steps the bar has (eighths of a cell, all cells)."""
        return self.size.width * 8

    def set_fraction(self, fraction: float) -> None:
        """Fill the bar to `fraction`; only slices whose look changes repaint."""
        self._fraction = max(0.0, min(1.0, fraction))
        filled = math.floor(self._fraction * self.resolution + 1e-9)
        left = self.region.x
        for bar_slice in self.query_children(BarSlice):
            offset = bar_slice.region.x - left
            bar_slice.show(filled - offset * 8)

    def on_resize(self) -> None:
        """New widths mean new cells: lay the fill out again."""
        self.call_after_refresh(self.set_fraction, self._fraction)
