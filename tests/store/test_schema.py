"""The schema version in the file, and the place for migrations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tinydb import TinyDB, where
from tinydb.middlewares import Middleware

from isoback_tui.store import HistoryFileError, HistoryStore, schema
from isoback_tui.store.schema import SESSIONS_TABLE, LayoutError, SchemaGuard, check_layout
from isoback_tui.store.storage import AtomicJSONStorage
from tests.core.record_builders import numbered_record


def _file(version: int) -> dict[str, Any]:
    return {
        "meta": {"1": {"app": "isoback", "schema_version": version}},
        "sessions": {"1": numbered_record(1).to_dict()},
    }


def test_the_current_schema_passes_unchanged() -> None:
    data = _file(schema.SCHEMA_VERSION)
    assert check_layout(data) == _file(schema.SCHEMA_VERSION)


def test_an_older_schema_is_migrated_step_by_step(monkeypatch: pytest.MonkeyPatch) -> None:
    def one_to_two(data: dict[str, Any]) -> dict[str, Any]:
        for doc in data["sessions"].values():
            doc["note"] = "migrated"
        return data

    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(schema.MIGRATIONS, 1, one_to_two)
    migrated = check_layout(_file(1))
    assert migrated["meta"]["1"]["schema_version"] == 2
    assert migrated["sessions"]["1"]["note"] == "migrated"


def test_a_schema_without_a_migration_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 3)
    with pytest.raises(LayoutError, match="schema version 1"):
        check_layout(_file(1))


@pytest.mark.parametrize("version", [0, -1, "1", True, None])
def test_a_nonsense_version_is_damage(version: object) -> None:
    data = _file(1)
    data["meta"]["1"]["schema_version"] = version
    with pytest.raises(LayoutError, match="is damaged"):
        check_layout(data)


def test_the_guard_is_a_tinydb_middleware_over_any_storage(db_path: Path) -> None:
    """Plain TinyDB with the guard reads isoback's file, refuses others, stamps every write."""
    HistoryStore(db_path).finish(numbered_record(1))
    db = TinyDB(db_path, storage=SchemaGuard(AtomicJSONStorage))
    assert isinstance(db.storage, Middleware)
    sessions = db.table(SESSIONS_TABLE, cache_size=0)
    assert sessions.get(where("id") == "session-000001") is not None
    sessions.insert(numbered_record(2).to_dict())
    stored = json.loads(db_path.read_text())
    assert stored["meta"] == {"1": schema.meta_document()}
    assert [r.id for r in HistoryStore(db_path).list_sessions()] == [
        "session-000002",
        "session-000001",
    ]
    db_path.write_text('{"_default": {}}')
    with pytest.raises(HistoryFileError, match="belongs to another program"):
        sessions.all()
