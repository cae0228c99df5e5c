"""The bells over a real pseudo-terminal (bench/bench_bells.py), and the BEL scanner it uses.

The pty test runs the installed app for about three seconds: one exercise,
one rep, two sets, so it hears a hold (1), a rest (2), a hold (1) and the
end (3), each bell as its own BEL byte, a gap a person can hear apart.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from bench_bells import AUDIBLE_GAP_S, measure  # noqa: E402
from ptyrun import scan_bells  # noqa: E402


def test_osc_strings_ending_in_bel_are_not_bells() -> None:
    chunks = [
        (1.0, b"\x1b]22;default\x07text\x07"),  # Textual's pointer shape, then a bell
        (2.0, b"\x1b]0;a title"),  # an OSC split across two writes
        (3.0, b" still the title\x07\x1b[31mred\x1b[0m"),
        (4.0, b"\x1bP1$r0m\x1b\\\x07\x07"),  # a DCS ended by ST, then two bells
        (5.0, b"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"),  # hyperlinks end with ST
    ]
    scan = scan_bells(chunks)
    assert scan.bells == [1.0, 4.0, 4.0]
    assert scan.string_bels == 2


def test_each_pattern_rings_as_separate_bells_a_gap_apart() -> None:
    # patterns far apart (2 s) and a wide grouping window (1 s, bells of a pattern
    # come 0.35 s apart): a loaded machine that delays a bell can't split a pattern
    report = measure(reps=1, sets=2, step_s=2.0, rest_s=2.0, timeout=30, within_s=1.0)
    assert report.finished
    assert report.patterns == [1, 2, 1, 3]  # hold, rest, hold, session complete
    assert report.min_gap_in_pattern_s is not None
    assert report.min_gap_in_pattern_s >= AUDIBLE_GAP_S
    assert report.string_bels >= 1  # Textual did write an OSC ending in BEL, told apart
