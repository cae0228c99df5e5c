"""The HTML report: self-contained, escaped, and drawn for real by headless Chromium."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from isoback_tui.core.report import build_report
from isoback_tui.report import html
from tests.report.fixed_history import HOSTILE_NOTE, TODAY, history

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def report_html() -> str:
    return html.render(build_report(history(), TODAY, 21))


def test_one_self_contained_file_with_no_script_and_no_network() -> None:
    page = report_html()
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    assert not re.search(r"\b(src|href)\s*=", page, re.IGNORECASE)
    assert "@import" not in page and "url(" not in page
    # the browser itself refuses scripts and fetches too
    assert 'content="default-src &#x27;none&#x27;;' in page
    assert page.count("<svg") == 2
    assert "@media print" in page


def test_hostile_notes_and_names_are_escaped() -> None:
    page = report_html()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Mine&lt;/b&gt; &amp; =cmd|&#x27; /C calc&#x27;!A0" in page
    assert "\x1b" not in page and "\u241b[31mred" in page
    assert "<b>Mine</b>" not in page
    assert "Line one\nline two" in page  # a note keeps its line breaks


def test_an_empty_history_renders_without_charts_of_nothing() -> None:
    page = html.render(build_report([], TODAY, 30))
    assert "No pain ratings in this period." in page
    assert "No sessions in this period." in page


def _chromium() -> str | None:
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


def _png_size_and_colours(data: bytes) -> tuple[int, int, int]:
    """(width, height, distinct byte values in the pixel data) of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    pixels = bytearray()
    at = 8
    while at < len(data):
        length = struct.unpack(">I", data[at : at + 4])[0]
        kind = data[at + 4 : at + 8]
        if kind == b"IDAT":
            pixels += data[at + 8 : at + 8 + length]
        at += 12 + length
    return width, height, len(set(zlib.decompress(bytes(pixels))))


def test_chromium_draws_it_and_prints_it_with_the_figures(tmp_path: Path) -> None:
    chromium = _chromium()
    if chromium is None:
        pytest.skip("no chromium on PATH (Debian: apt-get install chromium); HTML not drawn")
    page = tmp_path / "report.html"
    page.write_text(report_html(), encoding="utf-8")
    common = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    png, pdf = tmp_path / "report.png", tmp_path / "report.pdf"
    for extra in (
        [f"--screenshot={png}", "--window-size=900,1400"],
        [f"--print-to-pdf={pdf}", "--no-pdf-header-footer"],
    ):
        done = subprocess.run(
            [*common, *extra, page.as_uri()], capture_output=True, timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]

    width, height, colours = _png_size_and_colours(png.read_bytes())
    assert (width, height) == (900, 1400)
    assert colours > 20  # text, bars and lines were drawn, not a blank page

    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    text = re.sub(r"\s+", " ", text)
    for figure in (
        "9 of 21 asked for (43%)",
        "99% of planned reps (213 of 216; 3 skipped)",
        "4.6 -> 4.1 on average",
        "longest 3 days, current 1 day",
        "17:45",
        "Push-pull, right knee in",
        "right 94% (51 of 54), left 100% (54 of 54)",
        "Adherence per week",
        "Pain over time",
        "<script>alert(1)</script>",  # shown as text, not run
    ):
        assert figure in text, figure
    assert HOSTILE_NOTE.split("<")[0] in text
