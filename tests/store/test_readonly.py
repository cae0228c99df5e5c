"""The viewer's store: everything reads, every change is refused before a file is touched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from isoback_tui.core.clock import FakeClock
from isoback_tui.store import HistoryError, HistoryStore
from isoback_tui.store.readonly import ReadOnlyError, ReadOnlyHistoryStore
from tests.core.helpers import make_engine
from tests.core.record_builders import at, make_record


def every_file(folder: Path) -> dict[str, bytes]:
    """Each file under `folder` (and the folders themselves) with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes() if path.is_file() else b"<folder>"
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A history with one finished session and one orphaned (interrupted) running session."""
    db = tmp_path / "history.json"
    with HistoryStore(db) as store:
        store.import_records([make_record(at("2026-11-20 07:30"), session_id="done-1")])
    engine = make_engine(FakeClock(), reps=3, sets=1, exercises=1)
    dying = HistoryStore(db)
    dying.begin(engine.snapshot())
    dying.close()  # the process "died": its session reads as interrupted
    return db


def test_reads_work(history: Path) -> None:
    with ReadOnlyHistoryStore.open(history) as store:
        sessions = store.list_sessions()
        assert {s.status for s in sessions} == {"completed", "interrupted"}
        assert store.get("done-1") is not None
        assert store.read_only


def test_every_change_is_refused_and_nothing_is_touched(history: Path) -> None:
    folder = history.parent
    before = every_file(folder)
    store = ReadOnlyHistoryStore.open(history)
    orphan = next(s for s in store.list_sessions() if s.status == "interrupted")
    new = make_engine(FakeClock(), reps=2, sets=1, exercises=1).snapshot()
    finished = make_record(at("2026-11-21 07:30"), session_id="done-2")
    changes: list[Callable[[], object]] = [
        lambda: store.begin(new),
        lambda: store.finish(finished),
        lambda: store.claim_for_resume(orphan.id),
        lambda: store.update_after("done-1", 2, "a note"),
        lambda: store.delete("done-1"),
        lambda: store.delete(orphan.id),
        lambda: store.import_records([finished]),
        lambda: ReadOnlyHistoryStore.move_aside(history),
    ]
    for change in changes:
        with pytest.raises(ReadOnlyError, match="may look at the history but not change it"):
            change()
    with pytest.raises(HistoryError, match="is not running in this isoback"):
        store.save_progress(new)  # only ever saves a session this store began: refused above
    store.close()
    assert every_file(folder) == before
