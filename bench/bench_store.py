"""Benchmark the history store with 10, 1,000 and 10,000 stored sessions.

    python bench/bench_store.py [--sizes 10,1000,10000] [--saves 300] [--dir DIR]

For each size it builds a history of realistic sessions (the four exercises,
3 sets each, some reps skipped, some notes) and measures, each in a fresh
process so nothing is cached and peak memory is the process's own:

- per-rep save: the median (and 90th percentile) of many `save_progress`
  calls on a running session, fsync included;
- finish: moving one ended session into the main file (a locked,
  atomic rewrite of the whole file);
- open: `HistoryStore.open` (reads and checks every session) and
  `latest_resumable`, what the app does at start-up;
- history opens: `list_sessions`, what the history screen needs, with the
  peak RSS of the process that did open + list;
- `history --json`: wall time of `python -m isoback_tui history --json`
  in a subprocess, output to /dev/null (in-process `history_command` if
  the command line is not there yet; the table says which).

Budgets (PRODUCT.md section 6): history opens in <= 0.5 s with 10,000
sessions; a per-rep save at 10,000 costs <= 2x the one at 10; memory under
100 MB. Prints a markdown table; the exit status is 1 if a budget is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from isoback_tui.core.record import (  # noqa: E402
    ExerciseRecord,
    SessionParams,
    SessionRecord,
    SetRecord,
)

EXERCISES = (
    ("push-pull-right", "Push-pull, right knee in"),
    ("push-pull-left", "Push-pull, left knee in"),
    ("knees-in", "Knees-in"),
    ("knees-out", "Knees-out"),
)
NOTES = ("", "", "", "felt easier today", "left side tight", "short on time, stopped early")

OPEN_BUDGET_S = 0.5
SAVE_RATIO_BUDGET = 2.0
MEMORY_BUDGET_MB = 100.0


def realistic_session(n: int, rng: random.Random) -> SessionRecord:
    """Session number `n` of a long history: one a day, mostly completed."""
    started = datetime(2000, 1, 1, 7, 30, tzinfo=UTC) + timedelta(
        days=n, minutes=rng.randint(0, 600)
    )
    status = rng.choices(("completed", "ended_early", "interrupted"), (90, 7, 3))[0]
    exercises = []
    done_total = 0
    for ex_id, name in EXERCISES:
        sets = []
        for _ in range(3):
            skipped = rng.choice((0, 0, 0, 0, 1, 2))
            sets.append(SetRecord(15 - skipped, skipped))
            done_total += 15 - skipped
        exercises.append(ExerciseRecord(ex_id, name, sets))
    duration = 1500 + rng.random() * 120
    return SessionRecord(
        id=f"{rng.getrandbits(128):032x}",
        routine_id="lowback-isometrics",
        routine_name="Low-back isometrics",
        started_at=started,
        ended_at=started + timedelta(seconds=duration) if status != "interrupted" else None,
        status=status,
        params=SessionParams(reps=15, sets=3, hold_s=5, relax_s=3, rest_s=20),
        exercises=exercises,
        reps_planned=180,
        hold_s_total=5.0 * done_total,
        paused_s=round(rng.random() * 30, 3),
        duration_s=round(duration, 3),
        pain_before=rng.randint(0, 10),
        pain_after=rng.choice((None, rng.randint(0, 10))),
        note=rng.choice(NOTES),
    )


def build_history(path: Path, size: int) -> None:
    """A history file of `size` sessions, written by the store itself."""
    from isoback_tui.store import HistoryStore

    rng = random.Random(size)
    HistoryStore(path).import_records(realistic_session(n, rng) for n in range(size))


# -- measurements, each run in its own process ------------------------------


def measure_saves(path: Path, saves: int) -> dict[str, float]:
    """Per-rep save and finish times on the history at `path`."""
    from isoback_tui.store import HistoryStore

    store = HistoryStore(path)
    record = realistic_session(100_000, random.Random(1))
    record.status, record.ended_at = "in_progress", None
    for exercise in record.exercises:
        exercise.sets = []
    store.begin(record)
    times = []
    for rep in range(saves):
        exercise = record.exercises[rep // 45 % 4]
        if not exercise.sets or exercise.sets[-1].reps_done >= 15:
            exercise.sets = exercise.sets[-2:] + [SetRecord()]
        exercise.sets[-1].reps_done += 1
        record.duration_s += 8.0
        start = time.perf_counter()
        store.save_progress(record)
        times.append(time.perf_counter() - start)
    record.status = "completed"
    start = time.perf_counter()
    store.finish(record)
    finish_s = time.perf_counter() - start
    times.sort()
    return {
        "save_median_ms": statistics.median(times) * 1000,
        "save_p90_ms": times[int(len(times) * 0.9)] * 1000,
        "finish_ms": finish_s * 1000,
        "finish_maxrss_mb": peak_rss_mb(),
    }


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB.

    Linux's VmHWM belongs to this program alone; `ru_maxrss` (used where
    /proc is missing) also counts the parent's peak from before the exec.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def measure_build(path: Path) -> dict[str, float]:
    """Build the history of `path.parent.name[1:]` sessions (in its own process)."""
    build_history(path, int(path.parent.name[1:]))
    return {}


def measure_open(path: Path) -> dict[str, float]:
    """Open + list the whole history, and this process's peak memory."""
    start = time.perf_counter()
    from isoback_tui.store import HistoryStore

    imported = time.perf_counter()
    store = HistoryStore.open(path)
    opened = time.perf_counter()
    sessions = store.list_sessions()
    listed = time.perf_counter()
    resumable = store.latest_resumable()
    resumed = time.perf_counter()
    assert sessions and (resumable is None or resumable.status == "interrupted")
    return {
        "import_ms": (imported - start) * 1000,
        "open_ms": (opened - imported) * 1000,
        "list_ms": (listed - opened) * 1000,
        "resumable_ms": (resumed - listed) * 1000,
        "maxrss_mb": peak_rss_mb(),
    }


