"""Routines and their exercises, as loaded from TOML (PRODUCT.md section 2).

The built-in routines are TOML files shipped in the package and go through
the same loader as the user's own files in `<config dir>/routines/`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from isoback_tui.core.limits import (
    MAX_EXERCISES,
    MAX_NAME_CHARS,
    MAX_REPS,
    MAX_SECONDS,
    MAX_SETS,
)

BUILT_IN: Final = "built-in"


@dataclass(frozen=True)
class Defaults:
    """Routine-wide numbers; each exercise falls back to these."""

    reps: int = 15
    sets: int = 3
    hold_s: float = 5
    relax_s: float = 3
    rest_s: float = 20


@dataclass(frozen=True)
class Exercise:
    """One isometric exercise, with its effective numbers filled in."""

    id: str
    name: str
    cue: str
    reps: int
    sets: int
    hold_s: float
    relax_s: float
    steps: tuple[str, ...] = ()

    @property
    def reps_planned(self) -> int:
        """All reps of all sets of this exercise."""
        return self.reps * self.sets


@dataclass(frozen=True)
class Routine:
    """A named series of exercises, done in order, each for all its sets."""

    id: str
    name: str
    defaults: Defaults
    exercises: tuple[Exercise, ...]
    level: str = ""
    targets: tuple[str, ...] = ()
    description: str = ""
    position: tuple[str, ...] = ()
    source: str = BUILT_IN


class RoutineError(ValueError):
    """A routine file that can't be used; the message names the file and the field."""


_ROUTINE_KEYS = frozenset(
    {"id", "name", "level", "targets", "description", "position", "defaults", "exercises"}
)
_DEFAULT_KEYS = frozenset({"reps", "sets", "hold_s", "relax_s", "rest_s"})
_EXERCISE_KEYS = frozenset({"id", "name", "cue", "steps", "reps", "sets", "hold_s", "relax_s"})
_WHOLE = frozenset({"reps", "sets"})
_ZERO_ALLOWED = frozenset({"relax_s", "rest_s"})
_LIMITS = {
    "reps": MAX_REPS,
    "sets": MAX_SETS,
    "hold_s": MAX_SECONDS,
    "relax_s": MAX_SECONDS,
    "rest_s": MAX_SECONDS,
}


