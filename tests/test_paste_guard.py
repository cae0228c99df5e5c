"""Pasted text stays a paste: no ESC inside a bracketed paste becomes a key press."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual._xterm_parser import XTermParser

from isoback_tui.paste_guard import ESCAPE_SHOWN, PASTE_END, PASTE_START, PasteFilter

HOSTILE = "ok \x1bh\x1b[2J\x1b]52;c;aGk=\x07 enter\x1b\x1b\r more"


def parse(chunks: list[str], guarded: bool) -> list[object]:
    parser = XTermParser()
    guard = PasteFilter()
    events_out: list[object] = []
    for chunk in chunks:
        passed = guard.feed(chunk) if guarded else chunk
        if passed:  # as the installed parser does: "" would mean the end of input
            events_out.extend(parser.feed(passed))
    return events_out


def test_without_the_guard_textual_turns_a_pasted_escape_into_keys() -> None:
    # the reproduction: this is why the guard exists (if Textual fixes it, this fails)
    got = parse([PASTE_START + HOSTILE + PASTE_END], guarded=False)
    assert any(isinstance(e, events.Key) for e in got)


@given(st.lists(st.integers(min_value=1, max_value=8), min_size=1, max_size=40))
def test_a_hostile_paste_is_one_paste_event_however_the_input_is_split(cuts: list[int]) -> None:
    stream = "a" + PASTE_START + HOSTILE + PASTE_END + "b"
    chunks, at = [], 0
    for size in cuts:
        chunks.append(stream[at : at + size])
        at += size
    chunks.append(stream[at:])
    chunks = [c for c in chunks if c]  # the driver never feeds "" but at the end of input
    got = parse(chunks, guarded=True)
    keys = [e.key for e in got if isinstance(e, events.Key)]
    pastes = [e.text for e in got if isinstance(e, events.Paste)]
    assert keys == ["a", "b"]
    assert pastes == [HOSTILE.replace("\x1b", ESCAPE_SHOWN)]


def test_outside_a_paste_input_passes_at_once_and_unchanged() -> None:
    guard = PasteFilter()
    assert guard.feed("\x1b") == "\x1b"  # a lone escape key is not held back
    assert guard.feed("[A") == "[A"
    assert guard.feed("q") == "q"
