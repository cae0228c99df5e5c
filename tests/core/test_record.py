"""The session record's JSON shape (PRODUCT.md section 4) and the sentence each bad field gets.

`from_dict` is what reads every session: the history file, a running
session's file and `isoback import`. Each refusal is one sentence naming
the field; the store and the import put the file (and the session) in front.
"""

from __future__ import annotations

import copy
import json
from types import MappingProxyType
from typing import Any

import pytest
from tinydb.table import Document

from isoback_tui.core.limits import (
    MAX_EXERCISES,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_REPS,
    MAX_SECONDS,
    MAX_SESSION_S,
    MAX_SETS,
)
from isoback_tui.core.record import (
    STATUSES,
    ExerciseRecord,
    RecordError,
    SessionRecord,
    SetRecord,
    check_bounds,
)
from tests.core.record_builders import at, make_record


def good() -> dict[str, Any]:
    """A sound session as `history --json` writes it: two exercises, four sets."""
    record = make_record(
        at("2026-11-23 07:30", offset_hours=1),
        reps_done=15,
        reps_skipped=0,
        pain_before=3,
        pain_after=2,
        note="felt fine",
    )
    record.exercises = record.exercises[:2]
    record.exercises[1].sets[1].reps_skipped = 3
    return record.to_dict()


def refusal(data: Any) -> str:
    with pytest.raises(RecordError) as caught:
        SessionRecord.from_dict(data)
    return str(caught.value)


def changed(path: str, value: Any) -> dict[str, Any]:
    """`good()` with the value at a dotted path (`exercises.0.sets.1.reps_done`) replaced."""
    data = good()
    *parents, last = path.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value
    return data


def removed(path: str) -> dict[str, Any]:
    data = good()
    *parents, last = path.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    del target[last]
    return data


# -- what is read back -----------------------------------------------------------


def test_every_field_comes_back_as_written() -> None:
    data = good()
    record = SessionRecord.from_dict(data)
    assert record.to_dict() == data
    assert (record.reps_done, record.reps_skipped) == (15 + 15 + 12, 3)
    assert [e.reps_done for e in record.exercises] == [15, 27]
    assert [e.reps_skipped for e in record.exercises] == [0, 3]
    assert record.started_at.utcoffset() is not None
    assert record.started_at == at("2026-11-23 07:30", offset_hours=1)


def test_the_json_keys_are_the_contract_in_order() -> None:
    assert list(good()) == [
        "id", "routine_id", "routine_name", "started_at", "ended_at", "status", "params",
        "exercises", "reps_done", "reps_skipped", "reps_planned", "hold_s_total",
        "paused_s", "duration_s", "pain_before", "pain_after", "note",
    ]  # fmt: skip
    assert list(good()["params"]) == ["reps", "sets", "hold_s", "relax_s", "rest_s"]
    assert good()["exercises"][1]["sets"][1] == {"reps_done": 12, "reps_skipped": 3}


def test_seconds_are_kept_to_the_millisecond() -> None:
    record = make_record(at("2026-11-23 07:30"), duration_s=100.12349, paused_s=1.0005)
    record.hold_s_total = 2.00049
    data = record.to_dict()
    assert (data["duration_s"], data["paused_s"], data["hold_s_total"]) == (100.123, 1.0, 2.0)


def test_totals_may_be_left_out_and_are_then_the_per_set_sums() -> None:
    data = good()
    del data["reps_done"], data["reps_skipped"]
    record = SessionRecord.from_dict(data)
    assert (record.reps_done, record.reps_skipped) == (42, 3)


def test_a_session_under_way_has_no_end_and_no_sets_yet() -> None:
    data = changed("ended_at", None)
    data["status"] = "in_progress"
    for exercise in data["exercises"]:
        exercise["sets"] = []
    data["reps_done"] = data["reps_skipped"] = 0
    record = SessionRecord.from_dict(data)
    assert record.ended_at is None and record.status == "in_progress"
    assert record.reps_done == 0


