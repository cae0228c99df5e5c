"""The figures of `isoback report`: what a physiotherapist wants to see, as data.

Pure: the caller passes the sessions and "today". Renderers (markdown, CSV,
HTML) only lay these figures out; none computes anything of its own. A
session belongs to the date of its own `started_at` (see `stats`); weeks
run Monday to Sunday, cut to the period at both ends, and a cut week's
target is scaled to the days it has. Reps, completion and time under
tension count the sessions in which a rep was done (a start abandoned at
once is no session); pain counts every rating given.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from isoback_tui.core.record import SessionRecord
from isoback_tui.core.stats import counts_as_exercised, session_day, streak_days

DEFAULT_TARGET_PER_WEEK: Final = 7
MAX_TARGET_PER_WEEK: Final = 50

_SINCE = re.compile(r"^(?P<count>\d{1,4})(?P<unit>[dw])$")


class PeriodError(ValueError):
    """A `--since` that can't be read; the message is one sentence for the user."""


def parse_since(text: str) -> int | None:
    """`30d` -> 30 days, `12w` -> 84 days, `all` -> None (the whole history)."""
    text = text.strip().lower()
    if text == "all":
        return None
    match = _SINCE.match(text)
    if match is None or int(match["count"]) == 0:
        raise PeriodError(
            f"--since takes a number of days or weeks, like 30d or 12w, or all; not {text!r}"
        )
    count = int(match["count"])
    return count * 7 if match["unit"] == "w" else count


@dataclass(frozen=True)
class WeekFigures:
    """One week (Monday to Sunday, cut to the period) of the report."""

    start: date
    end: date
    sessions: int
    """Sessions with at least one rep done."""
    target: float
    """Sessions the plan asks for in these days (the weekly target, scaled for a cut week)."""
    reps_done: int
    reps_planned: int
    hold_s: float
    pain_before_mean: float | None
    pain_after_mean: float | None

    @property
    def adherence_pct(self) -> float | None:
        """Sessions done as a share of the target (may pass 100)."""
        return 100 * self.sessions / self.target if self.target else None

    @property
    def completion_pct(self) -> float | None:
        """Reps done as a share of the reps planned in this week's sessions."""
        return 100 * self.reps_done / self.reps_planned if self.reps_planned else None


@dataclass(frozen=True)
class ExerciseFigures:
    """One exercise across the period: reps done and skipped, and of how many planned."""

    id: str
    name: str
    reps_done: int
    reps_skipped: int
    reps_planned: int | None
    """None when a routine's own per-exercise numbers make it unknowable from the records."""

    @property
    def completion_pct(self) -> float | None:
        """Reps done as a share of the reps planned for this exercise."""
        return 100 * self.reps_done / self.reps_planned if self.reps_planned else None


@dataclass(frozen=True)
class SidePair:
    """Two exercises that are mirror images (`...-right` and `...-left`)."""

    right: ExerciseFigures
    left: ExerciseFigures


@dataclass(frozen=True)
class PainPoint:
    """The mean pain ratings of one day."""

    day: date
    before: float | None
    after: float | None


@dataclass(frozen=True)
class NoteEntry:
    """A note written about a session, with its date and routine."""

    day: date
    routine_name: str
    text: str


@dataclass(frozen=True)
class Report:
    """Every figure of the report, for one period ending today."""

    start: date
    end: date
    target_per_week: int
    sessions: int
    """Sessions with at least one rep done in the period."""
    sessions_recorded: int
    """Every session recorded in the period, whatever its status."""
    days_exercised: int
    reps_done: int
    reps_skipped: int
    reps_planned: int
    hold_s: float
    pain_before_mean: float | None
    pain_after_mean: float | None
    pain_change_mean: float | None
    """Mean of (after - before) over sessions rated both times; negative is better."""
    pain_before_trend: float | None
    """Least-squares slope of the daily pain before, in points per week."""
    pain_after_trend: float | None
    """Least-squares slope of the daily pain after, in points per week."""
    pain_rated: int
    """Sessions rated both before and after."""
    longest_streak: int
    current_streak: int
    weeks: tuple[WeekFigures, ...]
    exercises: tuple[ExerciseFigures, ...]
    sides: tuple[SidePair, ...]
    pain_days: tuple[PainPoint, ...]
    notes: tuple[NoteEntry, ...]

    @property
    def completion_pct(self) -> float | None:
        """Reps done as a share of the reps planned, over the period."""
        return 100 * self.reps_done / self.reps_planned if self.reps_planned else None

    @property
    def target_total(self) -> float:
        """Sessions the plan asked for over the whole period."""
        return sum(week.target for week in self.weeks)

    @property
    def adherence_pct(self) -> float | None:
        """Sessions done as a share of the sessions asked for, over the period."""
        total = self.target_total
        return 100 * self.sessions / total if total else None


def _mean(values: Sequence[float]) -> float | None:
    return statistics.fmean(values) if values else None


def _befores(records: Iterable[SessionRecord]) -> list[float]:
    return [r.pain_before for r in records if r.pain_before is not None]


def _afters(records: Iterable[SessionRecord]) -> list[float]:
    return [r.pain_after for r in records if r.pain_after is not None]


def _slope_per_week(points: Sequence[tuple[date, float]]) -> float | None:
    """Least-squares slope in points per week, or None with fewer than two distinct days."""
    if len({day for day, _ in points}) < 2:
        return None
    xs = [day.toordinal() for day, _ in points]
    ys = [value for _, value in points]
    return statistics.linear_regression(xs, ys).slope * 7


