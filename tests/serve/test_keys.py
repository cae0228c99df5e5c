"""The keys file: roles in front of OpenSSH public key lines; a bad line is named."""

from __future__ import annotations

import os
from pathlib import Path

import asyncssh
import pytest

from isoback_tui.serve.keys import KeysFileError, KeysWatcher, Role, load_keys, parse_keys

PATH = Path("/somewhere/serve_keys")


def public_line(comment: str) -> str:
    key = asyncssh.generate_private_key("ssh-ed25519", comment=comment)
    return key.export_public_key("openssh").decode().strip()


OWNER = public_line("me@phone")
VIEWER = public_line("my physio")


def test_roles_comments_and_blank_lines() -> None:
    text = f"# who may connect\n\nowner {OWNER}\n   \nviewer {VIEWER}\n"
    keys = parse_keys(text, PATH)
    owner = keys.find(asyncssh.import_public_key(OWNER))
    viewer = keys.find(asyncssh.import_public_key(VIEWER))
    assert owner is not None and owner.role is Role.OWNER and owner.line_number == 3
    assert viewer is not None and viewer.role is Role.VIEWER and viewer.comment == "my physio"
    assert owner.fingerprint.startswith("SHA256:")
    assert keys.find(asyncssh.import_public_key(public_line("stranger"))) is None
    assert (keys.count(Role.OWNER), keys.count(Role.VIEWER)) == (1, 1)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([f"owner {OWNER}", f"admin {VIEWER}"], "line 2: a line starts with its role, owner or "
         "viewer, not 'admin'"),
        ([f"Owner {OWNER}"], "line 1: a line starts with its role"),
        ([OWNER], "line 1: a line starts with its role, owner or viewer, not 'ssh-ed25519'"),
        (["# c", "viewer"], "line 2: the viewer has no public key after the role"),
        (["owner ssh-ed25519 not-base64!"], "line 1: not an OpenSSH public key line"),
        ([f'owner from="10.0.0.1" {OWNER}'], "line 1: not an OpenSSH public key line"),
        ([f"owner {OWNER}", f"viewer {OWNER}"], "line 2: this key is already listed on line 1"),
        (["# nobody yet", ""], "lists no keys"),
    ],
)  # fmt: skip
def test_a_bad_file_is_named_with_its_line(lines: list[str], message: str) -> None:
    with pytest.raises(KeysFileError) as raised:
        parse_keys("\n".join(lines), PATH)
    assert message in str(raised.value)
    assert str(raised.value).startswith(str(PATH))


def test_load_keys_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "serve_keys"
    path.write_text(f"owner {OWNER}\n")
    assert load_keys(path).count(Role.OWNER) == 1


def test_unreadable_files_are_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(KeysFileError, match="There is no keys file at .*--keys"):
        load_keys(tmp_path / "missing")
    with pytest.raises(KeysFileError, match="is a folder, not a file"):
        load_keys(tmp_path)
    latin = tmp_path / "latin"
    latin.write_bytes(b"owner \xe9\n")
    with pytest.raises(KeysFileError, match="not a text file"):
        load_keys(latin)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_file_others_can_change_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "serve_keys"
    path.write_text(f"owner {OWNER}\n")
    path.chmod(0o664)
    with pytest.raises(KeysFileError, match="can be changed by other users; .*chmod 600"):
        load_keys(path)


def test_the_file_is_read_again_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "serve_keys"
    path.write_text(f"owner {OWNER}\nviewer {VIEWER}\n")
    said: list[str] = []
    watcher = KeysWatcher(load_keys(path), said.append)
    viewer = asyncssh.import_public_key(VIEWER)
    first = watcher.current()
    assert first is not None and first.find(viewer) is not None
    assert said == []  # unchanged: not read again

    path.write_text(f"owner {OWNER}\n")  # the physio's key taken out
    now = watcher.current()
    assert now is not None and now.find(viewer) is None
    assert said[-1] == "isoback serve: read the keys file again: 1 owner and 0 viewer keys."

    path.write_text(f"owner {OWNER}\nviewr {VIEWER}\n")  # a slip while editing
    assert watcher.current() is None
    assert "line 2" in said[-1] and said[-1].endswith("nobody can log in until it is fixed.")

    path.unlink()
    assert watcher.current() is None
    path.write_text(f"viewer {VIEWER}\n")
    fixed = watcher.current()
    assert fixed is not None and fixed.count(Role.VIEWER) == 1
