"""Odd `--db` paths, odd import files and unwritable output (issue 7).

Only a regular file, or a path where nothing exists yet, is a history.
Anything else (empty, a folder, a named pipe, a device, a link to one) is
one sentence and exit status 1 (2 for an empty name, a usage error), and is
never opened in a way that blocks, read, replaced or renamed. Output that
can't be written is one sentence too, never a traceback.
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from isoback_tui.cli import run
from isoback_tui.store import HistoryFileError, HistoryStore
from isoback_tui.store.files import check_regular, open_text
from tests.core.record_builders import numbered_record

TIMEOUT_S = 20  # a guard against a hang, never reached when all is well


def cli(*argv: str | Path) -> tuple[int, str, str]:
    """Run the command line in-process, in a thread that must not hang."""
    out, err = io.StringIO(), io.StringIO()
    result: list[int] = []
    worker = threading.Thread(
        target=lambda: result.append(run([str(a) for a in argv], out, err)), daemon=True
    )
    worker.start()
    worker.join(TIMEOUT_S)
    assert result, f"isoback {' '.join(map(str, argv))} hung"
    return result[0], out.getvalue(), err.getvalue()


def isoback(
    *argv: str | Path, stdout: int | None = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    """`python -m isoback_tui ...` in a child process (no terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "isoback_tui", *map(str, argv)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=dict(os.environ),
        timeout=60,
        check=False,
    )


