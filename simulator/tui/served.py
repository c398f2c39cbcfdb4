"""One browser's app under `massage-sim serve`: its own session store, no file dialog, and
cases only from the library and the folders the instructor named.

    python -m simulator.tui.served --store DIR [--library DIR] [--cases DIR]...

The server (simulator/tui/serve.py) starts one of these per browser connection and picks
`--store` from the browser's token; nothing a student types reaches these arguments.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.widgets import Header

# The header's default icon (U+2B58) is in none of the fonts the page can count on offline;
# the bullet is in the Roboto Mono the page serves itself.
BROWSER_ICON = "•"


def browser_safe_icons(app: App[Any]) -> None:
    """Give the header of every screen the running `app` shows an icon the browser page can
    draw (call it from the app's on_mount)."""

    def changed(screen: Screen[Any]) -> None:
        for header in screen.query(Header):
            header.icon = BROWSER_ICON

    app.screen_change_signal.subscribe(app, changed)
    app.call_after_refresh(lambda: changed(app.screen))  # the first screen, once composed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulator.tui.served")
    parser.add_argument("--store", required=True, help="this browser's session folder")
    parser.add_argument("--library", help="the case library (cases/library, cases/blueprints)")
    parser.add_argument("--cases", action="append", default=[], help="an instructor's folder")
    args = parser.parse_args(argv)

    from simulator.tui.app import MassageSimApp
    from simulator.tui.store import Store

    app = MassageSimApp(
        store=Store(Path(args.store)),
        cases_dir=Path(args.library) if args.library else None,
        case_folders=[Path(folder) for folder in args.cases],
        served=True,
    )
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