@pytest.mark.parametrize("pain", [0, 10, None])
def test_pain_from_0_to_10_or_none_is_accepted(pain: int | None) -> None:
    data = changed("pain_before", pain)
    data["pain_after"] = pain
    record = SessionRecord.from_dict(data)
    assert (record.pain_before, record.pain_after) == (pain, pain)


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_is_accepted(status: str) -> None:
    assert SessionRecord.from_dict(changed("status", status)).status == status


def test_whole_seconds_stay_whole_and_fractions_stay_fractions() -> None:
    data = changed("params.hold_s", 5)
    data["params"]["relax_s"] = 2.5
    params = SessionRecord.from_dict(data).params
    assert (params.hold_s, type(params.hold_s)) == (5, int)
    assert (params.relax_s, type(params.relax_s)) == (2.5, float)


def test_zero_is_a_valid_count_and_a_valid_number_of_seconds() -> None:
    data = changed("exercises.0.sets.0.reps_done", 0)
    data["reps_done"] -= 15
    data["params"]["rest_s"] = 0
    data["paused_s"] = 0
    record = SessionRecord.from_dict(data)
    assert record.exercises[0].sets[0].reps_done == 0
    assert (record.params.rest_s, record.paused_s) == (0, 0)


# -- what is refused, and the sentence that says why -------------------------------


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        (changed("reps_done", 41), "field 'reps_done' does not match the per-set counts"),
        (changed("reps_done", 43), "field 'reps_done' does not match the per-set counts"),
        (changed("reps_skipped", 0), "field 'reps_skipped' does not match the per-set counts"),
        (changed("reps_done", -1), "field 'reps_done' must be a whole number of zero or more"),
    ],
)
def test_totals_that_disagree_with_the_sets_are_refused(data: Any, sentence: str) -> None:
    assert refusal(data) == sentence


def test_a_negative_count_in_a_set_is_refused_even_when_the_totals_balance() -> None:
    data = changed("exercises.0.sets.0", {"reps_done": 16, "reps_skipped": -1})
    data["reps_done"] += 1
    data["reps_skipped"] -= 1
    assert refusal(data) == (
        "field 'exercises[0].sets[0].reps_skipped' must be a whole number of zero or more"
    )
    data = changed("exercises.0.sets.0", {"reps_done": -1, "reps_skipped": 16})
    assert refusal(data) == (
        "field 'exercises[0].sets[0].reps_done' must be a whole number of zero or more"
    )


@pytest.mark.parametrize(
    ("path", "value", "sentence"),
    [
        ("exercises.1.sets.1", [12, 3], "exercises[1].sets[1] must be a JSON object"),
        ("exercises.1.sets.1", None, "exercises[1].sets[1] must be a JSON object"),
        (
            "exercises.1.sets.1.reps_done",
            "12",
            "field 'exercises[1].sets[1].reps_done' must be a whole number of zero or more",
        ),
        (
            "exercises.1.sets.1.reps_done",
            12.0,
            "field 'exercises[1].sets[1].reps_done' must be a whole number of zero or more",
        ),
        (
            "exercises.1.sets.1.reps_skipped",
            True,
            "field 'exercises[1].sets[1].reps_skipped' must be a whole number of zero or more",
        ),
        ("exercises.1", "Knees-in", "exercises[1] must be a JSON object"),
        ("exercises.1.sets", {"0": {}}, "field 'exercises[1].sets' must be a list"),
        ("exercises.1.id", 7, "field 'exercises[1].id' must be a string"),
        ("exercises.1.name", None, "field 'exercises[1].name' must be a string"),
        ("exercises", {}, "field 'exercises' must be a list"),
        ("params", [15, 3, 5, 3, 20], "field 'params' must be a JSON object"),
        ("params.reps", 15.5, "field 'params.reps' must be a whole number of zero or more"),
        ("params.sets", False, "field 'params.sets' must be a whole number of zero or more"),
        ("params.hold_s", "5", "field 'params.hold_s' must be a number of zero or more"),
        ("params.relax_s", -0.5, "field 'params.relax_s' must be a number of zero or more"),
        ("params.rest_s", True, "field 'params.rest_s' must be a number of zero or more"),
        ("id", "", "field 'id' is empty"),
        ("id", 42, "field 'id' must be a string"),
        ("routine_name", None, "field 'routine_name' must be a string"),
        ("note", 0, "field 'note' must be a string"),
        ("status", "done", "field 'status' must be one of " + ", ".join(STATUSES)),
        ("reps_planned", -3, "field 'reps_planned' must be a whole number of zero or more"),
        ("duration_s", -1, "field 'duration_s' must be a number of zero or more"),
        ("pain_before", 11, "field 'pain_before' must be a whole number from 0 to 10, or null"),
        ("pain_after", -1, "field 'pain_after' must be a whole number from 0 to 10, or null"),
        ("pain_after", 2.0, "field 'pain_after' must be a whole number from 0 to 10, or null"),
        ("pain_before", True, "field 'pain_before' must be a whole number from 0 to 10, or null"),
        ("started_at", 1732345800, "field 'started_at' must be an ISO-8601 date and time"),
        (
            "started_at",
            "yesterday",
            "field 'started_at' is not an ISO-8601 date and time: 'yesterday'",
        ),
        (
            "ended_at",
            "2026-11-23T08:00:00",
            "field 'ended_at' has no UTC offset: '2026-11-23T08:00:00'",
        ),
    ],
)
def test_each_bad_field_is_one_sentence_naming_it(path: str, value: Any, sentence: str) -> None:
    assert refusal(changed(path, value)) == sentence