def one_sentence(err: str, *fragments: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("isoback: ") and lines[0].endswith(".")
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    assert "Traceback" not in err


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A named pipe nobody writes to: opening it for reading the usual way blocks forever."""
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    yield path
    assert stat.S_ISFIFO(os.lstat(path).st_mode)  # still a pipe: nothing replaced it


def odd_paths(tmp_path: Path, fifo: Path) -> list[tuple[Path, str]]:
    link = tmp_path / "link.json"
    link.symlink_to("/dev/null")
    folder = tmp_path / "folder"
    folder.mkdir()
    return [
        (fifo, "is a named pipe, not a file"),
        (Path("/dev/zero"), "is a device, not a file"),
        (Path("/dev/null"), "is a device, not a file"),
        (link, "is a device, not a file"),
        (Path("/"), "is a folder, not a file"),
        (folder, "is a folder, not a file"),
    ]


def test_check_regular_names_what_the_path_is(tmp_path: Path, fifo: Path) -> None:
    for path, words in odd_paths(tmp_path, fifo):
        with pytest.raises(HistoryFileError, match=words):
            check_regular(path)
    check_regular(tmp_path / "nothing-yet.json")
    regular = tmp_path / "h.json"
    regular.write_text("")
    check_regular(regular)


def test_open_text_refuses_a_pipe_without_waiting(fifo: Path) -> None:
    with pytest.raises(HistoryFileError, match="named pipe"):
        open_text(fifo)


@pytest.mark.parametrize("command", [["history"], ["history", "--json"], ["history", "--csv"]])
def test_history_on_an_odd_path_is_one_sentence(
    tmp_path: Path, fifo: Path, command: list[str]
) -> None:
    for path, words in odd_paths(tmp_path, fifo):
        code, out, err = cli(*command, "--db", path)
        assert (code, out) == (1, ""), path
        one_sentence(err, str(path), words)
    assert not list(tmp_path.glob("*.lock")) and not list(tmp_path.glob("*.running"))


def test_import_into_an_odd_path_is_one_sentence_and_touches_nothing(
    tmp_path: Path, fifo: Path
) -> None:
    export = tmp_path / "export.json"
    export.write_text("[]")
    for path, words in odd_paths(tmp_path, fifo):
        code, out, err = cli("import", export, "--db", path)
        assert (code, out) == (1, ""), path
        one_sentence(err, str(path), words)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "export.json",
        "folder",
        "home",
        "link.json",
        "pipe.json",
    ]
    assert os.readlink(tmp_path / "link.json") == "/dev/null"


def test_importing_from_an_odd_file_is_one_sentence(tmp_path: Path, fifo: Path) -> None:
    db = tmp_path / "h.json"
    for path, words in odd_paths(tmp_path, fifo):
        code, out, err = cli("import", path, "--db", db)
        assert (code, out) == (1, ""), path
        one_sentence(err, f"The import file {path}", words)
    assert not db.exists()


def test_an_empty_db_is_a_usage_error() -> None:
    code, out, err = cli("history", "--db", "")
    assert (code, out) == (2, "")
    one_sentence(err, "--db", "empty")


def test_move_aside_never_renames_a_pipe_or_a_device(tmp_path: Path, fifo: Path) -> None:
    for path, words in odd_paths(tmp_path, fifo):
        if path.is_dir():
            continue  # a folder in the history's place may be moved aside on request
        with pytest.raises(HistoryFileError, match=words):
            HistoryStore.move_aside(path)
    assert os.readlink(tmp_path / "link.json") == "/dev/null"


@pytest.mark.parametrize("argv", [["start"], []], ids=["start", "home"])
def test_the_app_refuses_an_odd_path_before_it_draws(fifo: Path, argv: list[str]) -> None:
    done = isoback(*argv, "--db", fifo)
    assert (done.returncode, done.stdout) == (1, "")
    one_sentence(done.stderr, str(fifo), "named pipe")


def test_plain_isoback_refuses_an_odd_isoback_db_before_it_draws(
    fifo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plain `isoback` skips the parser on its way to the screen; the check still runs."""
    monkeypatch.setenv("ISOBACK_DB", str(fifo))
    done = isoback()
    assert (done.returncode, done.stdout) == (1, "")
    one_sentence(done.stderr, str(fifo), "named pipe")


def test_a_lock_file_that_cannot_be_made_is_said_at_once(tmp_path: Path) -> None:
    """`import x --db /proc/self/status`: no 10 s wait, no blaming another isoback."""
    export = tmp_path / "export.json"
    export.write_text("[]")
    code, out, err = cli("import", export, "--db", "/proc/self/status")
    assert (code, out) == (1, "")
    one_sentence(err, "/proc/self/status.lock", "cannot be made")
    assert "another isoback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["history"],
        ["history", "--json"],
        ["history", "--csv"],
        ["routines"],
        ["routines", "--json"],
    ],
)
def test_output_to_a_full_disk_is_one_sentence(tmp_path: Path, argv: list[str]) -> None:
    db = tmp_path / "h.json"
    HistoryStore(db).import_records([numbered_record(n) for n in range(3)])
    with open("/dev/full", "w") as full:
        done = isoback(*argv, "--db", db, stdout=full.fileno())
    assert done.returncode == 1
    one_sentence(done.stderr, "Could not write the output", "no space left on device")


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_to_a_full_disk_are_one_sentence(flag: str) -> None:
    with open("/dev/full", "w") as full:
        done = isoback(flag, stdout=full.fileno())
    assert done.returncode == 1
    one_sentence(done.stderr, "no space left on device")


def test_a_full_disk_under_import_output_is_one_sentence(tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    export.write_text("[]")
    with open("/dev/full", "w") as full:
        done = isoback("import", export, "--db", tmp_path / "h.json", stdout=full.fileno())
    assert done.returncode == 1
    one_sentence(done.stderr, "no space left on device")


class _FullStream(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


def test_a_failing_output_stream_in_process() -> None:
    err = io.StringIO()
    assert run(["routines"], _FullStream(), err) == 1
    one_sentence(err.getvalue(), "no space left on device")


def test_a_pipe_in_the_running_folder_is_a_warning_not_a_hang(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    HistoryStore(db).finish(numbered_record(1))
    running = tmp_path / "h.json.running"
    running.mkdir()
    os.mkfifo(running / "odd.json")
    code, out, err = cli("history", "--db", db)
    assert code == 0 and "completed" in out
    one_sentence(err, "odd.json", "is a named pipe, not a file")
    export = tmp_path / "export.json"
    export.write_text(json.dumps([numbered_record(2).to_dict()]))
    code, out, err = cli("import", export, "--db", db)  # a write folds in dead sessions
    assert (code, out) == (0, "Imported 1 session, skipped 0 already present.\n")
    assert stat.S_ISFIFO(os.lstat(running / "odd.json").st_mode)
