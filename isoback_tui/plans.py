"""Each routine's current plan, and what to do next with it: the app's one way to plans.

The plans live in the settings file beside the history (`store.prefs`).
Each change is read-modify-write: the file is read again, this routine's
plan set, and the whole written atomically, so a choice saved meanwhile by
another isoback (or the mute and voice preferences) is never undone. A
damaged file is never written over: `remember` says why and changes nothing.

Without a remembered plan, a routine's plan is the numbers of its latest
session in the history (so a history imported from another machine brings
its numbers along), else the routine's own. Progression suggestions
(`core.progression`) are made from the same history, read off the UI thread
by `read_history`. No Textual here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from isoback_tui.core.plan import SessionSettings, settings_from_params
from isoback_tui.core.record import SessionParams, SessionRecord
from isoback_tui.core.routine import Routine
from isoback_tui.store.errors import HistoryError
from isoback_tui.store.prefs import Plan, Settings, SettingsFile, SettingsFileError

if TYPE_CHECKING:
    from isoback_tui.core.progression import Suggestion

# Progression and stats load when the history has been read: start-up stays quick.


def params_of(plan: Plan) -> SessionParams:
    """A remembered plan as the session-wide numbers of core."""
    return SessionParams(plan.reps, plan.sets, plan.hold_s, plan.relax_s, plan.rest_s)


def plan_of(params: SessionParams) -> Plan:
    """Session-wide numbers as a plan to remember."""
    return Plan(params.reps, params.sets, params.hold_s, params.relax_s, params.rest_s)


def routine_params(routine: Routine) -> SessionParams:
    """The routine's own numbers."""
    d = routine.defaults
    return SessionParams(d.reps, d.sets, d.hold_s, d.relax_s, d.rest_s)


@dataclass(frozen=True)
class PlanSource:
    """Where a routine's current plan comes from, in words for the home screen."""

    remembered: bool
    from_history: bool


