"""`isoback history` and `isoback import`, through the functions cli/main.py calls."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from isoback_tui.cli.history import history_command, import_command
from isoback_tui.store import HistoryStore
from tests.core.record_builders import empty_running_record, numbered_record
from tests.store.helpers import child_env


def _run_history(db: Path, fmt: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = history_command(db, fmt, out, err)
    return code, out.getvalue(), err.getvalue()


def _run_import(db: Path, file: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = import_command(db, file, out, err)
    return code, out.getvalue(), err.getvalue()


def _varied_history(db: Path) -> None:
    store = HistoryStore(db)
    store.import_records(
        [
            numbered_record(1, note='first \u00e9\u00e8 \U0001f600 "quoted", comma\nnew line'),
            numbered_record(2, status="ended_early", done_per_set=7, pain=(None, None)),
            numbered_record(3, status="interrupted", done_per_set=3, pain=(6, None)),
            numbered_record(4, note="[bold]not markup[/bold] \x1b[31mred\x1b[0m"),
        ]
    )
    odd = numbered_record(5)
    odd.routine_name = "Mine \u4e2d\u6587 [x]"
    odd.hold_s_total = 0.1 + 0.2
    store.finish(odd)


def test_json_is_the_exact_format_newest_first(db_path: Path) -> None:
    _varied_history(db_path)
    code, out, err = _run_history(db_path, "json")
    assert (code, err) == (0, "")
    records = sorted(
        HistoryStore(db_path).list_sessions(), key=lambda r: r.started_at, reverse=True
    )
    expected = json.dumps([r.to_dict() for r in records], indent=2, ensure_ascii=False) + "\n"
    assert out == expected
    assert [s["id"] for s in json.loads(out)] == [f"session-00000{n}" for n in (5, 4, 3, 2, 1)]


def test_round_trip_through_import_is_identical(db_path: Path, tmp_path: Path) -> None:
    _varied_history(db_path)
    _code, exported, _err = _run_history(db_path, "json")
    backup = tmp_path / "backup.json"
    backup.write_text(exported, encoding="utf-8")
    fresh = tmp_path / "elsewhere" / "history.json"
    assert _run_import(fresh, backup) == (
        0,
        "Imported 5 sessions, skipped 0 already present.\n",
        "",
    )
    assert _run_history(fresh, "json")[1] == exported
    assert _run_import(fresh, backup)[1] == "Imported 0 sessions, skipped 5 already present.\n"
    assert _run_history(fresh, "json")[1] == exported


def test_import_merges_by_id(db_path: Path, tmp_path: Path) -> None:
    HistoryStore(db_path).import_records([numbered_record(1), numbered_record(2)])
    backup = tmp_path / "b.json"
    backup.write_text(json.dumps([numbered_record(n).to_dict() for n in (2, 3)]))
    assert _run_import(db_path, backup)[1] == "Imported 1 session, skipped 1 already present.\n"
    assert len(HistoryStore(db_path).list_sessions()) == 3


def test_a_file_with_one_bad_session_imports_nothing(db_path: Path, tmp_path: Path) -> None:
    HistoryStore(db_path).finish(numbered_record(1))
    before = db_path.read_bytes()
    sessions = [numbered_record(n).to_dict() for n in (2, 3, 4)]
    sessions[1]["pain_before"] = 11
    backup = tmp_path / "b.json"
    backup.write_text(json.dumps(sessions))
    code, out, err = _run_import(db_path, backup)
    assert (code, out) == (1, "")
    assert err.startswith("isoback: ") and err.count("\n") == 1
    assert str(backup) in err
    assert "number 2 of 3" in err and "session-000003" in err and "pain_before" in err
    assert "nothing was imported" in err
    assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "does not exist"),
        ("[{", "is cut short"),
        ("{]", "is not valid JSON"),
        ('{"sessions": []}', "is not a `history --json` export"),
        ('[{"id": 3}]', "number 1 of 1 (no id)"),
        pytest.param(
            '[{"id": "a", "reps_planned": ' + "9" * 5000 + "}]",
            "over 4,300 digits",
            id="a-number-of-5000-digits",
        ),
        ("null", "is not a `history --json` export"),
        ("[]", None),
    ],
)
def test_import_file_problems(
    db_path: Path, tmp_path: Path, content: str | None, words: str | None
) -> None:
    file = tmp_path / "import.json"
    if content is not None:
        file.write_text(content)
    code, out, err = _run_import(db_path, file)
    if words is None:
        assert (code, out, err) == (0, "Imported 0 sessions, skipped 0 already present.\n", "")
        return
    assert (code, out) == (1, "")
    assert err.startswith(f"isoback: The import file {file} ") and words in err
    assert err.endswith(".\n")
    assert not db_path.exists()


def test_the_table_is_plain_and_literal(db_path: Path) -> None:
    _varied_history(db_path)
    store = HistoryStore(db_path)
    store.begin(empty_running_record("now"))
    code, out, err = _run_history(db_path, "table")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["Date", "Routine", "Reps", "Hold", "Duration", "Pain", "Status"]
    assert "in progress" in lines[1]
    assert "Mine \u4e2d\u6587 [x]" in lines[2] and "180/180" in lines[2]
    assert "\x1b" not in out
    assert "ended early" in out and "interrupted" in out
    assert "84/180" in out  # 4 exercises x 3 sets x 7 done
    assert "6 -> -" in out and "4 -> 3" in out
    store.close()


def test_an_empty_history_table(db_path: Path) -> None:
    assert _run_history(db_path, "table") == (0, "No sessions yet.\n", "")


def test_csv_has_a_header_and_one_row_per_session(db_path: Path) -> None:
    _varied_history(db_path)
    code, out, _err = _run_history(db_path, "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == [f"session-00000{n}" for n in (5, 4, 3, 2, 1)]
    first = rows[-1]
    assert first["params.reps"] == "15" and first["params.hold_s"] == "5"
    assert first["note"].startswith("first \u00e9") and "\nnew line" in first["note"]
    assert rows[2]["pain_after"] == "" and rows[2]["status"] == "interrupted"
    assert json.loads(first["exercises"])[0]["sets"][0] == {"reps_done": 15, "reps_skipped": 0}
    assert "\x1b" not in out


def test_an_unknown_format_is_a_usage_error(db_path: Path) -> None:
    code, out, err = _run_history(db_path, "xml")
    assert (code, out) == (2, "") and err.startswith("isoback: Unknown history format")


def test_a_reader_that_stops_early_gets_no_traceback(db_path: Path) -> None:
    """`isoback history --json | head -1`: no error, no traceback."""
    HistoryStore(db_path).import_records([numbered_record(n) for n in range(300)])
    code = (
        "import sys; from pathlib import Path; "
        "from isoback_tui.cli.history import history_command; "
        "sys.exit(history_command(Path(sys.argv[1]), 'json', sys.stdout, sys.stderr))"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
    )
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.readline() == b"[\n"
    child.stdout.close()
    assert child.wait(timeout=30) == 0
    assert child.stderr.read() == b""
