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


GOOD_META = {"1": {"app": "isoback", "schema_version": 1}}
FOREIGN_META = "belongs to another program (its 'meta' table is not isoback's)"
BAD_VERSION = "is damaged (its schema version is not a whole number of 1 or more)"

LAYOUTS: dict[str, tuple[object, str]] = {
    "list": ([], "is not an isoback history (its JSON is a list, not an object)"),
    "string": ("x", "is not an isoback history (its JSON is a string, not an object)"),
    "null": (None, "is not an isoback history (its JSON is null, not an object)"),
    "bool": (True, "is not an isoback history (its JSON is true or false, not an object)"),
    "number": (1.5, "is not an isoback history (its JSON is a number, not an object)"),
    "empty": ({}, "is not an isoback history (its JSON is an empty object, no tables)"),
    "no meta": (
        {"sessions": {}},
        "belongs to another program (it holds 'sessions', not isoback's tables)",
    ),
    "extra table": (
        {"meta": GOOD_META, "f": {}, "e": {}, "d": {}, "c": {}, "b": {}, "a": {}},
        "belongs to another program (it holds 'a', 'b', 'c', 'd', 'e', not isoback's tables)",
    ),
    "meta a list": ({"meta": []}, FOREIGN_META),
    "meta of two": ({"meta": {**GOOD_META, "2": {}}}, FOREIGN_META),
    "meta doc a list": ({"meta": {"1": []}}, FOREIGN_META),
    "meta of another app": ({"meta": {"1": {"app": "other", "schema_version": 1}}}, FOREIGN_META),
    "meta under key 2": ({"meta": {"2": GOOD_META["1"]}}, FOREIGN_META),
    "version 0": ({"meta": {"1": {"app": "isoback", "schema_version": 0}}}, BAD_VERSION),
    "version 1.0": ({"meta": {"1": {"app": "isoback", "schema_version": 1.0}}}, BAD_VERSION),
    "no version": ({"meta": {"1": {"app": "isoback"}}}, BAD_VERSION),
    "newer": (
        {"meta": {"1": {"app": "isoback", "schema_version": 2}}},
        "was written by a newer isoback (schema version 2; this version reads up to 1)",
    ),
    "sessions a list": (
        {"meta": GOOD_META, "sessions": []},
        "is damaged (its 'sessions' table is not a JSON object)",
    ),
    "a key not a number": (
        {"meta": GOOD_META, "sessions": {"1": {}, "x": {}}},
        "is damaged (entry 'x' of its 'sessions' table is not a session)",
    ),
    "a session not an object": (
        {"meta": GOOD_META, "sessions": {"1": {}, "2": [1]}},
        "is damaged (entry '2' of its 'sessions' table is not a session)",
    ),
}


@pytest.mark.parametrize("case", list(LAYOUTS))
def test_each_layout_problem_is_one_sentence_naming_the_file(db_path: Path, case: str) -> None:
    data, problem = LAYOUTS[case]
    with pytest.raises(LayoutError) as caught:
        check_layout(data)
    assert str(caught.value) == problem
    db_path.parent.mkdir(parents=True)
    db_path.write_text(json.dumps(data))
    with pytest.raises(HistoryFileError) as from_store:
        HistoryStore.open(db_path)
    assert str(from_store.value) == f"the history file {db_path} {problem}"


def test_a_history_with_only_its_meta_table_is_empty() -> None:
    assert check_layout({"meta": GOOD_META}) == {"meta": GOOD_META}


def test_a_migration_restamps_the_meta_and_runs_every_step(monkeypatch: pytest.MonkeyPatch) -> None:
    steps: list[int] = []

    def step(version: int) -> schema.Migration:
        def migrate(data: dict[str, Any]) -> dict[str, Any]:
            steps.append(version)
            return {**data, "sessions": {**data["sessions"], str(version + 1): {}}}

        return migrate

    monkeypatch.setattr(schema, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(schema.MIGRATIONS, 1, step(1))
    monkeypatch.setitem(schema.MIGRATIONS, 2, step(2))
    migrated = check_layout(_file(1))
    assert steps == [1, 2]
    assert migrated["meta"] == {"1": {"app": "isoback", "schema_version": 3}}
    assert sorted(migrated["sessions"]) == ["1", "2", "3"]
    with pytest.raises(LayoutError) as caught:
        monkeypatch.delitem(schema.MIGRATIONS, 2)
        check_layout(_file(1))
    assert str(caught.value) == "has schema version 2, which this isoback cannot read"


class CountingStorage(AtomicJSONStorage):
    """The file storage, counting whole reads of the file."""

    whole_reads = 0

    def read(self) -> dict[str, dict[str, Any]] | None:
        CountingStorage.whole_reads += 1
        return super().read()


def test_listing_streams_the_file_and_a_write_parses_it_once(db_path: Path) -> None:
    """The budgets of PRODUCT.md 6: a list never parses the whole file; a write parses it once."""
    from isoback_tui.store.running import RunningArea

    HistoryStore(db_path).import_records([numbered_record(n) for n in range(3)])
    CountingStorage.whole_reads = 0
    store = HistoryStore(db_path, CountingStorage)
    assert len(store.list_sessions()) == 3
    assert store.get("session-000001") is not None
    assert CountingStorage.whole_reads == 0
    area = RunningArea(db_path)
    area.prepare()
    for n in (7, 8):  # two orphans moved in by the write: each is one more insert
        area.write(numbered_record(n, status="in_progress", done_per_set=1))
    store.finish(numbered_record(9))
    assert CountingStorage.whole_reads == 1
    assert len(HistoryStore(db_path).list_sessions()) == 6


def test_an_older_file_in_the_line_layout_is_migrated_not_streamed(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    HistoryStore(db_path).import_records([numbered_record(1)])  # schema 1, line layout

    def one_to_two(data: dict[str, Any]) -> dict[str, Any]:
        for doc in data["sessions"].values():
            doc["note"] = "migrated"
        return data

    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(schema.MIGRATIONS, 1, one_to_two)
    store = HistoryStore(db_path)
    assert [r.note for r in store.list_sessions()] == ["migrated"]
    got = store.get("session-000001")
    assert got is not None and got.note == "migrated"


def test_a_history_of_only_its_meta_lists_nothing_through_any_storage(db_path: Path) -> None:
    from tinydb.storages import MemoryStorage

    memory = MemoryStorage()  # type: ignore[no-untyped-call]
    memory.write({"meta": {"1": schema.meta_document()}})
    store = HistoryStore(db_path, lambda _path: memory)
    assert store.list_sessions() == [] and store.get("x") is None
    db_path.parent.mkdir(parents=True)
    db_path.write_text('{"meta":{\n"1":{"app":"isoback","schema_version":1}\n}}\n')
    assert HistoryStore(db_path).list_sessions() == []
    HistoryStore(db_path).finish(numbered_record(1))  # a write reads it whole
    assert [r.id for r in HistoryStore(db_path).list_sessions()] == ["session-000001"]
    db_path.write_text(json.dumps({"meta": {"1": schema.meta_document()}}))  # not in lines
    HistoryStore(db_path).finish(numbered_record(2))
    assert [r.id for r in HistoryStore(db_path).list_sessions()] == ["session-000002"]
