"""The app's sound: bell patterns, spoken cues, and the remembered mute and voice choices.

One object the app owns, so the app itself only passes things on: the live
screen gets `ring` and `speaker()`; `m` and the settings form's toggle come
back as `set_muted` / `set_voice`, which keep the choice in the settings
file beside the history (store/prefs.py). Every problem is one sentence
through `notify`; nothing here ever stops a session.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from isoback_tui.sound.bells import BellPlayer, Stoppable
from isoback_tui.store.prefs import Settings, SettingsFile, SettingsFileError
from isoback_tui.widgets.text import clean

if TYPE_CHECKING:
    from textual.app import App

    from isoback_tui.sound.voice import Speaker


class SoundCues:
    """Bells and voice for one app, with the user's remembered choices."""

    def __init__(self, app: App[Any], settings_file: SettingsFile, *, voice: bool) -> None:
        """`voice=True` (`--voice`) turns spoken cues on for this run, whatever is remembered."""
        self._app = app
        self.settings_file = settings_file
        self.settings = Settings()
        self.muted = False
        self.voice = voice
        self._voice_for_this_run = voice
        self.bells = 0  # BEL bytes written so far
        self.patterns: list[int] = []  # each pattern asked for, in order
        self._player = BellPlayer(self._ring_once, self._later)
        self._speaker: Speaker | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def load(self) -> None:
        """Read the remembered choices (call once the app runs); a damaged file is said once."""
        self._loop = asyncio.get_running_loop()
        try:
            self.settings = self.settings_file.load()
        except SettingsFileError as problem:
            self._tell(f"{problem}; using the default choices, and the file is left as it is.")
            return
        self.muted = self.settings.preferences.muted
        self.voice = self._voice_for_this_run or self.settings.preferences.voice

    # -- bells -------------------------------------------------------------

    def ring(self, count: int) -> None:
        """Sound `count` terminal bells (they travel over SSH), a short gap apart."""
        self.patterns.append(count)
        self._player.play(count)

    def _ring_once(self) -> None:
        self.bells += 1
        self._app.bell()

    def _later(self, delay_s: float, callback: Callable[[], None]) -> Stoppable:
        return self._app.set_timer(delay_s, callback, name="bell-gap")

    # -- voice -------------------------------------------------------------

    def speaker(self) -> Callable[[str], None] | None:
        """What the live screen calls to speak, or None when spoken cues are off or can't be."""
        if not self.voice:
            return None
        if self._speaker is None or self._speaker.failed:
            from isoback_tui.sound.voice import MISSING, Speaker, find_espeak

            executable = find_espeak()
            if executable is None:
                self._tell(MISSING)
                return None
            self._speaker = Speaker(executable, self._problem_from_thread)
        return self._speaker.say

    def _problem_from_thread(self, sentence: str) -> None:
        """Called on the speaker's thread: hand the sentence to the app's loop, never wait."""
        if self._loop is None:
            return
        try:
            self._loop.call_soon_threadsafe(self._tell, sentence)
        except RuntimeError:
            pass  # the loop has closed: the app is gone, nobody to tell

    # -- remembered choices ------------------------------------------------

    def set_muted(self, muted: bool) -> None:
        """The user turned the sound off or on: keep it for the next launch."""
        self.muted = muted
        self._remember(muted=muted)

    def set_voice(self, voice: bool) -> None:
        """The user turned spoken cues on or off: keep it for the next launch."""
        if voice == self.voice:
            return
        self.voice = voice
        self._voice_for_this_run = False
        self._remember(voice=voice)

    def _remember(self, **choices: bool) -> None:
        try:  # read again first: a plan saved meanwhile is kept
            settings = self.settings_file.update(lambda fresh: fresh.with_preferences(**choices))
        except SettingsFileError as problem:
            self._tell(f"Your choice holds until you quit, but was not remembered: {problem}")
            return
        self.settings = settings

    def _tell(self, sentence: str) -> None:
        self._app.notify(clean(sentence), severity="warning", markup=False, timeout=12)

    def close(self) -> None:
        """Stop ringing and speaking (the app is ending)."""
        self._player.stop()
        if self._speaker is not None:
            self._speaker.close()
