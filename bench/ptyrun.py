"""Run a program under a real pseudo-terminal and watch what it writes.

Shared by the benchmark scripts: start a command at a given terminal size,
read everything it writes (with the time each chunk arrived), send keys,
and read the child's CPU time from /proc.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

BEL = 0x07
ESC = 0x1B
# After ESC, these start a string that runs to ST (ESC backslash) or, for OSC, to a BEL:
# OSC (]), DCS (P), SOS (X), PM (^), APC (_). A BEL that ends one is not a bell.
_STRING_STARTS = frozenset(b"]PX^_")


@dataclass
class BellScan:
    """The bells in a terminal's output, told apart from BELs that end escape strings."""

    bells: list[float] = field(default_factory=list)  # arrival time of each real BEL
    string_bels: int = 0  # BELs that ended an OSC (or other) string: not bells


def scan_bells(chunks: Iterable[tuple[float, bytes]]) -> BellScan:
    """Find the real bells in `chunks` (arrival time, bytes), across chunk boundaries.

    A BEL byte is a bell only outside escape strings: Textual writes OSC
    sequences such as `ESC ] 22 ; default BEL` (the pointer shape) whose
    closing BEL must not be counted.
    """
    scan = BellScan()
    state = "text"
    for at, chunk in chunks:
        for byte in chunk:
            if state == "text":
                if byte == BEL:
                    scan.bells.append(at)
                elif byte == ESC:
                    state = "esc"
            elif state == "esc":
                state = "string" if byte in _STRING_STARTS else "text"
                if byte == ESC:
                    state = "esc"
            elif state == "string":
                if byte == BEL:
                    scan.string_bels += 1
                    state = "text"
                elif byte == ESC:
                    state = "string-esc"
            elif state == "string-esc":
                state = "text" if byte == ord("\\") else "string"
    return scan


def terminal_env(home: Path, **extra: str) -> dict[str, str]:
    """A clean environment for the app: its own home and XDG folders, TERM as over SSH."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        **extra,
    }


@dataclass
class PtyProcess:
    """A child process on a pseudo-terminal, with everything it wrote so far."""

    process: subprocess.Popen[bytes]
    master: int
    started: float
    chunks: list[tuple[float, bytes]] = field(default_factory=list)

    @classmethod
    def spawn(
        cls, argv: list[str], *, cols: int = 80, rows: int = 24, env: Mapping[str, str]
    ) -> PtyProcess:
        """Start `argv` on a new terminal of `cols` x `rows`."""
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        started = time.monotonic()
        process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(env),
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        return cls(process=process, master=master, started=started)

    def pump(self, seconds: float) -> None:
        """Read whatever arrives for `seconds`, keeping each chunk's arrival time."""
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([self.master], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.chunks.append((time.monotonic(), data))

    def mark(self) -> int:
        """Where the output stands now; `since=` this looks only at what arrives after."""
        return len(self.chunks)

    def wait_for(self, needle: bytes, timeout: float, *, since: int = 0) -> float | None:
        """Seconds from spawn until the chunk that completed `needle` arrived, or None.

        Only output from chunk `since` on is searched (see `mark`).
        """
        index = self.find(needle, timeout, since=since)
        return None if index is None else self.chunks[index][0] - self.started

    def find(self, needle: bytes, timeout: float, *, since: int = 0) -> int | None:
        """The index of the chunk that completed `needle` (searching from `since`), or None."""
        deadline = time.monotonic() + timeout
        seen = b""
        checked = since
        while True:
            while checked < len(self.chunks):
                _at, chunk = self.chunks[checked]
                checked += 1
                seen = seen[-len(needle) :] + chunk
                if needle in seen:
                    return checked - 1
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.pump_once(left)

    def burst_end(self, index: int, gap_s: float) -> float:
        """When the write burst holding chunk `index` ended (monotonic seconds).

        A burst is chunks less than `gap_s` apart: one frame, however the
        terminal driver split it. Reads on until a gap of `gap_s` is seen.
        """
        position = index
        while True:
            while position + 1 < len(self.chunks):
                if self.chunks[position + 1][0] - self.chunks[position][0] >= gap_s:
                    return self.chunks[position][0]
                position += 1
            before = len(self.chunks)
            self.pump_once(gap_s - (time.monotonic() - self.chunks[position][0]))
            if len(self.chunks) == before and time.monotonic() - self.chunks[position][0] >= gap_s:
                return self.chunks[position][0]

    def settle(self, quiet_s: float, timeout: float) -> float | None:
        """Read until nothing arrives for `quiet_s`; the last chunk's arrival (monotonic).

        None when the output did not go quiet within `timeout` (a screen
        that keeps changing, such as the live session).
        """
        deadline = time.monotonic() + timeout
        while True:
            last = self.chunks[-1][0] if self.chunks else self.started
            now = time.monotonic()
            if now - last >= quiet_s:
                return last
            if now >= deadline:
                return None
            self.pump_once(min(quiet_s - (now - last), deadline - now))

    def exit_time(self, timeout: float) -> float | None:
        """Read what the child writes until it exits; when it was seen to exit (monotonic).

        None if it is still running after `timeout`. Checked every 5 ms.
        """
        deadline = time.monotonic() + timeout
        while self.process.poll() is None:
            if time.monotonic() >= deadline:
                return None
            self.pump_once(0.005)
        return time.monotonic()

    def pump_once(self, timeout: float) -> None:
        """Wait up to `timeout` for output and read one chunk of it."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if data:
                self.chunks.append((time.monotonic(), data))

    def send(self, keys: str) -> float:
        """Type `keys` into the terminal; the moment they were written (monotonic)."""
        os.write(self.master, keys.encode())
        return time.monotonic()

    def bytes_between(self, start: float, end: float) -> int:
        """Bytes written in the window [start, end)."""
        return sum(len(c) for t, c in self.chunks if start <= t < end)

    def cpu_seconds(self) -> float:
        """User + system CPU seconds used so far by the child."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """End the child and close the terminal."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        os.close(self.master)