def _longest_streak(days: set[date]) -> int:
    longest = 0
    for day in days:
        if day - timedelta(days=1) in days:
            continue  # not the first day of a run
        run = 1
        while day + timedelta(days=run) in days:
            run += 1
        longest = max(longest, run)
    return longest


def _planned_per_exercise(record: SessionRecord) -> int | None:
    """Reps planned for each exercise, when every exercise had the session-wide numbers."""
    each = record.params.reps * record.params.sets
    if record.exercises and each * len(record.exercises) == record.reps_planned:
        return each
    return None


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def build_report(
    records: Iterable[SessionRecord],
    today: date,
    since_days: int | None = 30,
    target_per_week: int = DEFAULT_TARGET_PER_WEEK,
) -> Report:
    """The report's figures over the `since_days` days ending `today` (None: all history).

    Sessions dated after `today` (a clock that was wrong) are left out.
    """
    every = [r for r in records if session_day(r) <= today]
    if since_days is None:
        start = min((session_day(r) for r in every), default=today)
    else:
        start = today - timedelta(days=since_days - 1)
    chosen = sorted((r for r in every if session_day(r) >= start), key=lambda r: r.started_at)
    done = [r for r in chosen if counts_as_exercised(r)]
    days = {session_day(r) for r in done}
    all_days = {session_day(r) for r in every if counts_as_exercised(r)}
    rated = [r for r in chosen if r.pain_before is not None and r.pain_after is not None]

    by_day: dict[date, tuple[list[int], list[int]]] = {}
    for record in chosen:
        befores, afters = by_day.setdefault(session_day(record), ([], []))
        if record.pain_before is not None:
            befores.append(record.pain_before)
        if record.pain_after is not None:
            afters.append(record.pain_after)
    pain_days = tuple(
        PainPoint(day, _mean(b), _mean(a)) for day, (b, a) in sorted(by_day.items()) if b or a
    )
    before_points = [(p.day, p.before) for p in pain_days if p.before is not None]
    after_points = [(p.day, p.after) for p in pain_days if p.after is not None]

    exercises = _exercise_figures(done)
    return Report(
        start=start,
        end=today,
        target_per_week=target_per_week,
        sessions=len(done),
        sessions_recorded=len(chosen),
        days_exercised=len(days),
        reps_done=sum(r.reps_done for r in done),
        reps_skipped=sum(r.reps_skipped for r in done),
        reps_planned=sum(r.reps_planned for r in done),
        hold_s=sum(r.hold_s_total for r in done),
        pain_before_mean=_mean(_befores(chosen)),
        pain_after_mean=_mean(_afters(chosen)),
        pain_change_mean=_mean(
            [
                r.pain_after - r.pain_before
                for r in rated
                if r.pain_after is not None and r.pain_before is not None
            ]
        ),
        pain_before_trend=_slope_per_week(before_points),
        pain_after_trend=_slope_per_week(after_points),
        pain_rated=len(rated),
        longest_streak=_longest_streak(days),
        current_streak=streak_days(all_days, today),
        weeks=_weeks(chosen, start, today, target_per_week),
        exercises=exercises,
        sides=_sides(exercises),
        pain_days=pain_days,
        notes=tuple(
            NoteEntry(session_day(r), r.routine_name, r.note) for r in chosen if r.note.strip()
        ),
    )


def _weeks(
    chosen: Sequence[SessionRecord], start: date, today: date, target: int
) -> tuple[WeekFigures, ...]:
    weeks: list[WeekFigures] = []
    by_week: dict[date, list[SessionRecord]] = {}  # each session read once, not once a week
    for record in chosen:
        day = session_day(record)
        if start <= day <= today:
            by_week.setdefault(_week_start(day), []).append(record)
    monday = _week_start(start)
    while monday <= today:
        first = max(monday, start)
        last = min(monday + timedelta(days=6), today)
        inside = by_week.get(monday, [])
        worked = [r for r in inside if counts_as_exercised(r)]
        weeks.append(
            WeekFigures(
                start=first,
                end=last,
                sessions=len(worked),
                target=target * ((last - first).days + 1) / 7,
                reps_done=sum(r.reps_done for r in worked),
                reps_planned=sum(r.reps_planned for r in worked),
                hold_s=sum(r.hold_s_total for r in worked),
                pain_before_mean=_mean(_befores(inside)),
                pain_after_mean=_mean(_afters(inside)),
            )
        )
        monday += timedelta(days=7)
    return tuple(weeks)


def _exercise_figures(chosen: Sequence[SessionRecord]) -> tuple[ExerciseFigures, ...]:
    order: list[str] = []
    names: dict[str, str] = {}
    done: dict[str, int] = {}
    skipped: dict[str, int] = {}
    planned: dict[str, int | None] = {}
    for record in chosen:
        each = _planned_per_exercise(record)
        for exercise in record.exercises:
            key = exercise.id
            if key not in names:
                order.append(key)
                done[key] = skipped[key] = 0
                planned[key] = 0
            names[key] = exercise.name  # the newest name wins
            done[key] += exercise.reps_done
            skipped[key] += exercise.reps_skipped
            so_far = planned[key]
            planned[key] = None if so_far is None or each is None else so_far + each
    return tuple(
        ExerciseFigures(key, names[key], done[key], skipped[key], planned[key]) for key in order
    )


def _sides(exercises: Sequence[ExerciseFigures]) -> tuple[SidePair, ...]:
    by_id = {e.id: e for e in exercises}
    pairs = []
    for exercise in exercises:
        if exercise.id.endswith("-right"):
            left = by_id.get(exercise.id.removesuffix("-right") + "-left")
            if left is not None:
                pairs.append(SidePair(right=exercise, left=left))
    return tuple(pairs)
