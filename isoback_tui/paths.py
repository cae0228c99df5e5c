"""Where isoback's files live.

Functions, not constants: the environment is read on every call, so tests can
point XDG_* and ISOBACK_DB at a temporary folder and never touch real files.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "isoback"


def config_dir() -> Path:
    """The user's config folder for isoback (honours XDG_CONFIG_HOME on Linux)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The user's data folder for isoback (honours XDG_DATA_HOME on Linux)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_routines_dir() -> Path:
    """The folder holding the user's own routine files (`*.toml`)."""
    return config_dir() / "routines"


def default_db_path() -> Path:
    """The history file used when no `--db` is given: ISOBACK_DB, else the data folder."""
    from_env = os.environ.get("ISOBACK_DB")
    if from_env:
        return Path(from_env).expanduser()
    return data_dir() / "history.json"


def serve_keys_path() -> Path:
    """The keys file `isoback serve` reads when no `--keys` is given: one role and key a line."""
    return config_dir() / "serve_keys"


def serve_host_key_path() -> Path:
    """The SSH host key of `isoback serve`, made on first start, kept beside the data."""
    return data_dir() / "serve_host_key"


def styles_dir() -> Path:
    """The folder of Textual stylesheets, in a source checkout or an installed wheel.

    The wheel carries the top-level `styles/` inside the package; a source
    checkout (editable install or plain tree) has it beside the package.
    """
    package_dir = Path(__file__).resolve().parent
    shipped = package_dir / "styles"
    if shipped.is_dir():
        return shipped
    return package_dir.parent / "styles"


def stylesheet(name: str) -> Path:
    """One stylesheet from styles/, e.g. `stylesheet("session.tcss")`."""
    return styles_dir() / name


def stylesheets() -> list[Path]:
    """Every Textual stylesheet in styles/, the app-wide `app.tcss` first."""
    sheets = sorted(styles_dir().glob("*.tcss"))
    return sorted(sheets, key=lambda path: path.name != "app.tcss")
