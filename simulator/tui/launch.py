"""Starting the app: `run_app` for `massage-sim` and `massage-sim play`, and the `serve`
subcommand that puts the same app in a browser through textual-serve."""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.domain.case import Case

SERVE_INSTALL = "pip install textual-serve"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def run_app(case: Case | None = None, seed: int = 0, *, reveal: bool = False) -> int:
    """Run the TUI: the home screen, or the briefing of `case` (session seed `seed`).

    `reveal` shows the hidden state beside the session (an instructor play-testing a
    case); students never need it. Returns the exit code.
    """
    from simulator.tui.app import MassageSimApp

    app = MassageSimApp(case, seed, reveal=reveal)
    app.run()
    return app.return_code or 0


def app_command() -> str:
    """The shell command textual-serve runs for each browser session."""
    return f"{shlex.quote(sys.executable)} -m simulator.tui"


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> int:
    """Serve the app on http://HOST:PORT; exit code 1 when textual-serve is missing."""
    try:
        from textual_serve.server import Server
    except ImportError:
        print(
            f"massage-sim serve needs textual-serve: {SERVE_INSTALL}",
            file=sys.stderr,
        )
        return 1
    server: Any = Server(app_command(), host=host, port=port, title="massage-sim")
    server.serve()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    return serve(args.host, args.port)


def register(subparsers: Any) -> None:
    """Add `serve` to the CLI's subparsers (`parser.add_subparsers(...)`)."""
    parser = subparsers.add_parser(
        "serve", help="run the app in a web browser (needs textual-serve)"
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"default {DEFAULT_HOST}")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")
    parser.set_defaults(func=cmd_serve)
