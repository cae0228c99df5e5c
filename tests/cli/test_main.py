"""The command line of PRODUCT.md section 4, run in-process and, a few times, for real."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from isoback_tui import __version__
from isoback_tui.cli import StartRequest, run
from isoback_tui.core.plan import DEFAULT_COUNTDOWN_S, SessionSettings

ROUTINE_KEYS = {"id", "name", "level", "targets", "description", "source", "defaults", "exercises"}
DEFAULT_KEYS = {"reps", "sets", "hold_s", "relax_s", "rest_s"}
EXERCISE_KEYS = {"id", "name", "cue", "reps", "sets", "hold_s", "relax_s"}
FOUR = ["push-pull-right", "push-pull-left", "knees-in", "knees-out"]

GOOD = """\
name = "Good"
[[exercises]]
id = "a"
name = "A"
"""


def cli(*argv: str | Path) -> tuple[int, str, str]:
    """Run the command line in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = run([str(arg) for arg in argv], out, err)
    return code, out.getvalue(), err.getvalue()


def numbers(exercise: dict[str, Any]) -> tuple[Any, ...]:
    """An exercise's (sets, reps, hold_s, relax_s) from `routines --json`."""
    return (exercise["sets"], exercise["reps"], exercise["hold_s"], exercise["relax_s"])


# -- version and routines ----------------------------------------------------


def test_version() -> None:
    assert cli("--version") == (0, f"isoback {__version__}\n", "")


def test_help_goes_to_out_and_exits_zero() -> None:
    code, out, err = cli("--help")
    assert code == 0
    assert out.startswith("usage: isoback")
    assert err == ""


def test_routines_lists_both_built_ins() -> None:
    code, out, err = cli("routines")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["lowback-isometrics", "gentle-start"]
    assert "Low-back isometrics" in lines[0]
    assert "4 exercises, 3 x 15 x 5 s hold" in lines[0]
    assert "4 exercises, 1 x 5 x 5 s hold" in lines[1]


def test_routines_json_matches_the_contract_key_for_key() -> None:
    code, out, err = cli("routines", "--json")
    assert (code, err) == (0, "")
    routines = json.loads(out)
    assert [r["id"] for r in routines] == ["lowback-isometrics", "gentle-start"]
    for routine in routines:
        assert set(routine) == ROUTINE_KEYS
        assert set(routine["defaults"]) == DEFAULT_KEYS
        assert routine["source"] == "built-in"
        assert routine["level"] == "beginner"
        assert routine["targets"] == ["low back pain"]
        assert isinstance(routine["description"], str) and routine["description"]
        assert [e["id"] for e in routine["exercises"]] == FOUR
        for exercise in routine["exercises"]:
            assert set(exercise) == EXERCISE_KEYS
            assert isinstance(exercise["name"], str) and exercise["name"]
            assert isinstance(exercise["cue"], str) and exercise["cue"]
    full, gentle = routines
    assert full["defaults"] == {"reps": 15, "sets": 3, "hold_s": 5, "relax_s": 3, "rest_s": 20}
    assert gentle["defaults"] == {"reps": 5, "sets": 1, "hold_s": 5, "relax_s": 5, "rest_s": 20}
    assert [numbers(e) for e in full["exercises"]] == [(3, 15, 5, 3)] * 4
    assert [numbers(e) for e in gentle["exercises"]] == [(1, 5, 5, 5)] * 4
    # Counts are whole numbers in the JSON text, not 15.0.
    assert '"reps": 15,' in out


