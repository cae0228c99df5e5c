"""Start-up: isoback's drawn home screen against a minimal Textual app's first frame.

Both run under a real 80x24 pseudo-terminal in the same run, alternating,
several times; the time is from spawn until a known text appears on the
screen. Budget (PRODUCT.md section 6): isoback within 1.3x the minimal app.

    python bench/bench_startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_live import isoback_command  # noqa: E402
from ptyrun import PtyProcess, terminal_env  # noqa: E402

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("minimal-ready")

Minimal().run()
"""


def time_to_text(argv: list[str], needle: bytes, env: dict[str, str]) -> float:
    """Seconds from spawn until `needle` is on the screen."""
    process = PtyProcess.spawn(argv, env=env)
    try:
        seconds = process.wait_for(needle, timeout=30)
    finally:
        process.stop()
    if seconds is None:
        raise SystemExit(f"{argv[0]} never drew {needle!r}")
    return seconds


def main() -> int:
    """Alternate the two apps, print medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="isoback-bench-"))
    env = terminal_env(home)
    minimal_script = home / "minimal_app.py"
    minimal_script.write_text(MINIMAL_APP)
    minimal, isoback = [], []
    try:
        for _ in range(args.runs):
            minimal.append(
                time_to_text([sys.executable, str(minimal_script)], b"minimal-ready", env)
            )
            isoback.append(time_to_text(isoback_command(), b"Low-back isometrics", env))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    m, i = statistics.median(minimal), statistics.median(isoback)
    print(f"| start-up, minimal Textual app (median of {args.runs}) | - | {m * 1000:.0f} ms |")
    print(f"| start-up, isoback home drawn (median of {args.runs}) | <= 1.3x | {i * 1000:.0f} ms |")
    print(f"| start-up ratio | <= 1.30 | {i / m:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
