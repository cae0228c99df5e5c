"""Store fixtures: a store on disk or in memory (the history path is in tests/conftest.py)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tinydb.storages import MemoryStorage, Storage

from isoback_tui.store import HistoryStore, StorageFactory
from isoback_tui.store.storage import AtomicJSONStorage


def memory_storage(_path: Path) -> Storage:
    """A TinyDB storage that keeps the history in memory (the path is ignored)."""
    return MemoryStorage()  # type: ignore[no-untyped-call]


@pytest.fixture(params=["disk", "memory"])
def storage(request: pytest.FixtureRequest) -> StorageFactory:
    """Each store-logic test runs on disk and in memory (tinydb's own pattern)."""
    return AtomicJSONStorage if request.param == "disk" else memory_storage


@pytest.fixture
def store(db_path: Path, storage: StorageFactory) -> Iterator[HistoryStore]:
    """A store over an empty history, closed after the test."""
    history = HistoryStore(db_path, storage)
    yield history
    history.close()


@pytest.fixture
def live_child() -> Iterator[subprocess.Popen[bytes]]:
    """A process of ours that stays alive until the test ends; any signal ends it.

    SIGHUP is set back to its default, so that even under nohup a signal sent
    to it by mistake shows in its exit code.
    """
    code = (
        "import signal, sys; signal.signal(signal.SIGHUP, signal.SIG_DFL); "
        "print('ready', flush=True); sys.stdin.read()"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert child.stdout is not None and child.stdout.readline() == b"ready\n"
    yield child
    assert child.stdin is not None
    child.stdin.close()
    child.wait(timeout=10)
    child.stdout.close()
