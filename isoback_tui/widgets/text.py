"""Text from users and files, made safe to show: literal, never markup.

Every routine name, cue, note or file path that reaches a widget goes
through `literal()`. Square brackets stay square brackets (no Textual or
Rich markup is parsed, so `[bold]x[/]` shows as typed and `[@click=...]`
runs nothing), and control characters are made visible by `clean`, the one
sanitiser, which lives in `core.text` so the command line shares it
without loading Textual.
"""

from __future__ import annotations

from textual.content import Content

from isoback_tui.core.text import clean

__all__ = ["clean", "literal"]


def literal(text: str, *, single_line: bool = True) -> Content:
    """A Content that shows `text` exactly as written, never parsed as markup."""
    return Content(clean(text, single_line=single_line))
