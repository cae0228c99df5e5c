"""The history file's storage: its exact layout, what streams, what is read whole, each sentence."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest

from isoback_tui.store import HistoryFileError, HistoryStore
from isoback_tui.store.errors import NotLineLayout
from isoback_tui.store.storage import AtomicJSONStorage, encode, stream_sessions
from tests.core.record_builders import numbered_record

META = {"app": "isoback", "schema_version": 1}
META_LINE = '"1":{"app":"isoback","schema_version":1}\n'


def _bytes(data: dict[str, dict[str, Any]]) -> str:
    return b"".join(encode(data)).decode("ascii")


def test_the_layout_is_exactly_one_session_a_line() -> None:
    data: dict[str, dict[str, Any]] = {
        "sessions": {"1": {"id": "a", "n": [1, 2]}, "2": {"id": "b\u00e9"}},
        "meta": {"1": META},
    }
    assert _bytes(data) == (
        '{"meta":{\n'
        + META_LINE
        + "},\n"
        + '"sessions":{\n'
        + '"1":{"id":"a","n":[1,2]},\n'
        + '"2":{"id":"b\\u00e9"}\n'
        + "}}\n"
    )


def test_empty_and_extra_tables_keep_the_layout() -> None:
    assert _bytes({"meta": {"1": META}, "sessions": {}}) == (
        '{"meta":{\n' + META_LINE + "},\n" + '"sessions":{}}\n'
    )
    assert _bytes({"meta": {"1": META}}) == '{"meta":{\n' + META_LINE + "}}\n"
    assert _bytes({}) == "{}\n"
    mixed = _bytes({"zz": {}, "sessions": {}, "aa": {"1": {}}, "meta": {"1": META}})
    assert [line.split(":")[0] for line in mixed.splitlines() if line.startswith(('"', "{"))] == [
        '{"meta"',
        '"1"',
        '"sessions"',
        '"aa"',
        '"1"',
        '"zz"',
    ]
    assert json.loads(mixed) == {"meta": {"1": META}, "sessions": {}, "aa": {"1": {}}, "zz": {}}


@pytest.mark.parametrize(
    "text",
    [
        '{"meta":{\n' + META_LINE + "}}\n",
        '{"meta":{\n' + META_LINE + "},\n" + '"sessions":{}}\n',
    ],
)
def test_a_history_without_sessions_streams_only_its_meta(tmp_path: Path, text: str) -> None:
    path = tmp_path / "h.json"
    path.write_text(text)
    assert list(stream_sessions(path)) == [(None, META)]
    assert AtomicJSONStorage(path).read() == {"meta": {"1": META}, "sessions": {}}


SESSION_LINE = '"1":{"id":"a"}\n'

NOT_THE_LAYOUT = {
    "another first line": '{"meta": {\n' + META_LINE + "}}\n",
    "meta under key 2": '{"meta":{\n"2":{"app":"isoback","schema_version":1}\n}}\n',
    "meta not an object": '{"meta":{\n"1":[1]\n}}\n',
    "meta line without newline": '{"meta":{\n"1":{"app":"isoback","schema_version":1}',
    "something after the end": '{"meta":{\n' + META_LINE + "}}\n{}\n",
    "empty sessions then more": '{"meta":{\n' + META_LINE + '},\n"sessions":{}}\n\n',
    "no sessions table": '{"meta":{\n' + META_LINE + "},\n" + '"other":{}}\n',
    "meta not closed": '{"meta":{\n' + META_LINE + "}\n",
    "session key not a number": '{"meta":{\n'
    + META_LINE
    + '},\n"sessions":{\n"a":{"id":"a"}\n}}\n',
    "session key not ascii digits": '{"meta":{\n'
    + META_LINE
    + '},\n"sessions":{\n"\u0661":{"id":"a"}\n}}\n',
    "session not an object": '{"meta":{\n' + META_LINE + '},\n"sessions":{\n"1":[1]\n}}\n',
    "a key without quotes": '{"meta":{\n' + META_LINE + '},\n"sessions":{\n1:{"id":"a"}\n}}\n',
    "a key after a stray character": '{"meta":{\n'
    + META_LINE
    + '},\n"sessions":{\nx1":{"id":"a"}\n}}\n',
    "a bare key": '{"meta":{\n' + META_LINE + '},\n"sessions":{\n"1"\n}}\n',
    "sessions not closed": '{"meta":{\n' + META_LINE + '},\n"sessions":{\n' + SESSION_LINE,
    "more after the sessions": '{"meta":{\n'
    + META_LINE
    + '},\n"sessions":{\n'
    + SESSION_LINE
    + "}}\nx\n",
    "sessions closed wrongly": '{"meta":{\n'
    + META_LINE
    + '},\n"sessions":{\n'
    + SESSION_LINE
    + "}\n",
    "a session split over two lines": '{"meta":{\n'
    + META_LINE
    + '},\n"sessions":{\n"1":{"id":\n"a"}\n}}\n',
    "bad JSON in a line": '{"meta":{\n' + META_LINE + '},\n"sessions":{\n"1":{"id":a}\n}}\n',
}


@pytest.mark.parametrize("case", list(NOT_THE_LAYOUT))
def test_anything_but_the_layout_is_read_whole(tmp_path: Path, case: str) -> None:
    path = tmp_path / "h.json"
    path.write_text(NOT_THE_LAYOUT[case])
    with pytest.raises(NotLineLayout):
        list(stream_sessions(path))


def test_streaming_yields_each_session_in_file_order(tmp_path: Path) -> None:
    path = tmp_path / "h.json"
    path.write_text(
        '{"meta":{\n' + META_LINE + '},\n"sessions":{\n"2":{"id":"b"},\n"10":{"id":"c"}\n}}\n'
    )
    assert list(stream_sessions(path)) == [(None, META), ("2", {"id": "b"}), ("10", {"id": "c"})]
    assert list(stream_sessions(tmp_path / "missing.json")) == []


def test_a_file_that_cannot_be_streamed_is_read_whole_and_named(tmp_path: Path) -> None:
    folder = tmp_path / "h.json"
    folder.mkdir()
    with pytest.raises(NotLineLayout):
        list(stream_sessions(folder))
    with pytest.raises(HistoryFileError) as caught:
        AtomicJSONStorage(folder).read()
    assert str(caught.value) == f"the history file {folder} is a folder, not a file"


def test_a_file_saying_null_is_not_a_history(tmp_path: Path) -> None:
    path = tmp_path / "h.json"
    path.write_text(" null \n")
    with pytest.raises(HistoryFileError) as caught:
        AtomicJSONStorage(path).read()
    assert str(caught.value) == (
        f"the history file {path} is not an isoback history (its JSON is null, not an object)"
    )


def test_a_hand_written_history_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "h.json"
    data = {"meta": {"1": META}, "sessions": {"1": {"id": "a"}}}
    path.write_text(json.dumps(data, indent=2))
    assert AtomicJSONStorage(path).read() == data
    path.write_text("")
    assert AtomicJSONStorage(path).read() is None
    assert AtomicJSONStorage(tmp_path / "missing.json").read() is None


def test_a_write_makes_the_folder_and_the_file_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "h.json"
    data: dict[str, dict[str, Any]] = {"meta": {"1": META}, "sessions": {"1": {"id": "a"}}}
    AtomicJSONStorage(path).write(data)
    assert AtomicJSONStorage(path).read() == data
    assert path.read_text() == _bytes(data)


def test_a_write_that_fails_is_one_sentence_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "h.json"
    storage = AtomicJSONStorage(path)
    storage.write({"meta": {"1": META}})
    before = path.read_bytes()

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(HistoryFileError) as caught:
        storage.write({"meta": {"1": META}, "sessions": {"1": {"id": "a"}}})
    assert str(caught.value) == (
        f"the history file {path} could not be written: no space left on device"
    )
    assert path.read_bytes() == before


def test_a_folder_that_cannot_be_made_is_one_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    path = blocker / "h.json"
    with pytest.raises(HistoryFileError) as caught:
        HistoryStore(path).finish(numbered_record(1))
    assert str(caught.value) == (
        f"the history file {path} cannot be written: its folder cannot be made (file exists)"
    )


def test_a_write_never_replaces_what_is_not_a_file(tmp_path: Path) -> None:
    pipe = tmp_path / "h.json"
    os.mkfifo(pipe)
    with pytest.raises(HistoryFileError) as caught:
        AtomicJSONStorage(pipe).write({"meta": {"1": META}})
    assert str(caught.value) == f"the history file {pipe} is a named pipe, not a file"
    assert not pipe.is_file()
