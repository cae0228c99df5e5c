"""core/ is pure domain: importing all of it, in a fresh interpreter, never loads Textual."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, pkgutil, sys
import isoback_tui.core as core
names = [core.__name__]
for info in pkgutil.walk_packages(core.__path__, core.__name__ + "."):
    __import__(info.name)
    names.append(info.name)
print(json.dumps({
    "imported": names,
    "textual": sorted(m for m in sys.modules if m == "textual" or m.startswith("textual.")),
}))
"""


def test_core_never_imports_textual() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    # The walk really found the modules (an empty walk would prove nothing).
    for module in ("routine", "plan", "engine", "record", "clock"):
        assert f"isoback_tui.core.{module}" in report["imported"]
    assert report["textual"] == []
