"""A pytest plugin that puts isoback's storage where TinyDB's own tests expect JSONStorage.

Loaded with `-p isoback_tinydb_plugin` when TinyDB's test suite (from its
source distribution) runs, see `test_tinydb_suite`. It swaps the storage
before the test modules are imported, so `from tinydb import JSONStorage`,
`from tinydb.storages import JSONStorage` and a bare `TinyDB(path)` all
reach `AtomicJSONStorage`. The tests that cannot apply to it are skipped,
each with its reason (`NOT_APPLICABLE`); every one of them must exist, so a
renamed upstream test is noticed rather than silently run or lost.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import pytest
import tinydb
import tinydb.database
import tinydb.storages

from isoback_tui.store import AtomicJSONStorage

_OPTIONS: Final = "passes JSONStorage's own options ({}), which isoback's storage does not take"

NOT_APPLICABLE: Final = {
    "tests/test_storages.py::test_json": (
        "writes a dict whose values are lists and numbers, not tables of documents; "
        "isoback's storage holds TinyDB databases only (a table of documents a line)"
    ),
    "tests/test_storages.py::test_json_kwargs": _OPTIONS.format("indent, sort_keys, separators"),
    "tests/test_storages.py::test_json_read": _OPTIONS.format("access_mode='r'"),
    "tests/test_storages.py::test_encoding": _OPTIONS.format("encoding"),
    "tests/test_storages.py::test_json_invalid_mode_warning": _OPTIONS.format("access_mode"),
    "tests/test_storages.py::test_create_dirs": (
        _OPTIONS.format("create_dirs")
        + "; it makes the folder on its first write, and touches no file before"
    ),
    "tests/test_storages.py::test_json_invalid_directory": (
        "expects opening to fail at once; isoback's storage touches no file until "
        "the first write (which then fails in one sentence, tested in tests/store)"
    ),
    "tests/test_middlewares.py::test_caching_json_write": (
        "reads JSONStorage's private open file (_handle); isoback's storage holds "
        "no file open between reads and writes"
    ),
    "tests/test_tables.py::test_table_repr[json]": (
        "matches the class name JSONStorage in the table's repr"
    ),
}


class PeerStorage(AtomicJSONStorage):
    """`AtomicJSONStorage`, taking a path as TinyDB passes it (a str or a Path).

    `ensure_ascii` is accepted and has no effect: isoback always writes
    non-ASCII text as `\\uXXXX` escapes, which read back the same; the tests
    that pass it check documents, not bytes. Any other JSONStorage option
    is refused with a TypeError.
    """

    def __init__(self, path: str | Path, *, ensure_ascii: bool = True) -> None:
        super().__init__(Path(path))

    def close(self) -> None:
        """Nothing is held open between reads and writes."""


def _install() -> None:
    replacement: Any = PeerStorage
    tinydb.JSONStorage = replacement
    tinydb.storages.JSONStorage = replacement
    tinydb.database.TinyDB.default_storage_class = replacement


_install()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the tests that can't apply, with their reason; all of them must exist."""
    found = set()
    for item in items:
        reason = NOT_APPLICABLE.get(item.nodeid)
        if reason is not None:
            found.add(item.nodeid)
            item.add_marker(pytest.mark.skip(reason=f"not applicable: {reason}"))
    missing = sorted(set(NOT_APPLICABLE) - found)
    if missing:
        raise pytest.UsageError(f"TinyDB's suite no longer has: {', '.join(missing)}")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say, at the end of the run (even with -q), which storage stood in for JSONStorage."""
    terminalreporter.write_line(
        f"JSONStorage was {PeerStorage.__module__}.PeerStorage (isoback's AtomicJSONStorage)"
    )
