"""What several commands share: loading cases, blueprints and action scripts as one-line
problems, finding case files in a folder, and telling a person at a terminal from a pipe."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from simulator.authoring.folders import yaml_files
from simulator.domain.actions import (
    Action,
    ActionErrors,
    parse_json_actions,
    parse_json_lines,
    parse_script_lines,
)
from simulator.domain.case import Case
from simulator.errors import UserError, unreadable
from simulator.generator.blueprint import Blueprint


def load_case(path: Path) -> Case:
    """The case in `path`; every problem in the file as a UserError line."""
    return next(load_cases([path]))


# Cases read ahead of their use: reading files and playing cases one after the other
# evicts each other's code and tables from the processor's caches; in runs of this many a
# routine case over a folder took 8-10% less time (measured in process, 1,000 cases).
READ_AHEAD = 64


def load_cases(paths: Iterable[Path]) -> Iterator[Case]:
    """`load_case` of each path in order (the loader imported once, not once a file), read
    ahead in runs of READ_AHEAD. A file that fails is reported when its turn comes: every
    case before it is yielded first, as if each were read only when asked for."""
    from simulator.authoring.loading import load_case as load
    from simulator.authoring.problems import AuthoringError

    pending = iter(paths)
    while True:
        batch: list[Case] = []
        failed: UserError | None = None
        for path in pending:
            try:
                batch.append(load(path))
            except AuthoringError as error:
                failed = UserError(*(str(p) for p in error.problems))
                break
            if len(batch) == READ_AHEAD:
                break
        yield from batch
        if failed is not None:
            raise failed
        if len(batch) < READ_AHEAD:
            return


def load_blueprint(path: Path) -> Blueprint:
    """The blueprint in `path`; every problem in the file as a UserError line."""
    from simulator.authoring.loading import load_blueprint as load
    from simulator.authoring.problems import AuthoringError

    try:
        return load(path)
    except AuthoringError as error:
        raise UserError(*(str(p) for p in error.problems)) from None


def read_text(path: Path) -> str:
    """A UTF-8 text file as stored (no newline translation, so a lone \\r does not shift
    the line numbers of messages), or a UserError that says why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UserError(f"{path}: {unreadable(error)}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UserError(f"{path}:{line}: not UTF-8 text") from None


def _script_lines(handle: BinaryIO, path: Path) -> Iterator[str]:
    """The lines of an open script, decoded one at a time (split on \\n only)."""
    for number, raw in enumerate(handle, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise UserError(f"{path}:{number}: not UTF-8 text") from None
        if number == 1:
            text = text.removeprefix("\ufeff")
        yield text.removesuffix("\n").removesuffix("\r")


def load_actions(path: Path) -> list[Action]:
    """An action script: text lines, or JSON (a list of objects, or one object per line).

    Lines are read and parsed one at a time, so a huge file costs its actions (identical
    ones shared, at most MAX_ACTIONS), not its size several times over."""
    try:
        with path.open("rb") as handle:
            lines = _script_lines(handle, path)
            leading: list[str] = []
            for first in lines:  # the first line with text tells the form
                leading.append(first)
                if first.strip():
                    break
            first = leading[-1] if leading else ""
            stream = chain(leading, lines)
            if first.lstrip().startswith("["):  # one JSON value: decoded entry by entry
                actions = parse_json_actions(read_text(path), str(path))
            elif first.lstrip().startswith("{"):
                actions = parse_json_lines(stream, str(path))
            else:
                actions = parse_script_lines(stream, str(path))
    except ActionErrors as errors:
        raise UserError(*errors.lines()) from None
    except OSError as error:
        raise UserError(f"{path}: {unreadable(error)}") from None
    if not actions:
        raise UserError(f"{path}: no actions in the script (only blank lines or comments)")
    return actions


def case_files(path: Path) -> list[Path]:
    """`path` itself, or every *.yaml / *.yml file under a folder (not a folder so named)."""
    if path.is_dir():
        files = yaml_files(path)
        if not files:
            raise UserError(f"{path}: no case files (*.yaml) in this folder")
        return files
    if not path.exists():
        raise UserError(f"{path}: no such file or folder")
    return [path]


def make_folder(path: Path) -> None:
    """Create `path` (and its parents) or say why not."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"{path}: cannot create folder: {error.strerror}") from None


def interactive() -> bool:
    """A person at a terminal: the full-screen app; pipes and scripts get line mode."""
    return sys.stdin.isatty() and sys.stdout.isatty()
