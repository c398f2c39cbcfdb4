"""`serve`: the app (or a proctored exam) in web browsers through textual-serve."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from simulator.guard import whole_number
from simulator.tui.launch import DEFAULT_HOST, DEFAULT_PORT, PER_ADDRESS


def port_argument(text: str) -> int:
    """argparse type of --port: 1-65535, as a one-line usage error."""
    number = whole_number(text.strip(), max_digits=5)
    if number is None or not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{text[:30]!r} is not a port: use 1-65535")
    return number


def cmd_serve(args: argparse.Namespace) -> int:
    from simulator.tui.launch import serve

    return serve(
        args.host,
        args.port,
        Path(args.exam) if args.exam else None,
        args.public_url,
        [Path(folder) for folder in args.cases],
        args.max_browsers,
        args.per_address,
    )


def register(subparsers: Any) -> None:
    """Add `serve` to the CLI's subparsers (`parser.add_subparsers(...)`)."""
    parser = subparsers.add_parser(
        "serve", help="run the app in a web browser (needs textual-serve)"
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"default {DEFAULT_HOST}")
    parser.add_argument(
        "--port", type=port_argument, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}"
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when it is not http://HOST:PORT (serving with "
        "--host 0.0.0.0 to a room, or behind an HTTPS proxy), e.g. http://192.168.1.10:8000",
    )
    parser.add_argument(
        "--exam",
        metavar="PACKS",
        help="serve a proctored exam from this folder of packs (students sign in with the "
        "codes in its access.csv; the cases stay on this machine)",
    )
    parser.add_argument(
        "--cases",
        metavar="DIR",
        action="append",
        default=[],
        help="practice: also offer the case and blueprint files under DIR (repeatable); "
        "exam files and the cases they list are left out",
    )
    parser.add_argument(
        "--max-browsers",
        type=int,
        metavar="N",
        help="practice: at most N browsers at once, each one app process (default 40: "
        "about 50 MB and 3 %% of a core each; see tests/benchmarks/bench_serve.py)",
    )
    parser.add_argument(
        "--per-address",
        type=int,
        metavar="N",
        default=PER_ADDRESS,
        help=f"exam: at most N app windows from one address (default {PER_ADDRESS}); 0 for no "
        "cap per address, behind an HTTPS proxy where every browser has the proxy's address",
    )
    parser.set_defaults(func=cmd_serve)
