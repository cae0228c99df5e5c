"""Home: choose a routine, read how it goes, change this session's numbers, start."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from isoback_tui.core.formatting import format_params, format_seconds
from isoback_tui.core.plan import (
    SessionSettings,
    build_plan,
    session_params,
    settings_from_params,
)
from isoback_tui.core.record import SessionParams, SessionRecord
from isoback_tui.core.routine import Routine
from isoback_tui.paths import stylesheet
from isoback_tui.screens.messages import HistoryRequested, StartRequested, VoiceChosen
from isoback_tui.widgets.key_bar import KeyBar
from isoback_tui.widgets.text import clean, literal
from isoback_tui.widgets.too_small import TooSmall

if TYPE_CHECKING:
    from isoback_tui.core.progression import Suggestion
    from isoback_tui.plans import Plans, PlanSource
    from isoback_tui.screens.settings import SettingsChoice

# Progression and the scope question load when first needed: home is drawn sooner.

NARROW_BELOW = 70
ACCEPT_KEY = "a"
SCROLL_HINT = "tab, then up/down: scroll"
INDENT = 3  # a wrapped cue carries on under its first word, not under the number


def settings_line(
    routine: Routine,
    settings: SessionSettings,
    plan: SessionParams | None = None,
    source: PlanSource | None = None,
) -> Content:
    """One line saying what this session will be: the plan, or changed for this session."""
    params = session_params(routine, settings)
    base = plan if plan is not None else session_params(routine, SessionSettings())
    if params != base:
        note = " (changed for this session; c to edit)"
    elif source is not None and source.remembered:
        note = " (your plan; c to change)"
    elif source is not None and source.from_history:
        note = " (as last time; c to change)"
    else:
        note = " (c to change)"
    return Content.assemble((f"This session: {format_params(params)}", "bold"), (note, "italic"))


def suggestion_line(suggestion: Suggestion | None) -> Content:
    """What to do next and why, with the key that accepts it; empty when there is nothing."""
    if suggestion is None:
        return Content("")
    if not suggestion.can_accept:
        return Content.assemble(("Next: ", "bold"), (clean(suggestion.text), "italic"))
    return Content.assemble(
        ("Next: ", "bold"),
        (clean(suggestion.text), "bold"),
        (f" ({ACCEPT_KEY} to accept)", "italic"),
    )


class Block(NamedTuple):
    """A paragraph of the details pane: every line of `text` starts `indent` cells in,
    and `marker` ("- ", "2. "), if any, sits in that room on the first line only."""

    text: Content
    indent: int = 0
    marker: str = ""


def routine_details(
    routine: Routine, settings: SessionSettings, building_up: str = ""
) -> list[Block]:
    """The details pane: level, targets, position, exercises with cues, duration, building up.

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
    if building_up:
        blocks.append(Block(Content.assemble("\n", ("Building up", "bold underline"))))
        blocks.append(Block(literal(building_up, single_line=False)))
    return blocks


class RoutineDetails(Widget):
    """The details of one routine, block by block, each wrapped under its own indent.

    One widget that wraps the blocks itself: a widget per paragraph made the
    home screen's first frame about 60% slower (a layout of some thirty widgets).
    """

    DEFAULT_CSS = """
    RoutineDetails {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._blocks: list[Block] = []
        self._wrapped: tuple[int, Content] | None = None  # (width, lines) last made

    def show(self, blocks: list[Block]) -> None:
        """Show these blocks instead of the ones shown now."""
        self._blocks = blocks
        self._wrapped = None
        self.refresh(layout=True)

    def lines(self, width: int) -> Content:
        """The blocks wrapped to `width` cells, markers in the indent of their first line."""
        if self._wrapped is not None and self._wrapped[0] == width:
            return self._wrapped[1]
        lines: list[Content] = []
        for block in self._blocks:
            room = max(1, width - block.indent)
            for index, line in enumerate(block.text.wrap(room)):
                lead = block.marker if index == 0 and block.marker else ""
                lead_content = Content.styled(lead, "bold") if lead else Content("")
                padding = Content(" " * max(0, block.indent - len(lead)))
                lines.append(Content.assemble(lead_content, padding, line))
        text = Content("\n").join(lines)
        self._wrapped = (width, text)
        return text

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many rows as the wrapped blocks take at `width`."""
        return len(self._blocks) and len(self.lines(width).split("\n", allow_blank=True))

    def render(self) -> Content:
        """The wrapped blocks."""
        return self.lines(self.content_region.width or self.size.width)


