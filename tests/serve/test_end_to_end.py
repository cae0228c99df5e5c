"""End to end over real SSH: a dropped link mid-set, then resume and finish.

Twice, once per way in: the system's OpenSSH server (`ssh -tt host isoback
start ...`, then `ssh -tt host isoback`) and `isoback serve` (the app
itself, from home). Each time a short session runs on a real terminal, the
ssh client is killed mid-set, and then: the session is `interrupted` with
every finished rep, no isoback process is left, and the next login is
offered to resume it, does, and finishes it. The waits have generous upper
bounds only; nothing is timed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench.ptyrun import PtyProcess
from tests.serve.sshkit import (
    Server,
    prepare_home,
    screen_text,
    server_env,
    ssh_missing_reason,
    wait_for_text,
    wait_until,
)
from tests.serve.system_sshd import SystemSshd, processes_with_env, sshd_missing_reason

REPS = 8
E2E_ROUTINE = f"""\
id = "e2e"
name = "End-to-end check"
[defaults]
reps = {REPS}
sets = 1
hold_s = 0.5
relax_s = 0.2
rest_s = 0
[[exercises]]
id = "press"
name = "Press"
cue = "Press the palms together."
"""

History = Callable[[], list[dict[str, object]]]


def read_history(db: Path, env: dict[str, str]) -> list[dict[str, object]]:
    """`isoback history --json` of `db`: the public view of what was saved."""
    out = subprocess.run(
        [sys.executable, "-m", "isoback_tui", "--db", str(db), "history", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def the_session(history: History) -> dict[str, object]:
    [session] = [s for s in history() if s["routine_id"] == "e2e"]
    return session


def drop_link_mid_set(client: PtyProcess, history: History) -> None:
    """Once two reps are saved (of REPS, so mid-set), kill the ssh client outright."""

    def two_reps_saved() -> bool:
        sessions = [s for s in history() if s["routine_id"] == "e2e"]
        reps = sessions[0]["reps_done"] if sessions else 0
        return isinstance(reps, int) and reps >= 2

    wait_until("two reps saved", two_reps_saved, client)
    client.process.kill()  # the phone loses its connection: no goodbye from the client
    client.process.wait()


def check_interrupted(history: History, left: Callable[[], list[int]]) -> int:
    """The session is interrupted with its finished reps, and no app is left; reps done."""
    wait_until("no isoback process left", lambda: not left())
    session = the_session(history)
    assert session["status"] == "interrupted"
    reps = session["reps_done"]
    assert isinstance(reps, int) and 2 <= reps < REPS
    return reps


def resume_and_finish(client: PtyProcess, history: History, reps_before: int) -> None:
    """Answer the resume offer, run the rest to the end, and leave the app."""
    wait_for_text(client, "Resume unfinished session")
    wait_for_text(client, f"{reps_before} of {REPS} reps behind you")
    mark = len(client.chunks)
    client.send("y")
    wait_until(
        "the live session",
        lambda: any(word in screen_text(client, mark) for word in ("GET READY", "HOLD")),
        client,
    )
    if "GET READY" in screen_text(client, mark):
        client.send("n")  # hold now, rather than wait out the countdown
    wait_for_text(client, "Session complete", since=mark)
    session = the_session(history)
    assert session["status"] == "completed"
    assert session["reps_done"] == REPS
    client.send("s")  # no pain rating after
    client.send("\r")  # home
    wait_for_text(client, "Quit", since=mark)
    client.send("q")
    wait_until("the ssh client ends", lambda: client.process.poll() is not None, client)


@pytest.fixture
def system_sshd(tmp_path: Path) -> Iterator[SystemSshd]:
    missing = sshd_missing_reason()
    if missing is not None:
        print(f"skipped: {missing}")
        pytest.skip(missing)
    server = SystemSshd.start(tmp_path / "sshd", {"e2e.toml": E2E_ROUTINE})
    try:
        yield server
    finally:
        server.stop()


def test_system_sshd_dropped_link_then_resume(system_sshd: SystemSshd) -> None:
    server = system_sshd
    remote_env = {**os.environ, "ISOBACK_DB": str(server.db)}

    def history() -> list[dict[str, object]]:
        return read_history(server.db, remote_env)

    def left() -> list[int]:
        return processes_with_env("ISOBACK_DB", str(server.db))

    fast = ["--no-countdown", "--no-pain"]
    client = server.terminal("isoback", "start", "e2e", "--hold", "0.5", "--relax", "0.2", *fast)
    try:
        wait_for_text(client, "HOLD")
        drop_link_mid_set(client, history)
    finally:
        client.stop()
    reps = check_interrupted(history, left)

    client = server.terminal("isoback")
    try:
        resume_and_finish(client, history, reps)
    finally:
        client.stop()
    wait_until("no isoback process left", lambda: not left())
    assert any("Accepted publickey" in line for line in server.lines), server.lines


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Server]:
    missing = ssh_missing_reason()
    if missing is not None:
        print(f"skipped: {missing}")
        pytest.skip(missing)
    home = tmp_path / "serve"
    keys = prepare_home(home)
    (home / "config" / "isoback" / "routines" / "e2e.toml").write_text(E2E_ROUTINE)
    server = Server.start(home, keys)
    try:
        yield server
    finally:
        assert server.stop() == 0


def test_isoback_serve_dropped_link_then_resume(serve: Server) -> None:
    def history() -> list[dict[str, object]]:
        return read_history(serve.db, server_env(serve.home))

    client = serve.terminal("owner")
    try:
        wait_for_text(client, "Low-back isometrics")
        for _ in range(8):  # down the routine list until the e2e routine is highlighted
            if "Press the palms together." in screen_text(client):
                break
            moved = len(client.chunks)
            client.send("j")
            wait_until("the highlight moved", lambda m=moved: len(client.chunks) > m, client)
            client.pump(0.2)
        client.send("\r")
        wait_for_text(client, "how much does your back hurt")
        client.send("s")
        wait_for_text(client, "GET READY")
        client.send("n")
        drop_link_mid_set(client, history)
    finally:
        client.stop()
    serve.wait_log(r" owner \d+\.\ds link dropped while the app ran")
    reps = check_interrupted(history, serve.children)

    client = serve.terminal("owner")
    try:
        resume_and_finish(client, history, reps)
    finally:
        client.stop()
    serve.wait_no_children()