def test_routines_json_fills_in_each_exercise_from_the_defaults(routines_dir: Path) -> None:
    path = routines_dir / "mine.toml"
    path.write_text(
        'name = "Mine"\n[defaults]\nreps = 10\nhold_s = 2.5\n'
        '[[exercises]]\nid = "a"\nname = "A"\nsets = 2\n'
        '[[exercises]]\nid = "b"\nname = "B"\nrelax_s = 0\n',
        encoding="utf-8",
    )
    code, out, _err = cli("routines", "--json")
    mine = json.loads(out)[-1]
    assert code == 0
    assert mine["id"] == "mine"
    assert mine["source"] == str(path)
    assert (mine["level"], mine["targets"], mine["description"]) == ("", [], "")
    assert mine["defaults"] == {"reps": 10, "sets": 3, "hold_s": 2.5, "relax_s": 3, "rest_s": 20}
    assert mine["exercises"] == [
        {"id": "a", "name": "A", "cue": "", "reps": 10, "sets": 2, "hold_s": 2.5, "relax_s": 3},
        {"id": "b", "name": "B", "cue": "", "reps": 10, "sets": 3, "hold_s": 2.5, "relax_s": 0},
    ]


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_a_broken_user_routine_is_named_and_the_others_still_list(
    routines_dir: Path, as_json: bool
) -> None:
    broken = routines_dir / "broken.toml"
    broken.write_text('name = "Broken"\n[defaults]\nreps = "15"\n', encoding="utf-8")
    (routines_dir / "good.toml").write_text(GOOD, encoding="utf-8")

    code, out, err = cli("routines", *(["--json"] if as_json else []))

    assert code == 0
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("isoback: ")
    assert str(broken) in lines[0]
    assert "defaults.reps" in lines[0]
    if as_json:
        ids = [r["id"] for r in json.loads(out)]
    else:
        ids = [line.split("\t")[0] for line in out.splitlines()]
    assert ids == ["lowback-isometrics", "gentle-start", "good"]


def test_markup_in_a_routine_name_is_listed_literally(routines_dir: Path) -> None:
    (routines_dir / "marked.toml").write_text(
        'name = "[bold]x[/]"\n[[exercises]]\nid = "a"\nname = "[red]A"\n', encoding="utf-8"
    )
    code, out, _err = cli("routines")
    assert code == 0
    assert "marked\t[bold]x[/]\t" in out

    code, out, _err = cli("routines", "--json")
    marked = json.loads(out)[-1]
    assert (marked["name"], marked["exercises"][0]["name"]) == ("[bold]x[/]", "[red]A")


# -- usage errors --------------------------------------------------------------

USAGE_ERRORS = [
    pytest.param(["--bogus"], "--bogus", id="bad-option"),
    pytest.param(["routines", "--bogus"], "--bogus", id="bad-option-after-command"),
    pytest.param(["start", "--reps", "x"], "'x'", id="reps-not-a-number"),
    pytest.param(["start", "--sets", "1.5"], "'1.5'", id="sets-fraction"),
    pytest.param(["start", "--reps", "0"], "eps", id="reps-zero"),
    pytest.param(["start", "--sets", "-1"], "ets", id="sets-negative"),
    pytest.param(["start", "--hold", "-1"], "old", id="hold-negative"),
    pytest.param(["start", "--hold", "0"], "old", id="hold-zero"),
    pytest.param(["start", "--hold", "nan"], "'nan'", id="hold-nan"),
    pytest.param(["start", "--rest", "-0.5"], "est", id="rest-negative"),
    pytest.param(["start", "--relax", "soon"], "'soon'", id="relax-not-a-number"),
    pytest.param(["start", "no-such-routine"], "'no-such-routine'", id="unknown-routine"),
    pytest.param(["history", "--json", "--csv"], "--csv", id="json-and-csv"),
    pytest.param(["import"], "FILE", id="import-without-file"),
    pytest.param(["frobnicate"], "'frobnicate'", id="unknown-subcommand"),
    pytest.param(["routines", "--db"], "--db", id="db-without-path"),
]


