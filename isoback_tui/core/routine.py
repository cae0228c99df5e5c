"""Routines and their exercises, as loaded from TOML (PRODUCT.md section 2).

The built-in routines are TOML files shipped in the package and go through
the same loader as the user's own files in `<config dir>/routines/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

BUILT_IN: Final = "built-in"


@dataclass(frozen=True)
class Defaults:
    """Routine-wide numbers; each exercise falls back to these."""

    reps: int = 15
    sets: int = 3
    hold_s: float = 5
    relax_s: float = 3
    rest_s: float = 20


@dataclass(frozen=True)
class Exercise:
    """One isometric exercise, with its effective numbers filled in."""

    id: str
    name: str
    cue: str
    reps: int
    sets: int
    hold_s: float
    relax_s: float
    steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Routine:
    """A named series of exercises, done in order, each for all its sets."""

    id: str
    name: str
    defaults: Defaults
    exercises: tuple[Exercise, ...]
    level: str = ""
    targets: tuple[str, ...] = ()
    description: str = ""
    position: tuple[str, ...] = ()
    source: str = BUILT_IN
