"""The app's one saving path for sessions that have ended.

A finished session, and every later change to it (the pain after, the note),
goes through a `SessionKeeper`. It holds each change in memory until the
history file has truly taken it, so a full disk, a read-only folder or
another isoback holding the lock never loses a session and never makes the
app say "Saved." before it is. `flush` does the slow, blocking part (the
history's lock, the atomic rewrite) and is meant to run off the UI's thread;
everything else is quick and safe to call from the UI.

No Textual here: the app decides which thread runs `flush` and how outcomes
reach the screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

from isoback_tui.core.record import SessionRecord
from isoback_tui.core.text import sentence
from isoback_tui.store.errors import HistoryError
from isoback_tui.store.files import reason


class SaveState(Enum):
    """Where a finished session stands on its way into the history."""

    SAVING = "saving"
    WAITING = "waiting"  # another isoback holds the history's lock
    SAVED = "saved"
    FAILED = "failed"  # kept in memory; tried again later


@dataclass(frozen=True)
class SaveOutcome:
    """What happened to one session's save: the state and, unless saved, why."""

    session_id: str
    state: SaveState
    problem: str | None = None


@dataclass
class _Job:
    """A session's latest content and what the history still needs of it."""

    record: SessionRecord
    finished_in_history: bool  # False: `finish` it; True: only update pain/note
    version: int = 0


class SessionKeeper:
    """Finished sessions kept in memory until the history file holds them.

    `finish` and `amend` queue work and return at once; `flush` writes what
    is queued, one session at a time, and keeps anything the store refused
    for the next `flush`. Thread-safe for one flushing thread at a time.
    """

    def __init__(
        self,
        finish: Callable[[SessionRecord], object],
        update: Callable[[str, int | None, str], object],
    ) -> None:
        """`finish(record)` and `update(id, pain_after, note)` are the store's writes."""
        self._finish = finish
        self._update = update
        self._jobs: dict[str, _Job] = {}
        self._problems: dict[str, str] = {}
        self._mutex = threading.Lock()

    def finish(self, record: SessionRecord) -> None:
        """A session has ended: keep it until it is in the history."""
        with self._mutex:
            self._jobs[record.id] = _Job(replace(record), finished_in_history=False)
            self._problems.pop(record.id, None)

    def amend(self, record: SessionRecord) -> None:
        """The pain after or note of an ended session changed: save them too."""
        with self._mutex:
            job = self._jobs.get(record.id)
            if job is None:
                self._jobs[record.id] = _Job(replace(record), finished_in_history=True)
                return
            job.record.pain_after = record.pain_after
            job.record.note = record.note
            job.version += 1

    def has_work(self) -> bool:
        """Whether anything is waiting to be written."""
        with self._mutex:
            return bool(self._jobs)

    def unsaved(self) -> list[SessionRecord]:
        """Copies of the sessions whose latest content is not in the history yet."""
        with self._mutex:
            return [replace(job.record) for job in self._jobs.values()]

    def unfinished_ids(self) -> set[str]:
        """Ids of ended sessions the history does not hold at all yet."""
        with self._mutex:
            return {sid for sid, job in self._jobs.items() if not job.finished_in_history}

    def problem(self, session_id: str) -> str | None:
        """Why the last try to save this session failed, if it did."""
        with self._mutex:
            return self._problems.get(session_id)

    def flush(self) -> list[SaveOutcome]:
        """Write everything queued (blocking: run it off the UI's thread); one outcome per try."""
        outcomes: list[SaveOutcome] = []
        with self._mutex:
            ids = list(self._jobs)
        for session_id in ids:
            while True:
                with self._mutex:
                    job = self._jobs.get(session_id)
                    if job is None:
                        break
                    record, version = replace(job.record), job.version
                    in_history = job.finished_in_history
                try:
                    if in_history:
                        self._update(session_id, record.pain_after, record.note)
                    else:
                        self._finish(record)
                except (HistoryError, OSError) as error:
                    problem = sentence(_reason(error))
                    with self._mutex:
                        self._problems[session_id] = problem
                    outcomes.append(SaveOutcome(session_id, SaveState.FAILED, problem))
                    break
                with self._mutex:
                    self._problems.pop(session_id, None)
                    job.finished_in_history = True
                    if job.version == version:
                        del self._jobs[session_id]
                        outcomes.append(SaveOutcome(session_id, SaveState.SAVED))
                        break
                    # the note or pain changed while this write ran: write them too
        return outcomes


def _reason(error: HistoryError | OSError) -> str:
    return reason(error) if isinstance(error, OSError) else str(error)


def where_kept(record: SessionRecord, running_file: Path | None) -> str:
    """One sentence telling where an unsaved session's reps still are."""
    done = f"{record.reps_done} of {record.reps_planned} reps"
    if running_file is None:
        return f"Its {done} are only in this isoback's memory."
    return (
        f"Its {done} are in this isoback's memory; what reached the disk before the problem "
        f"is in {running_file}, and the next isoback moves that into the history."
    )
