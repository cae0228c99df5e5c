"""The session history: TinyDB behind one small class, with atomic, locked writes.

`HistoryStore` is the only code that touches the history's files. The store
returns records and raises the typed errors of `errors`; it never prints
(the command line, `isoback_tui.cli`, and the screens say what happened).

    history.py   HistoryStore: reads, the running session, every write
    running.py   the running-session files and their liveness locks
    storage.py   the TinyDB storage: atomic writes, one session per line
    schema.py    the layout, schema version, migrations, and their guard (middleware)
    files.py     only regular files, atomic writes, one wording of a file's problem
    errors.py    what can go wrong, as exceptions whose str() is one sentence
"""

from isoback_tui.store.errors import (
    HistoryError,
    HistoryFileError,
    SessionBusyError,
    SessionNotFoundError,
    SessionNotResumableError,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from isoback_tui.store.history import HistoryStore, StorageFactory
    from isoback_tui.store.storage import AtomicJSONStorage

__all__ = [
    "AtomicJSONStorage",
    "HistoryError",
    "HistoryFileError",
    "HistoryStore",
    "SessionBusyError",
    "SessionNotFoundError",
    "SessionNotResumableError",
    "StorageFactory",
]


def __getattr__(name: str) -> object:
    """HistoryStore (and TinyDB with it) load on first use, keeping start-up quick."""
    if name in ("HistoryStore", "StorageFactory"):
        from isoback_tui.store import history

        return getattr(history, name)
    if name == "AtomicJSONStorage":  # the TinyDB storage, for code that wants TinyDB directly
        from isoback_tui.store import storage

        return storage.AtomicJSONStorage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
