"""A failed save is never reported as saved: full disk, read-only folder, held lock.

Each case runs the whole app on a fake clock against a real history file; the
failure comes from a small tmpfs that really fills up, or is injected at the
storage seam (the one function every history and running-file write goes
through) as the operating system would report it.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from filelock import FileLock
from textual.pilot import Pilot

from isoback_tui.app import IsobackApp
from isoback_tui.core.clock import FakeClock
from isoback_tui.saving import SaveState
from isoback_tui.screens.confirm import ConfirmScreen
from isoback_tui.screens.home import HomeScreen
from isoback_tui.screens.summary import SummaryScreen
from isoback_tui.store import files, running, storage
from tests.core.helpers import make_routine
from tests.ui.test_app_flow import run_clock, saved

ROUTINE = make_routine(exercises=1, reps=8, sets=1, hold_s=5, relax_s=3)
SESSION_S = 5 + 8 * 5 + 7 * 3 + 1  # countdown, eight holds, seven relaxes, a second more


class DiskFault:
    """Makes every history and running-file write fail with `code` while switched on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.code: int | None = None
        real = files.write_atomic

        def write(target: Path, data: bytes | object) -> None:
            if self.code is not None:
                raise OSError(self.code, os.strerror(self.code), str(target))
            real(target, data)  # type: ignore[arg-type]

        monkeypatch.setattr(storage, "write_atomic", write)
        monkeypatch.setattr(running, "write_atomic", write)


@pytest.fixture
def fault(monkeypatch: pytest.MonkeyPatch) -> DiskFault:
    return DiskFault(monkeypatch)


def make_app(db: Path, clock: FakeClock) -> IsobackApp:
    return IsobackApp(db, clock=clock, routines=([ROUTINE], []), watch_terminal=False)


async def settle(pilot: Pilot[None], app: IsobackApp, done: Callable[[], bool]) -> None:
    """Let the saving thread and the screen catch up until `done()` (bounded polling)."""
    for _ in range(1000):
        if done():
            return
        await pilot.pause(0.01)
    raise AssertionError("the app never got there")


def save_state(app: IsobackApp) -> SaveState:
    assert isinstance(app.screen, SummaryScreen)
    return app.screen.save_state.state


def screen_text(app: IsobackApp) -> str:
    return "\n".join(str(getattr(widget, "content", "")) for widget in app.screen.query("Static"))


