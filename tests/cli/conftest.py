"""Fixtures for the command-line tests.

The CLI is driven two ways, both through the real parser and command handlers:

* `cli(...)` runs `python -m simulator ...` as a subprocess (the real entry point);
* `cli_main(...)` calls `simulator.cli.main([...])` in-process with capsys, for the many
  bad-input cases where a process start per case would only cost time.

Both assert that no traceback ever reaches stderr. Expensive outputs (the 30 generated
cases, a routine run over them) are made once per session and shared.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
BLUEPRINTS = REPO / "cases" / "blueprints"
ROUTINE = REPO / "examples" / "routine.txt"
COUNT = 30
SEED = 3


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    def lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("MASSAGE_SIM_DEBUG", None)  # the CLI must turn errors into messages by itself
    env["PYTHONUTF8"] = "1"
    env["COLUMNS"] = "100"
    return env


def run_cli(args: Sequence[Any], cwd: Path, stdin: str | None = None) -> Outcome:
    proc = subprocess.run(
        [sys.executable, "-m", "simulator", *(str(a) for a in args)],
        cwd=cwd,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
        timeout=300,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return Outcome(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="session")
def cli(workdir: Path) -> Callable[..., Outcome]:
    """`cli("run", "--case", ..., stdin=None, cwd=None)`: the real command as a subprocess."""

    def call(*args: Any, stdin: str | None = None, cwd: Path | None = None) -> Outcome:
        return run_cli(args, cwd or workdir, stdin)

    return call


@pytest.fixture
def cli_main(capsys: pytest.CaptureFixture[str]) -> Callable[..., Outcome]:
    """`cli_main("validate", path)`: `simulator.cli.main` in-process; SystemExit is a code."""
    from simulator.cli import main

    def call(*args: Any) -> Outcome:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exit_:  # argparse usage errors and --help
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err, captured.err
        return Outcome(code, captured.out, captured.err)

    return call


@pytest.fixture(scope="session")
def generated(workdir: Path) -> Path:
    """`generate --count 30 --seed 3 --out d`, once per test session."""
    result = run_cli(["generate", "--count", COUNT, "--seed", SEED, "--out", "d"], workdir)
    assert result.code == 0, result.err
    return workdir / "d"


@pytest.fixture(scope="session")
def case_files(generated: Path) -> list[Path]:
    return sorted(generated.glob("*.yaml"))


@pytest.fixture(scope="session")
def one_case(case_files: list[Path]) -> Path:
    return case_files[1]


@pytest.fixture(scope="session")
def routine_output(workdir: Path, generated: Path) -> str:
    """stdout of `run --case d --actions examples/routine.txt --json` (JSON Lines)."""
    result = run_cli(["run", "--case", "d", "--actions", ROUTINE, "--json"], workdir)
    assert result.code == 0, result.err
    return result.out


@pytest.fixture(scope="session")
def routine_results(routine_output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in routine_output.splitlines()]


@pytest.fixture(scope="session")
def transcript_text(workdir: Path, one_case: Path) -> str:
    """`run --json` against one case file: a transcript for `replay`."""
    result = run_cli(
        ["run", "--case", one_case.relative_to(workdir), "--actions", ROUTINE, "--json"],
        workdir,
    )
    assert result.code == 0, result.err
    assert len(result.out.splitlines()) == 1
    return result.out
