"""The SSH side of `isoback serve`: who gets in, what they may ask for, one app each.

Each connection is one `ServeConnection` (asyncssh's SSHServer): public-key
login against the keys file, nothing else. It allows one session channel
(see `session`), which runs the app on a terminal with the key's role.
Port, socket and agent forwarding are refused here; a connection over the
cap is told so and closed. Each connection ends with one log line.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO

import asyncssh

from isoback_tui.serve.keys import AuthorizedKey, AuthorizedKeys, KeysWatcher
from isoback_tui.serve.session import AppSession
from isoback_tui.serve.settings import ServeSettings

KEEPALIVE_S = 30.0
LOGIN_TIMEOUT_S = 60.0


@dataclass
class ServerState:
    """What all connections share: the settings, who is connected, the log."""

    settings: ServeSettings
    log: TextIO
    connections: set[ServeConnection] = field(default_factory=set)
    now: Callable[[], float] = time.monotonic
    keys: KeysWatcher = field(init=False)

    def __post_init__(self) -> None:
        self.keys = KeysWatcher(self.settings.keys, self.write_log)

    def write_log(self, line: str) -> None:
        """One line to the log (stderr), right away."""
        print(line, file=self.log, flush=True)


class ServeConnection(asyncssh.SSHServer):
    """One client connection: its login, its one terminal session, its log line."""

    def __init__(self, state: ServerState) -> None:
        self.state = state
        self.settings = state.settings
        self.started_wall = datetime.now().astimezone()
        self.started = state.now()
        self.peer = "-"
        self.entry: AuthorizedKey | None = None
        self._offered: AuthorizedKey | None = None
        self._keys_tried = 0
        self._refused_key = "-"
        self._keys: AuthorizedKeys | None = None
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
        self._keys = self.state.keys.current()
        if self._keys is None:
            self.ending = "refused: the keys file can't be used"
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
        key = self.entry.fingerprint if self.entry else self._refused_key
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

    def now(self) -> float:
        """Monotonic seconds (the server's clock), for durations and the idle time."""
        return self.state.now()

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
        self._offered = self._keys.find(key) if self._keys is not None else None
        if self._offered is None:  # logged, so the owner can tell whose key it was
            self._refused_key = key.get_fingerprint("sha256")
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
