"""Live session cost and timing, measured on the installed app under a real terminal.

Runs `isoback start` at 80x24 on a pseudo-terminal, lets it warm up, then
measures over a window: bytes written to the terminal per second, the share
of one CPU core the app used, and how far each bell (a HOLD or RELAX start)
landed from its ideal time. Budgets (PRODUCT.md section 6): at most 1 KB/s
at 80x24 (2 KB/s at 160x50, where the countdown is twice as big), at most 2%
of a core, every phase boundary within 50 ms, no drift.

    python bench/bench_live.py [--seconds 60] [--warmup 8] [--cols 80 --rows 24]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ptyrun import PtyProcess, scan_bells, terminal_env  # noqa: E402

HOLD_S = 5.0
RELAX_S = 3.0


def isoback_command() -> list[str]:
    """The installed console script next to this Python, else `python -m isoback_tui`."""
    script = Path(sys.executable).with_name("isoback")
    return [str(script)] if script.exists() else [sys.executable, "-m", "isoback_tui"]


def bell_offsets(process: PtyProcess) -> list[float]:
    """Arrival times of each real bell (a BEL that ends an OSC string is not one)."""
    return scan_bells(process.chunks).bells


def ideal_bell_times(first: float, count: int) -> list[float]:
    """HOLD at 0, RELAX at 5, HOLD at 8, RELAX at 13, ... within one set."""
    times = []
    t = first
    for i in range(count):
        times.append(t)
        t += HOLD_S if i % 2 == 0 else RELAX_S
    return times


def main() -> int:
    """Run the measurement and print a markdown table row set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=8.0)
    parser.add_argument("--cols", type=int, default=80)
    parser.add_argument("--rows", type=int, default=24)
    parser.add_argument(
        "--truecolor",
        action="store_true",
        help="set COLORTERM=truecolor (a local terminal); by default only TERM is set, "
        "as over SSH, which sends TERM but not COLORTERM",
    )
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="isoback-bench-"))
    env = terminal_env(home, **({"COLORTERM": "truecolor"} if args.truecolor else {}))
    # one long set, so the window holds only HOLD/RELAX and the bells are regular
    argv = [
        *isoback_command(),
        "start",
        "lowback-isometrics",
        "--reps",
        "200",
        "--no-countdown",
        "--no-pain",
    ]
    process = PtyProcess.spawn(argv, cols=args.cols, rows=args.rows, env=env)
    try:
        if process.wait_for(b"HOLD", timeout=20) is None:
            print("the live screen never appeared", file=sys.stderr)
            print(b"".join(c for _, c in process.chunks)[-2000:].decode(errors="replace"))
            return 1
        process.pump(args.warmup)
        window_start = time.monotonic()
        cpu_start = process.cpu_seconds()
        process.pump(args.seconds)
        window_end = time.monotonic()
        cpu_used = process.cpu_seconds() - cpu_start
    finally:
        process.stop()
        shutil.rmtree(home, ignore_errors=True)

    span = window_end - window_start
    written = process.bytes_between(window_start, window_end)
    bells = bell_offsets(process)
    ideal = ideal_bell_times(bells[0], len(bells)) if bells else []
    errors_ms = [abs(a - b) * 1000 for a, b in zip(bells, ideal, strict=True)]
    drift_ms = (bells[-1] - ideal[-1]) * 1000 if bells else float("nan")
    colours = "24-bit colour" if args.truecolor else "256 colours, as over SSH"
    budget = 1024 if args.cols * args.rows <= 80 * 24 else 2048
    print(
        f"| live screen bytes/s at {args.cols}x{args.rows}, {colours} | <= {budget} | "
        f"{written / span:.0f} |"
    )
    print(f"| live screen CPU share of one core | <= 2% | {100 * cpu_used / span:.2f}% |")
    if errors_ms:
        print(
            f"| bell vs ideal time, worst of {len(bells)} (last: drift) | <= 50 ms | "
            f"{max(errors_ms):.1f} ms (drift {drift_ms:+.1f} ms) |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
