"""A one-line list of the keys a screen answers to, drawn once.

Textual's Footer is a widget per key that recomposes as bindings change;
on a phone over SSH and at start-up that costs more than it gives. Our
screens have fixed keys, so one line of text, built when the screen
mounts, shows them all for a fraction of the work.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static


class KeyBar(Static):
    """The screen's shown bindings, then the app's, as `key description` pairs."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $panel;
        color: $text-muted;
    }
    """

    def on_mount(self) -> None:
        """Fill in the keys of the screen this bar sits on."""
        self.update(self.describe())

    def describe(self) -> Content:
        """`key description` for each shown binding, screen first, without repeats."""
        seen: set[str] = set()
        parts: list[str | tuple[str, str]] = []
        bindings = [*_shown(self.screen.BINDINGS), *_shown(self.app.BINDINGS)]
        for binding in bindings:
            if binding.description in seen:
                continue
            seen.add(binding.description)
            if parts:
                parts.append("  ")
            first_key = replace(binding, key=binding.key.split(",")[0])
            parts += [(self.app.get_key_display(first_key) + " ", "bold"), binding.description]
        return Content.assemble(" ", *parts)


def _shown(bindings: object) -> list[Binding]:
    """The Binding objects marked to be shown, from a BINDINGS list."""
    if not isinstance(bindings, list):
        return []
    return [b for b in bindings if isinstance(b, Binding) and b.show and b.description]
