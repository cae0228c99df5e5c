"""The help screen: what each key does, on every screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from isoback_tui.paths import stylesheet
from isoback_tui.widgets.key_bar import KeyBar

HELP_TEXT = """\
isoback counts your holds and rests so you can close your eyes.
Bells: 1 when a hold starts, 1 when it ends into a relax,
2 when a set ends (a rest starts), 3 when the session is done.

Home
  up/down, j/k   choose a routine
  enter          start it
  c              change reps, sets and seconds: for this session,
                 or from now on (the routine's plan); turn spoken
                 cues on or off (remembered)
  a              accept the suggested next step (shown as Next:)
  tab            into the details, then up/down to scroll
  h              history
  q              quit

Live session
  space          pause / carry on
  n              hold: skip this rep; get ready or relax: start
                 the next hold now; rest: end the rest
  s              skip the rest of this set
  e              skip the rest of this exercise
  m              sound off / on (remembered)
  q, escape      end early (asks first; what you did is kept)

Pain ratings
  0-9, t (10)    rate at once; s or escape skips

History
  enter          details of a session
  d              delete a session (asks first)
  g              hide / show the chart
  escape         back

Details of a session
  n              write or change its note (ctrl+s saves)
  r              carry on an interrupted session

Every session is saved after each rep. If the app is closed
mid-session, the next start offers to carry on where you stopped.
Press escape or ? to close this help."""


class HelpScreen(ModalScreen[None]):
    """Every key, in one place."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self) -> None:
        super().__init__()
        self.css_path = [stylesheet("dialogs.tcss")]  # loaded when first shown

    def compose(self) -> ComposeResult:
        """The help text in a scrollable box."""
        with VerticalScroll(id="help-box"):
            yield Static(Content(HELP_TEXT), id="help-text")
        yield KeyBar()

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)
