"""IsobackApp: wires the routines, the store, the clock and the screens together.

Screens say what the user wants (messages, dismiss results); the app decides
what happens next and is the one place that saves.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import App
from textual.binding import Binding

from isoback_tui.core.clock import Clock, SystemClock
from isoback_tui.core.engine import SessionEngine
from isoback_tui.core.plan import (
    DEFAULT_COUNTDOWN_S,
    SessionSettings,
    build_plan,
    settings_from_params,
)
from isoback_tui.core.record import SessionRecord
from isoback_tui.core.routine import Routine, load_routines
from isoback_tui.hangup import CHECK_EVERY_S, HangupGuard
from isoback_tui.paths import stylesheet
from isoback_tui.screens.home import HomeScreen
from isoback_tui.screens.messages import HistoryRequested, MuteToggled, StartRequested, VoiceChosen
from isoback_tui.sound.sound_cues import SoundCues
from isoback_tui.store import HistoryError, HistoryFileError
from isoback_tui.store.prefs import SettingsFile
from isoback_tui.widgets.text import clean, literal
from isoback_tui.widgets.too_small import fit_app

if TYPE_CHECKING:
    from isoback_tui.cli import StartRequest
    from isoback_tui.store import HistoryStore

# Screens other than home, and the store with TinyDB, are imported where they
# are first needed: the home screen is on the terminal sooner (PRODUCT.md 6).


STARTUP_STYLESHEETS = ("app.tcss", "home.tcss")


class IsobackApp(App[None]):
    """The isoback coach: home, live session, summary and history."""

    TITLE = "isoback"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("question_mark", "help", "Help")]

    def __init__(
        self,
        db_path: Path,
        *,
        clock: Clock | None = None,
        start: StartRequest | None = None,
        routines: tuple[list[Routine], list[str]] | None = None,
        countdown_s: float = DEFAULT_COUNTDOWN_S,
        watch_terminal: bool = True,
        voice: bool = False,
    ) -> None:
        """`voice=True` (`--voice`) turns spoken cues on for this run."""
        # home's styles now; every other screen brings its own when first shown
        super().__init__(css_path=[stylesheet(name) for name in STARTUP_STYLESHEETS])
        self.db_path = db_path
        self.clock: Clock = clock or SystemClock()
        self.start_request = start
        self.routines, self.routine_problems = routines or load_routines()
        self.countdown_s = countdown_s
        self.store: HistoryStore | None = None
        self.sound = SoundCues(self, SettingsFile.for_history(db_path), voice=voice)
        self._begun: set[str] = set()
        self._store_opening_started = False
        self._watch_terminal = watch_terminal
        self._guard = HangupGuard(self.save_running_session, self.exit)

    # -- start-up ----------------------------------------------------------

    def on_mount(self) -> None:
        """Open the history, show home, then start or offer to resume."""
        fit_app(self, self.size.width, self.size.height)
        self.sound.load()
        if self._watch_terminal and not self.is_headless:
            self._guard.install(asyncio.get_running_loop())
            self.set_interval(CHECK_EVERY_S, self._guard.check_terminal, name="terminal-check")
        self.push_screen(
            HomeScreen(
                self.routines, self.routine_problems, self.countdown_s, voice=self.sound.voice
            )
        )
        # the home screen is drawn first; reading a long history waits until after
        self.call_after_refresh(self._open_store)

    def _open_store(self) -> None:
        if self._store_opening_started:
            return
        self._store_opening_started = True
        try:
            from isoback_tui.store import HistoryStore

            self.store = HistoryStore.open(self.db_path)
        except HistoryFileError as problem:
            from isoback_tui.screens.damaged import DamagedHistoryScreen

            self.push_screen(DamagedHistoryScreen(str(problem)), self._damaged_answer)
            return
        self._after_store_opened()

    def _damaged_answer(self, move_aside: bool | None) -> None:
        if not move_aside:
            self.exit(return_code=1)
            return
        from isoback_tui.store import HistoryStore

        try:
            moved_to = HistoryStore.move_aside(self.db_path)
        except (HistoryError, OSError) as problem:
            self.notify(clean(str(problem)), severity="error", markup=False, timeout=30)
            self.exit(return_code=1)
            return
        self.notify(
            clean(
                f"Moved aside, in the same folder, as:\n{moved_to.name}\nA fresh history starts.",
                single_line=False,
            ),
            markup=False,
            timeout=15,
        )
        self._store_opening_started = False
        self._open_store()

    def _after_store_opened(self) -> None:
        request = self.start_request
        if request is not None:
            routine = self.routine_by_id(request.routine_id)
            if routine is not None:
                self.begin_session(routine, request.settings, ask_pain=request.ask_pain)
                return
        self._offer_resume()

    def _offer_resume(self) -> None:
        store = self.store
        if store is None:
            return
        try:
            record = store.latest_resumable()
        except HistoryError as problem:
            self.notify(clean(str(problem)), severity="error", markup=False)
            return
        if record is None or self.routine_by_id(record.routine_id) is None:
            return
        from isoback_tui.screens.confirm import ConfirmScreen

        when = record.started_at.astimezone().strftime("%a %d %b %H:%M")
        question = literal(
            f"Resume unfinished session from {when}? {record.routine_name}: "
            f"{record.reps_done + record.reps_skipped} of {record.reps_planned} reps behind you."
        )

        def answered(resume: bool | None) -> None:
            if resume:
                self.resume_session(record)

        self.push_screen(ConfirmScreen(question, yes="Resume", no="Not now"), answered)

    def routine_by_id(self, routine_id: str) -> Routine | None:
        """The loaded routine with this id, if any."""
        return next((r for r in self.routines if r.id == routine_id), None)

    # -- sessions ------------------------------------------------------------

    @on(StartRequested)
    def _start_requested(self, message: StartRequested) -> None:
        self.begin_session(message.routine, message.settings, ask_pain=True)

    def begin_session(self, routine: Routine, settings: SessionSettings, *, ask_pain: bool) -> None:
        """Ask for pain (unless told not to), then go live."""
        if not ask_pain:
            self._go_live(SessionEngine(build_plan(routine, settings), self.clock), ask_pain=False)
            return

        def rated(pain: int | None) -> None:
            engine = SessionEngine(build_plan(routine, settings), self.clock)
            engine.record.pain_before = pain
            self._go_live(engine)

        from isoback_tui.screens.pain import PainScreen

        self.push_screen(
            PainScreen("Before you start: how much does your back hurt, 0 to 10?"), rated
        )

    def resume_session(self, record: SessionRecord) -> None:
        """Carry on a saved session from its first unfinished rep."""
        routine = self.routine_by_id(record.routine_id)
        if routine is None or self.store is None:
            return
        try:
            claimed = self.store.claim_for_resume(record.id)
        except (HistoryError, OSError) as problem:
            self.notify(clean(str(problem)), severity="error", markup=False)
            return
        settings = settings_from_params(routine, claimed.params, self.countdown_s)
        try:
            engine = SessionEngine.resuming(build_plan(routine, settings), self.clock, claimed)
        except (ValueError, IndexError) as problem:
            self.notify(clean(f"That session can't be resumed: {problem}"), markup=False)
            return
        self._begun.add(claimed.id)
        self._go_live(engine)

    def _go_live(self, engine: SessionEngine, *, ask_pain: bool = True) -> None:
        self._open_store()  # a key pressed before the history was read: read it now
        if self.store is None:
            return  # the damaged-history question is on screen
        from isoback_tui.screens.session import SessionScreen
        from isoback_tui.screens.summary import SummaryScreen

        sound = self.sound
        screen = SessionScreen(
            engine, self.save_session, muted=sound.muted, ring=sound.ring, speak=sound.speaker()
        )

        def finished(record: SessionRecord | None) -> None:
            if record is not None:
                self.push_screen(SummaryScreen(record, self.update_finished, ask_pain=ask_pain))

        self.push_screen(screen, finished)

    @on(MuteToggled)
    def _mute_toggled(self, message: MuteToggled) -> None:
        self.sound.set_muted(message.muted)

    @on(VoiceChosen)
    def _voice_chosen(self, message: VoiceChosen) -> None:
        self.sound.set_voice(message.voice)

    # -- saving ----------------------------------------------------------------

    def save_session(self, record: SessionRecord, finished: bool) -> None:
        """Save a running or finished session; a failure is shown, never raised."""
        store = self.store
        if store is None:
            return
        try:
            if finished:
                store.finish(record)
            elif record.id in self._begun:
                store.save_progress(record)
            else:
                store.begin(record)
                self._begun.add(record.id)
        except (HistoryError, OSError) as problem:
            self.notify(
                clean(f"Could not save: {problem}"), severity="error", markup=False, timeout=10
            )

    def update_finished(self, record: SessionRecord) -> None:
        """Save the pain rating and note given on the summary."""
        store = self.store
        if store is None:
            return
        try:
            store.update_after(record.id, record.pain_after, record.note)
        except (HistoryError, OSError) as problem:
            self.notify(clean(f"Could not save: {problem}"), severity="error", markup=False)

    def save_running_session(self) -> None:
        """Save the live session, if one is on screen (on hangup, SIGTERM, quit)."""
        from isoback_tui.screens.session import SessionScreen

        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen) and not screen.engine.done:
                self.save_session(screen.engine.snapshot(), False)

    # -- other screens -------------------------------------------------------

    @on(HistoryRequested)
    def _history_requested(self) -> None:
        from isoback_tui.screens.history import (
            HistoryScreen,  # only when asked: start-up stays quick
        )

        if self.store is not None:
            self.push_screen(HistoryScreen(self.store))

    def action_help(self) -> None:
        """Show every key."""
        from isoback_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def on_resize(self, event: events.Resize) -> None:
        """Below a usable size every screen gives way to a short note (the session runs on)."""
        fit_app(self, event.size.width, event.size.height)

    def on_unmount(self) -> None:
        """Whatever ends the app, the live session is saved first; then the store lets go."""
        self.save_running_session()
        self.sound.close()
        if self.store is not None:
            self.store.close()


def run_app(db_path: Path, start: StartRequest | None, *, voice: bool = False) -> int:
    """Run the coach until the user quits; the exit code for the shell."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "isoback: the coach needs a terminal to draw in; without one, use "
            "'isoback history' or 'isoback routines'.",
            file=sys.stderr,
        )
        return 2
    app = IsobackApp(db_path, start=start, voice=voice)
    app.run()
    return app.return_code or 0
