"""The bounds every number and name in isoback stays within.

Generous limits that keep a plan a sane size (a typo like 15000 reps is
refused) and keep text from files short enough to show. Routine files are
checked against them when loaded, so every session the app writes is within
them too; `isoback import` holds the sessions it reads to the same bounds.
"""

from __future__ import annotations

from typing import Final

MAX_REPS: Final = 500
MAX_SETS: Final = 50
MAX_SECONDS: Final = 3600
"""Longest hold, relax or rest, in seconds (an hour)."""
MAX_EXERCISES: Final = 100
MAX_NAME_CHARS: Final = 200
"""Longest id or name of a routine or an exercise."""
MAX_NOTE_CHARS: Final = 2000
"""Longest note an imported session may carry (the summary's field takes fewer)."""
MAX_SESSION_S: Final = 366 * 24 * 3600
"""Longest time a session's totals (duration, pauses, holds) may add up to: a year."""
