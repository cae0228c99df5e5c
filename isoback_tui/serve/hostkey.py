"""The server's own SSH host key: made on first start (mode 0600), then reused.

Clients remember it, so it must stay the same from one start to the next;
it is a secret, so nobody but its owner may read it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import asyncssh

HOST_KEY_ALGORITHM = "ssh-ed25519"
HOST_KEY_MODE = 0o600


class HostKeyError(Exception):
    """The host key can't be made or read; the message is one sentence for the user."""


def load_or_create_host_key(path: Path) -> tuple[asyncssh.SSHKey, bool]:
    """The host key at `path`, made there first if there is none; (key, made_now).

    The folder must exist already (the caller makes the default one). A key
    file others can read, or one that isn't a private key, is refused and
    left as it is.
    """
    if not path.parent.is_dir():
        raise HostKeyError(
            f"The folder for the host key, {path.parent}, does not exist; "
            "create it or choose another file with --host-key"
        )
    try:
        return _read(path), False
    except FileNotFoundError:
        pass
    key = asyncssh.generate_private_key(HOST_KEY_ALGORITHM, comment="isoback serve")
    try:
        _write_new(path, key.export_private_key())
    except FileExistsError:  # another server made it a moment ago: use that one
        return _read(path), False
    except OSError as error:
        raise HostKeyError(f"The host key {path} could not be written: {_reason(error)}") from None
    return key, True


def _read(path: Path) -> asyncssh.SSHKey:
    """Read an existing key; FileNotFoundError when there is none, HostKeyError if unusable."""
    try:
        info = path.stat()
        data = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as error:
        raise HostKeyError(f"The host key {path} cannot be read: {_reason(error)}") from None
    if os.name == "posix" and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise HostKeyError(
            f"The host key {path} can be read by other users; "
            f"make it yours alone with 'chmod 600 {path}'"
        )
    try:
        return asyncssh.import_private_key(data)
    except (asyncssh.KeyImportError, ValueError) as error:
        raise HostKeyError(
            f"The host key {path} is not a private key this server can use ({error})"
        ) from None


def _write_new(path: Path, data: bytes) -> None:
    """Create `path` with mode 0600 and `data`, never replacing an existing file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, HOST_KEY_MODE)
    try:
        with open(fd, "wb") as handle:
            os.fchmod(handle.fileno(), HOST_KEY_MODE)  # whatever the umask
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()
