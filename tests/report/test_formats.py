"""Markdown and CSV reports of the fixed history, checked line by line."""

from __future__ import annotations

import csv
import io

import pytest

from isoback_tui.core.report import build_report
from isoback_tui.report import csvout, markdown
from tests.report.fixed_history import TODAY, history

EXPECTED_MD = r"""# isoback report: 2026-11-03 to 2026-11-23

- **Sessions**: 9 of 21 asked for (43%), on 9 days; target 7 a week
- **Completion**: 99% of planned reps (213 of 216; 3 skipped)
- **Pain before -> after**: 4.6 -> 4.1 on average; change -0.5 over 8 sessions rated both times
- **Pain trend**: before falling 2.0 a week; after falling 1.4 a week
- **Streaks**: longest 3 days, current 1 day
- **Time under tension**: 17:45

## Weeks

| Week | Sessions | Target | Adherence | Completion | Pain before -> after | Under tension |
|---|---:|---:|---:|---:|---|---:|
| 2026-11-03 to 11-08 | 0 | 6 | 0% | - | - | 0:00 |
| 2026-11-09 to 11-15 | 4 | 7 | 57% | 100% | 6.0 -> 5.0 | 8:00 |
| 2026-11-16 to 11-22 | 4 | 7 | 57% | 97% | 3.8 -> 3.7 | 7:45 |
| 2026-11-23 | 1 | 1 | 100% | 100% | 2.0 -> 2.0 | 2:00 |

## Exercises

| Exercise | Done | Skipped | Planned | Completion |
|---|---:|---:|---:|---:|
| Push-pull, right knee in | 51 | 3 | 54 | 94% |
| Push-pull, left knee in | 54 | 0 | 54 | 100% |
| Knees in | 54 | 0 | 54 | 100% |
| Knees out | 54 | 0 | 54 | 100% |

Right against left:

- push-pull: right 94% (51 of 54), left 100% (54 of 54)

## Notes

- 2026-11-11 (Low-back isometrics): Stiff in the morning.
- 2026-11-19 (Low-back isometrics): =HYPERLINK("http://x")\<script\>alert(1)\</script\> \| \*bold\* \[x\](y) ␛\[31mred
- 2026-11-21 (\<b\>Mine\</b\> \& =cmd\|' /C calc'!A0): Line one line two
"""  # noqa: E501 (a note's line is as long as it is)


def test_markdown_of_the_fixed_history() -> None:
    assert markdown.render(build_report(history(), TODAY, 21)) == EXPECTED_MD


def test_markdown_of_an_empty_period_says_so() -> None:
    text = markdown.render(build_report([], TODAY, 7))
    assert "No sessions in this period." in text
    assert "No notes in this period." in text
    assert "0 of 7 asked for (0%)" in text


def csv_rows() -> list[list[str]]:
    out = io.StringIO()
    csvout.write(build_report(history(), TODAY, 21), out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_csv_of_the_fixed_history() -> None:
    rows = csv_rows()
    assert rows[0] == ["section", "item", "measure", "value"]
    summary = {measure: value for section, _item, measure, value in rows if section == "summary"}
    assert summary["sessions"] == "9"
    assert summary["sessions_target"] == "21.0"
    assert summary["adherence_pct"] == "42.86"
    assert summary["reps_done"] == "213"
    assert summary["completion_pct"] == "98.61"
    assert summary["pain_before_mean"] == "4.56"
    assert summary["pain_after_mean"] == "4.12"
    assert summary["pain_change_mean"] == "-0.5"  # a number, not text: no apostrophe
    assert summary["hold_s"] == "1065"
    assert summary["longest_streak_days"] == "3"
    week = {m: v for s, item, m, v in rows if s == "week" and item == "2026-11-16"}
    assert (week["sessions"], week["target"], week["completion_pct"]) == ("4", "7.0", "96.88")
    assert week["pain_before_mean"] == "3.75"
    first = {m: v for s, i, m, v in rows if s == "week" and i == "2026-11-03"}
    assert first["pain_before_mean"] == ""
    right = {m: v for s, i, m, v in rows if s == "exercise" and i == "Push-pull, right knee in"}
    assert right == {
        "reps_done": "51",
        "reps_skipped": "3",
        "reps_planned": "54",
        "completion_pct": "94.44",
    }
    assert len(rows) == 1 + 21 + 4 * 10 + 4 * 4 + 3


def test_csv_notes_and_names_cannot_become_formulas() -> None:
    notes = [
        (item, measure, value) for section, item, measure, value in csv_rows() if section == "note"
    ]
    assert notes[1][2].startswith("'=HYPERLINK(")
    assert "\u241b[31mred" in notes[1][2] and "\x1b" not in notes[1][2]
    assert notes[2][1] == "<b>Mine</b> & =cmd|' /C calc'!A0"  # starts with <: no formula
    assert notes[2][2] == "Line one\nline two"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "' x"),
        ("\rx", "'\nx"),  # a line break first: neutralised, kept as a line break
        ("fine", "fine"),
        ("a=b", "a=b"),
        (-2.5, -2.5),
        (3, 3),
        (None, ""),
    ],
)
def test_csv_cells(value: str | float | None, cell: str | float) -> None:
    assert csvout.cell(value) == cell
