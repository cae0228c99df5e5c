"""The live session: phase, big countdown, a bar through the phase, counters.

The screen translates keys into engine calls and engine state into widgets;
it holds no rules of its own. It never counts ticks: a one-shot timer wakes
it at the next visible change (see core/repaint.py), the engine reads the
clock, and only the widgets whose text changed are updated. What is rung
and said at each change comes from core/cues.py; the screen only passes it on.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from isoback_tui.core.cues import Cue, bells_for, cue_for, get_ready_words, spoken_words
from isoback_tui.core.engine import EngineEvent, EngineState, EventKind, Phase, SessionEngine
from isoback_tui.core.record import STATUS_COMPLETED, SessionRecord
from isoback_tui.core.repaint import seconds_until_next_repaint, shown_seconds
from isoback_tui.core.text import cells
from isoback_tui.paths import stylesheet
from isoback_tui.screens.messages import MuteToggled
from isoback_tui.widgets.big_digits import BigCountdown, countdown_height
from isoback_tui.widgets.key_bar import KeyBar
from isoback_tui.widgets.phase_bar import PhaseBar
from isoback_tui.widgets.text import literal
from isoback_tui.widgets.too_small import TooSmall

# Bar repaints at most this often; the countdown and phase changes are always on time.
MIN_BAR_GAP_S = 0.5

PHASE_CLASSES = {phase: "-" + phase.name.lower().replace("_", "-") for phase in Phase}

# The countdown's strokes: besides its word and colour, a rest is shaded and a pause
# is light, so the phase can be told from the floor and without colour (NO_COLOR).
PHASE_INK = {Phase.REST: "▒", Phase.PAUSED: "░"}
SOLID_INK = "█"

SHORT_BELOW = 20
LIVE_MAX_WIDTH = 100  # the live column's max-width and padding, as in session.tcss
LIVE_PADDING = 4
TALL_FROM = 40
WIDE_FROM = 120

# LiveText field -> the widget showing it
LIVE_FIELDS = (
    ("exercise", "live-exercise"),
    ("cue", "live-cue"),
    ("phase", "live-phase"),
    ("countdown", "live-countdown"),
    ("counters", "live-counters"),
    ("overall", "live-overall"),
)
# text that comes from routine files: shown literally, control characters made visible
LITERAL_IDS = frozenset({"live-exercise", "live-cue"})


@dataclass(frozen=True)
class LiveText:
    """The words of the live screen at one moment; compared to skip unchanged updates."""

    exercise: str
    cue: str
    phase: str
    countdown: str
    counters: str
    overall: str


def describe(
    state: EngineState, next_exercise: str | None, muted: bool, voice: bool = False
) -> LiveText:
    """Turn engine state into the live screen's words."""
    if state.phase is Phase.DONE:
        cue = "Session finished."
    elif state.phase is Phase.PAUSED:
        cue = "Paused. Press space to carry on."
    elif state.step_phase is Phase.REST:
        where = f"set {state.set_index + 1}/{state.set_count}"
        cue = f"Rest. Next: {where} of {next_exercise or state.exercise.name}"
    elif state.step_phase is Phase.GET_READY:
        cue = "Get into position. Breathe."
    elif state.step_phase is Phase.RELAX:
        cue = "Let go and breathe."
    else:
        cue = state.exercise.cue
    counters = (
        f"rep {state.rep_index + 1}/{state.rep_count}  "
        f"set {state.set_index + 1}/{state.set_count}  "
        f"exercise {state.exercise_index + 1}/{state.exercise_count}"
    )
    minutes = math.ceil(state.time_left_s / 60)
    left = "under a minute left" if minutes <= 1 else f"about {minutes} min left"
    overall = f"{math.floor(state.overall_fraction * 100)}% done, {left}"
    if muted:
        overall += ", sound off" if voice else ", bell off"
    return LiveText(
        exercise=state.exercise.name,
        cue=cue,
        phase=state.phase.value,
        countdown=str(shown_seconds(state.seconds_left)),
        counters=counters,
        overall=overall,
    )


