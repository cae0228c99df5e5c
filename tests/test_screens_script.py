"""docs/screens.py still drives the real app to every screen the README shows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "docs" / "screens.py"


def test_the_readme_screens_can_be_made_again(tmp_path: Path) -> None:
    out = tmp_path / "screens"
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), "--no-report"],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    made = {path.name: path.read_text(encoding="utf-8") for path in out.glob("*.svg")}
    assert sorted(made) == [
        "history.svg", "home.svg", "live-40x15.svg", "live-80x24.svg", "summary.svg",
    ]  # fmt: skip
    # Textual writes a space as &#160; in its SVGs
    assert "Next:" in made["home.svg"] and "try&#160;8&#160;reps" in made["home.svg"]
    for live in ("live-80x24.svg", "live-40x15.svg"):
        assert "HOLD" in made[live] and "rep&#160;1/6" in made[live]
    assert "Session&#160;complete" in made["summary.svg"]
    assert "Last&#160;8&#160;weeks" in made["history.svg"]
