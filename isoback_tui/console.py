"""How the command line talks: one sanitised sentence per problem, and safe output.

Everything the command line prints that came from files or people passes
through `core.text.clean` here (messages) or in the formatters (tables), so
escape sequences in a routine file name or a note reach the terminal as
visible symbols, never as commands. Output that cannot be written (a full
disk, `> /dev/full`) ends in one sentence and exit status 1, never a
traceback; a reader that stops early (`| head`) ends quietly.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from typing import Final, TextIO

from isoback_tui.core.text import clean, sentence
from isoback_tui.store.files import reason

EXIT_OK: Final = 0
EXIT_DATA: Final = 1


def say(err: TextIO, text: str, *, prefix: str = "") -> None:
    """Print `isoback: <prefix><text>` on one line, sanitised; never raises."""
    try:
        err.write(f"isoback: {prefix}{clean(sentence(text))}\n")
        err.flush()
    except (OSError, ValueError):
        pass  # stderr itself is gone: there is no one left to tell


def write_output(write: Callable[[TextIO], object], out: TextIO, err: TextIO) -> int:
    """Run `write(out)` and flush; the exit status, after one sentence if writing failed.

    A closed pipe (`isoback history | head`) is not an error: the reader has
    what it wanted. Any other failure (no space left on device) is.
    """
    try:
        write(out)
        out.flush()
    except BrokenPipeError:
        quiet(out)
        return EXIT_OK
    except OSError as error:
        quiet(out)
        say(err, f"could not write the output: {reason(error)}")
        return EXIT_DATA
    return EXIT_OK


def quiet(out: TextIO) -> None:
    """Point `out` at /dev/null, so the interpreter's last flush doesn't fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
