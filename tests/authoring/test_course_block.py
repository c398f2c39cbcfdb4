"""The optional `course:` block of a case or blueprint file: it loads (fast and located paths
alike), the schema names it, its errors are placed at file:line:col, and the engine's
between-visit evolution honours every pin."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.authoring import lint
from simulator.authoring.fastyaml import fast_load
from simulator.authoring.lint import Finding, lint_file, lint_paths
from simulator.authoring.loading import (
    case_to_yaml,
    load_case,
    parse_blueprint,
    parse_case,
)
from simulator.authoring.problems import AuthoringError
from simulator.authoring.schema import json_schema, json_schema_for
from simulator.cli.main import main as cli_main
from simulator.domain.actions import parse_line
from simulator.domain.case import Case, CoursePin, Trend
from simulator.domain.ids import Irritability
from simulator.engine.course import Course, play_course
from simulator.generator.generate import Generator
from simulator.knowledge.course import VISITS_MAX, VISITS_MIN
from simulator.scoring.course import CourseScore, score_course

REPO = Path(__file__).resolve().parents[2]
ELECTRICIAN = REPO / "examples" / "exam" / "electrician.yaml"
LORRY = REPO / "cases" / "library" / "dg-lorry-driver-chain.yaml"
BLUEPRINT = REPO / "cases" / "blueprints" / "deep_gluteal.yaml"

BLOCK = """course:
  visits: 4
  relief_holds: 0.25
  delayed_flare: 1
  irritability: [moderate, high]
  referral_outcome: The GP found a sprained ligament and said to rest a week.
