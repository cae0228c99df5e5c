"""The report as one self-contained HTML file: inline styles and SVG, no script, no network.

Made to hand to a physiotherapist: it prints on A4 or Letter as it shows on
screen (a print stylesheet keeps sections whole), and a Content Security
Policy forbids scripts and every fetch, so even a mistake in escaping could
not run anything or call out. All text from people and files is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import Final, TextIO

from isoback_tui import __version__
from isoback_tui.core.formatting import format_duration
from isoback_tui.core.report import Report
from isoback_tui.core.text import clean as literal
from isoback_tui.report import charts, figures

CSP: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

STYLE: Final = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #1b1b1b; background: #fff; margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #bbb; }
.period { color: #444; margin: 0 0 1rem; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { padding: .25rem .5rem; border-bottom: 1px solid #ddd; text-align: left;
         vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
svg.chart { width: 100%; height: auto; display: block; margin: .5rem 0; }
svg .grid { stroke: #ddd; stroke-width: 1; }
svg .tick, svg .legend, svg .value { font: 11px sans-serif; fill: #333; }
svg .bar { fill: #5b7fa6; }
svg .target { stroke: #111; stroke-width: 2; stroke-dasharray: 4 2; }
svg .before { fill: none; stroke: #b0413e; stroke-width: 2; }
svg .after { fill: none; stroke: #2f6f4f; stroke-width: 2; stroke-dasharray: 6 3; }
svg .mark-before { fill: #b0413e; }
svg .mark-after { fill: #2f6f4f; }
ul.notes { padding-left: 1.2rem; }
ul.notes li { margin: .25rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
footer { margin-top: 2rem; color: #555; font-size: .8rem; }
@media print {
  @page { margin: 15mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  section, table, svg.chart, dl.summary { break-inside: avoid; }
  h2 { break-after: avoid; }
  svg .bar { fill: #888; }
}
"""


NUMERIC: Final = ' class="n"'
_LINE_BREAKS: Final = re.compile(r"\r\n|\r|\n")


def text(value: str) -> str:
    """Text from a person or a file, escaped for HTML; control characters shown as escapes.

    Line breaks are kept (notes are shown with `white-space: pre-wrap`).
    """
    return "\n".join(escape(literal(line)) for line in _LINE_BREAKS.split(value))


def _table(header: Sequence[tuple[str, bool]], rows: Sequence[Sequence[str]]) -> str:
    """A table; `header` is (title, numeric) pairs; cells arrive already escaped."""
    numeric = [NUMERIC if n else "" for _title, n in header]
    head = "".join(
        f'<th{numeric[i]} scope="col">{escape(title)}</th>' for i, (title, _n) in enumerate(header)
    )
    body = "".join(
        "<tr>" + "".join(f"<td{numeric[i]}>{cell}</td>" for i, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render(report: Report) -> str:
    """The whole report as one HTML document."""
    title = f"isoback report: {figures.period(report)}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body><main>",
        "<h1>isoback report</h1>",
        f'<p class="period">{escape(figures.period(report))}: isometric low-back exercise</p>',
        '<dl class="summary">',
    ]
    for label, value in figures.summary_lines(report):
        out.append(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>")
    out.append("</dl>")

    out.append('<section id="adherence"><h2>Adherence per week</h2>')
    out.append(charts.adherence_chart(report.weeks))
    week_rows = [
        [
            escape(figures.week_label(w)),
            str(w.sessions),
            escape(figures.target_number(w.target)),
            escape(figures.pct(w.adherence_pct)),
            escape(figures.pct(w.completion_pct)),
            escape(figures.pain_pair(w.pain_before_mean, w.pain_after_mean)),
            escape(format_duration(w.hold_s)),
        ]
        for w in report.weeks
    ]
    header = [
        ("Week", False),
        ("Sessions", True),
        ("Target", True),
        ("Adherence", True),
        ("Completion", True),
        ("Pain before -> after", False),
        ("Under tension", True),
    ]
    out.append(_table(header, week_rows) + "</section>")

    out.append('<section id="pain"><h2>Pain over time</h2>')
    if report.pain_days:
        out.append(charts.pain_chart(report.pain_days, report.start, report.end))
    else:
        out.append("<p>No pain ratings in this period.</p>")
    out.append("</section>")

    out.append('<section id="exercises"><h2>Exercises</h2>')
    if report.exercises:
        exercise_rows = [
            [
                text(ex.name),
                f"{ex.reps_done:,}",
                f"{ex.reps_skipped:,}",
                "-" if ex.reps_planned is None else f"{ex.reps_planned:,}",
                escape(figures.pct(ex.completion_pct)),
            ]
            for ex in report.exercises
        ]
        header = [
            ("Exercise", False),
            ("Done", True),
            ("Skipped", True),
            ("Planned", True),
            ("Completion", True),
        ]
        out.append(_table(header, exercise_rows))
    else:
        out.append("<p>No sessions in this period.</p>")
    for pair in report.sides:
        out.append(
            f"<p><strong>{escape(figures.side_name(pair))}</strong>, right against left: "
            f"{escape(figures.side_line(pair))}</p>"
        )
    out.append("</section>")

    out.append('<section id="notes"><h2>Notes</h2>')
    if report.notes:
        out.append('<ul class="notes">')
        out += [
            f"<li><strong>{escape(figures.day(n.day))}</strong> ({text(n.routine_name)}): "
            f"{text(n.text)}</li>"
            for n in report.notes
        ]
        out.append("</ul>")
    else:
        out.append("<p>No notes in this period.</p>")
    out.append("</section>")
    out.append(
        f"<footer>Made by isoback {escape(__version__)} on {escape(figures.day(report.end))}, "
        "on this computer: nothing was sent anywhere.</footer>"
    )
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def write(report: Report, out: TextIO) -> None:
    """Write the HTML report to `out`."""
    out.write(render(report))
