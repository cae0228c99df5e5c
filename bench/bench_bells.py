"""The bells over a real terminal: each pattern's BELs arrive apart, a person can count them.

Runs `isoback start` on a pseudo-terminal with a short routine of its own
(one exercise, 2 reps, 2 sets, half-second steps), reads every byte the app
writes, and finds the real bells: BEL bytes outside escape strings, so the
BEL that ends Textual's OSC sequences (e.g. the pointer shape, `ESC ] 22 ;
default BEL`) is not counted. Bells close together belong to one
pattern (GROUP_WITHIN_S). Prints the patterns heard, the smallest gap between two bells of
one pattern, and how many string-ending BELs were told apart.

    python bench/bench_bells.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ptyrun import PtyProcess, scan_bells, terminal_env  # noqa: E402

GROUP_WITHIN_S = 0.45  # bells of one pattern come 0.35 s apart; patterns here >= 0.55 s
AUDIBLE_GAP_S = 0.15  # two bells closer than this blur into one sound

ROUTINE_TOML = """
id = "bell-check"
name = "Bell check"

[defaults]
reps = {reps}
sets = {sets}
hold_s = {step_s}
relax_s = {step_s}
rest_s = {rest_s}

[[exercises]]
id = "squeeze"
name = "Squeeze"
cue = "Knees together."
"""


@dataclass(frozen=True)
class BellReport:
    """What a person at the terminal would have heard."""

    patterns: list[int]  # bells per pattern, in order
    min_gap_in_pattern_s: float | None  # the closest two bells of one pattern came
    max_gap_in_pattern_s: float | None
    string_bels: int  # BELs that ended an escape string, rightly not counted
    finished: bool  # the summary appeared


def isoback_command() -> list[str]:
    """The installed console script next to this Python, else `python -m isoback_tui`."""
    script = Path(sys.executable).with_name("isoback")
    return [str(script)] if script.exists() else [sys.executable, "-m", "isoback_tui"]


def group(times: list[float], within_s: float = GROUP_WITHIN_S) -> list[list[float]]:
    """Bell times split into patterns: a bell within `within_s` of the last one joins it."""
    patterns: list[list[float]] = []
    for at in times:
        if patterns and at - patterns[-1][-1] <= within_s:
            patterns[-1].append(at)
        else:
            patterns.append([at])
    return patterns


def measure(
    reps: int = 2,
    sets: int = 2,
    step_s: float = 0.6,
    rest_s: float = 0.9,
    timeout: float = 30,
    within_s: float = GROUP_WITHIN_S,
) -> BellReport:
    """Run one short session on a pty and report the bells it rang."""
    home = Path(tempfile.mkdtemp(prefix="isoback-bells-"))
    try:
        routines = home / "config" / "isoback" / "routines"
        routines.mkdir(parents=True)
        toml = ROUTINE_TOML.format(reps=reps, sets=sets, step_s=step_s, rest_s=rest_s)
        (routines / "bell-check.toml").write_text(toml)
        argv = [
            *isoback_command(),
            "--db",
            str(home / "history.json"),
            "start",
            "bell-check",
            "--no-countdown",
            "--no-pain",
        ]
        process = PtyProcess.spawn(argv, cols=80, rows=24, env=terminal_env(home))
        try:
            finished = process.wait_for(b"Session complete", timeout=timeout) is not None
            process.pump(max(1.0, 3 * within_s))  # the last pattern's later bells
        finally:
            process.stop()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    scan = scan_bells(process.chunks)
    patterns = group(scan.bells, within_s)
    gaps = [b - a for p in patterns for a, b in zip(p, p[1:], strict=False)]
    return BellReport(
        patterns=[len(p) for p in patterns],
        min_gap_in_pattern_s=min(gaps) if gaps else None,
        max_gap_in_pattern_s=max(gaps) if gaps else None,
        string_bels=scan.string_bels,
        finished=finished,
    )


def main() -> int:
    """Measure and print markdown table rows."""
    report = measure()
    print(
        f"| bell patterns over one session (1 hold, 1 relax, 2 rest, 3 done) | "
        f"1 1 1 2 1 1 1 3 | {' '.join(map(str, report.patterns))} |"
    )
    low, high = report.min_gap_in_pattern_s, report.max_gap_in_pattern_s
    if low is not None and high is not None:
        print(
            "| gap between bells of one pattern, separate BEL bytes | "
            f">= {AUDIBLE_GAP_S * 1000:.0f} ms | {low * 1000:.0f}-{high * 1000:.0f} ms |"
        )
    print(f"| BELs ending Textual's OSC strings, not counted as bells | - | {report.string_bels} |")
    return 0 if report.finished else 1


if __name__ == "__main__":
    sys.exit(main())
