"""Every wait a user has, on a real terminal: from key press (or spawn) to the last byte.

Each wait runs the installed app on a pseudo-terminal (100x30, TERM as over
SSH) and times, from the moment the key is written (or the process spawned),
until the app has finished drawing:

- settled: the last byte before the screen stays quiet for QUIET_S (what a
  person waits for: nothing on the screen changes any more);
- frame: the end of the write that carries the screen's own text, i.e. the
  frame the person first sees (for the start-up waits, and for the summary,
  whose "Saved." may follow).

Waits, each the median of several runs (fresh process per run):

- home first frame, and `isoback start`'s first HOLD frame, against a
  minimal Textual app's first frame, alternating in the same run
  (PRODUCT.md 6: start-up within 1.3x the minimal app);
- `h` on home to the history drawn, with 10, 1,000 and 10,000 sessions,
  the chart shown (PRODUCT.md 6: <= 0.5 s at 10,000);
- `enter` on the newest row to that session's details;
- ending a session into a 10,000-session history: `y` on "End this
  session now?" to the summary drawn (at once), and to "Saved.";
- `isoback report --format html --since all` at 10,000 sessions, spawn to exit.

Prints a markdown table with the load average before and after each wait.
Exit status 1 if a budget is missed.

    python bench/bench_waits.py [--quick] [--runs N] [--only startup,history,...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_live import isoback_command  # noqa: E402
from ptyrun import PtyProcess, terminal_env  # noqa: E402

from bench.bench_store import build_history  # noqa: E402

COLS, ROWS = 100, 30
QUIET_S = 1.0
"""Silence after which the screen counts as drawn (no app timer writes on these screens)."""
FRAME_GAP_S = 0.005
"""Chunks closer than this belong to one frame. Textual writes a frame in one
write, which reaches the pty reader as 4 KB chunks well under a millisecond
apart; its next frame needs a layout or a render first and comes 8 ms or more
later. (A 30 ms gap, used before 2026-11-25 15:40, also took in the repaints
Textual makes as it starts: one for each of the three same-size resize events
it sends and one after Ready; for a screen drawn earlier those fell inside the
window and were counted as its first frame.)"""
TIMEOUT_S = 30.0
HISTORY_BUDGET_S = 0.5
STARTUP_RATIO_BUDGET = 1.3
SUMMARY_RATIO_BUDGET = 1.2  # "at once": with 10,000 sessions as soon as with 10, give or take noise
HOME_TEXT = b"Low-back isometrics"
HISTORY_TEXT = b"in all"  # the header: "... 10,000 in all ..."
DETAILS_TEXT = b"Under tension"
END_QUESTION = b"End this session now"
SUMMARY_TEXT = b"Ended early"
SAVED_TEXT = b"Saved."
RESUME_QUESTION = b"Resume unfinished"

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("minimal-ready")

Minimal().run()
"""


class WaitFailed(Exception):
    """The app never drew what the wait was for."""


@dataclass
class Wait:
    """One kind of wait: its runs (seconds) and the load average around them."""

    name: str
    runs: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # the app's CPU seconds in each run's wait
    load_before: float = 0.0
    load_after: float = 0.0

    @property
    def median(self) -> float:
        """The median run."""
        return statistics.median(self.runs)

    def cpu_median(self) -> str:
        """The median CPU time of the app during the wait, in ms (steadier than wall time)."""
        return f"{statistics.median(self.cpu) * 1000:.0f} ms" if self.cpu else "-"

    def spread(self) -> str:
        """Fastest and slowest run, in ms."""
        return f"{min(self.runs) * 1000:.0f}-{max(self.runs) * 1000:.0f}"


def load_average() -> float:
    """The one-minute load average of the machine."""
    return os.getloadavg()[0]


def describe(process: PtyProcess) -> str:
    """The end of what the app wrote, for an error message."""
    tail = b"".join(chunk for _at, chunk in process.chunks)[-1500:]
    return tail.decode(errors="replace")


def expect(process: PtyProcess, needle: bytes, since: int) -> int:
    """The chunk that completed `needle` (from chunk `since` on); WaitFailed if it never came."""
    index = process.find(needle, TIMEOUT_S, since=since)
    if index is None:
        raise WaitFailed(f"never saw {needle!r}; last output:\n{describe(process)}")
    return index


