"""A history whose session counts more reps than it planned is read as it is.

Such a session comes from a hand edit, or from an older isoback that resumed
a session after its routine grew and kept the old `reps_planned`. One such
session must not hide the whole history behind the damaged-file question:
the store and the `history` command read it, the file untouched. Imports
refuse it (tests/cli/test_import_counts.py) and a resume checks the counts
against today's plan (tests/ui/test_resume_misfit.py).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from isoback_tui.cli.history import history_command
from isoback_tui.store import HistoryStore
from tests.core.record_builders import numbered_record
from tests.store.helpers import file_digest


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


def test_the_store_reads_it_as_it_is(db_path: Path) -> None:
    path = hand_edited(db_path)
    before = file_digest(path)
    with HistoryStore.open(path) as store:
        assert sorted(r.id for r in store.list_sessions()) == ["session-000001", "session-000002"]
        edited = store.get("session-000002")
        assert edited is not None
        assert (edited.reps_done, edited.reps_planned) == (60, 8)
    assert file_digest(path) == before


def test_the_history_command_lists_it(db_path: Path) -> None:
    path = hand_edited(db_path)
    out, err = io.StringIO(), io.StringIO()
    assert history_command(path, "table", out, err) == 0
    assert err.getvalue() == ""
    assert "60/8" in out.getvalue()


def test_a_running_file_with_such_a_session_is_read_too(db_path: Path) -> None:
    store = HistoryStore(db_path)
    store.finish(numbered_record(1))
    record = numbered_record(3, status="in_progress", done_per_set=5)
    record.reps_planned = 8
    running = db_path.with_name("history.json.running")
    running.mkdir()
    bad = running / "session-000003.json"
    bad.write_text(json.dumps({"app": "isoback", "schema_version": 1, "session": record.to_dict()}))
    assert sorted(r.id for r in store.list_sessions()) == ["session-000001", "session-000003"]
    assert store.warnings == []
