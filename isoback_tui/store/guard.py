"""The storage wrapper that makes any TinyDB storage speak isoback's layout.

On every read it checks the layout (`schema.check_layout`) and raises a
`HistoryFileError` naming the file when the data is not ours; on every write
it stamps the app mark and schema version. Inside `pinned()` the first read
is kept and handed out again, so one locked read-modify-write parses the
file once however many TinyDB calls it makes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from isoback_tui.store.errors import HistoryFileError
from isoback_tui.store.lines import NotLineLayout
from isoback_tui.store.schema import (
    META_DOC_ID,
    META_TABLE,
    SCHEMA_VERSION,
    SESSIONS_TABLE,
    LayoutError,
    check_layout,
    stamp,
)


class SchemaGuard(Storage):
    """Wraps `inner`, the storage of the history file at `path`."""

    def __init__(self, inner: Storage, path: Path) -> None:
        self.inner = inner
        self.path = path
        self._pin_depth = 0
        self._pinned: dict[str, Any] | None = None
        self._has_pinned = False

    def stream_sessions(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Each raw session of the file as (document id, session), read lazily if possible.

        Storages that can stream (`AtomicJSONStorage`) are read a line at a
        time, so the whole parsed file is never in memory; this raises
        `NotLineLayout` when the file must be read whole instead (`read()`).
        Other storages, and reads inside `pinned()`, go through `read()`.
        """
        stream = getattr(self.inner, "stream_sessions", None)
        if self._has_pinned or self._pin_depth or stream is None:
            data = self.read()
            yield from (data.get(SESSIONS_TABLE, {}) if data else {}).items()
            return
        for key, doc in stream():
            if key is None:  # the meta document comes first
                try:
                    check_layout({META_TABLE: {META_DOC_ID: doc}})
                except LayoutError:
                    raise NotLineLayout from None  # let the whole read say what is wrong
                if doc.get("schema_version") != SCHEMA_VERSION:
                    raise NotLineLayout  # the whole read migrates it
                continue
            yield key, doc

    def read(self) -> dict[str, Any] | None:
        """The checked, migrated database, or None when it is empty."""
        if self._has_pinned:
            return self._pinned
        raw = self.inner.read()
        data: dict[str, Any] | None = None
        if raw is not None:
            try:
                data = check_layout(raw)
            except LayoutError as error:
                raise HistoryFileError(self.path, str(error)) from None
        if self._pin_depth:
            self._pinned, self._has_pinned = data, True
        return data

    def write(self, data: dict[str, Any]) -> None:
        """Stamp the schema into `data` and write it through."""
        stamp(data)
        self.inner.write(data)
        if self._pin_depth:
            self._pinned, self._has_pinned = data, True

    def close(self) -> None:
        """Close the wrapped storage."""
        self.inner.close()

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """Within this block, read the file at most once (callers hold the write lock)."""
        self._pin_depth += 1
        try:
            yield
        finally:
            self._pin_depth -= 1
            if not self._pin_depth:
                self._pinned, self._has_pinned = None, False
