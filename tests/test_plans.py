"""Remembered plans (isoback_tui/plans.py): where a plan comes from, how it is kept, suggestions."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from isoback_tui.core.plan import SessionSettings
from isoback_tui.core.progression import Direction
from isoback_tui.core.record import SessionParams
from isoback_tui.core.routine import built_in_routines
from isoback_tui.plans import Plans
from isoback_tui.store.history import HistoryStore
from isoback_tui.store.prefs import SettingsFile
from tests.core.record_builders import at, make_record

FULL, GENTLE = built_in_routines()
TODAY = date(2026, 11, 23)
SIX = SessionParams(reps=6, sets=1, hold_s=5, relax_s=3, rest_s=20)
EIGHT = SessionParams(reps=8, sets=1, hold_s=5, relax_s=3, rest_s=20)


def sessions(params: SessionParams, *days_ago: int) -> list:  # type: ignore[type-arg]
    out = []
    for n in days_ago:
        day = TODAY - timedelta(days=n)
        record = make_record(at(f"{day:%Y-%m-%d} 08:00"), pain_before=4, pain_after=3)
        record.params = params
        out.append(record)
    return out


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "h.json"


def plans_for(db: Path) -> Plans:
    plans = Plans(SettingsFile.for_history(db), db, today=lambda: TODAY)
    assert plans.load() is None
    return plans


def test_without_anything_a_routine_has_its_own_numbers(db: Path) -> None:
    plans = plans_for(db)
    assert plans.plan_for(FULL) == SessionParams(15, 3, 5, 3, 20)
    assert plans.source(FULL).remembered is False
    assert plans.suggestion_for(FULL, [FULL, GENTLE]) is None  # history not read yet
    assert not SettingsFile.for_history(db).path.exists()


def test_remembering_writes_the_plan_beside_the_history(db: Path) -> None:
    plans = plans_for(db)
    assert plans.remember(FULL.id, EIGHT) is None
    data = json.loads((db.parent / "h.settings.json").read_text())
    assert data["plans"][FULL.id] == {"reps": 8, "sets": 1, "hold_s": 5, "relax_s": 3, "rest_s": 20}
    again = plans_for(db)
    assert again.plan_for(FULL) == EIGHT and again.source(FULL).remembered


def test_remembering_reads_the_file_again_so_others_choices_survive(db: Path) -> None:
    plans = plans_for(db)
    other = SettingsFile.for_history(db)
    other.save(other.load().with_preferences(muted=True))  # another isoback, meanwhile
    assert plans.remember(FULL.id, EIGHT) is None
    data = json.loads(other.path.read_text())
    assert data["preferences"]["muted"] is True
    assert data["plans"][FULL.id]["reps"] == 8


def test_a_damaged_settings_file_is_never_written_over(db: Path) -> None:
    path = db.parent / "h.settings.json"
    path.write_text("{damaged")
    plans = Plans(SettingsFile.for_history(db), db, today=lambda: TODAY)
    problem = plans.load()
    assert problem is not None and str(path) in problem
    assert plans.plan_for(FULL) == SessionParams(15, 3, 5, 3, 20)
    said = plans.remember(FULL.id, EIGHT)
    assert said is not None and "is not valid JSON" in said
    assert path.read_text() == "{damaged"
    assert plans.plan_for(FULL) == SessionParams(15, 3, 5, 3, 20)


def test_without_a_kept_plan_the_latest_sessions_numbers_are_the_plan(db: Path) -> None:
    """A history imported from another machine brings its numbers: no plan file needed."""
    with HistoryStore.open(db) as store:
        store.import_records(sessions(SIX, 9, 8) + sessions(EIGHT, 1))
    plans = plans_for(db)
    records = plans.read_history()
    assert records is not None and len(records) == 3
    plans.set_history(records)
    assert plans.plan_for(FULL) == EIGHT
    assert plans.source(FULL).from_history
    assert plans.plan_for(GENTLE) == SessionParams(5, 1, 5, 5, 20)  # none of its own: its numbers
    assert plans.remember(FULL.id, SIX) is None
    assert plans.plan_for(FULL) == SIX  # a kept plan wins over the history


def test_session_settings_take_the_plan_and_given_numbers_win(db: Path) -> None:
    plans = plans_for(db)
    plans.remember(FULL.id, EIGHT)
    settings = plans.session_settings(FULL, SessionSettings(countdown_s=0))
    assert (settings.reps, settings.sets, settings.countdown_s) == (8, 1, 0)
    assert settings.hold_s is None  # the routine's own: left as it is
    given = plans.session_settings(FULL, SessionSettings(reps=10, hold_s=4))
    assert (given.reps, given.sets, given.hold_s) == (10, 1, 4)


def test_suggestions_come_from_the_history_and_the_plan(db: Path) -> None:
    plans = plans_for(db)
    plans.remember(FULL.id, SIX)
    plans.set_history(sessions(SIX, 3, 2, 1))
    suggestion = plans.suggestion_for(FULL, [FULL, GENTLE])
    assert suggestion is not None and suggestion.direction is Direction.UP
    assert suggestion.plan == EIGHT


def test_gentle_start_moves_on_to_the_full_routines_kept_plan(db: Path) -> None:
    plans = plans_for(db)
    gentle = SessionParams(5, 1, 5, 5, 20)
    records = sessions(gentle, 3, 2, 1)
    for record in records:
        record.routine_id = GENTLE.id
    plans.set_history(records)
    suggestion = plans.suggestion_for(GENTLE, [FULL, GENTLE])
    assert suggestion is not None and suggestion.direction is Direction.MOVE_ON
    assert suggestion.plan == SessionParams(6, 1, 5, 3, 20)  # no plan kept: where to join
    plans.remember(FULL.id, EIGHT)
    again = plans.suggestion_for(GENTLE, [FULL, GENTLE])
    assert again is not None and again.plan == EIGHT  # a kept plan is not lowered


def test_a_history_that_cannot_be_read_gives_no_suggestion(db: Path) -> None:
    db.write_text("not json")
    plans = plans_for(db)
    assert plans.read_history() is None
    assert not plans.history_read


def test_the_history_is_read_again_only_once_it_changed(db: Path) -> None:
    with HistoryStore.open(db) as store:
        store.import_records(sessions(SIX, 3))
    plans = plans_for(db)
    assert plans.needs_reading()
    plans.set_history(plans.read_history() or [])
    assert not plans.needs_reading()  # a modal closing on home reads nothing
    with HistoryStore.open(db) as store:
        store.import_records(sessions(SIX, 2))
    assert plans.needs_reading()
    plans.set_history(plans.read_history() or [])
    assert not plans.needs_reading()


def test_a_mute_after_a_plan_change_keeps_the_plan(tmp_path: Path) -> None:
    """Sound and plans share one settings file; neither saves over the other's choice."""
    from isoback_tui.core.record import SessionParams
    from isoback_tui.plans import Plans
    from isoback_tui.sound.sound_cues import SoundCues
    from isoback_tui.store.prefs import SettingsFile

    db = tmp_path / "history.json"
    sound = SoundCues(None, SettingsFile.for_history(db), voice=False)  # type: ignore[arg-type]
    plans = Plans.for_history(db)
    params = SessionParams(reps=6, sets=1, hold_s=5, relax_s=5, rest_s=20)
    assert plans.remember("gentle-start", params) is None
    sound.set_muted(True)  # its own copy of the file was read before the plan was kept
    kept = SettingsFile.for_history(db).load()
    assert kept.preferences.muted is True
    assert "gentle-start" in kept.plans
