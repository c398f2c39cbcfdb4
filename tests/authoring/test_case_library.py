"""The authored library in cases/library and every file in cases/: each validates and lints
without errors, and the library covers what the issue asks for."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from simulator.authoring.lint import SEED_HEADINGS, Finding, cited_headings, lint_paths
from simulator.authoring.loading import load_case, load_yaml, validate_paths
from simulator.domain.case import Case
from simulator.domain.ids import RedFlagKind, Source, Style

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "cases"
LIBRARY = CASES / "library"
LIBRARY_FILES = sorted(LIBRARY.glob("*.yaml"))
ALL_FILES = sorted(p for p in CASES.rglob("*") if p.suffix in (".yaml", ".yml"))
SEED_TEXT = REPO.parent / "shared" / "seed" / "sports-massage-techniques-for-sciatica.txt"
MODELINE = "# yaml-language-server: $schema=../massage-sim-schema.json"


@cache
def library() -> dict[str, Case]:
    return {path.stem: load_case(path) for path in LIBRARY_FILES}


@cache
def findings_by_file() -> dict[str, list[Finding]]:
    """One lint run over the whole cases/ folder (one Generator, each file once)."""
    out: dict[str, list[Finding]] = {str(path): [] for path in ALL_FILES}
    for finding in lint_paths([CASES]):
        out.setdefault(finding.file, []).append(finding)
    return out


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: str(p.relative_to(CASES)))
def test_every_file_validates_and_lints_without_errors(path: Path) -> None:
    assert validate_paths([path]) == []
    errors = [str(f) for f in findings_by_file()[str(path)] if f.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("path", LIBRARY_FILES, ids=lambda p: p.stem)
def test_library_cases_lint_clean_and_are_well_formed(path: Path) -> None:
    assert [str(f) for f in findings_by_file()[str(path)]] == []
    case = library()[path.stem]
    assert case.id == path.stem
    assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE
    assert case.title
    assert len(case.learning_objectives) >= 2
    assert cited_headings(case.teaching_note), "the teaching note must cite a seed heading"
    assert any(f'"{h}"' in " ".join(case.teaching_note.split()) for h in SEED_HEADINGS)
    data, _ = load_yaml(path)
    optional = {"course"}  # a course block is for cases written as scripted courses
    assert set(data) - optional == set(Case.model_fields) - optional, (
        "an authored case pins every field"
    )


def test_the_library_is_big_enough_and_covers_every_source() -> None:
    cases = library().values()
    assert len(cases) >= 24
    per_source = Counter(case.hidden.source for case in cases)
    assert all(per_source[source] >= 3 for source in Source), per_source
    assert sum(1 for case in cases if case.hidden.secondary is not None) >= 6


def test_the_atypical_cases_that_teach_are_there() -> None:
    cases = list(library().values())

    def some(rule: str, test: object) -> None:
        assert any(test(case) for case in cases), rule  # type: ignore[operator]

    some(
        "a stoic runner who under-reports",
        lambda c: c.persona.style is Style.STOIC and c.persona.sport == "running",
    )
    some(
        "an expressive office worker",
        lambda c: c.persona.style is Style.EXPRESSIVE and c.hidden.source is not Source.RED_FLAG,
    )
    some(
        "a gluteal trigger point in a client whose real problem is a nerve root",
        lambda c: (
            c.hidden.source is Source.LUMBAR_RADICULAR
            and c.hidden.secondary is Source.TRIGGER_POINT
            and any(tp.region.value.startswith("glute") for tp in c.hidden.trigger_points)
        ),
    )
    some(
        "cough-sensitive leg pain that needs a medical opinion",
        lambda c: c.findings.cough_sneeze and c.hidden.source is not Source.RED_FLAG,
    )
    kinds = {c.hidden.red_flag_kind for c in cases if c.hidden.source is Source.RED_FLAG}
    assert kinds == set(RedFlagKind)


def test_clients_read_differently() -> None:
    cases = list(library().values())
    for attribute in ("complaint", "name"):
        values = [getattr(case.persona, attribute) for case in cases]
        assert len(set(values)) == len(values), attribute
    assert len({case.teaching_note for case in cases}) == len(cases)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower().replace("\u2019", "'"))


@pytest.mark.skipif(not SEED_TEXT.is_file(), reason="the seed text is not beside the repo")
def test_the_library_paraphrases_the_seed() -> None:
    """No run of eight words (outside a cited heading) is copied from the seed text."""
    size = 8
    seed = _words(SEED_TEXT.read_text(encoding="utf-8"))
    runs = {tuple(seed[i : i + size]) for i in range(len(seed) - size + 1)}
    for name, case in library().items():
        text = " | ".join([case.teaching_note, case.persona.complaint, *case.learning_objectives])
        for heading in SEED_HEADINGS:
            text = re.sub(re.escape(heading), " | ", text, flags=re.IGNORECASE)
        words = _words(text)
        copied = [
            " ".join(words[i : i + size])
            for i in range(len(words) - size + 1)
            if tuple(words[i : i + size]) in runs
        ]
        assert copied == [], (name, copied)


def test_the_committed_schema_accepts_the_library() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import json

    schema = json.loads((CASES / "massage-sim-schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in LIBRARY_FILES:
        data, _ = load_yaml(path)
        validator.validate(data)


def test_validate_command_accepts_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    from simulator.cli import main

    assert main(["validate", str(LIBRARY)]) == 0
    out, _err = capsys.readouterr()
    assert out == ""


DOCS = REPO / "docs" / "authoring.md"


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_guides_examples_load() -> None:
    from simulator.authoring.loading import parse_blueprint, parse_case

    blocks = _yaml_blocks()
    # the `course:` block's examples are fragments: each pins a course on the guide's case
    courses = [block for block in blocks if block.startswith("course:")]
    assert len(courses) == 2
    case_text, blueprint_text = [block for block in blocks if block not in courses]
    assert parse_case(case_text, "docs-case.yaml") == library()["dg-cyclist-sitting"]
    blueprint = parse_blueprint(blueprint_text, "docs-blueprint.yaml")
    assert blueprint.source is Source.DEEP_GLUTEAL
    for course in courses:
        assert parse_case(case_text + course, "docs-course.yaml").course is not None


def test_the_guide_lists_every_library_case() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for path in LIBRARY_FILES:
        assert f"`{path.name}`" in text, path.name
    for heading in SEED_HEADINGS:
        assert f"- {heading}\n" in text, heading


def test_the_guides_first_example_runs_and_leaves_the_library_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Following the guide's first example step by step: each command succeeds, and the new
    case is drafted outside cases/library (whose every file the tests above hold to the
    library's standard, so a draft there would fail the suite)."""
    import io
    import shlex
    import shutil

    from simulator.cli import main

    block = re.search(r"```sh\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert block is not None
    commands = [shlex.split(line, comments=True) for line in block.group(1).splitlines()]
    assert [c[:2] for c in commands] == [
        ["massage-sim", "new"],
        ["massage-sim", "validate"],
        ["massage-sim", "lint"],
        ["massage-sim", "play"],
    ]
    shutil.copytree(CASES / "blueprints", tmp_path / "cases" / "blueprints")
    (tmp_path / "cases" / "library").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("end\n"))
    for command in commands:
        assert main(command[1:]) == 0, (command, capsys.readouterr())
    new = commands[0]
    written = tmp_path / new[new.index("--out") + 1]
    assert written.is_file()
    assert list((tmp_path / "cases" / "library").iterdir()) == []
