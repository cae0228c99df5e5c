"""Everything kept about one past session: each exercise and set, pauses, note, settings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from isoback_tui.core.formatting import (
    format_duration,
    format_pain,
    format_params,
    format_started,
    format_status,
)
from isoback_tui.core.record import ExerciseRecord, SessionRecord
from isoback_tui.widgets.text import literal

LABEL_WIDTH = 14


def _fact(label: str, value: str | Content) -> Content:
    return Content.assemble((label.ljust(LABEL_WIDTH), "bold"), value, "\n")


def _exercise_lines(exercise: ExerciseRecord) -> Content:
    parts: list[str | Content | tuple[str, str]] = [literal(exercise.name).stylize("bold"), "\n"]
    if not exercise.sets:
        parts.append("  no set started\n")
    for number, one_set in enumerate(exercise.sets, start=1):
        parts.append(f"  Set {number}: {one_set.reps_done} done, {one_set.reps_skipped} skipped\n")
    return Content.assemble(*parts)


def details_text(record: SessionRecord) -> Content:
    """The whole record as lines of text; names and the note shown literally."""
    reps = f"{record.reps_done} done, {record.reps_skipped} skipped, {record.reps_planned} planned"
    parts: list[str | Content | tuple[str, str]] = [
        (format_started(record.started_at), "bold"),
        "  ",
        literal(record.routine_name).stylize("italic"),
        "\n\n",
        _fact("Status", format_status(record.status)),
        _fact("Reps", reps),
        _fact("Under tension", format_duration(record.hold_s_total)),
        _fact("Duration", format_duration(record.duration_s)),
        _fact("Paused", format_duration(record.paused_s)),
        _fact("Pain", format_pain(record.pain_before, record.pain_after)),
        _fact("Settings", format_params(record.params)),
        "\n",
    ]
    if not record.exercises:
        parts.append("No exercise was started.\n")
    parts.extend(_exercise_lines(exercise) for exercise in record.exercises)
    parts.append("\n")
    parts.append(("Note", "bold"))
    parts.append("\n")
    parts.append(literal(record.note, single_line=False) if record.note.strip() else "(none)")
    return Content.assemble(*parts)


class SessionDetailsScreen(Screen[None]):
    """One session in full; `escape` or `q` goes back to the history."""

    BINDINGS = [Binding("escape,q", "back", "Back")]

    def __init__(self, record: SessionRecord) -> None:
        super().__init__()
        self.record = record

    def compose(self) -> ComposeResult:
        """The record's text in a box that scrolls with the arrow keys."""
        with VerticalScroll(id="details-box", can_focus=True):
            yield Static(details_text(self.record), id="details-text")
        yield Footer()

    def action_back(self) -> None:
        """Back to the history table."""
        self.dismiss(None)
