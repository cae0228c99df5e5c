"""The app's pty: a session of its own with the pty as controlling terminal, keys in order."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable

from isoback_tui.serve.keys import Role
from isoback_tui.serve.session import AppSession
from isoback_tui.serve.terminal import AppTerminal

CONTROLLING = """
import os
fd = os.open("/dev/tty", os.O_RDWR)  # only works with a controlling terminal
print("leader", os.getsid(0) == os.getpid(), "foreground", os.tcgetpgrp(fd) == os.getpgrp())
print("size", os.get_terminal_size(0))
"""

READ_ALL = """
import os, tty
tty.setraw(0)  # as the app does: before that the line discipline keeps 4 KB a line at most
print("raw", flush=True)
count = 0
while count < 200_000:
    count += len(os.read(0, 65536))
print("got", count)
"""

IGNORES_HANGUP = """
import signal, sys, time
signal.signal(signal.SIGHUP, signal.SIG_IGN)
print("ready", flush=True)
time.sleep(60)
"""


async def run(program: str, keys: bytes = b"") -> tuple[int, str]:
    """Run `program` on a 50x20 pty; once it says `raw`, type `keys`."""
    output = bytearray()
    terminal = await AppTerminal.start(
        [sys.executable, "-c", program], os.environ, cols=50, rows=20, on_output=output.extend
    )
    if keys:
        await until(lambda: b"raw" in output)
        terminal.write(keys)
    status = await terminal.wait()
    terminal.close()
    return status, output.decode()


async def until(check: Callable[[], bool]) -> None:
    """Let the loop run until `check()` is true (bounded: the test fails after 20 s)."""
    async with asyncio.timeout(20):
        while not check():
            await asyncio.sleep(0.01)


async def test_the_app_leads_its_own_session_on_its_own_terminal() -> None:
    status, text = await run(CONTROLLING)
    assert status == 0, text
    assert "leader True foreground True" in text
    assert "columns=50, lines=20" in text


async def test_keys_larger_than_the_pty_buffer_arrive_whole() -> None:
    status, text = await run(READ_ALL, b"x" * 200_000)
    assert status == 0, text
    assert "got 200000" in text


async def test_an_app_that_ignores_hangup_is_killed_after_the_grace_time() -> None:
    output = bytearray()
    terminal = await AppTerminal.start(
        [sys.executable, "-c", IGNORES_HANGUP], os.environ, cols=80, rows=24,
        on_output=output.extend,
    )  # fmt: skip
    await until(lambda: b"ready" in output)
    status = await terminal.hang_up(grace_s=0.3)
    terminal.close()
    assert status == -9
    assert not terminal.running


class _Channel:
    """Just enough of an SSH channel to see flow control."""

    def __init__(self) -> None:
        self.paused = False

    def pause_reading(self) -> None:
        self.paused = True

    def resume_reading(self) -> None:
        self.paused = False


class _Owner:
    settings = None

    def now(self) -> float:
        return 0.0

    def end(self, how: str) -> None:
        pass


async def test_keys_the_app_is_slow_to_take_hold_the_client_back() -> None:
    session = AppSession(_Owner(), Role.OWNER)  # type: ignore[arg-type]
    channel = _Channel()
    session.connection_made(channel)  # type: ignore[arg-type]
    output = bytearray()
    session.terminal = await AppTerminal.start(
        [sys.executable, "-c", PAUSED_READER], os.environ, cols=80, rows=24,
        on_output=output.extend,
    )  # fmt: skip
    session.terminal.on_input_taken(channel.resume_reading)
    try:
        await until(lambda: b"ready" in output)
        for _ in range(40):  # 400 KB: far more than a pty holds
            session.data_received(b"x" * 10_000, None)
        assert channel.paused  # the rest waits at the client, not in the server's memory
        assert session.terminal.input_waiting < 400_000
        session.terminal.signal(signal.SIGUSR1)  # the app starts reading
        await until(lambda: not channel.paused)
        assert b"reading" in output and session.terminal.running
    finally:
        await session.terminal.hang_up(grace_s=0.5)
        session.terminal.close()


PAUSED_READER = """
import os, signal, tty
tty.setraw(0)
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
print("ready", flush=True)
signal.sigwait([signal.SIGUSR1])
print("reading", flush=True)
while True:
    os.read(0, 65536)
"""
