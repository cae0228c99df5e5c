"""Routines as data: the built-ins, the user's TOML files, and one clear message per bad file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from isoback_tui.core.limits import (
    MAX_EXERCISES,
    MAX_NAME_CHARS,
    MAX_REPS,
    MAX_SECONDS,
    MAX_SETS,
)
from isoback_tui.core.routine import (
    BUILT_IN,
    Defaults,
    Routine,
    RoutineError,
    load_routine_text,
    load_routines,
)
from isoback_tui.paths import user_routines_dir

FOUR = ["push-pull-right", "push-pull-left", "knees-in", "knees-out"]

GOOD = """\
name = "Good"
[[exercises]]
id = "a"
name = "A"
"""


def by_id(routines: list[Routine]) -> dict[str, Routine]:
    """Routines keyed by id."""
    return {routine.id: routine for routine in routines}


def numbers(routine: Routine) -> list[tuple[int, int, float, float]]:
    """Each exercise's effective (sets, reps, hold_s, relax_s)."""
    return [(e.sets, e.reps, e.hold_s, e.relax_s) for e in routine.exercises]


# -- the built-ins -----------------------------------------------------------


def test_built_ins_load_first_without_problems() -> None:
    routines, problems = load_routines(user_routines_dir())
    assert problems == []
    assert [r.id for r in routines] == ["lowback-isometrics", "gentle-start"]
    assert all(r.source == BUILT_IN for r in routines)


def test_lowback_isometrics_is_the_full_routine() -> None:
    routine = by_id(load_routines(user_routines_dir())[0])["lowback-isometrics"]
    assert routine.name == "Low-back isometrics"
    assert routine.level == "beginner"
    assert routine.targets == ("low back pain",)
    assert routine.defaults == Defaults(reps=15, sets=3, hold_s=5, relax_s=3, rest_s=20)
    assert [e.id for e in routine.exercises] == FOUR
    assert numbers(routine) == [(3, 15, 5, 3)] * 4
    assert all(e.name and e.cue and e.steps for e in routine.exercises)
    assert routine.description.strip()
    assert routine.position


def test_gentle_start_is_the_same_four_one_set_of_five() -> None:
    routine = by_id(load_routines(user_routines_dir())[0])["gentle-start"]
    assert routine.level == "beginner"
    assert routine.defaults == Defaults(reps=5, sets=1, hold_s=5, relax_s=5, rest_s=20)
    assert [e.id for e in routine.exercises] == FOUR
    assert numbers(routine) == [(1, 5, 5, 5)] * 4


# -- validation: one message naming the file and the field -------------------

EXERCISE = '[[exercises]]\nid = "a"\nname = "A"\n'

