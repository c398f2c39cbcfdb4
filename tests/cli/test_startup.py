"""Start-up of the commands that only read cases: they do not import what only drawing
new clients needs (Faker costs about a tenth of a second a process)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import REPO, ROUTINE

CASE = next((REPO / "cases" / "library").glob("*.yaml"))


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "--case", str(CASE), "--actions", str(ROUTINE), "--json"],
        ["validate", str(CASE)],
    ],
    ids=["run", "validate"],
)
def test_reading_commands_do_not_import_faker(argv: list[str]) -> None:
    code = (
        "import contextlib, io, sys\n"
        "from simulator.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    status = main({argv!r})\n"
        "print(status, 'faker' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert done.stdout.split() == ["0", "False"]


def test_generate_still_draws_names() -> None:
    """The deferred import still serves the commands that draw clients."""
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "generate", "--count", "1", "--seed", "5"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    assert "name:" in done.stdout