def settled(process: PtyProcess) -> float:
    """When the screen last changed before going quiet (monotonic)."""
    at = process.settle(QUIET_S, TIMEOUT_S)
    if at is None:
        raise WaitFailed("the screen never went quiet")
    return at


@dataclass
class Bench:
    """The shared set-up of one bench run: a home folder, the histories, the app."""

    home: Path
    runs: int
    histories: dict[int, Path] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        """The app's environment: its own home and XDG folders."""
        return terminal_env(self.home)

    def history(self, size: int) -> Path:
        """A history of `size` realistic sessions (built once, copied for each use)."""
        if size not in self.histories:
            path = self.home / f"history-{size}.json"
            build_history(path, size)
            self.histories[size] = path
        return self.histories[size]

    def fresh_copy(self, size: int, name: str) -> Path:
        """A private copy of the `size` history (for waits that write to it)."""
        folder = self.home / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        target = folder / "history.json"
        shutil.copyfile(self.history(size), target)
        return target

    def spawn(self, argv: list[str]) -> PtyProcess:
        """Start `argv` on a COLS x ROWS terminal."""
        return PtyProcess.spawn(argv, cols=COLS, rows=ROWS, env=self.env)

    def isoback(self, db: Path, *args: str) -> list[str]:
        """The installed app on history `db`, with `args`."""
        return [*isoback_command(), "--db", str(db), *args]


def spawn_to_frame(bench: Bench, argv: list[str], needle: bytes) -> tuple[float, float]:
    """(seconds from spawn to the end of the frame that first shows `needle`, CPU seconds)."""
    process = bench.spawn(argv)
    try:
        index = expect(process, needle, 0)
        seconds = process.burst_end(index, FRAME_GAP_S) - process.started
        return seconds, process.cpu_seconds()
    finally:
        process.stop()


def startup_waits(bench: Bench) -> list[Wait]:
    """Minimal app, home, `start` (empty and 10,000-session histories), alternating."""
    script = bench.home / "minimal_app.py"
    script.write_text(MINIMAL_APP)
    big = bench.history(10_000)
    fresh = count()

    def empty() -> Path:
        """A new empty history each time (a stopped `start` leaves an interrupted session)."""
        folder = bench.home / f"empty-{next(fresh)}"
        folder.mkdir()
        return folder / "history.json"

    def big_copy() -> Path:
        """A copy of the 10,000 sessions each time, for the same reason."""
        return bench.fresh_copy(10_000, f"start-{next(fresh)}")

    start = ("start", "lowback-isometrics", "--no-countdown", "--no-pain")
    kinds: list[tuple[Wait, Callable[[], tuple[float, float]]]] = [
        (
            Wait("minimal Textual app, first frame"),
            lambda: spawn_to_frame(bench, [sys.executable, str(script)], b"minimal-ready"),
        ),
        (
            Wait("home, first frame (empty history)"),
            lambda: spawn_to_frame(bench, bench.isoback(empty()), HOME_TEXT),
        ),
        (
            Wait("`isoback start`, first HOLD frame (empty history)"),
            lambda: spawn_to_frame(bench, bench.isoback(empty(), *start), b"HOLD"),
        ),
        (
            Wait("home, first frame (10,000 sessions)"),
            lambda: spawn_to_frame(bench, bench.isoback(big), HOME_TEXT),
        ),
        (
            Wait("`isoback start`, first HOLD frame (10,000 sessions)"),
            lambda: spawn_to_frame(bench, bench.isoback(big_copy(), *start), b"HOLD"),
        ),
    ]
    waits = [wait for wait, _run in kinds]
    for wait in waits:
        wait.load_before = load_average()
    for _ in range(bench.runs):
        for wait, run in kinds:
            seconds, cpu = run()
            wait.runs.append(seconds)
            wait.cpu.append(cpu)
    for wait in waits:
        wait.load_after = load_average()
    return waits


