"""What a person hears at each change of phase: the bell pattern, in one table, and the words.

PRODUCT.md section 3: one bell when a hold starts, one when a hold ends and
a relax starts, two when a hold ends a set (a rest starts), three when the
session is complete. Nothing else rings: not the get-ready count, not a key,
not a pause, not a session ended early. `BELLS` is the only place that says
so; the live screen and the tests read it.

The spoken words (PRODUCT.md section 3, optional) are written for someone
lying on the floor with their eyes closed: short, the phase first, the
exercise named when it changes, the set when a rest leads into one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from types import MappingProxyType
from typing import Final

from isoback_tui.core.engine import EngineEvent, EngineState, EventKind, Phase


class Cue(Enum):
    """A change of phase a person is told about, by bells and, if chosen, by voice."""

    HOLD = "hold starts"
    RELAX = "relax starts"
    REST = "rest starts"
    DONE = "session complete"


BELLS: Final[Mapping[Cue, int]] = MappingProxyType(
    {Cue.HOLD: 1, Cue.RELAX: 1, Cue.REST: 2, Cue.DONE: 3}
)
"""How many bells each cue rings. The one table of the pattern."""

BELL_GAP_S: Final = 0.35
"""Time between the bells of one pattern, so two or three are heard as separate rings."""

_CUE_OF_PHASE: Final = {Phase.HOLD: Cue.HOLD, Phase.RELAX: Cue.RELAX, Phase.REST: Cue.REST}


def cue_for(events: Iterable[EngineEvent], *, completed: bool) -> Cue | None:
    """The one cue for what just happened, or None when nothing is told.

    When several phases passed at once (a skip, a late wake-up), only the
    phase the person is in now is told. A finished session is told only when
    it was completed (`completed`), not when it was ended early.
    """
    cue: Cue | None = None
    for event in events:
        if event.kind is EventKind.FINISHED:
            cue = Cue.DONE if completed else None
        elif event.kind is EventKind.PHASE_STARTED and event.phase is not None:
            cue = _CUE_OF_PHASE.get(event.phase)
    return cue


def bells_for(cue: Cue | None) -> int:
    """How many bells to ring for `cue` (none for None)."""
    return 0 if cue is None else BELLS[cue]


def spoken_words(cue: Cue, state: EngineState, *, new_exercise: bool) -> str:
    """What the voice says for `cue`, given where the session is now.

    `new_exercise` is true when this hold is the first of an exercise the
    voice has not named yet, so a person hears which one to do.
    """
    if cue is Cue.DONE:
        return "All done. Well done."
    if cue is Cue.RELAX:
        return "Relax."
    if cue is Cue.REST:
        return (
            f"Rest. Next up: {state.exercise.name}, set {state.set_index + 1} of {state.set_count}."
        )
    if new_exercise:
        return f"{state.exercise.name}. Hold."
    return "Hold."


def get_ready_words(state: EngineState) -> str:
    """What the voice says as the get-ready count begins (no bell rings then)."""
    return f"Get into position for {state.exercise.name}."


__all__ = [
    "BELLS",
    "BELL_GAP_S",
    "Cue",
    "bells_for",
    "cue_for",
    "get_ready_words",
    "spoken_words",
]
