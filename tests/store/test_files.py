"""What the store leaves on disk: modes, atomic replacement, leftovers of killed writes."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from isoback_tui.store import HistoryFileError, HistoryStore
from isoback_tui.store.files import STALE_AFTER_S, remove_stale_temps
from tests.core.record_builders import empty_running_record, numbered_record
from tests.store.helpers import file_digest


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_are_private_even_with_a_permissive_umask(db_path: Path) -> None:
    old = os.umask(0)
    try:
        store = HistoryStore(db_path)
        store.begin(empty_running_record("r"))
        store.finish(numbered_record(1))
    finally:
        os.umask(old)
    running = db_path.with_name("history.json.running")
    assert _mode(db_path) == 0o600
    assert _mode(db_path.with_name("history.json.lock")) == 0o600
    assert _mode(running) == 0o700
    assert _mode(running / "r.json") == 0o600
    assert _mode(running / "r.lock") == 0o600
    assert _mode(db_path.parent) == 0o700


def test_the_file_is_written_in_our_layout(db_path: Path) -> None:
    HistoryStore(db_path).finish(numbered_record(1))
    data = json.loads(db_path.read_text())
    assert data["meta"] == {"1": {"app": "isoback", "schema_version": 1}}
    assert list(data["sessions"].values()) == [numbered_record(1).to_dict()]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = HistoryStore(db_path)
    store.finish(numbered_record(1))
    before = file_digest(db_path)

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(HistoryFileError, match="could not be written: no space left on device"):
        store.finish(numbered_record(2))
    monkeypatch.undo()
    assert file_digest(db_path) == before
    assert [p.name for p in db_path.parent.iterdir() if ".tmp-" in p.name] == []
    assert [r.id for r in store.list_sessions()] == ["session-000001"]


def test_leftover_temporary_files_are_never_read_and_get_cleaned(db_path: Path) -> None:
    store = HistoryStore(db_path)
    store.finish(numbered_record(1))
    store.begin(empty_running_record("live-here"))
    running = db_path.with_name("history.json.running")
    other = {
        "meta": {"1": {"app": "isoback", "schema_version": 1}},
        "sessions": {"1": numbered_record(2).to_dict()},
    }
    dead_pid = _dead_pid()
    leftovers = [
        db_path.with_name(f".history.json.tmp-{dead_pid}-0badf00d"),  # complete, other data
        db_path.with_name(f".history.json.tmp-{os.getpid()}-12345678"),  # half-written
        running / f".ghost.json.tmp-{dead_pid}-abcdef01",
    ]
    leftovers[0].write_text(json.dumps(other))
    leftovers[1].write_text('{"meta": {')
    leftovers[2].write_text(json.dumps({"session": numbered_record(3).to_dict()}))
    young_alive = running / f".x.json.tmp-{os.getpid()}-00000001"
    old_alive = running / f".y.json.tmp-{os.getpid()}-00000002"
    young_alive.write_text("{")
    old_alive.write_text("{")
    an_hour_ago = time.time() - 3600
    os.utime(old_alive, (an_hour_ago, an_hour_ago))
    unrelated = db_path.with_name(".notes.txt.tmp-1-00000000")
    unrelated.write_text("not ours")

    assert {r.id for r in store.list_sessions()} == {"session-000001", "live-here"}
    store.finish(numbered_record(4))  # a write cleans up
    assert [p.exists() for p in leftovers] == [False, False, False]
    assert young_alive.exists() and not old_alive.exists() and unrelated.exists()
    assert {r.id for r in store.list_sessions()} == {
        "session-000001",
        "session-000004",
        "live-here",
    }


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_two_stores_in_one_process_do_not_reuse_document_ids(db_path: Path) -> None:
    """TinyDB caches the next document id per table; each write must re-read it."""
    first, second = HistoryStore(db_path), HistoryStore(db_path)
    for n in range(0, 10, 2):
        first.finish(numbered_record(n))
        second.finish(numbered_record(n + 1))
    assert len(first.list_sessions()) == 10
    assert len(json.loads(db_path.read_text())["sessions"]) == 10


def test_a_symlinked_history_stays_a_symlink(db_path: Path, tmp_path: Path) -> None:
    real = tmp_path / "synced" / "history.json"
    real.parent.mkdir()
    db_path.parent.mkdir(parents=True)
    db_path.symlink_to(real)
    HistoryStore(db_path).finish(numbered_record(1))
    assert db_path.is_symlink() and json.loads(real.read_text())["sessions"]


def test_a_write_lock_held_too_long_is_reported(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filelock import FileLock

    from isoback_tui.store import history

    HistoryStore(db_path).finish(numbered_record(1))
    before = file_digest(db_path)
    monkeypatch.setattr(history, "LOCK_TIMEOUT_S", 0.2)
    with FileLock(str(db_path) + ".lock"):  # another holder (its own open file)
        with pytest.raises(HistoryFileError, match="is locked by another isoback"):
            HistoryStore(db_path).finish(numbered_record(2))
        assert [r.id for r in HistoryStore(db_path).list_sessions()] == ["session-000001"]
    assert file_digest(db_path) == before


def _temp(folder: Path, target: str, pid: int, rand: str, *, age_s: float = 0) -> Path:
    """A leftover of a write of `target` by process `pid`, last changed `age_s` ago."""
    path = folder / f".{target}.tmp-{pid}-{rand}"
    path.write_text("{")
    if age_s:
        then = time.time() - age_s
        os.utime(path, (then, then))
    return path


def test_a_fresh_temporary_file_of_a_live_writer_elsewhere_is_kept(
    tmp_path: Path, live_child: subprocess.Popen[bytes]
) -> None:
    """Another isoback (here a child of ours, alive and not us) may be about to rename it."""
    live_pid = live_child.pid
    fresh = _temp(tmp_path, "history.json", live_pid, "0000000a")
    recent = _temp(tmp_path, "history.json", live_pid, "0000000b", age_s=STALE_AFTER_S - 60)
    old = _temp(tmp_path, "history.json", live_pid, "0000000c", age_s=STALE_AFTER_S + 60)
    assert remove_stale_temps(tmp_path) == 1
    assert fresh.exists() and recent.exists() and not old.exists()


def test_temporary_files_of_dead_writers_go_and_our_own_fresh_ones_stay(tmp_path: Path) -> None:
    dead_pid = _dead_pid()
    dead = [_temp(tmp_path, "history.json", dead_pid, f"0000000{n}") for n in range(5)]
    ours = [_temp(tmp_path, "history.json", os.getpid(), f"0000001{n}") for n in range(5)]
    assert remove_stale_temps(tmp_path) == 5  # a kept file never stops the search
    assert not any(p.exists() for p in dead) and all(p.exists() for p in ours)


def test_only_the_named_targets_temporary_files_are_touched(tmp_path: Path) -> None:
    mine = _temp(tmp_path, "history.json", _dead_pid(), "0000000a")
    other = _temp(tmp_path, "other.json", _dead_pid(), "0000000b")
    assert remove_stale_temps(tmp_path, target_name="history.json") == 1
    assert not mine.exists() and other.exists()


def test_holding_the_writers_lock_makes_every_temporary_file_stale(
    tmp_path: Path, live_child: subprocess.Popen[bytes]
) -> None:
    """Every writer of the target holds that lock, so none of its temporary files is live."""
    leftovers = [
        _temp(tmp_path, "history.json", os.getpid(), "0000000a"),
        _temp(tmp_path, "history.json", live_child.pid, "0000000b"),
    ]
    other = _temp(tmp_path, "other.json", live_child.pid, "0000000c")
    assert remove_stale_temps(tmp_path, target_name="history.json", writer_lock_held=True) == 2
    assert [p.exists() for p in leftovers] == [False, False] and other.exists()


def test_names_not_made_by_a_write_are_never_deleted(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    dead = _dead_pid()
    names = [
        f"history.json.tmp-{dead}-0000000a",  # not hidden
        f".history.json.tmp-{dead}-0000000",  # seven hex digits
        f".history.json.tmp-{dead}-0000000ab",  # nine
        f".history.json.tmp-{dead}-0000000G",  # not hex
        f".history.json.tmp-x{dead}-0000000a",  # not a pid
        f".history.json.tmp{dead}-0000000a",
    ]
    for name in names:
        (folder / name).write_text("{")
    assert remove_stale_temps(folder, writer_lock_held=True) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    assert remove_stale_temps(folder / "missing") == 0
