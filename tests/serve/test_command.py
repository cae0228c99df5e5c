"""`isoback serve` before it listens: one sentence for each problem; the app's environment."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import asyncssh

from isoback_tui.cli import run
from isoback_tui.paths import serve_host_key_path, serve_keys_path
from isoback_tui.serve.keys import Role
from isoback_tui.serve.role import ROLE_VARIABLE, is_read_only
from isoback_tui.serve.session import app_environment, window_size


def serve(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(["serve", *args], out, err)
    return status, err.getvalue()


def owner_line() -> str:
    key = asyncssh.generate_private_key("ssh-ed25519", comment="me@phone")
    return "owner " + key.export_public_key("openssh").decode().strip()


def test_the_default_keys_file_is_in_the_config_folder() -> None:
    status, err = serve()
    assert status == 1
    assert err == (
        f"isoback serve: There is no keys file at {serve_keys_path()}; write one line per key, "
        "such as 'owner ssh-ed25519 AAAA... me@phone', or point to one with --keys.\n"
    )
    assert not serve_host_key_path().exists()  # nothing made before the keys are sound


def test_a_malformed_keys_file_names_the_line(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.write_text(f"# mine\n{owner_line()}\nclinician ssh-ed25519 AAAA\n")
    status, err = serve("--keys", str(keys))
    assert status == 1
    assert err.count("\n") == 1
    assert f"{keys}, line 3: a line starts with its role, owner or viewer" in err


def test_a_missing_host_key_folder_is_one_sentence(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.write_text(owner_line())
    status, err = serve("--keys", str(keys), "--host-key", str(tmp_path / "no" / "key"))
    assert status == 1
    assert err == (
        f"isoback serve: The folder for the host key, {tmp_path / 'no'}, does not exist; "
        "create it or choose another file with --host-key.\n"
    )


def test_bad_options_are_usage_errors() -> None:
    for args in (["--port", "70000"], ["--max-connections", "0"], ["--idle-timeout", "-1"]):
        status, err = serve(*args)
        assert status == 2, args
        assert err.startswith("isoback: ") and "See 'isoback --help'." in err


def test_the_app_gets_its_role_from_the_server_only() -> None:
    base = {"PATH": "/bin", "HOME": "/home/me", ROLE_VARIABLE: "owner", "TERM": "dumb"}
    client = {ROLE_VARIABLE: "owner", "NO_COLOR": "1", "LD_PRELOAD": "/tmp/evil.so"}
    env = app_environment(base, Role.VIEWER, "xterm-256color", client)
    assert env == {
        "PATH": "/bin",
        "HOME": "/home/me",
        "NO_COLOR": "1",
        "TERM": "xterm-256color",
        ROLE_VARIABLE: "viewer",
    }
    assert is_read_only(env)
    assert not is_read_only(app_environment(base, Role.OWNER, "", {}))


def test_read_only_unless_the_role_is_owner() -> None:
    assert not is_read_only({})  # a local run
    assert not is_read_only({ROLE_VARIABLE: "owner"})
    for role in ("viewer", "", "Owner", "admin"):
        assert is_read_only({ROLE_VARIABLE: role})


def test_ssh_loads_only_for_serve() -> None:
    """Other commands and the app itself never pay for importing asyncssh."""
    probe = (
        "import io, sys; from isoback_tui.cli import run; import isoback_tui.app; "
        "run(['routines'], io.StringIO(), io.StringIO()); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('asyncssh', 'cryptography')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_window_sizes_stay_within_a_real_screen() -> None:
    assert window_size(40, 15) == (40, 15)
    assert window_size(65535, 65535) == (1000, 500)
