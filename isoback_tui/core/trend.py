"""The history chart's data: reps done per day and pain before/after, over recent weeks.

Pure: the caller passes the sessions and "today". `bars` turns one series
into a row of block characters on a fixed scale, squeezing several days into
one column (their mean) when the row is narrower than the days. A day with
nothing to show (no session, no rating) is a dot, so a missed day and a low
day never look alike, with or without colour.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from isoback_tui.core.record import SessionRecord
from isoback_tui.core.stats import session_day

CHART_DAYS: Final = 56
"""Eight weeks."""
LEVELS: Final = "▁▂▃▄▅▆▇█"
NOTHING: Final = "·"
PAIN_TOP: Final = 10


@dataclass(frozen=True)
class DailyTrend:
    """One value per day, oldest first, for the `days` days ending `end`."""

    end: date
    reps: tuple[int, ...]
    """Reps done that day, across its sessions."""
    pain_before: tuple[float | None, ...]
    """Mean pain before that day's sessions, None when none was rated."""
    pain_after: tuple[float | None, ...]
    """Mean pain after that day's sessions, None when none was rated."""

    @property
    def start(self) -> date:
        """The first day of the chart."""
        return self.end - timedelta(days=len(self.reps) - 1)

    @property
    def most_reps(self) -> int:
        """The most reps done in one day: the top of the reps row."""
        return max(self.reps, default=0)

    @property
    def has_pain(self) -> bool:
        """Whether any pain was rated in these days."""
        return any(v is not None for v in (*self.pain_before, *self.pain_after))


def daily_trend(
    records: Iterable[SessionRecord], today: date, days: int = CHART_DAYS
) -> DailyTrend:
    """Reps and mean pain ratings per day for the `days` days ending `today`."""
    first = today - timedelta(days=days - 1)
    reps = [0] * days
    befores: list[list[int]] = [[] for _ in range(days)]
    afters: list[list[int]] = [[] for _ in range(days)]
    for record in records:
        day = session_day(record)
        if not first <= day <= today:
            continue
        index = (day - first).days
        reps[index] += record.reps_done
        if record.pain_before is not None:
            befores[index].append(record.pain_before)
        if record.pain_after is not None:
            afters[index].append(record.pain_after)
    return DailyTrend(
        end=today,
        reps=tuple(reps),
        pain_before=tuple(_mean(v) for v in befores),
        pain_after=tuple(_mean(v) for v in afters),
    )


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def columns(values: Sequence[float | None], width: int) -> list[float | None]:
    """`values` squeezed into at most `width` columns, each the mean of its known values.

    With room to spare, one value a column. Columns take whole, consecutive
    runs of values and the newest value always ends the last column.
    """
    if width <= 0:
        return []
    count = len(values)
    if count <= width:
        return list(values)
    squeezed: list[float | None] = []
    for column in range(width):
        start, stop = count * column // width, count * (column + 1) // width
        known = [v for v in values[start:stop] if v is not None]
        squeezed.append(sum(known) / len(known) if known else None)
    return squeezed


def bars(
    values: Sequence[float | None], top: float, width: int, *, zero_is_nothing: bool = False
) -> str:
    """One row of blocks on a 0..`top` scale, at most `width` wide; a dot where there is nothing.

    The lowest block is 0 (or, with `zero_is_nothing`, anything above 0,
    zero being shown as a dot like a missing value: a day without reps).
    """
    row = []
    steps = len(LEVELS) - 1
    for value in columns(values, width):
        if value is None or (zero_is_nothing and value <= 0):
            row.append(NOTHING)
            continue
        share = min(max(value / top, 0.0), 1.0) if top > 0 else 0.0
        row.append(LEVELS[round(share * steps)])
    return "".join(row)