def measure_history_json_in_process(path: Path) -> dict[str, float]:
    """`history_command(..., "json", ...)` to /dev/null, and peak memory."""
    start = time.perf_counter()
    from isoback_tui.cli.history import history_command

    with open(os.devnull, "w", encoding="utf-8") as sink:
        code = history_command(path, "json", sink, sys.stderr)
    assert code == 0
    return {
        "wall_ms": (time.perf_counter() - start) * 1000,
        "maxrss_mb": peak_rss_mb(),
    }


def _in_child(function: str, *args: str) -> dict[str, float]:
    """Run one of the measure_* functions above in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", function, *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def cli_available(path: Path) -> bool:
    """Whether `python -m isoback_tui history --json --db PATH` works here."""
    try:
        result = subprocess.run(
            [sys.executable, "-m", "isoback_tui", "history", "--json", "--db", str(path)],
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
            env=_child_env(),
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0 and result.stdout.lstrip().startswith("[")


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def time_history_json_cli(path: Path, runs: int = 3) -> float:
    """Median wall time of `python -m isoback_tui history --json`, in ms."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "isoback_tui", "history", "--json", "--db", str(path)],
            stdout=subprocess.DEVNULL,
            cwd=REPO_ROOT,
            env=_child_env(),
            check=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    """Run the benchmark and print the table; 1 when a budget is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,1000,10000")
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--dir", type=Path, default=None, help="where to build the histories")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        function, *rest = args.child
        if function == "measure_saves":
            print(json.dumps(measure_saves(Path(rest[0]), int(rest[1]))))
        else:
            print(json.dumps(globals()[function](Path(rest[0]))))
        return 0

    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="isoback-bench-", dir=args.dir))
    rows: list[dict[str, Any]] = []
    try:
        use_cli = None
        for size in sizes:
            path = work / f"h{size}" / "history.json"
            _in_child("measure_build", str(path))
            if use_cli is None:
                use_cli = cli_available(path)
            saves = _in_child("measure_saves", str(path), str(args.saves))
            opened = _in_child("measure_open", str(path))
            in_process = _in_child("measure_history_json_in_process", str(path))
            cli_ms = time_history_json_cli(path) if use_cli else None
            rows.append(
                {
                    "size": size,
                    "file_kb": path.stat().st_size / 1024,
                    **saves,
                    **{f"open_{k}": v for k, v in opened.items()},
                    **{f"json_{k}": v for k, v in in_process.items()},
                    "cli_ms": cli_ms,
                }
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(
        "| Sessions | File | Per-rep save (median / p90) | Finish (into history, peak memory) "
        "| Open (check + resumable) | History opens (list) | Peak memory (open + list) "
        "| `history --json` | Peak memory (`history --json`) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        cli = (
            f"{row['cli_ms']:.0f} ms"
            if row["cli_ms"] is not None
            else f"{row['json_wall_ms']:.0f} ms (in-process)"
        )
        print(
            f"| {row['size']:,} | {row['file_kb']:,.0f} KB "
            f"| {row['save_median_ms']:.2f} / {row['save_p90_ms']:.2f} ms "
            f"| {row['finish_ms']:.0f} ms, {row['finish_maxrss_mb']:.0f} MB "
            f"| {row['open_open_ms'] + row['open_resumable_ms']:.0f} ms "
            f"| {row['open_list_ms']:.0f} ms "
            f"| {row['open_maxrss_mb']:.0f} MB "
            f"| {cli} | {row['json_maxrss_mb']:.0f} MB |"
        )

    failures = []
    by_size = {row["size"]: row for row in rows}
    if 10 in by_size and 10000 in by_size:
        ratio = by_size[10000]["save_median_ms"] / by_size[10]["save_median_ms"]
        print(f"\nPer-rep save, 10,000 vs 10 sessions: {ratio:.2f}x (budget {SAVE_RATIO_BUDGET}x)")
        if ratio > SAVE_RATIO_BUDGET:
            failures.append("per-rep save grows with the history")
    if 10000 in by_size:
        row = by_size[10000]
        opens_s = row["open_list_ms"] / 1000
        if opens_s > OPEN_BUDGET_S:
            failures.append(f"history opens in {opens_s:.2f} s (budget {OPEN_BUDGET_S} s)")
        peak = max(row["open_maxrss_mb"], row["json_maxrss_mb"], row["finish_maxrss_mb"])
        if peak > MEMORY_BUDGET_MB:
            failures.append(f"peak memory {peak:.0f} MB (budget {MEMORY_BUDGET_MB:.0f} MB)")
    for failure in failures:
        print(f"OVER BUDGET: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
