"""Keep pasted text a paste: escape bytes inside a bracketed paste can't become keys.

Textual's terminal parser (8.x) reads an ESC inside a bracketed paste as the
start of a key sequence and hands what follows to the app as key presses: a
pasted note holding `ESC h` went home and began a new session. This guard
sits in front of that parser. Between the paste's start and end markers it
replaces every ESC with the visible symbol U+241B, so the whole paste stays
one Paste event and nothing in it is obeyed. Outside a paste the input is
passed on untouched and at once (a lone escape key is never held back).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.message import Message

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
ESCAPE_SHOWN = "\u241b"


class PasteFilter:
    """Stateful: feed it the terminal's input in chunks, in order, and pass on what it returns."""

    def __init__(self) -> None:
        self._in_paste = False
        self._held = ""  # inside a paste: a tail that may be the start of PASTE_END
        self._seen = ""  # outside a paste: the last few characters, to find a split start

    def feed(self, data: str) -> str:
        """The input to hand to the parser for this chunk."""
        out: list[str] = []
        text = self._held + data
        self._held = ""
        i = 0
        while i < len(text):
            if not self._in_paste:
                window = self._seen + text[i:]
                found = window.find(PASTE_START)
                if found < 0:
                    out.append(text[i:])
                    self._seen = window[-(len(PASTE_START) - 1) :]
                    break
                end = found + len(PASTE_START) - len(self._seen) + i
                out.append(text[i:end])
                self._seen = ""
                self._in_paste = True
                i = end
                continue
            found = text.find(PASTE_END, i)
            if found >= 0:
                out.append(text[i:found].replace("\x1b", ESCAPE_SHOWN))
                out.append(PASTE_END)
                self._in_paste = False
                i = found + len(PASTE_END)
                continue
            keep = _partial_end(text[i:])
            body = text[i : len(text) - keep]
            out.append(body.replace("\x1b", ESCAPE_SHOWN))
            self._held = text[len(text) - keep :]
            break
        return "".join(out)


def _partial_end(text: str) -> int:
    """How many characters at the end of `text` could begin PASTE_END."""
    for size in range(min(len(PASTE_END) - 1, len(text)), 0, -1):
        if PASTE_END.startswith(text[-size:]):
            return size
    return 0


def install() -> None:
    """Put a PasteFilter in front of every terminal parser Textual's Linux driver makes.

    Called once by `run_app` before the app starts (never at import time).
    """
    from textual import _xterm_parser
    from textual.drivers import linux_driver

    if getattr(getattr(linux_driver, "XTermParser", None), "_isoback_paste_guard", False):
        return

    class PasteSafeParser(_xterm_parser.XTermParser):
        _isoback_paste_guard = True

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._paste_filter = PasteFilter()

        def feed(self, data: str) -> Iterable[Message]:
            if not data:
                return super().feed(data)  # the end of input
            passed = self._paste_filter.feed(data)
            return super().feed(passed) if passed else ()  # "" would mean the end

    setattr(linux_driver, "XTermParser", PasteSafeParser)  # noqa: B010 - a private name
