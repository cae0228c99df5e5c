"""Every problem with a file is one sentence: "<what> <path> <problem>" (store/files.py).

`what` is the caller's ("the import file", "the history file"), so each case
is asserted with a caller's own words, and the whole sentence is compared.
Failures the machine can't be made to produce (a read error, permission
denied to root) are injected at the one system call that would fail.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import stat
import subprocess
from pathlib import Path

import pytest

from isoback_tui.store import HistoryFileError, files
from isoback_tui.store.files import (
    check_regular,
    not_regular,
    open_text,
    parse_json,
    read_text,
    reason,
    remove_stale_temps,
    temp_path_for,
    write_atomic,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file kinds")

WHAT = "the import file"


def _sentence(path: Path, problem: str) -> str:
    return f"{WHAT} {path} {problem}"


def _raises(call: object, path: Path, problem: str) -> None:
    with pytest.raises(HistoryFileError) as caught:
        call()  # type: ignore[operator]
    assert str(caught.value) == _sentence(path, problem)
    assert caught.value.path == path and caught.value.problem == problem


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder of its own."""
    made = tmp_path / "files"
    made.mkdir()
    return made


# -- what a path is --------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "problem"),
    [
        (stat.S_IFDIR, "is a folder, not a file"),
        (stat.S_IFIFO, "is a named pipe, not a file"),
        (stat.S_IFCHR, "is a device, not a file"),
        (stat.S_IFBLK, "is a device, not a file"),
        (stat.S_IFSOCK, "is a socket, not a file"),
        (stat.S_IFLNK, "is not a regular file"),
        (stat.S_IFREG, None),
    ],
)
def test_each_kind_of_file_is_named(kind: int, problem: str | None) -> None:
    assert not_regular(kind | 0o644) == problem


def test_a_folder_a_pipe_a_device_and_a_socket_are_refused_unopened(folder: Path) -> None:
    pipe, device, sock = folder / "pipe", folder / "null", folder / "sock"
    os.mkfifo(pipe)
    device.symlink_to("/dev/null")  # a link is judged by what it points to
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(sock))
        cases = {
            folder: "is a folder, not a file",
            pipe: "is a named pipe, not a file",
            device: "is a device, not a file",
            sock: "is a socket, not a file",
        }
        for path, problem in cases.items():
            _raises(lambda path=path: check_regular(path, WHAT), path, problem)
            _raises(lambda path=path: read_text(path, WHAT), path, problem)
    finally:
        server.close()


def test_a_path_that_cannot_be_looked_at_says_why(folder: Path) -> None:
    loop = folder / "loop"
    loop.symlink_to(folder / "loop")
    under_a_file = folder / "plain" / "history.json"
    under_a_file.parent.write_text("a file, not a folder")
    _raises(
        lambda: check_regular(loop, WHAT),
        loop,
        "cannot be used: too many levels of symbolic links",
    )
    _raises(
        lambda: check_regular(under_a_file, WHAT), under_a_file, "cannot be used: not a directory"
    )
    check_regular(folder / "missing", WHAT)  # nothing there yet: no problem
    assert read_text(folder / "missing", WHAT) is None


def _fail_for(path: Path, real: object, error: OSError) -> object:
    def call(target: object, *args: object, **kwargs: object) -> object:
        if Path(os.fsdecode(target)) == path:  # type: ignore[arg-type]
            raise error
        return real(target, *args, **kwargs)  # type: ignore[operator]

    return call


def test_permission_denied_is_one_sentence(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Injected: the tests may run as root, whom permissions do not stop."""
    path = folder / "h.json"
    path.write_text("{}")
    denied = PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    monkeypatch.setattr(os, "stat", _fail_for(path, os.stat, denied))
    _raises(lambda: check_regular(path, WHAT), path, "cannot be read: permission denied")
    monkeypatch.undo()
    monkeypatch.setattr(os, "open", _fail_for(path, os.open, denied))
    _raises(lambda: read_text(path, WHAT), path, "cannot be read: permission denied")


def test_a_failing_open_says_why(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = folder / "h.json"
    path.write_text("{}")
    broken = OSError(errno.EIO, os.strerror(errno.EIO))
    monkeypatch.setattr(os, "open", _fail_for(path, os.open, broken))
    _raises(lambda: read_text(path, WHAT), path, "cannot be read: input/output error")


def test_a_failing_read_says_why(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = folder / "h.json"
    path.write_text("{}")

    class FailingHandle:
        def __enter__(self) -> FailingHandle:
            return self

        def __exit__(self, *_exc: object) -> None:
            return None

        def read(self) -> str:
            raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(files, "open_text", lambda *_a, **_k: FailingHandle())
    _raises(lambda: read_text(path, WHAT), path, "cannot be read: input/output error")


def test_a_path_swapped_after_the_check_is_caught_by_what_was_opened(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check and the open are two steps: a folder put there between them.

    (A pipe swapped in is refused the same way; it is not tried here, because
    if the open ever lost O_NONBLOCK the test would wait forever, not fail.)
    """
    monkeypatch.setattr(files, "check_regular", lambda *_args: None)  # the swap comes after
    _raises(lambda: open_text(folder, what=WHAT), folder, "is a folder, not a file")


def test_text_that_is_not_utf8_is_named(folder: Path) -> None:
    path = folder / "h.json"
    path.write_bytes(b'{"note": "\xff"}')
    _raises(lambda: read_text(path, WHAT), path, "is not a text file (it is not UTF-8)")


# -- what is wrong with the JSON -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"a": 1', "is cut short: its JSON stops in the middle (line 1, column 8)"),
        ('{"a": "b', "is cut short: its JSON stops in the middle (line 1, column 7)"),
        ('{"a": 1}\nx', "is not valid JSON (line 2, column 1: Extra data)"),
        ("[" * 100_000, "is not valid JSON (nested too deeply)"),
        ('{"n": ' + "7" * 5000 + "}", "is damaged: it holds a number of over 4,300 digits"),
    ],
)
def test_bad_json_is_one_sentence(folder: Path, text: str, problem: str) -> None:
    path = folder / "h.json"
    _raises(lambda: parse_json(text, path, WHAT), path, problem)