BAD_FILES = [
    pytest.param(
        'name = "x"\ncolour = "red"\n' + EXERCISE, ["'colour'", "not known"], id="unknown-top"
    ),
    pytest.param(
        'name = "x"\n[defaults]\nrepz = 3\n' + EXERCISE,
        ["'repz'", "[defaults]", "not known"],
        id="unknown-in-defaults",
    ),
    pytest.param(
        'name = "x"\n' + EXERCISE + '[[exercises]]\nid = "b"\nname = "B"\nholds = 3\n',
        ["'holds'", "exercises[1]", "not known"],
        id="unknown-in-exercise",
    ),
    pytest.param("name = 3\n" + EXERCISE, ["'name'", "text"], id="name-not-text"),
    pytest.param(EXERCISE, ["'name'", "missing"], id="name-missing"),
    pytest.param('name = "  "\n' + EXERCISE, ["'name'", "empty"], id="name-blank"),
    pytest.param(
        'name = "x"\n[defaults]\nreps = "15"\n' + EXERCISE,
        ["'defaults.reps'", "whole number"],
        id="reps-as-text",
    ),
    pytest.param(
        'name = "x"\n' + EXERCISE + "reps = true\n",
        ["'exercises[0].reps'", "whole number"],
        id="reps-as-bool",
    ),
    pytest.param(
        'name = "x"\n' + EXERCISE + "sets = 1.5\n",
        ["'exercises[0].sets'", "whole number"],
        id="sets-as-fraction",
    ),
    pytest.param(
        'name = "x"\n' + EXERCISE + "hold_s = [5]\n",
        ["'exercises[0].hold_s'", "number of seconds"],
        id="hold-as-list",
    ),
    pytest.param(
        'name = "x"\n' + EXERCISE + 'hold_s = "5"\n',
        ["'exercises[0].hold_s'", "number of seconds"],
        id="hold-as-text",
    ),
    pytest.param(
        'name = "x"\n' + EXERCISE + "hold_s = 0\n",
        ["'exercises[0].hold_s'", "more than zero"],
        id="hold-zero",
    ),
    pytest.param(
        'name = "x"\n[defaults]\nhold_s = -1.5\n' + EXERCISE,
        ["'defaults.hold_s'", "more than zero"],
        id="hold-negative",
    ),
    pytest.param(
        'name = "x"\n[defaults]\nhold_s = nan\n' + EXERCISE,
        ["'defaults.hold_s'", "finite"],
        id="hold-nan",
    ),
    pytest.param(
        'name = "x"\n[defaults]\nrest_s = inf\n' + EXERCISE,
        ["'defaults.rest_s'", "finite"],
        id="rest-infinite",
    ),
    pytest.param(
        'name = "x"\n[defaults]\nreps = 0\n' + EXERCISE,
        ["'defaults.reps'", "more than zero"],
        id="reps-zero",
    ),
    pytest.param(
        'name = "x"\n' + EXERCISE + "sets = -2\n",
        ["'exercises[0].sets'", "more than zero"],
        id="sets-negative",
    ),
    pytest.param(
        'name = "x"\n' + EXERCISE + "relax_s = -0.5\n",
        ["'exercises[0].relax_s'", "zero or more"],
        id="relax-negative",
    ),
    pytest.param(
        'name = "x"\n[defaults]\nrest_s = -1\n' + EXERCISE,
        ["'defaults.rest_s'", "zero or more"],
        id="rest-negative",
    ),
    pytest.param('name = "x"\n', ["'exercises'", "at least one"], id="no-exercises"),
    pytest.param('name = "x"\nexercises = []\n', ["'exercises'", "at least one"], id="empty-list"),
    pytest.param('name = "x"\ndefaults = 3\n' + EXERCISE, ["'defaults'", "table"], id="defaults"),
    pytest.param(
        'name = "x"\n' + EXERCISE + EXERCISE,
        ["'exercises[1].id'", "'a'"],
        id="duplicate-exercise-ids",
    ),
    pytest.param(
        'name = "x"\n[[exercises]]\nname = "A"\n',
        ["'exercises[0].id'", "missing"],
        id="exercise-id-missing",
    ),
    pytest.param(
        'name = "x"\ntargets = "back"\n' + EXERCISE,
        ["'targets'", "list of text"],
        id="targets-not-a-list",
    ),
    pytest.param('name = "x\n' + EXERCISE, ["not valid TOML", "line 1"], id="invalid-toml"),
    pytest.param(
        'name = "x"\nexercises = ["Knees-in"]\n', ["'exercises[0]'", "table"], id="exercise-text"
    ),
    pytest.param(
        'name = "x"\n[[exercises]]\nid = "a"\n',
        ["'exercises[0].name'", "missing"],
        id="exercise-name-missing",
    ),
    pytest.param(
        'name = "x"\n' + EXERCISE + "cue = 3\n", ["'exercises[0].cue'", "text"], id="cue-number"
    ),
    pytest.param(
        'name = "x"\n' + EXERCISE + 'steps = "Lie down"\n',
        ["'exercises[0].steps'", "list of text"],
        id="steps-not-a-list",
    ),
    pytest.param('name = "x"\nlevel = 3\n' + EXERCISE, ["'level'", "text"], id="level-number"),
    pytest.param(
        'name = "x"\ndescription = ["a"]\n' + EXERCISE,
        ["'description'", "text"],
        id="description-list",
    ),
    pytest.param(
        'name = "x"\nposition = "on your back"\n' + EXERCISE,
        ["'position'", "list of text"],
        id="position-text",
    ),
]


