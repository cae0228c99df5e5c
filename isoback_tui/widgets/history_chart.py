"""The history's chart: reps a day and pain before/after over the last 8 weeks, in a few rows.

Drawn with block characters on fixed scales (`core.trend.bars`) rather than
Textual's Sparkline: Sparkline stretches each series between its own lowest
and highest value, so a pain row of 5, 5, 6 would look like nothing to
everything, and it has no way to show a day without a rating. A plotting
widget (textual-plotext) needs ten or more rows for its axes, more than a
40x15 screen can give. These rows cost a few microseconds a day to draw.
"""

from __future__ import annotations

from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from isoback_tui.core.trend import NOTHING, PAIN_TOP, DailyTrend, bars

WIDE_LABEL = 7
TITLE_FROM_WIDTH = 60
REPS = "$primary"
BEFORE = "$warning"
AFTER = "$success"


def styled_bars(row: str, style: str) -> Content:
    """A row from `bars`: blocks in the series' style, the dots for "nothing" dimmed."""
    parts: list[tuple[str, str]] = []
    for char in row:
        char_style = "dim" if char == NOTHING else style
        if parts and parts[-1][1] == char_style:
            parts[-1] = (parts[-1][0] + char, char_style)
        else:
            parts.append((char, char_style))
    return Content.assemble(*parts)


def chart_lines(trend: DailyTrend, width: int) -> list[Content]:
    """The chart's rows for a content `width`: a title when there is room, then the series."""
    days = len(trend.reps)
    room = max(1, width - WIDE_LABEL - 1)
    per_column = -(-days // room)  # days squeezed into each column
    bar_width = -(-days // per_column)
    lines: list[Content] = []
    if width >= TITLE_FROM_WIDTH:
        span = f"{trend.start:%b %d} to {trend.end:%b %d}"
        unit = "a column a day" if per_column == 1 else f"{per_column} days a column"
        lines.append(Content(f"Last {days // 7} weeks, {unit}: {span}").stylize("dim"))
    suffix_room = width - WIDE_LABEL - bar_width
    most = trend.most_reps
    reps_note = f" top {most}" if len(f" top {most}") <= suffix_room else ""
    lines.append(
        Content.assemble(
            ("reps".ljust(WIDE_LABEL), "bold"),
            styled_bars(bars(trend.reps, max(most, 1), bar_width, zero_is_nothing=True), REPS),
            (reps_note, "dim"),
        )
    )
    if not trend.has_pain:
        lines.append(Content.assemble(("pain".ljust(WIDE_LABEL), "bold"), ("no ratings", "dim")))
        return lines
    scale_note = " 0-10" if suffix_room >= 5 else ""
    for label, values, style in (
        ("before", trend.pain_before, BEFORE),
        ("after", trend.pain_after, AFTER),
    ):
        lines.append(
            Content.assemble(
                (label.ljust(WIDE_LABEL), "bold"),
                styled_bars(bars(values, PAIN_TOP, bar_width), style),
                (scale_note if label == "before" else "", "dim"),
            )
        )
    return lines


class HistoryChart(Static):
    """Reps a day and pain before/after for recent weeks; redrawn to fit its width."""

    DEFAULT_CSS = """
    HistoryChart {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (as Textual names it)
        super().__init__(id=id, markup=False)
        self.trend: DailyTrend | None = None
        self._drawn_for: tuple[DailyTrend, int] | None = None

    def show(self, trend: DailyTrend) -> None:
        """Show `trend`, drawn for the width the chart has now."""
        self.trend = trend
        self._draw()

    def on_resize(self, event: Resize) -> None:
        """Refit the rows to the new width."""
        self._draw()

    def _draw(self) -> None:
        if self.trend is None:
            return
        width = self.content_region.width or self.app.size.width - 2
        if self._drawn_for == (self.trend, width):
            return
        self._drawn_for = (self.trend, width)
        self.update(Content("\n").join(chart_lines(self.trend, width)))
