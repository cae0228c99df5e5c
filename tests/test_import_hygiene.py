"""Import hygiene: core/ never loads Textual, store/ never speaks, app and cli/ stay apart."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

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


PACKAGE = Path(__file__).resolve().parents[1] / "isoback_tui"


def _imports_and_calls(path: Path) -> tuple[set[str], set[str]]:
    """The modules a source file imports, and the dotted names it calls or reads."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported: set[str] = set()
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
        elif isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            used.add(f"{node.value.id}.{node.attr}")
    return imported, used


def test_the_store_never_writes_to_a_terminal() -> None:
    """store/ returns records and raises typed errors; the command line and screens speak."""
    modules = sorted((PACKAGE / "store").glob("*.py"))
    assert len(modules) >= 7
    for module in modules:
        imported, used = _imports_and_calls(module)
        talkers = {"print", "sys.stdout", "sys.stderr", "input"} & used
        assert not talkers, f"{module.name} uses {talkers}"
        speaking = {
            name
            for name in imported
            if name.startswith(("isoback_tui.cli", "isoback_tui.console", "textual", "rich"))
        }
        assert not speaking, f"{module.name} imports {speaking}"


def test_the_app_and_the_command_line_do_not_import_each_other() -> None:
    """The command line starts the app; the app, screens and widgets never import cli/."""
    ui_modules = [*PACKAGE.glob("screens/*.py"), *PACKAGE.glob("widgets/*.py")]
    for module in [PACKAGE / "app.py", *ui_modules]:
        imported, _used = _imports_and_calls(module)
        assert not {n for n in imported if n.startswith("isoback_tui.cli")}, module.name
    for module in (PACKAGE / "cli").glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        top_level = {
            node.module
            for node in tree.body
            if isinstance(node, ast.ImportFrom) and node.module is not None
        }
        assert "isoback_tui.app" not in top_level, module.name
