"""Home: choose a routine, read how it goes, change this session's numbers, start."""

from __future__ import annotations

import math
from typing import NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from isoback_tui.core.formatting import format_params, format_seconds
from isoback_tui.core.plan import SessionSettings, build_plan, session_params
from isoback_tui.core.routine import Routine
from isoback_tui.screens.messages import HistoryRequested, StartRequested, VoiceChosen
from isoback_tui.screens.settings import SettingsChoice, SettingsScreen
from isoback_tui.widgets.key_bar import KeyBar
from isoback_tui.widgets.text import clean, literal
from isoback_tui.widgets.too_small import TooSmall

NARROW_BELOW = 70
SCROLL_HINT = "tab, then up/down: scroll"
INDENT = 3  # a wrapped cue carries on under its first word, not under the number


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


class Block(NamedTuple):
    """A paragraph of the details pane: every line of `text` starts `indent` cells in,
    and `marker` ("- ", "2. "), if any, sits in that room on the first line only."""

    text: Content
    indent: int = 0
    marker: str = ""


def routine_details(routine: Routine, settings: SessionSettings) -> list[Block]:
    """The details pane: level, targets, position, exercises with cues, duration.

    Wrapped lines keep their indent (a hanging indent under the bullet or number).
    """
    plan = build_plan(routine, settings)
    head: list[str | Content | tuple[str, str]] = [(clean(routine.name), "bold")]
    if routine.description:
        head += ["\n", literal(routine.description, single_line=False)]
    facts = []
    if routine.level:
        facts.append(f"Level: {routine.level}")
    if routine.targets:
        facts.append("For: " + ", ".join(routine.targets))
    facts.append(f"about {math.ceil(plan.duration_s / 60)} min with rests")
    head += ["\n\n", literal(" · ".join(facts))]
    blocks = [Block(Content.assemble(*head))]
    if routine.position:
        blocks.append(Block(Content.assemble("\n", ("Getting into position", "bold underline"))))
        blocks += [Block(literal(step), 2, "- ") for step in routine.position]
    blocks.append(Block(Content.assemble("\n", ("Exercises", "bold underline"))))
    for number, exercise in enumerate(plan.exercises, start=1):
        numbers = (
            f"{exercise.sets} x {exercise.reps} reps, hold {format_seconds(exercise.hold_s)}, "
            f"relax {format_seconds(exercise.relax_s)}"
        )
        blocks += [
            Block(Content.styled(clean(exercise.name), "bold"), INDENT, f"{number}. "),
            Block(literal(exercise.cue), INDENT),
            Block(Content(numbers), INDENT),
        ]
    return blocks


class RoutineDetails(Widget):
    """The details of one routine, block by block, each wrapped under its own indent."""

    DEFAULT_CSS = """
    RoutineDetails {
        height: auto;
    }
    RoutineDetails Static, RoutineDetails Horizontal {
        height: auto;
    }
    RoutineDetails .marker {
        text-style: bold;
    }
    RoutineDetails .marked {
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._blocks: list[Block] = []

    def compose(self) -> ComposeResult:
        """A Static per block, its marker beside it in a column of the indent's width."""
        for block in self._blocks:
            if not block.marker:
                paragraph = Static(block.text)
                paragraph.styles.padding = (0, 0, 0, block.indent)
                yield paragraph
                continue
            with Horizontal():
                marker = Static(block.marker, classes="marker")
                marker.styles.width = block.indent
                yield marker
                yield Static(block.text, classes="marked")

    def show(self, blocks: list[Block]) -> None:
        """Show these blocks instead of the ones shown now."""
        self._blocks = blocks
        self.refresh(recompose=True)


class HomeScreen(Screen[None]):
    """The routine picker with a details pane."""

    BINDINGS = [
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
        Binding("enter", "start", "Start", priority=True),
        Binding("h", "history", "History"),
        Binding("q", "app.quit", "Quit"),
        Binding("c", "change_settings", "Change numbers"),
    ]
    KEY_ORDER = ("start", "history", "app.quit", "help")  # what a narrow footer keeps

    def __init__(
        self,
        routines: list[Routine],
        problems: list[str],
        countdown_s: float,
        *,
        voice: bool = False,
    ) -> None:
        super().__init__()
        self.routines = routines
        self.problems = problems
        self._countdown_s = countdown_s
        self.voice = voice  # spoken cues, as the settings form last left them
        self._settings: dict[str, SessionSettings] = {}
        self._shown: tuple[str, SessionSettings] | None = None  # what the pane shows now

    def compose(self) -> ComposeResult:
        """List on the left (or on top when narrow), details beside it."""
        with Horizontal(id="home-body"):
            yield OptionList(
                *(Option(literal(r.name), id=r.id) for r in self.routines),
                id="routine-list",
            )
            with VerticalScroll(id="routine-details-scroll") as scroll:
                scroll.border_subtitle = SCROLL_HINT
                yield Static(id="routine-settings")
                yield RoutineDetails(id="routine-details")
        if self.problems:
            yield Static(
                literal("Skipped: " + " ".join(self.problems), single_line=False),
                id="home-problems",
            )
        yield TooSmall()
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
        details = self.query_one(RoutineDetails)
        if routine is None:
            settings_widget.update("")
            details.show([Block(Content("No routines could be loaded."))])
            return
        settings = self.settings_for(routine)
        if self._shown == (routine.id, settings):
            return
        another_routine = self._shown is None or self._shown[0] != routine.id
        self._shown = (routine.id, settings)
        settings_widget.update(settings_line(routine, settings))
        details.show(routine_details(routine, settings))
        if another_routine:  # each routine is read from its top, "This session" first
            self.query_one("#routine-details-scroll", VerticalScroll).scroll_home(animate=False)

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

        def changed(choice: SettingsChoice | None) -> None:
            if choice is None:
                return
            self._settings[routine.id] = choice.settings
            if choice.voice != self.voice:
                self.voice = choice.voice
                self.post_message(VoiceChosen(choice.voice))
            self._show_details()

        self.app.push_screen(
            SettingsScreen(current, defaults, self._countdown_s, voice=self.voice), changed
        )
