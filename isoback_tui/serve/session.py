"""One SSH session channel of `isoback serve`: a terminal running the app, or a refusal.

With a pty the session runs the app (see `terminal`) with the key's role,
the client's TERM and window size, and passes keys, output and resizes
between the two. A command, a subsystem (SFTP, and so scp) or a shell
without a terminal get one sentence and exit status 1; nothing runs.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine, Mapping
from typing import Any, Protocol

import asyncssh

from isoback_tui.serve.keys import Role
from isoback_tui.serve.role import ROLE_VARIABLE
from isoback_tui.serve.settings import ServeSettings
from isoback_tui.serve.terminal import AppTerminal

INPUT_WAITING_MAX = 64 * 1024
MAX_COLUMNS = 1000
MAX_ROWS = 500
CLIENT_VARIABLES = ("NO_COLOR", "COLORTERM")
"""What a client may pass to the app from its own environment (`SendEnv`), besides TERM."""
SERVER_ONLY_VARIABLES = (ROLE_VARIABLE, "TERM", "COLUMNS", "LINES", *CLIENT_VARIABLES)

NEEDS_TERMINAL = (
    "isoback serve: the coach needs a terminal; connect with plain 'ssh' "
    "(or 'ssh -t'), without a command.\r\n"
)
NO_COMMANDS = (
    "isoback serve: this server runs the coach only, not commands; "
    "connect with plain 'ssh', without a command.\r\n"
)

NO_FILES = (
    "isoback serve: this server runs the coach only; it offers no file transfer (sftp, scp).\r\n"
)


def idle_sentence(limit_s: float) -> str:
    """What the client reads when the idle timeout closed its connection."""
    minutes = limit_s / 60
    spell = f"{minutes:g} minutes" if minutes >= 1 else f"{limit_s:g} seconds"
    return (
        f"\r\nisoback serve: closed after {spell} without a key press; "
        "everything done is saved.\r\n"
    )


def clean_name(text: str) -> str:
    """A name the client chose, safe for one log line: printable ASCII, at most 20 characters."""
    kept = "".join(c if c.isascii() and c.isprintable() and c != " " else "?" for c in text)
    return kept[:20] or "?"


def window_size(cols: int, rows: int) -> tuple[int, int]:
    """The client's window size, kept within what a real screen has.

    A client could claim 65535 x 65535; the app would then try to draw a
    screen of four billion cells.
    """
    return min(cols, MAX_COLUMNS), min(rows, MAX_ROWS)


def app_environment(
    base: Mapping[str, str], role: Role, term: str, client: Mapping[str, str]
) -> dict[str, str]:
    """The app's environment: the server's own, the client's TERM, and the role, set here only.

    Nothing else the client sends reaches the app but NO_COLOR and COLORTERM.
    """
    env = {name: value for name, value in base.items() if name not in SERVER_ONLY_VARIABLES}
    for name in CLIENT_VARIABLES:
        if name in client:
            env[name] = client[name]
    env["TERM"] = term or "xterm-256color"
    env[ROLE_VARIABLE] = role.value
    return env


class SessionOwner(Protocol):
    """What a session needs from its connection (ServeConnection has it)."""

    settings: ServeSettings

    def now(self) -> float:
        """Monotonic seconds, for the idle clock."""
        ...

    def end(self, how: str) -> None:
        """Say how the connection ended, for its log line."""
        ...


class AppSession(asyncssh.SSHServerSession[bytes]):
    """The session channel: with a terminal it runs the app; anything else is refused."""

    def __init__(self, connection: SessionOwner, role: Role) -> None:
        self.connection = connection
        self.role = role
        self.terminal: AppTerminal | None = None
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None
        self._term: str | None = None
        self._size = (80, 24)
        self._refused: str | None = None
        self._gone = False
        self._idled_out = False
        self._last_activity = connection.now()
        self._tasks: set[asyncio.Task[object]] = set()

    @property
    def app_running(self) -> bool:
        """Whether this session's app has started and not exited."""
        return self.terminal is not None and self.terminal.running

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        """Keep the channel to write to."""
        self._chan = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: object
    ) -> bool:
        """Accept a terminal: its type and size go to the app."""
        self._term = term_type
        if term_size[0] > 0 and term_size[1] > 0:
            self._size = window_size(term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        """Accept; without a terminal it is refused with a sentence once the session starts."""
        return True

    def exec_requested(self, command: str) -> bool:
        """Accept only to say, in a sentence, that commands are not run here."""
        self._refused = "a command"
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        """Accept only to say, in a sentence, that SFTP (and so scp) is not offered."""
        self._refused = clean_name(subsystem)
        return True

    def session_started(self) -> None:
        """Run the app on a terminal, or say why not and close."""
        if self._refused == "a command":
            self._refuse(NO_COMMANDS, "refused: a command (exec)")
        elif self._refused is not None:
            self._refuse(NO_FILES, f"refused: the {self._refused} subsystem")
        elif self._term is None:
            self._refuse(NEEDS_TERMINAL, "refused: a shell without a terminal")
        else:
            self._spawn(self._run_app())

    def _refuse(self, sentence: str, how: str) -> None:
        self.connection.end(how)
        if self._chan is not None:
            self._chan.write_stderr(sentence.encode())
            self._chan.exit(1)

    def _spawn(self, work: Coroutine[Any, Any, object]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- the app -------------------------------------------------------------

    async def _run_app(self) -> None:
        chan = self._chan
        assert chan is not None
        settings = self.connection.settings
        env = app_environment(os.environ, self.role, self._term or "", chan.get_environment())
        argv = [*settings.app_command, "--db", str(settings.db_path)]
        cols, rows = self._size
        try:
            self.terminal = await AppTerminal.start(
                argv, env, cols=cols, rows=rows, on_output=self._app_wrote
            )
        except OSError as error:
            self._refuse(
                f"isoback serve: the coach could not be started ({error}).\r\n",
                "failed: the app could not start",
            )
            return
        if self._gone:  # the link went while the app was starting
            await self.terminal.hang_up()
            self.terminal.close()
            return
        self.terminal.on_input_taken(chan.resume_reading)
        self._spawn(self._watch_idle())
        status = await self.terminal.wait()
        self.terminal.close()
        if self._gone:
            return
        if self._idled_out:
            chan.write_stderr(idle_sentence(settings.idle_timeout_s).encode())
            chan.exit(0)
            return
        self.connection.end(
            f"app exited (status {status})" if status >= 0 else f"app ended by signal {-status}"
        )
        chan.exit(status if status >= 0 else 1)

    def _app_wrote(self, data: bytes) -> None:
        if self._chan is not None and not self._gone:
            self._chan.write(data)

    async def _watch_idle(self) -> None:
        """Hang up the app after the idle time with no key pressed and no session under way."""
        settings = self.connection.settings
        limit = settings.idle_timeout_s
        while self.terminal is not None and self.terminal.running and not self._gone:
            left = self._last_activity + limit - self.connection.now()
            if left > 0:
                await asyncio.sleep(min(left, max(limit / 4, 0.2)))
                continue
            if self.terminal.holds_file_under(settings.running_folder):
                self._last_activity = self.connection.now()  # a session in progress is activity
                continue
            self.connection.end("idle timeout")
            self._idled_out = True
            await self.terminal.hang_up()  # _run_app then says why and closes
            return

    # -- from the client -------------------------------------------------------

    def data_received(self, data: bytes, datatype: int | None) -> None:
        """Keys from the client go to the app."""
        self._last_activity = self.connection.now()
        if self.terminal is not None:
            self.terminal.write(data)
            if self.terminal.input_waiting > INPUT_WAITING_MAX and self._chan is not None:
                self._chan.pause_reading()  # SSH flow control holds the rest at the client

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        """The client's window changed size: so does the app's terminal."""
        self._last_activity = self.connection.now()
        if width <= 0 or height <= 0:
            return
        self._size = window_size(width, height)
        if self.terminal is not None:
            self.terminal.resize(*self._size)

    def eof_received(self) -> bool:
        """The client sends no more keys; the app keeps drawing until it ends."""
        return True

    def break_received(self, msec: int) -> bool:
        """A break is not passed on."""
        return False

    def signal_received(self, signal_name: str) -> None:
        """Signals from the client are not passed on; keys are the way to talk to the app."""

    def pause_writing(self) -> None:
        """The client is behind: stop reading the app's output (the app waits)."""
        if self.terminal is not None:
            self.terminal.pause_output()

    def resume_writing(self) -> None:
        """The client caught up."""
        if self.terminal is not None:
            self.terminal.resume_output()

    def connection_lost(self, exc: Exception | None) -> None:
        """The channel closed: the link is gone for the app."""
        self.link_lost()

    def link_lost(self) -> None:
        """Hang up the app (SIGHUP: it saves and exits); killed if it lingers."""
        if self._gone:
            return
        self._gone = True
        terminal = self.terminal
        if terminal is not None and terminal.running:
            terminal.resume_output()  # read and drop what it still writes, so it can exit
            self._spawn(terminal.hang_up())

    async def finish(self) -> None:
        """Wait until the app has gone (server shutdown)."""
        self.link_lost()
        if self.terminal is not None:
            await self.terminal.hang_up()