def open_history(bench: Bench, size: int) -> tuple[float, float, float, float]:
    """`h` to the history drawn, `enter` to the newest session's details drawn: seconds and CPU.

    (history s, details s, history CPU s, details CPU s).
    """
    process = bench.spawn(bench.isoback(bench.history(size)))
    try:
        expect(process, HOME_TEXT, 0)
        process.pump(0.5)  # let start-up's reading of the history end, as it would for a person
        settled(process)
        if process.find(RESUME_QUESTION, 0) is not None:  # the newest interrupted session
            since = process.mark()
            process.send("n")
            expect(process, HOME_TEXT, since)
            settled(process)
        since, cpu = process.mark(), process.cpu_seconds()
        pressed = process.send("h")
        expect(process, HISTORY_TEXT, since)
        history_s = settled(process) - pressed
        history_cpu = process.cpu_seconds() - cpu
        since, cpu = process.mark(), process.cpu_seconds()
        pressed = process.send("\r")
        expect(process, DETAILS_TEXT, since)
        details_s = settled(process) - pressed
        return history_s, details_s, history_cpu, process.cpu_seconds() - cpu
    finally:
        process.stop()


def history_waits(bench: Bench, sizes: list[int]) -> list[Wait]:
    """History open at each size, and a session's details (at the largest)."""
    waits = []
    for size in sizes:
        history = Wait(f"`h`: history drawn, {size:,} sessions, with the chart")
        details = Wait(f"`enter`: a session's details, {size:,} sessions")
        bench.history(size)
        history.load_before = details.load_before = load_average()
        for _ in range(bench.runs):
            history_s, details_s, history_cpu, details_cpu = open_history(bench, size)
            history.runs.append(history_s)
            details.runs.append(details_s)
            history.cpu.append(history_cpu)
            details.cpu.append(details_cpu)
        history.load_after = details.load_after = load_average()
        waits += [history, details]
    return waits


def end_session(bench: Bench, size: int) -> tuple[float, float]:
    """(`y` to the summary drawn, `y` to "Saved.") ending a session into `size` sessions."""
    db = bench.fresh_copy(size, "summary")
    argv = bench.isoback(db, "start", "lowback-isometrics", "--no-countdown", "--no-pain")
    process = bench.spawn(argv)
    try:
        expect(process, b"HOLD", 0)
        process.pump(1.5)  # the start-up read and the first save are over
        since = process.mark()
        process.send("q")
        expect(process, END_QUESTION, since)
        process.settle(0.3, 2.0)  # the live screen is paused behind the question
        since = process.mark()
        pressed = process.send("y")
        index = expect(process, SUMMARY_TEXT, since)
        summary_s = process.burst_end(index, FRAME_GAP_S) - pressed
        saved = expect(process, SAVED_TEXT, since)
        return summary_s, process.chunks[saved][0] - pressed
    finally:
        process.stop()


def summary_waits(bench: Bench) -> list[Wait]:
    """The summary after ending a session (`isoback start`) into 10 and 10,000 sessions.

    "At once" (PRODUCT.md 6, issue 13): the summary does not wait for the
    save, so it is drawn as soon with 10,000 sessions as with 10.
    """
    kinds = []
    for size in (10, 10_000):
        kinds.append(
            (
                size,
                Wait(f"`y` (end session): summary drawn, {size:,} sessions"),
                Wait(f"`y` (end session): the summary says Saved., {size:,} sessions"),
            )
        )
    for _size, summary, saved in kinds:
        summary.load_before = saved.load_before = load_average()
    for _ in range(bench.runs):
        for size, summary, saved in kinds:
            summary_s, saved_s = end_session(bench, size)
            summary.runs.append(summary_s)
            saved.runs.append(saved_s)
    for _size, summary, saved in kinds:
        summary.load_after = saved.load_after = load_average()
    return [wait for _size, summary, saved in kinds for wait in (summary, saved)]


def report_waits(bench: Bench) -> list[Wait]:
    """`isoback report --format html --since all` at 10,000 sessions, spawn to exit."""
    wait = Wait("`isoback report --format html --since all`, 10,000 sessions, to exit")
    db = bench.history(10_000)
    out = bench.home / "report.html"
    wait.load_before = load_average()
    for _ in range(bench.runs):
        argv = bench.isoback(db, "report", "--format", "html", "--since", "all", "--out", str(out))
        process = bench.spawn(argv)
        try:
            ended = process.exit_time(TIMEOUT_S)
        finally:
            process.stop()
        if ended is None or process.process.returncode != 0:
            raise WaitFailed(f"report did not finish cleanly:\n{describe(process)}")
        wait.runs.append(ended - process.started)
    wait.load_after = load_average()
    return [wait]


