"""Which columns the history table keeps at each width, and the text of its cells."""

from __future__ import annotations

from isoback_tui.widgets.history_table import (
    ROUTINE_MAX_WIDTH,
    ROUTINE_MIN_WIDTH,
    fit_columns,
    natural_widths,
    row_cells,
)
from tests.core.record_builders import at, make_record

ALL = ("date", "routine", "reps", "hold", "duration", "pain", "status")


def typical_widths() -> dict[str, int]:
    record = make_record(
        at("2026-11-23 07:30"),
        routine_name="Low-back isometrics",
        pain_before=6,
        pain_after=3,
        status="ended_early",
    )
    return natural_widths([row_cells(record)])


def padded_total(fit_widths: tuple[tuple[str, int], ...]) -> int:
    return sum(width + 2 for _key, width in fit_widths)


def test_a_wide_table_shows_every_column_in_full() -> None:
    natural = typical_widths()
    fit = fit_columns(160, natural)
    assert fit.keys == ALL
    assert dict(fit.widths)["routine"] == len("Low-back isometrics")
    assert not fit.short_date


def test_at_80_columns_the_routine_shrinks_before_anything_is_dropped() -> None:
    natural = typical_widths()
    fit = fit_columns(79, natural)
    assert fit.keys == ALL
    assert ROUTINE_MIN_WIDTH <= dict(fit.widths)["routine"] < natural["routine"]
    assert padded_total(fit.widths) <= 79


def test_columns_are_dropped_hold_first_then_pain_duration_routine() -> None:
    natural = typical_widths()
    kept = [fit_columns(width, natural).keys for width in range(79, 30, -1)]
    seen_orders = list(dict.fromkeys(kept))
    assert seen_orders == [
        ALL,
        ("date", "routine", "reps", "duration", "pain", "status"),
        ("date", "routine", "reps", "duration", "status"),
        ("date", "routine", "reps", "status"),
        ("date", "reps", "status"),
    ]


def test_at_a_phone_width_date_reps_and_status_fit() -> None:
    fit = fit_columns(39, typical_widths())
    assert fit.keys == ("date", "reps", "status")
    assert not fit.short_date
    assert padded_total(fit.widths) <= 39


def test_narrower_still_the_date_loses_its_time_but_stays() -> None:
    fit = fit_columns(30, typical_widths())
    assert fit.keys == ("date", "reps", "status")
    assert fit.short_date
    assert dict(fit.widths)["date"] == len("2026-11-23")


def test_a_long_routine_name_is_capped() -> None:
    record = make_record(at("2026-11-23 07:30"), routine_name="x" * 200)
    assert natural_widths([row_cells(record)])["routine"] == ROUTINE_MAX_WIDTH


def test_cells_read_as_people_read_them() -> None:
    record = make_record(
        at("2026-11-23 07:30", offset_hours=2),
        routine_name="[b]tab\there",
        reps_done=5,
        reps_planned=20,
        duration_s=3723,
        pain_before=None,
        pain_after=2,
        status="in_progress",
    )
    assert row_cells(record) == {
        "date": "2026-11-23 07:30",
        "day": "2026-11-23",
        "routine": "[b]tab here",
        "reps": "5/20",
        "hold": "0:25",
        "duration": "1:02:03",
        "pain": "- -> 2",
        "status": "in progress",
    }
