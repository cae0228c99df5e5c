"""The sanitiser's small helpers: terminal cells, shortening, sentences, spreadsheet cells.

The hostile-input cases (escape sequences, bidi overrides, surrogates) are in
tests/test_hostile_output.py; these pin down how text is measured and cut.
"""

from __future__ import annotations

import pytest

from isoback_tui.core.text import cells, sentence, shorten, spreadsheet_cell


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("Knees-in", 8),
        ("café", 4),  # a letter with an accent is one cell
        ("cafe\u0301 au lait", 12),  # so is a letter and a combining accent after it
        ("e\u0301\u0301x", 2),  # however many marks follow
        ("膝を内側へ", 10),  # wide characters take two cells
        ("Ｋnees", 6),  # a full-width letter too
        ("", 0),
    ],
)
def test_cells_count_what_a_terminal_draws(text: str, width: int) -> None:
    assert cells(text) == width


def test_shorten_counts_cells_not_characters() -> None:
    assert shorten("Ünterschenkel drücken", 10) == "Üntersche\u2026"  # 9 letters and the dots
    assert shorten("Ünterschenkel", 13) == "Ünterschenkel"
    assert shorten("膝を内側へ押す", 7) == "膝を内\u2026"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("the file is locked", "The file is locked."),
        ("  saved  ", "Saved."),
        ("Saved.", "Saved."),
        ("Really?", "Really?"),
        ("Done!", "Done!"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_a_sentence_gets_one_capital_and_one_full_stop(text: str, shown: str) -> None:
    assert sentence(text) == shown


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("X-ray of the lower back", "X-ray of the lower back"),  # a letter first: harmless
        ("  =1+1", "'  =1+1"),
        ("-3", "'-3"),
        ("line one\nline two", "line one\nline two"),  # line breaks are kept in a cell
    ],
)
def test_a_spreadsheet_cell_is_never_a_formula(text: str, cell: str) -> None:
    assert spreadsheet_cell(text) == cell
