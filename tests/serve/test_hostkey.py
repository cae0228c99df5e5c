"""The host key: made once with mode 0600, reused, never replaced."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from isoback_tui.serve.hostkey import HostKeyError, load_or_create_host_key


def test_made_on_first_start_then_reused(tmp_path: Path) -> None:
    path = tmp_path / "serve_host_key"
    key, made = load_or_create_host_key(path)
    assert made
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again, made_again = load_or_create_host_key(path)
    assert not made_again
    assert again.get_fingerprint() == key.get_fingerprint()


def test_missing_folder_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(HostKeyError, match="The folder for the host key, .*, does not exist"):
        load_or_create_host_key(tmp_path / "nowhere" / "key")
    assert not (tmp_path / "nowhere").exists()


def test_a_key_others_can_read_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "serve_host_key"
    load_or_create_host_key(path)
    path.chmod(0o644)
    before = path.read_bytes()
    with pytest.raises(HostKeyError, match="can be read by other users"):
        load_or_create_host_key(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_key_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "serve_host_key"
    path.write_text("not a key\n")
    path.chmod(0o600)
    with pytest.raises(HostKeyError, match="is not a private key"):
        load_or_create_host_key(path)
    assert path.read_text() == "not a key\n"
