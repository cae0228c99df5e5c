"""What can go wrong with the history, as exceptions whose `str()` is one sentence.

The command line prints `isoback: <message>`; the app shows the same words.
"""

from __future__ import annotations

from pathlib import Path


class HistoryError(Exception):
    """Base of the store's errors; `str()` is one sentence meant for the user."""


class HistoryFileError(HistoryError):
    """The history file is damaged, foreign, unreadable or could not be written.

    The file has been left exactly as it was. `path` is the file and
    `problem` the part of the sentence after it.
    """

    def __init__(self, path: Path, problem: str, *, what: str = "the history file") -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{what} {path} {problem}")


class SessionBusyError(HistoryError):
    """The session belongs to another copy of isoback that is still running."""

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        super().__init__(f"session {session_id} is open in another isoback that is still running")


class SessionNotResumableError(HistoryError, ValueError):
    """The session has ended, or every one of its reps is done or skipped."""

    def __init__(self, session_id: str, why: str) -> None:
        self.session_id = session_id
        super().__init__(f"session {session_id} cannot be resumed: {why}")


class SessionNotFoundError(HistoryError, KeyError):
    """No session with that id is in the history."""

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        super().__init__(f"there is no session {session_id} in the history")

    def __str__(self) -> str:
        # KeyError would otherwise repr() its argument.
        return str(self.args[0])


class NotLineLayout(Exception):
    """The file is not (exactly) in the one-session-per-line layout: read it whole instead.

    Not an error for the user: the whole read that follows says what, if
    anything, is wrong.
    """