def assert_one_usage_line(err: str, fragment: str) -> None:
    """stderr is exactly one line, `isoback: ...`, naming what was wrong."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("isoback: ")
    assert fragment in lines[0]
    assert "Traceback" not in err


@pytest.mark.parametrize(("argv", "fragment"), USAGE_ERRORS)
def test_usage_errors_exit_2_with_one_line(
    argv: list[str], fragment: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def must_not_run(*_args: object) -> int:
        raise AssertionError("a usage error must not reach the command")

    monkeypatch.setattr("isoback_tui.app.run_app", must_not_run)
    monkeypatch.setattr("isoback_tui.cli.history.history_command", must_not_run)
    monkeypatch.setattr("isoback_tui.cli.history.import_command", must_not_run)
    code, out, err = cli(*argv)
    assert code == 2
    assert out == ""
    assert_one_usage_line(err, fragment)


# -- where the history is --------------------------------------------------------


@pytest.fixture
def history_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, str]]:
    """Replace `history` by a recorder of (db path, format)."""
    calls: list[tuple[Path, str]] = []

    def record(db_path: Path, fmt: str, out: io.StringIO, err: io.StringIO) -> int:
        calls.append((db_path, fmt))
        return 0

    monkeypatch.setattr("isoback_tui.cli.history.history_command", record)
    return calls


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "{db}", "history", "--json"],
        ["history", "--db", "{db}", "--json"],
        ["history", "--json", "--db", "{db}"],
        ["--db={db}", "history", "--json"],
    ],
    ids=["before", "after", "last", "equals"],
)
def test_db_is_accepted_before_or_after_the_subcommand(
    argv: list[str], tmp_path: Path, history_calls: list[tuple[Path, str]]
) -> None:
    db = tmp_path / "elsewhere.json"
    code, _out, _err = cli(*(arg.format(db=db) for arg in argv))
    assert code == 0
    assert history_calls == [(db, "json")]


@pytest.mark.parametrize(
    ("flags", "fmt"), [([], "table"), (["--json"], "json"), (["--csv"], "csv")]
)
def test_history_formats(flags: list[str], fmt: str, history_calls: list[tuple[Path, str]]) -> None:
    assert cli("history", *flags)[0] == 0
    assert [call[1] for call in history_calls] == [fmt]


def test_without_db_or_isoback_db_the_history_is_in_the_data_dir(
    isolated_dirs: Path, history_calls: list[tuple[Path, str]]
) -> None:
    cli("history")
    assert history_calls == [(isolated_dirs / "data" / "isoback" / "history.json", "table")]


def test_isoback_db_is_honoured_and_db_wins_over_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, history_calls: list[tuple[Path, str]]
) -> None:
    from_env, from_option = tmp_path / "env.json", tmp_path / "option.json"
    monkeypatch.setenv("ISOBACK_DB", str(from_env))
    cli("history", "--json")
    cli("history", "--json", "--db", from_option)
    cli("--db", from_option, "history", "--json")
    assert [call[0] for call in history_calls] == [from_env, from_option, from_option]


def test_import_gets_the_db_and_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Path, Path]] = []

    def record(db_path: Path, file: Path, out: io.StringIO, err: io.StringIO) -> int:
        calls.append((db_path, file))
        return 0

    monkeypatch.setattr("isoback_tui.cli.history.import_command", record)
    db, backup = tmp_path / "h.json", tmp_path / "backup.json"
    assert cli("import", backup, "--db", db)[0] == 0
    assert calls == [(db, backup)]


def test_history_json_of_an_empty_history_is_an_empty_array(tmp_path: Path) -> None:
    code, out, err = cli("history", "--json", "--db", tmp_path / "new.json")
    assert (code, err) == (0, "")
    assert json.loads(out) == []


def test_routines_accepts_db_too(tmp_path: Path) -> None:
    assert cli("routines", "--db", tmp_path / "h.json")[0] == 0
    assert cli("--db", tmp_path / "h.json", "routines")[0] == 0


# -- start and the bare app ------------------------------------------------------


@pytest.fixture
def app_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, StartRequest | None]]:
    """Replace the app by a recorder of (db path, start request)."""
    calls: list[tuple[Path, StartRequest | None]] = []

    def record(db_path: Path, start: StartRequest | None, *, voice: bool = False) -> int:
        calls.append((db_path, start))
        voices.append(voice)
        return 0

    monkeypatch.setattr("isoback_tui.app.run_app", record)
    voices.clear()
    return calls


voices: list[bool] = []  # the `voice` each app_calls call was given


def test_voice_on_the_bare_app_and_on_start(app_calls: list[Any]) -> None:
    assert cli("--voice")[0] == 0
    assert cli("start", "--voice")[0] == 0
    assert cli("--voice", "start", "gentle-start")[0] == 0
    assert cli("start")[0] == 0
    assert voices == [True, True, True, False]
    assert [call[1] is None for call in app_calls] == [True, False, False, False]


def test_start_defaults_to_the_full_routine_with_its_own_numbers(
    isolated_dirs: Path, app_calls: list[Any]
) -> None:
    assert cli("start") == (0, "", "")
    assert app_calls == [
        (
            isolated_dirs / "data" / "isoback" / "history.json",
            StartRequest("lowback-isometrics", SessionSettings(), ask_pain=True),
        )
    ]
    settings = app_calls[0][1].settings
    assert (settings.reps, settings.sets, settings.hold_s, settings.relax_s) == (None,) * 4
    assert settings.rest_s is None
    assert settings.countdown_s == DEFAULT_COUNTDOWN_S > 0


def test_start_with_every_option(tmp_path: Path, app_calls: list[Any]) -> None:
    db = tmp_path / "h.json"
    argv = [
        "start", "gentle-start", "--reps", "3", "--sets", "2", "--hold", "0.5",
        "--relax", "0", "--rest", "1.5", "--no-countdown", "--no-pain", "--db", str(db),
    ]  # fmt: skip
    assert cli(*argv) == (0, "", "")
    ((db_path, request),) = app_calls
    assert db_path == db
    assert request == StartRequest(
        "gentle-start",
        SessionSettings(reps=3, sets=2, hold_s=0.5, relax_s=0, rest_s=1.5, countdown_s=0),
        ask_pain=False,
    )
    assert request.settings.hold_s == 0.5


def test_start_a_user_routine(routines_dir: Path, app_calls: list[Any]) -> None:
    (routines_dir / "mine.toml").write_text(GOOD, encoding="utf-8")
    assert cli("start", "mine", "--hold", "2")[0] == 0
    request = app_calls[0][1]
    assert (request.routine_id, request.settings.hold_s, request.ask_pain) == ("mine", 2, True)


def test_no_subcommand_opens_the_app_on_home(isolated_dirs: Path, app_calls: list[Any]) -> None:
    assert cli() == (0, "", "")
    assert app_calls == [(isolated_dirs / "data" / "isoback" / "history.json", None)]


def test_the_app_exit_status_is_passed_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("isoback_tui.app.run_app", lambda db_path, start, voice=False: 1)
    assert cli("start")[0] == 1


# -- for real: a separate process -------------------------------------------------


def isoback(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m isoback_tui ...` in a child process, in conftest's temporary dirs."""
    return subprocess.run(
        [sys.executable, "-m", "isoback_tui", *map(str, argv)],
        capture_output=True,
        text=True,
        env=dict(os.environ),  # conftest points HOME and XDG_* at tmp_path
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )


