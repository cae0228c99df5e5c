"""Text from users and files, made safe to print or show: the one sanitiser.

Every routine name, cue, note or file path that reaches a screen or the
command line's output goes through `clean()`: control characters (C0, DEL,
C1) become visible symbols and bidirectional overrides, which could reorder
the rest of a line, become U+FFFD, so an escape sequence in a file can't
restyle, clear or rewrite a terminal (or its clipboard). Lone surrogates,
which can't be encoded as UTF-8 at all, become U+FFFD too.

The screens wrap it in `widgets.text.literal` (no markup); JSON output keeps
the data exact and writes the same characters as `\\uXXXX` escapes
(`escape_json`). This module imports nothing but the standard library, so
the command line can use it without loading Textual.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

ELLIPSIS: Final = "\u2026"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Bidirectional marks, overrides and isolates could reorder the rest of a line;
# lone surrogates are not characters at all (they can't be written as UTF-8).
_NOT_SHOWN = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
# What JSON output escapes beyond what the json module already does (C0 controls):
# DEL, C1 controls, bidi controls and lone surrogates.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _visible_control(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x09:
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture" for C0 codes
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def clean(text: str, *, single_line: bool = True) -> str:
    """`text` with control characters made visible; line breaks kept unless single_line."""
    if text.isprintable():
        return text  # no control, line break, bidi control or surrogate: nothing to do
    text = _NOT_SHOWN.sub("\ufffd", text)
    if single_line:
        return _CONTROL.sub(_visible_control, _LINE_BREAKS.sub(" ", text))
    lines = _LINE_BREAKS.split(text)
    return "\n".join(_CONTROL.sub(_visible_control, line) for line in lines)


def escape_json(encoded: str) -> str:
    """JSON text with DEL, C1, bidi controls and lone surrogates written as `\\uXXXX`.

    `encoded` must be JSON (as `json.dumps(..., ensure_ascii=False)` writes
    it): those characters can only sit inside its strings, where the escape
    means the very same character, so the data stays exact.
    """
    if encoded.isascii() and "\x7f" not in encoded:
        return encoded  # the usual case, decided by two fast scans instead of a regex
    return _JSON_UNSAFE.sub(_json_escape, encoded)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def cells(text: str) -> int:
    """Terminal cells `text` takes: wide characters count two, combining marks none."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


def shorten(text: str, most: int) -> str:
    """`text` cut to at most `most` terminal cells, ending in an ellipsis when cut."""
    if cells(text) <= most:
        return text
    kept: list[str] = []
    width = 0
    for char in text:
        step = cells(char)
        if width + step > most - 1:
            break
        kept.append(char)
        width += step
    return "".join(kept) + ELLIPSIS


def sentence(text: str) -> str:
    """`text` as one sentence for people: a capital first, a full stop last ("" stays "")."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_cell(text: str) -> str:
    """A CSV text cell: cleaned (line breaks kept), and never a formula to a spreadsheet.

    A cell starting (after spaces) with `=`, `+`, `-`, `@`, a tab or a line
    break gets a leading `'`, as OWASP's advice on CSV injection says.
    """
    if text.lstrip(" ").startswith(_FORMULA_STARTS):
        text = "'" + text
    return clean(text, single_line=False)
