"""One app process on its own pseudo-terminal, driven from asyncio.

The child starts a new session with the pty as its controlling terminal, so
it behaves exactly as it would in a local terminal or an SSH login: the
kernel tells it about resizes (SIGWINCH) and, if the server goes, hangs it
up. The server feeds it the client's keys, reads what it draws, changes the
window size, and hangs it up (SIGHUP, which saves) when the link drops.
"""

from __future__ import annotations

import asyncio
import errno
import fcntl
import os
import signal
import struct
import termios
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from pathlib import Path

READ_CHUNK = 65536
HANGUP_GRACE_S = 3.0  # the app saves and exits within 1 s of SIGHUP (PRODUCT.md 7)


def _take_terminal() -> None:
    """In the child, after setsid: make its standard input (the pty) the controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _set_size(fd: int, cols: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


class AppTerminal:
    """A child process on a pty: keys in, drawing out, resizes, hangup."""

    def __init__(
        self, process: asyncio.subprocess.Process, master: int, on_output: Callable[[bytes], None]
    ) -> None:
        self.process = process
        self._master: int | None = master
        self._on_output = on_output
        self._pending_input = bytearray()
        self._on_input_taken: Callable[[], None] | None = None
        self._reading = False
        self._loop = asyncio.get_running_loop()
        self.resume_output()

    @classmethod
    async def start(
        cls,
        argv: Sequence[str],
        env: Mapping[str, str],
        *,
        cols: int,
        rows: int,
        on_output: Callable[[bytes], None],
    ) -> AppTerminal:
        """Start `argv` on a new pty of `cols` x `rows`; OSError if it can't be started."""
        master, slave = os.openpty()
        try:
            _set_size(slave, max(cols, 1), max(rows, 1))
            os.set_blocking(master, False)
            process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=dict(env),
                start_new_session=True,
                preexec_fn=_take_terminal,
                close_fds=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        return cls(process, master, on_output)

    @property
    def pid(self) -> int:
        """The app's process id (also its process group and session id)."""
        return self.process.pid

    @property
    def running(self) -> bool:
        """Whether the app has not exited yet."""
        return self.process.returncode is None

    # -- output ----------------------------------------------------------

    def pause_output(self) -> None:
        """Stop reading what the app draws (the client is behind); the app then waits."""
        if self._reading and self._master is not None:
            self._loop.remove_reader(self._master)
        self._reading = False

    def resume_output(self) -> None:
        """Read what the app draws again."""
        if not self._reading and self._master is not None:
            self._loop.add_reader(self._master, self._read)
            self._reading = True

    def _read(self) -> None:
        """Pass on whatever the app wrote; a closed pty stops the reading."""
        if self._master is None:
            return
        try:
            data = os.read(self._master, READ_CHUNK)
        except BlockingIOError:
            return
        except OSError as error:  # EIO: every copy of the pty's other side is closed
            if error.errno != errno.EIO:
                raise
            data = b""
        if data:
            self._on_output(data)
        else:
            self.pause_output()

    def _drain(self) -> None:
        """After the app exited: pass on the last of its drawing, still in the pty."""
        while self._master is not None:
            try:
                data = os.read(self._master, READ_CHUNK)
            except OSError:  # BlockingIOError: nothing left; EIO: the other side is closed
                return
            if not data:
                return
            self._on_output(data)

    # -- input -----------------------------------------------------------

    @property
    def input_waiting(self) -> int:
        """Bytes of keys not yet taken by the terminal (the app reads slower than they come)."""
        return len(self._pending_input)

    def on_input_taken(self, callback: Callable[[], None] | None) -> None:
        """Call `callback` whenever every waiting key has been taken (to read more keys)."""
        self._on_input_taken = callback

    def write(self, data: bytes) -> None:
        """Type the client's keys into the app's terminal, in order, never blocking."""
        if self._master is None:
            return
        waiting = bool(self._pending_input)  # then a writer is set up to flush it all
        self._pending_input += data
        if not waiting:
            self._flush_input()

    def _flush_input(self) -> None:
        if self._master is None:
            return
        while self._pending_input:
            try:
                written = os.write(self._master, self._pending_input)
            except BlockingIOError:
                self._loop.add_writer(self._master, self._flush_input)
                return
            except OSError:
                self._pending_input.clear()
                break
            del self._pending_input[:written]
        self._loop.remove_writer(self._master)
        if self._on_input_taken is not None:
            self._on_input_taken()

    def resize(self, cols: int, rows: int) -> None:
        """Give the terminal a new size; the kernel sends the app SIGWINCH."""
        if self._master is not None and cols > 0 and rows > 0:
            with suppress(OSError):
                _set_size(self._master, cols, rows)

    # -- ending ------------------------------------------------------------

    def signal(self, sig: signal.Signals) -> None:
        """Send `sig` to the app's whole process group (whatever it started too)."""
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, sig)

    async def wait(self) -> int:
        """Wait for the app to exit; its exit status (negative: the signal that ended it)."""
        status = await self.process.wait()
        self._drain()
        return status

    async def hang_up(self, grace_s: float = HANGUP_GRACE_S) -> int:
        """SIGHUP (the app saves and exits); SIGKILL its group if still there after `grace_s`."""
        if self.running:
            self.signal(signal.SIGHUP)
            try:
                return await asyncio.wait_for(asyncio.shield(self.process.wait()), grace_s)
            except TimeoutError:
                self.signal(signal.SIGKILL)
        return await self.process.wait()

    def close(self) -> None:
        """Let go of the pty (after the app has exited)."""
        master, self._master = self._master, None
        if master is not None:
            self._loop.remove_reader(master)
            self._loop.remove_writer(master)
            self._reading = False
            os.close(master)

    def holds_file_under(self, folder: Path) -> bool:
        """Whether the app has a file in `folder` open (Linux: from /proc; elsewhere False).

        The store keeps a running session's lock file open for as long as the
        session runs, so this tells "a session is in progress" for this app alone.
        """
        fd_dir = Path(f"/proc/{self.process.pid}/fd")
        prefix = str(folder) + os.sep
        try:
            for fd in os.listdir(fd_dir):
                with suppress(OSError):
                    if os.readlink(fd_dir / fd).startswith(prefix):
                        return True
        except OSError:
            return False
        return False