"""
# over tolerance on the buttock, then a second visit
DEEP = ["ask onset", "treat stripping glute_max 5 10", "visit", "ask onset", "end"]
GENTLE = [
    "ask onset",
    "treat compression glute_max 2 8",
    "treat myofascial deep_rotators 2 8",
    "refer medical_assessment",
    "visit",
    "ask onset",
    "end",
]


def _text(block: str, path: Path = ELECTRICIAN) -> str:
    return path.read_text(encoding="utf-8") + block


def _with(pin: CoursePin | None) -> Case:
    return load_case(LORRY).model_copy(update={"course": pin})


def _play(case: Case, lines: list[str]) -> Course:
    return play_course(case, [parse_line(line) for line in lines])


def test_a_course_block_loads_on_the_fast_and_the_located_path() -> None:
    text = _text(BLOCK)
    assert fast_load(text) is not None  # the speed path reads it, no fallback needed
    case = parse_case(text, "course.yaml")
    assert case.course == CoursePin(
        visits=4,
        relief_holds=0.25,
        delayed_flare=1.0,
        irritability=[Irritability.MODERATE, Irritability.HIGH],
        referral_outcome="The GP found a sprained ligament and said to rest a week.",
    )
    assert parse_case(case_to_yaml(case)) == case  # written back, read back equal


def test_a_case_without_a_course_block_serialises_as_before() -> None:
    case = load_case(ELECTRICIAN)
    assert case.course is None
    assert "course" not in case.model_dump(mode="json")  # pack digests do not move
    assert "course:" not in case_to_yaml(case)
    pinned = case.model_copy(update={"course": CoursePin(irritability=Trend.SETTLES)})
    assert pinned.model_dump(mode="json")["course"] == {"irritability": "settles"}


def test_the_schema_describes_the_course_block() -> None:
    schema = json_schema()
    pin = schema["$defs"]["CoursePin"]["properties"]
    assert set(pin) == {
        "visits",
        "relief_holds",
        "delayed_flare",
        "irritability",
        "referral_outcome",
    }
    assert pin["visits"]["anyOf"][0]["minimum"] == VISITS_MIN
    assert pin["visits"]["anyOf"][0]["maximum"] == VISITS_MAX
    for kind in ("case", "blueprint"):
        assert "course" in json_schema_for(kind)["properties"]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            "course:\n  visits: 5\n",
            "course.yaml:75:3: course.visits: 5 is out of range: visits must be between 2 and 4",
        ),
        (
            "course:\n  irritability: calm\n",
            "course.yaml:75:3: course.irritability: unknown trend 'calm'; valid: settles, "
            "rises, steady",
        ),
        (
            "course:\n  irritability:\n    - low\n    - sleepy\n",
            "course.yaml:77:7: course.irritability[1]: unknown irritability 'sleepy'; valid: "
            "low, moderate, high",
        ),
        (
            "course:\n  visits: 2\n  irritability: [low, high]\n",
            "course.yaml:76:3: course.irritability: 2 follow-up visits listed, the course has 1",
        ),
        (
            "course:\n  relief_hold: 0.5\n",
            "course.yaml:75:3: course.relief_hold: unknown field 'relief_hold'",
        ),
        ("course: 3\n", "course.yaml:74:1: course: expected a mapping of fields, got 3"),
    ],
)
def test_course_errors_name_file_line_and_field(block: str, expected: str) -> None:
    with pytest.raises(AuthoringError) as caught:
        parse_case(_text(block), "course.yaml")
    assert str(caught.value.problems[0]).startswith(expected)


def test_a_blueprint_pins_the_course_of_every_draw() -> None:
    blueprint = parse_blueprint(_text("course:\n  delayed_flare: 1\n", BLUEPRINT), "bp.yaml")
    assert blueprint.course == CoursePin(delayed_flare=1.0)
    case = Generator().generate(blueprint, 3)
    assert case.course == CoursePin(delayed_flare=1.0)
    with pytest.raises(AuthoringError) as caught:
        parse_blueprint(_text("course:\n  delayed_flare: 2\n", BLUEPRINT), "bp.yaml")
    assert "bp.yaml:" in str(caught.value.problems[0])
    assert "course.delayed_flare" in str(caught.value.problems[0])


def test_pinned_visits_set_the_course_length() -> None:
    case = _with(CoursePin(visits=4))
    assert Course(case).planned == 4
    assert _play(case, DEEP).planned == 4  # the pin, not the script's count
    assert Course(case, visits=2).planned == 2  # an explicit count still wins
    assert Course(_with(None)).planned == 3


def test_a_delayed_flare_pin_brings_the_client_back_flared_or_never() -> None:
    free = _play(_with(None), DEEP).intervals[0]
    always = _play(_with(CoursePin(delayed_flare=1.0)), DEEP).intervals[0]
    never = _play(_with(CoursePin(delayed_flare=0.0)), DEEP).intervals[0]
    assert free.delayed_flare is None
    assert always.delayed_flare is not None and always.worse
    assert never.delayed_flare is None


def test_a_relief_holds_pin_sets_how_much_relief_lasts() -> None:
    faded = _play(_with(CoursePin(relief_holds=0.0)), GENTLE).intervals[0]
    held = _play(_with(CoursePin(relief_holds=1.0)), GENTLE).intervals[0]
    assert faded.relief_held == 0 and faded.relief_faded > 0
    assert held.relief_faded == 0 and held.relief_held > 0


def test_irritability_pins_follow_the_trend_or_the_list() -> None:
    rises = _play(_with(CoursePin(irritability=Trend.RISES)), GENTLE)
    assert rises.intervals[0].irritability_after is Irritability.MODERATE
    assert rises.cases[1].hidden.irritability is Irritability.MODERATE
    listed = _with(CoursePin(irritability=[Irritability.HIGH, Irritability.LOW]))
    course = _play(listed, [*GENTLE[:-1], "visit", "ask onset", "end"])
    assert [c.hidden.irritability for c in course.cases] == [
        Irritability.LOW,
        Irritability.HIGH,
        Irritability.LOW,
    ]


def test_a_referral_outcome_pin_is_what_the_client_reports() -> None:
    words = "The GP found a sprained ligament and said to rest a week."
    report = _play(_with(CoursePin(referral_outcome=words)), GENTLE).intervals[0].report
    assert report.startswith(words)
    unreferred = _play(_with(CoursePin(referral_outcome=words)), DEEP).intervals[0].report
    assert words not in unreferred  # only after a referral


# lint: the expert passes the course ---------------------------------------------------------


def _poor_course(
    _agent: object, case: Case, seed: int = 0, visits: int = 3, max_steps: int = 200
) -> tuple[Course, CourseScore]:
    """A stand-in for the expert that plays a fixed, poor routine every visit."""
    routine = ["treat stripping glute_max 5 10", "end"]
    lines = routine + [line for _ in range(visits - 1) for line in ["visit", *routine]]
    course = play_course(case, [parse_line(line) for line in lines], seed, visits)
    return course, score_course(course)


def _course_findings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.check == "course"]


def test_lint_plays_a_case_with_a_course_block_as_a_course(tmp_path: Path) -> None:
    path = tmp_path / "dancer.yaml"
    library = REPO / "cases" / "library" / "dg-dancer-fall.yaml"
    path.write_text(library.read_text(encoding="utf-8") + "course:\n  visits: 2\n")
    assert _course_findings(lint_file(path)) == []  # the expert gets through it


def test_lint_reports_a_course_the_expert_fails_at_the_course_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lint, "drive_course", _poor_course)
    path = tmp_path / "electrician.yaml"
    path.write_text(_text(BLOCK), encoding="utf-8")
    (finding,) = _course_findings(lint_file(path))
    assert (finding.line, finding.col, finding.field) == (74, 1, "course")
    assert finding.severity == "error"
    assert finding.message.startswith("the expert agent fails every 4-visit course")


def test_lint_courses_checks_every_case_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(lint, "drive_course", _poor_course)
    assert _course_findings(lint_paths([ELECTRICIAN])) == []
    (finding,) = _course_findings(lint_paths([ELECTRICIAN], courses=True))
    assert finding.field == "hidden.source" and "3-visit course" in finding.message
    assert cli_main(["lint", "--courses", str(ELECTRICIAN)]) == 1
    assert "the expert agent fails every 3-visit course" in capsys.readouterr().out


def test_lint_checks_a_blueprint_with_a_course_block_per_draw(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(lint, "drive_course", _poor_course)
    blueprint = parse_blueprint(_text("course:\n  visits: 2\n", BLUEPRINT), "bp.yaml")
    findings = _course_findings(lint.lint_blueprint(blueprint, "bp.yaml"))
    assert [f.severity for f in findings] == ["error"]
    assert "in 5 of 5 draws" in findings[0].message


def test_the_scaffold_writes_a_course_block_with_its_comment() -> None:
    from simulator.authoring.scaffold import case_to_commented_yaml

    case = load_case(REPO / "examples" / "course" / "lorry-driver-course.yaml")
    text = case_to_commented_yaml(case)
    assert "# Optional: pin what happens between the visits of a course of care" in text
    assert parse_case(text) == case