class HomeScreen(Screen[None]):
    """The routine picker with a details pane."""

    BINDINGS = [
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
        Binding("enter", "start", "Start", priority=True),
        # shown in the suggestion's own line, only while there is one to accept
        Binding(ACCEPT_KEY, "accept_suggestion", "Accept", show=False),
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
        plans: Plans | None = None,
        voice: bool = False,
    ) -> None:
        """`plans` (the app's) remembers plans and suggests; without it, routines' own numbers."""
        super().__init__()
        self.css_path = [stylesheet("home.tcss")]  # the app loads it at start, unless `start`
        self.routines = routines
        self.problems = problems
        self.plans = plans
        self._countdown_s = countdown_s
        self.voice = voice  # spoken cues, as the settings form last left them
        self._settings: dict[str, SessionSettings] = {}  # changed for this session only
        self._shown: tuple[object, ...] | None = None  # what the pane shows now
        self.suggestion: Suggestion | None = None

    def compose(self) -> ComposeResult:
        """List on the left (or on top when narrow), details beside it."""
        with Horizontal(id="home-body"):
            yield OptionList(
                *(Option(literal(r.name), id=r.id) for r in self.routines),
                id="routine-list",
            )
            with VerticalScroll(id="routine-details-scroll") as scroll:
                scroll.border_subtitle = SCROLL_HINT
                yield Static(id="routine-suggestion")
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

    def on_screen_resume(self) -> None:
        """Shown, or back after a session or the history: read the history if it changed.

        Not before the app's first frame is on the terminal (its
        `call_after_first_frame`): the reading thread would hold up that frame.
        """
        after_frame = getattr(self.app, "call_after_first_frame", self.call_after_refresh)
        after_frame(self._read_history)

    def _read_history(self) -> None:
        """Read the history off the UI thread for the plans and suggestions."""
        plans = self.plans
        if plans is None or not plans.needs_reading():
            return

        def read() -> None:
            records = plans.read_history()
            if records is not None:
                self.app.call_from_thread(self._history_read, records)

        self.run_worker(read, thread=True, group="plans", exclusive=True, exit_on_error=False)

    def _history_read(self, records: list[SessionRecord]) -> None:
        if self.plans is None:
            return
        self.plans.set_history(records)
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
        """This session's settings for `routine`: its plan, unless changed for this session."""
        changed = self._settings.get(routine.id)
        if changed is not None:
            return changed
        if self.plans is not None:
            given = SessionSettings(countdown_s=self._countdown_s)
            return self.plans.session_settings(routine, given)
        return SessionSettings(countdown_s=self._countdown_s)

    @on(OptionList.OptionHighlighted)
    def _show_details(self) -> None:
        routine = self.selected
        settings_widget = self.query_one("#routine-settings", Static)
        suggestion_widget = self.query_one("#routine-suggestion", Static)
        details = self.query_one(RoutineDetails)
        if routine is None:
            settings_widget.update("")
            details.show([Block(Content("No routines could be loaded."))])
            return
        settings = self.settings_for(routine)
        plans = self.plans
        plan = plans.plan_for(routine) if plans is not None else None
        source = plans.source(routine) if plans is not None else None
        suggestion = plans.suggestion_for(routine, self.routines) if plans is not None else None
        shown = (routine.id, settings, plan, source, suggestion)
        if self._shown == shown:
            return
        another_routine = self._shown is None or self._shown[0] != routine.id
        self._shown = shown
        self.suggestion = suggestion
        suggestion_widget.update(suggestion_line(suggestion))
        suggestion_widget.display = suggestion is not None
        settings_widget.update(settings_line(routine, settings, plan, source))
        building_up = ""
        if plans is not None and plans.history_read:  # after the first frame: start-up
            from isoback_tui.core.progression import explain

            building_up = explain(routine, next_routine=self._leads_to(routine))
        details.show(routine_details(routine, settings, building_up))
        if another_routine:  # each routine is read from its top, "This session" first
            self.query_one("#routine-details-scroll", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def _leads_to(self, routine: Routine) -> Routine | None:
        from isoback_tui.core.progression import RULE

        leads_to = RULE.ladder_for(routine).leads_to
        return next((r for r in self.routines if r.id == leads_to), None)

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`a` is offered only while a suggestion can be accepted."""
        if action == "accept_suggestion":
            return self.suggestion is not None and self.suggestion.can_accept
        return True

    def action_change_settings(self) -> None:
        """Edit the numbers in a small form, then ask: this session only, or from now on?"""
        routine = self.selected
        if routine is None:
            return
        current = session_params(routine, self.settings_for(routine))
        defaults = session_params(routine, SessionSettings())
        plans = self.plans

        def changed(choice: SettingsChoice | None) -> None:
            if choice is None:
                return
            if choice.voice != self.voice:
                self.voice = choice.voice
                self.post_message(VoiceChosen(choice.voice))
            settings = choice.settings
            chosen = session_params(routine, settings)
            if plans is None or chosen == plans.plan_for(routine):
                self._this_session(routine, settings if plans is None else None)
                return

            def scope(from_now_on: bool | None) -> None:
                if from_now_on:
                    self._remember(routine, chosen, fallback=settings)
                else:
                    self._this_session(routine, settings)

            from isoback_tui.screens.confirm import ConfirmScreen

            question = Content(
                f"Keep {format_params(chosen)} from now on, or for this session only?"
            )
            self.app.push_screen(
                ConfirmScreen(question, yes="From now on", no="This session only"), scope
            )

        from isoback_tui.screens.settings import SettingsScreen  # when first asked for

        self.app.push_screen(
            SettingsScreen(current, defaults, self._countdown_s, voice=self.voice), changed
        )

    def _this_session(self, routine: Routine, settings: SessionSettings | None) -> None:
        if settings is None:
            self._settings.pop(routine.id, None)
        else:
            self._settings[routine.id] = settings
        self._show_details()

    def _remember(
        self, routine: Routine, params: SessionParams, fallback: SessionSettings | None
    ) -> bool:
        """Make `params` the routine's plan; if it can't be kept, say so and use it this once."""
        if self.plans is None:
            return False
        problem = self.plans.remember(routine.id, params)
        if problem is not None:
            self.notify(
                clean(f"Not remembered, used for this session only: {problem}"),
                severity="warning",
                markup=False,
                timeout=10,
            )
            if fallback is not None:
                self._this_session(routine, fallback)
            return False
        from isoback_tui.core.progression import plan_words

        self._settings.pop(routine.id, None)
        self.notify(clean(f"From now on, {routine.name}: {plan_words(params)}."), markup=False)
        self._show_details()
        return True

    def action_accept_suggestion(self) -> None:
        """Take the suggested plan from now on (one key; ignoring it changes nothing)."""
        suggestion = self.suggestion
        if suggestion is None or suggestion.plan is None:
            return
        target = next((r for r in self.routines if r.id == suggestion.routine_id), None)
        if target is None:
            return
        fallback = settings_from_params(target, suggestion.plan, self._countdown_s)
        if self._remember(target, suggestion.plan, fallback) or target is not self.selected:
            self.query_one(OptionList).highlighted = self.routines.index(target)
