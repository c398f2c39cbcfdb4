"""The `massage-sim` command line: one module per command group; no other package imports it."""

from simulator.cli.main import build_parser, entry, main

__all__ = ["build_parser", "entry", "main"]
