"""A real `isoback serve` in a subprocess, and the real OpenSSH client against it.

The server listens on 127.0.0.1 on a port the kernel picks (`--port 0`) and
says which on stderr; everything it logs is collected line by line. Keys are
made here with ssh-keygen. The client runs with no user or system config,
in batch mode, trusting the fresh host key without storing it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.ptyrun import PtyProcess

WAIT_S = 20.0  # generous upper bound for anything to happen; nothing is timed against it

TINY_ROUTINE = """\
id = "tiny"
name = "Tiny serve check"
[defaults]
reps = 1
sets = 1
hold_s = 0.2
relax_s = 0
rest_s = 0
[[exercises]]
id = "squeeze"
name = "Squeeze"
cue = "Squeeze gently."
"""

LONG_ROUTINE = """\
id = "long"
name = "Long serve check"
[defaults]
reps = {reps}
sets = 1
hold_s = 0.2
relax_s = 0.1
rest_s = 0
[[exercises]]
id = "press"
name = "Press"
cue = "Press gently."
"""


def ssh_missing_reason() -> str | None:
    """Why the OpenSSH tests can't run here, or None when they can."""
    for tool in ("ssh", "sftp", "scp", "ssh-keygen", "ssh-agent", "ssh-add"):
        if shutil.which(tool) is None:
            return f"the OpenSSH client ({tool}) is not installed"
    return None


def make_key(folder: Path, name: str) -> Path:
    """A new ed25519 key pair `folder/name` and `.pub`, no passphrase."""
    path = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(path)],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return path


