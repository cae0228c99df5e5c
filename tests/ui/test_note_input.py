"""The note field keeps as much of a paste as fits, and shows control bytes as symbols."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult

from isoback_tui.widgets.note_input import NoteInput


class NoteApp(App[None]):
    def compose(self) -> ComposeResult:
        yield NoteInput(max_length=500)


async def test_a_long_paste_is_cut_to_fit_and_the_user_is_told() -> None:
    app = NoteApp()
    async with app.run_test() as pilot:
        note = app.query_one(NoteInput)
        note.focus()
        note.post_message(events.Paste("x" * 600))
        await pilot.pause()
        assert note.value == "x" * 500
        assert any("fits in a note" in str(n.message) for n in app._notifications)


async def test_a_paste_fills_only_the_room_left_and_keeps_controls_visible() -> None:
    app = NoteApp()
    async with app.run_test() as pilot:
        note = app.query_one(NoteInput)
        note.focus()
        note.value = "a" * 495
        note.cursor_position = 495
        note.post_message(events.Paste("b\x1b\x07cdefgh\nsecond line"))
        await pilot.pause()
        assert note.value == "a" * 495 + "b\u241b\u2407cd"
        assert "\x1b" not in note.value


async def test_a_short_paste_goes_in_without_a_word() -> None:
    app = NoteApp()
    async with app.run_test() as pilot:
        note = app.query_one(NoteInput)
        note.focus()
        note.post_message(events.Paste("[bold]felt fine[/]"))
        await pilot.pause()
        assert note.value == "[bold]felt fine[/]"
        assert not app._notifications
