"""TinyDB's own test suite, run with isoback's storage in place of JSONStorage.

The tests come from TinyDB's source distribution of the installed version,
fetched by pip at test time into a temporary folder (never committed;
`--no-build-isolation` uses the hatchling of the test extras, so pip
builds nothing in a fresh environment); its
`tinydb/` package is removed so the installed TinyDB is the one tested.
`isoback_tinydb_plugin` swaps the storage in and skips, with the reason,
the few tests that exercise JSONStorage's own options or internals. Without
a package index (no network) the test skips and says why.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

PLUGIN_FOLDER = Path(__file__).parent
FETCH_TIMEOUT_S = 120
RUN_TIMEOUT_S = 180


def fetch_tinydb_tests(folder: Path) -> Path:
    """Download and unpack TinyDB's sdist for the installed version; its `tests/` folder."""
    version = importlib.metadata.version("tinydb")
    try:
        fetched = subprocess.run(
            [
                sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                "--no-binary", ":all:", "--no-build-isolation", "--disable-pip-version-check",
                f"tinydb=={version}", "--dest", str(folder),
            ],
            capture_output=True, text=True, timeout=FETCH_TIMEOUT_S, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.skip(f"pip could not fetch tinydb=={version}'s source in {FETCH_TIMEOUT_S} s")
    archives = sorted(folder.glob("tinydb-*.tar.gz"))
    if fetched.returncode != 0 or not archives:
        errors = [line for line in fetched.stderr.splitlines() if "ERROR" in line]
        why = errors[-1] if errors else fetched.stderr.strip()[-300:]
        pytest.skip(f"pip could not fetch tinydb=={version}'s source distribution: {why}")
    with tarfile.open(archives[0]) as archive:
        archive.extractall(folder, filter="data")
    root = folder / f"tinydb-{version}"
    shutil.rmtree(root / "tinydb")  # test the installed TinyDB, not the sdist's copy
    return root / "tests"


def test_tinydb_suite_passes_on_our_storage(tmp_path: Path) -> None:
    tests = fetch_tinydb_tests(tmp_path / "sdist")
    env = {
        **os.environ,
        "PYTHONPATH": str(PLUGIN_FOLDER),
        "TMPDIR": str(tmp_path),
        "PYTEST_ADDOPTS": "",
    }
    run = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-p", "isoback_tinydb_plugin",
            "-p", "no:cacheprovider", "-q", "-rs", "--basetemp", str(tmp_path / "basetemp"),
            str(tests),
        ],
        cwd=tests.parent, env=env, capture_output=True, text=True,
        timeout=RUN_TIMEOUT_S, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    print(run.stdout[-4000:])  # the skipped tests and their reasons, with -rs
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "JSONStorage was isoback_tinydb_plugin.PeerStorage" in run.stdout
    passed = re.search(r"(\d+) passed", run.stdout)
    assert passed is not None and int(passed.group(1)) >= 150, run.stdout[-2000:]
    summary = [line for line in run.stdout.splitlines() if " passed" in line][-1]
    assert "failed" not in summary and "error" not in summary