def test_parse_json_gives_the_data() -> None:
    assert parse_json('{"a": [1]}', Path("h.json")) == {"a": [1]}


# -- reasons, temporary files --------------------------------------------------------


def test_a_reason_is_the_systems_words_in_lower_case() -> None:
    assert reason(OSError(errno.ENOSPC, "No space left on device")) == "no space left on device"
    assert reason(OSError("a message of its own")) == "a message of its own"


def test_a_temporary_file_is_recognised_as_ours(folder: Path) -> None:
    target = folder / "history.json"
    temp = temp_path_for(target)
    assert temp.parent == folder and temp.name.startswith(f".history.json.tmp-{os.getpid()}-")
    temp.write_text("{")
    assert remove_stale_temps(folder, target_name="history.json", writer_lock_held=True) == 1
    assert not temp.exists()


def test_a_write_never_follows_a_link_planted_at_its_temporary_name(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target, victim = folder / "history.json", folder / "victim"
    victim.write_text("keep")
    monkeypatch.setattr(os, "urandom", lambda n: b"\x00" * n)
    temp_path_for(target).symlink_to(victim)
    with pytest.raises(FileExistsError):
        write_atomic(target, b"{}")
    assert victim.read_text() == "keep" and not target.exists()


def test_a_live_writer_is_neither_robbed_nor_signalled(
    folder: Path, live_child: subprocess.Popen[bytes]
) -> None:
    fresh = folder / f".history.json.tmp-{live_child.pid}-0000000a"
    fresh.write_text("{")
    assert remove_stale_temps(folder) == 0
    assert fresh.exists()
    assert live_child.stdin is not None
    live_child.stdin.close()
    assert live_child.wait(timeout=10) == 0  # it ended by itself: no signal reached it


def test_a_writer_of_another_user_counts_as_live(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signalling another user's process is refused (EPERM): it exists."""
    fresh = folder / ".history.json.tmp-4242-0000000a"
    fresh.write_text("{")

    def not_yours(_pid: int, _signal: int) -> None:
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "kill", not_yours)
    assert remove_stale_temps(folder) == 0
    assert fresh.exists()


def test_a_folder_named_like_a_temporary_file_stays_and_the_rest_go(folder: Path) -> None:
    odd = folder / f".history.json.tmp-{os.getpid()}-0000000a"
    odd.mkdir()
    leftovers = [folder / f".history.json.tmp-{os.getpid()}-0000001{n}" for n in range(5)]
    for path in leftovers:
        path.write_text("{")
    assert remove_stale_temps(folder, writer_lock_held=True) == 5
    assert odd.is_dir() and not any(path.exists() for path in leftovers)


def test_the_json_of_a_real_file_round_trips(folder: Path) -> None:
    target = folder / "deep" / "h.json"
    files.ensure_folder(target.parent)
    write_atomic(target, [b'{"a":', b" 1}"])
    text = read_text(target, WHAT)
    assert text is not None and json.loads(text) == {"a": 1}
    assert stat.S_IMODE(target.stat().st_mode) == files.FILE_MODE


def test_a_folder_made_meanwhile_by_another_isoback_is_fine(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two isobacks starting at once: the folder appears between our look and our mkdir."""
    target = folder / "a" / "b"
    real_is_dir = Path.is_dir
    looked: list[Path] = []

    def not_yet(path: Path) -> bool:
        if path == target and path not in looked:
            looked.append(path)
            path.mkdir(parents=True)  # the other isoback makes it now
            return False
        return real_is_dir(path)

    monkeypatch.setattr(Path, "is_dir", not_yet)
    files.ensure_folder(target)
    assert real_is_dir(target) and looked == [target]