@pytest.mark.parametrize(
    ("path", "sentence"),
    [
        ("exercises.0.sets.0.reps_skipped", "field 'exercises[0].sets[0].reps_skipped' is missing"),
        ("exercises.1.id", "field 'exercises[1].id' is missing"),
        ("exercises.1.name", "field 'exercises[1].name' is missing"),
        ("params.rest_s", "field 'params.rest_s' is missing"),
        ("params", "field 'params' must be a JSON object"),
        ("exercises", "field 'exercises' must be a list"),
        ("note", "field 'note' is missing"),
        ("pain_after", "field 'pain_after' is missing"),
        ("started_at", "field 'started_at' must be an ISO-8601 date and time"),
        ("hold_s_total", "field 'hold_s_total' is missing"),
    ],
)
def test_each_missing_field_is_named(path: str, sentence: str) -> None:
    assert refusal(removed(path)) == sentence


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
@pytest.mark.parametrize("key", ["hold_s_total", "paused_s", "duration_s", "params.hold_s"])
def test_nan_and_infinities_are_refused(key: str, value: float) -> None:
    assert refusal(changed(key, value)) == f"field '{key}' must be a number of zero or more"


def test_nan_as_json_reads_it_is_refused_too() -> None:
    text = json.dumps(good()).replace('"paused_s": 0', '"paused_s": NaN')
    assert "NaN" in text
    assert refusal(json.loads(text)) == "field 'paused_s' must be a number of zero or more"


@pytest.mark.parametrize("data", [None, [], "a session", 3])
def test_something_that_is_not_an_object_is_refused(data: Any) -> None:
    assert refusal(data) == "the session must be a JSON object"


def test_a_long_bad_date_is_quoted_short_and_literal() -> None:
    sentence = refusal(changed("started_at", "\x1b[31m" + "x" * 500))
    assert sentence.startswith("field 'started_at' is not an ISO-8601 date and time: '")
    assert "\x1b" not in sentence and len(sentence) < 120


def test_any_mapping_reads_like_a_plain_dict() -> None:
    # The history hands `from_dict` TinyDB Documents (dict subclasses); any mapping
    # is read and counted the same as a dict, wherever it sits.
    data = changed("exercises.0.sets.0", {"reps_done": 13, "reps_skipped": 2})
    data["reps_done"], data["reps_skipped"] = 40, 5
    expected = copy.deepcopy(data)
    data["params"] = MappingProxyType(data["params"])
    data["exercises"][1]["sets"][1] = MappingProxyType(data["exercises"][1]["sets"][1])
    data["exercises"][1] = MappingProxyType(data["exercises"][1])
    record = SessionRecord.from_dict(Document(data, doc_id=1))
    assert record.to_dict() == expected
    assert (record.reps_done, record.reps_skipped) == (40, 5)


