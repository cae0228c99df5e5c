"""The ten digits of FIGlet's "ANSI Regular" font, as pyfiglet draws them.

They are kept here as text so that the live screen's first frame need not
import pyfiglet and parse its font file (about 10 ms, PRODUCT.md 6). Each
digit is rows of `█` and spaces, all the same width, blank rows trimmed, a
narrow digit centred in its place. `tests/ui/test_big_countdown.py` draws them
again with pyfiglet and fails if they differ; `python -m
isoback_tui.widgets.font_digits` prints them afresh (pyfiglet is in the test
extras).
"""

from __future__ import annotations

from typing import Final

FONT: Final = "ansi_regular"

DIGITS: Final[dict[str, tuple[str, ...]]] = {
    "0": (
        " ██████ ",
        "██  ████",
        "██ ██ ██",
        "████  ██",
        " ██████ ",
    ),
    "1": (
        "   ██   ",
        "  ███   ",
        "   ██   ",
        "   ██   ",
        "   ██   ",
    ),
    "2": (
        "██████  ",
        "     ██ ",
        " █████  ",
        "██      ",
        "███████ ",
    ),
    "3": (
        "██████  ",
        "     ██ ",
        " █████  ",
        "     ██ ",
        "██████  ",
    ),
    "4": (
        "██   ██ ",
        "██   ██ ",
        "███████ ",
        "     ██ ",
        "     ██ ",
    ),
    "5": (
        "███████ ",
        "██      ",
        "███████ ",
        "     ██ ",
        "███████ ",
    ),
    "6": (
        " ██████ ",
        "██      ",
        "███████ ",
        "██    ██",
        " ██████ ",
    ),
    "7": (
        "███████ ",
        "     ██ ",
        "    ██  ",
        "   ██   ",
        "   ██   ",
    ),
    "8": (
        " █████  ",
        "██   ██ ",
        " █████  ",
        "██   ██ ",
        " █████  ",
    ),
    "9": (
        " █████  ",
        "██   ██ ",
        " ██████ ",
        "     ██ ",
        " █████  ",
    ),
}


def from_pyfiglet() -> dict[str, tuple[str, ...]]:
    """Draw the ten digits with pyfiglet, the way DIGITS holds them."""
    import pyfiglet

    figlet = pyfiglet.Figlet(font=FONT)
    shapes = {d: [row.rstrip() for row in figlet.renderText(d).split("\n")] for d in "0123456789"}
    height = max(max(i for i, row in enumerate(rows) if row) + 1 for rows in shapes.values())
    width = max(len(row) for rows in shapes.values() for row in rows)
    bitmaps: dict[str, tuple[str, ...]] = {}
    for digit, rows in shapes.items():
        rows = (rows + [""] * height)[:height]
        own = max(len(row) for row in rows)
        left = (width - own) // 2  # a narrow 1 sits in the middle of its place
        bitmaps[digit] = tuple((" " * left + row).ljust(width) for row in rows)
    return bitmaps


if __name__ == "__main__":
    for digit, rows in from_pyfiglet().items():
        print(f"    {digit!r}: {rows!r},")
