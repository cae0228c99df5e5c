"""The countdown in big block digits: its sizes, its shapes, and how tall it is on screen."""

from __future__ import annotations

import pytest

from isoback_tui.core.clock import FakeClock
from isoback_tui.widgets.big_digits import (
    HEIGHTS,
    big_text,
    countdown_height,
    fitting_height,
    font_bitmaps,
    glyph,
)
from tests.core.helpers import make_routine
from tests.ui.harness import SessionHarness, shown


def test_the_kept_digits_are_the_ones_pyfiglet_draws() -> None:
    from isoback_tui.widgets.font_digits import DIGITS, from_pyfiglet

    assert from_pyfiglet() == DIGITS, "run: python -m isoback_tui.widgets.font_digits"


def test_the_font_is_solid_blocks_five_rows_tall() -> None:
    bitmaps = font_bitmaps()
    assert sorted(bitmaps) == list("0123456789")
    widths = {len(row) for rows in bitmaps.values() for row in rows}
    assert len(widths) == 1  # every digit takes the same room: nothing shifts as it counts
    for rows in bitmaps.values():
        assert len(rows) == 5
        assert set("".join(rows)) <= {" ", "█"}


@pytest.mark.parametrize("height", HEIGHTS)
def test_each_height_draws_that_many_rows(height: int) -> None:
    for digit in "0123456789":
        rows = glyph(digit, height)
        assert len(rows) == height
        assert len({len(row) for row in rows}) == 1


def test_a_digit_looks_like_itself() -> None:
    assert big_text("7", 5) == ["███████", "     ██", "    ██", "   ██", "   ██"]
    assert big_text("1", 3, ink="▒")[0].strip()  # shaded ink is used as given
    assert "█" not in "".join(big_text("1", 5, ink="▒"))


def test_the_size_follows_the_terminal() -> None:
    assert countdown_height(40, 15) >= 3
    assert countdown_height(80, 24) >= 5
    assert countdown_height(160, 50) >= 9
    assert countdown_height(20, 8) == 3


def test_a_long_number_on_a_narrow_screen_is_drawn_smaller_not_cut() -> None:
    assert fitting_height(5, 36, 2) == 5
    assert fitting_height(5, 35, 4) == 3  # "1000" where 4 x 9 columns do not fit
    assert fitting_height(10, 96, 4) == 10
    assert fitting_height(10, 60, 4) == 5
    assert fitting_height(3, 2, 4) == 3  # nothing fits: the smallest


@pytest.mark.parametrize(("size", "least"), [((40, 15), 3), ((80, 24), 5), ((160, 50), 9)])
async def test_on_screen_it_is_at_least_as_tall_as_promised(
    size: tuple[int, int], least: int
) -> None:
    app = SessionHarness(make_routine(exercises=1, reps=15, sets=3), FakeClock(), countdown_s=0)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        countdown = app.screen.query_one("#live-countdown")
        assert shown(app, "live-countdown") == "5"
        assert countdown.region.height >= least
        assert countdown.region.bottom <= app.screen.size.height
        for widget_id in ("live-phase", "live-counters"):  # still on screen with it
            region = app.screen.query_one(f"#{widget_id}").region
            assert region.height > 0 and region.bottom <= app.screen.size.height