# -- the limits an imported session is held to ----------------------------------------


def bounded(path: str, value: Any) -> str | None:
    """check_bounds' sentence for `good()` with one change, or None when it passes."""
    data = changed(path, value)
    del data["reps_done"], data["reps_skipped"]
    if ".sets." in path:  # room in the plan for the set's count, so the bound is what refuses
        data["reps_planned"] = MAX_EXERCISES * MAX_SETS * MAX_REPS
    record = SessionRecord.from_dict(data)
    try:
        check_bounds(record)
    except RecordError as error:
        return str(error)
    return None


@pytest.mark.parametrize(
    ("change", "most"),
    [
        ("id", MAX_NAME_CHARS),
        ("routine_id", MAX_NAME_CHARS),
        ("routine_name", MAX_NAME_CHARS),
        ("note", MAX_NOTE_CHARS),
        ("exercises.1.id", MAX_NAME_CHARS),
        ("exercises.1.name", MAX_NAME_CHARS),
    ],
)
def test_each_text_is_held_to_its_length_and_named(change: str, most: int) -> None:
    field_name = change.replace("exercises.1.", "exercises[1].")
    assert bounded(change, "x" * most) is None
    assert bounded(change, "x" * (most + 1)) == (
        f"field '{field_name}' is longer than {most} characters ({most + 1})"
    )
    assert bounded(change, "ok \udcff") == (
        f"field '{field_name}' is not valid Unicode (it holds a lone surrogate)"
    )


@pytest.mark.parametrize(
    ("change", "most"),
    [
        ("params.reps", MAX_REPS),
        ("params.sets", MAX_SETS),
        ("params.hold_s", MAX_SECONDS),
        ("params.relax_s", MAX_SECONDS),
        ("params.rest_s", MAX_SECONDS),
        ("reps_planned", MAX_EXERCISES * MAX_SETS * MAX_REPS),
        ("hold_s_total", MAX_SESSION_S),
        ("paused_s", MAX_SESSION_S),
        ("duration_s", MAX_SESSION_S),
        ("exercises.1.sets.1.reps_done", MAX_REPS),
        ("exercises.1.sets.1.reps_skipped", MAX_REPS),
    ],
)
def test_each_number_is_held_to_its_limit_and_named(change: str, most: int) -> None:
    field_name = change.replace("exercises.1.sets.1.", "exercises[1].sets[1].")
    assert bounded(change, most) is None
    sentence = f"field '{field_name}' must be at most {most}, not {most + 1}"
    assert bounded(change, most + 1) == sentence


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (10**11, "100000000000"),  # 12 digits are shown as they are
        (10**12, "a number of 13 digits"),
        (10**300, "a number of 301 digits"),
        (1e308, "1e+308"),
        (31622400.5, "3.16224e+07"),
    ],
)
def test_a_huge_number_in_a_sentence_stays_short(value: float, shown: str) -> None:
    sentence = f"field 'duration_s' must be at most 31622400, not {shown}"
    assert bounded("duration_s", value) == sentence


def test_at_most_100_exercises_of_at_most_50_sets() -> None:
    record = SessionRecord.from_dict(good())
    record.exercises = [ExerciseRecord(f"e{n}", "E", []) for n in range(MAX_EXERCISES)]
    record.exercises[0].sets = [SetRecord() for _ in range(MAX_SETS)]
    check_bounds(record)
    record.exercises[0].sets.append(SetRecord())
    with pytest.raises(RecordError) as too_many_sets:
        check_bounds(record)
    assert str(too_many_sets.value) == "field 'exercises[0].sets' lists more than 50 sets"
    record.exercises[0].sets.pop()
    record.exercises.append(ExerciseRecord("e100", "E", []))
    with pytest.raises(RecordError) as too_many_exercises:
        check_bounds(record)
    assert str(too_many_exercises.value) == "field 'exercises' lists more than 100 exercises"
