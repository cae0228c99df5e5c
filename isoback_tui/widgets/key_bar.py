"""A one-line list of the keys a screen answers to, the most needed first.

Textual's Footer is a widget per key that recomposes as bindings change;
on a phone over SSH and at start-up that costs more than it gives. Our
screens have fixed keys, so one line of text, built when the screen
mounts (and again when the width changes), shows them for a fraction of
the work.

A screen may say which keys matter most with `KEY_ORDER`, a tuple of action
names (the app's `help` included); those come first, the rest follow in
their BINDINGS order. Only whole `key description` pairs that fit are shown,
so on a narrow screen the line ends after the last key that fits whole,
never in the middle of a word.
"""

from __future__ import annotations

from dataclasses import replace

from rich.cells import cell_len
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

SEPARATOR = "  "


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

    _width = 0  # the width the keys were last fitted to

    def on_mount(self) -> None:
        """Fill in the keys of the screen this bar sits on."""
        self._fit(self.size.width or self.app.size.width)

    def on_resize(self) -> None:
        """A new width may fit more keys, or fewer."""
        self._fit(self.size.width)

    def _fit(self, width: int) -> None:
        # a resize to the same width (Textual sends a few as it starts) changes nothing:
        # updating anyway would lay out and repaint the whole screen each time
        if width != self._width:
            self._width = width
            self.update(self.describe(width))

    def bindings(self) -> list[Binding]:
        """The shown bindings, most needed first, without repeats."""
        seen: set[str] = set()
        unique: list[Binding] = []
        for binding in [*_shown(self.screen.BINDINGS), *_shown(self.app.BINDINGS)]:
            if binding.description not in seen:
                seen.add(binding.description)
                unique.append(binding)
        order = tuple(getattr(self.screen, "KEY_ORDER", ()))

        def rank(binding: Binding) -> int:
            return order.index(binding.action) if binding.action in order else len(order)

        return sorted(unique, key=rank)  # stable: the rest keep their order

    def describe(self, width: int | None = None) -> Content:
        """`key description` for each binding, as many whole pairs as fit in `width`."""
        parts: list[str | tuple[str, str]] = [" "]
        used = 1
        for binding in self.bindings():
            first_key = replace(binding, key=binding.key.split(",")[0])
            key = self.app.get_key_display(first_key) + " "
            gap = SEPARATOR if len(parts) > 1 else ""
            cost = cell_len(gap + key + binding.description)
            if width is not None and width > 0 and used + cost > width:
                break
            if gap:
                parts.append(gap)
            parts += [(key, "bold"), binding.description]
            used += cost
        return Content.assemble(*parts)


def _shown(bindings: object) -> list[Binding]:
    """The Binding objects marked to be shown, from a BINDINGS list."""
    if not isinstance(bindings, list):
        return []
    return [b for b in bindings if isinstance(b, Binding) and b.show and b.description]