def history_json(db: Path) -> list[dict[str, object]]:
    """What `isoback history --json` prints for `db`, run as a user would."""
    done = subprocess.run(
        [sys.executable, "-m", "isoback_tui", "history", "--json", "--db", str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: list[dict[str, object]] = json.loads(done.stdout)
    return result


async def run_to_summary(
    pilot: Pilot[None], app: IsobackApp, fault_from_s: float, fault: Callable[[], None]
) -> None:
    await pilot.press("enter", "3")  # start, pain before 3
    await run_clock(pilot, app, fault_from_s, step=4)
    fault()
    await run_clock(pilot, app, SESSION_S - fault_from_s, step=4)
    assert isinstance(app.screen, SummaryScreen)


async def refused_at_the_end(pilot: Pilot[None], app: IsobackApp, fault: DiskFault) -> None:
    """A session whose disk fills after 20 s, run to its summary, which says "Not saved yet"."""
    await run_to_summary(pilot, app, 20, lambda: setattr(fault, "code", errno.ENOSPC))
    await settle(pilot, app, lambda: save_state(app) is SaveState.FAILED)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
async def test_a_refused_save_is_never_called_saved_and_nothing_is_lost(
    tmp_path: Path, clock: FakeClock, fault: DiskFault, code: int
) -> None:
    db = tmp_path / "history.json"
    app = make_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        # three reps reach the disk, then it refuses everything
        await run_to_summary(pilot, app, 5 + 3 * 8 + 1, lambda: setattr(fault, "code", code))
        await settle(pilot, app, lambda: save_state(app) is SaveState.FAILED)
        warnings = [n for n in app._notifications if "Could not save" in str(n.message)]
        assert len(warnings) == 1  # told once, not once per rep
        text = screen_text(app)
        assert "Saved." not in text and "Not saved yet" in text
        assert os.strerror(code).lower() in text.lower()

        await pilot.press("2")  # pain after, while the disk still refuses
        await pilot.press("n", *"tired", "enter")
        await settle(pilot, app, lambda: save_state(app) is SaveState.FAILED)
        assert app.screen.record.pain_after == 2
        assert "Saved." not in screen_text(app)
        assert not any("Note saved" in str(n.message) for n in app._notifications)

        # a new session can't start over an unsaved one, and the history says why
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)

        fault.code = None  # space is back
        app.retry_saves()
        await settle(pilot, app, lambda: not app.keeper or not app.keeper.has_work())
    [record] = history_json(db)
    assert record["status"] == "completed"
    assert record["reps_done"] == 8 and record["reps_planned"] == 8
    assert record["pain_before"] == 3 and record["pain_after"] == 2
    assert record["note"] == "tired"


async def test_the_summary_says_saved_once_the_retry_key_succeeds(
    tmp_path: Path, clock: FakeClock, fault: DiskFault
) -> None:
    db = tmp_path / "history.json"
    app = make_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await refused_at_the_end(pilot, app, fault)
        fault.code = None
        await pilot.press("r")
        await settle(pilot, app, lambda: save_state(app) is SaveState.SAVED)
        assert "Saved." in screen_text(app)
    assert [r["reps_done"] for r in saved(db)] == [8]


async def test_quitting_with_an_unsaved_session_asks_and_says_where_it_is(
    tmp_path: Path, clock: FakeClock, fault: DiskFault
) -> None:
    db = tmp_path / "history.json"
    app = make_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await refused_at_the_end(pilot, app, fault)
        await pilot.press("enter")  # home
        await app.action_quit()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = screen_text(app)
        assert "not saved yet" in question and "8 of 8 reps" in question
        assert "history.json.running" in question  # the reps that reached the disk
        await pilot.press("n")  # stay
        assert isinstance(app.screen, HomeScreen)
        assert app.is_running
    # quitting anyway left the early reps where the next start finds them
    [record] = saved(db)
    assert record["status"] == "interrupted" and 0 < int(record["reps_done"]) < 8


async def test_a_held_lock_says_waiting_without_freezing_then_saves(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "history.json"
    app = make_app(db, clock)
    other = FileLock(str(db) + ".lock", thread_local=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "s")
        await run_clock(pilot, app, 10, step=4)
        other.acquire()  # another isoback writes the history for a long while
        try:
            await run_clock(pilot, app, SESSION_S - 10, step=4)
            assert isinstance(app.screen, SummaryScreen)
            await settle(
                pilot, app_waiting := app, lambda: save_state(app_waiting) is SaveState.WAITING
            )
            assert "waiting for another isoback" in screen_text(app)
            await pilot.press("4")  # the screen still answers keys meanwhile
            assert app.screen.record.pain_after == 4
        finally:
            other.release()
        await settle(pilot, app, lambda: save_state(app) is SaveState.SAVED)
    [record] = saved(db)
    assert record["reps_done"] == 8 and record["pain_after"] == 4


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs of our own (needs root, as in CI); skipped, with the reason, elsewhere."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip() or 'not root'})")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(folder: Path) -> None:
    """Fill the disk `folder` is on to the last byte."""
    for name, size in (("filler", 4096), ("filler-tail", 1)):
        fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while True:
                os.write(fd, b"\0" * size)
        except OSError as error:
            assert error.errno == errno.ENOSPC
        finally:
            os.close(fd)


async def test_a_real_full_disk_mid_session_loses_no_rep(
    small_disk: Path, clock: FakeClock
) -> None:
    db = small_disk / "history.json"
    app = make_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_to_summary(pilot, app, 20, lambda: fill(small_disk))
        await settle(pilot, app, lambda: save_state(app) is SaveState.FAILED)
        assert "no space left on device" in screen_text(app).lower()
        for each in small_disk.glob("filler*"):
            each.unlink()
        await pilot.press("r")
        await settle(pilot, app, lambda: save_state(app) is SaveState.SAVED)
    [record] = history_json(db)
    assert record["status"] == "completed" and record["reps_done"] == 8


async def test_the_history_asked_for_while_saving_opens_once_the_session_is_in_it(
    tmp_path: Path, clock: FakeClock
) -> None:
    from isoback_tui.screens.history import HistoryScreen

    db = tmp_path / "history.json"
    app = make_app(db, clock)
    other = FileLock(str(db) + ".lock", thread_local=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "s")
        other.acquire()  # the session's end can't be written yet
        try:
            await run_clock(pilot, app, SESSION_S, step=4)
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("h")
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)  # not a history without it
        finally:
            other.release()
        await settle(pilot, app, lambda: isinstance(app.screen, HistoryScreen))
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        # the screen is pushed before it has composed its table
        await settle(pilot, app, lambda: bool(screen.query("#history-table")))
        await settle(pilot, app, lambda: bool(screen.table.records))
        assert [r.reps_done for r in screen.table.records] == [8]


async def test_isoback_start_on_a_full_disk_says_so_after_the_first_frame_and_goes_on(
    tmp_path: Path, clock: FakeClock, fault: DiskFault
) -> None:
    """`isoback start`'s first save waits for the first frame; refused, it is said, not lost."""
    from isoback_tui.core.plan import SessionSettings, StartRequest
    from isoback_tui.screens.session import SessionScreen

    db = tmp_path / "history.json"
    fault.code = errno.ENOSPC
    start = StartRequest(ROUTINE.id, SessionSettings(countdown_s=0), ask_pain=False)
    app = IsobackApp(db, clock=clock, start=start, routines=([ROUTINE], []), watch_terminal=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(5):
            await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        notes = [str(note.message) for note in app._notifications]
        assert any(note.startswith("Could not save:") for note in notes), notes
        fault.code = None  # space is back: the next rep's save takes everything so far
        await run_clock(pilot, app, 9, step=4)
        assert isinstance(app.screen, SessionScreen)
    [record] = saved(db)
    assert record["status"] == "interrupted" and int(record["reps_done"]) >= 1
