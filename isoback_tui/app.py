"""IsobackApp: wires the routines, the store, the clock and the screens together.

Screens say what the user wants (messages, dismiss results); the app decides
what happens next and is the one place that saves.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import App
from textual.binding import Binding

from isoback_tui import collector
from isoback_tui.core.clock import Clock, SystemClock
from isoback_tui.core.engine import SessionEngine
from isoback_tui.core.plan import (
    DEFAULT_COUNTDOWN_S,
    SessionSettings,
    StartRequest,
    build_plan,
    settings_from_params,
)
from isoback_tui.core.record import STATUS_IN_PROGRESS, SessionRecord
from isoback_tui.core.routine import Routine, load_routines
from isoback_tui.hangup import CHECK_EVERY_S, HangupGuard
from isoback_tui.history_writes import HistoryWrites, WriteRequest
from isoback_tui.paths import stylesheet, user_routines_dir
from isoback_tui.saving import SaveOutcome, SaveState, SessionKeeper, where_kept
from isoback_tui.screens.messages import HistoryRequested, MuteToggled, StartRequested, VoiceChosen
from isoback_tui.sound.sound_cues import SoundCues
from isoback_tui.store import HistoryError, HistoryFileError
from isoback_tui.store.prefs import SettingsFile
from isoback_tui.widgets.text import clean, literal
from isoback_tui.widgets.too_small import fit_app

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.screen import Screen
    from textual.timer import Timer

    from isoback_tui.screens.home import HomeScreen
    from isoback_tui.screens.session import SessionScreen
    from isoback_tui.screens.session_details import NoteDone
    from isoback_tui.store import HistoryStore

# Screens, and the store with TinyDB, are imported where they are first
# needed: the first screen is on the terminal sooner (PRODUCT.md 6).


STARTUP_STYLESHEETS = ("app.tcss", "home.tcss")
START_STYLESHEETS = ("app.tcss", "session.tcss")
"""`isoback start` opens on the live screen: its styles are parsed with the app's, once."""
RETRY_SAVE_EVERY_S = 5.0
"""How often an ended session the history refused is offered to it again."""
VIEW_ONLY = "View only: no {what} here."  # short: it must fit a 40-column toast


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
        read_only: bool = False,
        voice: bool = False,
    ) -> None:
        """`read_only`: a viewer (isoback serve): the history only, nothing can change.

        `voice=True` (`--voice`) turns spoken cues on for this run.
        """
        # home's styles now; every other screen brings its own when first shown
        sheets = START_STYLESHEETS if start is not None else STARTUP_STYLESHEETS
        super().__init__(css_path=[stylesheet(name) for name in sheets])
        self.db_path = db_path
        self.read_only = read_only
        self.clock: Clock = clock or SystemClock()
        self.start_request = start
        self.routines, self.routine_problems = routines or load_routines(user_routines_dir())
        self.countdown_s = countdown_s
        from isoback_tui.plans import Plans

        self.plans = Plans.for_history(db_path)  # each routine's plan, beside the history
        self.store: HistoryStore | None = None
        self.keeper: SessionKeeper | None = None
        self._flushing = False
        self._retry_timer: Timer | None = None
        self._history_after_save = False
        self._progress_problem: str | None = None  # the running save's last failure
        self._refused: set[str] = set()  # sessions the history refused at least once
        self.sound = SoundCues(self, SettingsFile.for_history(db_path), voice=voice)
        self._store_opening_started = False
        self._live_first = False  # the live session is the first screen (get_default_screen)
        self._first_frame_drawn = False  # see on_ready
        self._waiting_for_first_frame: list[Callable[[], object]] = []
        self._watch_terminal = watch_terminal
        self._guard = HangupGuard(self.save_running_session, self.exit)
        # a note or a delete, off the UI's thread
        self.history_writes = HistoryWrites(self, idle=self._history_written)
        self._quit_when_written = False

    # -- start-up ----------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        """The app's first screen: home, or for `isoback start --no-pain` the live session.

        Textual composes and styles the first screen with the app, and draws it
        once; a screen pushed from on_mount was drawn while the app started,
        thrown away, then laid out and drawn again (PRODUCT.md 6: tens of
        milliseconds before the first frame). A viewer, and `start` asking for
        pain first, begin on an empty screen that the others go on.

        Textual asks for it once, before on_mount; the remembered choices (sound,
        kept plans) are read first, as the first screen shows them.
        """
        self.sound.load()
        self.plans.load()  # a damaged file is said when a plan is to be kept; never written over
        first = self._first_live_screen()
        if first is None and self._opens_on_home():
            first = self._home_screen()
        return first or super().get_default_screen()

    def _opens_on_home(self) -> bool:
        request = self.start_request
        return not self.read_only and (
            request is None or self.routine_by_id(request.routine_id) is None
        )

    def _first_live_screen(self) -> Screen[Any] | None:
        """The live screen for `isoback start` when nothing needs asking first, else None.

        A history file is opened and checked first, as before any session: a
        damaged file is asked about (on_mount) before anything starts.
        """
        request = self.start_request
        if self.read_only or request is None or request.ask_pain:
            return None
        routine = self.routine_by_id(request.routine_id)
        if routine is None:
            return None
        if self.db_path.exists():
            if self._open_store_now() is not None:
                return None  # damaged: on_mount opens it again and asks what to do
            self._store_opening_started = True
            self._use_store()
            settings = self._start_settings(routine, request)
        else:  # no history yet: nothing to check or read; it opens after the first frame
            settings = self.plans.session_settings(routine, request.settings)
        engine = SessionEngine(build_plan(routine, settings), self.clock)
        self._live_first = True
        return self._live_screen(engine, first=True)

    def on_mount(self) -> None:
        """Listen for a lost terminal; `isoback start` asking first checks the history now."""
        fit_app(self, self.size.width, self.size.height)
        if self._watch_terminal and not self.is_headless:
            self._guard.install(asyncio.get_running_loop())
            self.set_interval(CHECK_EVERY_S, self._guard.check_terminal, name="terminal-check")
        if not (self.read_only or self._live_first or self._opens_on_home()):
            # `isoback start`, not live yet: it asks for pain first, or its history file is
            # damaged; the history is checked first, then the question
            self._open_store()
        # otherwise the history is read once the first frame is on the terminal (on_ready)

    def on_ready(self) -> None:
        """The first frame is laid out: once it is on the terminal, read the history.

        Textual sends Ready after the first layout, and the frame may be written
        a moment later, when the screen's pending repaint runs; a callback queued
        with call_after_refresh runs after that repaint (measured on a real
        terminal by bench/bench_waits.py: home is drawn before a 10,000-session
        history is read).
        """
        self.call_after_refresh(self._after_first_frame)

    def call_after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the app's first frame is on the terminal (now, if it is)."""
        if self._first_frame_drawn:
            self.call_after_refresh(callback)
        else:
            self._waiting_for_first_frame.append(callback)

    def _after_first_frame(self) -> None:
        self._first_frame_drawn = True
        collector.resume()
        self._open_store()  # `isoback start` opened it before its first frame
        waiting, self._waiting_for_first_frame = self._waiting_for_first_frame, []
        for callback in waiting:  # the live screen's first save, home's plans: the store is open
            callback()

    def _show_home(self) -> None:
        """Put the home screen on the stack, unless it is there already."""
        from isoback_tui.screens.home import HomeScreen

        if not any(isinstance(screen, HomeScreen) for screen in self.screen_stack):
            self.push_screen(self._home_screen())

    def _home_screen(self) -> HomeScreen:
        from isoback_tui.screens.home import HomeScreen

        return HomeScreen(
            self.routines,
            self.routine_problems,
            self.countdown_s,
            plans=self.plans,
            voice=self.sound.voice,
        )

    def _open_store(self) -> None:
        if self._store_opening_started:
            return
        self._store_opening_started = True
        problem = self._open_store_now()
        if problem is not None:
            from isoback_tui.screens.damaged import DamagedHistoryScreen

            screen = DamagedHistoryScreen(str(problem), may_move=not self.read_only)
            self.push_screen(screen, self._damaged_answer)
            return
        self._after_store_opened()

    def _open_store_now(self) -> HistoryFileError | None:
        """Open the history (read-only for a viewer); the problem if the file is damaged."""
        from isoback_tui.store import HistoryStore
        from isoback_tui.store.readonly import ReadOnlyHistoryStore

        opener = ReadOnlyHistoryStore if self.read_only else HistoryStore
        try:
            self.store = opener.open(self.db_path)
        except HistoryFileError as problem:
            return problem
        return None

    def _damaged_answer(self, move_aside: bool | None) -> None:
        if not move_aside or self.read_only:
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

    def _use_store(self) -> None:
        """The history is open: saving, lock waits and plans go through it from now on."""
        store = self.store
        assert store is not None
        self.keeper = SessionKeeper(store.finish, store.update_after)
        store.on_lock_wait = self._lock_wait_from_thread
        self.plans.reader = store.list_sessions  # the sessions just checked, not parsed again

    def _after_store_opened(self) -> None:
        self._use_store()
        if self.read_only:
            self._show_history_alone()
            return
        if self._live_first:
            return  # `isoback start` went live before its history file existed
        request = self.start_request
        if request is not None:
            routine = self.routine_by_id(request.routine_id)
            if routine is not None:
                settings = self._start_settings(routine, request)
                self.begin_session(routine, settings, ask_pain=request.ask_pain)
                return
        self._offer_resume()
        self.call_after_refresh(self._warm_up_history)

    def _start_settings(self, routine: Routine, request: StartRequest) -> SessionSettings:
        """`isoback start`'s numbers: as asked, else the kept plan, else the latest session's."""
        if not self.plans.source(routine).remembered and not self.plans.history_read:
            # no plan kept: the numbers of its latest session, as on home
            self.plans.set_history(self.plans.read_history() or [])
        return self.plans.session_settings(routine, request.settings)

    def _warm_up_history(self) -> None:
        """While home is read: load the history screen's code and styles, so `h` is quicker.

        Not during a live session, whose bells must keep their time.
        """
        from isoback_tui.screens.history import load_styles
        from isoback_tui.screens.session import SessionScreen

        if not any(
            isinstance(screen, SessionScreen) and not screen.engine.done
            for screen in self.screen_stack
        ):
            load_styles(self)

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
        if self.refused_when_read_only("new sessions") or self._refuse_while_unsaved():
            return
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
        if self.refused_when_read_only("resuming") or self._refuse_while_unsaved():
            return
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
            self.store.close()  # let go of the claim: it stays interrupted, and new ones can save
            self.notify(clean(f"That session can't be resumed: {problem}"), markup=False)
            return
        self._go_live(engine)

    def _go_live(self, engine: SessionEngine, *, ask_pain: bool = True) -> None:
        self._open_store()  # a key pressed before the history was read: read it now
        if self.store is None:
            return  # the damaged-history question is on screen
        screen = self._live_screen(engine)
        self.push_screen(screen, lambda record: self._session_ended(record, ask_pain=ask_pain))

    def _live_screen(self, engine: SessionEngine, *, first: bool = False) -> SessionScreen:
        """The live screen for `engine`.

        `first`: it is the app's first screen (see get_default_screen), with nothing
        beneath it to go back to, so it hands its record over instead of dismissing
        itself. Home and the summary then go on top of it; it stays beneath them,
        finished and still, never shown again (Textual can't switch away from the
        first screen: it has no result callback to drop).
        """
        from isoback_tui.screens.session import SessionScreen

        sound = self.sound
        return SessionScreen(
            engine,
            self.save_session,
            muted=sound.muted,
            ring=sound.ring,
            speak=sound.speaker(),
            ended=(lambda record: self._session_ended(record, ask_pain=False)) if first else None,
        )

    def _session_ended(self, record: SessionRecord | None, *, ask_pain: bool) -> None:
        """The summary of the session that ended, on top of home."""
        from isoback_tui.screens.summary import SummaryScreen

        self._show_home()  # beneath the summary, when the app began with `start`
        if record is not None:
            saved = self._saved_yet(record)
            self.push_screen(
                SummaryScreen(
                    record, self.update_finished, self.retry_saves, saved, ask_pain=ask_pain
                )
            )

    @on(MuteToggled)
    def _mute_toggled(self, message: MuteToggled) -> None:
        self.sound.set_muted(message.muted)

    @on(VoiceChosen)
    def _voice_chosen(self, message: VoiceChosen) -> None:
        self.sound.set_voice(message.voice)

    # -- saving ----------------------------------------------------------------

    def save_session(self, record: SessionRecord, finished: bool) -> None:
        """Save a running or finished session; a failure is shown, never raised.

        A finished session goes to the keeper, which holds it in memory until
        the history has taken it; the slow write runs off the UI's thread.
        """
        store = self.store
        if store is None:
            return
        if finished and self.keeper is not None:
            self.keeper.finish(record)
            # The summary is drawn first: rewriting a long history takes the
            # interpreter for a while, and the session is safe in the keeper.
            self.call_after_refresh(self._flush_saves)
            return
        try:
            if store.running_session_id == record.id:
                store.save_progress(record)
            else:
                store.begin(record)
        except (HistoryError, OSError) as problem:
            if str(problem) != self._progress_problem:  # once per problem, not once per rep
                self._progress_problem = str(problem)
                self.notify(
                    clean(
                        f"Could not save: {str(problem).rstrip('.')}. "
                        "The session goes on; isoback keeps trying."
                    ),
                    severity="error",
                    markup=False,
                    timeout=10,
                )
            return
        if self._progress_problem is not None:
            self._progress_problem = None
            self.notify("Saving works again: every rep so far is on disk.", markup=False)

    def update_finished(self, record: SessionRecord) -> None:
        """Save the pain rating and note given on the summary (through the keeper)."""
        if self.keeper is None:
            return
        self.keeper.amend(record)
        self._flush_saves()

    def retry_saves(self) -> None:
        """Offer every unsaved session to the history again now (the `r` key)."""
        self._flush_saves()

    def _flush_saves(self) -> None:
        keeper = self.keeper
        if keeper is None or self._flushing or not keeper.has_work():
            return
        self._flushing = True
        for record in keeper.unsaved():
            self._show_save(SaveOutcome(record.id, SaveState.SAVING))
        self.run_worker(self._flush_in_thread, thread=True, group="saving", exit_on_error=False)

    def _flush_in_thread(self) -> None:
        assert self.keeper is not None
        outcomes: list[SaveOutcome] = []
        try:
            outcomes = self.keeper.flush()
        finally:
            self.call_from_thread(self._flushed, outcomes)

    def _lock_wait_from_thread(self) -> None:
        """The store waits for another isoback's lock: say so (called on the writing thread)."""
        if self.history_writes.lock_wait():
            return  # a note or a delete: its screen says so
        if self.keeper is None or threading.current_thread() is threading.main_thread():
            return
        ids = [record.id for record in self.keeper.unsaved()]
        self.call_from_thread(
            lambda: [self._show_save(SaveOutcome(sid, SaveState.WAITING)) for sid in ids]
        )

    def _flushed(self, outcomes: list[SaveOutcome]) -> None:
        self._flushing = False
        for outcome in outcomes:
            self._show_save(outcome)
        keeper = self.keeper
        if keeper is not None and keeper.has_work():
            if any(o.state is SaveState.FAILED for o in outcomes):
                if self._retry_timer is None:
                    self._retry_timer = self.set_interval(
                        RETRY_SAVE_EVERY_S, self._flush_saves, name="retry-saves"
                    )
            else:
                self._flush_saves()  # changed while that write ran
        elif self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        if self._history_after_save and not self._flushing:
            self._history_after_save = False
            self._open_history()

    def _show_save(self, outcome: SaveOutcome) -> None:
        """Tell the summary of that session, if it is open, how its save stands."""
        from isoback_tui.screens.summary import SummaryScreen

        refused_before = outcome.session_id in self._refused
        if outcome.state is SaveState.FAILED:
            self._refused.add(outcome.session_id)
        elif outcome.state is SaveState.SAVED:
            self._refused.discard(outcome.session_id)

        for screen in self.screen_stack:
            if isinstance(screen, SummaryScreen) and screen.record.id == outcome.session_id:
                screen.show_save(outcome)
                return
        if outcome.state is SaveState.FAILED and outcome.problem:
            self.notify(
                clean(f"A session is not saved yet. {outcome.problem}"),
                severity="error",
                markup=False,
                timeout=10,
            )
        elif outcome.state is SaveState.SAVED and refused_before:
            self.notify("The last session is saved now.", markup=False, timeout=5)

    def _saving_now(self) -> bool:
        """Whether an ended session is being written, or about to be (not one that failed)."""
        keeper = self.keeper
        if self._flushing:
            return True
        return keeper is not None and any(
            keeper.problem(sid) is None for sid in keeper.unfinished_ids()
        )

    def _saved_yet(self, record: SessionRecord) -> SaveOutcome:
        """How an ended session's save stands now (it may have finished already)."""
        keeper = self.keeper
        if keeper is None or record.id not in keeper.unfinished_ids():
            return SaveOutcome(record.id, SaveState.SAVED)
        problem = keeper.problem(record.id)
        if problem:
            return SaveOutcome(record.id, SaveState.FAILED, problem)
        return SaveOutcome(record.id, SaveState.SAVING)

    def _refuse_while_unsaved(self) -> bool:
        """True (and say why) when an ended session is not in the history yet."""
        keeper = self.keeper
        if keeper is None or not keeper.unfinished_ids():
            return False
        problems = [keeper.problem(sid) for sid in keeper.unfinished_ids()]
        why = next((p for p in problems if p), "It is being saved.")
        self.notify(
            clean(
                f"The last session is not in the history yet. {why} A new session can "
                f"start once it is saved; isoback tries again every {RETRY_SAVE_EVERY_S:g} s.",
                single_line=False,
            ),
            severity="warning",
            markup=False,
            timeout=10,
        )
        return True

    async def action_quit(self) -> None:
        """Quit; if an ended session is not saved yet, ask first and say where it is.

        While a note or a delete is being written, quitting waits for it: the
        app quits once it is saved, or stays to show why it was not.
        """
        if self.history_writes.running:
            self._quit_when_written = True
            self.notify(
                "Saving to the history first; isoback quits once that is done.",
                markup=False,
                timeout=5,
            )
            return
        keeper = self.keeper
        unsaved = keeper.unsaved() if keeper is not None else []
        if not unsaved:
            self.exit()
            return
        from isoback_tui.screens.confirm import ConfirmScreen

        record = unsaved[0]
        running = self.store.running_file(record.id) if self.store is not None else None
        problem = keeper.problem(record.id) if keeper is not None else None
        question = literal(
            f"Your session of {record.started_at.astimezone():%H:%M} is not saved yet. "
            f"{problem or 'It is being saved right now.'} {where_kept(record, running)} "
            "Quit anyway?"
        )

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(ConfirmScreen(question, yes="Quit", no="Stay"), answered)

    def save_note(
        self,
        record: SessionRecord,
        note: str,
        done: NoteDone,
        waiting: Callable[[], None],
    ) -> None:
        """Save a note written in a session's details, off the UI's thread (see NoteSaver)."""
        store = self.store
        if store is None or self.refused_when_read_only("notes"):
            done(None, "nothing can be changed here")
            return
        if record.status == STATUS_IN_PROGRESS:
            done(
                None,
                "that session is still running in another isoback; "
                "its note can be written once it has ended",
            )
            return
        self.history_writes.start(
            WriteRequest(
                lambda: store.update_after(record.id, record.pain_after, note), done, waiting
            )
        )

    def delete_session(
        self, record: SessionRecord, done: Callable[[str | None], None], waiting: Callable[[], None]
    ) -> None:
        """Delete a session picked in the history, off the UI's thread (see history.Deleter)."""
        store = self.store
        if store is None or self.refused_when_read_only("deleting"):
            done("nothing can be deleted here")
            return
        self.history_writes.start(
            WriteRequest(lambda: store.delete(record.id), lambda _, problem: done(problem), waiting)
        )

    def _history_written(self, all_saved: bool) -> None:
        """No note or delete is being written now: quit if that was asked for and all went well."""
        quit_now, self._quit_when_written = self._quit_when_written and all_saved, False
        if quit_now:
            self.call_later(self.action_quit)

    def resume_from_history(self, record: SessionRecord) -> None:
        """Resume a session picked in the history: back to home, then the resume of start-up."""
        if self.history_writes.running:  # the screens it would close wait for their answer
            self.notify(
                "The history is being written; resume once that is done.",
                severity="warning",
                markup=False,
            )
            return
        if self.routine_by_id(record.routine_id) is None:
            self.notify(
                clean(
                    f"The routine '{record.routine_id}' is not installed, so that session "
                    "can't be resumed."
                ),
                severity="error",
                markup=False,
            )
            return
        from isoback_tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        self.resume_session(record)

    def save_running_session(self) -> None:
        """Save the live session, if one is on screen (on hangup, SIGTERM, quit)."""
        from isoback_tui.screens.session import SessionScreen

        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen) and not screen.engine.done:
                self.save_session(screen.engine.snapshot(), False)

    # -- other screens -------------------------------------------------------

    def refused_when_read_only(self, what: str) -> bool:
        """For a viewer, say on screen that `what` can't be done here, and return True."""
        if self.read_only:
            self.notify(VIEW_ONLY.format(what=what), severity="warning", markup=False)
        return self.read_only

    def _show_history_alone(self) -> None:
        """A viewer's app: the history is the whole app; leaving it quits."""
        from isoback_tui.screens.history import HistoryScreen

        if self.store is None:
            return
        self.push_screen(HistoryScreen(self.store, read_only=True), lambda _: self.exit())
        self.notify(
            "View only: nothing can be changed.",
            markup=False,
        )

    @on(HistoryRequested)
    def _history_requested(self) -> None:
        if self._saving_now():  # the history opens once the session is written
            self._history_after_save = True
            self.notify("Saving the session first…", markup=False, timeout=3)
            return
        self._open_history()

    def _open_history(self) -> None:
        from isoback_tui.screens.history import (
            HistoryScreen,  # only when asked: start-up stays quick
        )

        self._open_store()  # `h` pressed before the history was read: read it now
        if self.store is not None:
            self.push_screen(
                HistoryScreen(
                    self.store,
                    save_note=self.save_note,
                    resume=self.resume_from_history,
                    delete=self.delete_session,
                )
            )

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
    """Run the coach until the user quits; the exit code for the shell.

    A `--db` that is not a regular file (a folder, a named pipe, a device) is
    one sentence and exit status 1 before anything is drawn or opened.
    """
    from isoback_tui.console import say
    from isoback_tui.store.files import check_regular

    try:
        check_regular(db_path)
    except HistoryError as problem:
        say(sys.stderr, str(problem))
        return 1
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "isoback: the coach needs a terminal to draw in; without one, use "
            "'isoback history' or 'isoback routines'.",
            file=sys.stderr,
        )
        return 2
    from isoback_tui import paste_guard
    from isoback_tui.serve.role import is_read_only

    paste_guard.install()
    app = IsobackApp(db_path, start=start, read_only=is_read_only(os.environ), voice=voice)
    app.run()
    return app.return_code or 0
