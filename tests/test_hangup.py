"""The app under a real terminal: SIGHUP, SIGTERM and a vanished terminal save and exit.

These run the real program on a pseudo-terminal with fast settings (half-second
holds), so a few reps are saved within a couple of seconds of wall time. They
wait on the program, not on a clock: no timing is asserted beyond generous
upper bounds for "it exited".
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.ptyrun import PtyProcess, terminal_env

FAST = ["start", "gentle-start", "--hold", "0.3", "--relax", "0.1", "--no-countdown", "--no-pain"]


def spawn(tmp_path: Path, *, ignore_hangup: bool = False) -> PtyProcess:
    env = terminal_env(tmp_path, ISOBACK_DB=str(tmp_path / "history.json"))
    argv = [sys.executable, "-m", "isoback_tui", *FAST]
    if ignore_hangup:  # what nohup does
        argv = [sys.executable, "-c", _NOHUP, *argv]
    return PtyProcess.spawn(argv, env=env)


_NOHUP = (
    "import os, signal, sys; signal.signal(signal.SIGHUP, signal.SIG_IGN); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)


def history(tmp_path: Path) -> list[dict[str, object]]:
    out = subprocess.run(
        [sys.executable, "-m", "isoback_tui", "history", "--json"],
        env={**os.environ, "ISOBACK_DB": str(tmp_path / "history.json")},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def wait_for_reps(process: PtyProcess, tmp_path: Path) -> None:
    """Let the session run until `history` shows at least two reps saved, in progress."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        process.pump(0.2)
        sessions = history(tmp_path)
        if sessions and sessions[0]["status"] == "in_progress":
            reps = sessions[0]["reps_done"]
            if isinstance(reps, int) and reps >= 2:
                return
    pytest.fail("the session never saved two reps")


def exit_within(process: PtyProcess, seconds: float) -> float:
    start = time.monotonic()
    while process.process.poll() is None:
        if time.monotonic() - start > seconds:
            pytest.fail(f"still running {seconds} s later")
        process.pump(0.05)
    return time.monotonic() - start


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM])
def test_signal_saves_and_exits(tmp_path: Path, sig: signal.Signals) -> None:
    process = spawn(tmp_path)
    try:
        wait_for_reps(process, tmp_path)
        process.process.send_signal(sig)
        exit_within(process, 3)
        output = b"".join(c for _, c in process.chunks)
    finally:
        process.stop()
    [session] = history(tmp_path)
    assert session["status"] == "interrupted"
    assert isinstance(session["reps_done"], int) and session["reps_done"] >= 2
    if sig == signal.SIGTERM:
        assert b"\x1b[?1049l" in output  # the terminal was given back (alternate screen left)


def test_vanished_terminal_with_hangup_ignored_saves_and_exits(tmp_path: Path) -> None:
    process = spawn(tmp_path, ignore_hangup=True)
    try:
        wait_for_reps(process, tmp_path)
        os.close(process.master)  # the terminal goes away; SIGHUP is ignored
        process.master = os.open(os.devnull, os.O_RDONLY)  # so stop() has something to close
        try:
            process.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pytest.fail("the app kept running on a dead terminal")
    finally:
        process.stop()
    [session] = history(tmp_path)
    assert session["status"] == "interrupted"
    assert isinstance(session["reps_done"], int) and session["reps_done"] >= 2
