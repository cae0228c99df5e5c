"""Building up: when to suggest a step up or a step back, as a rule kept in data.

PRODUCT.md section 3b. The rule is the `ProgressionRule` below: how many
completed sessions at the same numbers are needed, how recent they must be,
how much more pain counts as a flare, and a small ladder of steps per
routine (reps first, toward the routine's full numbers; then sets). Both
the suggestion and its explanation in plain words are made from that one
value, so they can't disagree. `gentle-start` leads on to the full routine.

Pure: the caller passes the history and "today"; nothing changes by itself.
The user accepts a suggestion with one key, or ignores it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import Enum
from typing import Final

from isoback_tui.core.formatting import plural
from isoback_tui.core.record import (
    STATUS_COMPLETED,
    STATUS_ENDED_EARLY,
    SessionParams,
    SessionRecord,
)
from isoback_tui.core.routine import Routine


@dataclass(frozen=True)
class Ladder:
    """The steps one routine builds up by: rungs of reps, then of sets.

    Rungs above the routine's own numbers are never offered (the routine's
    numbers are always the top rung). `leads_to` names the routine to move
    on to once this one is done in full.
    """

    reps: tuple[int, ...]
    sets: tuple[int, ...] = ()
    leads_to: str | None = None


DEFAULT_REP_RUNGS: Final = (3, 5, 6, 8, 10, 12, 15, 20, 25, 30)
"""Rungs of reps for a routine the table does not name (a user's own routine)."""


@dataclass(frozen=True)
class ProgressionRule:
    """Everything the suggestion depends on, as data (PRODUCT.md 3b)."""

    sessions_needed: int = 3
    """Completed sessions at the current numbers, no worse after, before a step up."""
    recent_days: int = 28
    """Only sessions this many days back from today count toward a step up."""
    flare_rise: int = 2
    """Pain after this much above pain before is a flare: suggest a step back."""
    ladders: Mapping[str, Ladder] = field(
        default_factory=lambda: {
            "lowback-isometrics": Ladder(reps=(5, 6, 8, 10, 12, 15), sets=(1, 2, 3)),
            "gentle-start": Ladder(reps=(3, 4, 5), sets=(1,), leads_to="lowback-isometrics"),
        }
    )

    def ladder_for(self, routine: Routine) -> Ladder:
        """The routine's ladder, capped at its own numbers, the top rung always included."""
        top_reps, top_sets = routine.defaults.reps, routine.defaults.sets
        known = self.ladders.get(routine.id)
        reps = known.reps if known else DEFAULT_REP_RUNGS
        sets = known.sets if known and known.sets else tuple(range(1, top_sets + 1))
        return Ladder(
            reps=tuple(sorted({r for r in reps if r < top_reps} | {top_reps})),
            sets=tuple(sorted({s for s in sets if s < top_sets} | {top_sets})),
            leads_to=known.leads_to if known else None,
        )


RULE: Final = ProgressionRule()
"""The rule the app uses."""


class Direction(Enum):
    """What a suggestion asks of the user."""

    UP = "up"
    """A small step up: more reps, or one more set."""
    STEADY = "steady"
    """Keep going as you are (not enough sessions yet, or pain went up a little)."""
    BACK = "back"
    """A step back, after a flare."""
    FULL = "full"
    """At the routine's full numbers: nothing higher to suggest."""
    MOVE_ON = "move on"
    """This routine is done in full: move on to the routine it leads to."""


@dataclass(frozen=True)
class Suggestion:
    """What to do next for one routine, and why, in plain words."""

    direction: Direction
    routine_id: str
    """The routine `plan` is for (another routine when moving on)."""
    plan: SessionParams | None
    """The numbers to accept with one key; None when there is nothing to accept."""
    text: str
    """One or two sentences for the home screen."""

    @property
    def can_accept(self) -> bool:
        """Whether one key would change something."""
        return self.plan is not None


def plan_words(plan: SessionParams) -> str:
    """`8 reps`, or `15 reps x 2 sets` once there is more than one set."""
    reps = plural(plan.reps, "rep")
    return reps if plan.sets == 1 else f"{reps} x {plural(plan.sets, 'set')}"


def is_flare(record: SessionRecord, rule: ProgressionRule = RULE) -> bool:
    """Pain after clearly above before, or a session ended early and rated worse."""
    before, after = record.pain_before, record.pain_after
    if before is None or after is None:
        return False
    if after - before >= rule.flare_rise:
        return True
    return record.status == STATUS_ENDED_EARLY and after > before


def same_load(record: SessionRecord, plan: SessionParams) -> bool:
    """A session done at the plan's reps, sets and hold (relax and rest are comfort)."""
    p = record.params
    return p.reps == plan.reps and p.sets == plan.sets and p.hold_s == plan.hold_s


def step_up(routine: Routine, plan: SessionParams, rule: ProgressionRule = RULE) -> SessionParams:
    """The next rung: more reps toward the routine's, then one more set; never beyond it.

    Returns `plan` itself when it is already at (or beyond) the routine's numbers.
    """
    ladder = rule.ladder_for(routine)
    higher_reps = [r for r in ladder.reps if r > plan.reps]
    if higher_reps:
        return replace(plan, reps=higher_reps[0])
    higher_sets = [s for s in ladder.sets if s > plan.sets]
    if higher_sets and plan.reps >= ladder.reps[-1]:
        return replace(plan, sets=higher_sets[0])
    return plan


def step_back(routine: Routine, plan: SessionParams, rule: ProgressionRule = RULE) -> SessionParams:
    """The rung below, undoing a step up: one set fewer first, then fewer reps.

    Returns `plan` itself when it is already on the lowest rung.
    """
    ladder = rule.ladder_for(routine)
    lower_sets = [s for s in ladder.sets if s < plan.sets]
    if lower_sets:
        return replace(plan, sets=lower_sets[-1])
    lower_reps = [r for r in ladder.reps if r < plan.reps]
    if lower_reps:
        return replace(plan, reps=lower_reps[-1])
    return plan


def at_full(routine: Routine, plan: SessionParams, rule: ProgressionRule = RULE) -> bool:
    """Whether `plan` is at (or beyond) the top rung of reps and of sets."""
    ladder = rule.ladder_for(routine)
    return plan.reps >= ladder.reps[-1] and plan.sets >= ladder.sets[-1]


def suggest(
    routine: Routine,
    plan: SessionParams,
    history: Iterable[SessionRecord],
    today: date,
    *,
    next_routine: Routine | None = None,
    next_plan: SessionParams | None = None,
    rule: ProgressionRule = RULE,
) -> Suggestion:
    """What to do next with `routine` at `plan`, from the sessions in `history`.

    Only this routine's sessions at the plan's numbers count, newest first,
    up to the first at other numbers (the plan's own run). The newest being
    a flare suggests a step back. Otherwise completed sessions with pain
    after no higher than before (or not rated) count toward a step up, until
    the most recent flare; interrupted sessions and sessions ended early
    without more pain neither count nor break the run. Sessions older than
    `rule.recent_days` or dated after `today` are left out. `next_routine`
    is the routine this one leads to, `next_plan` its remembered plan if any.
    """
    oldest = today - timedelta(days=rule.recent_days - 1)
    ours = sorted(
        (r for r in history if r.routine_id == routine.id and r.started_at.date() <= today),
        key=lambda r: r.started_at,
        reverse=True,
    )
    run: list[SessionRecord] = []
    for record in ours:
        if not same_load(record, plan):
            break
        run.append(record)
    counted = 0
    unrated = 0
    worse = False
    newest = run[0] if run and run[0].started_at.date() >= oldest else None
    flare = newest if newest is not None and is_flare(newest, rule) else None
    for record in run:
        if record.started_at.date() < oldest or is_flare(record, rule):
            break
        if record.status != STATUS_COMPLETED:
            continue
        if record.pain_before is None or record.pain_after is None:
            unrated += 1
        elif record.pain_after > record.pain_before:
            worse = True
            continue
        counted += 1
    now_words = plan_words(plan)
    if flare is not None:
        lower = step_back(routine, plan, rule)
        flare_words = (
            f"Your last session of {now_words} ended with more pain "
            f"({flare.pain_before} -> {flare.pain_after})"
        )
        if lower == plan:
            return Suggestion(
                Direction.BACK,
                routine.id,
                None,
                f"{flare_words}. This is the lightest step: rest a day or two, "
                "and ask your physiotherapist if it keeps happening.",
            )
        return Suggestion(
            Direction.BACK,
            routine.id,
            lower,
            f"{flare_words}: step back to {plan_words(lower)}?",
        )
    higher = step_up(routine, plan, rule)
    moves_on = next_routine is not None and at_full(routine, plan, rule)
    if higher == plan and not moves_on:
        return Suggestion(
            Direction.FULL,
            routine.id,
            None,
            f"{now_words.capitalize()} is {routine.name} in full. "
            + (
                "Keep it up."
                if counted >= rule.sessions_needed
                else "If that is too much, start with fewer reps and build up."
            ),
        )
    if counted < rule.sessions_needed:
        more = rule.sessions_needed - counted
        why = " (pain went up a little last time)" if worse else ""
        step = f"moving on to {next_routine.name}" if moves_on and next_routine else "a step up"
        return Suggestion(
            Direction.STEADY,
            routine.id,
            None,
            f"Keep to {now_words}{why}: {plural(more, 'more completed session')} "
            f"without more pain before {step}.",
        )
    done = f"You did {plural(counted, 'session')} of {now_words} without more pain"
    if unrated:
        done += f" ({unrated} not rated)"
    if higher != plan:
        return Suggestion(Direction.UP, routine.id, higher, f"{done}: try {plan_words(higher)}?")
    assert next_routine is not None  # at the top: either in full (above) or moving on
    target = next_plan if next_plan is not None else _entry_plan(routine, next_routine, rule)
    return Suggestion(
        Direction.MOVE_ON,
        next_routine.id,
        target,
        f"{done}: move on to {next_routine.name} at {plan_words(target)}?",
    )


def _entry_plan(done: Routine, leads_to: Routine, rule: ProgressionRule) -> SessionParams:
    """Where to join the next routine: one rung above the reps done in full, one set."""
    d = leads_to.defaults
    ladder = rule.ladder_for(leads_to)
    start = SessionParams(
        reps=min((r for r in ladder.reps if r >= done.defaults.reps), default=d.reps),
        sets=ladder.sets[0],
        hold_s=d.hold_s,
        relax_s=d.relax_s,
        rest_s=d.rest_s,
    )
    return step_up(leads_to, start, rule)


def explain(
    routine: Routine, rule: ProgressionRule = RULE, *, next_routine: Routine | None = None
) -> str:
    """The rule for `routine` in plain words, made from the same data as the suggestion.

    `next_routine`, when given, names the routine this one leads to by its name.
    """
    ladder = rule.ladder_for(routine)
    reps = ", ".join(str(r) for r in ladder.reps)
    steps = f"reps first ({reps})"
    if len(ladder.sets) > 1:
        steps += f", then sets ({', '.join(str(s) for s in ladder.sets)})"
    text = (
        f"After {plural(rule.sessions_needed, 'completed session')} at the same numbers "
        f"in the last {rule.recent_days} days, with pain after no higher than before "
        f"(or not rated), isoback suggests a small step up: {steps}, never beyond "
        f"the routine's own numbers. If pain after is {rule.flare_rise} or more above "
        "before, or a session ended early with more pain, it suggests a step back."
    )
    if ladder.leads_to:
        name = next_routine.name if next_routine is not None else ladder.leads_to
        text += f" Done in full, this routine leads on to {name}."
    return text + " Nothing changes until you accept."
