"""What several commands share: loading cases, blueprints and action scripts as one-line
problems, finding case files in a folder, and telling a person at a terminal from a pipe."""

from __future__ import annotations

import sys
from pathlib import Path

from simulator.domain.actions import Action, ActionErrors, parse_json_actions, parse_script
from simulator.domain.case import Case
from simulator.errors import UserError, unreadable
from simulator.generator.blueprint import Blueprint


def load_case(path: Path) -> Case:
    """The case in `path`; every problem in the file as a UserError line."""
    from simulator.authoring.loading import load_case as load
    from simulator.authoring.problems import AuthoringError

    try:
        return load(path)
    except AuthoringError as error:
        raise UserError(*(str(p) for p in error.problems)) from None


def load_blueprint(path: Path) -> Blueprint:
    """The blueprint in `path`; every problem in the file as a UserError line."""
    from simulator.authoring.loading import load_blueprint as load
    from simulator.authoring.problems import AuthoringError

    try:
        return load(path)
    except AuthoringError as error:
        raise UserError(*(str(p) for p in error.problems)) from None


def read_text(path: Path) -> str:
    """A UTF-8 text file, or a UserError that says why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise UserError(f"{path}: {unreadable(error)}") from None


def load_actions(path: Path) -> list[Action]:
    """An action script: text lines, or JSON (a list of objects, or one object per line)."""
    text = read_text(path)
    try:
        if text.lstrip().startswith(("[", "{")):
            actions = parse_json_actions(text, str(path))
        else:
            actions = parse_script(text, str(path))
    except ActionErrors as errors:
        raise UserError(*(e.one_line() for e in errors.errors)) from None
    if not actions:
        raise UserError(f"{path}: no actions in the script (only blank lines or comments)")
    return actions


def case_files(path: Path) -> list[Path]:
    """`path` itself, or every *.yaml / *.yml under a folder, in order."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
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
