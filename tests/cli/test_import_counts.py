"""`isoback import` refuses a session whose counts disagree with its own plan.

An interrupted session counting 180 reps of 8 planned would be offered for
resuming as "180 of 8 reps behind you"; a set counting more reps than the
session can have planned for it is the same. One sentence names the
session and the field, the command exits 1, and nothing is stored.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from isoback_tui.cli.history import import_command
from isoback_tui.store import HistoryStore
from tests.core.record_builders import numbered_record
from tests.store.helpers import file_digest

Change = Callable[[dict[str, Any]], None]


def _planned(reps_planned: int) -> Change:
    def change(session: dict[str, Any]) -> None:
        session["reps_planned"] = reps_planned

    return change


def _first_set(done: int, skipped: int) -> Change:
    """The first set of the first exercise counts (done, skipped); the totals follow."""

    def change(session: dict[str, Any]) -> None:
        one = session["exercises"][0]["sets"][0]
        session["reps_done"] += done - one["reps_done"]
        session["reps_skipped"] += skipped - one["reps_skipped"]
        one["reps_done"], one["reps_skipped"] = done, skipped

    return change


def _both(*changes: Change) -> Change:
    def change(session: dict[str, Any]) -> None:
        for one in changes:
            one(session)

    return change


CASES = {
    # numbered_record(3, interrupted, done_per_set=5): 4 exercises x 3 sets of 5 done, 180 planned
    "reps_planned below the reps done": (
        _planned(8),
        "field 'reps_planned' (8) is less than the reps done and skipped (60)",
    ),
    "a set of 180 in a session of 180": (
        _first_set(180, 0),
        "field 'reps_planned' (180) is less than the reps done and skipped (235)",
    ),
    "skipped reps count too": (
        _both(_planned(60), _first_set(5, 1)),
        "field 'reps_planned' (60) is less than the reps done and skipped (61)",
    ),
    "three sets that need more than planned": (
        _both(_planned(100), _first_set(40, 0)),
        "field 'exercises[0].sets' does not fit 'reps_planned' (100): one of its 3 sets "
        "counts 40, so they need 120",
    ),
}


def export_of(change: Change, tmp_path: Path) -> Path:
    sessions = [
        numbered_record(2).to_dict(),
        numbered_record(3, status="interrupted", done_per_set=5).to_dict(),
    ]
    change(sessions[1])
    export = tmp_path / "export.json"
    export.write_text(json.dumps(sessions), encoding="utf-8")
    return export


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("history", ["existing", "absent"])
def test_a_session_whose_counts_do_not_fit_its_plan_is_named_and_nothing_imported(
    db_path: Path, tmp_path: Path, case: str, history: str
) -> None:
    change, sentence = CASES[case]
    if history == "existing":
        HistoryStore(db_path).finish(numbered_record(1))
        before = file_digest(db_path)
    out, err = io.StringIO(), io.StringIO()
    assert import_command(db_path, export_of(change, tmp_path), out, err) == 1
    assert out.getvalue() == ""
    message = err.getvalue()
    assert message.startswith("isoback: ") and message.count("\n") == 1, message
    assert "has a bad session, number 2 of 2 (id session-000003): " + sentence in message
    assert message.endswith("; nothing was imported.\n")
    if history == "existing":
        assert file_digest(db_path) == before
    else:
        assert not db_path.exists()


def test_an_honest_interrupted_session_still_imports(db_path: Path, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert import_command(db_path, export_of(_planned(180), tmp_path), out, err) == 0
    assert err.getvalue() == ""
    resumable = HistoryStore(db_path).latest_resumable()
    assert resumable is not None and resumable.id == "session-000003"
    assert (resumable.reps_done, resumable.reps_planned) == (60, 180)
