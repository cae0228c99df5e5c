"""`isoback import` holds each session to the limits of `core.limits` (issue 7).

A file from elsewhere can't bring lone surrogates, 100,000-character names
or 300-digit numbers into the history: one sentence names the session and
the field, and nothing is imported.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from isoback_tui.cli.history import import_command
from isoback_tui.core.limits import MAX_NAME_CHARS, MAX_NOTE_CHARS
from isoback_tui.core.record import MAX_REPS_PLANNED, SessionRecord, check_bounds
from isoback_tui.store import HistoryStore
from tests.core.record_builders import numbered_record

Change = Callable[[dict[str, Any]], None]


def _set(key: str, value: object) -> Change:
    def change(session: dict[str, Any]) -> None:
        session[key] = value

    return change


def _set_param(key: str, value: object) -> Change:
    def change(session: dict[str, Any]) -> None:
        session["params"][key] = value

    return change


def _exercise_name(value: str) -> Change:
    def change(session: dict[str, Any]) -> None:
        session["exercises"][1]["name"] = value

    return change


def _set_reps(value: int) -> Change:
    def change(session: dict[str, Any]) -> None:
        session["exercises"][0]["sets"][0]["reps_done"] = value
        session["reps_planned"] = MAX_REPS_PLANNED  # room in the plan: the bound is what refuses
        session.pop("reps_done")

    return change


def _many_sets(session: dict[str, Any]) -> None:
    session["exercises"][0]["sets"] = [{"reps_done": 0, "reps_skipped": 0}] * 51
    session.pop("reps_done")


def _many_exercises(session: dict[str, Any]) -> None:
    session["exercises"] = [{"id": f"e{n}", "name": "E", "sets": []} for n in range(101)]
    session["reps_done"] = 0


CASES = {
    "lone surrogate in the note": (_set("note", "ok \udcff"), "'note' is not valid Unicode"),
    "lone surrogate in a name": (
        _exercise_name("\ud800"),
        "'exercises[1].name' is not valid Unicode",
    ),
    "100,000-character routine name": (
        _set("routine_name", "r" * 100_000),
        f"'routine_name' is longer than {MAX_NAME_CHARS} characters (100000)",
    ),
    "long note": (_set("note", "n" * (MAX_NOTE_CHARS + 1)), "'note' is longer than"),
    "long id": (_set("id", "i" * 100_000), "'id' is longer than"),
    "duration 1e308": (
        _set("duration_s", 1e308),
        "'duration_s' must be at most 31622400, not 1e+308",
    ),
    "huge paused": (
        _set("paused_s", 10**300),
        "'paused_s' must be at most 31622400, not a number of 301 digits",
    ),
    "huge hold total": (_set("hold_s_total", 1e12), "'hold_s_total' must be at most"),
    "reps planned": (_set("reps_planned", 10**9), "'reps_planned' must be at most 2500000"),
    "params.reps": (_set_param("reps", 501), "'params.reps' must be at most 500, not 501"),
    "params.sets": (_set_param("sets", 51), "'params.sets' must be at most 50"),
    "params.hold_s": (_set_param("hold_s", 3600.5), "'params.hold_s' must be at most 3600"),
    "params.rest_s": (_set_param("rest_s", 1e308), "'params.rest_s' must be at most 3600"),
    "reps in a set": (_set_reps(10**5), "'exercises[0].sets[0].reps_done' must be at most 500"),
    "sets": (_many_sets, "'exercises[0].sets' lists more than 50 sets"),
    "exercises": (_many_exercises, "'exercises' lists more than 100 exercises"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_an_out_of_bounds_session_is_named_and_nothing_imported(
    db_path: Path, tmp_path: Path, case: str
) -> None:
    change, words = CASES[case]
    HistoryStore(db_path).finish(numbered_record(1))
    before = db_path.read_bytes()
    sessions = [numbered_record(n).to_dict() for n in (2, 3)]
    change(sessions[1])
    export = tmp_path / "export.json"
    export.write_text(json.dumps(sessions), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert import_command(db_path, export, out, err) == 1
    assert out.getvalue() == ""
    message = err.getvalue()
    assert message.count("\n") == 1 and len(message) < 400, message
    assert "number 2 of 2" in message and "nothing was imported" in message
    assert words in message
    assert "id session-000003" in message or case == "long id"
    message.encode("utf-8")  # strict: the message itself is valid text
    assert db_path.read_bytes() == before


def test_a_long_id_is_cut_in_the_message(db_path: Path, tmp_path: Path) -> None:
    session = numbered_record(1).to_dict()
    session["id"] = "i" * 100_000
    export = tmp_path / "export.json"
    export.write_text(json.dumps([session]), encoding="utf-8")
    err = io.StringIO()
    assert import_command(db_path, export, io.StringIO(), err) == 1
    assert "i" * 39 + "\u2026" in err.getvalue() and "i" * 41 not in err.getvalue()


def test_a_bad_date_is_quoted_short_and_clean() -> None:
    session = numbered_record(1).to_dict()
    session["started_at"] = "\x1b[2J" + "9" * 10_000
    with pytest.raises(ValueError) as caught:
        SessionRecord.from_dict(session)
    assert len(str(caught.value)) < 150 and "\x1b" not in str(caught.value)


def test_sessions_at_the_limits_are_imported(db_path: Path, tmp_path: Path) -> None:
    record = numbered_record(1, note="n" * MAX_NOTE_CHARS)
    record.routine_name = "r" * MAX_NAME_CHARS
    record.duration_s = 366 * 24 * 3600
    check_bounds(record)
    export = tmp_path / "export.json"
    export.write_text(json.dumps([record.to_dict()]), encoding="utf-8")
    out = io.StringIO()
    assert import_command(db_path, export, out, io.StringIO()) == 0
    assert out.getvalue() == "Imported 1 session, skipped 0 already present.\n"
