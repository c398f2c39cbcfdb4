"""The command line has one home: simulator/cli, which no other package imports."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import REPO

PACKAGE = REPO / "simulator"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_package_but_the_entry_points_imports_the_command_line() -> None:
    outside = [
        path
        for path in PACKAGE.rglob("*.py")
        if "cli" not in path.relative_to(PACKAGE).parts and path.name != "__main__.py"
    ]
    assert outside
    offenders = {
        str(path.relative_to(REPO)): sorted(
            n for n in _imports(path) if n.startswith("simulator.cli")
        )
        for path in outside
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_old_homes_of_commands_are_gone() -> None:
    for old in ("cli.py", "assessment/commands.py", "authoring/commands.py"):
        assert not (PACKAGE / old).exists(), old
    launch = _imports(PACKAGE / "tui" / "launch.py")
    assert "argparse" not in launch  # the serve command's parser lives in simulator/cli/serve.py
