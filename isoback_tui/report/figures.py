"""How the report's numbers read, shared by every format so they never disagree."""

from __future__ import annotations

from datetime import date
from typing import Final

from isoback_tui.core.formatting import NO_VALUE, format_duration, plural
from isoback_tui.core.report import Report, SidePair, WeekFigures

STEADY_BELOW: Final = 0.05
"""A pain trend smaller than this, in points a week, reads as steady."""


def pct(value: float | None) -> str:
    """`71%`, or `-` when there is nothing to divide by."""
    return NO_VALUE if value is None else f"{value:.0f}%"


def mean(value: float | None) -> str:
    """A mean pain rating to one decimal, or `-`."""
    return NO_VALUE if value is None else f"{value:.1f}"


def signed(value: float | None) -> str:
    """A change with its sign: `-1.2`, `+0.5`, `0.0`, or `-` when unknown."""
    if value is None:
        return NO_VALUE
    return "0.0" if round(value, 1) == 0 else f"{value:+.1f}"


def trend(slope: float | None) -> str:
    """A pain trend in words: `falling 0.3 a week`, `steady`, or `not enough ratings`."""
    if slope is None:
        return "not enough ratings"
    if abs(slope) < STEADY_BELOW:
        return "steady"
    return f"{'falling' if slope < 0 else 'rising'} {abs(slope):.1f} a week"


def day(value: date) -> str:
    """A date as the report writes it: `2026-11-23`."""
    return value.isoformat()


def period(report: Report) -> str:
    """`2026-10-25 to 2026-11-23`."""
    return f"{day(report.start)} to {day(report.end)}"


def target_number(value: float) -> str:
    """A target of sessions: whole when whole (`7`), else one decimal (`2.0` stays `2`)."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def week_label(week: WeekFigures) -> str:
    """`2026-11-16 to 11-22`, or one date for a one-day week."""
    if week.start == week.end:
        return day(week.start)
    return f"{day(week.start)} to {week.end:%m-%d}"


def pain_pair(before: float | None, after: float | None) -> str:
    """`4.2 -> 3.1`, `-` when neither was rated."""
    if before is None and after is None:
        return NO_VALUE
    return f"{mean(before)} -> {mean(after)}"


def summary_lines(report: Report) -> list[tuple[str, str]]:
    """The headline figures as (label, sentence) pairs, in the order every format shows them."""
    skipped = f"; {report.reps_skipped:,} skipped" if report.reps_skipped else ""
    rated = plural(report.pain_rated, "session")
    return [
        (
            "Sessions",
            f"{report.sessions:,} of {target_number(report.target_total)} asked for "
            f"({pct(report.adherence_pct)}), on {plural(report.days_exercised, 'day')}; "
            f"target {report.target_per_week} a week",
        ),
        (
            "Completion",
            f"{pct(report.completion_pct)} of planned reps "
            f"({report.reps_done:,} of {report.reps_planned:,}{skipped})",
        ),
        (
            "Pain before -> after",
            f"{pain_pair(report.pain_before_mean, report.pain_after_mean)} on average; "
            f"change {signed(report.pain_change_mean)} over {rated} rated both times",
        ),
        (
            "Pain trend",
            f"before {trend(report.pain_before_trend)}; after {trend(report.pain_after_trend)}",
        ),
        (
            "Streaks",
            f"longest {plural(report.longest_streak, 'day')}, "
            f"current {plural(report.current_streak, 'day')}",
        ),
        ("Time under tension", format_duration(report.hold_s)),
    ]


def side_line(pair: SidePair) -> str:
    """`right 95% (428 of 450), left 90% (405 of 450)`."""

    def one(label: str, done: int, planned: int | None, share: float | None) -> str:
        of = f" of {planned:,}" if planned is not None else ""
        return f"{label} {pct(share)} ({done:,}{of})"

    right, left = pair.right, pair.left
    return (
        f"{one('right', right.reps_done, right.reps_planned, right.completion_pct)}, "
        f"{one('left', left.reps_done, left.reps_planned, left.completion_pct)}"
    )


def side_name(pair: SidePair) -> str:
    """The pair's common name: `push-pull` from `push-pull-right` and `push-pull-left`."""
    return pair.right.id.removesuffix("-right")
