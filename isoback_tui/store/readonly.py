"""A history that can be read and never changed: the store of a viewer login.

`isoback serve` gives a clinician's key the viewer role; the app then opens
its history through `ReadOnlyHistoryStore`. Every way the store changes a
file goes through two doors, the main file's locked read-modify-write and
the taking of a running session; both refuse here before any file, lock
or folder is touched. So whatever a screen asks, the history file stays
byte for byte as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from isoback_tui.store.errors import HistoryError
from isoback_tui.store.history import HistoryStore
from isoback_tui.store.running import RunningEntry, SessionLock

READ_ONLY_SENTENCE = "this login may look at the history but not change it"


class ReadOnlyError(HistoryError):
    """A change was asked of a read-only history; nothing was changed."""

    def __init__(self) -> None:
        super().__init__(READ_ONLY_SENTENCE)


class ReadOnlyHistoryStore(HistoryStore):
    """HistoryStore whose every write raises ReadOnlyError before touching anything."""

    @property
    def read_only(self) -> bool:
        """Always True: screens may use it to say no before asking."""
        return True

    @contextmanager
    def _writing(self, skip: str | None = None) -> Iterator[None]:
        raise ReadOnlyError()
        yield  # pragma: no cover - a generator, for @contextmanager

    def _take_session(self, session_id: str) -> tuple[RunningEntry, SessionLock]:
        raise ReadOnlyError()

    @classmethod
    def move_aside(cls, path: Path) -> NoReturn:
        """Never: a viewer can't move the history aside."""
        raise ReadOnlyError()
