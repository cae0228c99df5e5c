"""A TinyDB storage that writes the whole database atomically and reads it strictly.

TinyDB's own JSONStorage rewrites the file in place and truncates after the
write, so a crash or a full disk mid-write leaves an unreadable file. This
one replaces the file atomically (see `atomic`), creates it with mode 0600
only on the first write, and turns every way the file can be unreadable into
a `HistoryFileError` naming the file and the problem. It never changes a
file it could not read.

Locking is not done here: the store holds a cross-process lock around each
whole read-modify-write (a storage only sees single reads and writes).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from tinydb.storages import Storage

from isoback_tui.store import lines
from isoback_tui.store.atomic import ensure_folder, write_atomic
from isoback_tui.store.errors import HistoryFileError
from isoback_tui.store.filekind import check_regular, open_text
from isoback_tui.store.schema import META_DOC_ID, META_TABLE, SESSIONS_TABLE

NULL_JSON: Final = "its JSON is null, not an object"
TOO_LONG_NUMBER: Final = "is damaged: it holds a number of over 4,300 digits"


class AtomicJSONStorage(Storage):
    """The history file on disk: JSON, written atomically, mode 0600.

    A missing, empty or whitespace-only file reads as an empty database;
    JSON `null` does not (isoback never writes it).
    Written one session per line (see `lines`), so it can also be streamed.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The parsed file, or None when it is missing or empty.

        A file in the line layout is parsed a line at a time, so its text
        and its parsed form are never in memory together.
        """
        try:
            return self._read_lines()
        except lines.NotLineLayout:
            pass
        text = read_text(self.path)
        if text is None or not text.strip():
            return None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise HistoryFileError(self.path, describe_json_error(error, text)) from None
        except RecursionError:
            raise HistoryFileError(self.path, "is not valid JSON (nested too deeply)") from None
        except ValueError:  # Python refuses to read integers of over 4,300 digits
            raise HistoryFileError(self.path, TOO_LONG_NUMBER) from None
        if data is None:  # not "no history": a file saying `null` was written by someone else
            raise HistoryFileError(self.path, f"is not an isoback history ({NULL_JSON})")
        return data  # type: ignore[no-any-return]  # the shape is checked by the schema guard

    def _read_lines(self) -> dict[str, dict[str, Any]] | None:
        meta: dict[str, Any] = {}
        sessions: dict[str, Any] = {}
        for key, doc in lines.stream_sessions(self.path):
            if key is None:
                meta[META_DOC_ID] = doc
            else:
                sessions[key] = doc
        if not meta:
            if self.path.exists():
                raise lines.NotLineLayout  # empty: let the whole read decide
            return None
        return {META_TABLE: meta, SESSIONS_TABLE: sessions}

    def stream_sessions(self) -> Iterator[tuple[str | None, Any]]:
        """The meta document, then each session, read a line at a time (see `lines`).

        Raises `lines.NotLineLayout` when the file must be read whole instead.
        """
        return lines.stream_sessions(self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file with `data`, atomically; create its folder if needed."""
        check_regular(self.path)  # never replace a device, a pipe or a folder
        payload = lines.encode(data)
        try:
            ensure_folder(self.path.parent)
            write_atomic(self.path, payload)
        except OSError as error:
            raise HistoryFileError(self.path, f"could not be written: {_reason(error)}") from None


def read_text(path: Path, what: str = "the history file") -> str | None:
    """The file's text, or None when there is no file; HistoryFileError otherwise.

    `what` starts the error's sentence ("the history file", "the import file").
    Only a regular file is read (see `filekind`): a named pipe or a device
    is refused at once, never waited on or read without end.
    """
    handle = open_text(path, what=what)
    if handle is None:
        return None
    try:
        # Text mode decodes as it reads, so the file is never in memory twice.
        with handle:
            return handle.read()
    except UnicodeDecodeError:
        raise HistoryFileError(path, "is not a text file (it is not UTF-8)", what=what) from None
    except OSError as error:
        raise HistoryFileError(path, f"cannot be read: {_reason(error)}", what=what) from None


def describe_json_error(error: json.JSONDecodeError, text: str) -> str:
    """The part of a sentence that says what is wrong with the JSON in a file."""
    where = f"line {error.lineno}, column {error.colno}"
    if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
        return f"is cut short: its JSON stops in the middle ({where})"
    return f"is not valid JSON ({where}: {error.msg})"


def _reason(error: OSError) -> str:
    """An OSError as a few lower-case words ("no space left on device")."""
    return error.strerror.lower() if error.strerror else str(error)
