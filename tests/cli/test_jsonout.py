"""The fast indented JSON writer matches the standard library byte for byte."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from isoback_tui.cli.jsonout import dumps_indented, session_element, write_array
from isoback_tui.core.record import (
    STATUSES,
    ExerciseRecord,
    SessionParams,
    SessionRecord,
    SetRecord,
)

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)


@given(JSON)
def test_dumps_indented_matches_json_dumps(value: Any) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


@given(st.lists(JSON, max_size=5))
def test_write_array_matches_json_dumps(items: list[Any]) -> None:
    out = io.StringIO()
    write_array(iter(items), out)
    assert out.getvalue() == json.dumps(items, indent=2, ensure_ascii=False)


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


@given(_records())
def test_session_element_matches_the_generic_encoder_of_to_dict(record: SessionRecord) -> None:
    assert session_element(record) == dumps_indented(record.to_dict(), level=1)