class SessionScreen(Screen[SessionRecord]):
    """The live session; dismisses with the saved record when the session ends."""

    _bar: PhaseBar  # set on mount
    _countdown: BigCountdown  # set on mount
    _coloured: list[Widget]  # the widgets that carry the phase colour

    # In this order in the footer: on a narrow screen the first ones stay in sight.
    BINDINGS = [
        Binding("space", "toggle_pause", "Pause"),
        Binding("q,escape", "end", "End"),
        Binding("n", "next", "Next"),
        Binding("s", "skip_set", "Skip set"),
        Binding("e", "skip_exercise", "Skip exercise"),
        Binding("m", "mute", "Mute"),
    ]
    KEY_ORDER = ("toggle_pause", "end", "help")  # then the rest, as above

    def __init__(
        self,
        engine: SessionEngine,
        save: Callable[[SessionRecord, bool], None],
        *,
        muted: bool = False,
        ring: Callable[[int], None] | None = None,
        speak: Callable[[str], None] | None = None,
        ended: Callable[[SessionRecord], None] | None = None,
    ) -> None:
        """`save(record, finished)` stores the record; `ring(n)` sounds n bells in a row;
        `speak(words)` says the words (spoken cues on) and must not block.

        The screen dismisses itself with the record when the session ends; as the
        app's first screen (nothing beneath it) it calls `ended(record)` instead.
        """
        super().__init__()
        self.css_path = [stylesheet("session.tcss")]  # loaded when first shown
        self.engine = engine
        self._save = save
        self.muted = muted
        self._ring = ring
        self._speak = speak
        self._ended = ended
        self._named_exercise: int | None = None  # the exercise the voice last named
        self._timer: Timer | None = None
        self._shown: LiveText | None = None
        self._phase_class = ""  # the phase colour on the coloured widgets
        self._start_events: list[EngineEvent] = []  # from the engine's start, told on mount
        self._finished = False
        self._widgets: dict[str, Static | BigCountdown] = {}

    def compose(self) -> ComposeResult:
        """The live screen's widgets, top to bottom in reading order.

        The engine starts here (unless resumed already started), so the first
        phase's colour and the terminal's size classes are in place before the
        first styling: changing them after mount would style the screen twice.
        """
        self._start_events = self.engine.start() if not self.engine.started else []
        phase = self._phase_class = PHASE_CLASSES[self.engine.state().phase]
        self._set_size_classes(self.app.size.width, self.app.size.height)
        with Vertical(id="live"):
            # Lines of words span the column, centred: they change a few times a
            # phase. The phase word, the countdown and the bar sit in centred rows
            # of their own, as wide as they are, so that a second's change repaints
            # only its own cells (Textual repaints a widget from its left edge).
            yield Static(id="live-exercise", classes="live-text", markup=False)
            yield Static(id="live-cue", classes="live-text", markup=False)
            for widget in (
                Static(id="live-phase", classes=phase, markup=False),
                BigCountdown(id="live-countdown", classes=f"live-line {phase}"),
                PhaseBar(id="live-bar", classes=phase),
            ):
                with Center(classes="live-row"):
                    yield widget
            yield Static(id="live-counters", classes="live-text", markup=False)
            yield Static(id="live-overall", classes="live-text", markup=False)
        yield TooSmall()
        yield KeyBar()

    def on_mount(self) -> None:
        """Draw the first frame; the engine's first events (bells, words) go out now."""
        self._widgets = {
            widget_id: self.query_one(f"#{widget_id}", Static | BigCountdown)
            for _field, widget_id in LIVE_FIELDS
        }
        self._bar = self.query_one(PhaseBar)
        self._countdown = self.query_one(BigCountdown)
        self._coloured = [self._widgets["live-phase"], self._countdown, self._bar]
        self._fit_to(self.app.size.width, self.app.size.height)
        events, self._start_events = self._start_events, []
        self._handle(events)
        self.refresh_live()
        # the first frame first: the running file's write (an fsync) can wait for it
        after_frame = getattr(self.app, "call_after_first_frame", self.call_after_refresh)
        after_frame(self._save_unless_finished)

    def on_resize(self) -> None:
        """Fit the layout and the countdown's size to the terminal."""
        self._fit_to(self.size.width, self.size.height)

    def _set_size_classes(self, width: int, height: int) -> None:
        """Drop the spacing on a short terminal; spread out on a big one."""
        self.set_class(height < SHORT_BELOW, "-short")
        self.set_class(height >= TALL_FROM and width >= WIDE_FROM, "-roomy")

    def _fit_to(self, width: int, height: int) -> None:
        """Fit the spacing and the countdown's size to a `width` x `height` terminal."""
        self._set_size_classes(width, height)
        columns = min(width, LIVE_MAX_WIDTH) - LIVE_PADDING  # see session.tcss, #live
        self.query_one(BigCountdown).set_room(countdown_height(width, height), columns)

    def on_unmount(self) -> None:
        """Leaving the screen for any reason: save where things stand."""
        self._cancel_timer()
        if not self._finished:
            self._save_now()

    # -- the heartbeat ---------------------------------------------------

    def tick(self) -> None:
        """Bring the engine up to now, react to what happened, repaint, re-arm the timer."""
        self._timer = None
        self._handle(self.engine.update())
        self.refresh_live()

    def refresh_live(self) -> None:
        """Update only the widgets whose text changed, then schedule the next wake-up."""
        if self._finished:
            return
        state = self.engine.state()
        text = describe(state, self._next_exercise_name(state), self.muted, self.voice)
        shown = self._shown
        self._set_phase_class(PHASE_CLASSES[state.phase])
        self._countdown.set_ink(PHASE_INK.get(state.phase, SOLID_INK))
        for field_name, widget_id in LIVE_FIELDS:
            value = getattr(text, field_name)
            before = None if shown is None else getattr(shown, field_name)
            if before != value:
                self._show(widget_id, value, same_size=_same_size(before, value))
        self._shown = text
        bar = self._bar
        bar.set_fraction(state.phase_fraction)
        self._schedule(state, bar)

    def _show(self, widget_id: str, value: str, *, same_size: bool = False) -> None:
        """Put `value` in its widget; text of the old one's size needs no new layout.

        A layout of the whole screen costs far more than repainting one line,
        and most changes ("rep 3/5" to "rep 4/5") keep the size.
        """
        widget = self._widgets[widget_id]
        if isinstance(widget, BigCountdown):
            widget.update(value)
        elif widget_id in LITERAL_IDS:
            widget.update(literal(value), layout=not same_size)
        else:
            widget.update(Content(value), layout=not same_size)

    def _schedule(self, state: EngineState, bar: PhaseBar) -> None:
        self._cancel_timer()
        delay = seconds_until_next_repaint(state, self.engine_now(), bar.resolution, MIN_BAR_GAP_S)
        if delay is not None:
            self._timer = self.set_timer(delay, self.tick, name="live-repaint")

    def engine_now(self) -> float:
        """The engine clock's current monotonic time."""
        return self.engine.now()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _set_phase_class(self, name: str) -> None:
        """Colour by phase: only the phase word, countdown and bar are restyled."""
        if name != self._phase_class:
            for widget in self._coloured:
                if self._phase_class:  # one restyle per widget, not two
                    widget.remove_class(self._phase_class, update=False)
                widget.add_class(name)
            self._phase_class = name

    def _next_exercise_name(self, state: EngineState) -> str | None:
        return state.exercise.name if state.step_phase is Phase.REST else None

    # -- events from the engine -------------------------------------------

    @property
    def voice(self) -> bool:
        """Whether spoken cues are on."""
        return self._speak is not None

    def _handle(self, events: list[EngineEvent]) -> None:
        """Tell the change (bells, words), save when the record changed, finish at the end."""
        if not events:
            return
        completed = self.engine.record.status == STATUS_COMPLETED
        cue = cue_for(events, completed=completed)
        if cue is not None:
            self._tell(cue)
        elif any(e.phase is Phase.GET_READY for e in events):
            state = self.engine.state()
            self._named_exercise = state.exercise_index
            self._say(get_ready_words(state))
        if any(e.kind is EventKind.FINISHED for e in events):
            self._finish()
        elif any(e.changes_record for e in events):
            self._save_now()

    def _tell(self, cue: Cue) -> None:
        """Ring the cue's bells and say its words, unless the sound is off."""
        if self.muted:
            return
        if self._ring is not None:
            self._ring(bells_for(cue))
        state = self.engine.state()
        if cue is Cue.REST:
            self._named_exercise = state.exercise_index  # the rest names what comes next
            new_exercise = False
        else:
            new_exercise = state.exercise_index != self._named_exercise
            if cue is Cue.HOLD:
                self._named_exercise = state.exercise_index
        self._say(spoken_words(cue, state, new_exercise=new_exercise))

    def _say(self, words: str) -> None:
        if self._speak is not None and not self.muted:
            self._speak(words)

    def _save_now(self) -> None:
        self._save(self.engine.snapshot(), False)

    def _save_unless_finished(self) -> None:
        if not self._finished:
            self._save_now()

    def _finish(self) -> None:
        self._finished = True
        self._cancel_timer()
        record = self.engine.snapshot()
        self._save(record, True)
        # what was opened over the session (help) goes with it
        while self.app.screen is not self and self in self.app.screen_stack:
            self.app.pop_screen()
        if self._ended is not None:
            self._ended(record)
        else:
            self.dismiss(record)

    # -- keys --------------------------------------------------------------

    def _act(self, action: Callable[[], list[EngineEvent]]) -> None:
        if self._finished:
            return
        self._handle(action())
        self.refresh_live()

    def action_toggle_pause(self) -> None:
        """Pause or carry on."""
        self._act(self.engine.toggle_pause)

    def action_next(self) -> None:
        """Skip this rep during a hold; otherwise start the next step now."""
        self._act(self.engine.next)

    def action_skip_set(self) -> None:
        """Count the rest of this set as skipped."""
        self._act(self.engine.skip_set)

    def action_skip_exercise(self) -> None:
        """Count the rest of this exercise as skipped."""
        self._act(self.engine.skip_exercise)

    def action_mute(self) -> None:
        """Turn the sound off or on; the app remembers the choice."""
        self.muted = not self.muted
        self.post_message(MuteToggled(self.muted))
        self.refresh_live()

    def action_end(self) -> None:
        """Ask before ending early; what was done is kept either way."""
        from isoback_tui.screens.confirm import ConfirmScreen  # not needed for the first frame

        if self._finished:
            return
        was_running = not self.engine.paused
        if was_running:
            self._act(self.engine.pause)

        def answered(end: bool | None) -> None:
            if end:
                self._act(self.engine.end_early)
            elif was_running:
                self._act(self.engine.resume)

        self.app.push_screen(
            ConfirmScreen(
                "End this session now? What you have done so far is kept.",
                yes="End the session",
                no="Carry on",
            ),
            answered,
        )


def _same_size(before: str | None, after: str) -> bool:
    """Whether `after` takes exactly the cells `before` took (one line, same width)."""
    return (
        before is not None
        and "\n" not in before
        and "\n" not in after
        and cells(before) == cells(after)
    )
