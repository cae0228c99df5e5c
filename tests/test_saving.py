"""SessionKeeper: an ended session stays in memory until the history has truly taken it."""

from __future__ import annotations

import errno
from datetime import UTC, datetime
from pathlib import Path

from isoback_tui.core.text import sentence
from isoback_tui.saving import SaveState, SessionKeeper
from isoback_tui.store.errors import HistoryFileError
from tests.core.record_builders import make_record


class FakeHistory:
    """Stands in for the store's two writes; refuses while `refuse` is set."""

    def __init__(self) -> None:
        self.refuse: Exception | None = None
        self.finished: dict[str, tuple[int | None, str]] = {}
        self.calls: list[str] = []

    def finish(self, record) -> None:  # type: ignore[no-untyped-def]
        self.calls.append("finish")
        if self.refuse:
            raise self.refuse
        self.finished[record.id] = (record.pain_after, record.note)

    def update(self, session_id: str, pain: int | None, note: str) -> None:
        self.calls.append("update")
        if self.refuse:
            raise self.refuse
        assert session_id in self.finished
        self.finished[session_id] = (pain, note)


def test_a_refused_finish_is_kept_with_its_reason_and_saved_later() -> None:
    history = FakeHistory()
    keeper = SessionKeeper(history.finish, history.update)
    record = make_record(datetime(2026, 11, 1, 8, tzinfo=UTC))
    history.refuse = OSError(errno.ENOSPC, "No space left on device")
    keeper.finish(record)
    [outcome] = keeper.flush()
    assert outcome.state is SaveState.FAILED and outcome.problem == "No space left on device."
    assert keeper.unfinished_ids() == {record.id} and keeper.problem(record.id)
    record.pain_after, record.note = 3, "sore"
    keeper.amend(record)  # while refused: kept with the session, not lost
    history.refuse = None
    [outcome] = keeper.flush()
    assert outcome.state is SaveState.SAVED
    assert history.finished == {record.id: (3, "sore")}
    assert not keeper.has_work() and keeper.problem(record.id) is None


def test_a_change_after_the_session_is_in_the_history_is_an_update() -> None:
    history = FakeHistory()
    keeper = SessionKeeper(history.finish, history.update)
    record = make_record(datetime(2026, 11, 1, 8, tzinfo=UTC))
    keeper.finish(record)
    keeper.flush()
    record.note = "fine"
    keeper.amend(record)
    assert keeper.unfinished_ids() == set() and keeper.has_work()
    history.refuse = HistoryFileError(Path("h.json"), "is locked")
    assert keeper.flush()[0].state is SaveState.FAILED
    history.refuse = None
    assert keeper.flush()[0].state is SaveState.SAVED
    assert history.calls == ["finish", "update", "update"]
    assert history.finished[record.id] == (None, "fine")


def test_sentence_starts_with_a_capital_and_ends_with_a_stop() -> None:
    assert sentence("the file is locked") == "The file is locked."
    assert sentence("Done!") == "Done!"
    assert sentence("") == ""