# The whole sentence each file above gets, after "<the file>: " (`isoback routines` shows it).
SENTENCES = {
    "unknown-top": "key 'colour' is not known",
    "unknown-in-defaults": "key 'repz' in [defaults] is not known",
    "unknown-in-exercise": "key 'holds' in exercises[1] is not known",
    "name-not-text": "'name' must be text",
    "name-missing": "'name' is missing",
    "name-blank": "'name' is empty",
    "reps-as-text": "'defaults.reps' must be a whole number",
    "reps-as-bool": "'exercises[0].reps' must be a whole number",
    "sets-as-fraction": "'exercises[0].sets' must be a whole number",
    "hold-as-list": "'exercises[0].hold_s' must be a number of seconds",
    "hold-as-text": "'exercises[0].hold_s' must be a number of seconds",
    "hold-zero": "'exercises[0].hold_s' must be more than zero, not 0",
    "hold-negative": "'defaults.hold_s' must be more than zero, not -1.5",
    "hold-nan": "'defaults.hold_s' must be a finite number",
    "rest-infinite": "'defaults.rest_s' must be a finite number",
    "reps-zero": "'defaults.reps' must be more than zero, not 0",
    "sets-negative": "'exercises[0].sets' must be more than zero, not -2",
    "relax-negative": "'exercises[0].relax_s' must be zero or more, not -0.5",
    "rest-negative": "'defaults.rest_s' must be zero or more, not -1",
    "no-exercises": "'exercises' must list at least one exercise ([[exercises]])",
    "empty-list": "'exercises' must list at least one exercise ([[exercises]])",
    "defaults": "'defaults' must be a table",
    "duplicate-exercise-ids": "'exercises[1].id' repeats the exercise id 'a'",
    "exercise-id-missing": "'exercises[0].id' is missing",
    "targets-not-a-list": "'targets' must be a list of text",
    # tomllib's own words follow, and they differ between Python versions
    "invalid-toml": "is not valid TOML (",
    "exercise-text": "'exercises[0]' must be a table",
    "exercise-name-missing": "'exercises[0].name' is missing",
    "cue-number": "'exercises[0].cue' must be text",
    "steps-not-a-list": "'exercises[0].steps' must be a list of text",
    "level-number": "'level' must be text",
    "description-list": "'description' must be text",
    "position-text": "'position' must be a list of text",
}


@pytest.mark.parametrize(("text", "fragments"), BAD_FILES)
def test_each_bad_file_is_one_sentence_naming_the_file_and_the_field(
    request: pytest.FixtureRequest, text: str, fragments: list[str]
) -> None:
    with pytest.raises(RoutineError) as caught:
        load_routine_text(text, "/somewhere/r.toml", "r")
    case = request.node.callspec.id
    expected = f"/somewhere/r.toml: {SENTENCES[case]}"
    if case == "invalid-toml":
        assert str(caught.value).startswith(expected) and "line 1" in str(caught.value)
    else:
        assert str(caught.value) == expected


@pytest.mark.parametrize(("text", "fragments"), BAD_FILES)
def test_a_bad_file_gives_one_message_and_the_rest_still_load(
    routines_dir: Path, text: str, fragments: list[str]
) -> None:
    bad = routines_dir / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    (routines_dir / "good.toml").write_text(GOOD, encoding="utf-8")

    routines, problems = load_routines(user_routines_dir())

    assert [r.id for r in routines] == ["lowback-isometrics", "gentle-start", "good"]
    assert len(problems) == 1
    message = problems[0]
    assert message.startswith(f"{bad}: ")
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message


@pytest.mark.parametrize(("text", "fragments"), BAD_FILES)
def test_load_routine_text_raises_routine_error(text: str, fragments: list[str]) -> None:
    with pytest.raises(RoutineError) as caught:
        load_routine_text(text, "/somewhere/r.toml", "r")
    assert str(caught.value).startswith("/somewhere/r.toml: ")
    assert isinstance(caught.value, ValueError)


