"""The three shapes of `isoback history`: a plain-text table, JSON and CSV.

All take sessions newest first and write to a text stream. JSON is exactly
PRODUCT.md section 4 (`json.dumps(..., indent=2, ensure_ascii=False)` of
each record's `to_dict()`), written one session at a time.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Sequence
from typing import Final, TextIO

from isoback_tui.core.formatting import (
    format_duration,
    format_pain,
    format_started,
    format_status,
)
from isoback_tui.core.record import SessionRecord
from isoback_tui.store.jsonout import session_element, write_elements

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

# C0 and C1 controls, DEL, and the bidi controls that can reorder a line.
_UNSAFE: Final = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# The same, but line breaks and tabs are data in a CSV cell (the csv module quotes them).
_UNSAFE_IN_CELL: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def write_json(records: Sequence[SessionRecord], out: TextIO) -> None:
    """The JSON array of section 4, newest first, with a final newline."""
    write_elements((session_element(record) for record in records), out)
    out.write("\n")


def write_csv(records: Sequence[SessionRecord], out: TextIO) -> None:
    """One row per session under a header row; `exercises` is a compact JSON column.

    Control characters other than line breaks and tabs are written as
    escapes (`\\x1b`), so a CSV printed to a terminal can't restyle it.
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
                value = _UNSAFE_IN_CELL.sub(_escape, value)
            row.append("" if value is None else value)
        writer.writerow(row)


def write_table(records: Sequence[SessionRecord], out: TextIO) -> None:
    """A plain-text table for people; text from files and people is shown literally."""
    if not records:
        out.write("No sessions yet.\n")
        return
    rows = [TABLE_HEADER] + [_table_row(record) for record in records]
    widths = [max(_cells(row[i]) for row in rows) for i in range(len(TABLE_HEADER))]
    for row in rows:
        cells = [cell + " " * (widths[i] - _cells(cell)) for i, cell in enumerate(row)]
        out.write("  ".join(cells).rstrip() + "\n")


def literal(text: str) -> str:
    """`text` with control characters made visible, so it can't restyle or break a terminal."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def _table_row(record: SessionRecord) -> tuple[str, ...]:
    return (
        format_started(record.started_at),
        literal(record.routine_name),
        f"{record.reps_done}/{record.reps_planned}",
        format_duration(record.hold_s_total),
        format_duration(record.duration_s),
        format_pain(record.pain_before, record.pain_after),
        format_status(record.status),
    )


def _cells(text: str) -> int:
    """Terminal cells `text` takes: wide characters count two, combining marks none."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width
