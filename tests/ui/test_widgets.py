"""Small pieces of the UI: literal text and the phase bar's drawing."""

from __future__ import annotations

from isoback_tui.widgets.phase_bar import bar_cells
from isoback_tui.widgets.text import clean, literal


def test_markup_is_kept_as_typed() -> None:
    for text in ("[bold]x[/]", "Wall sit [/]", "[@click=app.quit]x", "Plank [hard]"):
        assert literal(text).plain == text


def test_control_characters_become_visible() -> None:
    assert clean("a\x1b[31mb") == "a\u241b[31mb"
    assert clean("tab\there") == "tab here"
    assert clean("two\nlines") == "two lines"
    assert clean("two\r\nlines", single_line=False) == "two\nlines"
    assert clean("bell\x07 del\x7f c1\x9b") == "bell\u2407 del\u2421 c1\ufffd"


def test_bar_cells_fill_in_eighths() -> None:
    assert bar_cells(0, 4) == ("", "────")
    assert bar_cells(3, 4) == ("▍", "───")
    assert bar_cells(8, 4) == ("█", "───")
    assert bar_cells(13, 4) == ("█▋", "──")
    assert bar_cells(32, 4) == ("████", "")
    assert bar_cells(99, 4) == ("████", "")


def test_bidi_controls_cannot_reorder_the_line() -> None:
    assert clean("abc\u202edcba\u2066x") == "abc\ufffddcba\ufffdx"
