"""The settings file: defaults, round trips, damaged files left alone, failed writes."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from isoback_tui.core.plan import SettingsError
from isoback_tui.store import HistoryError, prefs
from isoback_tui.store import files as atomic_module
from isoback_tui.store.prefs import (
    Plan,
    Preferences,
    Settings,
    SettingsFile,
    SettingsFileError,
)

PLAN = Plan(reps=6, sets=1, hold_s=5, relax_s=5, rest_s=20)


@pytest.fixture
def settings_file(db_path: Path) -> SettingsFile:
    """The settings file beside a history in tmp_path (its folder does not exist yet)."""
    return SettingsFile.for_history(db_path)


def test_it_sits_beside_the_history_named_after_its_stem(tmp_path: Path) -> None:
    assert SettingsFile.for_history(tmp_path / "h.json").path == tmp_path / "h.settings.json"
    assert SettingsFile.for_history(tmp_path / "h").path == tmp_path / "h.settings.json"


def test_the_default_history_gets_the_default_settings_file() -> None:
    from isoback_tui.paths import data_dir, default_db_path

    path = SettingsFile.for_history(default_db_path()).path
    assert path == data_dir() / "history.settings.json"


def test_a_missing_file_reads_as_the_defaults(settings_file: SettingsFile) -> None:
    settings = settings_file.load()
    assert settings == Settings()
    assert settings.preferences == Preferences(muted=False, voice=False)
    assert settings.plans == {}
    assert not settings_file.path.exists()


def test_saved_choices_and_plans_come_back(settings_file: SettingsFile) -> None:
    settings = Settings().with_preferences(muted=True).with_plan("gentle-start", PLAN)
    settings_file.save(settings)
    again = settings_file.load()
    assert again.preferences == Preferences(muted=True, voice=False)
    assert again.plans == {"gentle-start": PLAN}
    assert again == settings


def test_the_file_is_written_in_the_shared_layout_and_private(
    settings_file: SettingsFile,
) -> None:
    old = os.umask(0)
    try:
        settings_file.save(Settings().with_preferences(voice=True).with_plan("r", PLAN))
    finally:
        os.umask(old)
    assert json.loads(settings_file.path.read_text()) == {
        "schema_version": 1,
        "preferences": {"muted": False, "voice": True},
        "plans": {"r": {"reps": 6, "sets": 1, "hold_s": 5, "relax_s": 5, "rest_s": 20}},
    }
    assert stat.S_IMODE(settings_file.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(settings_file.path.parent.stat().st_mode) == 0o700


def test_copies_leave_the_original_alone() -> None:
    base = Settings()
    changed = base.with_preferences(muted=True).with_plan("r", PLAN)
    assert base.preferences.muted is False and base.plans == {}
    assert changed.preferences.muted is True and changed.plans == {"r": PLAN}


def test_keys_this_version_does_not_know_are_kept_on_save(settings_file: SettingsFile) -> None:
    settings_file.path.parent.mkdir(parents=True)
    settings_file.path.write_text(
        json.dumps(
            {
                "schema_version": 1,
                "theme": "dark",
                "preferences": {"muted": False, "voice": False, "volume": 7},
                "plans": {
                    "r": {**PLAN.to_dict(), "progression": {"streak": 2}},
                    "other": {**PLAN.to_dict(), "reps": 9},
                },
            }
        )
    )
    loaded = settings_file.load()
    settings_file.save(loaded.with_preferences(muted=True).with_plan("r", PLAN))
    data = json.loads(settings_file.path.read_text())
    assert data["theme"] == "dark"
    assert data["preferences"] == {"muted": True, "voice": False, "volume": 7}
    assert data["plans"]["r"]["progression"] == {"streak": 2}
    assert data["plans"]["other"]["reps"] == 9


def test_missing_preferences_take_their_defaults(settings_file: SettingsFile) -> None:
    settings_file.path.parent.mkdir(parents=True)
    settings_file.path.write_text('{"schema_version": 1, "preferences": {"voice": true}}')
    assert settings_file.load().preferences == Preferences(muted=False, voice=True)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{", "is not valid JSON (line 1, column 2"),
        ("[1, 2]", "is not an isoback settings file"),
        ('{"sessions": {}}', "is not an isoback settings file (it has no schema_version)"),
        ('{"schema_version": 2}', "was written by a newer isoback (settings version 2)"),
        ('{"schema_version": 1, "preferences": []}', "preferences is not an object"),
        (
            '{"schema_version": 1, "preferences": {"muted": "yes"}}',
            "preferences.muted must be true or false",
        ),
        ('{"schema_version": 1, "plans": {"r": {"reps": 6}}}', "plans.r has no sets"),
        (
            '{"schema_version": 1, "plans": {"r": {"reps": 0, "sets": 1, "hold_s": 5,'
            ' "relax_s": 5, "rest_s": 20}}}',
            "plans.r: reps must be a whole number from 1 to 500, not 0",
        ),
        (
            '{"schema_version": 1, "plans": {"r": {"reps": 2.5, "sets": 1, "hold_s": 5,'
            ' "relax_s": 5, "rest_s": 20}}}',
            "plans.r.reps is not a whole number",
        ),
    ],
)
def test_a_damaged_or_foreign_file_is_one_sentence_naming_it(
    settings_file: SettingsFile, text: str, problem: str
) -> None:
    settings_file.path.parent.mkdir(parents=True)
    settings_file.path.write_text(text)
    with pytest.raises(SettingsFileError) as caught:
        settings_file.load()
    message = str(caught.value)
    assert message.startswith(f"the settings file {settings_file.path} ")
    assert problem in message
    assert "\n" not in message
    assert isinstance(caught.value, HistoryError)


def test_an_unreadable_file_is_one_sentence(settings_file: SettingsFile) -> None:
    settings_file.path.mkdir(parents=True)
    with pytest.raises(SettingsFileError, match="is a folder, not a file"):
        settings_file.load()


def test_a_damaged_file_is_never_saved_over(settings_file: SettingsFile) -> None:
    settings_file.path.parent.mkdir(parents=True)
    settings_file.path.write_text('{"schema_version": 1, "preferences": {"muted": "yes"}')
    before = settings_file.path.read_bytes()
    with pytest.raises(SettingsFileError, match="is not valid JSON"):
        settings_file.save(Settings().with_preferences(muted=True))
    assert settings_file.path.read_bytes() == before


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_failed_write_leaves_the_old_file_and_raises_one_sentence(
    settings_file: SettingsFile, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    settings_file.save(Settings().with_preferences(muted=True))
    before = settings_file.path.read_bytes()

    def refuse(*_args: object) -> None:
        raise OSError(code, os.strerror(code))

    # The rename inside write_atomic fails, as on a full or read-only disk.
    monkeypatch.setattr(atomic_module.os, "replace", refuse)
    with pytest.raises(SettingsFileError) as caught:
        settings_file.save(Settings().with_preferences(voice=True))
    reason = os.strerror(code).lower()
    assert str(caught.value) == (
        f"the settings file {settings_file.path} could not be written: {reason}"
    )
    assert settings_file.path.read_bytes() == before
    leftovers = [p.name for p in settings_file.path.parent.iterdir() if ".tmp-" in p.name]
    assert leftovers == []


def test_a_failed_write_at_write_atomic_itself_is_wrapped(
    settings_file: SettingsFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(prefs, "write_atomic", refuse)
    with pytest.raises(SettingsFileError, match="could not be written: read-only file system"):
        settings_file.save(Settings())
    assert not settings_file.path.exists()


def test_a_plan_out_of_range_is_refused_when_made() -> None:
    with pytest.raises(SettingsError, match="hold must be more than zero seconds"):
        Plan(reps=6, sets=1, hold_s=0, relax_s=5, rest_s=20)


def test_a_plan_becomes_a_sessions_settings() -> None:
    settings = PLAN.session_settings()
    assert (settings.reps, settings.sets, settings.hold_s) == (6, 1, 5)
    assert (settings.relax_s, settings.rest_s) == (5, 20)


def _plan_json(**changes: object) -> str:
    plan: dict[str, object] = {"reps": 6, "sets": 1, "hold_s": 5, "relax_s": 5, "rest_s": 20}
    plan.update(changes)
    return json.dumps({"schema_version": 1, "plans": {"r": plan}})


SENTENCES: dict[str, tuple[str, str]] = {
    "cut short": ('{"a": 1', "is not valid JSON (line 1, column 8: Expecting ',' delimiter)"),
    "nested too deeply": ("[" * 100_000, "is not valid JSON (nested too deeply)"),
    "a list": (
        "[1, 2]",
        "is not an isoback settings file (it does not hold a JSON object)",
    ),
    "no version": ("{}", "is not an isoback settings file (it has no schema_version)"),
    "version true": (
        '{"schema_version": true}',
        "is not an isoback settings file (it has no schema_version)",
    ),
    "version text": (
        '{"schema_version": "1"}',
        "is not an isoback settings file (it has no schema_version)",
    ),
    "newer": (
        '{"schema_version": 2}',
        "was written by a newer isoback (settings version 2); update isoback to use it",
    ),
    "version 0": ('{"schema_version": 0}', "has an unknown settings version 0"),
    "preferences a list": (
        '{"schema_version": 1, "preferences": []}',
        "is damaged: preferences is not an object",
    ),
    "voice not a bool": (
        '{"schema_version": 1, "preferences": {"muted": true, "voice": 1}}',
        "is damaged: preferences.voice must be true or false",
    ),
    "plans a list": ('{"schema_version": 1, "plans": []}', "is damaged: plans is not an object"),
    "a plan a number": (
        '{"schema_version": 1, "plans": {"r": 3}}',
        "is damaged: plans.r is not an object",
    ),
    "first missing key": (
        '{"schema_version": 1, "plans": {"r": {"sets": 1}}}',
        "is damaged: plans.r has no reps",
    ),
    "a number as text": (_plan_json(hold_s="5"), "is damaged: plans.r.hold_s is not a number"),
    "a number as a bool": (_plan_json(rest_s=True), "is damaged: plans.r.rest_s is not a number"),
    "sets not whole": (_plan_json(sets=1.5), "is damaged: plans.r.sets is not a whole number"),
    "out of range": (
        _plan_json(reps=0),
        "is damaged: plans.r: reps must be a whole number from 1 to 500, not 0",
    ),
}


@pytest.mark.parametrize("case", list(SENTENCES))
def test_each_problem_is_the_whole_sentence(settings_file: SettingsFile, case: str) -> None:
    text, problem = SENTENCES[case]
    settings_file.path.parent.mkdir(parents=True)
    settings_file.path.write_text(text)
    with pytest.raises(SettingsFileError) as caught:
        settings_file.load()
    assert str(caught.value) == f"the settings file {settings_file.path} {problem}"


def test_whole_numbers_written_with_a_point_are_read_as_whole(
    settings_file: SettingsFile,
) -> None:
    settings_file.path.parent.mkdir(parents=True)
    settings_file.path.write_text(_plan_json(reps=6.0, sets=2.0, hold_s=5.5))
    plan = settings_file.load().plans["r"]
    assert plan == Plan(reps=6, sets=2, hold_s=5.5, relax_s=5, rest_s=20)
    assert isinstance(plan.reps, int) and isinstance(plan.sets, int)


def test_an_empty_file_and_a_bom_read_as_written(settings_file: SettingsFile) -> None:
    settings_file.path.parent.mkdir(parents=True)
    settings_file.path.write_text(" \n")
    assert settings_file.load() == Settings()
    settings_file.path.write_bytes(
        b'\xef\xbb\xbf{"schema_version": 1, "preferences": {"muted": true}}'
    )
    assert settings_file.load().preferences == Preferences(muted=True)


def test_a_file_that_cannot_be_read_says_why(
    settings_file: SettingsFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = settings_file.path
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"schema_version": 1, "x": "\xff"}')
    with pytest.raises(SettingsFileError) as caught:
        settings_file.load()
    assert str(caught.value) == f"the settings file {path} is not a text file (it is not UTF-8)"
    path.unlink()
    path.mkdir()
    with pytest.raises(SettingsFileError) as caught:
        settings_file.load()
    assert str(caught.value) == f"the settings file {path} is a folder, not a file"
    path.rmdir()
    path.write_text("{}")
    for error, words in (
        (PermissionError(errno.EACCES, os.strerror(errno.EACCES)), "permission denied"),
        (OSError(errno.EIO, os.strerror(errno.EIO)), "input/output error"),
    ):

        def refuse(*_args: object, error: OSError = error, **_kwargs: object) -> str:
            raise error

        monkeypatch.setattr(Path, "read_text", refuse)
        with pytest.raises(SettingsFileError) as caught:
            settings_file.load()
        assert str(caught.value) == f"the settings file {path} cannot be read: {words}"
        monkeypatch.undo()


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (OSError(errno.EROFS, ""), "read-only file system"),  # no strerror: from the errno
        (OSError("the disk went away"), "the disk went away"),  # neither: the message
    ],
)
def test_a_failed_write_without_the_systems_words_still_says_why(
    settings_file: SettingsFile, monkeypatch: pytest.MonkeyPatch, error: OSError, words: str
) -> None:
    def refuse(*_args: object) -> None:
        raise error

    monkeypatch.setattr(prefs, "write_atomic", refuse)
    with pytest.raises(SettingsFileError) as caught:
        settings_file.save(Settings())
    assert (
        str(caught.value) == f"the settings file {settings_file.path} could not be written: {words}"
    )


def test_update_reads_changes_and_saves(settings_file: SettingsFile) -> None:
    settings_file.save(Settings().with_plan("r", PLAN))
    updated = settings_file.update(lambda s: s.with_preferences(voice=True))
    assert updated == settings_file.load()
    assert updated.preferences == Preferences(muted=False, voice=True)
    assert updated.plans == {"r": PLAN}


def test_the_file_holds_exactly_what_was_chosen(settings_file: SettingsFile) -> None:
    settings_file.save(Settings().with_preferences(muted=True).with_plan("r", PLAN))
    assert json.loads(settings_file.path.read_text()) == {
        "schema_version": 1,
        "preferences": {"muted": True, "voice": False},
        "plans": {"r": {"reps": 6, "sets": 1, "hold_s": 5, "relax_s": 5, "rest_s": 20}},
    }
    assert settings_file.path.read_text().endswith("}\n")


def test_writing_out_a_copy_leaves_the_loaded_settings_alone(settings_file: SettingsFile) -> None:
    """Settings are values: saving a changed copy never changes the one it came from."""
    settings_file.path.parent.mkdir(parents=True)
    settings_file.path.write_text(
        '{"schema_version": 1, "preferences": {"volume": 7}, "plans": {"old": '
        '{"reps": 6, "sets": 1, "hold_s": 5, "relax_s": 5, "rest_s": 20, "x": 1}}}'
    )
    loaded = settings_file.load()
    before = loaded.to_dict()
    changed = loaded.with_plan("new", PLAN).with_preferences(muted=True)
    assert changed.to_dict()["plans"]["new"] == PLAN.to_dict()
    assert loaded.to_dict() == before
    assert "new" not in before["plans"] and before["preferences"]["muted"] is False