def sha256(path: Path) -> str:
    """The file's sha256, or 'missing'."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "missing"


@dataclass
class Server:
    """A running `isoback serve` and the files around it."""

    home: Path
    db: Path
    keys: dict[str, Path]
    process: subprocess.Popen[str]
    port: int = 0
    lines: list[str] = field(default_factory=list)
    _reader: threading.Thread | None = None

    @classmethod
    def start(cls, home: Path, keys: dict[str, Path], *options: str) -> Server:
        """Start the server with `options`; waits until it listens."""
        db = home / "data" / "isoback" / "history.json"
        argv = [sys.executable, "-m", "isoback_tui", "serve", "--port", "0", "--db", str(db)]
        process = subprocess.Popen(
            [*argv, *options],
            env=server_env(home),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        server = cls(home=home, db=db, keys=keys, process=process)
        server._reader = threading.Thread(target=server._read_log, daemon=True)
        server._reader.start()
        line = server.wait_log(r"listening on 127\.0\.0\.1 port (\d+)")
        found = re.search(r"port (\d+)", line)
        assert found is not None
        server.port = int(found.group(1))
        return server

    def _read_log(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_log(self, pattern: str, after: int = 0) -> str:
        """The first log line from index `after` on matching `pattern`; fails after WAIT_S."""
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            for line in self.lines[after:]:
                if re.search(pattern, line):
                    return line
            if self.process.poll() is not None and self._reader and not self._reader.is_alive():
                break
            time.sleep(0.02)
        raise AssertionError(f"no log line matching {pattern!r}; log:\n" + "\n".join(self.lines))

    def children(self) -> list[int]:
        """The server's child processes (the apps it runs) right now."""
        pids: list[int] = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            with open(task / "children") as handle:
                pids += [int(pid) for pid in handle.read().split()]
        return pids

    def wait_no_children(self) -> None:
        """Wait until every app the server started has gone; fails after WAIT_S."""
        deadline = time.monotonic() + WAIT_S
        while self.children():
            if time.monotonic() > deadline:
                raise AssertionError(f"apps still running: {self.children()}")
            time.sleep(0.05)

    def ssh_options(self, key: str | None = "owner") -> list[str]:
        """OpenSSH options: no config, batch mode, this server's port, one identity."""
        options = [
            "-F", "/dev/null",
            "-o", "BatchMode=yes",
            "-o", "UserKnownHostsFile=/dev/null",
            "-o", "StrictHostKeyChecking=no",
            "-o", "LogLevel=ERROR",
            "-o", "IdentitiesOnly=yes",
            "-o", "ConnectTimeout=10",
        ]  # fmt: skip
        if key is not None:
            options += ["-i", str(self.keys[key])]
        return options

    def ssh(
        self, *args: str, key: str | None = "owner", env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run `ssh` to the server with `args` (no terminal), to the end."""
        return subprocess.run(
            ["ssh", *self.ssh_options(key), "-p", str(self.port), *args, "127.0.0.1"],
            env=env or client_env(self.home),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=WAIT_S,
        )

    def ssh_command(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`ssh host COMMAND...` (exec), to the end."""
        return subprocess.run(
            ["ssh", *self.ssh_options(), "-p", str(self.port), "127.0.0.1", *args],
            env=client_env(self.home),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=WAIT_S,
        )

    def terminal(
        self,
        key: str = "owner",
        *extra: str,
        cols: int = 80,
        rows: int = 24,
        env: dict[str, str] | None = None,
    ) -> PtyProcess:
        """`ssh` on a real terminal of `cols` x `rows`, as a person at a phone would run it."""
        argv = ["ssh", *self.ssh_options(key), *extra, "-p", str(self.port), "127.0.0.1"]
        return PtyProcess.spawn(argv, cols=cols, rows=rows, env=env or client_env(self.home))

    def history(self) -> list[dict[str, object]]:
        """`isoback history --json` of the served history."""
        out = subprocess.run(
            [sys.executable, "-m", "isoback_tui", "--db", str(self.db), "history", "--json"],
            env=server_env(self.home),
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(out.stdout)  # type: ignore[no-any-return]

    def stop(self) -> int:
        """SIGTERM, as a person's Ctrl-C would; the exit status."""
        return terminate(self.process, self._reader)


def server_env(home: Path) -> dict[str, str]:
    """The server's environment: its own home, XDG folders and temporary folder."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "TMPDIR": str(home / "tmp"),
        "LANG": "C.UTF-8",
    }


def client_env(home: Path, **extra: str) -> dict[str, str]:
    """The client's environment: no agent unless given, a terminal type as a phone sends."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home / "client"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        **extra,
    }


def prepare_home(home: Path, *, long_reps: int = 30) -> dict[str, Path]:
    """Folders, keys (owner, viewer, stranger), the keys file and two tiny routines."""
    for sub in ("config/isoback/routines", "data", "tmp", "client", "keys"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    keys = {name: make_key(home / "keys", name) for name in ("owner", "viewer", "stranger")}
    lines = [
        "# who may reach the coach",
        f"owner {keys['owner'].with_suffix('.pub').read_text().strip()}",
        "",
        f"viewer {keys['viewer'].with_suffix('.pub').read_text().strip()}",
    ]
    (home / "config" / "isoback" / "serve_keys").write_text("\n".join(lines) + "\n")
    routines = home / "config" / "isoback" / "routines"
    (routines / "tiny.toml").write_text(TINY_ROUTINE)
    (routines / "xlong.toml").write_text(LONG_ROUTINE.format(reps=long_reps))
    return keys


def wait_until(what: str, check: object, process: PtyProcess | None = None) -> None:
    """Poll `check()` (reading the terminal meanwhile) until true; fails after WAIT_S."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        if process is not None:
            process.pump(0.1)
        else:
            time.sleep(0.1)
    raise AssertionError(f"never happened: {what}")


def screen_text(process: PtyProcess, since: int = 0) -> str:
    """What the app drew from chunk `since` on, escape sequences removed."""
    raw = b"".join(chunk for _, chunk in process.chunks[since:]).decode("utf-8", "replace")
    return re.sub(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]", "", raw)


def wait_for_text(process: PtyProcess, text: str, since: int = 0) -> None:
    """Read the terminal until `text` has been drawn (escape sequences aside)."""
    wait_until(f"{text!r} on screen", lambda: text in screen_text(process, since), process)


def terminate(process: subprocess.Popen[Any], reader: threading.Thread | None) -> int:
    """SIGTERM `process`, SIGKILL it if it lingers, wait for its output reader; the status."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=WAIT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if reader is not None:
        reader.join(timeout=5)
    return process.returncode
