"""The table of past sessions: one row a session, newest first, fitted to the width.

`HistoryTable` shows a list of records that its screen owns. It adds rows a
page at a time as the cursor nears the end (a DataTable with 10,000 rows
takes about a second to build), chooses which columns fit the width (date,
reps and status always stay), and says what the user wants with messages:
it never deletes anything itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Final

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.message import Message
from textual.widgets import DataTable

from isoback_tui.core.formatting import (
    format_day,
    format_duration,
    format_pain,
    format_reps,
    format_started,
    format_status,
)
from isoback_tui.core.record import SessionRecord
from isoback_tui.widgets.text import clean

PAGE_SIZE: Final = 100
"""Rows added to the table at a time (a tall terminal shows 50; more would only cost time)."""

LOOKAHEAD: Final = 20
"""The next page is added when the cursor comes this close to the last row."""

SLOW_LOAD_ROWS: Final = 2000
"""Past this many rows, loading them all is slow enough to say so first."""

CELL_PADDING: Final = 1
ROUTINE_MIN_WIDTH: Final = 8
ROUTINE_MAX_WIDTH: Final = 32


@dataclass(frozen=True)
class ColumnSpec:
    """One column the table can show: its key, header and how its cells are aligned."""

    key: str
    label: str
    right_aligned: bool = False


DATE = ColumnSpec("date", "Date")
ROUTINE = ColumnSpec("routine", "Routine")
REPS = ColumnSpec("reps", "Reps", right_aligned=True)
HOLD = ColumnSpec("hold", "Hold", right_aligned=True)
DURATION = ColumnSpec("duration", "Duration", right_aligned=True)
PAIN = ColumnSpec("pain", "Pain")
STATUS = ColumnSpec("status", "Status")

ALL_COLUMNS: Final = (DATE, ROUTINE, REPS, HOLD, DURATION, PAIN, STATUS)
DROP_ORDER: Final = ("hold", "pain", "duration", "routine")
"""Columns given up, first to last, when the table is too narrow for all of them."""


@dataclass(frozen=True)
class ColumnLayout:
    """Which columns are shown and how wide each one's text is."""

    widths: tuple[tuple[str, int], ...]
    short_date: bool

    @property
    def keys(self) -> tuple[str, ...]:
        """The shown columns' keys, left to right."""
        return tuple(key for key, _width in self.widths)


def row_cells(record: SessionRecord) -> dict[str, str]:
    """Every cell a session can show, as plain text (the routine name made safe)."""
    return {
        "date": format_started(record.started_at),
        "day": format_day(record.started_at),
        "routine": clean(record.routine_name),
        "reps": format_reps(record.reps_done, record.reps_planned),
        "hold": format_duration(record.hold_s_total),
        "duration": format_duration(record.duration_s),
        "pain": format_pain(record.pain_before, record.pain_after),
        "status": format_status(record.status),
    }


def natural_widths(rows: Sequence[dict[str, str]]) -> dict[str, int]:
    """The width each column needs to show `rows` and its header in full."""
    widths = {spec.key: cell_len(spec.label) for spec in ALL_COLUMNS}
    widths["day"] = cell_len(DATE.label)
    for cells in rows:
        for key, text in cells.items():
            width = cell_len(text)
            if width > widths[key]:
                widths[key] = width
    widths["routine"] = min(widths["routine"], ROUTINE_MAX_WIDTH)
    return widths


