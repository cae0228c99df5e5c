"""Process and file helpers for the store tests (records: tests.core.record_builders)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("child.py")


def child_env() -> dict[str, str]:
    """The environment for a child process: this checkout importable first."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def spawn(*args: str, **kwargs: object) -> subprocess.Popen[str]:
    """Start `tests/store/child.py` with `args`; its stdout is a pipe of lines."""
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, str(CHILD), *args],
        stdout=subprocess.PIPE,
        stdin=subprocess.PIPE,
        text=True,
        env=child_env(),
        **kwargs,
    )


def file_digest(path: Path) -> str:
    """The SHA-256 of a file, or of a folder's names and contents."""
    digest = hashlib.sha256()
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            digest.update(str(child.relative_to(path)).encode())
            if child.is_file():
                digest.update(child.read_bytes())
        return "dir:" + digest.hexdigest()
    digest.update(path.read_bytes())
    return digest.hexdigest()