def test_process_version_and_routines(routines_dir: Path) -> None:
    (routines_dir / "broken.toml").write_text("name = ", encoding="utf-8")
    version = isoback("--version")
    assert (version.returncode, version.stdout, version.stderr) == (
        0,
        f"isoback {__version__}\n",
        "",
    )
    listed = isoback("routines", "--json")
    assert listed.returncode == 0
    assert [r["id"] for r in json.loads(listed.stdout)] == ["lowback-isometrics", "gentle-start"]
    assert listed.stderr.count("\n") == 1
    assert "broken.toml" in listed.stderr
    assert "Traceback" not in listed.stderr


@pytest.mark.parametrize(
    ("argv", "status", "fragment"),
    [
        (["start", "--reps", "0"], 2, "eps"),
        (["frobnicate"], 2, "'frobnicate'"),
        (["import", "{tmp}/missing.json", "--db", "{tmp}/h.json"], 1, "missing.json"),
    ],
    ids=["usage", "unknown-command", "data"],
)
def test_process_errors_are_one_line_and_never_a_traceback(
    argv: list[str], status: int, fragment: str, tmp_path: Path
) -> None:
    done = isoback(*(arg.format(tmp=tmp_path) for arg in argv))
    assert done.returncode == status
    assert done.stdout == ""
    assert_one_usage_line(done.stderr, fragment)


def test_process_history_json_of_a_new_file(tmp_path: Path) -> None:
    done = isoback("--db", tmp_path / "h.json", "history", "--json")
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == []


def test_a_huge_rep_count_is_one_sentence_not_a_giant_plan() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run(["start", "--reps", "99999999999999999999"], out, err) == 2
    assert err.getvalue().count("\n") == 1 and "from 1 to 500" in err.getvalue()


def test_the_coach_without_a_terminal_says_so_and_exits(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "isoback_tui"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("isoback: ") and "terminal" in done.stderr
    assert "Traceback" not in done.stderr
