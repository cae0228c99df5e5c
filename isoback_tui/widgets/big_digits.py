"""A countdown in big block digits that grows with the terminal, readable from two metres.

The digit shapes come from FIGlet's "ANSI Regular" font as pyfiglet (a
well-kept, dependency-free FIGlet implementation) draws it, kept as text in
font_digits.py: solid full-block strokes, five rows tall, made to be read at
a glance. Textual's
own Digits is three rows at every size, too small from the floor. Here the
five-row shapes are drawn at three heights:

    3 rows   two font rows per cell with half blocks (under 15 rows or 30 columns)
    5 rows   one font row per cell (a phone's 40x15, 80x24)
    10 rows  each font cell doubled both ways (160x50 and larger)

Each digit position is its own widget, so when 15 becomes 14 only the last
digit is sent to the terminal (Textual repaints a widget from its left edge).
The stroke character can change with the phase (solid, shaded, light), so a
phase has a look of its own without colour.
"""

from __future__ import annotations

from functools import cache
from typing import Final

from rich.segment import Segment
from textual.app import ComposeResult
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from isoback_tui.widgets.font_digits import DIGITS

INK: Final = "█"
HEIGHTS: Final = (3, 5, 10)
"""The heights the countdown can be drawn at, in terminal rows."""
MAX_DIGITS: Final = 4  # a phase is at most an hour: 3600 s
GAP: Final = 1  # blank columns after each digit, at 5 rows (scaled with the digit)

_HALF: Final = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def font_bitmaps() -> dict[str, tuple[str, ...]]:
    """Each digit as rows of `█` and spaces, all the same width, blank rows trimmed."""
    return DIGITS


@cache
def glyph(digit: str, height: int, ink: str = INK) -> tuple[str, ...]:
    """The rows of one digit drawn `height` rows tall (one of HEIGHTS), gap included."""
    bitmap = font_bitmaps()[digit]
    rows: list[str]
    if height == HEIGHTS[0]:
        padded = [*bitmap, " " * len(bitmap[0])] if len(bitmap) % 2 else list(bitmap)
        rows = [
            "".join(_HALF[(a != " ", b != " ")] for a, b in zip(top, bottom, strict=True))
            for top, bottom in zip(padded[::2], padded[1::2], strict=True)
        ]
        rows = [row + " " * GAP for row in rows]
    else:
        scale = max(1, height // len(bitmap))
        rows = [
            "".join(cell * scale for cell in row) + " " * (GAP * scale)
            for row in bitmap
            for _ in range(scale)
        ]
    if ink != INK:
        rows = [row.replace(INK, ink) for row in rows]
    return tuple(rows)


def glyph_width(height: int) -> int:
    """Columns one digit takes at `height`, its gap included."""
    return len(glyph("0", height)[0])


def countdown_height(width: int, height: int) -> int:
    """The tallest countdown that leaves room for the rest of the live screen.

    PRODUCT.md section 3 asks for at least 3 rows at 40x15, 5 at 80x24 and 9
    at 160x50; a phone's 40x15 has room for 5 once the spacing is dropped.
    """
    if height >= 40 and width >= 100:
        return 10
    if height >= 15 and width >= 30:
        return 5
    return 3


def fitting_height(rows: int, columns: int | None, digits: int) -> int:
    """The tallest of HEIGHTS up to `rows` whose `digits` digits fit in `columns`."""
    fits = [h for h in HEIGHTS if h <= rows]
    if columns is not None:
        fits = [h for h in fits if digits * glyph_width(h) <= columns] or fits[:1]
    return max(fits, default=HEIGHTS[0])


def big_text(value: str, height: int, ink: str = INK) -> list[str]:
    """`value` (digits) drawn as rows of text; for tests and tools without a screen."""
    rows = [""] * height
    for digit in value:
        for i, row in enumerate(glyph(digit, height, ink)):
            rows[i] += row
    return [row.rstrip() for row in rows]


class BigDigit(Widget):
    """One digit position of the countdown; repaints only when its digit or look changes."""

    DEFAULT_CSS = """
    BigDigit {
        width: auto;
        height: auto;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.digit = "0"
        self.rows = 5
        self.ink = INK

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """As wide as a digit at the current height."""
        return glyph_width(self.rows)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As tall as the current height."""
        return self.rows

    def show(self, digit: str, rows: int, ink: str) -> None:
        """Draw `digit` at `rows` tall with strokes of `ink`."""
        if (digit, rows, ink) == (self.digit, self.rows, self.ink):
            return
        resized = rows != self.rows
        self.digit, self.rows, self.ink = digit, rows, ink
        self.refresh(layout=resized)

    def render_line(self, y: int) -> Strip:
        """One row of the digit, in the widget's style."""
        rows = glyph(self.digit, self.rows, self.ink)
        if y >= len(rows):
            return Strip.blank(self.size.width, self.rich_style)
        return Strip([Segment(rows[y], self.rich_style)], len(rows[y])).crop(0, self.size.width)


class BigCountdown(Widget):
    """Whole seconds in big digits; `update("15")`, `set_room(rows, columns)`, `set_ink(char)`.

    The digits are drawn as tall as the room allows and as wide as it has:
    a long number (a rest of 1000 seconds) on a narrow screen is drawn smaller
    rather than cut off.
    """

    DEFAULT_CSS = """
    BigCountdown {
        layout: horizontal;
        width: auto;
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.value = ""
        self.rows = 5  # as drawn now
        self.ink = INK
        self._room: tuple[int, int | None] = (5, None)  # most rows, most columns
        self._places: list[BigDigit] = []

    def compose(self) -> ComposeResult:
        """A place for each digit a phase can need."""
        for _ in range(MAX_DIGITS):
            yield BigDigit()

    def on_mount(self) -> None:
        """Draw whatever was set before mounting."""
        self._places = list(self.query_children(BigDigit))
        self._draw()

    def update(self, value: str) -> None:
        """Show `value`, a whole number of seconds."""
        value = value[-MAX_DIGITS:]
        if value != self.value:
            self.value = value
            self._fit()
            self._draw()

    def set_room(self, rows: int, columns: int | None = None) -> None:
        """Draw the digits at most `rows` tall and `columns` wide (as tall as fits)."""
        if (rows, columns) != self._room:
            self._room = (rows, columns)
            self._fit()
            self._draw()

    def _fit(self) -> None:
        rows, columns = self._room
        self.rows = fitting_height(rows, columns, max(1, len(self.value)))

    def set_ink(self, ink: str) -> None:
        """Draw the strokes with `ink` (a block or shade character)."""
        if ink != self.ink:
            self.ink = ink
            self._draw()

    def _draw(self) -> None:
        for index, place in enumerate(self._places):
            shown = index < len(self.value)
            if place.display != shown:
                place.display = shown
            if shown:
                place.show(self.value[index], self.rows, self.ink)
