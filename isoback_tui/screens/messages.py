"""What screens ask of the app, as messages; the app decides what happens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from isoback_tui.core.plan import SessionSettings
from isoback_tui.core.routine import Routine


@dataclass
class StartRequested(Message):
    """The user wants to start `routine` with `settings`."""

    routine: Routine
    settings: SessionSettings


@dataclass
class HistoryRequested(Message):
    """The user wants to see the history (from home or from the summary)."""


@dataclass
class MuteToggled(Message):
    """The user turned the sound off or on during a session (`m`); the app remembers it."""

    muted: bool


@dataclass
class VoiceChosen(Message):
    """The user turned spoken cues on or off on the settings form; the app remembers it."""

    voice: bool
