"""Fuzzing the real entry points with hostile files: case files, blueprints, action scripts,
transcripts and journals. Whatever the file, `massage-sim` exits 0, 1 or 2 with one-line
messages, never 70; grading rejects a bad journal by name and grades the rest.

Bounded by the hypothesis profile (tests/conftest.py) so the suite stays fast;
tests/benchmarks/fuzz_volume.py runs the same mutators over 10,000+ inputs.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .harness import (
    BLUEPRINTS,
    LIBRARY,
    ROUTINE,
    contract_problem,
    dumps_hostile,
    mutate_json,
    mutate_text,
    run_cli,
    script_variants,
)
from .journals import Class, poisoned_lines

CASES = sorted(LIBRARY.glob("*.yaml"))
BLUEPRINT_FILES = sorted(BLUEPRINTS.glob("*.yaml"))
SMALL = settings(max_examples=15)


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _check(*args: object) -> None:
    outcome = run_cli(*args)
    problem = contract_problem(outcome)
    assert problem is None, f"massage-sim {' '.join(map(str, args))[:200]}: {problem}"


@SMALL
@given(rng=st.randoms(use_true_random=False), index=st.integers(0, len(CASES) - 1))
def test_a_mutated_case_file_is_validated_linted_and_run_or_refused(
    work: Path, rng: random.Random, index: int
) -> None:
    path = work / "case.yaml"
    path.write_text(mutate_text(rng, CASES[index].read_text(encoding="utf-8")), encoding="utf-8")
    _check("validate", path)
    _check("lint", path)
    _check("run", "--case", path, "--actions", ROUTINE)


@SMALL
@given(rng=st.randoms(use_true_random=False), index=st.integers(0, len(BLUEPRINT_FILES) - 1))
def test_a_mutated_blueprint_is_validated_and_drawn_from_or_refused(
    work: Path, rng: random.Random, index: int
) -> None:
    text = BLUEPRINT_FILES[index].read_text(encoding="utf-8")
    path = work / "blueprint.yaml"
    path.write_text(mutate_text(rng, text), encoding="utf-8")
    _check("validate", path)
    _check("run", "--blueprint", path, "--case-seed", rng.randrange(50), "--actions", ROUTINE)


@SMALL
@given(rng=st.randoms(use_true_random=False))
def test_a_mutated_action_script_runs_or_is_refused(work: Path, rng: random.Random) -> None:
    path = work / "actions.txt"
    path.write_text(script_variants(rng, ROUTINE.read_text(encoding="utf-8")), encoding="utf-8")
    _check("run", "--case", CASES[0], "--actions", path, "--json")


@pytest.fixture(scope="module")
def transcript(work: Path) -> dict[str, object]:
    import json

    outcome = run_cli("run", "--case", CASES[0], "--actions", ROUTINE, "--json")
    assert outcome.code == 0, outcome.err
    data: dict[str, object] = json.loads(outcome.out)
    return data


@SMALL
@given(rng=st.randoms(use_true_random=False))
def test_a_mutated_transcript_replays_or_is_refused(
    work: Path, transcript: dict[str, object], rng: random.Random
) -> None:
    import copy

    path = work / "transcript.json"
    if rng.random() < 0.3:
        text = mutate_text(rng, dumps_hostile(transcript))
    else:
        text = dumps_hostile(mutate_json(rng, copy.deepcopy(transcript)))
    path.write_text(text, encoding="utf-8")
    _check("replay", path)


@SMALL
@given(rng=st.randoms(use_true_random=False))
def test_a_class_with_one_mutated_journal_is_graded_but_for_that_one(
    exam_class: Class, rng: random.Random
) -> None:
    from simulator.assessment.grading import grade_folder

    files = exam_class.poison(poisoned_lines(rng, exam_class.journal_lines()))
    report = grade_folder(exam_class.loaded, files)
    others = {p.name for p in files} - {exam_class.victim_name}
    assert others <= {Path(g.file).name for g in report.graded}
    for rejected in report.rejected:
        assert Path(rejected.file).name == exam_class.victim_name
        assert "\n" not in rejected.reason and "cannot be graded" not in rejected.reason
