"""The history file on disk: a TinyDB storage, written atomically, one session per line.

TinyDB's own JSONStorage rewrites the file in place and truncates after the
write, so a crash or a full disk mid-write leaves an unreadable file. This
one replaces the file atomically (`files.write_atomic`), creates it with
mode 0600 only on the first write, and turns every way the file can be
unreadable into a `HistoryFileError` naming the file and the problem. It
never changes a file it could not read. Locking is not done here: the store
holds a cross-process lock around each whole read-modify-write (a storage
only sees single reads and writes).

The file is ordinary JSON (TinyDB, or any JSON tool, reads it whole), laid
out so that every session sits on a line of its own:

    {"meta":{
    "1":{"app":"isoback","schema_version":1}
    },
    "sessions":{
    "1":{...one session...},
    "2":{...}
    }}

That lets readers stream the sessions one line at a time, so listing
10,000 sessions never holds the whole parsed file in memory (about 50 MB
instead of 90-107 MB for a whole parse), and makes the file easy to grep and
diff. `stream_sessions` reads exactly this layout and raises `NotLineLayout`
at the first deviation (a hand-edited file, an older layout, damage);
callers then parse the file whole, which also gives the precise error for a
damaged file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from tinydb.storages import Storage

from isoback_tui.store.errors import HistoryFileError, NotLineLayout
from isoback_tui.store.files import (
    check_regular,
    ensure_folder,
    open_text,
    parse_json,
    read_text,
    reason,
    write_atomic,
)
from isoback_tui.store.schema import META_DOC_ID, META_TABLE, SESSIONS_TABLE

NULL_JSON: Final = "its JSON is null, not an object"
_COMPACT: Final = (",", ":")


class AtomicJSONStorage(Storage):
    """The history file on disk: JSON, written atomically, mode 0600.

    A missing, empty or whitespace-only file reads as an empty database;
    JSON `null` does not (isoback never writes it). Written one session per
    line (`encode`), so it can also be streamed (`stream_sessions`).
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
        except NotLineLayout:
            pass
        text = read_text(self.path)
        if text is None or not text.strip():
            return None
        data = parse_json(text, self.path)
        if data is None:  # not "no history": a file saying `null` was written by someone else
            raise HistoryFileError(self.path, f"is not an isoback history ({NULL_JSON})")
        return data  # type: ignore[no-any-return]  # the shape is checked by the schema guard

    def _read_lines(self) -> dict[str, dict[str, Any]] | None:
        meta: dict[str, Any] = {}
        sessions: dict[str, Any] = {}
        for key, doc in stream_sessions(self.path):
            if key is None:
                meta[META_DOC_ID] = doc
            else:
                sessions[key] = doc
        if not meta:
            if self.path.exists():
                raise NotLineLayout  # empty: let the whole read decide
            return None
        return {META_TABLE: meta, SESSIONS_TABLE: sessions}

    def stream_sessions(self) -> Iterator[tuple[str | None, Any]]:
        """The meta document, then each session, read a line at a time.

        Raises `NotLineLayout` when the file must be read whole instead.
        """
        return stream_sessions(self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file with `data`, atomically; create its folder if needed."""
        check_regular(self.path)  # never replace a device, a pipe or a folder
        payload = encode(data)
        try:
            ensure_folder(self.path.parent)
            write_atomic(self.path, payload)
        except OSError as error:
            raise HistoryFileError(self.path, f"could not be written: {reason(error)}") from None


def encode(data: Mapping[str, Mapping[str, Any]]) -> Iterator[bytes]:
    """The database in the line layout, the meta table first, a line at a time.

    Yielding lines keeps a write of 10,000 sessions from building the whole
    file in memory first.
    """
    names = sorted(data, key=lambda name: (name != META_TABLE, name != SESSIONS_TABLE, name))
    for index, name in enumerate(names):
        table = data[name]
        opening = ("{" if index == 0 else "") + json.dumps(name) + ":{"
        closing = "}" + ("}\n" if index == len(names) - 1 else ",\n")
        if not table:
            yield (opening + closing).encode("ascii")
            continue
        yield (opening + "\n").encode("ascii")
        last = len(table) - 1
        for position, (key, doc) in enumerate(table.items()):
            line = json.dumps(key) + ":" + json.dumps(doc, separators=_COMPACT)
            yield (line + ("\n" if position == last else ",\n")).encode("ascii")
        yield closing.encode("ascii")
    if not names:
        yield b"{}\n"


def stream_sessions(path: Path) -> Iterator[tuple[str, Any] | tuple[None, Any]]:
    """Yield `(None, meta document)` first, then `(key, session)` for each session line.

    A missing file yields nothing. Raises NotLineLayout as soon as the file
    departs from the layout, including when it cannot be opened or decoded.
    """
    try:
        # never blocks on a pipe or reads a device
        handle = open_text(path, encoding="utf-8", newline="\n")
    except (HistoryFileError, OSError):
        raise NotLineLayout from None  # the whole read says what is wrong
    if handle is None:
        return
    with handle:
        try:
            yield from _parse(handle)
        except (ValueError, RecursionError, OSError):  # bad JSON or UTF-8, huge numbers
            raise NotLineLayout from None


def _parse(lines: Iterator[str]) -> Iterator[tuple[str, Any] | tuple[None, Any]]:
    head = next(lines, "")
    if head == "":
        return  # an empty file
    if head != '{"meta":{\n':
        raise NotLineLayout
    meta_key, meta_doc = _member(next(lines, ""), last=True)
    if meta_key != "1":
        raise NotLineLayout
    yield None, meta_doc
    line = next(lines, "")
    if line == "}}\n":  # no sessions table yet
        _expect_end(lines)
        return
    if line != "},\n":
        raise NotLineLayout
    line = next(lines, "")
    if line == '"sessions":{}}\n':
        _expect_end(lines)
        return
    if line != '"sessions":{\n':
        raise NotLineLayout
    seen: set[str] = set()
    last = False
    while not last:
        line = next(lines, "")
        last = not line.endswith(",\n")
        key, doc = _member(line, last=last)
        if key in seen:
            raise NotLineLayout  # json.loads would keep only the last one
        seen.add(key)
        yield key, doc
    if next(lines, "") != "}}\n":
        raise NotLineLayout
    _expect_end(lines)


def _member(line: str, *, last: bool) -> tuple[str, Any]:
    """One `"<digits>":{...}` line (with a comma unless `last`)."""
    end = len(line) - (2 if not last else 1)
    if not line.endswith("\n") or not line.startswith('"') or end <= 0:
        raise NotLineLayout
    split = line.find('":', 1)
    key = line[1:split]
    if split < 0 or not key.isdigit() or not key.isascii():
        raise NotLineLayout
    doc = json.loads(line[split + 2 : end])
    if not isinstance(doc, dict):
        raise NotLineLayout
    return key, doc


def _expect_end(lines: Iterator[str]) -> None:
    if next(lines, "") != "":
        raise NotLineLayout
