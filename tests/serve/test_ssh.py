"""`isoback serve` against the real OpenSSH client, on 127.0.0.1.

One server serves the whole module (starting one costs about half a
second); the cap and idle tests start their own with small limits. The
tests wait on what the server and the apps do, never on a clock: the waits
only have generous upper bounds.
"""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import struct
import subprocess
import sys
import termios
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.ptyrun import PtyProcess
from tests.serve.sshkit import (
    Server,
    client_env,
    prepare_home,
    screen_text,
    server_env,
    sha256,
    ssh_missing_reason,
    wait_for_text,
    wait_until,
)

_missing = ssh_missing_reason()
pytestmark = [
    pytest.mark.skipif(_missing is not None, reason=_missing or ""),
    pytest.mark.xdist_group("one-ssh-server"),  # the module's server: one worker
]

ESC = "\x1b"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the module: its own home, keys and two tiny routines.

    The tests run in file order; the dropped-link test leaves an interrupted
    session (later owner logins are offered to resume it), so it comes after
    the tests that choose a routine from home.
    """
    home = tmp_path_factory.mktemp("serve")
    keys = prepare_home(home)
    running = Server.start(home, keys)
    try:
        yield running
    finally:
        assert running.stop() == 0
        assert "isoback serve: stopped." in running.lines


def choose_routine(client: PtyProcess, cue: str, downs: int) -> None:
    """From home, move down `downs` routines; the details pane then shows `cue`."""
    mark = len(client.chunks)
    for _ in range(downs):
        moved = len(client.chunks)
        client.send("j")
        wait_until("the highlight moved", lambda m=moved: len(client.chunks) > m, client)
    wait_for_text(client, cue, since=mark)


def test_owner_runs_a_session_to_the_end(server: Server) -> None:
    client = server.terminal("owner")
    try:
        wait_for_text(client, "Low-back isometrics")
        choose_routine(client, "Squeeze gently.", 2)
        client.send("\r")  # start
        wait_for_text(client, "how much does your back hurt")
        client.send("s")  # no pain rating
        wait_for_text(client, "GET READY")
        client.send("n")  # hold now

        def completed() -> bool:
            return any(
                s["routine_id"] == "tiny" and s["status"] == "completed" for s in server.history()
            )

        wait_until("the session completed and saved", completed, client)
        client.send(ESC)  # summary -> home
        wait_for_text(client, "Low-back isometrics", since=len(client.chunks))
        client.send("\x11")  # ctrl+q: quit (home's own q does not quit yet)
        wait_until("ssh ended", lambda: client.process.poll() is not None, client)
        assert client.process.returncode == 0
    finally:
        client.stop()
    [session] = [s for s in server.history() if s["routine_id"] == "tiny"]
    assert session["reps_done"] == 1
    server.wait_log(r" owner \d+\.\ds app exited \(status 0\)$")
    server.wait_no_children()


def test_viewer_sees_the_history_and_changes_nothing(server: Server) -> None:
    _seed_history(server)
    before = sha256(server.db)
    files_before = sorted(p.name for p in server.db.parent.iterdir())
    client = server.terminal("viewer")
    try:
        wait_for_text(client, "View only")
        wait_for_text(client, "Seeded by test")
        mark = len(client.chunks)
        client.send("d")  # delete
        wait_for_text(client, "no deleting here", since=mark)
        client.send("\r")  # details of the newest session
        wait_for_text(client, "Set 1")
        mark = len(client.chunks)
        client.send(ESC)  # back to the table
        wait_for_text(client, "Streak", since=mark)
        mark = len(client.chunks)
        client.send("d")  # and delete again, from the table
        wait_for_text(client, "no deleting here", since=mark)
        client.send(ESC)  # leaving the history leaves the app
        wait_until("ssh ended", lambda: client.process.poll() is not None, client)
    finally:
        client.stop()
    assert "Delete the session" not in screen_text(client)
    assert sha256(server.db) == before
    assert sorted(p.name for p in server.db.parent.iterdir()) == files_before
    server.wait_log(r" viewer \d+\.\ds app exited \(status 0\)$")
    server.wait_no_children()


def _seed_history(server: Server) -> None:
    """One finished session, imported as a person restoring a backup would."""
    if any(s["routine_name"] == "Seeded by test" for s in server.history()):
        return
    export = server.home / "seed.json"
    export.write_text(
        '[{"id": "seeded-1", "routine_id": "lowback-isometrics",'
        ' "routine_name": "Seeded by test",'
        ' "started_at": "2030-01-02T07:30:00+00:00", "ended_at": "2030-01-02T07:50:00+00:00",'
        ' "status": "completed",'
        ' "params": {"reps": 2, "sets": 1, "hold_s": 5, "relax_s": 3, "rest_s": 20},'
        ' "exercises": [{"id": "knees-in", "name": "Knees-in",'
        ' "sets": [{"reps_done": 2, "reps_skipped": 0}]}],'
        ' "reps_done": 2, "reps_skipped": 0, "reps_planned": 2, "hold_s_total": 10,'
        ' "paused_s": 0, "duration_s": 1200, "pain_before": 3, "pain_after": 2, "note": ""}]'
    )
    subprocess.run(
        [sys.executable, "-m", "isoback_tui", "--db", str(server.db), "import", str(export)],
        env=server_env(server.home),
        check=True,
        capture_output=True,
    )


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("command", "runs the coach only, not commands"),
        ("no terminal", "the coach needs a terminal"),
        ("sftp", "offers no file transfer"),
        ("scp", "offers no file transfer"),
        ("legacy scp", "runs the coach only, not commands"),
        ("-W forwarding", "stdio forwarding failed"),
        ("-R forwarding", "remote port forwarding failed"),
        ("password", "Permission denied (publickey)"),
        ("unknown key", "Permission denied (publickey)"),
    ],
)
def test_refused(server: Server, case: str, expected: str) -> None:
    mark = len(server.lines)
    result = _attempt(server, case)
    assert result.returncode != 0
    assert expected in result.stderr
    line = server.wait_log(r"s (refused|closed with no session)", after=mark)
    assert _LOGGED[case] in line
    if case == "unknown key":
        fingerprint = subprocess.run(
            ["ssh-keygen", "-l", "-f", str(server.keys["stranger"])],
            capture_output=True, text=True, check=True,
        ).stdout.split()[1]  # fmt: skip
        assert f" {fingerprint} - " in line and line.endswith("refused: key not listed")
    server.wait_no_children()


_LOGGED = {
    "command": "refused: a command (exec)",
    "no terminal": "refused: a shell without a terminal",
    "sftp": "refused: the sftp subsystem",
    "scp": "refused: the sftp subsystem",
    "legacy scp": "refused: a command (exec)",
    "-W forwarding": "refused port forwarding (-L)",
    "-R forwarding": "refused port forwarding (-R)",
    "password": "- - ",
    "unknown key": "refused: key not listed",
}


def _attempt(server: Server, case: str) -> subprocess.CompletedProcess[str]:
    port = str(server.port)
    if case == "command":
        return server.ssh_command("ls", "/")
    if case == "no terminal":
        return server.ssh("-T")
    if case in ("sftp", "scp", "legacy scp"):
        if case == "sftp":
            argv = ["sftp", "-b", "-", *server.ssh_options(), "-P", port, "127.0.0.1"]
        else:
            legacy = ["-O"] if case == "legacy scp" else []
            target = str(server.home / "copied")
            argv = ["scp", *legacy, *server.ssh_options(), "-P", port, "127.0.0.1:/etc/hostname",
                    target]  # fmt: skip
        return subprocess.run(
            argv, env=client_env(server.home), input="ls\n", capture_output=True, text=True,
            timeout=20,
        )  # fmt: skip
    if case == "-W forwarding":
        return server.ssh("-W", "127.0.0.1:9")
    if case == "-R forwarding":
        return server.ssh("-N", "-o", "ExitOnForwardFailure=yes", "-R", "127.0.0.1:0:127.0.0.1:9")
    if case == "password":
        return server.ssh(
            "-o", "PubkeyAuthentication=no",
            "-o", "PreferredAuthentications=password,keyboard-interactive",
            key=None,
        )  # fmt: skip
    if case == "unknown key":
        return server.ssh(key="stranger")
    raise AssertionError(case)


def test_a_key_taken_out_of_the_file_is_refused_without_a_restart(server: Server) -> None:
    keys_file = server.home / "config" / "isoback" / "serve_keys"
    kept = keys_file.read_text()
    try:
        owner_only = [line for line in kept.splitlines(True) if not line.startswith("viewer")]
        keys_file.write_text("".join(owner_only))
        refused = server.ssh("-T", key="viewer")
        assert "Permission denied (publickey)" in refused.stderr
        server.wait_log(r"read the keys file again: 1 owner and 0 viewer keys")
    finally:
        keys_file.write_text(kept)
    back = server.ssh("-T", key="viewer")  # in again (and told it needs a terminal)
    assert "the coach needs a terminal" in back.stderr


def test_local_port_forwarding_is_refused(server: Server) -> None:
    mark = len(server.lines)
    with socket.socket() as target, socket.socket() as free:
        target.bind(("127.0.0.1", 0))
        target.listen()
        target.settimeout(0.5)
        free.bind(("127.0.0.1", 0))
        local_port = free.getsockname()[1]
        free.close()  # ssh listens here instead
        forward = f"127.0.0.1:{local_port}:127.0.0.1:{target.getsockname()[1]}"
        argv = ["ssh", *server.ssh_options(), "-N", "-L", forward, "-p", str(server.port),
                "127.0.0.1"]  # fmt: skip
        client = subprocess.Popen(
            argv, env=client_env(server.home), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:

            def sent_through() -> bool:
                try:
                    user = socket.create_connection(("127.0.0.1", local_port), timeout=5)
                except ConnectionRefusedError:
                    return False  # ssh is not listening yet
                with user:
                    try:
                        user.sendall(b"hello")
                        return user.recv(16) == b""  # ssh closes it: the server refused
                    except ConnectionResetError:
                        return True

            wait_until("a connection through the forward was closed", sent_through)
            with pytest.raises(TimeoutError):
                target.accept()  # nothing ever reached the target
        finally:
            client.terminate()
            client.communicate(timeout=10)
    line = server.wait_log(r"refused port forwarding \(-L\)", after=mark)
    assert " owner " in line


def test_agent_forwarding_is_refused(server: Server) -> None:
    agent_socket = server.home / "client" / "agent.sock"
    agent = subprocess.run(
        ["ssh-agent", "-a", str(agent_socket)], capture_output=True, text=True, check=True
    )
    agent_pid = int(agent.stdout.split("SSH_AGENT_PID=")[1].split(";")[0])
    try:
        env = client_env(server.home, SSH_AUTH_SOCK=str(agent_socket))
        subprocess.run(["ssh-add", "-q", str(server.keys["owner"])], env=env, check=True)
        tmp = server.home / "tmp"
        before = sorted(tmp.iterdir())
        client = server.terminal("owner", "-A", "-o", "ForwardAgent=yes", env=env)
        try:
            wait_for_text(client, "Low-back isometrics")
            # asyncssh would make its agent socket in a new folder under TMPDIR
            assert sorted(tmp.iterdir()) == before
        finally:
            client.stop()
    finally:
        os.kill(agent_pid, signal.SIGTERM)
    server.wait_no_children()


def app_terminal_size(pid: int) -> tuple[int, int]:
    """(columns, rows) of the terminal the app with this pid runs on."""
    with open(f"/proc/{pid}/fd/0", "rb", buffering=0) as tty:
        rows, cols, _, _ = struct.unpack("HHHH", fcntl.ioctl(tty, termios.TIOCGWINSZ, bytes(8)))
    return cols, rows


def test_term_size_and_resizes_reach_the_app(server: Server) -> None:
    client = server.terminal("owner", cols=80, rows=24)
    try:
        wait_for_text(client, "Low-back isometrics")
        [app] = server.children()
        environ = Path(f"/proc/{app}/environ").read_bytes().split(b"\0")
        assert b"TERM=xterm-256color" in environ
        assert b"ISOBACK_SERVE_ROLE=owner" in environ
        assert app_terminal_size(app) == (80, 24)
        mark = len(client.chunks)
        fcntl.ioctl(client.master, termios.TIOCSWINSZ, struct.pack("HHHH", 15, 40, 0, 0))
        os.kill(client.process.pid, signal.SIGWINCH)  # ssh has no controlling terminal here
        # at 40 columns the routine list spans the whole width: a 40-wide box
        wait_for_text(client, "╭" + "─" * 38 + "╮", since=mark)
        assert app_terminal_size(app) == (40, 15)
    finally:
        client.stop()
    server.wait_no_children()


def test_dropped_link_leaves_the_session_interrupted(server: Server) -> None:
    client = server.terminal("owner")
    mark = len(server.lines)
    try:
        wait_for_text(client, "Low-back isometrics")
        choose_routine(client, "Press gently.", 3)
        client.send("\r")
        wait_for_text(client, "how much does your back hurt")
        client.send("s")
        wait_for_text(client, "GET READY")
        client.send("n")

        def two_reps_saved() -> bool:
            return any(
                s["routine_id"] == "long"
                and s["status"] == "in_progress"
                and isinstance(s["reps_done"], int)
                and s["reps_done"] >= 2
                for s in server.history()
            )

        wait_until("two reps saved", two_reps_saved, client)
        client.process.kill()  # the phone loses its connection
        client.process.wait()
    finally:
        client.stop()
    server.wait_log(r" owner \d+\.\ds link dropped while the app ran", after=mark)
    server.wait_no_children()
    [session] = [s for s in server.history() if s["routine_id"] == "long"]
    assert session["status"] == "interrupted"
    assert isinstance(session["reps_done"], int) and session["reps_done"] >= 2


def test_cap_and_idle_timeout(tmp_path: Path) -> None:
    home = tmp_path / "capped"
    keys = prepare_home(home, long_reps=10)
    capped = Server.start(home, keys, "--max-connections", "1", "--idle-timeout", "2")
    try:
        first = capped.terminal("owner")
        try:
            wait_for_text(first, "Low-back isometrics")
            choose_routine(first, "Press gently.", 3)
            first.send("\r")
            wait_for_text(first, "how much does your back hurt")
            first.send("s")
            wait_for_text(first, "GET READY")
            first.send("n")  # the last key: 10 reps (2.9 s) now outlast the 2 s idle time
            refused = capped.ssh(key="viewer")  # meanwhile, one connection too many
            assert refused.returncode == 255
            assert "the most it takes" in refused.stderr
            capped.wait_log(r"- - \d+\.\ds refused: too many connections")
            wait_until(
                "ssh closed after the idle time", lambda: first.process.poll() is not None, first
            )
            assert "without a key press" in screen_text(first)
        finally:
            first.stop()
        [session] = [s for s in capped.history() if s["routine_id"] == "long"]
        assert session["status"] == "completed"  # a session under way is activity
        capped.wait_log(r" owner \d+\.\ds idle timeout")
        capped.wait_no_children()
    finally:
        assert capped.stop() == 0


def test_port_in_use_is_one_sentence(tmp_path: Path) -> None:
    home = tmp_path / "busy"
    keys = prepare_home(home)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "isoback_tui", "serve", "--port", str(port)],
            env=server_env(home),
            capture_output=True,
            text=True,
            timeout=20,
        )
    assert keys
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"isoback serve: port {port} on 127.0.0.1 is already in use; choose another with --port."
    )