def test_zero_relax_and_rest_are_allowed() -> None:
    text = 'name = "x"\n[defaults]\nrelax_s = 0\nrest_s = 0\n' + EXERCISE + "relax_s = 0.0\n"
    routine = load_routine_text(text, "f.toml", "f")
    assert (routine.defaults.relax_s, routine.defaults.rest_s) == (0, 0)
    assert routine.exercises[0].relax_s == 0


def test_exercise_numbers_override_the_defaults_and_the_rest_fall_back() -> None:
    text = (
        'name = "x"\n[defaults]\nreps = 10\nhold_s = 2.5\n'
        + EXERCISE
        + "sets = 2\nrelax_s = 1\n"
        + '[[exercises]]\nid = "b"\nname = "B"\n'
    )
    routine = load_routine_text(text, "f.toml", "f")
    assert routine.defaults == Defaults(reps=10, sets=3, hold_s=2.5, relax_s=3, rest_s=20)
    assert numbers(routine) == [(2, 10, 2.5, 1), (3, 10, 2.5, 3)]


def test_a_user_routine_cannot_take_a_built_in_id(routines_dir: Path) -> None:
    mine = routines_dir / "mine.toml"
    mine.write_text('id = "lowback-isometrics"\n' + GOOD, encoding="utf-8")
    # No id: the file's stem is the id, and it clashes too.
    stem = routines_dir / "gentle-start.toml"
    stem.write_text(GOOD, encoding="utf-8")

    routines, problems = load_routines(user_routines_dir())

    assert [(r.id, r.source) for r in routines] == [
        ("lowback-isometrics", BUILT_IN),
        ("gentle-start", BUILT_IN),
    ]
    assert by_id(routines)["lowback-isometrics"].name == "Low-back isometrics"
    assert len(problems) == 2
    assert problems[0].startswith(f"{stem}: 'id' 'gentle-start'")
    assert problems[1].startswith(f"{mine}: 'id' 'lowback-isometrics'")
    assert all("built-in" in p for p in problems)


def test_two_user_files_with_one_id_keep_the_first(routines_dir: Path) -> None:
    (routines_dir / "a.toml").write_text('id = "same"\n' + GOOD, encoding="utf-8")
    (routines_dir / "b.toml").write_text('id = "same"\n' + GOOD, encoding="utf-8")
    routines, problems = load_routines(user_routines_dir())
    assert by_id(routines)["same"].source == str(routines_dir / "a.toml")
    assert len(problems) == 1
    assert problems[0].startswith(f"{routines_dir / 'b.toml'}: 'id' 'same'")


def test_a_directory_named_like_a_routine_is_reported(routines_dir: Path) -> None:
    folder = routines_dir / "x.toml"
    folder.mkdir()
    (routines_dir / "good.toml").write_text(GOOD, encoding="utf-8")
    routines, problems = load_routines(user_routines_dir())
    assert [r.id for r in routines][-1] == "good"
    assert len(problems) == 1
    assert problems[0].startswith(f"{folder}: can't be read")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root reads files whatever their mode",
)
def test_an_unreadable_file_is_reported(routines_dir: Path) -> None:
    locked = routines_dir / "locked.toml"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    (routines_dir / "good.toml").write_text(GOOD, encoding="utf-8")
    try:
        routines, problems = load_routines(user_routines_dir())
    finally:
        locked.chmod(0o600)
    assert [r.id for r in routines][-1] == "good"
    assert len(problems) == 1
    assert problems[0].startswith(f"{locked}: can't be read")


def test_a_routines_folder_that_is_a_file_is_said_once() -> None:
    folder = user_routines_dir()
    folder.parent.mkdir(parents=True)
    folder.write_text("not a folder", encoding="utf-8")
    routines, problems = load_routines(user_routines_dir())
    assert [r.id for r in routines] == ["lowback-isometrics", "gentle-start"]
    assert problems == [
        f"{folder}: is a file, not a folder of routines; no routines of your own were loaded"
    ]


