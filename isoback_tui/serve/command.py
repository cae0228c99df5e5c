"""`isoback serve`: its options, the checks before it starts, and running it.

Every problem found before listening (the keys file, the host key, the
port) is one sentence on stderr and exit status 1; a bad option is exit 2
(from the parser, like every other command).
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import logging
import math
import os
from pathlib import Path
from typing import Any, TextIO

from isoback_tui.paths import serve_host_key_path, serve_keys_path

EXIT_OK = 0
EXIT_DATA = 1


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (0 to 65535)")
    return value


def _positive_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too few: at least 1")
    return value


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above zero")
    return value


def add_serve_parser(commands: Any, parents: list[argparse.ArgumentParser]) -> None:
    """Add `serve` and its options to the command line's subcommands."""
    from isoback_tui.serve.settings import DEFAULT_IDLE_TIMEOUT_S, DEFAULT_MAX_CONNECTIONS

    serve = commands.add_parser(
        "serve", parents=parents, help="an SSH server for this app alone (keys only)"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=_port, default=2222, help="port to listen on (2222)")
    serve.add_argument(
        "--keys",
        type=Path,
        metavar="FILE",
        help="who may connect: 'owner' or 'viewer' then a public key, one a line "
        "(default: serve_keys in the config folder)",
    )
    serve.add_argument(
        "--host-key",
        type=Path,
        metavar="FILE",
        help="the server's own key, made on first start (default: serve_host_key "
        "in the data folder)",
    )
    serve.add_argument(
        "--max-connections",
        type=_positive_count,
        default=DEFAULT_MAX_CONNECTIONS,
        metavar="N",
        help=f"connections open at once ({DEFAULT_MAX_CONNECTIONS})",
    )
    serve.add_argument(
        "--idle-timeout",
        type=_positive_seconds,
        default=DEFAULT_IDLE_TIMEOUT_S,
        metavar="S",
        help="seconds without a key press, and no session under way, before a "
        f"connection is closed ({DEFAULT_IDLE_TIMEOUT_S:g})",
    )


def serve_command(args: argparse.Namespace, db_path: Path, err: TextIO) -> int:
    """Check everything, listen, and serve until stopped; the exit status."""
    if os.name != "posix":
        print("isoback serve: runs on Linux and macOS only (it needs pseudo-terminals).", file=err)
        return EXIT_DATA
    from isoback_tui.serve.hostkey import HostKeyError, load_or_create_host_key
    from isoback_tui.serve.keys import KeysFileError, Role, load_keys
    from isoback_tui.serve.settings import ServeSettings
    from isoback_tui.store.files import ensure_folder

    try:
        keys = load_keys(args.keys or serve_keys_path())
        host_key_path = args.host_key or serve_host_key_path()
        if args.host_key is None:
            ensure_folder(host_key_path.parent)  # the data folder, made as the history makes it
        host_key, made = load_or_create_host_key(host_key_path)
    except (KeysFileError, HostKeyError) as problem:
        print(f"isoback serve: {_sentence(str(problem))}", file=err)
        return EXIT_DATA
    except OSError as error:
        print(f"isoback serve: {_sentence(_os_reason(error))}", file=err)
        return EXIT_DATA
    settings = ServeSettings(
        keys=keys,
        host_key=host_key,
        db_path=db_path.expanduser().resolve(),
        host=args.host,
        port=args.port,
        max_connections=args.max_connections,
        idle_timeout_s=args.idle_timeout,
    )
    if made:
        print(f"isoback serve: made a new host key, {host_key_path}", file=err)
    print(
        f"isoback serve: {keys.count(Role.OWNER)} owner and {keys.count(Role.VIEWER)} viewer "
        f"keys from {keys.path}; history {settings.db_path}",
        file=err,
    )
    return _serve(settings, err)


def _serve(settings: Any, err: TextIO) -> int:
    from isoback_tui.serve.server import run_server, stop_on_signals

    # asyncssh explains itself through `logging`; our log is one line per connection.
    logging.getLogger("asyncssh").addHandler(logging.NullHandler())
    logging.getLogger("asyncssh").propagate = False

    def listening(host: str, port: int) -> None:
        print(
            f"isoback serve: listening on {host} port {port}, host key "
            f"{settings.host_key.get_fingerprint('sha256')}",
            file=err,
            flush=True,
        )

    async def main() -> None:
        stop = asyncio.Event()
        stop_on_signals(stop)
        await run_server(settings, err, listening, stop)

    try:
        asyncio.run(main())
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            print(
                f"isoback serve: port {settings.port} on {settings.host} is already in use; "
                "choose another with --port.",
                file=err,
            )
        elif error.errno == errno.EACCES:
            print(
                f"isoback serve: this user may not listen on port {settings.port}; "
                "choose one above 1023 with --port.",
                file=err,
            )
        else:
            print(
                f"isoback serve: cannot listen on {settings.host} port {settings.port}: "
                f"{_os_reason(error)}.",
                file=err,
            )
        return EXIT_DATA
    print("isoback serve: stopped.", file=err)
    return EXIT_OK


def _os_reason(error: OSError) -> str:
    reason = (error.strerror or str(error)).lower()
    return f"{error.filename}: {reason}" if error.filename else reason


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
