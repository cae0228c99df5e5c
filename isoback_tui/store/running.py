"""The running area: one small file per session that is under way.

A running session is saved after every rep to `<db>.running/<name>.json`
(atomically, a few hundred bytes), so the cost of a save does not depend on
the size of the history. Beside it, `<name>.lock` is the session's liveness
lock (see `liveness`). When the session ends it moves into the main history
and both files go.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from isoback_tui.core.record import RecordError, SessionRecord
from isoback_tui.store.atomic import ensure_folder, remove_stale_temps, write_atomic
from isoback_tui.store.schema import APP_MARK, SCHEMA_VERSION

_SAFE_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
_SUFFIX: Final = ".json"


class RunningFileError(ValueError):
    """A running file that cannot be read as a session; the message says why."""


@dataclass(frozen=True)
class RunningEntry:
    """One session file in the running area and its lock file."""

    name: str
    file: Path
    lock: Path


class RunningArea:
    """The folder of running sessions that belongs to the history file `db_path`."""

    def __init__(self, db_path: Path) -> None:
        self.folder = db_path.with_name(db_path.name + ".running")

    def entry(self, session_id: str) -> RunningEntry:
        """The files a session with this id uses while it runs."""
        if _SAFE_NAME.fullmatch(session_id):
            name = session_id
        else:
            name = (
                "x-" + hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()[:32]
            )
        return self._entry(name)

    def _entry(self, name: str) -> RunningEntry:
        return RunningEntry(name, self.folder / (name + _SUFFIX), self.folder / (name + ".lock"))

    def entries(self) -> list[RunningEntry]:
        """Every session file in the area (none when the folder is missing)."""
        try:
            names = sorted(p.name for p in self.folder.iterdir())
        except OSError:
            return []
        return [
            self._entry(n[: -len(_SUFFIX)])
            for n in names
            if n.endswith(_SUFFIX) and not n.startswith(".")
        ]

    def orphan_locks(self) -> list[RunningEntry]:
        """Entries whose lock file exists without a session file (a start that died early)."""
        try:
            names = {p.name for p in self.folder.iterdir()}
        except OSError:
            return []
        return [
            self._entry(n[: -len(".lock")])
            for n in sorted(names)
            if n.endswith(".lock") and n[: -len(".lock")] + _SUFFIX not in names
        ]

    def prepare(self) -> None:
        """Create the folder (mode 0700) if it is missing."""
        ensure_folder(self.folder)

    def write(self, record: SessionRecord) -> None:
        """Save `record` to its running file, atomically. Raises OSError."""
        payload = {"app": APP_MARK, "schema_version": SCHEMA_VERSION, "session": record.to_dict()}
        write_atomic(self.entry(record.id).file, json.dumps(payload).encode("ascii"))

    def read(self, entry: RunningEntry) -> SessionRecord:
        """The session in `entry`'s file; RunningFileError when it is damaged.

        Raises FileNotFoundError when the file has gone meanwhile.
        """
        raw = entry.file.read_bytes()
        try:
            data: Any = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise RunningFileError("is not valid JSON") from None
        if not isinstance(data, dict) or data.get("app") != APP_MARK:
            raise RunningFileError("is not an isoback session file")
        if data.get("schema_version") != SCHEMA_VERSION:
            raise RunningFileError(f"has schema version {data.get('schema_version')!r}")
        try:
            return SessionRecord.from_dict(data.get("session"))
        except RecordError as error:
            raise RunningFileError(f"holds a damaged session ({error})") from None

    def remove(self, entry: RunningEntry) -> None:
        """Delete the session file (the caller holds its lock). Raises OSError."""
        entry.file.unlink(missing_ok=True)

    def clean(self) -> None:
        """Delete temporary files of running-file writes that were killed."""
        remove_stale_temps(self.folder)
