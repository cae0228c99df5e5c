"""Everything kept about one past session: each exercise and set, pauses, note, settings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
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
from isoback_tui.paths import stylesheet
from isoback_tui.widgets.text import literal


def title_text(record: SessionRecord) -> Content:
    """When and which routine: `2026-11-23 07:30  Low-back isometrics`."""
    return Content.assemble(
        (format_started(record.started_at), "bold"),
        "  ",
        literal(record.routine_name).stylize("italic"),
    )


def detail_facts(record: SessionRecord) -> list[tuple[str, Content]]:
    """The session's numbers as (label, value) pairs; the note is shown literally."""
    note = literal(record.note, single_line=False) if record.note.strip() else Content("(none)")
    return [
        ("Status", Content(format_status(record.status))),
        (
            "Reps",
            Content(
                f"{record.reps_done} done, {record.reps_skipped} skipped of {record.reps_planned}"
            ),
        ),
        ("Under tension", Content(format_duration(record.hold_s_total))),
        ("Duration", Content(format_duration(record.duration_s))),
        ("Paused", Content(format_duration(record.paused_s))),
        ("Pain", Content(format_pain(record.pain_before, record.pain_after))),
        ("Settings", Content(format_params(record.params, "\n"))),
        ("Note", note),
    ]


def _exercise_lines(exercise: ExerciseRecord) -> list[str | Content]:
    lines: list[str | Content] = [literal(exercise.name).stylize("bold"), "\n"]
    if not exercise.sets:
        lines.append("  no set started\n")
    for number, one_set in enumerate(exercise.sets, start=1):
        lines.append(f"  Set {number}: {one_set.reps_done} done, {one_set.reps_skipped} skipped\n")
    return lines


def exercises_text(record: SessionRecord) -> Content:
    """Each exercise that was started, with its sets: reps done and skipped."""
    if not record.exercises:
        return Content("No exercise was started.")
    parts = [part for exercise in record.exercises for part in _exercise_lines(exercise)]
    return Content.assemble(*parts).rstrip()


class SessionDetailsScreen(Screen[None]):
    """One session in full; `escape` or `q` goes back to the history."""

    BINDINGS = [Binding("escape,q", "back", "Back")]

    def __init__(self, record: SessionRecord) -> None:
        super().__init__()
        self.css_path = [stylesheet("history.tcss")]  # loaded when first shown
        self.record = record

    def compose(self) -> ComposeResult:
        """Title, the facts in two columns, then the exercises, all scrolling together."""
        with VerticalScroll(id="details-box", can_focus=True):
            yield Static(title_text(self.record), id="details-title")
            for label, value in detail_facts(self.record):
                with Horizontal(classes="details-fact"):
                    yield Static(label, classes="details-label", markup=False)
                    yield Static(value, classes="details-value")
            yield Static(exercises_text(self.record), id="details-exercises")
        yield Footer()

    def action_back(self) -> None:
        """Back to the history table."""
        self.dismiss(None)