def fit_columns(available: int, natural: dict[str, int]) -> ColumnLayout:
    """The columns that fit in `available` cells, dropping the least needed first.

    The routine column shrinks (down to ROUTINE_MIN_WIDTH, its names cut with
    an ellipsis) before anything is dropped; then hold, pain, duration and
    routine go in that order; last, the date loses its time of day. Date,
    reps and status are always kept, even when they do not fit.
    """
    pad = 2 * CELL_PADDING
    shown = [spec.key for spec in ALL_COLUMNS]
    widths = dict(natural)

    def total(short_date: bool) -> int:
        return sum(widths["day" if key == "date" and short_date else key] + pad for key in shown)

    short_date = False
    for dropping in (*DROP_ORDER, None):
        overflow = total(short_date) - available
        if overflow <= 0:
            break
        if "routine" in shown and widths["routine"] > ROUTINE_MIN_WIDTH:
            widths["routine"] = max(ROUTINE_MIN_WIDTH, widths["routine"] - overflow)
            if total(short_date) <= available:
                break
        if dropping is not None:
            shown.remove(dropping)
    if total(short_date) > available:
        short_date = True
    return ColumnLayout(
        widths=tuple(
            (key, widths["day"] if key == "date" and short_date else widths[key]) for key in shown
        ),
        short_date=short_date,
    )


