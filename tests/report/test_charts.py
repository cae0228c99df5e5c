"""The HTML report's inline SVG charts: one bar and target mark a week, pain on a 0-10 scale."""

from __future__ import annotations

import re

from isoback_tui.core.report import build_report
from isoback_tui.report import charts
from tests.report.fixed_history import TODAY, history


def test_adherence_has_a_bar_and_a_target_mark_each_week_on_an_even_scale() -> None:
    report = build_report(history(), TODAY, 21)
    svg = charts.adherence_chart(report.weeks)
    assert svg.count('class="bar"') == len(report.weeks) == 4
    assert svg.count('class="target"') == 4
    ticks = re.findall(r'class="tick">(\d+)</text>', svg)
    assert ticks[:5] == ["0", "2", "4", "6", "8"]  # the target of 7 fits under the top
    assert "<title>2026-11-09 to 11-15: 4 of 7</title>" in svg


def test_pain_marks_one_per_rated_day_each_kind_its_own_shape() -> None:
    report = build_report(history(), TODAY, 21)
    svg = charts.pain_chart(report.pain_days, report.start, report.end)
    befores = sum(1 for p in report.pain_days if p.before is not None)
    afters = sum(1 for p in report.pain_days if p.after is not None)
    assert svg.count('class="mark-before"') == befores == 9
    assert svg.count('class="mark-after"') == afters == 8
    assert svg.count("<polyline") == 2


def test_no_weeks_is_an_empty_chart_not_an_error() -> None:
    assert charts.adherence_chart(()).startswith("<svg")
