"""The keys file of `isoback serve`: who may connect, and with which role.

One key a line, an OpenSSH public key line with the role in front
(PRODUCT.md section 8):

    owner ssh-ed25519 AAAAC3Nz... me@phone
    viewer ssh-ed25519 AAAAC3Nz... my physio

Blank lines and `#` comments are allowed. Any other line stops the server,
named by its number.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import asyncssh


class Role(Enum):
    """What a key may do: the whole app, or look at the history only."""

    OWNER = "owner"
    VIEWER = "viewer"


class KeysFileError(Exception):
    """The keys file can't be used; the message is one sentence for the user."""


@dataclass(frozen=True)
class AuthorizedKey:
    """One line of the keys file: the role, the key, and where it was written."""

    role: Role
    key: asyncssh.SSHKey
    line_number: int

    @property
    def fingerprint(self) -> str:
        """The key's SHA256 fingerprint, as `ssh-keygen -l` shows it."""
        return self.key.get_fingerprint("sha256")

    @property
    def comment(self) -> str:
        """The comment at the end of the line (often who the key belongs to), or ''."""
        return self.key.get_comment() or ""


class AuthorizedKeys:
    """Every key of the keys file, looked up by the key itself."""

    def __init__(self, keys: list[AuthorizedKey], path: Path) -> None:
        self.path = path
        self.keys = keys
        self._by_data = {entry.key.public_data: entry for entry in keys}

    def find(self, key: asyncssh.SSHKey) -> AuthorizedKey | None:
        """The entry for this public key, or None when it isn't listed."""
        return self._by_data.get(key.public_data)

    def count(self, role: Role) -> int:
        """How many keys have this role."""
        return sum(1 for entry in self.keys if entry.role is role)


def parse_keys(text: str, path: Path) -> AuthorizedKeys:
    """Read a keys file's text; KeysFileError names the first bad line and what is wrong."""
    keys: list[AuthorizedKey] = []
    seen: dict[bytes, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        role_word, *rest = line.split(None, 1)
        key_text = rest[0] if rest else ""
        where = f"{path}, line {number}"
        try:
            role = Role(role_word)
        except ValueError:
            raise KeysFileError(
                f"{where}: a line starts with its role, owner or viewer, not {role_word[:40]!r}"
            ) from None
        if not key_text.strip():
            raise KeysFileError(f"{where}: the {role.value} has no public key after the role")
        try:
            key = asyncssh.import_public_key(key_text.strip())
        except (asyncssh.KeyImportError, ValueError) as error:
            raise KeysFileError(
                f"{where}: not an OpenSSH public key line ({_lower(str(error))})"
            ) from None
        if key.public_data in seen:
            raise KeysFileError(
                f"{where}: this key is already listed on line {seen[key.public_data]}"
            )
        seen[key.public_data] = number
        keys.append(AuthorizedKey(role, key, number))
    if not keys:
        raise KeysFileError(
            f"{path} lists no keys; add a line such as 'owner ssh-ed25519 AAAA... me@phone'"
        )
    return AuthorizedKeys(keys, path)


def load_keys(path: Path) -> AuthorizedKeys:
    """Read and check the keys file at `path`; KeysFileError says what is wrong in one sentence."""
    try:
        info = path.stat()
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise KeysFileError(
            f"There is no keys file at {path}; write one line per key, "
            "such as 'owner ssh-ed25519 AAAA... me@phone', or point to one with --keys"
        ) from None
    except IsADirectoryError:
        raise KeysFileError(f"The keys file {path} is a folder, not a file") from None
    except PermissionError:
        raise KeysFileError(f"The keys file {path} cannot be read: permission denied") from None
    except UnicodeDecodeError:
        raise KeysFileError(f"The keys file {path} is not a text file (it is not UTF-8)") from None
    except OSError as error:
        reason = _lower(error.strerror or str(error))
        raise KeysFileError(f"The keys file {path} cannot be read: {reason}") from None
    if os.name == "posix" and info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise KeysFileError(
            f"The keys file {path} can be changed by other users; "
            f"make it yours alone with 'chmod 600 {path}'"
        )
    return parse_keys(text, path)


class KeysWatcher:
    """The keys file as it is now: read again whenever it changes, as sshd reads its own.

    So a key taken out of the file is refused from the next login on, with
    no restart. A file that has become unreadable or malformed lets nobody
    in until it is fixed (it may have been edited to take a key out), and
    `log` says why.
    """

    def __init__(self, keys: AuthorizedKeys, log: Callable[[str], None]) -> None:
        self.path = keys.path
        self._keys: AuthorizedKeys | None = keys
        self._stamp = _stamp(self.path)
        self._log = log

    def current(self) -> AuthorizedKeys | None:
        """The keys to check a login against, or None when the file can't be used now."""
        stamp = _stamp(self.path)
        if stamp != self._stamp:
            self._stamp = stamp
            try:
                self._keys = load_keys(self.path)
            except KeysFileError as problem:
                self._keys = None
                self._log(f"isoback serve: {problem}; nobody can log in until it is fixed.")
            else:
                self._log(
                    f"isoback serve: read the keys file again: {self._keys.count(Role.OWNER)} "
                    f"owner and {self._keys.count(Role.VIEWER)} viewer keys."
                )
        return self._keys


def _stamp(path: Path) -> tuple[int, int, int, int] | None:
    """What changes when the file does (modified time, size, inode, mode), or None if absent."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino, info.st_mode)


def _lower(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:]
