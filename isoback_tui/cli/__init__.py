"""The command line: parsing, and the subcommands that print instead of drawing.

    main.py      the parser and `run`: one sentence and exit 2 for a bad command line
    history.py   `history` (table, JSON, CSV) and `import`
    formats.py   the three shapes of `history` (JSON byte for byte as json.dumps, fast)
    routines.py  `routines`

All printing lives here (and in `isoback_tui.console`); the store returns
records and raises typed errors.
"""

from isoback_tui.cli.main import UsageError, main, run
from isoback_tui.core.plan import StartRequest

__all__ = ["StartRequest", "UsageError", "main", "run"]
