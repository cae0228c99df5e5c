"""`isoback` and `python -m isoback_tui`: parse the command line, build the pieces, run."""

from __future__ import annotations

import sys


def main() -> int:
    """The `isoback` command; plain `isoback` skips the parser to reach the screen sooner."""
    from isoback_tui import collector

    collector.pause()  # until the first frame is drawn, or the command turns out not to draw
    if len(sys.argv) == 1:
        from isoback_tui.app import run_app
        from isoback_tui.paths import default_db_path

        return run_app(default_db_path(), None)
    from isoback_tui.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
