"""The one place isoback keeps the user's choices and plans: `<history stem>.settings.json`.

The file sits beside the history file (`history.json` -> `history.settings.json`),
so a `--db` in a test or a second history never meets the real one. Its layout:

    {"schema_version": 1,
     "preferences": {"muted": false, "voice": false},
     "plans": {"<routine id>": {"reps": 6, "sets": 1, "hold_s": 5, "relax_s": 5, "rest_s": 20}}}

A missing file reads as the defaults. A damaged, foreign or unreadable file
raises `SettingsFileError` and is never written over: `save` checks the file
on disk first. Keys this version does not know are kept on save, so a newer
isoback's data survives an older one. Writes are atomic (`files.write_atomic`).
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

from isoback_tui.core.plan import SessionSettings, SettingsError
from isoback_tui.store.errors import HistoryFileError
from isoback_tui.store.files import ensure_folder, write_atomic

SETTINGS_SCHEMA_VERSION: Final = 1
SETTINGS_SUFFIX: Final = ".settings.json"
SETTINGS_FILE: Final = "the settings file"
_PLAN_KEYS: Final = ("reps", "sets", "hold_s", "relax_s", "rest_s")


class SettingsFileError(HistoryFileError):
    """The settings file is damaged, foreign, unreadable or could not be written.

    `str()` is one sentence naming the file; the file was left as it was.
    """

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(path, problem, what=SETTINGS_FILE)


@dataclass(frozen=True)
class Preferences:
    """The user's remembered choices: bells muted, spoken cues on."""

    muted: bool = False
    voice: bool = False


@dataclass(frozen=True)
class Plan:
    """A routine's current plan: the five numbers a session is built from.

    Checked by the same rules as a session's settings (`SessionSettings`).
    """

    reps: int
    sets: int
    hold_s: float
    relax_s: float
    rest_s: float

    def __post_init__(self) -> None:
        self.session_settings()  # raises SettingsError for a number out of range

    def session_settings(self) -> SessionSettings:
        """This plan as the settings of one session."""
        return SessionSettings(
            reps=self.reps,
            sets=self.sets,
            hold_s=self.hold_s,
            relax_s=self.relax_s,
            rest_s=self.rest_s,
        )

    def to_dict(self) -> dict[str, int | float]:
        """The plan as it is written in the file."""
        return {key: getattr(self, key) for key in _PLAN_KEYS}


@dataclass(frozen=True)
class Settings:
    """Everything in the settings file; change it with the `with_...` copies.

    `unknown` holds what the file had that this version does not read
    (top-level keys, preference keys, plan keys), to be written back as it was.
    """

    preferences: Preferences = field(default_factory=Preferences)
    plans: Mapping[str, Plan] = field(default_factory=dict)
    unknown: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def with_preferences(self, **changes: bool) -> Settings:
        """A copy with some preferences changed, e.g. `with_preferences(muted=True)`."""
        return replace(self, preferences=replace(self.preferences, **changes))

    def with_plan(self, routine_id: str, plan: Plan) -> Settings:
        """A copy in which `routine_id`'s plan is `plan`."""
        return replace(self, plans={**self.plans, routine_id: plan})

    def to_dict(self) -> dict[str, Any]:
        """The file's JSON object: the unknown keys, with what this version knows on top."""
        data: dict[str, Any] = copy.deepcopy(dict(self.unknown))
        data["schema_version"] = SETTINGS_SCHEMA_VERSION
        preferences = data.get("preferences")
        if not isinstance(preferences, dict):
            preferences = data["preferences"] = {}
        preferences["muted"] = self.preferences.muted
        preferences["voice"] = self.preferences.voice
        plans = data.get("plans")
        if not isinstance(plans, dict):
            plans = data["plans"] = {}
        for routine_id, plan in self.plans.items():
            entry = plans.get(routine_id)
            plans[routine_id] = {**(entry if isinstance(entry, dict) else {}), **plan.to_dict()}
        return data


