"""The command line of PRODUCT.md section 4: parsing and checking, then the command.

Every user error ends as one sentence on stderr, `isoback: ...`, with exit
status 2 for usage (a bad option, an unknown routine) and 1 for data (an
unreadable file); never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from isoback_tui import __version__, collector
from isoback_tui.console import say, write_output
from isoback_tui.core.plan import SessionSettings, SettingsError, StartRequest
from isoback_tui.core.routine import load_routines
from isoback_tui.core.text import sentence
from isoback_tui.paths import default_db_path, user_routines_dir
from isoback_tui.serve.command import add_serve_parser, serve_command

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2
DEFAULT_ROUTINE = "lowback-isometrics"
VOICE_HELP = "speak the cues too (needs espeak-ng and a sound device on this machine)"


class UsageError(Exception):
    """A bad command line; the message is one sentence for the user."""


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing the whole usage and exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message[0].upper() + message[1:] if message else "bad command line")


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    return value


def _db_path(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("needs the name of a file, not an empty one")
    return Path(text)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The parser; `--db` is accepted before or after the subcommand."""
    db_option = _Parser(add_help=False)
    db_option.add_argument(
        "--db",
        type=_db_path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="the history file (default: $ISOBACK_DB, else history.json in the data folder)",
    )
    parser = _Parser(
        prog="isoback",
        description="A keyboard-driven terminal coach for isometric low-back exercise.",
        parents=[db_option],
    )
    parser.add_argument("--version", action="version", version=f"isoback {__version__}")
    parser.add_argument("--voice", action="store_true", help=VOICE_HELP)
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    start = commands.add_parser(
        "start", parents=[db_option], help="go straight into a live session"
    )
    start.add_argument("routine_id", nargs="?", default=DEFAULT_ROUTINE, metavar="ROUTINE_ID")
    start.add_argument("--reps", type=_count, metavar="N", help="reps per set")
    start.add_argument("--sets", type=_count, metavar="N", help="sets of each exercise")
    start.add_argument("--hold", type=_seconds, metavar="S", help="seconds each hold lasts")
    start.add_argument("--relax", type=_seconds, metavar="S", help="seconds between reps")
    start.add_argument("--rest", type=_seconds, metavar="S", help="seconds between sets")
    start.add_argument("--no-countdown", action="store_true", help="skip the get-ready count")
    start.add_argument("--no-pain", action="store_true", help="don't ask for a pain rating")
    start.add_argument("--voice", action="store_true", default=argparse.SUPPRESS, help=VOICE_HELP)

    history = commands.add_parser(
        "history", parents=[db_option], help="print the history, no screen"
    )
    formats = history.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="as a JSON array, newest first")
    formats.add_argument("--csv", action="store_true", help="as CSV, one row per session")

    routines = commands.add_parser("routines", parents=[db_option], help="list the routines")
    routines.add_argument("--json", action="store_true", help="as a JSON array")

    importer = commands.add_parser(
        "import", parents=[db_option], help="add sessions from a `history --json` file"
    )
    importer.add_argument("file", type=Path, metavar="FILE")
    add_serve_parser(commands, [db_option])

    report = commands.add_parser(
        "report", parents=[db_option], help="a report to hand to a physiotherapist"
    )
    report.add_argument(
        "--since", default="30d", metavar="30d|12w|all", help="the period (default: 30d)"
    )
    report.add_argument("--format", default="md", choices=("md", "html", "csv"), help="default: md")
    report.add_argument("--out", type=Path, metavar="FILE", help="write to FILE, not stdout")
    report.add_argument(
        "--target", type=_count, default=7, metavar="N", help="sessions asked for a week (7)"
    )
    return parser


def start_request(args: argparse.Namespace) -> StartRequest:
    """Check `start`'s options and the routine id; UsageError if anything is off."""
    routines, _problems = load_routines(user_routines_dir())
    known = [r.id for r in routines]
    if args.routine_id not in known:
        raise UsageError(
            f"There is no routine '{args.routine_id}'; known routines: {', '.join(known)}"
        )
    try:
        settings = SessionSettings(
            reps=args.reps,
            sets=args.sets,
            hold_s=args.hold,
            relax_s=args.relax,
            rest_s=args.rest,
            countdown_s=0 if args.no_countdown else SessionSettings().countdown_s,
        )
    except SettingsError as error:
        raise UsageError(str(error)) from None
    return StartRequest(args.routine_id, settings, ask_pain=not args.no_pain)


def run(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    """Parse `argv` and run the command; the exit status."""
    try:
        try:
            # --help and --version print to stdout and exit; argparse ignores a failed
            # write, so they print into a buffer that is then written to `out`.
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                args = build_parser().parse_args(list(argv))
        except SystemExit as done:
            written = write_output(lambda stream: stream.write(printed.getvalue()), out, err)
            return written or (done.code if isinstance(done.code, int) else EXIT_OK)
        db_path: Path = getattr(args, "db", None) or default_db_path()
        if args.command not in (None, "start"):
            collector.resume()  # only the coach's first frame is worth the pause
        if args.command == "routines":
            from isoback_tui.cli.routines import routines_command

            return routines_command(args.json, out, err)
        if args.command == "history":
            from isoback_tui.cli.history import history_command

            fmt = "json" if args.json else "csv" if args.csv else "table"
            return history_command(db_path, fmt, out, err)
        if args.command == "import":
            from isoback_tui.cli.history import import_command

            return import_command(db_path, args.file, out, err)
        if args.command == "serve":
            return serve_command(args, db_path, err)
        if args.command == "report":
            from isoback_tui.report.command import report_from_args

            return report_from_args(args, db_path, out, err)
        request = start_request(args) if args.command == "start" else None
    except UsageError as error:
        say(err, f"{sentence(str(error))} See 'isoback --help'.")
        return EXIT_USAGE
    from isoback_tui.app import run_app

    return run_app(db_path, request, voice=getattr(args, "voice", False))


def main(argv: Sequence[str] | None = None) -> int:
    """The `isoback` command."""
    return run(sys.argv[1:] if argv is None else argv, sys.stdout, sys.stderr)
