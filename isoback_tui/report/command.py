"""`isoback report`: read the history, build the figures, lay them out, print or write.

Returns the exit status: 0; 1 for data (a damaged or unreadable history, a
file that could not be written), after one sentence on `err`. `--out` is
written atomically (the old file, if any, is whole until the new one is).
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Final, TextIO

from isoback_tui.console import EXIT_DATA, EXIT_OK, say, write_output
from isoback_tui.core.report import (
    MAX_TARGET_PER_WEEK,
    PeriodError,
    Report,
    build_report,
    parse_since,
)
from isoback_tui.report import csvout, html, markdown
from isoback_tui.store.errors import HistoryError
from isoback_tui.store.files import reason, write_atomic
from isoback_tui.store.history import HistoryStore


def _csv_text(report: Report) -> str:
    buffer = io.StringIO()
    csvout.write(report, buffer)
    return buffer.getvalue()


RENDERERS: Final[dict[str, Callable[[Report], str]]] = {
    "md": markdown.render,
    "html": html.render,
    "csv": _csv_text,
}
FORMATS: Final = tuple(RENDERERS)


def report_from_args(args: argparse.Namespace, db_path: Path, out: TextIO, err: TextIO) -> int:
    """`isoback report` from its parsed options; a bad option raises the CLI's UsageError."""
    from isoback_tui.cli import UsageError

    try:
        since_days = parse_since(args.since)
    except PeriodError as error:
        raise UsageError(str(error)) from None
    if not 1 <= args.target <= MAX_TARGET_PER_WEEK:
        raise UsageError(f"--target must be from 1 to {MAX_TARGET_PER_WEEK} sessions a week")
    return report_command(
        db_path,
        since_days=since_days,
        fmt=args.format,
        out_path=args.out,
        target_per_week=args.target,
        out=out,
        err=err,
    )


def report_command(
    db_path: Path,
    *,
    since_days: int | None,
    fmt: str,
    out_path: Path | None,
    target_per_week: int,
    out: TextIO,
    err: TextIO,
    today: date | None = None,
) -> int:
    """Build the report of the history at `db_path` and print it, or write it to `out_path`."""
    store = HistoryStore(db_path)
    try:
        records = store.list_sessions()
    except HistoryError as error:
        say(err, str(error))
        return EXIT_DATA
    for warning in store.warnings:
        say(err, warning, prefix="warning: ")
    report = build_report(records, today or date.today(), since_days, target_per_week)
    text = RENDERERS[fmt](report)
    if out_path is None:
        return write_output(lambda stream: stream.write(text), out, err)
    try:
        write_atomic(out_path, text.encode("utf-8"))
    except OSError as error:
        say(err, f"could not write the report to {out_path}: {reason(error)}")
        return EXIT_DATA
    say(err, f"report written to {out_path}")
    return EXIT_OK
