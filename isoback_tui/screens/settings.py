"""Change this session's reps, sets and seconds before starting; turn spoken cues on or off."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from isoback_tui.core.plan import SessionSettings, SettingsError
from isoback_tui.core.record import SessionParams
from isoback_tui.paths import stylesheet
from isoback_tui.widgets.key_bar import KeyBar

FIELDS = (
    ("reps", "Reps per set", "integer"),
    ("sets", "Sets", "integer"),
    ("hold_s", "Hold, seconds", "number"),
    ("relax_s", "Relax, seconds", "number"),
    ("rest_s", "Rest, seconds", "number"),
)


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def settings_from_text(
    values: dict[str, str], routine_params: SessionParams, countdown_s: float
) -> SessionSettings:
    """Read the form: blank or unchanged fields keep the routine's number.

    Raises SettingsError with one sentence naming the field at fault.
    """
    chosen: dict[str, float | int | None] = {}
    for key, label, kind in FIELDS:
        raw = values.get(key, "").strip()
        if not raw:
            chosen[key] = None
            continue
        try:
            number: float | int = int(raw) if kind == "integer" else float(raw)
        except ValueError:
            whole = "a whole number" if kind == "integer" else "a number of seconds"
            raise SettingsError(f"{label} must be {whole}, not {raw!r}.") from None
        chosen[key] = None if number == getattr(routine_params, key) else number
    return SessionSettings(countdown_s=countdown_s, **chosen)  # type: ignore[arg-type]


@dataclass(frozen=True)
class SettingsChoice:
    """What the form was closed with: this session's numbers, and spoken cues on or off."""

    settings: SessionSettings
    voice: bool


class SettingsScreen(ModalScreen[SettingsChoice | None]):
    """A small form; dismisses with the new choice, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "apply", "Apply", priority=True),
    ]

    def __init__(
        self,
        current: SessionParams,
        routine_params: SessionParams,
        countdown_s: float,
        *,
        voice: bool = False,
    ):
        """`voice` is whether spoken cues are on now (a remembered choice, unlike the numbers)."""
        super().__init__()
        self.css_path = [stylesheet("dialogs.tcss")]  # loaded when first shown
        self._current = current
        self._routine = routine_params
        self._countdown_s = countdown_s
        self._voice = voice

    def compose(self) -> ComposeResult:
        """One labelled input per setting, and a line for problems."""
        with Vertical(id="settings-box"):
            yield Static(Content("The numbers (up/down or tab to move)"), id="settings-title")
            for key, label, kind in FIELDS:
                with Horizontal(classes="settings-row"):
                    yield Label(label, classes="settings-label")
                    yield Input(
                        _number_text(getattr(self._current, key)),
                        type=kind,  # type: ignore[arg-type]
                        id=f"settings-{key.replace('_', '-')}",
                        compact=True,
                    )
            yield Checkbox(
                "Spoken cues (remembered)",
                self._voice,
                id="settings-voice",
                compact=True,
            )
            yield Static("", id="settings-error", markup=False)
        yield KeyBar()

    def on_key(self, event: events.Key) -> None:
        """Up and down move between fields, like a list."""
        if event.key == "down":
            self.focus_next()
        elif event.key == "up":
            self.focus_previous()

    def action_apply(self) -> None:
        """Check the numbers; close with them, or say what is wrong."""
        values = {
            key: self.query_one(f"#settings-{key.replace('_', '-')}", Input).value
            for key, _label, _kind in FIELDS
        }
        try:
            settings = settings_from_text(values, self._routine, self._countdown_s)
        except SettingsError as problem:
            message = str(problem)
            self.query_one("#settings-error", Static).update(
                message if message.endswith(".") else message + "."
            )
            return
        voice = self.query_one("#settings-voice", Checkbox).value
        self.dismiss(SettingsChoice(settings, voice))

    def action_cancel(self) -> None:
        """Keep the settings as they were."""
        self.dismiss(None)
