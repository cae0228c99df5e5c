"""What `isoback serve` runs with: checked before it listens, the same for every connection."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line reads the defaults below without loading SSH
    import asyncssh

    from isoback_tui.serve.keys import AuthorizedKeys

DEFAULT_MAX_CONNECTIONS = 4
DEFAULT_IDLE_TIMEOUT_S = 30 * 60.0


@dataclass(frozen=True)
class ServeSettings:
    """Everything the server needs, checked before it starts."""

    keys: AuthorizedKeys
    host_key: asyncssh.SSHKey
    db_path: Path
    host: str = "127.0.0.1"
    port: int = 2222
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    idle_timeout_s: float = DEFAULT_IDLE_TIMEOUT_S
    app_command: tuple[str, ...] = (sys.executable, "-m", "isoback_tui")

    @property
    def running_folder(self) -> Path:
        """Where the store keeps the lock of a session under way (see store.running)."""
        return self.db_path.with_name(self.db_path.name + ".running")
