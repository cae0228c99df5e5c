"""The wheel, installed in a fresh venv and run from another folder, carries what it needs.

Textual resolves stylesheets from files, so `styles/` must ship inside the
wheel (STYLE.md, packaging note). This builds the wheel from the source tree,
installs it (not editable) into a new venv, and runs it from tmp_path with a
clean environment: the routines list, the styles are found inside the
installed package, and the app starts headless with its CSS parsed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("one-wheel")]  # built once: one worker

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Installed:
    """A fresh venv with the built wheel installed in it."""

    venv: Path
    wheel: Path

    @property
    def python(self) -> Path:
        """The venv's interpreter."""
        return self.venv / "bin" / "python"

    @property
    def isoback(self) -> Path:
        """The installed console script."""
        return self.venv / "bin" / "isoback"


def _outer_env() -> dict[str, str]:
    """This environment without anything that would point Python at the source tree."""
    drop = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
    return {key: value for key, value in os.environ.items() if key not in drop}


def _check(argv: list[str | Path], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run a step of the build; fail with its output if it fails."""
    done = subprocess.run(
        [str(arg) for arg in argv],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=240,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )
    assert done.returncode == 0, f"{argv} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the wheel and install it, not editable, into a new venv (once per module)."""
    root = tmp_path_factory.mktemp("packaging")
    dist = root / "dist"
    env = _outer_env()
    _check([sys.executable, "-m", "build", "--wheel", "--outdir", dist, REPO], env=env, cwd=root)
    (wheel,) = dist.glob("isoback-*.whl")
    venv = root / "venv"
    _check([sys.executable, "-m", "venv", venv], env=env, cwd=root)
    _check(
        [venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel],
        env=env,
        cwd=root,
    )
    return Installed(venv=venv, wheel=wheel)


@pytest.fixture
def clean_env(tmp_path: Path, installed: Installed) -> dict[str, str]:
    """A minimal environment: HOME and XDG_* in tmp_path, the venv first on PATH."""
    home = tmp_path / "clean-home"  # conftest already made tmp_path/home for this process
    env = {
        "PATH": f"{installed.venv / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
    }
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        (home / sub).mkdir(parents=True)
        env[name] = str(home / sub)
    return env


def run_installed(
    argv: list[str | Path], env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    """Run something from the installed venv, from `cwd` (never the repo)."""
    assert not cwd.resolve().is_relative_to(REPO)
    return subprocess.run(
        [str(arg) for arg in argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )


def test_installed_isoback_lists_the_built_ins(
    installed: Installed, clean_env: dict[str, str], tmp_path: Path
) -> None:
    version = run_installed([installed.isoback, "--version"], clean_env, tmp_path)
    assert (version.returncode, version.stderr) == (0, "")
    assert version.stdout.startswith("isoback ")

    done = run_installed([installed.isoback, "routines", "--json"], clean_env, tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    routines = {r["id"]: r for r in json.loads(done.stdout)}
    assert list(routines) == ["lowback-isometrics", "gentle-start"]
    full = routines["lowback-isometrics"]
    assert full["source"] == "built-in"
    assert full["defaults"] == {"reps": 15, "sets": 3, "hold_s": 5, "relax_s": 3, "rest_s": 20}
    assert [e["id"] for e in full["exercises"]] == [
        "push-pull-right",
        "push-pull-left",
        "knees-in",
        "knees-out",
    ]
    for exercise in full["exercises"]:
        assert (exercise["sets"], exercise["reps"], exercise["hold_s"]) == (3, 15, 5)
        assert exercise["relax_s"] == 3
    assert all(e["reps"] == 5 and e["sets"] == 1 for e in routines["gentle-start"]["exercises"])


PATHS_PROBE = """
import json, sysconfig
import isoback_tui
from isoback_tui.paths import styles_dir, stylesheets
print(json.dumps({
    "package": isoback_tui.__file__,
    "purelib": sysconfig.get_paths()["purelib"],
    "styles_dir": str(styles_dir()),
    "stylesheets": [str(p) for p in stylesheets()],
}))
"""


def test_installed_styles_live_inside_the_installed_package(
    installed: Installed, clean_env: dict[str, str], tmp_path: Path
) -> None:
    done = run_installed([installed.python, "-c", PATHS_PROBE], clean_env, tmp_path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    package = Path(found["purelib"]) / "isoback_tui"
    assert package.resolve().is_relative_to(installed.venv.resolve())
    assert Path(found["package"]).resolve() == (package / "__init__.py").resolve()
    styles = Path(found["styles_dir"])
    assert styles.resolve() == (package / "styles").resolve()
    assert not styles.resolve().is_relative_to(REPO)
    sheets = [Path(p) for p in found["stylesheets"]]
    assert sheets[0].name == "app.tcss"
    assert {"app.tcss", "session.tcss"} <= {p.name for p in sheets}
    assert all(p.parent == styles and p.is_file() for p in sheets)
    # Everything in the source styles/ made it into the wheel.
    assert {p.name for p in sheets} >= {p.name for p in (REPO / "styles").glob("*.tcss")}


APP_PROBE = """
import asyncio, json, sys
from pathlib import Path
from textual.css.stylesheet import Stylesheet
from isoback_tui.app import IsobackApp
from isoback_tui.paths import stylesheets

async def main() -> None:
    app = IsobackApp(Path(sys.argv[1]), watch_terminal=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = type(app.screen).__name__
        variables = app.get_css_variables()
    every_sheet = Stylesheet(variables=variables)  # sheets loaded later must parse too
    for path in stylesheets():
        every_sheet.read(path)
    every_sheet.parse()
    print(json.dumps({"screen": screen, "css": [str(p) for p in app.css_path],
                      "all": [str(p) for p in stylesheets()]}))

asyncio.run(main())
"""


def test_installed_app_starts_headless_with_its_css(
    installed: Installed, clean_env: dict[str, str], tmp_path: Path
) -> None:
    db = tmp_path / "history.json"
    done = run_installed([installed.python, "-c", APP_PROBE, db], clean_env, tmp_path)
    # A CSS parse error ends the app with an exception: a non-zero status here.
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    started = json.loads(done.stdout)
    assert started["screen"] == "HomeScreen"
    css = [Path(p) for p in started["css"]]
    assert {"app.tcss", "home.tcss"} <= {p.name for p in css}
    every = [Path(p) for p in started["all"]]
    assert {"session.tcss", "summary.tcss", "dialogs.tcss"} <= {p.name for p in every}
    for path in css + every:
        assert path.resolve().is_relative_to(installed.venv.resolve())
