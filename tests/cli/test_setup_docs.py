"""The README's set-up lines work on a Python whose system pip refuses installs (PEP 668):
each makes its own virtual environment in one command, and its test command is the one
.ci/run runs."""

from __future__ import annotations

import re
import shlex

from .conftest import REPO


def _setup_commands() -> list[list[list[str]]]:
    """The README's "Set up" code blocks, each split into its `&&`-joined commands."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    assert len(blocks) == 2, "one line to install and play, one to install and test"
    return [[shlex.split(part) for part in block.strip().split("&&")] for block in blocks]


def test_each_setup_line_makes_its_own_environment_first() -> None:
    for commands in _setup_commands():
        assert commands[0] == ["python3", "-m", "venv", ".venv"]
        # nothing after it runs from the system's Python or pip
        assert all(c[0].startswith(".venv/bin/") for c in commands[1:]), commands


def test_the_test_line_is_what_ci_runs() -> None:
    _play, test = _setup_commands()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m venv .venv" in ci and ". .venv/bin/activate" in ci
    install = test[1]
    assert install[:2] == [".venv/bin/pip", "install"]
    assert f"python -m pip install --quiet {shlex.join(install[2:])}" in ci
    assert test[-1] == [".venv/bin/pytest"]
    assert ci.rstrip().splitlines()[-1] == "pytest"
