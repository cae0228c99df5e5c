"""The main file is parsed once while it does not change: the start-up check serves the history.

The app checks the whole history at start-up, then the plans, the resume
question and the history screen read it; with 10,000 sessions each parse
costs about a quarter of a second (PRODUCT.md 6, issue 13). A write, by
this store or another process, changes the file and the next read parses it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from isoback_tui.core.record import SessionRecord
from isoback_tui.store import HistoryStore
from tests.core.record_builders import numbered_record


class CountingStore(HistoryStore):
    """A store that counts the sessions it builds from the file."""

    built = 0

    def _record_from_doc(self, key: str, doc: dict[str, object]) -> SessionRecord:
        CountingStore.built += 1
        return super()._record_from_doc(key, doc)


@pytest.fixture
def three_sessions(db_path: Path) -> Path:
    """A history file of three finished sessions."""
    HistoryStore(db_path).import_records([numbered_record(n) for n in range(3)])
    CountingStore.built = 0
    return db_path


def test_the_check_at_open_serves_the_reads_after_it(three_sessions: Path) -> None:
    store = CountingStore.open(three_sessions)
    assert CountingStore.built == 3
    assert len(store.list_sessions()) == 3
    assert len(store.list_sessions()) == 3
    store.latest_resumable()
    assert CountingStore.built == 3


def test_a_write_by_another_store_is_seen_by_the_next_read(three_sessions: Path) -> None:
    store = CountingStore.open(three_sessions)
    other = HistoryStore(three_sessions)
    other.import_records([numbered_record(7, session_id="from-elsewhere")])
    ids = [record.id for record in store.list_sessions()]
    assert "from-elsewhere" in ids and len(ids) == 4
    assert CountingStore.built == 3 + 4


def test_its_own_write_is_seen_too(three_sessions: Path) -> None:
    store = CountingStore.open(three_sessions)
    first = store.list_sessions()[0]
    store.update_after(first.id, 3, "a note")
    again = next(record for record in store.list_sessions() if record.id == first.id)
    assert (again.pain_after, again.note) == (3, "a note")
    assert first.note != "a note"  # the records handed out before are not changed


def test_a_file_changed_in_place_is_parsed_again(three_sessions: Path) -> None:
    """An editor that rewrites the file in place (same inode) still changes its size or times."""
    store = CountingStore.open(three_sessions)
    text = three_sessions.read_text().replace('"note":""', '"note":"edited"', 1)
    with open(three_sessions, "r+") as handle:
        handle.write(text)
        handle.truncate()
    assert any(record.note == "edited" for record in store.list_sessions())


def test_the_resume_question_uses_the_parse_while_the_file_is_unchanged(db_path: Path) -> None:
    HistoryStore(db_path).import_records(
        [numbered_record(n) for n in range(3)]
        + [numbered_record(5, status="interrupted", done_per_set=2)]
    )
    CountingStore.built = 0
    store = CountingStore.open(db_path)
    assert CountingStore.built == 4
    resumable = store.latest_resumable()
    assert resumable is not None and resumable.id == "session-000005"
    assert CountingStore.built == 4
    HistoryStore(db_path).import_records(
        [numbered_record(6, status="interrupted", done_per_set=2)]
    )  # another isoback changes the file: the kept parse is stale now
    resumable = store.latest_resumable()
    assert resumable is not None and resumable.id == "session-000006"
