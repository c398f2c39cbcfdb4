"""The `massage-sim` parser and entry point: each command group registers its own commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from simulator import __version__
from simulator.cli import authoring, evaluate, exam, files, play, run, serve
from simulator.cli.common import interactive
from simulator.errors import run_command


def build_parser() -> argparse.ArgumentParser:
    """Every command, in the order `--help` lists them."""
    parser = argparse.ArgumentParser(
        prog="massage-sim",
        description="A clinical-reasoning simulator for sports massage and sciatica.",
    )
    parser.add_argument("--version", action="version", version=f"massage-sim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    play.register(sub)
    serve.register(sub)
    files.register(sub)
    run.register(sub)
    authoring.register(sub)
    exam.register(sub)
    evaluate.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command: its exit code; problems are one line each, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        if interactive():
            return play.open_app()
        parser.print_help()
        return 0
    return run_command(args.func, args)


def entry() -> NoReturn:
    sys.exit(main())
