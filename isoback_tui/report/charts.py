"""The HTML report's two charts as inline SVG: adherence per week, pain over time.

Each chart is told apart without colour too (prints well in black and white):
bars and a dashed target mark; pain before as a solid line with round
marks, pain after as a dashed line with square marks. Only numbers and
dates go into the SVG, and they are escaped all the same.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from html import escape
from typing import Final

from isoback_tui.core.report import PainPoint, WeekFigures
from isoback_tui.report import figures

WIDTH: Final = 640
HEIGHT: Final = 240
LEFT: Final = 36
RIGHT: Final = 12
TOP: Final = 16
BOTTOM: Final = 40


def _svg(label: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(label)}" class="chart">'
        f"<title>{escape(label)}</title>" + "".join(body) + "</svg>"
    )


def _y_axis(top_value: float, ticks: Sequence[float], unit: str = "") -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = []
    for tick in ticks:
        y = TOP + plot_h * (1 - tick / top_value)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">'
            f"{escape(f'{tick:g}{unit}')}</text>"
        )
    return parts


def _nice_scale(largest: float) -> tuple[float, list[float]]:
    """A top at or above `largest` that is a whole number of even steps, and its ticks."""
    step = max(1, round(largest / 4))
    top = max(step, math.ceil(largest / step) * step)
    return float(top), [float(v) for v in range(0, top + 1, step)]


def adherence_chart(weeks: Sequence[WeekFigures]) -> str:
    """Sessions per week as bars, each week's target as a dashed mark across its bar."""
    label = "Sessions per week against the target"
    if not weeks:
        return _svg(label, [])
    top, ticks = _nice_scale(max(max(w.sessions for w in weeks), max(w.target for w in weeks)))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / len(weeks)
    bar = max(2.0, slot * 0.6)
    body = _y_axis(top, ticks)
    label_every = max(1, round(len(weeks) / 8))
    for i, week in enumerate(weeks):
        x = LEFT + slot * i + (slot - bar) / 2
        h = plot_h * week.sessions / top
        y = TOP + plot_h - h
        ty = TOP + plot_h * (1 - week.target / top)
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" class="bar">'
            f"<title>{escape(figures.week_label(week))}: {week.sessions} of "
            f"{escape(figures.target_number(week.target))}</title></rect>"
            f'<line x1="{x - 2:.1f}" y1="{ty:.1f}" x2="{x + bar + 2:.1f}" y2="{ty:.1f}" '
            'class="target"/>'
        )
        if bar >= 14:
            body.append(
                f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" '
                f'class="value">{week.sessions}</text>'
            )
        if i % label_every == 0:
            body.append(
                f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                f'class="tick">{escape(f"{week.start:%m-%d}")}</text>'
            )
    body.append(
        f'<text x="{LEFT}" y="{HEIGHT - 6}" class="legend">bars: sessions done; '
        "dashed marks: target (week starting)</text>"
    )
    return _svg(label, body)


def pain_chart(points: Sequence[PainPoint], start: date, end: date) -> str:
    """Mean pain before (solid, round marks) and after (dashed, square marks) per day, 0-10."""
    label = "Pain before and after, 0 to 10, by day"
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    span = max(1, (end - start).days)
    body = _y_axis(10.0, [0.0, 2.0, 4.0, 6.0, 8.0, 10.0])

    def xy(day: date, value: float) -> tuple[float, float]:
        return LEFT + plot_w * (day - start).days / span, TOP + plot_h * (1 - value / 10)

    for attr, line_class, mark in (("before", "before", "circle"), ("after", "after", "square")):
        pts = [xy(p.day, v) for p in points if (v := getattr(p, attr)) is not None]
        if len(pts) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            body.append(f'<polyline points="{path}" class="{line_class}"/>')
        for x, y in pts:
            if mark == "circle":
                body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" class="mark-before"/>')
            else:
                body.append(
                    f'<rect x="{x - 2.5:.1f}" y="{y - 2.5:.1f}" width="5" height="5" '
                    'class="mark-after"/>'
                )
    for day in (start, end):
        x, _ = xy(day, 0)
        anchor = "start" if day == start else "end"
        body.append(
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="{anchor}" class="tick">'
            f"{escape(figures.day(day))}</text>"
        )
    body.append(
        f'<text x="{LEFT}" y="{HEIGHT - 6}" class="legend">solid, round marks: before; '
        "dashed, square marks: after</text>"
    )
    return _svg(label, body)
