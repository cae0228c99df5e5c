"""The layout of the history file, its schema version, the migrations, and their guard.

The file is a TinyDB database with two tables:

    {"meta":     {"1": {"app": "isoback", "schema_version": 1}},
     "sessions": {"1": <session, PRODUCT.md section 4>, "2": ...}}

`check_layout` accepts exactly that and says in a few words what is wrong
otherwise (`null` and `{}` included: isoback never writes them, even for an
empty history), so a file of another program is never taken
for ours. A file from an older schema is migrated in memory on read by the
functions in MIGRATIONS, and written back in the new layout on the next
write; a file from a newer isoback is refused, never rewritten.

`SchemaGuard` is the TinyDB middleware that applies this to any storage:
it checks every read and stamps every write.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

from tinydb.middlewares import Middleware
from tinydb.storages import Storage

from isoback_tui.store.errors import HistoryFileError, NotLineLayout

APP_MARK: Final = "isoback"
SCHEMA_VERSION: Final = 1
META_TABLE: Final = "meta"
SESSIONS_TABLE: Final = "sessions"
META_DOC_ID: Final = "1"

Migration = Callable[[dict[str, Any]], dict[str, Any]]

MIGRATIONS: dict[int, Migration] = {}
"""MIGRATIONS[n] turns a whole database of schema n into schema n + 1."""


class LayoutError(ValueError):
    """The data is not an isoback history; the message completes "the history file X ..."."""


def meta_document() -> dict[str, Any]:
    """The one document of the meta table, stamped on every write."""
    return {"app": APP_MARK, "schema_version": SCHEMA_VERSION}


def check_layout(data: object) -> dict[str, Any]:
    """`data` as a database of the current schema, migrated if it was older.

    Raises LayoutError when it is not an isoback history of a schema this
    version can read.
    """
    if not isinstance(data, dict):
        raise LayoutError(f"is not an isoback history (its JSON is {_kind(data)}, not an object)")
    if not data:
        # isoback never writes `{}` (every write stamps the meta table): another program did
        raise LayoutError("is not an isoback history (its JSON is an empty object, no tables)")
    tables = set(data)
    if META_TABLE not in tables or not tables <= {META_TABLE, SESSIONS_TABLE}:
        names = ", ".join(repr(name) for name in sorted(tables)[:5])
        raise LayoutError(f"belongs to another program (it holds {names}, not isoback's tables)")
    version = _schema_version(data[META_TABLE])
    if version > SCHEMA_VERSION:
        raise LayoutError(
            f"was written by a newer isoback (schema version {version}; "
            f"this version reads up to {SCHEMA_VERSION})"
        )
    while version < SCHEMA_VERSION:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            raise LayoutError(f"has schema version {version}, which this isoback cannot read")
        data = migrate(data)
        version += 1
        data[META_TABLE] = {META_DOC_ID: meta_document()}
    sessions = data.get(SESSIONS_TABLE, {})
    if not isinstance(sessions, dict):
        raise LayoutError(f"is damaged (its {SESSIONS_TABLE!r} table is not a JSON object)")
    for key, doc in sessions.items():
        if not key.isdigit() or not isinstance(doc, dict):
            raise LayoutError(
                f"is damaged (entry {key!r} of its {SESSIONS_TABLE!r} table is not a session)"
            )
    return data


def stamp(data: dict[str, Any]) -> None:
    """Write the app mark and current schema version into `data` before saving it."""
    data[META_TABLE] = {META_DOC_ID: meta_document()}


def _schema_version(meta: object) -> int:
    doc = meta.get(META_DOC_ID) if isinstance(meta, dict) and len(meta) == 1 else None
    if not isinstance(doc, dict) or doc.get("app") != APP_MARK:
        raise LayoutError("belongs to another program (its 'meta' table is not isoback's)")
    version = doc.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise LayoutError("is damaged (its schema version is not a whole number of 1 or more)")
    return version


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    return "a number"


class SchemaGuard(Middleware, Storage):
    """TinyDB middleware that makes any storage speak isoback's layout.

    `TinyDB(path, storage=SchemaGuard(AtomicJSONStorage))`: every read is
    checked (`check_layout`), and a `HistoryFileError` naming the file is
    raised when the data is not ours; every write is stamped with the app
    mark and schema version. Inside `pinned()` the first read is kept and
    handed out again, so one locked read-modify-write parses the file once
    however many TinyDB calls it makes. Only to the thread that pinned it:
    another thread reading meanwhile reads the file, never a change that is
    still on its way to the disk (and may never get there).
    """

    def __init__(self, storage_cls: Callable[[Path], Storage]) -> None:
        super().__init__(storage_cls)
        self.path = Path()
        self._pin_depth = 0
        self._pin_thread: int | None = None
        self._pinned: dict[str, Any] | None = None
        self._has_pinned = False

    def __call__(self, path: Path) -> SchemaGuard:
        """Open the wrapped storage for the history file at `path` (TinyDB calls this)."""
        self.path = Path(path)
        super().__call__(self.path)  # type: ignore[no-untyped-call]  # opens `self.storage`
        return self

    def stream_sessions(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Each raw session of the file as (document id, session), read lazily if possible.

        Storages that can stream (`AtomicJSONStorage`) are read a line at a
        time, so the whole parsed file is never in memory; this raises
        `NotLineLayout` when the file must be read whole instead (`read()`).
        Other storages, and reads inside `pinned()`, go through `read()`.
        """
        stream = getattr(self.storage, "stream_sessions", None)
        if self._pinning() or stream is None:
            data = self.read()
            yield from (data.get(SESSIONS_TABLE, {}) if data else {}).items()
            return
        for key, doc in stream():
            if key is None:  # the meta document comes first
                try:
                    version = _schema_version({META_DOC_ID: doc})
                except LayoutError:
                    raise NotLineLayout from None  # let the whole read say what is wrong
                if version != SCHEMA_VERSION:
                    # the whole read migrates it (a migration needs the whole database)
                    raise NotLineLayout
                continue
            yield key, doc

    def read(self) -> dict[str, Any] | None:
        """The checked, migrated database, or None when it is empty."""
        pinning = self._pinning()
        if pinning and self._has_pinned:
            return self._pinned
        raw = self.storage.read()
        data: dict[str, Any] | None = None
        if raw is not None:
            try:
                data = check_layout(raw)
            except LayoutError as error:
                raise HistoryFileError(self.path, str(error)) from None
        if pinning:
            self._pinned, self._has_pinned = data, True
        return data

    def write(self, data: dict[str, Any]) -> None:
        """Stamp the schema into `data` and write it through."""
        stamp(data)
        self.storage.write(data)
        if self._pinning():
            self._pinned, self._has_pinned = data, True

    def close(self) -> None:
        """Close the wrapped storage."""
        self.storage.close()

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """Within this block, read the file at most once (callers hold the write lock).

        One thread at a time: the store's write mutex sees to that.
        """
        if self._pin_depth == 0:
            self._pin_thread = threading.get_ident()
        elif not self._pinning():
            raise RuntimeError("the history is pinned by another thread")
        self._pin_depth += 1
        try:
            yield
        finally:
            self._pin_depth -= 1
            if not self._pin_depth:
                self._pinned, self._has_pinned, self._pin_thread = None, False, None

    def _pinning(self) -> bool:
        """Whether the calling thread is inside `pinned()`."""
        return self._pin_depth > 0 and self._pin_thread == threading.get_ident()
