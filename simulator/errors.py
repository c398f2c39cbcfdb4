"""What every command does with a failure: one line per problem and an exit code, never a
traceback. Commands raise `UserError`; `run_command` turns anything into an exit code."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

PROG = "massage-sim"
EXIT_PROBLEMS = 1  # bad input: one line per problem
EXIT_USAGE = 2
EXIT_INTERNAL = 70  # a bug of ours


class UserError(Exception):
    """Something the user can fix; printed as one line per problem, never a traceback."""

    def __init__(self, *problems: str, code: int = EXIT_PROBLEMS) -> None:
        self.problems = list(problems)
        self.code = code
        super().__init__("\n".join(problems))


def unreadable(error: OSError) -> str:
    """Why a file could not be read, in the same words wherever a file is read."""
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, IsADirectoryError):
        return "is a directory, expected a file"
    return f"cannot read: {error.strerror or type(error).__name__}"


def os_problem(error: OSError) -> str:
    """One line for a failed operation on a path or socket: the path, then why."""
    where = f"{error.filename}: " if error.filename is not None else ""
    return where + (error.strerror or type(error).__name__)


def run_command(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command's handler: its exit code, or one line per problem and a code."""
    try:
        return func(args)
    except UserError as error:
        for problem in error.problems:
            print(f"{PROG}: {problem}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:  # a path no handler foresaw (too long, a symlink loop, ...)
        print(f"{PROG}: {os_problem(error)}", file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as error:  # a bug of ours: still one line, with a way to see more
        if os.environ.get("MASSAGE_SIM_DEBUG"):
            raise
        print(
            f"{PROG}: internal error: {type(error).__name__}: {error} "
            "(set MASSAGE_SIM_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
