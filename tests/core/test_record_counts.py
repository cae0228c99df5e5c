"""A record's counts must fit its own plan: `check_counts` (asked of every import)
refuses reps the session never planned; a history is read as it is.

The record keeps the total `reps_planned` and each set's counts, not each
exercise's reps and sets (a routine may set them per exercise), so what is
refused is what no plan can hold: more reps done and skipped than planned,
and sets that need more reps than planned (every set of an exercise plans
as many reps as its fullest set counts). Honest sessions, with per-exercise
numbers too, still read back.
"""

from __future__ import annotations

from typing import Any

import pytest

from isoback_tui.core.record import (
    STATUS_COMPLETED,
    STATUS_INTERRUPTED,
    ExerciseRecord,
    RecordError,
    SessionParams,
    SessionRecord,
    SetRecord,
    check_counts,
)
from tests.core.record_builders import at, make_record


def session(
    sets: list[list[tuple[int, int]]], reps_planned: int, status: str = STATUS_INTERRUPTED
) -> dict[str, Any]:
    """A session's JSON with these (done, skipped) counts per exercise and set."""
    record = make_record(
        at("2026-11-23 07:30"),
        status=status,
        ended_at=None,
        params=SessionParams(reps=5, sets=1, hold_s=5, relax_s=5, rest_s=20),
        exercises=[
            ExerciseRecord(f"ex{i}", f"Exercise {i}", [SetRecord(d, s) for d, s in one])
            for i, one in enumerate(sets)
        ],
        reps_planned=reps_planned,
    )
    return record.to_dict()


def refusal(data: dict[str, Any]) -> str:
    record = SessionRecord.from_dict(data)  # the shape is sound: a history reads it
    with pytest.raises(RecordError) as caught:
        check_counts(record)
    return str(caught.value)


REFUSED = {
    "180 done of 8 planned": (
        session([[(180, 0)], [], [], []], 8),
        "field 'reps_planned' (8) is less than the reps done and skipped (180)",
    ),
    "skipped reps count too": (
        session([[(5, 0)], [(0, 4)]], 8),
        "field 'reps_planned' (8) is less than the reps done and skipped (9)",
    ),
    "no reps planned at all": (
        session([[(1, 0)]], 0),
        "field 'reps_planned' (0) is less than the reps done and skipped (1)",
    ),
    "a second set needs as many as the first": (
        session([[(15, 0), (1, 0)], [], [], []], 20),
        "field 'exercises[0].sets' does not fit 'reps_planned' (20): one of its 2 sets "
        "counts 15, so they need 30",
    ),
    "the exercises together need more": (
        session([[(10, 0), (1, 0)], [(9, 1), (0, 0)]], 30),
        "field 'reps_planned' (30) is less than its exercises need (40), each planning for "
        "every set it started as many reps as its fullest set counts",
    ),
    "huge counts stay short": (
        session([[(10**20, 0)]], 8),
        "field 'reps_planned' (8) is less than the reps done and skipped (a number of 21 digits)",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_counts_that_no_plan_can_hold_are_refused_naming_the_field(case: str) -> None:
    data, sentence = REFUSED[case]
    assert refusal(data) == sentence


@pytest.mark.parametrize("status", [STATUS_COMPLETED, STATUS_INTERRUPTED])
def test_the_refusal_is_the_same_for_every_status(status: str) -> None:
    data = session([[(180, 0)], [], [], []], 8, status=status)
    assert "'reps_planned' (8)" in refusal(data)


def test_a_refusal_also_comes_when_the_totals_are_left_out() -> None:
    data = session([[(9, 0)]], 8)
    del data["reps_done"], data["reps_skipped"]
    assert refusal(data) == "field 'reps_planned' (8) is less than the reps done and skipped (9)"


def test_sets_that_do_not_arrive_as_plain_dicts_are_counted_too() -> None:
    data = session([[(3, 0), (2, 0)]], 5)
    data["exercises"][0]["sets"][0] = _NotADict(data["exercises"][0]["sets"][0])
    assert refusal(data) == (
        "field 'exercises[0].sets' does not fit 'reps_planned' (5): one of its 2 sets "
        "counts 3, so they need 6"
    )


class _NotADict(dict[str, Any]):
    """A mapping that is not exactly `dict`: it takes the slower, checked path."""


HONEST = {
    "every rep done": ([[(5, 0)]] * 4, 20),
    "an exercise of its own numbers (20 reps x 3 sets among 15 x 3)": (
        [[(20, 0)] * 3] + [[(15, 0)] * 3] * 3,
        60 + 135,
    ),
    "fewer reps for one exercise than params.reps": ([[(2, 0)], [(5, 0)]], 7),
    "interrupted in the second set, one skipped": ([[(5, 0), (2, 1)], [], [], []], 40),
    "a set started, nothing counted yet": ([[(5, 0)], [(0, 0)]], 10),
    "nothing started": ([[], [], []], 3),
    "exactly the plan": ([[(3, 0), (2, 1)], [(1, 2), (0, 3)]], 12),
}


@pytest.mark.parametrize("case", list(HONEST))
def test_honest_sessions_still_read_back(case: str) -> None:
    sets, planned = HONEST[case]
    data = session(sets, planned)
    record = SessionRecord.from_dict(data)
    check_counts(record)
    assert record.to_dict() == data
