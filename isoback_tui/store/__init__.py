"""The session history: TinyDB behind one small class, with atomic, locked writes.

`HistoryStore` is the only code that touches the history's files; the
command-line `history` and `import` live in `commands`.
"""

from isoback_tui.store.errors import (
    HistoryError,
    HistoryFileError,
    SessionBusyError,
    SessionNotFoundError,
    SessionNotResumableError,
)
from isoback_tui.store.history import HistoryStore, StorageFactory

__all__ = [
    "HistoryError",
    "HistoryFileError",
    "HistoryStore",
    "SessionBusyError",
    "SessionNotFoundError",
    "SessionNotResumableError",
    "StorageFactory",
]
