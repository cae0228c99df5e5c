"""The SSH side of `isoback serve`: who gets in, what they may ask for, one app each.

Each connection is one `ServeConnection` (asyncssh's SSHServer): public-key
login against the keys file, nothing else. It allows one session channel,
and that session only as an interactive terminal: the app then runs on its
own pty (see `terminal`) with the role the key has. Everything else a client
can ask for (a command, a shell without a terminal, SFTP/scp, port or agent
forwarding) is refused, with a sentence where the client can show one.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import asyncssh

from isoback_tui.serve.keys import AuthorizedKey, AuthorizedKeys, Role
from isoback_tui.serve.role import ROLE_VARIABLE
from isoback_tui.serve.terminal import AppTerminal

DEFAULT_MAX_CONNECTIONS = 4
DEFAULT_IDLE_TIMEOUT_S = 30 * 60.0
KEEPALIVE_S = 30.0
LOGIN_TIMEOUT_S = 60.0
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


@dataclass(frozen=True)
class ServeSettings:
    """Everything the server needs, checked before it starts."""

    keys: AuthorizedKeys
    host_key: asyncssh.SSHKey
    db_path: Path
    host: str = "127.0.0.1"
    port: int = 2222
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    idle_timeout_s: float = DEFAULT_IDLE_TIMEOUT_S
    app_command: tuple[str, ...] = (sys.executable, "-m", "isoback_tui")

    @property
    def running_folder(self) -> Path:
        """Where the store keeps the lock of a session under way (see store.running)."""
        return self.db_path.with_name(self.db_path.name + ".running")


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


@dataclass
class ServerState:
    """What all connections share: the settings, who is connected, the log."""

    settings: ServeSettings
    log: TextIO
    connections: set[ServeConnection] = field(default_factory=set)
    now: Callable[[], float] = time.monotonic

    def write_log(self, line: str) -> None:
        """One line to the log (stderr), right away."""
        print(line, file=self.log, flush=True)


class ServeConnection(asyncssh.SSHServer):
    """One client connection: its login, its one terminal session, its log line."""

    def __init__(self, state: ServerState) -> None:
        self.state = state
        self.started_wall = datetime.now().astimezone()
        self.started = state.now()
        self.peer = "-"
        self.entry: AuthorizedKey | None = None
        self._offered: AuthorizedKey | None = None
        self._keys_tried = 0
        self.session: AppSession | None = None
        self.refusals: list[str] = []
        self.ending: str | None = None
        self._conn: asyncssh.SSHServerConnection | None = None

    # -- the connection ----------------------------------------------------

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        """Count it in; the cap is checked once the client can be told why."""
        self._conn = conn
        peer = conn.get_extra_info("peername")
        if peer:
            self.peer = f"{peer[0]}:{peer[1]}"
        self.state.connections.add(self)

    def begin_auth(self, username: str) -> bool:
        """Refuse a connection over the cap; everyone else must log in with a key."""
        over = len(self.state.connections) - self.state.settings.max_connections
        if over > 0 and self._conn is not None:
            self.ending = "refused: too many connections"
            self._conn.disconnect(
                asyncssh.DISC_TOO_MANY_CONNECTIONS,
                f"isoback serve: {self.state.settings.max_connections} open connections "
                "are the most it takes; try again later",
            )
        return True

    def connection_lost(self, exc: Exception | None) -> None:
        """The link is gone: hang up the app (it saves) and write the log line."""
        self.state.connections.discard(self)
        if self.ending is None:
            if self.entry is None:
                self.ending = "refused: key not listed" if self._keys_tried else "refused: no key"
            elif self.session is None:
                self.ending = "closed with no session"
            elif self.session.app_running:
                self.ending = "link dropped while the app ran: hung up"
            else:
                self.ending = "client closed the connection"
        if self.session is not None:
            self.session.link_lost()
        self.state.write_log(self.log_line())

    def log_line(self) -> str:
        """When, from where, which key and role, how long, how it ended (and what was refused)."""
        seconds = self.state.now() - self.started
        key = self.entry.fingerprint if self.entry else "-"
        role = self.entry.role.value if self.entry else "-"
        line = (
            f"{self.started_wall.isoformat(timespec='seconds')} {self.peer} {key} {role} "
            f"{seconds:.1f}s {self.ending}"
        )
        if self.refusals:
            line += "; refused " + ", ".join(self.refusals)
        return line

    def close(self) -> None:
        """Close the connection (server shutdown)."""
        if self._conn is not None:
            self._conn.close()

    def end(self, how: str) -> None:
        """Say how the connection ended, for its log line (the first reason wins)."""
        if self.ending is None:
            self.ending = how

    # -- logging in: public keys from the keys file, nothing else ------------

    def password_auth_supported(self) -> bool:
        """Passwords are never asked for."""
        return False

    def kbdint_auth_supported(self) -> bool:
        """Keyboard-interactive is never offered."""
        return False

    def host_based_auth_supported(self) -> bool:
        """Host-based login is never offered."""
        return False

    def public_key_auth_supported(self) -> bool:
        """A key from the keys file is the only way in."""
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        """Whether the key is listed; asyncssh then checks the client really holds it."""
        self._keys_tried += 1
        self._offered = self.state.settings.keys.find(key)
        return self._offered is not None

    def auth_completed(self) -> None:
        """Logged in: the role is the one of the key just proven."""
        self.entry = self._offered

    # -- what the client may ask for ------------------------------------------

    def session_requested(self) -> AppSession | bool:
        """One session per connection; it may only become a terminal running the app."""
        if self.session is not None or self.entry is None:
            self.refusals.append("a second session")
            return False
        self.session = AppSession(self, self.entry.role)
        return self.session

    def connection_requested(
        self, dest_host: str, dest_port: int, orig_host: str, orig_port: int
    ) -> bool:
        """Port forwarding to elsewhere (-L, -W, -D) is refused."""
        self.refusals.append("port forwarding (-L)")
        raise asyncssh.ChannelOpenError(
            asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED, "isoback serve forwards no ports"
        )

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        """Port forwarding from here (-R) is refused."""
        self.refusals.append("port forwarding (-R)")
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        """Forwarding to a local socket is refused."""
        self.refusals.append("socket forwarding")
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        """Forwarding from a local socket is refused."""
        self.refusals.append("socket forwarding")
        return False


class AppSession(asyncssh.SSHServerSession[bytes]):
    """The session channel: with a terminal it runs the app; anything else is refused."""

    def __init__(self, connection: ServeConnection, role: Role) -> None:
        self.connection = connection
        self.role = role
        self.terminal: AppTerminal | None = None
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None
        self._term: str | None = None
        self._size = (80, 24)
        self._refused: str | None = None
        self._gone = False
        self._idled_out = False
        self._last_activity = connection.state.now()
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
            self._size = (term_size[0], term_size[1])
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
        state = self.connection.state
        env = app_environment(os.environ, self.role, self._term or "", chan.get_environment())
        argv = [*state.settings.app_command, "--db", str(state.settings.db_path)]
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
        self._spawn(self._watch_idle())
        status = await self.terminal.wait()
        self.terminal.close()
        if self._gone:
            return
        if self._idled_out:
            chan.write_stderr(idle_sentence(state.settings.idle_timeout_s).encode())
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
        state = self.connection.state
        limit = state.settings.idle_timeout_s
        while self.terminal is not None and self.terminal.running and not self._gone:
            left = self._last_activity + limit - state.now()
            if left > 0:
                await asyncio.sleep(min(left, max(limit / 4, 0.2)))
                continue
            if self.terminal.holds_file_under(state.settings.running_folder):
                self._last_activity = state.now()  # a session in progress is activity
                continue
            self.connection.end("idle timeout")
            self._idled_out = True
            await self.terminal.hang_up()  # _run_app then says why and closes
            return

    # -- from the client -------------------------------------------------------

    def data_received(self, data: bytes, datatype: int | None) -> None:
        """Keys from the client go to the app."""
        self._last_activity = self.connection.state.now()
        if self.terminal is not None:
            self.terminal.write(data)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        """The client's window changed size: so does the app's terminal."""
        self._last_activity = self.connection.state.now()
        if width > 0 and height > 0:
            self._size = (width, height)
        if self.terminal is not None:
            self.terminal.resize(width, height)

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
            self._spawn(terminal.hang_up())

    async def finish(self) -> None:
        """Wait until the app has gone (server shutdown)."""
        self.link_lost()
        if self.terminal is not None:
            await self.terminal.hang_up()


async def run_server(
    settings: ServeSettings,
    log: TextIO,
    on_listening: Callable[[str, int], None],
    stop: asyncio.Event,
) -> None:
    """Listen until `stop` is set, then hang up every app and wait for them to go.

    OSError from listening (a port in use) reaches the caller.
    """
    state = ServerState(settings, log)
    acceptor = await asyncssh.create_server(
        lambda: ServeConnection(state),
        settings.host,
        settings.port,
        server_host_keys=[settings.host_key],
        encoding=None,
        password_auth=False,
        kbdint_auth=False,
        host_based_auth=False,
        gss_auth=False,
        gss_kex=False,
        agent_forwarding=False,
        x11_forwarding=False,
        allow_scp=False,
        sftp_factory=None,
        keepalive_interval=KEEPALIVE_S,
        keepalive_count_max=3,
        login_timeout=LOGIN_TIMEOUT_S,
        server_version="isoback",
    )
    port = acceptor.get_port()
    on_listening(settings.host, port)
    try:
        await stop.wait()
    finally:
        acceptor.close()
        for connection in list(state.connections):
            connection.end("server stopped")
        sessions = [c.session for c in list(state.connections) if c.session is not None]
        await asyncio.gather(*(session.finish() for session in sessions))
        for connection in list(state.connections):
            connection.close()
        await acceptor.wait_closed()


def stop_on_signals(stop: asyncio.Event) -> None:
    """SIGINT and SIGTERM stop the server cleanly (every app is hung up and saves)."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(sig, stop.set)
