"""The role `isoback serve` gives the app it starts, read back by the app.

Kept apart from the server so the app learns its role without loading SSH.
The server always sets the variable, from the key that logged in; a client
can't (only TERM, NO_COLOR and COLORTERM pass from the client to the app).
"""

from __future__ import annotations

from collections.abc import Mapping

ROLE_VARIABLE = "ISOBACK_SERVE_ROLE"
OWNER = "owner"
VIEWER = "viewer"


def is_read_only(environ: Mapping[str, str]) -> bool:
    """Whether the app must only show the history: any role but owner (unset: a local run)."""
    role = environ.get(ROLE_VARIABLE)
    return role is not None and role != OWNER