def paired_ratio(wait: Wait, minimal: Wait) -> float:
    """The median of each round's ratio to the minimal app's run in the same round.

    The start-up waits alternate with the minimal app, a round a second or so
    apart; this shared host changes its pace over minutes (the minimal app's
    runs spread from 280 to 490 ms in one run of 21), so a ratio within a
    round cancels the pace, where a ratio of two medians mixes paces.
    """
    pairs = [mine / theirs for mine, theirs in zip(wait.runs, minimal.runs, strict=False)]
    return statistics.median(pairs)


def budget_of(wait: Wait, minimal: Wait | None, waits: list[Wait]) -> tuple[str, str]:
    """(the budget, and 'ok' or 'MISSED'/'-') for one wait."""
    if wait.name.startswith("home, first frame (empty") or wait.name.startswith(
        "`isoback start`, first HOLD frame (empty"
    ):
        if minimal is None:
            return "<= 1.3x minimal", "-"
        ratio = paired_ratio(wait, minimal)
        verdict = "ok" if ratio <= STARTUP_RATIO_BUDGET else "MISSED"
        medians = wait.median / minimal.median
        return "<= 1.3x minimal", f"{ratio:.2f}x {verdict} (of medians: {medians:.2f}x)"
    if wait.name.startswith("`h`: history drawn, 10,000"):
        ok = wait.median <= HISTORY_BUDGET_S
        return f"<= {HISTORY_BUDGET_S} s", "ok" if ok else "MISSED"
    if wait.name.startswith("`y` (end session): summary drawn, 10,000"):
        small = next(
            (w for w in waits if w.name.startswith("`y` (end session): summary drawn, 10 ")), None
        )
        if small is None:
            return "at once", "-"
        ratio = wait.median / small.median
        verdict = "ok" if ratio <= SUMMARY_RATIO_BUDGET else "MISSED"
        return "at once: as soon as at 10", f"{ratio:.2f}x the 10 {verdict}"
    if "first frame" in wait.name or "first HOLD" in wait.name:
        if minimal is not None:
            return "-", f"{paired_ratio(wait, minimal):.2f}x minimal"
    return "-", "-"


def print_table(waits: list[Wait]) -> bool:
    """Print the markdown table; True when every budget is met."""
    minimal = next((w for w in waits if w.name.startswith("minimal")), None)
    print(
        f"| wait ({COLS}x{ROWS} pty, median) | median | runs | app CPU | budget | verdict "
        "| load avg |"
    )
    print("| --- | ---: | ---: | ---: | --- | --- | --- |")
    ok = True
    for wait in waits:
        budget, verdict = budget_of(wait, minimal, waits)
        ok &= "MISSED" not in verdict
        print(
            f"| {wait.name} | {wait.median * 1000:.0f} ms | {wait.spread()} ms "
            f"({len(wait.runs)}) | {wait.cpu_median()} | {budget} | {verdict} "
            f"| {wait.load_before:.2f} -> {wait.load_after:.2f} |"
        )
    return ok


PARTS = ("startup", "history", "summary", "report")


def main() -> int:
    """Run the chosen waits and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help="runs per wait (default 7; 3 with --quick)")
    parser.add_argument(
        "--quick", action="store_true", help="3 runs, history at 10 and 10,000 only"
    )
    parser.add_argument("--only", default=",".join(PARTS), help=f"some of {','.join(PARTS)}")
    parser.add_argument("--sizes", help="history sizes (default 10,1000,10000)")
    args = parser.parse_args()
    parts = [part.strip() for part in args.only.split(",") if part.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part {unknown[0]!r}: choose from {', '.join(PARTS)}")
    runs = args.runs or (3 if args.quick else 7)
    default_sizes = "10,10000" if args.quick else "10,1000,10000"
    sizes = [int(size) for size in (args.sizes or default_sizes).split(",")]
    bench = Bench(Path(tempfile.mkdtemp(prefix="isoback-waits-")), runs)
    started = time.strftime("%Y-%m-%d %H:%M %Z")
    waits: list[Wait] = []
    try:
        if "startup" in parts:
            waits += startup_waits(bench)
        if "history" in parts:
            waits += history_waits(bench, sizes)
        if "summary" in parts:
            waits += summary_waits(bench)
        if "report" in parts:
            waits += report_waits(bench)
    except WaitFailed as problem:
        print(f"bench_waits: {problem}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(bench.home, ignore_errors=True)
    print(f"{started}, {os.cpu_count()} cores, quiet = {QUIET_S:g} s without a byte\n")
    return 0 if print_table(waits) else 1


if __name__ == "__main__":
    sys.exit(main())
