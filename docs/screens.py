"""Make the README's pictures from the real app: `.venv/bin/python docs/screens.py`.

Runs the real IsobackApp headless on a fake clock, over a made-up history
(six weeks ending today, in a temporary folder: no real files are read or
written), and saves Textual screenshots (SVG) into docs/screens/:

    home.svg           home, with a suggestion to step up under "Next:"
    live-80x24.svg     the live session in HOLD at 80x24
    live-40x15.svg     the same at 40x15
    summary.svg        the summary after the session
    history.svg        the history with its chart
    report.png         `isoback report --format html` drawn by headless chromium
                       (skipped, with a message, when chromium is missing)

Run it again after changing a screen, and look at the pictures before committing.
`--out DIR` writes elsewhere; `--no-report` leaves out the chromium picture
(tests/test_screens_script.py runs it that way, so the script keeps working).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

SCREENS = Path(__file__).resolve().parent / "screens"
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def isolate(folder: Path) -> None:
    """Point the app's data and config folders at `folder` before it is imported."""
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        (folder / name.lower()).mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(folder / name.lower())
    os.environ.pop("ISOBACK_DB", None)
    os.environ.pop("NO_COLOR", None)


def made_up_history(today: date) -> list[object]:
    """Six weeks of low-back isometrics: 5 reps a set at first, 6 in the last twelve days.

    The last three sessions at 6 reps, with pain after no higher than before,
    make home suggest the next step (8 reps).
    """
    from isoback_tui.core.record import (
        STATUS_COMPLETED,
        STATUS_ENDED_EARLY,
        ExerciseRecord,
        SessionParams,
        SessionRecord,
        SetRecord,
    )

    exercises = (
        ("push-pull-right", "Push-pull, right knee in"),
        ("push-pull-left", "Push-pull, left knee in"),
        ("knees-in", "Knees-in"),
        ("knees-out", "Knees-out"),
    )
    days_ago = [41, 40, 38, 37, 35, 33, 31, 30, 28, 27, 24, 23, 21, 20, 18, 16, 14, 12, 10, 8, 6,
                5, 3, 1]  # fmt: skip
    records = []
    for index, ago in enumerate(days_ago):
        reps = 6 if ago <= 12 else 5
        params = SessionParams(reps=reps, sets=1, hold_s=5, relax_s=3, rest_s=20)
        early = ago == 16
        done = [reps, reps, reps if not early else 2, 0 if early else reps]
        day = today - timedelta(days=ago)
        started = datetime(day.year, day.month, day.day, 7, 30 + index % 3 * 10, tzinfo=UTC)
        before = max(1, 6 - index // 5)
        record = SessionRecord(
            id=f"made-up-{index}",
            routine_id="lowback-isometrics",
            routine_name="Low-back isometrics",
            started_at=started,
            params=params,
            exercises=[
                ExerciseRecord(ex_id, name, [SetRecord(n, reps - n)])
                for (ex_id, name), n in zip(exercises, done, strict=True)
            ],
            reps_planned=4 * reps,
            status=STATUS_ENDED_EARLY if early else STATUS_COMPLETED,
            pain_before=before,
            pain_after=before + 1 if early else max(0, before - 1),
            note="Twinge on the left; stopped." if early else "",
            duration_s=4 * reps * 8 + 3 * 20,
        )
        record.ended_at = started + timedelta(seconds=record.duration_s)
        record.hold_s_total = record.reps_done * 5.0
        records.append(record)
    return records


async def app_screens(db: Path, out: Path) -> None:
    """Home, live (80x24 and 40x15), summary and history, from one run of the app."""
    from isoback_tui.app import IsobackApp
    from isoback_tui.core.clock import FakeClock
    from isoback_tui.core.engine import Phase
    from isoback_tui.screens.session import SessionScreen

    clock = FakeClock(wall_start=datetime.now(UTC).replace(hour=7, minute=30, second=0))
    app = IsobackApp(db, clock=clock, watch_terminal=False)

    async def advance(seconds: float) -> None:
        clock.advance(seconds)
        if isinstance(app.screen, SessionScreen):
            app.screen.tick()
        await pilot.pause()

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.save_screenshot("home.svg", str(out))
        await pilot.press("enter", "3")  # start the highlighted routine; pain before: 3
        await advance(5)  # the get-ready countdown
        await advance(1.6)  # into the first hold, 3.4 s left
        screen = app.screen
        assert isinstance(screen, SessionScreen) and screen.engine.state().phase is Phase.HOLD
        app.save_screenshot("live-80x24.svg", str(out))
        await pilot.resize_terminal(40, 15)
        await pilot.pause()
        app.save_screenshot("live-40x15.svg", str(out))
        await pilot.resize_terminal(80, 24)
        for _ in range(60):  # to the end, a few seconds at a time
            await advance(5)
        await pilot.press("2")  # pain after
        await pilot.pause(0.3)  # the save runs off the UI's thread
        app.save_screenshot("summary.svg", str(out))
        await pilot.press("enter", "h")
        await pilot.pause()
        app.save_screenshot("history.svg", str(out))


def report_png(db: Path, folder: Path, out: Path) -> None:
    """`isoback report --format html`, drawn by headless chromium into report.png."""
    chromium = next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)
    if chromium is None:
        print("report.png not made: no chromium on PATH (Debian: apt-get install chromium)")
        return
    page = folder / "report.html"
    subprocess.run(
        [sys.executable, "-m", "isoback_tui", "--db", str(db), "report", "--since", "6w",
         "--format", "html", "--out", str(page)],
        check=True,
    )  # fmt: skip
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--hide-scrollbars", f"--user-data-dir={folder / 'profile'}",
         f"--screenshot={out / 'report.png'}", "--window-size=900,1500", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def main() -> None:
    """Make every picture afresh."""
    parser = argparse.ArgumentParser(description="Make the README's pictures from the real app.")
    parser.add_argument("--out", type=Path, default=SCREENS, help="folder for the pictures")
    parser.add_argument("--no-report", action="store_true", help="leave out report.png")
    options = parser.parse_args()
    out: Path = options.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="isoback-screens-") as temp:
        folder = Path(temp)
        isolate(folder)
        sys.path.insert(0, str(ROOT))
        from isoback_tui.store import HistoryStore

        db = folder / "history.json"
        with HistoryStore.open(db) as store:
            store.import_records(made_up_history(date.today()))  # type: ignore[arg-type]
        if not options.no_report:
            report_png(db, folder, out)  # before the app adds today's session
        asyncio.run(app_screens(db, out))
    for path in sorted(out.iterdir()):
        print(f"{path}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
