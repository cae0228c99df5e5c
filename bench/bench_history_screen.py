"""Benchmark opening the history screen on a real history file of 10 to 10,000 sessions.

    python bench/bench_history_screen.py [--sizes 10,1000,10000] [--runs 5] [--size 80x24]

For each size it builds a history file with the store (the realistic
sessions of bench_store.py), then, in a fresh process per size, runs a
headless app with the store already open (as the app has it) and times,
for several openings: `push_screen(HistoryScreen(store))` until the screen
has been laid out and drawn with its rows (store read, stats, first page of
rows, first frame). The median and worst opening are reported against the
budget of PRODUCT.md section 6: the history opens in at most 0.5 s with
10,000 sessions. Exit status 1 if the budget is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path, PurePath

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from bench.bench_store import OPEN_BUDGET_S, build_history  # noqa: E402


def measure(path: Path, runs: int, width: int, height: int) -> dict[str, float]:
    """Open the history screen `runs` times on `path`; seconds to each first frame with rows.

    A frame counts when the app hands it to the display; headless apps skip
    writing it, so the bench encodes it to terminal bytes itself, as a real
    terminal would need.
    """
    from textual.app import App
    from textual.screen import Screen

    from isoback_tui.paths import stylesheets
    from isoback_tui.screens.history import HistoryScreen
    from isoback_tui.store import HistoryStore

    store = HistoryStore.open(path)
    times: list[float] = []
    rows: list[int] = []

    class Bench(App[None]):
        ENABLE_COMMAND_PALETTE = False
        frame_with_rows: asyncio.Future[float] | None = None

        def _display(self, screen: Screen[object], renderable: object) -> None:
            super()._display(screen, renderable)  # type: ignore[arg-type]
            waiting = self.frame_with_rows
            if (
                waiting is not None
                and not waiting.done()
                and renderable is not None
                and isinstance(screen, HistoryScreen)
                and screen.table.row_count > 0
            ):
                render = getattr(renderable, "render_segments", None)
                if render is not None:
                    render(self.console)
                waiting.set_result(time.perf_counter())

    async def run() -> None:
        sheets: list[str | PurePath] = [*stylesheets()]
        app = Bench(css_path=sheets)
        async with app.run_test(size=(width, height)) as pilot:
            await pilot.pause()
            for _ in range(runs):
                app.frame_with_rows = asyncio.get_running_loop().create_future()
                start = time.perf_counter()
                screen = HistoryScreen(store, today=date(2030, 1, 1))
                app.push_screen(screen)
                drawn_at = await app.frame_with_rows
                times.append(drawn_at - start)
                rows.append(screen.table.row_count)
                await pilot.pause()
                await app.pop_screen()
                await pilot.pause()

    asyncio.run(run())
    store.close()
    return {
        "median_s": statistics.median(times),
        "worst_s": max(times),
        "first_s": times[0],
        "rows": float(rows[-1]),
    }


def main() -> int:
    """Build each history, measure it in its own process, print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", default="80x24", help="terminal size, COLSxROWS")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    if args.measure:
        print(json.dumps(measure(args.measure, args.runs, width, height)))
        return 0
    failed = False
    print(
        "| sessions | rows drawn | first open | median open | worst open "
        f"| budget {OPEN_BUDGET_S} s |"
    )
    print("|---:|---:|---:|---:|---:|:--|")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(folder) / f"history-{size}.json"
            build_history(path, size)
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--measure",
                    str(path),
                    "--runs",
                    str(args.runs),
                    "--size",
                    args.size,
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            result = json.loads(out.strip().splitlines()[-1])
            ok = result["worst_s"] <= OPEN_BUDGET_S
            failed |= not ok
            print(
                f"| {size:,} | {int(result['rows']):,} | {result['first_s']:.3f} s "
                f"| {result['median_s']:.3f} s | {result['worst_s']:.3f} s "
                f"| {'ok' if ok else 'MISSED'} |"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
