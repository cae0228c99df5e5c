"""Leave cleanly when the terminal goes: SIGHUP, SIGTERM, or a terminal that is gone.

Textual installs no handler for SIGHUP or SIGTERM, so a dropped SSH link
would kill the app with nothing saved. And when SIGHUP is ignored (nohup)
and the terminal disappears, Textual's input thread spins on a dead file
descriptor. This module watches for all three, calls `on_gone` once (to
save), asks the app to exit, and makes sure the process ends within a
second even if the exit gets stuck writing to a dead terminal.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from collections.abc import Callable

HARD_EXIT_AFTER_S = 0.8
CHECK_EVERY_S = 1.0


class HangupGuard:
    """Calls `on_gone()` once, then `exit_app()`, when the terminal or the process is told to go."""

    def __init__(self, on_gone: Callable[[], None], exit_app: Callable[[], None]) -> None:
        self._on_gone = on_gone
        self._exit_app = exit_app
        self._fired = False
        self._tty_fd: int | None = None

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        """Register the signal handlers on the running loop and note the terminal."""
        for sig in (signal.SIGHUP, signal.SIGTERM):
            if signal.getsignal(sig) is signal.SIG_IGN:
                continue  # started under nohup: the terminal check still sees it go
            loop.add_signal_handler(sig, self.fire)
        for stream in (sys.__stdin__, sys.__stdout__):
            if stream is not None and stream.isatty():
                self._tty_fd = stream.fileno()
                break

    def check_terminal(self) -> None:
        """Call about once a second: a terminal that stopped being one means it is gone."""
        if self._tty_fd is not None and not os.isatty(self._tty_fd):
            self.fire()

    def fire(self) -> None:
        """Save, then exit; the process ends shortly after whatever happens."""
        if self._fired:
            return
        self._fired = True
        try:
            self._on_gone()
        finally:
            stopper = threading.Timer(HARD_EXIT_AFTER_S, os._exit, args=(0,))
            stopper.daemon = True
            stopper.start()
            self._exit_app()
