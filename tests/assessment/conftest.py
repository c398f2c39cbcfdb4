"""Fixtures for the assessment tests: the sample exam of examples/exam, packs built from it,
and journals of complete runs made in-process through the same code `exam take` runs."""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from simulator.assessment.exam import LoadedExam, load_exam
from simulator.cli import main as cli_main
from simulator.cli.exam import take

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "exam"
EXAM = EXAMPLE / "exam.yaml"
ROSTER = EXAMPLE / "roster.csv"
ANSWERS = EXAMPLE / "answers.txt"


def main(argv: list[str]) -> int:
    """`massage-sim exam ARGS` in process."""
    return cli_main(["exam", *argv])


def action_lines() -> list[str]:
    """The scripted answers, one action per line (comments and blanks dropped)."""
    lines = ANSWERS.read_text(encoding="utf-8").splitlines()
    return [line + "\n" for line in lines if line.strip() and not line.startswith("#")]


def exam_command() -> list[str]:
    """`python -m simulator exam`: the command a student runs."""
    return [sys.executable, "-m", "simulator", "exam"]


@pytest.fixture(scope="session")
def loaded() -> LoadedExam:
    return load_exam(EXAM)


@pytest.fixture(scope="session")
def packs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("packs")
    assert main(["build", str(EXAM), "--roster", str(ROSTER), "--out", str(out)]) == 0
    return out


def take_in_process(pack: Path, journal: Path, script: str) -> None:
    saved = sys.stdout
    sys.stdout = io.StringIO()
    try:
        assert take(pack, journal, io.StringIO(script), interactive=False) == 0
    finally:
        sys.stdout = saved


@pytest.fixture(scope="session")
def submissions(packs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One complete journal per student on the roster (s1003 stops after 30 actions)."""
    folder = tmp_path_factory.mktemp("submissions")
    lines = action_lines()
    for pack in sorted(packs.glob("*.pack")):
        script = lines[:30] if pack.stem == "s1003" else lines
        take_in_process(pack, folder / f"{pack.stem}.journal", "".join(script))
    return folder


@pytest.fixture
def copy_of() -> Callable[[Path, Path], Path]:
    def copy(source: Path, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy(source, folder / source.name))

    return copy


def run_main(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err
