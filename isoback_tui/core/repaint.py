"""When the live screen next needs to repaint: at the next change a person can see.

Polling many times a second costs bytes and CPU over SSH; instead the screen
asks this module how long until the countdown's number changes, the bar
gains a visible sliver, or the phase ends, and sleeps until then.
"""

from __future__ import annotations

import math

from isoback_tui.core.engine import EngineState

# A repaint lands just after its moment, never just before it.
LATE_BY_S = 0.002


def shown_seconds(seconds_left: float) -> int:
    """The whole number the countdown shows: 5, 4, 3, 2, 1 for a 5-second hold."""
    return max(0, math.ceil(seconds_left - 1e-9))


def seconds_until_next_repaint(
    state: EngineState, now: float, bar_eighths: int, min_bar_gap_s: float
) -> float | None:
    """Seconds until the next visible change, or None while nothing moves.

    `bar_eighths` is the bar's resolution (cells x 8); bar repaints come at
    most once every `min_bar_gap_s`, while the countdown's number and the
    phase boundary are always met on time.
    """
    if state.next_boundary_at is None:
        return None
    due = [max(0.0, state.next_boundary_at - now)]
    left = state.seconds_left
    shown = shown_seconds(left)
    if shown > 1:
        due.append(left - (shown - 1))
    duration = state.phase_duration_s
    if bar_eighths > 0 and duration > 0:
        drawn = math.floor(state.phase_fraction * bar_eighths + 1e-9)
        next_fraction = (drawn + 1) / bar_eighths
        until_bar = (next_fraction - state.phase_fraction) * duration
        due.append(max(min_bar_gap_s, until_bar))
    return min(due) + LATE_BY_S
