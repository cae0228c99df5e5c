"""The report as CSV, one figure a row: `section,item,measure,value`.

A long, tidy shape that a spreadsheet can filter and pivot: `summary` rows
for the headline figures, `week` rows keyed by the week's first day,
`exercise` rows keyed by the exercise's name, `note` rows keyed by date.
Every text cell that a spreadsheet would read as a formula (starting with
`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Final, TextIO

from isoback_tui.core.report import Report
from isoback_tui.core.text import spreadsheet_cell
from isoback_tui.report import figures

HEADER: Final = ("section", "item", "measure", "value")

Cell = str | int | float | None


def cell(value: Cell) -> str | int | float:
    """One cell: numbers as they are (rounded), text neutralised against formulas."""
    if value is None:
        return ""
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, int):
        return value
    return spreadsheet_cell(value)


def rows(report: Report) -> Iterator[tuple[str, str, str, Cell]]:
    """Every figure of the report as (section, item, measure, value)."""
    summary: list[tuple[str, Cell]] = [
        ("start", figures.day(report.start)),
        ("end", figures.day(report.end)),
        ("target_per_week", report.target_per_week),
        ("sessions", report.sessions),
        ("sessions_target", report.target_total),
        ("adherence_pct", report.adherence_pct),
        ("sessions_recorded", report.sessions_recorded),
        ("days_exercised", report.days_exercised),
        ("reps_done", report.reps_done),
        ("reps_skipped", report.reps_skipped),
        ("reps_planned", report.reps_planned),
        ("completion_pct", report.completion_pct),
        ("hold_s", report.hold_s),
        ("pain_before_mean", report.pain_before_mean),
        ("pain_after_mean", report.pain_after_mean),
        ("pain_change_mean", report.pain_change_mean),
        ("pain_before_trend_per_week", report.pain_before_trend),
        ("pain_after_trend_per_week", report.pain_after_trend),
        ("pain_rated_sessions", report.pain_rated),
        ("longest_streak_days", report.longest_streak),
        ("current_streak_days", report.current_streak),
    ]
    for measure, value in summary:
        yield "summary", "", measure, value
    for week in report.weeks:
        key = figures.day(week.start)
        yield "week", key, "end", figures.day(week.end)
        yield "week", key, "sessions", week.sessions
        yield "week", key, "target", week.target
        yield "week", key, "adherence_pct", week.adherence_pct
        yield "week", key, "reps_done", week.reps_done
        yield "week", key, "reps_planned", week.reps_planned
        yield "week", key, "completion_pct", week.completion_pct
        yield "week", key, "pain_before_mean", week.pain_before_mean
        yield "week", key, "pain_after_mean", week.pain_after_mean
        yield "week", key, "hold_s", week.hold_s
    for ex in report.exercises:
        yield "exercise", ex.name, "reps_done", ex.reps_done
        yield "exercise", ex.name, "reps_skipped", ex.reps_skipped
        yield "exercise", ex.name, "reps_planned", ex.reps_planned
        yield "exercise", ex.name, "completion_pct", ex.completion_pct
    for note in report.notes:
        yield "note", figures.day(note.day), note.routine_name, note.text


def write(report: Report, out: TextIO) -> None:
    """Write the CSV report to `out`, a header row first."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in rows(report):
        writer.writerow([cell(value) for value in row])
