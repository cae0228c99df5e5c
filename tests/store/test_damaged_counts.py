"""A history whose session counts more reps than it planned (a hand edit) is a damaged history.

The store reads every session through `SessionRecord.from_dict`, which
refuses counts that no plan can hold; the history file then gets the
damaged-file handling (one sentence naming the file, the session and the
field; the file untouched) and a running file gets skipped with a warning.
Never a resume offer of "180 of 8 reps".
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from isoback_tui.cli.history import history_command
from isoback_tui.store import HistoryFileError, HistoryStore
from tests.core.record_builders import numbered_record
from tests.store.helpers import file_digest

SENTENCE = "field 'reps_planned' (8) is less than the reps done and skipped (60)"


def hand_edited(db_path: Path) -> Path:
    """A history of one completed session and one interrupted, whose reps_planned became 8."""
    store = HistoryStore(db_path)
    store.finish(numbered_record(1))
    store.import_records([numbered_record(2, status="interrupted", done_per_set=5)])
    lines = db_path.read_text().splitlines(keepends=True)
    [at] = [i for i, line in enumerate(lines) if '"id":"session-000002"' in line]
    assert lines[at].count('"reps_planned":180') == 1
    lines[at] = lines[at].replace('"reps_planned":180', '"reps_planned":8')
    db_path.write_text("".join(lines))
    return db_path


def test_the_history_is_damaged_naming_the_session_and_the_field(db_path: Path) -> None:
    path = hand_edited(db_path)
    before = file_digest(path)
    with pytest.raises(HistoryFileError) as caught:
        HistoryStore.open(path)
    text = str(caught.value)
    assert str(path) in text and "\n" not in text
    assert "is damaged: session 2 (id session-000002): " + SENTENCE in text
    store = HistoryStore(path)
    for read in (store.latest_resumable, store.list_sessions, lambda: store.get("session-000002")):
        with pytest.raises(HistoryFileError) as caught:
            read()
        assert SENTENCE in str(caught.value)
    assert store.get("session-000001") is not None  # a read of another session is not stopped
    assert file_digest(path) == before


def test_the_history_command_says_it_in_one_sentence_and_exits_1(db_path: Path) -> None:
    path = hand_edited(db_path)
    before = file_digest(path)
    out, err = io.StringIO(), io.StringIO()
    assert history_command(path, "table", out, err) == 1
    assert out.getvalue() == ""
    assert err.getvalue().startswith("isoback: ") and err.getvalue().count("\n") == 1
    assert SENTENCE in err.getvalue()
    assert file_digest(path) == before


def test_a_running_file_with_such_a_session_is_skipped_and_never_offered(db_path: Path) -> None:
    store = HistoryStore(db_path)
    store.finish(numbered_record(1))
    record = numbered_record(3, status="in_progress", done_per_set=5)
    record.reps_planned = 8
    running = db_path.with_name("history.json.running")
    running.mkdir()
    bad = running / "session-000003.json"
    bad.write_text(json.dumps({"app": "isoback", "schema_version": 1, "session": record.to_dict()}))
    before = file_digest(bad)
    assert store.latest_resumable() is None
    assert [r.id for r in store.list_sessions()] == ["session-000001"]
    assert len(store.warnings) == 1 and str(bad) in store.warnings[0]
    assert SENTENCE in store.warnings[0]
    assert file_digest(bad) == before
