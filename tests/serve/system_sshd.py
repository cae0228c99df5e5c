"""A throwaway OpenSSH server (the system's sshd) on 127.0.0.1, for end-to-end tests.

Everything it uses lives in one temporary folder: host key, config, the one
authorized key, pid file, and the remote side's XDG folders and history.
It runs in the foreground (`sshd -D -e`) as whoever runs the tests; in CI
that is root, so root may log in, with that key only (`PermitRootLogin
prohibit-password`, `AllowUsers`). `UsePAM no` and `StrictModes no` let it
use keys in temporary folders. The remote environment (PATH to this venv's
`isoback`, the XDG folders, ISOBACK_DB) is set by the server's `SetEnv`, so
the remote app never sees the real user's files.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.ptyrun import PtyProcess
from tests.serve.sshkit import WAIT_S, make_key, terminate

SSHD = Path("/usr/sbin/sshd")
PRIVSEP_FOLDER = Path("/run/sshd")  # Debian's sshd, run as root, insists on it


def sshd_missing_reason() -> str | None:
    """Why a system sshd can't be run here, or None when it can."""
    if not SSHD.is_file():
        return f"{SSHD} is not installed (Debian's openssh-server; .ci/run installs it as root)"
    for tool in ("ssh", "ssh-keygen"):
        if shutil.which(tool) is None:
            return f"the OpenSSH client ({tool}) is not installed"
    if os.geteuid() == 0 and not PRIVSEP_FOLDER.is_dir():
        try:
            PRIVSEP_FOLDER.mkdir(
                mode=0o755, parents=True, exist_ok=True
            )  # what the Debian service does
        except OSError as error:
            return f"sshd needs {PRIVSEP_FOLDER}, which can't be made: {error.strerror}"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (sshd can't be told port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class SystemSshd:
    """A running system sshd and the folder around it."""

    folder: Path
    user: str
    key: Path
    db: Path
    port: int
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    _reader: threading.Thread | None = None

    @classmethod
    def start(cls, folder: Path, routines: dict[str, str]) -> SystemSshd:
        """Start sshd on a free port with `routines` (file name: TOML) for the remote app."""
        for sub in ("remote/config/isoback/routines", "remote/data", "remote/tmp", "client"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        for name, text in routines.items():
            (folder / "remote/config/isoback/routines" / name).write_text(text)
        host_key = folder / "host_ed25519"
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key)],
            check=True,
            stdin=subprocess.DEVNULL,
        )
        key = make_key(folder, "client_key")
        (folder / "authorized_keys").write_text(key.with_suffix(".pub").read_text())
        user = pwd.getpwuid(os.geteuid()).pw_name
        db = folder / "remote" / "data" / "isoback" / "history.json"
        for _attempt in range(5):  # the free port may be taken between probe and bind
            port = free_port()
            config = folder / "sshd_config"
            config.write_text(sshd_config(folder, host_key, user, port, db))
            process = subprocess.Popen(
                [str(SSHD), "-D", "-e", "-f", str(config)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            server = cls(folder, user, key, db, port, process)
            server._reader = threading.Thread(target=server._read_log, daemon=True)
            server._reader.start()
            if server._wait_listening():
                return server
            server.stop()
        raise AssertionError("sshd did not start; its log:\n" + "\n".join(server.lines))

    def _read_log(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def _wait_listening(self) -> bool:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            if any(re.search(rf"Server listening on 127\.0\.0\.1 port {self.port}", line)
                   for line in self.lines):  # fmt: skip
                return True
            if self.process.poll() is not None:
                time.sleep(0.1)  # let the reader take the last lines
                return False
            time.sleep(0.02)
        return False

    def terminal(self, *command: str, cols: int = 80, rows: int = 24) -> PtyProcess:
        """`ssh -tt user@127.0.0.1 COMMAND...` on a real terminal of `cols` x `rows`."""
        argv = [
            "ssh", "-tt", "-F", "/dev/null",
            "-o", "BatchMode=yes",
            "-o", "UserKnownHostsFile=/dev/null",
            "-o", "StrictHostKeyChecking=no",
            "-o", "LogLevel=ERROR",
            "-o", "IdentitiesOnly=yes",
            "-o", "ConnectTimeout=10",
            "-i", str(self.key), "-p", str(self.port), f"{self.user}@127.0.0.1",
            *command,
        ]  # fmt: skip
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.folder / "client"),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
        }
        return PtyProcess.spawn(argv, cols=cols, rows=rows, env=env)

    def stop(self) -> None:
        """SIGTERM the listening sshd (its sessions' processes were already waited for)."""
        terminate(self.process, self._reader)


def sshd_config(folder: Path, host_key: Path, user: str, port: int, db: Path) -> str:
    """The server's whole configuration: key logins for `user` only, nothing forwarded."""
    remote = folder / "remote"
    path = f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin"
    settings = {
        "Port": str(port),
        "ListenAddress": "127.0.0.1",
        "HostKey": str(host_key),
        "PidFile": str(folder / "sshd.pid"),
        "AuthorizedKeysFile": str(folder / "authorized_keys"),
        "AllowUsers": user,
        "PermitRootLogin": "prohibit-password",
        "PubkeyAuthentication": "yes",
        "PasswordAuthentication": "no",
        "KbdInteractiveAuthentication": "no",
        "UsePAM": "no",
        "StrictModes": "no",
        "AllowTcpForwarding": "no",
        "AllowAgentForwarding": "no",
        "X11Forwarding": "no",
        "PrintMotd": "no",
        "PrintLastLog": "no",
        "LogLevel": "INFO",
        "SetEnv": " ".join(
            [
                f"PATH={path}",
                f"HOME={remote}",
                f"XDG_CONFIG_HOME={remote / 'config'}",
                f"XDG_DATA_HOME={remote / 'data'}",
                f"TMPDIR={remote / 'tmp'}",
                f"ISOBACK_DB={db}",
                "LANG=C.UTF-8",
            ]
        ),
    }
    return "".join(f"{name} {value}\n" for name, value in settings.items())


def processes_with_env(name: str, value: str) -> list[int]:
    """Processes whose environment holds `name=value` (the remote apps of one test)."""
    wanted = f"{name}={value}".encode()
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue  # gone, or not ours to read
        if wanted in environ.split(b"\0"):
            found.append(int(entry.name))
    return found