class SettingsFile:
    """The settings file of one history: `load` it, `save` it atomically."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @classmethod
    def for_history(cls, db_path: Path) -> SettingsFile:
        """The settings file beside the history file `db_path` (`h.json` -> `h.settings.json`)."""
        db_path = Path(db_path)
        return cls(db_path.with_name(db_path.stem + SETTINGS_SUFFIX))

    def load(self) -> Settings:
        """The settings in the file; the defaults when there is no file.

        Raises SettingsFileError when the file cannot be read or is not ours.
        """
        text = self._read_text()
        if text is None or not text.strip():
            return Settings()
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            where = f"line {error.lineno}, column {error.colno}: {error.msg}"
            raise SettingsFileError(self.path, f"is not valid JSON ({where})") from None
        except RecursionError:
            raise SettingsFileError(self.path, "is not valid JSON (nested too deeply)") from None
        try:
            return _parse(data)
        except _Damaged as problem:
            raise SettingsFileError(self.path, str(problem)) from None

    def update(self, change: Callable[[Settings], Settings]) -> Settings:
        """Read the file, apply `change`, save the result and return it.

        The one way to change one choice (a preference, a plan) without losing
        another saved meanwhile by another part of the app or another isoback.
        Raises SettingsFileError as `load` and `save` do; nothing is written then.
        """
        updated = change(self.load())
        self.save(updated)
        return updated

    def save(self, settings: Settings) -> None:
        """Replace the file with `settings`, atomically (mode 0600).

        A file on disk that cannot be read as ours is left alone: its
        SettingsFileError is raised instead. A failed write raises
        SettingsFileError too, and the old file is unchanged.
        """
        self.load()
        payload = json.dumps(settings.to_dict(), indent=2, ensure_ascii=False) + "\n"
        try:
            ensure_folder(self.path.parent)
            write_atomic(self.path, payload.encode("utf-8"))
        except OSError as error:
            raise SettingsFileError(self.path, f"could not be written: {_reason(error)}") from None

    def _read_text(self) -> str | None:
        try:
            return self.path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise SettingsFileError(self.path, "is a folder, not a file") from None
        except PermissionError:
            raise SettingsFileError(self.path, "cannot be read: permission denied") from None
        except UnicodeDecodeError:
            raise SettingsFileError(self.path, "is not a text file (it is not UTF-8)") from None
        except OSError as error:
            raise SettingsFileError(self.path, f"cannot be read: {_reason(error)}") from None


class _Damaged(ValueError):
    """What is wrong with the file's data; completes "the settings file X ..."."""


def _parse(data: object) -> Settings:
    if not isinstance(data, dict):
        raise _Damaged("is not an isoback settings file (it does not hold a JSON object)")
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _Damaged("is not an isoback settings file (it has no schema_version)")
    if version > SETTINGS_SCHEMA_VERSION:
        raise _Damaged(
            f"was written by a newer isoback (settings version {version}); update isoback to use it"
        )
    if version < 1:
        raise _Damaged(f"has an unknown settings version {version}")
    return Settings(
        preferences=_parse_preferences(data.get("preferences", {})),
        plans=_parse_plans(data.get("plans", {})),
        unknown=data,
    )


def _parse_preferences(raw: object) -> Preferences:
    if not isinstance(raw, dict):
        raise _Damaged("is damaged: preferences is not an object")
    values: dict[str, bool] = {}
    for name in ("muted", "voice"):
        if name not in raw:
            continue
        value = raw[name]
        if not isinstance(value, bool):
            raise _Damaged(f"is damaged: preferences.{name} must be true or false")
        values[name] = value
    return Preferences(**values)


def _parse_plans(raw: object) -> dict[str, Plan]:
    if not isinstance(raw, dict):
        raise _Damaged("is damaged: plans is not an object")
    plans: dict[str, Plan] = {}
    for routine_id, entry in raw.items():
        where = f"plans.{routine_id}"
        if not isinstance(entry, dict):
            raise _Damaged(f"is damaged: {where} is not an object")
        missing = [key for key in _PLAN_KEYS if key not in entry]
        if missing:
            raise _Damaged(f"is damaged: {where} has no {missing[0]}")
        numbers: dict[str, Any] = {}
        for key in _PLAN_KEYS:
            value = entry[key]
            whole = key in ("reps", "sets")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise _Damaged(f"is damaged: {where}.{key} is not a number")
            if whole and isinstance(value, float) and not value.is_integer():
                raise _Damaged(f"is damaged: {where}.{key} is not a whole number")
            numbers[key] = int(value) if whole else value
        try:
            plans[routine_id] = Plan(**numbers)
        except SettingsError as error:
            raise _Damaged(f"is damaged: {where}: {error}") from None
    return plans


def _reason(error: OSError) -> str:
    """An OSError as a few lower-case words ("no space left on device")."""
    if error.strerror:
        return error.strerror.lower()
    return os.strerror(error.errno).lower() if error.errno else str(error)