def test_an_unreadable_routines_folder_is_said_once(
    routines_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Faked: root (these tests' user in CI) reads any folder whatever its mode."""
    (routines_dir / "good.toml").write_text(GOOD, encoding="utf-8")
    real_listdir = os.listdir

    def denied(path: object) -> list[str]:
        if Path(str(path)) == routines_dir:
            raise PermissionError(13, "Permission denied", str(path))
        return real_listdir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "listdir", denied)
    routines, problems = load_routines(user_routines_dir())
    assert [r.id for r in routines] == ["lowback-isometrics", "gentle-start"]
    assert problems == [
        f"{routines_dir}: can't be read (permission denied); no routines of your own were loaded"
    ]


def test_no_routines_folder_is_nothing_to_say() -> None:
    assert not user_routines_dir().exists()
    assert load_routines(user_routines_dir())[1] == []


def test_a_file_that_is_not_utf8_is_reported(routines_dir: Path) -> None:
    latin = routines_dir / "latin.toml"
    latin.write_bytes(b'name = "caf\xe9"\n' + EXERCISE.encode())
    (routines_dir / "good.toml").write_text(GOOD, encoding="utf-8")
    routines, problems = load_routines(user_routines_dir())
    assert [r.id for r in routines][-1] == "good"
    assert len(problems) == 1
    assert problems[0].startswith(f"{latin}: can't be read")
    assert "utf-8" in problems[0]


def test_only_toml_files_are_read(routines_dir: Path) -> None:
    (routines_dir / "notes.txt").write_text("not a routine", encoding="utf-8")
    (routines_dir / "good.toml").write_text(GOOD, encoding="utf-8")
    routines, problems = load_routines(user_routines_dir())
    assert problems == []
    assert [r.id for r in routines][-1] == "good"


# -- user routines -------------------------------------------------------------


def test_the_id_defaults_to_the_file_stem(routines_dir: Path) -> None:
    path = routines_dir / "my-routine.toml"
    path.write_text(GOOD, encoding="utf-8")
    routine = by_id(load_routines(user_routines_dir())[0])["my-routine"]
    assert routine.source == str(path)
    assert routine.name == "Good"
    assert routine.defaults == Defaults()


def test_an_id_in_the_file_wins_over_the_stem(routines_dir: Path) -> None:
    (routines_dir / "file-name.toml").write_text('id = "own-id"\n' + GOOD, encoding="utf-8")
    assert "own-id" in by_id(load_routines(user_routines_dir())[0])
    assert "file-name" not in by_id(load_routines(user_routines_dir())[0])


def test_markup_in_a_name_is_kept_literally(routines_dir: Path) -> None:
    (routines_dir / "marked.toml").write_text(
        'name = "[bold]x[/]"\n[[exercises]]\nid = "a"\nname = "[red]A[/red]"\ncue = "[i]c"\n',
        encoding="utf-8",
    )
    routine = by_id(load_routines(user_routines_dir())[0])["marked"]
    assert routine.name == "[bold]x[/]"
    assert (routine.exercises[0].name, routine.exercises[0].cue) == ("[red]A[/red]", "[i]c")


def test_xdg_config_home_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    folder = elsewhere / "isoback" / "routines"
    folder.mkdir(parents=True)
    (folder / "moved.toml").write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(elsewhere))

    assert user_routines_dir() == folder
    routines, problems = load_routines(user_routines_dir())
    assert problems == []
    assert by_id(routines)["moved"].source == str(folder / "moved.toml")


def test_an_explicit_folder_wins_over_the_config_dir(routines_dir: Path, tmp_path: Path) -> None:
    (routines_dir / "in-config.toml").write_text(GOOD, encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "given.toml").write_text(GOOD, encoding="utf-8")
    ids = [r.id for r in load_routines(other)[0]]
    assert ids == ["lowback-isometrics", "gentle-start", "given"]


def test_a_missing_routines_folder_is_not_a_problem() -> None:
    assert not user_routines_dir().exists()
    routines, problems = load_routines(user_routines_dir())
    assert len(routines) == 2
    assert problems == []


