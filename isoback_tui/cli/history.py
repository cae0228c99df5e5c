"""The command-line `history` and `import`: print or add sessions, no screen.

`cli.main` calls these lazily. Each returns the exit status: 0, or 1 for a
data error (a damaged or unreadable file, a bad import file), after one
sentence on `err` that starts with "isoback: ". Never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final, TextIO

from isoback_tui.cli.formats import write_csv, write_json, write_table
from isoback_tui.console import say, write_output
from isoback_tui.core.record import RecordError, SessionRecord, check_bounds, check_counts
from isoback_tui.core.text import clean, shorten
from isoback_tui.store.errors import HistoryError, HistoryFileError
from isoback_tui.store.files import check_regular, parse_json, read_text
from isoback_tui.store.history import HistoryStore, gc_paused

FORMATS: Final = ("table", "json", "csv")
IMPORT_FILE: Final = "the import file"


def history_command(db_path: Path, fmt: str, out: TextIO, err: TextIO) -> int:
    """Print the history at `db_path`, newest first, as "table", "json" or "csv"."""
    if fmt not in FORMATS:
        say(err, f"Unknown history format {fmt!r}; use one of {', '.join(FORMATS)}")
        return 2
    try:
        check_regular(db_path)
    except HistoryError as error:
        say(err, str(error))
        return 1
    store = HistoryStore(db_path)
    with gc_paused():  # a short-lived command: reference counting frees what it drops
        try:
            records = store.list_sessions()
        except HistoryError as error:
            say(err, str(error))
            return 1
        for warning in store.warnings:
            say(err, warning, prefix="warning: ")
        writer = {"table": write_table, "json": write_json, "csv": write_csv}[fmt]
        return write_output(lambda stream: writer(records, stream), out, err)


def import_command(db_path: Path, file: Path, out: TextIO, err: TextIO) -> int:
    """Add the sessions of a `history --json` file whose ids are not in the history yet.

    Every session is checked first: one bad session and nothing is imported.
    """
    try:
        check_regular(db_path)
        records = read_import_file(file)
        added, skipped = HistoryStore(db_path).import_records(records)
    except HistoryError as error:
        say(err, str(error))
        return 1
    message = f"Imported {_count(added)}, skipped {skipped} already present.\n"
    return write_output(lambda stream: stream.write(message), out, err)


def read_import_file(file: Path) -> list[SessionRecord]:
    """The sessions of a `history --json` file, every one checked; HistoryError otherwise.

    Besides the shape of each session, its lengths and numbers are held to
    the limits in `core.limits` (`check_bounds`), and its counts must fit its
    own plan (`check_counts`).
    """
    text = read_text(file, what=IMPORT_FILE)
    if text is None:
        raise HistoryFileError(file, "does not exist", what=IMPORT_FILE)
    data: Any = parse_json(text, file, what=IMPORT_FILE)
    if not isinstance(data, list):
        raise HistoryFileError(
            file, "is not a `history --json` export (its JSON is not a list)", what=IMPORT_FILE
        )
    records = []
    for index, item in enumerate(data, start=1):
        try:
            record = SessionRecord.from_dict(item)
            check_bounds(record)
            check_counts(record)
        except RecordError as error:
            raise HistoryFileError(
                file,
                f"has a bad session, number {index} of {len(data)} ({_id_of(item)}): {error}; "
                "nothing was imported",
                what=IMPORT_FILE,
            ) from None
        records.append(record)
    return records


def _id_of(item: object) -> str:
    sid = item.get("id") if isinstance(item, dict) else None
    return f"id {shorten(clean(sid), 40)}" if isinstance(sid, str) and sid else "no id"


def _count(n: int) -> str:
    return f"{n} session" if n == 1 else f"{n} sessions"
