"""The report as markdown: headline figures, then tables of weeks and exercises, then notes.

Text from people (notes, routine and exercise names) can't add markup: control
characters are written as escapes and markdown's special characters are
backslash-escaped, so a note reads as typed wherever the markdown is shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final, TextIO

from isoback_tui.core.formatting import format_duration
from isoback_tui.core.report import Report
from isoback_tui.core.text import clean as literal
from isoback_tui.report import figures

_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>|~&#])")
_LINE_BREAKS: Final = re.compile(r"\r\n|\r|\n")


def text(value: str) -> str:
    """Text from a person or a file, safe inside a markdown paragraph or table cell."""
    one_line = _LINE_BREAKS.sub(" ", value)
    return _SPECIAL.sub(r"\\\1", literal(one_line))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int]) -> str:
    aligns = ["---:" if i in right else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(aligns) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def render(report: Report) -> str:
    """The whole report as one markdown document."""
    parts = [f"# isoback report: {figures.period(report)}", ""]
    parts += [f"- **{label}**: {value}" for label, value in figures.summary_lines(report)]
    parts += ["", "## Weeks", ""]
    week_rows = [
        [
            figures.week_label(week),
            str(week.sessions),
            figures.target_number(week.target),
            figures.pct(week.adherence_pct),
            figures.pct(week.completion_pct),
            figures.pain_pair(week.pain_before_mean, week.pain_after_mean),
            format_duration(week.hold_s),
        ]
        for week in report.weeks
    ]
    header = [
        "Week",
        "Sessions",
        "Target",
        "Adherence",
        "Completion",
        "Pain before -> after",
        "Under tension",
    ]
    parts.append(_table(header, week_rows, right=(1, 2, 3, 4, 6)))
    parts += ["", "## Exercises", ""]
    if report.exercises:
        exercise_rows = [
            [
                text(ex.name),
                f"{ex.reps_done:,}",
                f"{ex.reps_skipped:,}",
                "-" if ex.reps_planned is None else f"{ex.reps_planned:,}",
                figures.pct(ex.completion_pct),
            ]
            for ex in report.exercises
        ]
        header = ["Exercise", "Done", "Skipped", "Planned", "Completion"]
        parts.append(_table(header, exercise_rows, right=(1, 2, 3, 4)))
    else:
        parts.append("No sessions in this period.")
    if report.sides:
        parts += ["", "Right against left:", ""]
        parts += [
            f"- {text(figures.side_name(pair))}: {figures.side_line(pair)}" for pair in report.sides
        ]
    parts += ["", "## Notes", ""]
    if report.notes:
        parts += [
            f"- {figures.day(note.day)} ({text(note.routine_name)}): {text(note.text)}"
            for note in report.notes
        ]
    else:
        parts.append("No notes in this period.")
    return "\n".join(parts) + "\n"


def write(report: Report, out: TextIO) -> None:
    """Write the markdown report to `out`."""
    out.write(render(report))
