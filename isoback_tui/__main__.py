"""`isoback` and `python -m isoback_tui`: parse the command line, build the pieces, run."""

from __future__ import annotations

import sys

from isoback_tui.cli import main

if __name__ == "__main__":
    sys.exit(main())
