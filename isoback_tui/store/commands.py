"""The command-line `history` and `import`: print or add sessions, no screen.

`cli.py` calls these lazily. Each returns the exit status: 0, or 1 for a
data error (a damaged or unreadable file, a bad import file), after one
sentence on `err` that starts with "isoback: ". Never a traceback.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any, Final, TextIO

from isoback_tui.core.record import RecordError, SessionRecord
from isoback_tui.store.errors import HistoryError, HistoryFileError
from isoback_tui.store.formats import literal, write_csv, write_json, write_table
from isoback_tui.store.gcpause import gc_paused
from isoback_tui.store.history import HistoryStore
from isoback_tui.store.storage import describe_json_error, read_text

FORMATS: Final = ("table", "json", "csv")
IMPORT_FILE: Final = "the import file"


def history_command(db_path: Path, fmt: str, out: TextIO, err: TextIO) -> int:
    """Print the history at `db_path`, newest first, as "table", "json" or "csv"."""
    if fmt not in FORMATS:
        err.write(f"isoback: Unknown history format {fmt!r}; use one of {', '.join(FORMATS)}.\n")
        return 2
    store = HistoryStore(db_path)
    with gc_paused():  # a short-lived command: reference counting frees what it drops
        try:
            records = store.list_sessions()
        except HistoryError as error:
            err.write(f"isoback: {_sentence(str(error))}\n")
            return 1
        for warning in store.warnings:
            err.write(f"isoback: warning: {_sentence(warning)}\n")
        writer = {"table": write_table, "json": write_json, "csv": write_csv}[fmt]
        try:
            writer(records, out)
            out.flush()
        except BrokenPipeError:  # `isoback history | head`: the reader has what it wanted
            _quiet_closed_pipe(out)
    return 0


def import_command(db_path: Path, file: Path, out: TextIO, err: TextIO) -> int:
    """Add the sessions of a `history --json` file whose ids are not in the history yet.

    Every session is checked first: one bad session and nothing is imported.
    """
    try:
        records = read_import_file(file)
        added, skipped = HistoryStore(db_path).import_records(records)
    except HistoryError as error:
        err.write(f"isoback: {_sentence(str(error))}\n")
        return 1
    out.write(f"Imported {_count(added)}, skipped {skipped} already present.\n")
    return 0


def read_import_file(file: Path) -> list[SessionRecord]:
    """The sessions of a `history --json` file, every one checked; HistoryError otherwise."""
    text = read_text(file, what=IMPORT_FILE)
    if text is None:
        raise HistoryFileError(file, "does not exist", what=IMPORT_FILE)
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise HistoryFileError(file, describe_json_error(error, text), what=IMPORT_FILE) from None
    except RecursionError:
        raise HistoryFileError(
            file, "is not valid JSON (nested too deeply)", what=IMPORT_FILE
        ) from None
    if not isinstance(data, list):
        raise HistoryFileError(
            file, "is not a `history --json` export (its JSON is not a list)", what=IMPORT_FILE
        )
    records = []
    for index, item in enumerate(data, start=1):
        try:
            records.append(SessionRecord.from_dict(item))
        except RecordError as error:
            raise HistoryFileError(
                file,
                f"has a bad session, number {index} of {len(data)} ({_id_of(item)}): {error}; "
                "nothing was imported",
                what=IMPORT_FILE,
            ) from None
    return records


def _quiet_closed_pipe(out: TextIO) -> None:
    """Point `out` at /dev/null so the interpreter's last flush doesn't complain too."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _sentence(text: str) -> str:
    """`text` as the command line prints errors: capital first, full stop last."""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _id_of(item: object) -> str:
    sid = item.get("id") if isinstance(item, dict) else None
    return f"id {literal(sid)}" if isinstance(sid, str) and sid else "no id"


def _count(n: int) -> str:
    return f"{n} session" if n == 1 else f"{n} sessions"