class Plans:
    """The current plan of each routine: remembered, changed, and suggested."""

    def __init__(
        self,
        settings_file: SettingsFile,
        history_path: Path | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.settings_file = settings_file
        self.history_path = history_path
        self._today = today
        self._settings = Settings()
        self._history: list[SessionRecord] | None = None
        self._latest_by_routine: dict[str, SessionRecord] = {}
        self._read_signature: tuple[int, int] | None = None
        self._pending_signature: tuple[int, int] | None = None
        self.problem: str | None = None
        """Why the settings file could not be read, if it could not (then nothing is saved)."""
        self.reader: Callable[[], list[SessionRecord]] | None = None
        """The app's open store's `list_sessions`, once it is open: one parse of the file
        serves the plans, the resume question and the history screen. Until then the
        plans read with a store of their own."""

    @classmethod
    def for_history(cls, db_path: Path) -> Plans:
        """The plans kept beside the history at `db_path`, with that history for suggestions."""
        return cls(SettingsFile.for_history(db_path), db_path)

    # -- reading ----------------------------------------------------------------

    def load(self) -> str | None:
        """Read the remembered plans; the problem in one sentence, or None when all is well."""
        try:
            self._settings = self.settings_file.load()
        except SettingsFileError as problem:
            self.problem = str(problem)
            return self.problem
        self.problem = None
        return None

    def history_signature(self) -> tuple[int, int] | None:
        """The history file's change time and size: a cheap way to see it was written."""
        if self.history_path is None:
            return None
        try:
            info = os.stat(self.history_path)
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size

    def needs_reading(self) -> bool:
        """Whether the history changed since it was last read (or was never read)."""
        return self._history is None or self.history_signature() != self._read_signature

    def read_history(self) -> list[SessionRecord] | None:
        """Read the history (safe off the UI thread: read only); None if it can't.

        Hand the result to `set_history` on the UI thread. A history that
        can't be read leaves suggestions out; the app says why when it opens
        the history itself.
        """
        if self.history_path is None:
            return None
        from isoback_tui.store.history import HistoryStore

        signature = self.history_signature()  # before reading: a write meanwhile reads again
        try:
            read = self.reader or HistoryStore(self.history_path).list_sessions
            records = read()
            self._pending_signature = signature
            return records
        except (HistoryError, OSError):
            return None

    def set_history(self, records: Sequence[SessionRecord]) -> None:
        """Use these sessions for suggestions and for plans not remembered."""
        from isoback_tui.core.stats import counts_as_exercised

        self._read_signature = self._pending_signature
        self._history = list(records)
        latest: dict[str, SessionRecord] = {}
        for record in self._history:
            if not counts_as_exercised(record):
                continue
            known = latest.get(record.routine_id)
            if known is None or record.started_at > known.started_at:
                latest[record.routine_id] = record
        self._latest_by_routine = latest

    @property
    def history_read(self) -> bool:
        """Whether the history has been read (suggestions wait for it)."""
        return self._history is not None

    # -- plans ----------------------------------------------------------------

    def source(self, routine: Routine) -> PlanSource:
        """Whether the routine's plan is remembered, taken from its latest session, or its own."""
        remembered = routine.id in self._settings.plans
        return PlanSource(
            remembered=remembered,
            from_history=not remembered and self._latest(routine) is not None,
        )

    def plan_for(self, routine: Routine) -> SessionParams:
        """The routine's current plan (see the module's docstring for where it comes from)."""
        remembered = self._settings.plans.get(routine.id)
        if remembered is not None:
            return params_of(remembered)
        latest = self._latest(routine)
        return latest.params if latest is not None else routine_params(routine)

    def session_settings(
        self, routine: Routine, given: SessionSettings | None = None
    ) -> SessionSettings:
        """Settings for a session at the current plan; numbers in `given` win over the plan."""
        given = given or SessionSettings()
        plan = self.plan_for(routine)
        chosen = SessionParams(
            reps=given.reps if given.reps is not None else plan.reps,
            sets=given.sets if given.sets is not None else plan.sets,
            hold_s=given.hold_s if given.hold_s is not None else plan.hold_s,
            relax_s=given.relax_s if given.relax_s is not None else plan.relax_s,
            rest_s=given.rest_s if given.rest_s is not None else plan.rest_s,
        )
        return settings_from_params(routine, chosen, given.countdown_s)

    def remember(self, routine_id: str, params: SessionParams) -> str | None:
        """Make `params` the routine's plan from now on; the problem in one sentence, or None.

        The file is read again first, so nothing saved meanwhile is lost.
        A damaged file is left alone and the plan is not changed.
        """
        try:
            plan = plan_of(params)
            updated = self.settings_file.update(lambda fresh: fresh.with_plan(routine_id, plan))
        except SettingsFileError as problem:
            self.problem = str(problem)
            return self.problem
        self._settings = updated
        self.problem = None
        return None

    # -- suggestions ------------------------------------------------------------

    def suggestion_for(self, routine: Routine, routines: Sequence[Routine]) -> Suggestion | None:
        """What to do next with `routine`, or None until the history has been read."""
        if self._history is None:
            return None
        from isoback_tui.core.progression import RULE, suggest

        leads_to = RULE.ladder_for(routine).leads_to
        next_routine = next((r for r in routines if r.id == leads_to), None)
        next_plan = None
        if next_routine is not None and (
            next_routine.id in self._settings.plans or self._latest(next_routine) is not None
        ):
            next_plan = self.plan_for(next_routine)
        return suggest(
            routine,
            self.plan_for(routine),
            self._history,
            self._today(),
            next_routine=next_routine,
            next_plan=next_plan,
        )

    def _latest(self, routine: Routine) -> SessionRecord | None:
        """The routine's latest session in which a rep was done."""
        return self._latest_by_routine.get(routine.id)
