"""Damaged, foreign and unreadable history files: named, refused, never changed.

Each case checks that every way in (open, list, get, writes, the `history`
and `import` commands) raises or exits 1 with a sentence naming the file,
and that the file's bytes are exactly what they were. Only `move_aside`,
the user's explicit choice, changes anything.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from isoback_tui.cli.history import history_command, import_command
from isoback_tui.store import HistoryError, HistoryFileError, HistoryStore
from tests.core.record_builders import empty_running_record, numbered_record
from tests.store.helpers import file_digest

GOOD_SESSION = numbered_record(1).to_dict()


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00\x01not json at all\xff\xfe")


def _not_json(path: Path) -> None:
    path.write_text("sessions: [1, 2, 3]\n")


def _truncated(path: Path) -> None:
    full = json.dumps(
        {"meta": {"1": {"app": "isoback", "schema_version": 1}}, "sessions": {"1": GOOD_SESSION}}
    )
    path.write_text(full[: len(full) // 2])


def _foreign_tinydb(path: Path) -> None:
    path.write_text(json.dumps({"_default": {"1": {"name": "milk", "qty": 2}}}))


def _foreign_json(path: Path) -> None:
    path.write_text(json.dumps([{"id": "x"}]))


def _sessions_without_meta(path: Path) -> None:
    path.write_text(json.dumps({"sessions": {"1": GOOD_SESSION}}))


def _newer_schema(path: Path) -> None:
    path.write_text(
        json.dumps({"meta": {"1": {"app": "isoback", "schema_version": 99}}, "sessions": {}})
    )


def _bad_session(path: Path) -> None:
    bad = dict(GOOD_SESSION, reps_planned="lots")
    path.write_text(
        json.dumps(
            {
                "meta": {"1": {"app": "isoback", "schema_version": 1}},
                "sessions": {"1": GOOD_SESSION, "2": bad},
            }
        )
    )


def _null(path: Path) -> None:
    path.write_text("null\n")


def _empty_object(path: Path) -> None:
    path.write_text("{}\n")


def _huge_number_in_lines(path: Path) -> None:
    """The line layout isoback writes, with one number of 5,000 digits."""
    session = json.dumps(GOOD_SESSION, separators=(",", ":"))
    session = session.replace('"reps_planned":180', '"reps_planned":' + "9" * 5000)
    path.write_text(
        '{"meta":{\n"1":{"app":"isoback","schema_version":1}\n},\n'
        f'"sessions":{{\n"1":{session}\n}}}}\n'
    )


def _huge_number_whole(path: Path) -> None:
    """A hand-written file (not the line layout) with a number of 5,000 digits."""
    path.write_text(
        '{"meta": {"1": {"app": "isoback", "schema_version": 1}}, "sessions": {"1": '
        + json.dumps(GOOD_SESSION)[:-1]
        + ', "extra": '
        + "7" * 5000
        + "}}}"
    )


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("keep me")


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "garbage": (_garbage, "is not a text file"),
    "not json": (_not_json, "is not valid JSON"),
    "truncated": (_truncated, "is cut short"),
    "foreign tinydb": (_foreign_tinydb, "belongs to another program"),
    "foreign json": (_foreign_json, "is not an isoback history"),
    "no meta": (_sessions_without_meta, "belongs to another program"),
    "newer schema": (_newer_schema, "newer isoback"),
    "bad session": (_bad_session, "is damaged: session 2"),
    "folder": (_folder, "is a folder"),
    "null": (_null, "is not an isoback history (its JSON is null"),
    "empty object": (_empty_object, "is not an isoback history (its JSON is an empty object"),
    "huge number, line layout": (_huge_number_in_lines, "over 4,300 digits"),
    "huge number, whole file": (_huge_number_whole, "over 4,300 digits"),
}


@pytest.fixture(params=list(CASES))
def damaged(request: pytest.FixtureRequest, db_path: Path) -> tuple[Path, str]:
    """A damaged history file and the words its error must contain."""
    make, words = CASES[request.param]
    db_path.parent.mkdir(parents=True)
    make(db_path)
    return db_path, words


def _check_error(error: HistoryFileError | str, path: Path, words: str) -> None:
    text = str(error)
    assert str(path) in text and words in text
    assert "\n" not in text.strip()


def test_every_way_in_refuses_a_damaged_file_and_leaves_it_alone(
    damaged: tuple[Path, str],
) -> None:
    path, words = damaged
    before = file_digest(path)
    with pytest.raises(HistoryFileError) as caught:
        HistoryStore.open(path)
    _check_error(caught.value, path, words)
    store = HistoryStore(path)
    if words.startswith("is damaged: session"):
        # reads of one session check the sessions they return, not every other one
        assert store.get("x") is None and store.latest_resumable() is None
    else:
        reads: list[Callable[[], object]] = [lambda: store.get("x"), store.latest_resumable]
        for read_one in reads:
            with pytest.raises(HistoryFileError) as caught:
                read_one()
            _check_error(caught.value, path, words)
    attempts: list[Callable[[], object]] = [
        store.list_sessions,
        lambda: store.finish(numbered_record(5)),
        lambda: store.import_records([numbered_record(6)]),
        lambda: store.update_after(GOOD_SESSION["id"], 1, "x"),
        lambda: store.delete(GOOD_SESSION["id"]),
        lambda: store.claim_for_resume(GOOD_SESSION["id"]),
    ]
    for attempt in attempts:
        with pytest.raises(HistoryFileError) as caught:
            attempt()
        _check_error(caught.value, path, words)
    assert file_digest(path) == before


def test_a_session_running_over_a_damaged_file_is_kept(damaged: tuple[Path, str]) -> None:
    """The running session saves fine; finishing it fails and leaves it where it is."""
    path, _words = damaged
    before = file_digest(path)
    store = HistoryStore(path)
    record = empty_running_record("kept")
    store.begin(record)
    record.status = "completed"
    with pytest.raises(HistoryFileError):
        store.finish(record)
    store.close()
    assert file_digest(path) == before
    moved = HistoryStore.move_aside(path)
    assert file_digest(moved) == before
    # the session is still there, and moves into the fresh history with its status
    assert [(r.id, r.status) for r in HistoryStore(path).list_sessions()] == [("kept", "completed")]
    HistoryStore(path).finish(numbered_record(2))
    assert {r.id for r in HistoryStore(path).list_sessions()} == {"kept", "session-000002"}


def test_the_commands_name_the_file_and_exit_1(damaged: tuple[Path, str], tmp_path: Path) -> None:
    path, words = damaged
    before = file_digest(path)
    for fmt in ("table", "json", "csv"):
        out, err = io.StringIO(), io.StringIO()
        assert history_command(path, fmt, out, err) == 1
        assert out.getvalue() == ""
        assert err.getvalue().startswith("isoback: ") and err.getvalue().count("\n") == 1
        _check_error(err.getvalue(), path, words)
    export = tmp_path / "export.json"
    export.write_text(json.dumps([numbered_record(9).to_dict()]))
    out, err = io.StringIO(), io.StringIO()
    assert import_command(path, export, out, err) == 1
    _check_error(err.getvalue(), path, words)
    assert file_digest(path) == before


def test_move_aside_renames_beside_it_and_never_overwrites(damaged: tuple[Path, str]) -> None:
    path, _words = damaged
    before = file_digest(path)
    first = HistoryStore.move_aside(path)
    assert first.parent == path.parent and first.name.startswith("history.json.damaged-")
    assert file_digest(first) == before and not os.path.lexists(path)
    assert HistoryStore.open(path).list_sessions() == []
    _foreign_tinydb(path)
    second_before = file_digest(path)
    second = HistoryStore.move_aside(path)  # within the same second, most likely
    assert second != first
    assert file_digest(first) == before and file_digest(second) == second_before


def test_a_running_file_with_a_huge_number_is_skipped_with_a_warning(db_path: Path) -> None:
    store = HistoryStore(db_path)
    store.finish(numbered_record(1))
    running = db_path.with_name("history.json.running")
    running.mkdir()
    huge = running / "huge.json"
    huge.write_text(
        '{"app": "isoback", "schema_version": 1, "session": {"id": ' + "9" * 5000 + "}}"
    )
    assert [r.id for r in store.list_sessions()] == ["session-000001"]
    assert len(store.warnings) == 1 and str(huge) in store.warnings[0]


def test_move_aside_with_nothing_there(db_path: Path) -> None:
    with pytest.raises(HistoryError, match="no history file"):
        HistoryStore.move_aside(db_path)


def test_a_missing_file_is_an_empty_history_and_reading_creates_nothing(db_path: Path) -> None:
    assert HistoryStore.open(db_path).list_sessions() == []
    out, err = io.StringIO(), io.StringIO()
    assert history_command(db_path, "json", out, err) == 0
    assert out.getvalue() == "[]\n" and err.getvalue() == ""
    assert not db_path.parent.exists()


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_an_empty_file_is_an_empty_history(db_path: Path, content: bytes) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(content)
    store = HistoryStore.open(db_path)
    assert store.list_sessions() == []
    store.finish(numbered_record(1))
    assert [r.id for r in store.list_sessions()] == ["session-000001"]


def test_a_damaged_running_file_is_skipped_with_a_warning(db_path: Path) -> None:
    store = HistoryStore(db_path)
    store.finish(numbered_record(1))
    running = db_path.with_name("history.json.running")
    running.mkdir()
    broken = running / "broken.json"
    broken.write_text('{"app": "isoback", "schema_version": 1, "session": {"id": 3')
    before = file_digest(broken)
    assert [r.id for r in store.list_sessions()] == ["session-000001"]
    assert len(store.warnings) == 1 and str(broken) in store.warnings[0]
    store.finish(numbered_record(2))  # a write does not move it in, nor delete it
    assert file_digest(broken) == before
    out, err = io.StringIO(), io.StringIO()
    assert history_command(db_path, "table", out, err) == 0
    assert err.getvalue().startswith("isoback: warning: ") and str(broken) in err.getvalue()


def _history_as_other_user(path: Path) -> tuple[int, str, str]:
    """Run `history --json` on `path` as an unprivileged user (when the tests run as root).

    A forked child drops to uid/gid 65534 and runs the command in-process:
    exec'ing the interpreter may itself be out of that user's reach.
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 99
        try:
            os.close(read_fd)
            os.setgid(65534)
            os.setuid(65534)
            out, err = io.StringIO(), io.StringIO()
            code = history_command(path, "json", out, err)
            os.write(write_fd, json.dumps([out.getvalue(), err.getvalue()]).encode())
        finally:
            os._exit(code)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    out, err = json.loads(payload or b'["", ""]')
    return os.waitstatus_to_exitcode(status), out, err


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_an_unreadable_file_is_named_and_left_alone() -> None:
    # tmp_path is private to root; this folder must be reachable by the other user
    folder = Path(tempfile.mkdtemp(prefix="isoback-perm-"))
    try:
        folder.chmod(0o755)
        path = folder / "history.json"
        HistoryStore(path).finish(numbered_record(1))
        path.chmod(0o000)
        before = file_digest(path)
        if os.geteuid() == 0:
            code, out_text, err_text = _history_as_other_user(path)
            assert code == 1, err_text
            assert out_text == ""
            _check_error(err_text, path, "cannot be read: permission denied")
        else:
            out, err = io.StringIO(), io.StringIO()
            assert history_command(path, "json", out, err) == 1
            _check_error(err.getvalue(), path, "cannot be read: permission denied")
            with pytest.raises(HistoryFileError):
                HistoryStore(path).finish(numbered_record(2))
        assert file_digest(path) == before
        assert oct(path.stat().st_mode & 0o777) == "0o0"
    finally:
        for child in folder.iterdir():
            child.chmod(0o600)
        for child in folder.iterdir():
            if child.is_dir():
                for inner in child.iterdir():
                    inner.unlink()
                child.rmdir()
            else:
                child.unlink()
        folder.rmdir()
