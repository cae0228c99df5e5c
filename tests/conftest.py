"""Shared fixtures: every test gets its own config and data folders."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from isoback_tui.core.clock import FakeClock
from isoback_tui.paths import user_routines_dir


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point XDG_* and ISOBACK_DB at tmp_path so no test touches the user's real files."""
    home = tmp_path / "home"
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        folder = home / sub
        folder.mkdir(parents=True)
        monkeypatch.setenv(name, str(folder))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("ISOBACK_DB", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the history file goes (its folder does not exist yet)."""
    return tmp_path / "data" / "isoback" / "history.json"


@pytest.fixture
def routines_dir(isolated_dirs: Path) -> Path:
    """The user's routines folder, made empty under the temporary XDG_CONFIG_HOME."""
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock the test moves by hand."""
    return FakeClock()


@pytest.fixture
def seed(request: pytest.FixtureRequest) -> int:
    """A random seed for a sampled test, printed so a failure can be replayed.

    `ISOBACK_SEED=<n> pytest <test>` runs the test again with the same draws;
    the seed is in the test's captured output, which pytest shows on failure.
    """
    chosen = int(os.environ.get("ISOBACK_SEED") or random.randrange(1 << 30))
    print(f"replay with: ISOBACK_SEED={chosen} pytest '{request.node.nodeid}'")
    return chosen
