"""The one-session-per-line layout: plain JSON, streamable, never half-read."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from isoback_tui.store import HistoryFileError, HistoryStore
from isoback_tui.store.errors import NotLineLayout
from isoback_tui.store.schema import meta_document
from isoback_tui.store.storage import encode, stream_sessions
from tests.core.record_builders import numbered_record


def _database(count: int) -> dict[str, dict[str, object]]:
    return {
        "sessions": {
            str(n + 1): numbered_record(n, note=f"n\u00e9 {n}\n,}}").to_dict() for n in range(count)
        },
        "meta": {"1": meta_document()},
    }


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_layout_is_plain_json_and_streams_back(tmp_path: Path, count: int) -> None:
    data = _database(count)
    path = tmp_path / "h.json"
    path.write_bytes(b"".join(encode(data)))
    assert json.loads(path.read_text()) == data
    text = path.read_text()
    assert text.startswith('{"meta":{\n') and text.count("\n") == 5 + count - (count == 0)
    streamed = list(stream_sessions(path))
    assert streamed[0] == (None, meta_document())
    assert dict(streamed[1:]) == data["sessions"]


def cut_points(whole: bytes, rng: random.Random, sample: int = 150) -> list[int]:
    """Where to cut `whole`: every point within two bytes of a line's end, and a sample.

    Line ends are where the streaming reader decides; the sample covers the
    middle of lines, where json.loads decides.
    """
    near_ends = {
        cut
        for end in [0, *(i for i, byte in enumerate(whole) if byte == ord("\n"))]
        for cut in range(end - 2, end + 3)
        if 0 < cut < len(whole)
    }
    rest = sorted(set(range(1, len(whole))) - near_ends)
    return sorted(near_ends | set(rng.sample(rest, min(sample, len(rest)))))


def test_a_file_cut_anywhere_is_never_half_read(db_path: Path, seed: int) -> None:
    records = [numbered_record(n) for n in range(3)]
    HistoryStore(db_path).import_records(records)
    whole = db_path.read_bytes()
    for cut in cut_points(whole, random.Random(seed)):
        db_path.write_bytes(whole[:cut])
        try:
            listed = HistoryStore(db_path).list_sessions()
        except HistoryFileError as error:
            assert str(db_path) in str(error)
            continue
        # only the final newline (and nothing that matters) was cut
        assert len(listed) == 3, cut
        assert whole[cut:].strip() == b""


def test_files_in_another_layout_are_read_whole(db_path: Path) -> None:
    HistoryStore(db_path).import_records([numbered_record(n) for n in range(4)])
    data = json.loads(db_path.read_text())
    for text in (
        json.dumps(data, indent=4),
        json.dumps(data),
        db_path.read_text().replace("\n", "\r\n"),
        "\ufeff" + db_path.read_text(),
    ):
        db_path.write_text(text, encoding="utf-8")
        with pytest.raises(NotLineLayout):
            list(stream_sessions(db_path))
        assert len(HistoryStore(db_path).list_sessions()) == 4
        assert HistoryStore(db_path).get("session-000002") is not None


def test_a_duplicated_line_is_read_as_json_reads_it(db_path: Path) -> None:
    HistoryStore(db_path).import_records([numbered_record(1)])
    lines = db_path.read_text().splitlines(keepends=True)
    changed = numbered_record(1, note="second copy").to_dict()
    lines.insert(4, '"1":' + json.dumps(changed, separators=(",", ":")) + ",\n")
    db_path.write_text("".join(lines))
    with pytest.raises(NotLineLayout):
        list(stream_sessions(db_path))
    as_json_reads_it = json.loads(db_path.read_text())["sessions"]["1"]["note"]
    assert [r.note for r in HistoryStore(db_path).list_sessions()] == [as_json_reads_it]
