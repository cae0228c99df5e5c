"""The store's bookkeeping, on disk and in memory: order, updates, deletes, imports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from isoback_tui.core.record import SessionRecord
from isoback_tui.store import (
    HistoryError,
    HistoryStore,
    SessionNotFoundError,
)
from isoback_tui.store.running import RunningArea
from tests.core.record_builders import add_rep, empty_running_record, numbered_record


def test_an_empty_history_lists_nothing(store: HistoryStore) -> None:
    assert store.list_sessions() == []
    assert store.latest_resumable() is None
    assert store.get("nope") is None


def test_finished_sessions_come_back_newest_first(store: HistoryStore) -> None:
    for n in (3, 1, 2):
        store.finish(numbered_record(n))
    assert [r.id for r in store.list_sessions()] == [
        "session-000003",
        "session-000002",
        "session-000001",
    ]


def test_newest_first_compares_instants_across_offsets(store: HistoryStore) -> None:
    early_utc = numbered_record(session_id="a", started_at=datetime(2026, 3, 1, 7, 0, tzinfo=UTC))
    later_in_tokyo = numbered_record(
        session_id="b",
        started_at=datetime(2026, 3, 1, 16, 30, tzinfo=UTC).astimezone(
            timezone(timedelta(hours=9))
        ),
    )
    store.finish(early_utc)
    store.finish(later_in_tokyo)
    assert [r.id for r in store.list_sessions()] == ["b", "a"]


def test_a_record_round_trips_exactly(store: HistoryStore) -> None:
    record = numbered_record(7, note="knees [red]sore[/red] \u00e9\u4e2d \x1b[2J", pain=(None, 10))
    record.hold_s_total = 12.3456789
    store.finish(record)
    got = store.get(record.id)
    assert got is not None
    assert got.to_dict() == record.to_dict()


def test_the_running_session_is_listed_in_progress_from_its_first_rep(
    store: HistoryStore,
) -> None:
    record = empty_running_record("live")
    store.begin(record)
    assert [(r.id, r.status) for r in store.list_sessions()] == [("live", "in_progress")]
    add_rep(record, 15)
    store.save_progress(record)
    listed = store.get("live")
    assert listed is not None and listed.reps_done == 1


def test_finish_moves_the_running_session_into_the_history(store: HistoryStore) -> None:
    record = empty_running_record("s")
    store.begin(record)
    add_rep(record, 15)
    store.save_progress(record)
    record.status = "completed"
    store.finish(record)
    assert store.running_session_id is None
    assert [(r.id, r.status, r.reps_done) for r in store.list_sessions()] == [("s", "completed", 1)]
    assert list(store._running.entries()) == []


def test_finish_wants_an_ended_session(store: HistoryStore) -> None:
    with pytest.raises(ValueError):
        store.finish(empty_running_record("x"))


def test_save_progress_needs_begin(store: HistoryStore) -> None:
    with pytest.raises(HistoryError):
        store.save_progress(empty_running_record("x"))


def test_one_running_session_per_store(store: HistoryStore) -> None:
    store.begin(empty_running_record("one"))
    with pytest.raises(HistoryError):
        store.begin(empty_running_record("two"))
    store.begin(empty_running_record("one"))  # begin again is a save


def test_update_after_sets_pain_and_note(store: HistoryStore) -> None:
    store.finish(numbered_record(1, pain=(5, None)))
    updated = store.update_after("session-000001", 2, "better")
    assert (updated.pain_after, updated.note) == (2, "better")
    got = store.get("session-000001")
    assert got is not None and (got.pain_before, got.pain_after, got.note) == (5, 2, "better")


def test_update_after_checks_its_values(store: HistoryStore) -> None:
    store.finish(numbered_record(1))
    for bad in (11, -1, True, 2.5):
        with pytest.raises(ValueError):
            store.update_after("session-000001", bad, "")  # type: ignore[arg-type]


def test_update_after_of_a_missing_session(store: HistoryStore) -> None:
    with pytest.raises(SessionNotFoundError, match="there is no session ghost"):
        store.update_after("ghost", 1, "")


def test_update_after_reaches_a_session_whose_move_failed(store: HistoryStore) -> None:
    """While this store still owns the session, its summary edits go to the running file."""
    record = empty_running_record("mine")
    store.begin(record)
    updated = store.update_after("mine", 3, "note")
    assert updated.pain_after == 3
    got = store.get("mine")
    assert got is not None and got.note == "note"


def test_delete_removes_one_session(store: HistoryStore) -> None:
    store.finish(numbered_record(1))
    store.finish(numbered_record(2))
    store.delete("session-000001")
    assert [r.id for r in store.list_sessions()] == ["session-000002"]
    with pytest.raises(SessionNotFoundError):
        store.delete("session-000001")


def test_delete_of_the_own_running_session_discards_it(store: HistoryStore) -> None:
    store.begin(empty_running_record("mine"))
    store.delete("mine")
    assert store.list_sessions() == []
    assert store.running_session_id is None


def test_import_adds_new_ids_and_skips_known_ones(store: HistoryStore) -> None:
    store.finish(numbered_record(1))
    records = [numbered_record(1), numbered_record(2), numbered_record(3), numbered_record(3)]
    assert store.import_records(records) == (2, 2)
    assert store.import_records(records) == (0, 4)
    assert len(store.list_sessions()) == 3


def test_import_turns_in_progress_into_interrupted(store: HistoryStore) -> None:
    running_elsewhere = numbered_record(1, status="in_progress", done_per_set=3)
    assert store.import_records([running_elsewhere]) == (1, 0)
    got = store.get("session-000001")
    assert got is not None and got.status == "interrupted"
    assert store.latest_resumable() == got


def test_latest_resumable_picks_the_newest_interrupted_with_reps_left(
    store: HistoryStore,
) -> None:
    store.import_records(
        [
            numbered_record(1, status="interrupted", done_per_set=2),
            numbered_record(2, status="interrupted", done_per_set=2),
            numbered_record(3, status="interrupted"),  # every rep done: nothing to resume
            numbered_record(4, status="completed", done_per_set=2),
        ]
    )
    resumable = store.latest_resumable()
    assert resumable is not None and resumable.id == "session-000002"


def test_claim_for_resume_takes_the_session_out_of_the_history(store: HistoryStore) -> None:
    store.import_records([numbered_record(1, status="interrupted", done_per_set=2)])
    record = store.claim_for_resume("session-000001")
    assert record.status == "in_progress" and record.ended_at is None
    assert store.running_session_id == "session-000001"
    assert [(r.id, r.status) for r in store.list_sessions()] == [("session-000001", "in_progress")]
    add_rep(record, 15)
    store.save_progress(record)
    record.status = "completed"
    store.finish(record)
    listed = store.list_sessions()
    assert [(r.id, r.status, r.reps_done) for r in listed] == [("session-000001", "completed", 25)]


def test_only_interrupted_sessions_with_reps_left_can_be_resumed(store: HistoryStore) -> None:
    store.import_records([numbered_record(1), numbered_record(2, status="interrupted")])
    with pytest.raises(HistoryError, match="has ended"):
        store.claim_for_resume("session-000001")
    with pytest.raises(HistoryError, match="every rep"):
        store.claim_for_resume("session-000002")
    with pytest.raises(SessionNotFoundError):
        store.claim_for_resume("ghost")
    assert store.running_session_id is None


def test_close_leaves_the_session_interrupted(store: HistoryStore) -> None:
    record = empty_running_record("left")
    store.begin(record)
    add_rep(record, 15)
    store.save_progress(record)
    store.close()
    store.close()  # idempotent
    listed = store.list_sessions()
    assert [(r.id, r.status, r.reps_done) for r in listed] == [("left", "interrupted", 1)]
    resumable = store.latest_resumable()
    assert resumable is not None and resumable.id == "left"


def test_ids_that_are_not_file_names_still_work(store: HistoryStore) -> None:
    for sid in ("../../etc/passwd", "a b/c", ".hidden", "x" * 300, "\u00e9t\u00e9"):
        record = empty_running_record(sid)
        store.begin(record)
        add_rep(record, 15)
        store.save_progress(record)
        got = store.get(sid)
        assert got is not None and got.id == sid
        record.status = "ended_early"
        store.finish(record)
    assert len(store.list_sessions()) == 5
    assert all(p.parent == store._running.folder for p in store._running.folder.iterdir())


def test_records_survive_identically_for_the_history_command(store: HistoryStore) -> None:
    records = [numbered_record(n, note=f"note {n}") for n in range(5)]
    store.import_records(records)
    assert [r.to_dict() for r in store.list_sessions()] == [
        r.to_dict() for r in sorted(records, key=lambda r: r.started_at, reverse=True)
    ]
    assert isinstance(store.list_sessions()[0], SessionRecord)


def test_a_session_in_both_places_reads_once(store: HistoryStore, db_path: Path) -> None:
    """A crash between the two steps of a move leaves two copies; readers see one."""
    store.import_records([numbered_record(1, status="interrupted", done_per_set=2)])
    newer = numbered_record(1, status="in_progress", done_per_set=4)
    area = RunningArea(db_path)
    area.prepare()
    area.write(newer)  # an orphan: nobody holds its lock
    assert [(r.status, r.reps_done) for r in store.list_sessions()] == [("interrupted", 48)]
    store.finish(numbered_record(2))  # a write moves the orphan in, over the older copy
    assert [(r.id, r.reps_done) for r in store.list_sessions()] == [
        ("session-000002", 180),
        ("session-000001", 48),
    ]
    assert area.entries() == []


def test_a_finished_copy_wins_over_a_stale_running_one(store: HistoryStore, db_path: Path) -> None:
    store.finish(numbered_record(1))
    area = RunningArea(db_path)
    area.prepare()
    area.write(numbered_record(1, status="in_progress", done_per_set=1))
    assert [(r.status, r.reps_done) for r in store.list_sessions()] == [("completed", 180)]
    store.finish(numbered_record(2))
    assert {r.id: r.status for r in store.list_sessions()}["session-000001"] == "completed"
    assert area.entries() == []