class _Reader:
    """Checks one parsed routine file, raising RoutineError naming the file and field."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> RoutineError:
        return RoutineError(f"{self.source}: {where} {problem}")

    def unknown_keys(self, table: dict[str, object], allowed: frozenset[str], where: str) -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            place = f" in {where}" if where else ""
            raise self.fail(f"key '{unknown[0]}'{place}", "is not known")

    def text(self, table: dict[str, object], key: str, where: str, *, required: bool) -> str:
        if key not in table:
            if required:
                raise self.fail(f"'{where}{key}'", "is missing")
            return ""
        value = table[key]
        if not isinstance(value, str):
            raise self.fail(f"'{where}{key}'", "must be text")
        if required and not value.strip():
            raise self.fail(f"'{where}{key}'", "is empty")
        return value

    def name(self, table: dict[str, object], key: str, where: str, *, required: bool) -> str:
        """An id or a name: text that sessions carry, at most MAX_NAME_CHARS long."""
        value = self.text(table, key, where, required=required)
        if len(value) > MAX_NAME_CHARS:
            raise self.fail(
                f"'{where}{key}'", f"is longer than {MAX_NAME_CHARS} characters ({len(value)})"
            )
        return value

    def texts(self, table: dict[str, object], key: str, where: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"'{where}{key}'", "must be a list of text")
        return tuple(value)

    def number(self, table: dict[str, object], key: str, where: str, fallback: float) -> float:
        if key not in table:
            return fallback
        value = table[key]
        label = f"'{where}{key}'"
        if key in _WHOLE:
            if isinstance(value, bool) or not isinstance(value, int):
                raise self.fail(label, "must be a whole number")
        elif isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(label, "must be a number of seconds")
        if value != value or value in (float("inf"), float("-inf")):
            raise self.fail(label, "must be a finite number")
        if value < 0 or (value == 0 and key not in _ZERO_ALLOWED):
            least = "zero or more" if key in _ZERO_ALLOWED else "more than zero"
            raise self.fail(label, f"must be {least}, not {value}")
        most = _LIMITS[key]
        if value > most:
            raise self.fail(label, f"must be at most {most}, not {value}")
        return value

    def table(self, data: dict[str, object], key: str) -> dict[str, object]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(f"'{key}'", "must be a table")
        return value


def load_routine_text(text: str, source: str, default_id: str) -> Routine:
    """Parse and check one routine in the TOML format of PRODUCT.md section 2.

    `source` names the file in messages ("built-in" for ours); `default_id`
    is used when the file has no `id` (the file's stem).
    """
    reader = _Reader(source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RoutineError(f"{source}: is not valid TOML ({error})") from None
    reader.unknown_keys(data, _ROUTINE_KEYS, "")
    routine_id = reader.name(data, "id", "", required=False) or default_id
    if len(routine_id) > MAX_NAME_CHARS:  # the id comes from the file's name
        raise reader.fail("the file name", f"is longer than {MAX_NAME_CHARS} characters")
    try:
        routine_id.encode("utf-8")  # a file name's undecodable bytes arrive as lone surrogates
    except UnicodeEncodeError:
        raise reader.fail("the file name", "is not valid UTF-8; give the routine an 'id'") from None
    name = reader.name(data, "name", "", required=True)
    raw_defaults = reader.table(data, "defaults")
    reader.unknown_keys(raw_defaults, _DEFAULT_KEYS, "[defaults]")
    base = Defaults()
    defaults = Defaults(
        reps=int(reader.number(raw_defaults, "reps", "defaults.", base.reps)),
        sets=int(reader.number(raw_defaults, "sets", "defaults.", base.sets)),
        hold_s=reader.number(raw_defaults, "hold_s", "defaults.", base.hold_s),
        relax_s=reader.number(raw_defaults, "relax_s", "defaults.", base.relax_s),
        rest_s=reader.number(raw_defaults, "rest_s", "defaults.", base.rest_s),
    )
    raw_exercises = data.get("exercises")
    if not isinstance(raw_exercises, list) or not raw_exercises:
        raise reader.fail("'exercises'", "must list at least one exercise ([[exercises]])")
    if len(raw_exercises) > MAX_EXERCISES:
        raise reader.fail(
            "'exercises'", f"must list at most {MAX_EXERCISES}, not {len(raw_exercises)}"
        )
    exercises: list[Exercise] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_exercises):
        where = f"exercises[{index}]."
        if not isinstance(raw, dict):
            raise reader.fail(f"'exercises[{index}]'", "must be a table")
        reader.unknown_keys(raw, _EXERCISE_KEYS, f"exercises[{index}]")
        exercise_id = reader.name(raw, "id", where, required=True)
        if exercise_id in seen:
            raise reader.fail(f"'{where}id'", f"repeats the exercise id '{exercise_id}'")
        seen.add(exercise_id)
        exercises.append(
            Exercise(
                id=exercise_id,
                name=reader.name(raw, "name", where, required=True),
                cue=reader.text(raw, "cue", where, required=False),
                reps=int(reader.number(raw, "reps", where, defaults.reps)),
                sets=int(reader.number(raw, "sets", where, defaults.sets)),
                hold_s=reader.number(raw, "hold_s", where, defaults.hold_s),
                relax_s=reader.number(raw, "relax_s", where, defaults.relax_s),
                steps=reader.texts(raw, "steps", where),
            )
        )
    return Routine(
        id=routine_id,
        name=name,
        defaults=defaults,
        exercises=tuple(exercises),
        level=reader.text(data, "level", "", required=False),
        targets=reader.texts(data, "targets", ""),
        description=reader.text(data, "description", "", required=False),
        position=reader.texts(data, "position", ""),
        source=source,
    )


BUILT_IN_FILES: Final = ("lowback-isometrics.toml", "gentle-start.toml")


def built_in_routines() -> list[Routine]:
    """The routines shipped with isoback, read from the package's TOML files."""
    folder = Path(__file__).resolve().parent.parent / "routines"
    return [
        load_routine_text(
            (folder / name).read_text(encoding="utf-8"), BUILT_IN, name.removesuffix(".toml")
        )
        for name in BUILT_IN_FILES
    ]


def load_routines(folder: Path) -> tuple[list[Routine], list[str]]:
    """The built-ins, then the `*.toml` files in `folder`; plus one message per bad file.

    The caller says where the user's routines are (`paths.user_routines_dir()`),
    so core/ never reads the environment.

    A bad file is skipped and named in the messages; the others still load.
    A routines folder that is a file, or can't be read, is one message too.
    """
    routines = built_in_routines()
    problems: list[str] = []
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return routines, []  # no folder of one's own routines: nothing to say
    except OSError as error:
        if os.path.isfile(folder):
            problem = "is a file, not a folder of routines"
        else:
            problem = f"can't be read ({(error.strerror or str(error)).lower()})"
        return routines, [f"{folder}: {problem}; no routines of your own were loaded"]
    files = [folder / name for name in names if name.endswith(".toml")]
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            problems.append(f"{path}: can't be read ({reason})")
            continue
        try:
            routine = load_routine_text(text, str(path), path.stem)
        except RoutineError as error:
            problems.append(str(error))
            continue
        clash = next((r for r in routines if r.id == routine.id), None)
        if clash is not None:
            problems.append(f"{path}: 'id' '{routine.id}' is already used by {clash.source}")
            continue
        routines.append(routine)
    return routines, problems