# -- properties ----------------------------------------------------------------


def toml_number(value: float) -> str:
    """A number as TOML writes it (repr of a finite float is valid TOML)."""
    return str(value) if isinstance(value, int) else repr(value)


def toml_string(text: str) -> str:
    """A TOML basic string holding exactly `text`."""
    out = []
    for char in text:
        if char in '"\\' or not char.isprintable():
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def positive() -> st.SearchStrategy[float]:
    """Seconds a hold may last: more than zero, whole or fractional."""
    return st.integers(1, MAX_SECONDS) | st.floats(
        min_value=0, max_value=MAX_SECONDS, exclude_min=True, allow_nan=False
    )


def zero_or_more() -> st.SearchStrategy[float]:
    """Seconds a relax or rest may last: zero is allowed."""
    return st.integers(0, MAX_SECONDS) | st.floats(
        min_value=0, max_value=MAX_SECONDS, allow_nan=False
    )


def counts() -> st.SearchStrategy[int]:
    """Reps or sets (sets have the lower limit, so both fit it)."""
    return st.integers(1, MAX_SETS)


DEFAULTS_STRATEGY = st.fixed_dictionaries(
    {},
    optional={
        "reps": counts(),
        "sets": counts(),
        "hold_s": positive(),
        "relax_s": zero_or_more(),
        "rest_s": zero_or_more(),
    },
)
EXERCISE_STRATEGY = st.fixed_dictionaries(
    {},
    optional={"reps": counts(), "sets": counts(), "hold_s": positive(), "relax_s": zero_or_more()},
)


def routine_text(defaults: dict[str, float], exercises: list[dict[str, float]]) -> str:
    """A routine file with these numbers in [defaults] and in each exercise."""
    lines = ['name = "Generated"', "[defaults]"]
    lines += [f"{key} = {toml_number(value)}" for key, value in defaults.items()]
    for index, overrides in enumerate(exercises):
        lines += ["[[exercises]]", f'id = "ex{index}"', f'name = "Exercise {index}"']
        lines += [f"{key} = {toml_number(value)}" for key, value in overrides.items()]
    return "\n".join(lines) + "\n"


@given(defaults=DEFAULTS_STRATEGY, exercises=st.lists(EXERCISE_STRATEGY, min_size=1, max_size=5))
def test_valid_numbers_round_trip_into_the_same_effective_numbers(
    defaults: dict[str, float], exercises: list[dict[str, float]]
) -> None:
    routine = load_routine_text(routine_text(defaults, exercises), "gen.toml", "gen")

    ours = Defaults()
    effective_defaults = {key: defaults.get(key, getattr(ours, key)) for key in vars(ours)}
    assert vars(routine.defaults) == effective_defaults
    assert len(routine.exercises) == len(exercises)
    for exercise, overrides in zip(routine.exercises, exercises, strict=True):
        for key in ("reps", "sets", "hold_s", "relax_s"):
            assert getattr(exercise, key) == overrides.get(key, effective_defaults[key])
        assert isinstance(exercise.reps, int) and isinstance(exercise.sets, int)


@given(
    key=st.sampled_from(["reps", "sets", "hold_s", "relax_s", "rest_s"]),
    in_exercise=st.booleans(),
    value=st.integers(-(10**6), -1) | st.floats(max_value=-1e-9, min_value=-1e6),
)
def test_any_negative_number_is_refused_naming_its_field(
    key: str, in_exercise: bool, value: float
) -> None:
    if key in ("reps", "sets") and isinstance(value, float):
        value = int(value) or -1
    in_exercise = in_exercise and key != "rest_s"
    where = "exercises[0]." if in_exercise else "defaults."
    text = routine_text({} if in_exercise else {key: value}, [{key: value} if in_exercise else {}])
    with pytest.raises(RoutineError) as caught:
        load_routine_text(text, "neg.toml", "neg")
    assert str(caught.value).startswith(f"neg.toml: '{where}{key}' must be")


