"""The three shapes of `isoback history`: a plain-text table, JSON and CSV.

All take sessions newest first and write to a text stream. JSON is exactly
PRODUCT.md section 4 (`json.dumps(..., indent=2, ensure_ascii=False)` of
each record's `to_dict()`, with DEL, C1 and bidi controls also escaped as
`\\uXXXX`), written one session at a time straight from the record: the
standard library falls back to its pure-Python encoder whenever `indent` is
set, and on 10,000 sessions that takes seconds. The table and the CSV show text
from files and people through the one sanitiser, `core.text.clean`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from json.encoder import encode_basestring
from typing import Any, Final, TextIO

from isoback_tui.core.formatting import (
    format_duration,
    format_pain,
    format_started,
    format_status,
)
from isoback_tui.core.record import SessionRecord
from isoback_tui.core.text import cells, clean, escape_json, shorten, spreadsheet_cell

TABLE_HEADER: Final = ("Date", "Routine", "Reps", "Hold", "Duration", "Pain", "Status")

CSV_COLUMNS: Final = (
    "id",
    "routine_id",
    "routine_name",
    "started_at",
    "ended_at",
    "status",
    "params.reps",
    "params.sets",
    "params.hold_s",
    "params.relax_s",
    "params.rest_s",
    "reps_done",
    "reps_skipped",
    "reps_planned",
    "hold_s_total",
    "paused_s",
    "duration_s",
    "pain_before",
    "pain_after",
    "note",
    "exercises",
)

_INF: Final = float("inf")
TABLE_CELL_MAX: Final = 40
"""A table cell longer than this many terminal cells is cut, ending in an ellipsis."""

# A spreadsheet takes a cell starting with one of these for a formula (OWASP, CSV injection).


def write_json(records: Sequence[SessionRecord], out: TextIO) -> None:
    """The JSON array of section 4, newest first, with a final newline."""
    write_elements((escape_json(session_element(record)) for record in records), out)
    out.write("\n")


def write_csv(records: Sequence[SessionRecord], out: TextIO) -> None:
    """One row per session under a header row; `exercises` is a compact JSON column.

    Text is cleaned like everywhere else (line breaks stay data; the csv
    module quotes them), so a CSV printed to a terminal can't restyle it. A
    cell that a spreadsheet would run as a formula (it starts with `=`, `+`,
    `-`, `@`, a tab or a line break, after any spaces) is written with a `'`
    in front, as OWASP's CSV-injection advice says.
    """
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        data = record.to_dict()
        params = data["params"]
        row: list[object] = []
        for column in CSV_COLUMNS:
            if column.startswith("params."):
                value = params[column.removeprefix("params.")]
            elif column == "exercises":
                value = json.dumps(data["exercises"], ensure_ascii=False, separators=(",", ":"))
            else:
                value = data[column]
            if isinstance(value, str):
                value = spreadsheet_cell(value)
            row.append("" if value is None else value)
        writer.writerow(row)


def write_table(records: Sequence[SessionRecord], out: TextIO) -> None:
    """A plain-text table for people; text from files and people is shown literally."""
    if not records:
        out.write("No sessions yet.\n")
        return
    rows = [TABLE_HEADER] + [_table_row(record) for record in records]
    widths = [max(cells(row[i]) for row in rows) for i in range(len(TABLE_HEADER))]
    for row in rows:
        padded = [cell + " " * (widths[i] - cells(cell)) for i, cell in enumerate(row)]
        out.write("  ".join(padded).rstrip() + "\n")


def _table_row(record: SessionRecord) -> tuple[str, ...]:
    row = (
        format_started(record.started_at),
        clean(record.routine_name),
        f"{record.reps_done}/{record.reps_planned}",
        format_duration(record.hold_s_total),
        format_duration(record.duration_s),
        format_pain(record.pain_before, record.pain_after),
        format_status(record.status),
    )
    return tuple(shorten(cell, TABLE_CELL_MAX) for cell in row)


def write_elements(elements: Iterable[str], out: TextIO) -> None:
    """Write a JSON array whose elements are already encoded one level deep."""
    sep = "[\n  "
    for element in elements:
        out.write(sep)
        out.write(element)
        sep = ",\n  "
    out.write("[]" if sep == "[\n  " else "\n]")


def session_element(record: SessionRecord) -> str:
    """`record.to_dict()` as an element of `json.dumps([...], indent=2, ensure_ascii=False)`.

    `history --json` writes 10,000 of these; building the text straight from
    the record takes less time than `to_dict` alone, which orjson would need
    first (0.33 s against 0.54 s for to_dict plus orjson, 10,000 sessions).
    `tests/cli/test_formats.py` checks the result against the standard
    library on arbitrary records, so a change to `to_dict` that this misses
    fails there.
    """
    enc = encode_basestring
    exercises = []
    for exercise in record.exercises:
        sets = ",\n".join(
            f'          {{\n            "reps_done": {_count(one.reps_done)},'
            f'\n            "reps_skipped": {_count(one.reps_skipped)}\n          }}'
            for one in exercise.sets
        )
        sets_text = f"[\n{sets}\n        ]" if sets else "[]"
        exercises.append(
            f'      {{\n        "id": {enc(exercise.id)},\n        "name": {enc(exercise.name)},'
            f'\n        "sets": {sets_text}\n      }}'
        )
    exercises_text = "[\n" + ",\n".join(exercises) + "\n    ]" if exercises else "[]"
    params = record.params
    ended = "null" if record.ended_at is None else enc(record.ended_at.isoformat())
    return (
        f'{{\n    "id": {enc(record.id)},'
        f'\n    "routine_id": {enc(record.routine_id)},'
        f'\n    "routine_name": {enc(record.routine_name)},'
        f'\n    "started_at": {enc(record.started_at.isoformat())},'
        f'\n    "ended_at": {ended},'
        f'\n    "status": {enc(record.status)},'
        f'\n    "params": {{\n      "reps": {_scalar(params.reps)},'
        f'\n      "sets": {_scalar(params.sets)},'
        f'\n      "hold_s": {_scalar(params.hold_s)},'
        f'\n      "relax_s": {_scalar(params.relax_s)},'
        f'\n      "rest_s": {_scalar(params.rest_s)}\n    }},'
        f'\n    "exercises": {exercises_text},'
        f'\n    "reps_done": {_scalar(record.reps_done)},'
        f'\n    "reps_skipped": {_scalar(record.reps_skipped)},'
        f'\n    "reps_planned": {_scalar(record.reps_planned)},'
        f'\n    "hold_s_total": {_scalar(round(record.hold_s_total, 3))},'
        f'\n    "paused_s": {_scalar(round(record.paused_s, 3))},'
        f'\n    "duration_s": {_scalar(round(record.duration_s, 3))},'
        f'\n    "pain_before": {_scalar(record.pain_before)},'
        f'\n    "pain_after": {_scalar(record.pain_after)},'
        f'\n    "note": {enc(record.note)}\n  }}'
    )


def _count(value: int) -> str:
    return int.__repr__(value) if type(value) is int else _scalar(value)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return str(encode_basestring(value))
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value == _INF:
            return "Infinity"
        if value == -_INF:
            return "-Infinity"
        return float.__repr__(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
