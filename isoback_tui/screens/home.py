"""Home: choose a routine, read how it goes, change this session's numbers, start."""

from __future__ import annotations

import math

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from isoback_tui.core.formatting import format_params, format_seconds
from isoback_tui.core.plan import SessionSettings, build_plan, session_params
from isoback_tui.core.routine import Routine
from isoback_tui.screens.messages import HistoryRequested, StartRequested
from isoback_tui.screens.settings import SettingsScreen
from isoback_tui.widgets.key_bar import KeyBar
from isoback_tui.widgets.text import clean, literal

NARROW_BELOW = 70


def settings_line(routine: Routine, settings: SessionSettings) -> Content:
    """One line saying what this session will be, and whether it was changed."""
    params = session_params(routine, settings)
    changed = params != session_params(routine, SessionSettings())
    text = (
        f"This session: {format_params(params)}"
    )
    return Content.assemble(
        (text, "bold"), (" (changed; c to edit)" if changed else " (c to change)", "italic")
    )


def routine_details(routine: Routine, settings: SessionSettings) -> Content:
    """The details pane: level, targets, position, exercises with cues, duration."""
    plan = build_plan(routine, settings)
    parts: list[str | Content | tuple[str, str]] = [(clean(routine.name), "bold"), "\n"]
    if routine.description:
        parts += [literal(routine.description, single_line=False), "\n"]
    facts = []
    if routine.level:
        facts.append(f"Level: {routine.level}")
    if routine.targets:
        facts.append("For: " + ", ".join(routine.targets))
    facts.append(f"about {math.ceil(plan.duration_s / 60)} min with rests")
    parts += ["\n", literal(" · ".join(facts)), "\n"]
    if routine.position:
        parts += ["\n", ("Getting into position", "bold underline"), "\n"]
        for step in routine.position:
            parts += [literal(f"- {step}"), "\n"]
    parts += ["\n", ("Exercises", "bold underline"), "\n"]
    for number, exercise in enumerate(plan.exercises, start=1):
        numbers = (
            f"   {exercise.sets} x {exercise.reps} reps, hold {format_seconds(exercise.hold_s)}, "
            f"relax {format_seconds(exercise.relax_s)}"
        )
        parts += [
            (f"{number}. ", "bold"),
            (clean(exercise.name), "bold"),
            "\n   ",
            literal(exercise.cue),
            "\n",
            numbers,
            "\n",
        ]
    return Content.assemble(*parts)


class HomeScreen(Screen[None]):
    """The routine picker with a details pane."""

    BINDINGS = [
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
        Binding("enter", "start", "Start", priority=True),
        Binding("c", "change_settings", "Change numbers"),
        Binding("h", "history", "History"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        routines: list[Routine],
        problems: list[str],
        countdown_s: float,
    ) -> None:
        super().__init__()
        self.routines = routines
        self.problems = problems
        self._countdown_s = countdown_s
        self._settings: dict[str, SessionSettings] = {}
        self._shown: tuple[str, SessionSettings] | None = None  # what the pane shows now

    def compose(self) -> ComposeResult:
        """List on the left (or on top when narrow), details beside it."""
        with Horizontal(id="home-body"):
            yield OptionList(
                *(Option(literal(r.name), id=r.id) for r in self.routines),
                id="routine-list",
            )
            with VerticalScroll(id="routine-details-scroll"):
                yield Static(id="routine-settings")
                yield Static(id="routine-details")
        if self.problems:
            yield Static(
                literal("Skipped: " + " ".join(self.problems), single_line=False),
                id="home-problems",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        """Show the first routine."""
        routine_list = self.query_one(OptionList)
        if self.routines:
            routine_list.highlighted = 0
        routine_list.focus()
        self._show_details()

    def on_resize(self) -> None:
        """Stack the list over the details on a narrow terminal."""
        self.set_class(self.size.width < NARROW_BELOW, "-narrow")

    @property
    def selected(self) -> Routine | None:
        """The highlighted routine."""
        index = self.query_one(OptionList).highlighted
        return self.routines[index] if index is not None and self.routines else None

    def settings_for(self, routine: Routine) -> SessionSettings:
        """This session's settings for `routine` (the routine's own unless changed)."""
        return self._settings.get(routine.id, SessionSettings(countdown_s=self._countdown_s))

    @on(OptionList.OptionHighlighted)
    def _show_details(self) -> None:
        routine = self.selected
        settings_widget = self.query_one("#routine-settings", Static)
        details = self.query_one("#routine-details", Static)
        if routine is None:
            settings_widget.update("")
            details.update(Content("No routines could be loaded."))
            return
        settings = self.settings_for(routine)
        if self._shown == (routine.id, settings):
            return
        self._shown = (routine.id, settings)
        settings_widget.update(settings_line(routine, settings))
        details.update(routine_details(routine, settings))

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_start()

    def action_cursor(self, step: int) -> None:
        """Move the highlight (j/k)."""
        routine_list = self.query_one(OptionList)
        if step > 0:
            routine_list.action_cursor_down()
        else:
            routine_list.action_cursor_up()

    def action_start(self) -> None:
        """Start the highlighted routine."""
        routine = self.selected
        if routine is not None:
            self.post_message(StartRequested(routine, self.settings_for(routine)))

    def action_history(self) -> None:
        """Open the history."""
        self.post_message(HistoryRequested())

    def action_change_settings(self) -> None:
        """Edit this session's numbers in a small form."""
        routine = self.selected
        if routine is None:
            return
        current = session_params(routine, self.settings_for(routine))
        defaults = session_params(routine, SessionSettings())

        def changed(settings: SessionSettings | None) -> None:
            if settings is not None:
                self._settings[routine.id] = settings
                self._show_details()

        self.app.push_screen(SettingsScreen(current, defaults, self._countdown_s), changed)