class HistoryTable(DataTable[Text]):
    """Sessions, newest first; `enter` asks for details, `d`/`delete` asks to delete."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Details"),
        Binding("d,delete", "request_delete", "Delete"),
        Binding("end,ctrl+end", "load_all_and_go_to_oldest", "Oldest", show=False),
    ]

    @dataclass
    class DetailsRequested(Message):
        """The user wants to see everything about one session."""

        record: SessionRecord

    @dataclass
    class DeleteRequested(Message):
        """The user wants one session gone (the screen asks first)."""

        record: SessionRecord

    @dataclass
    class RowsShown(Message):
        """How many of the sessions have rows now; posted whenever that changes."""

        shown: int
        total: int

    def __init__(self, *, id: str | None = None, read_only: bool = False) -> None:  # noqa: A002 (Textual's name)
        """`read_only` (a viewer): no delete key in the footer, and `d` is left to the screen."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=False, cell_padding=CELL_PADDING)
        self.read_only = read_only
        self._records: list[SessionRecord] = []
        self._cells: list[dict[str, str]] = []
        self._natural: dict[str, int] = natural_widths([])
        self._fit: ColumnLayout | None = None
        self._last_count: tuple[int, int] | None = None
        self._width_hint = 0

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A viewer's table offers no delete (its screen says why when `d` is pressed)."""
        return not (action == "request_delete" and self.read_only)

    # -- what is shown ---------------------------------------------------------

    @property
    def records(self) -> Sequence[SessionRecord]:
        """The sessions this table shows (some may not have rows yet)."""
        return self._records

    @property
    def rows_shown(self) -> int:
        """How many sessions have a row in the table so far."""
        return len(self._cells)

    @property
    def highlighted(self) -> SessionRecord | None:
        """The session under the cursor, if any."""
        if not self._cells or not 0 <= self.cursor_row < len(self._cells):
            return None
        return self._records[self.cursor_row]

    @property
    def column_layout(self) -> ColumnLayout | None:
        """The columns shown now (None until the table has a width)."""
        return self._fit

    def show(self, records: Sequence[SessionRecord], *, width_hint: int = 0) -> None:
        """Show these sessions (newest first) from the top, the cursor on the first.

        `width_hint`, the width the table will have once laid out, lets the
        rows be built now, so the first frame has them (a wrong hint costs
        one more build when the real width is known).
        """
        self._width_hint = width_hint
        self._records = list(records)
        self._cells = []
        self._natural = natural_widths([])
        self._fit = None
        self.clear(columns=True)
        self._add_page()

    def replace_note(self, record: SessionRecord) -> None:
        """Keep `record` in place of the session with its id (only its note changed)."""
        for index, shown in enumerate(self._records):
            if shown.id == record.id:
                self._records[index] = record
                return

    def remove_session(self, session_id: str) -> None:
        """Take one session out of the table, the cursor staying where it was."""
        index = next((i for i, r in enumerate(self._records) if r.id == session_id), None)
        if index is None:
            return
        del self._records[index]
        if index < len(self._cells):
            del self._cells[index]
            self.remove_row(session_id)
        if len(self._cells) < len(self._records) and self.cursor_row >= len(self._cells) - 1:
            self._add_page()
        self._post_count()

    # -- paging and fitting -----------------------------------------------------

    def _available_width(self) -> int:
        width = self.scrollable_content_region.width
        if width > 0 or self._width_hint <= 0:
            return width
        styles = self.styles
        gutter = styles.gutter.width
        if styles.scrollbar_gutter == "stable":
            gutter += styles.scrollbar_size_vertical
        return max(0, self._width_hint - gutter)

    def _add_page(self, size: int = PAGE_SIZE) -> None:
        start = len(self._cells)
        new = [row_cells(record) for record in self._records[start : start + size]]
        if new:
            self._cells.extend(new)
            grown = natural_widths(new)
            self._natural = {k: max(v, grown[k]) for k, v in self._natural.items()}
        width = self._available_width()
        if width <= 0:
            self._post_count()
            return  # not laid out yet: on_resize builds the table
        layout = fit_columns(width, self._natural)
        if layout != self._fit:
            self._rebuild(layout)
        else:
            self._append_rows(start, layout)
        self._post_count()

    def _rebuild(self, layout: ColumnLayout) -> None:
        cursor = self.cursor_row if self.row_count else 0
        self.clear(columns=True)
        self._fit = layout
        labels = {spec.key: spec for spec in ALL_COLUMNS}
        for key, width in layout.widths:
            spec = labels[key]
            label = Text(spec.label, justify="right" if spec.right_aligned else "left")
            self.add_column(label, width=width, key=key)
        self._append_rows(0, layout)
        if self.row_count:
            self.move_cursor(row=min(cursor, self.row_count - 1), animate=False)

    def _append_rows(self, start: int, layout: ColumnLayout) -> None:
        aligned = {spec.key: spec.right_aligned for spec in ALL_COLUMNS}
        for record, cells in zip(self._records[start:], self._cells[start:], strict=False):
            row = []
            for key, _width in layout.widths:
                text = cells["day" if key == "date" and layout.short_date else key]
                row.append(
                    Text(
                        text,
                        justify="right" if aligned[key] else "left",
                        no_wrap=True,
                        overflow="ellipsis",
                    )
                )
            self.add_row(*row, key=record.id)

    def _post_count(self) -> None:
        count = (len(self._cells), len(self._records))
        if count != self._last_count:
            self._last_count = count
            self.post_message(self.RowsShown(*count))

    def on_resize(self, event: Resize) -> None:
        """Refit the columns to the new width (and build the table the first time)."""
        width = self._available_width()
        if width <= 0:
            return
        layout = fit_columns(width, self._natural)
        if layout != self._fit:
            self._rebuild(layout)

    def on_unmount(self) -> None:
        """Let go of the sessions at once: reference counting frees them, no collection needed."""
        self._records = []
        self._cells = []

    # -- what the user wants -------------------------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Add the next page of rows when the cursor nears the last one."""
        if event.data_table is not self:
            return
        near_end = event.cursor_row >= len(self._cells) - LOOKAHEAD
        if near_end and len(self._cells) < len(self._records):
            self._add_page()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """`enter` on a row: ask for its details."""
        if event.data_table is not self:
            return
        event.stop()
        record = self.highlighted
        if record is not None:
            self.post_message(self.DetailsRequested(record))

    def action_request_delete(self) -> None:
        """Ask for the highlighted session to be deleted."""
        record = self.highlighted
        if record is not None:
            self.post_message(self.DeleteRequested(record))

    def action_load_all_and_go_to_oldest(self) -> None:
        """`end`: add every remaining row, then move to the oldest session.

        With thousands left this takes a second or so (about 0.13 ms a row),
        so the user is told first and the rows come after that frame.
        """
        left = len(self._records) - len(self._cells)
        if left > SLOW_LOAD_ROWS:
            self.notify(f"Loading {left:,} older sessions...", timeout=3)
            self.call_after_refresh(self._load_all_and_go_to_oldest)
        else:
            self._load_all_and_go_to_oldest()

    def _load_all_and_go_to_oldest(self) -> None:
        left = len(self._records) - len(self._cells)
        if left > 0:
            self._add_page(left)
        if self.row_count:
            self.move_cursor(row=self.row_count - 1, animate=False)