@given(name=st.text(min_size=1, max_size=MAX_NAME_CHARS).filter(lambda s: s.strip()))
def test_any_name_is_kept_exactly_as_written(name: str) -> None:
    text = f"name = {toml_string(name)}\n" + EXERCISE
    assert load_routine_text(text, "n.toml", "n").name == name


@pytest.mark.parametrize(
    ("key", "value"), [("reps", MAX_REPS + 1), ("sets", MAX_SETS + 1), ("hold_s", MAX_SECONDS + 1)]
)
def test_numbers_past_the_limits_are_refused(key: str, value: int) -> None:
    text = f'name = "X"\n[defaults]\n{key} = {value}\n[[exercises]]\nid = "a"\nname = "A"\n'
    with pytest.raises(RoutineError, match=f"defaults.{key}.*at most"):
        load_routine_text(text, "x.toml", "x")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (f'name = "{"n" * 201}"\n' + EXERCISE, "'name' is longer than 200 characters (201)"),
        (f'id = "{"i" * 201}"\nname = "X"\n' + EXERCISE, "'id' is longer than 200"),
        (
            f'name = "X"\n[[exercises]]\nid = "a"\nname = "{"e" * 201}"\n',
            "'exercises[0].name' is longer than 200",
        ),
        (
            'name = "X"\n'
            + "".join(f'[[exercises]]\nid = "e{n}"\nname = "E"\n' for n in range(101)),
            "'exercises' must list at most 100, not 101",
        ),
    ],
    ids=["name", "id", "exercise-name", "exercises"],
)
def test_names_and_exercise_counts_past_the_limits_are_refused(text: str, words: str) -> None:
    """Sessions carry these names, so every session the app writes can be imported again."""
    with pytest.raises(RoutineError, match="x.toml: ") as caught:
        load_routine_text(text, "x.toml", "x")
    assert words in str(caught.value)


def test_a_file_name_too_long_for_an_id_is_refused() -> None:
    with pytest.raises(RoutineError, match="the file name is longer than 200"):
        load_routine_text('name = "X"\n' + EXERCISE, "x.toml", "f" * 201)


def test_a_file_name_that_is_not_utf8_needs_an_id() -> None:
    """Its undecodable bytes would reach the history as lone surrogates, which import refuses."""
    with pytest.raises(RoutineError, match="the file name is not valid UTF-8"):
        load_routine_text('name = "X"\n' + EXERCISE, "x.toml", "caf\udce9")
    assert load_routine_text('id = "cafe"\nname = "X"\n' + EXERCISE, "x.toml", "caf\udce9").id == (
        "cafe"
    )


def test_names_ids_and_exercise_counts_at_the_limits_are_kept() -> None:
    text = f'id = "{"i" * MAX_NAME_CHARS}"\nname = "{"n" * MAX_NAME_CHARS}"\n' + "".join(
        f'[[exercises]]\nid = "e{n}"\nname = "E"\n' for n in range(MAX_EXERCISES)
    )
    routine = load_routine_text(text, "x.toml", "x")
    assert (len(routine.id), len(routine.name), len(routine.exercises)) == (200, 200, 100)
    assert load_routine_text('name = "X"\n' + EXERCISE, "x.toml", "f" * MAX_NAME_CHARS).id == (
        "f" * MAX_NAME_CHARS
    )


def test_an_unreadable_file_is_named_and_the_files_after_it_still_load(
    routines_dir: Path,
) -> None:
    (routines_dir / "a-folder.toml").mkdir()  # can't be read as a file
    (routines_dir / "b-latin1.toml").write_bytes(b'name = "Caf\xe9"\n' + EXERCISE.encode())
    (routines_dir / "c-good.toml").write_text(GOOD, encoding="utf-8")

    routines, problems = load_routines(user_routines_dir())

    assert [r.id for r in routines][-1] == "c-good"
    assert problems[0] == f"{routines_dir / 'a-folder.toml'}: can't be read (Is a directory)"
    assert problems[1].startswith(f"{routines_dir / 'b-latin1.toml'}: can't be read ('utf-8' codec")
    assert len(problems) == 2
