"""The history screen's writes (a note, a delete), each on a worker thread, answered on the UI's.

A write of the history waits for the file's lock, up to ten seconds while
another isoback holds it, and rewrites the whole file: on the UI's thread
that would freeze every key and repaint. Here the write runs on a Textual
thread worker, like the app's saving of ended sessions; when it ends, `done`
is called on the UI's thread with the result, or with the words that say
why it failed ("no space left on device"; no result then). The store keeps two writing threads
apart (its write mutex), so these may run beside the saving of a session.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from typing import Any, Generic, TypeVar

from textual.app import App

from isoback_tui.store.errors import HistoryError
from isoback_tui.store.files import reason

Result = TypeVar("Result")

WriteDone = Callable[[Result | None, str | None], None]
"""Called on the UI's thread when a write ends: (result, None) or (None, the problem in words)."""

UNEXPECTED = "an unexpected error stopped the write"


class WriteRequest(Generic[Result]):
    """One write to run: what to do, who to tell, and what to say if it must wait for a lock."""

    def __init__(
        self,
        write: Callable[[], Result],
        done: WriteDone[Result],
        waiting: Callable[[], None] | None = None,
    ) -> None:
        """`waiting` is called on the UI's thread if the write waits for another isoback."""
        self.write = write
        self.done = done
        self.waiting = waiting


class HistoryWrites:
    """Runs the history screen's writes off the UI's thread, and knows which are under way."""

    def __init__(self, app: App[Any], idle: Callable[[bool], None] | None = None) -> None:
        """`idle(all_saved)` is called once no write is under way any more: whether every
        write that ended since the last idle succeeded."""
        self._app = app
        self._idle = idle
        self._all_saved = True
        self._running = 0
        self._waiting_by_thread: dict[int, Callable[[], None]] = {}
        self._mutex = threading.Lock()

    @property
    def running(self) -> int:
        """How many writes have started and not yet been answered."""
        return self._running

    def start(self, request: WriteRequest[Result]) -> None:
        """Run `request.write` on a worker thread; `request.done` follows on the UI's thread."""
        self._running += 1
        self._app.run_worker(
            lambda: self._run(request),
            thread=True,
            group="history-writes",
            exit_on_error=False,
        )

    def lock_wait(self) -> bool:
        """The store waits for another isoback's lock on this thread: tell the screen if ours.

        Returns False when the waiting write is not one of these (the app's
        saving of a session has its own way of saying so).
        """
        with self._mutex:
            waiting = self._waiting_by_thread.pop(threading.get_ident(), None)
        if waiting is None:
            return False
        self._call_on_ui(waiting)
        return True

    def _run(self, request: WriteRequest[Result]) -> None:
        thread = threading.get_ident()
        if request.waiting is not None:
            with self._mutex:
                self._waiting_by_thread[thread] = request.waiting
        result: Result | None = None
        problem: str | None = UNEXPECTED
        try:
            result, problem = request.write(), None
        except (HistoryError, OSError, ValueError) as error:
            problem = reason(error) if isinstance(error, OSError) else str(error)
        finally:  # whatever happened, the screen hears the end of it
            with self._mutex:
                self._waiting_by_thread.pop(thread, None)
            self._call_on_ui(lambda: self._answer(request, result, problem))

    def _answer(
        self, request: WriteRequest[Result], result: Result | None, problem: str | None
    ) -> None:
        self._running -= 1
        self._all_saved = self._all_saved and problem is None
        request.done(result, problem)
        if self._running == 0:
            all_saved, self._all_saved = self._all_saved, True
            if self._idle is not None:
                self._idle(all_saved)

    def _call_on_ui(self, callback: Callable[[], None]) -> None:
        with suppress(RuntimeError):  # the app has already stopped: nobody is left to tell
            self._app.call_from_thread(callback)
