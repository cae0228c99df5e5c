"""`isoback routines`: the routines as a tab-separated list or as JSON (PRODUCT.md section 4)."""

from __future__ import annotations

import json
import math
from typing import TextIO

from isoback_tui.console import say, write_output
from isoback_tui.core.plan import build_plan
from isoback_tui.core.routine import Routine, load_routines
from isoback_tui.core.text import clean, escape_json, shorten
from isoback_tui.paths import user_routines_dir


def routine_to_json(routine: Routine) -> dict[str, object]:
    """One routine as `routines --json` prints it, every number filled in."""
    d = routine.defaults
    return {
        "id": routine.id,
        "name": routine.name,
        "level": routine.level,
        "targets": list(routine.targets),
        "description": routine.description,
        "source": routine.source,
        "defaults": {
            "reps": d.reps,
            "sets": d.sets,
            "hold_s": d.hold_s,
            "relax_s": d.relax_s,
            "rest_s": d.rest_s,
        },
        "exercises": [
            {
                "id": e.id,
                "name": e.name,
                "cue": e.cue,
                "reps": e.reps,
                "sets": e.sets,
                "hold_s": e.hold_s,
                "relax_s": e.relax_s,
            }
            for e in routine.exercises
        ],
    }


def _minutes(seconds: float) -> str:
    return f"{math.ceil(seconds / 60)} min"


def routines_command(as_json: bool, out: TextIO, err: TextIO) -> int:
    """List the routines; a bad user file is named on stderr and the rest still list.

    Text from routine files is printed through the one sanitiser (the JSON
    keeps it exact, with control characters as `\\u` escapes); long names
    are cut with an ellipsis.
    """
    routines, problems = load_routines(user_routines_dir())
    for problem in problems:
        say(err, problem, prefix="skipped ")
    if as_json:
        text = json.dumps([routine_to_json(r) for r in routines], indent=2, ensure_ascii=False)
        return write_output(lambda stream: stream.write(escape_json(text) + "\n"), out, err)

    def write_table(stream: TextIO) -> None:
        for routine in routines:
            d = routine.defaults
            plan = build_plan(routine)
            name, level = (shorten(clean(text), 60) for text in (routine.name, routine.level))
            stream.write(
                f"{shorten(clean(routine.id), 60)}\t{name}\t{level or '-'}\t"
                f"{len(routine.exercises)} exercises, {d.sets} x {d.reps} x {d.hold_s:g} s hold, "
                f"about {_minutes(plan.duration_s)}\n"
            )

    return write_output(write_table, out, err)
