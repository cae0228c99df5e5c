"""`history --json` is `json.dumps(indent=2, ensure_ascii=False)` of `to_dict()`, byte for byte."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from isoback_tui.cli.formats import write_json
from isoback_tui.core.record import (
    STATUSES,
    ExerciseRecord,
    SessionParams,
    SessionRecord,
    SetRecord,
)
from isoback_tui.core.text import escape_json


def _records() -> st.SearchStrategy[SessionRecord]:
    offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
        lambda minutes: timezone(timedelta(minutes=minutes))
    )
    moments = st.builds(
        lambda naive, tz: naive.replace(tzinfo=tz),
        st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1)),
        offsets,
    )
    counts = st.integers(min_value=0, max_value=10**6)
    seconds = st.one_of(
        st.integers(min_value=0, max_value=10**6),
        st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False),
    )
    sets = st.builds(SetRecord, counts, counts)
    exercises = st.builds(ExerciseRecord, st.text(), st.text(), st.lists(sets, max_size=3))
    pains = st.none() | st.integers(min_value=0, max_value=10)
    return st.builds(
        SessionRecord,
        id=st.text(min_size=1),
        routine_id=st.text(),
        routine_name=st.text(),
        started_at=moments,
        params=st.builds(SessionParams, counts, counts, seconds, seconds, seconds),
        exercises=st.lists(exercises, max_size=4),
        reps_planned=counts,
        ended_at=st.none() | moments,
        status=st.sampled_from(STATUSES),
        hold_s_total=seconds,
        paused_s=seconds,
        duration_s=seconds,
        pain_before=pains,
        pain_after=pains,
        note=st.text(),
    )


@given(st.lists(_records(), max_size=3))
def test_write_json_is_the_standard_library_encoding_of_to_dict(
    records: list[SessionRecord],
) -> None:
    out = io.StringIO()
    write_json(records, out)
    standard = json.dumps([r.to_dict() for r in records], indent=2, ensure_ascii=False)
    assert out.getvalue() == escape_json(standard) + "\n"
