"""Text from users and files, made safe to show: literal, never markup.

Every routine name, cue, note or file path that reaches a widget goes
through `literal()`. Square brackets stay square brackets (no Textual or
Rich markup is parsed, so `[bold]x[/]` shows as typed and `[@click=...]`
runs nothing), and control characters are replaced by visible symbols so
an escape sequence in a file can't restyle or break the screen.
"""

from __future__ import annotations

import re

from textual.content import Content

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Bidirectional overrides and isolates could reorder the rest of a line.
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


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
    text = _BIDI.sub("\ufffd", text)
    if single_line:
        return _CONTROL.sub(_visible_control, _LINE_BREAKS.sub(" ", text))
    lines = _LINE_BREAKS.split(text)
    return "\n".join(_CONTROL.sub(_visible_control, line) for line in lines)


def literal(text: str, *, single_line: bool = True) -> Content:
    """A Content that shows `text` exactly as written, never parsed as markup."""
    return Content(clean(text, single_line=single_line))
