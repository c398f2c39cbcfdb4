"""`massage-sim lint`: each check catches its problem class on a deliberately broken copy of
a library case, at the right line, with the right severity and exit code."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from simulator.authoring import lint
from simulator.authoring.lint import (
    EXIT_CLEAN,
    EXIT_ERRORS,
    EXIT_WARNINGS,
    QUESTION_REVEALS,
    RED_FLAG_FINDINGS,
    SEED_HEADINGS,
    Finding,
    cited_headings,
    exit_code,
    lint_blueprint,
    lint_case,
    lint_file,
    lint_paths,
    soft_posterior,
)
from simulator.authoring.loading import load_blueprint, load_case, parse_blueprint
from simulator.cli.authoring import cmd_lint, register
from simulator.domain.actions import Ask
from simulator.domain.case import Case
from simulator.domain.ids import Question, Reach, RedFlagKind, Source, Style
from simulator.engine.session import Session
from simulator.knowledge.red_flags import REVEALED_BY
from simulator.knowledge.teaching import TEACHING

REPO = Path(__file__).resolve().parents[2]
LIBRARY = REPO / "cases" / "library"
BLUEPRINTS = REPO / "cases" / "blueprints"
SEED_TEXT = REPO.parent / "shared" / "seed" / "sports-massage-techniques-for-sciatica.txt"
LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (\S+): .+$")


def broken_copy(tmp_path: Path, name: str, edits: dict[str, str]) -> Path:
    """A copy of a library case with each `old` text replaced by `new` (each must occur)."""
    text = (LIBRARY / name).read_text(encoding="utf-8")
    for old, new in edits.items():
        assert old in text, f"{old!r} not in {name}"
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(needle):
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def only(findings: list[Finding], check: str) -> list[Finding]:
    return [f for f in findings if f.check == check]


# Each problem class ----------------------------------------------------------------------


def test_a_clean_library_case_has_no_findings() -> None:
    path = LIBRARY / "dg-cyclist-sitting.yaml"
    assert lint_file(path) == []
    assert exit_code([]) == EXIT_CLEAN


def test_red_flag_finding_in_a_soft_tissue_case_is_an_error(tmp_path: Path) -> None:
    path = broken_copy(
        tmp_path, "dg-cyclist-sitting.yaml", {"  bilateral: false": "  bilateral: true"}
    )
    findings = only(lint_file(path), "red_flags")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "error"
    assert finding.field == "findings.bilateral"
    assert (finding.line, finding.col) == (line_of(path, "  bilateral:"), 3)
    assert "deep_gluteal" in finding.message
    assert exit_code(lint_file(path)) == EXIT_ERRORS


@pytest.mark.parametrize("name", RED_FLAG_FINDINGS)
def test_every_red_flag_finding_is_caught_in_a_soft_tissue_case(name: str) -> None:
    case = load_case(LIBRARY / "pc-stoic-runner.yaml")
    broken = case.model_copy(update={"findings": case.findings.model_copy(update={name: True})})
    findings = only(lint_case(broken), "red_flags")
    assert [(f.severity, f.field) for f in findings] == [("error", f"findings.{name}")]


def test_red_flag_case_that_reveals_nothing_is_an_error(tmp_path: Path) -> None:
    path = broken_copy(
        tmp_path,
        "rf-cauda-equina-golfer.yaml",
        {
            "  saddle_numbness: true": "  saddle_numbness: false",
            "  bladder_bowel: true": "  bladder_bowel: false",
            "  bilateral: true": "  bilateral: false",
        },
    )
    findings = lint_file(path)
    red = only(findings, "red_flags")
    assert [(f.severity, f.field) for f in red] == [("error", "findings")]
    assert red[0].line == line_of(path, "findings:")
    assert "saddle_numbness" in red[0].message and "cauda_equina" in red[0].message
    assert exit_code(findings) == EXIT_ERRORS


@pytest.mark.parametrize("kind", list(RedFlagKind))
def test_each_red_flag_kind_needs_a_finding_its_questions_reveal(kind: RedFlagKind) -> None:
    library = {p: load_case(p) for p in sorted(LIBRARY.glob("rf-*.yaml"))}
    case = next(c for c in library.values() if c.hidden.red_flag_kind is kind)
    assert only(lint_case(case), "red_flags") == []
    cleared = {name: False for names in QUESTION_REVEALS.values() for name in names}
    broken = case.model_copy(update={"findings": case.findings.model_copy(update=cleared)})
    assert [f.severity for f in only(lint_case(broken), "red_flags")] == ["error"]


def test_the_reveal_table_matches_the_engine() -> None:
    """Each red-flag finding that lint credits to a question really makes the client's
    answer to it positive (or, for radiation, mention the other leg)."""
    base = load_case(LIBRARY / "rf-systemic-history.yaml")
    plain = base.persona.model_copy(update={"style": Style.PLAIN})
    quiet = {name: False for names in QUESTION_REVEALS.values() for name in names}
    for question, names in QUESTION_REVEALS.items():
        for name in names:
            findings = base.findings.model_copy(update={**quiet, name: True})
            case = base.model_copy(update={"findings": findings, "persona": plain})
            response = Session(case, 0).apply(Ask(question=question))
            if question is Question.RADIATION:
                assert "other leg" in response.text, (question, name)
            elif question is Question.EASING:
                assert "Nothing helps" in response.text, (question, name)
            else:
                assert response.signals.positive is True, (question, name)
    for kind, questions in REVEALED_BY.items():
        assert any(q in QUESTION_REVEALS for q in questions), kind


def test_trigger_point_source_without_trigger_points_is_an_error(tmp_path: Path) -> None:
    path = broken_copy(
        tmp_path,
        "tp-hamstring-climber.yaml",
        {
            "  trigger_points:\n    - region: hamstrings\n      refers_to: below_knee\n": (
                "  trigger_points: []\n"
            )
        },
    )
    findings = only(lint_file(path), "trigger_points")
    assert [(f.severity, f.field) for f in findings] == [("error", "hidden.trigger_points")]
    assert findings[0].line == line_of(path, "  trigger_points:")
    assert exit_code(lint_file(path)) == EXIT_ERRORS


def test_trigger_point_that_cannot_reproduce_the_complaint_is_a_warning() -> None:
    case = load_case(LIBRARY / "tp-hamstring-climber.yaml")
    point = case.hidden.trigger_points[0].model_copy(update={"refers_to": Reach.BUTTOCK})
    hidden = case.hidden.model_copy(update={"trigger_points": (point,)})
    findings = only(lint_case(case.model_copy(update={"hidden": hidden})), "trigger_points")
    assert [f.severity for f in findings] == ["warning"]


def test_a_secondary_trigger_point_that_reproduces_everything_is_a_warning() -> None:
    case = load_case(LIBRARY / "lr-gluteal-trigger-decoy.yaml")
    point = case.hidden.trigger_points[0].model_copy(update={"refers_to": Reach.FOOT})
    hidden = case.hidden.model_copy(update={"trigger_points": (point,)})
    findings = only(lint_case(case.model_copy(update={"hidden": hidden})), "trigger_points")
    assert [(f.severity, f.field) for f in findings] == [
        ("warning", "hidden.trigger_points[0].refers_to")
    ]


@pytest.mark.parametrize(
    ("name", "finding"),
    [
        ("lr-gluteal-trigger-decoy.yaml", False),  # a gluteal trigger point, finding says no
        ("hf-weekend-footballer.yaml", True),  # no trigger point, finding says yes
    ],
)
def test_gluteal_trp_out_of_step_with_the_trigger_points_is_a_warning(
    name: str, finding: bool
) -> None:
    case = load_case(LIBRARY / name)
    assert not only(lint_case(case), "trigger_points")
    findings = case.findings.model_copy(update={"gluteal_trp": finding})
    broken = only(lint_case(case.model_copy(update={"findings": findings})), "trigger_points")
    assert [(f.severity, f.field) for f in broken] == [("warning", "findings.gluteal_trp")]
    assert "keep them in step" in broken[0].message


def test_missing_objectives_is_a_warning_and_exit_3(tmp_path: Path) -> None:
    case = load_case(LIBRARY / "hf-weekend-footballer.yaml")
    first = f"  - {case.learning_objectives[0]}"
    text = (LIBRARY / "hf-weekend-footballer.yaml").read_text(encoding="utf-8")
    block = text[text.index("learning_objectives:") : text.index("teaching_note:")]
    path = broken_copy(tmp_path, "hf-weekend-footballer.yaml", {block: "learning_objectives: []\n"})
    assert first not in path.read_text(encoding="utf-8")
    findings = lint_file(path)
    assert [(f.severity, f.field, f.check) for f in findings] == [
        ("warning", "learning_objectives", "teaching")
    ]
    assert findings[0].line == line_of(path, "learning_objectives:")
    assert exit_code(findings) == EXIT_WARNINGS


def test_teaching_note_missing_or_citing_no_seed_section_is_a_warning() -> None:
    case = load_case(LIBRARY / "hf-weekend-footballer.yaml")
    missing = lint_case(case.model_copy(update={"teaching_note": "  "}))
    assert [(f.severity, f.field) for f in missing] == [("warning", "teaching_note")]
    uncited = lint_case(case.model_copy(update={"teaching_note": "Sitting makes it worse."}))
    assert [(f.severity, f.field) for f in uncited] == [("warning", "teaching_note")]
    assert "cites no seed section" in uncited[0].message


def test_headings_are_found_across_line_breaks_and_case() -> None:
    note = 'See "assessment comes\n before technique" and Myofascial Work For The Posterior Chain.'
    assert cited_headings(note) == (
        "Myofascial work for the posterior chain",
        "Assessment comes before technique",
    )


def test_contradictory_findings_are_an_error() -> None:
    case = load_case(LIBRARY / "dg-cyclist-sitting.yaml")
    radicular = {
        "fair": False,
        "notch_tender": False,
        "sitting_worse": False,
        "seated_guarding": False,
        "slr": True,
        "slump": True,
        "paraesthesia": True,
        "disc_history": True,
        "flexion_leg": True,
    }
    findings = case.findings.model_copy(update=radicular)
    hidden = case.hidden.model_copy(update={"reach": Reach.FOOT})
    broken = case.model_copy(update={"findings": findings, "hidden": hidden})
    assert soft_posterior(broken)[Source.DEEP_GLUTEAL] < lint.CONTRADICTION
    posterior = only(lint_case(broken), "posterior")
    assert [(f.severity, f.field) for f in posterior] == [("error", "findings")]
    assert "contradict" in posterior[0].message


def test_findings_that_favour_another_source_are_a_warning() -> None:
    case = load_case(LIBRARY / "dg-cyclist-sitting.yaml")
    update = {
        "fair": False,
        "training_spike": True,
        "hamstring_short": True,
        "hip_ir_restricted": False,
        "onset": "training",
    }
    broken = case.model_copy(update={"findings": case.findings.model_copy(update=update)})
    belief = soft_posterior(broken)
    assert max(belief, key=belief.__getitem__) is Source.POSTERIOR_CHAIN
    assert belief[Source.DEEP_GLUTEAL] >= lint.CONTRADICTION
    posterior = only(lint_case(broken), "posterior")
    assert [f.severity for f in posterior] == ["warning"]
    assert "posterior_chain more than to deep_gluteal" in posterior[0].message


def test_red_flag_cases_skip_the_posterior_check() -> None:
    for path in sorted(LIBRARY.glob("rf-*.yaml")):
        assert only(lint_case(load_case(path)), "posterior") == []


def test_a_case_the_expert_cannot_pass_is_an_error() -> None:
    case = load_case(LIBRARY / "dg-cyclist-sitting.yaml")
    rushed = case.model_copy(update={"budget_minutes": 10})  # no time to assess and treat
    findings = only(lint_case(rushed, "rushed.yaml"), "expert")
    assert [(f.severity, f.field) for f in findings] == [("error", "hidden.source")]
    assert "fails every session" in findings[0].message


def test_a_case_the_expert_fails_sometimes_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    real = lint.drive

    def flaky(agent: object, case: Case, seed: int = 0) -> tuple[object, object]:
        session, result = real(agent, case, seed)  # type: ignore[arg-type]
        return session, result.model_copy(update={"passed": seed != 1, "total": 50.0})

    monkeypatch.setattr(lint, "drive", flaky)
    findings = only(lint_case(load_case(LIBRARY / "dg-cyclist-sitting.yaml")), "expert")
    assert [f.severity for f in findings] == ["warning"]
    assert "session seed(s) 1" in findings[0].message


# Blueprints ------------------------------------------------------------------------------

_BLUEPRINT = """\
id: broken
source: deep_gluteal
findings:
  bilateral: true
learning_objectives:
  - Test the deep rotators.
teaching_note: Paraphrasing "Targeted work to deep hip rotators".
"""


def test_a_blueprint_is_linted_through_its_draws(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(_BLUEPRINT, encoding="utf-8")
    findings = lint_file(path)
    red = only(findings, "red_flags")
    assert [(f.severity, f.field, f.line) for f in red] == [("error", "findings.bilateral", 4)]
    assert "in 5 of 5 draws" in red[0].message
    assert str(red[0]).startswith(f"{path}:4:3: error: findings.bilateral: ")


def test_a_problem_in_a_few_draws_is_a_warning() -> None:
    blueprint = parse_blueprint(_BLUEPRINT.replace("bilateral: true", "bilateral: 0.3"))
    from simulator.generator.generate import Generator

    generator = Generator()
    hits = sum(generator.generate(blueprint, seed).findings.bilateral for seed in range(5))
    findings = only(lint_blueprint(blueprint, generator=generator), "red_flags")
    if hits == 0:
        assert findings == []
    else:
        assert len(findings) == 1
        assert findings[0].severity == ("error" if 2 * hits > 5 else "warning")


def test_blueprint_without_teaching_fields_warns() -> None:
    blueprint = load_blueprint(BLUEPRINTS / "deep_gluteal.yaml")
    bare = blueprint.model_copy(update={"learning_objectives": [], "teaching_note": ""})
    teaching = only(lint_blueprint(bare, seeds=(0,)), "teaching")
    assert {f.field for f in teaching} == {"learning_objectives", "teaching_note"}
    assert {f.severity for f in teaching} == {"warning"}


# Files, folders and the command ----------------------------------------------------------


def test_files_that_do_not_validate_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: Bad Id\nhidden: [\n", encoding="utf-8")
    findings = lint_paths([path])
    assert findings and all(f.severity == "error" and f.check == "schema" for f in findings)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert [f.message for f in lint_paths([empty])] == ["no .yaml or .yml files here"]
    assert [f.field for f in lint_paths([tmp_path / "missing.yaml"])] == ["file"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="massage-sim")
    register(parser.add_subparsers(dest="command"))
    return parser


def test_lint_command_exit_codes_and_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = LIBRARY / "dg-cyclist-sitting.yaml"
    args = _parser().parse_args(["lint", str(clean)])
    assert args.func is cmd_lint
    assert cmd_lint(args) == EXIT_CLEAN
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("ok: 1 file(s)")

    text = (LIBRARY / "hf-weekend-footballer.yaml").read_text(encoding="utf-8")
    start, end = text.index("learning_objectives:"), text.index("teaching_note:")
    warned = tmp_path / "hf-weekend-footballer.yaml"
    warned.write_text(text[:start] + "learning_objectives: []\n" + text[end:], encoding="utf-8")
    assert cmd_lint(_parser().parse_args(["lint", str(warned)])) == EXIT_WARNINGS
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1 and LINE.match(out.splitlines()[0])
    assert "0 error(s), 1 warning(s) in 1 file(s)" in err

    broken = broken_copy(
        tmp_path, "dg-cyclist-sitting.yaml", {"  systemic: false": "  systemic: true"}
    )
    code = cmd_lint(_parser().parse_args(["lint", str(broken), str(warned)]))
    assert code == EXIT_ERRORS
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert all(LINE.match(line) for line in lines), lines
    assert any(": error: findings.systemic: " in line for line in lines)
    assert "in 2 file(s)" in err


def test_lint_command_never_raises(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\xff\xfe not text")
    assert cmd_lint(_parser().parse_args(["lint", str(bad)])) == EXIT_ERRORS
    out, _err = capsys.readouterr()
    assert "not UTF-8" in out


def _cli_has_lint() -> bool:
    from simulator.cli import build_parser

    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return "lint" in action.choices
    return False


needs_cli = pytest.mark.skipif(
    not _cli_has_lint(),
    reason="`lint` is not registered in simulator/cli.py yet "
    "(add `register(sub)` from simulator.authoring.commands to build_parser)",
)


@needs_cli
def test_lint_through_the_real_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from simulator.cli import main

    assert main(["lint", str(LIBRARY / "dg-cyclist-sitting.yaml")]) == EXIT_CLEAN
    broken = broken_copy(
        tmp_path, "dg-cyclist-sitting.yaml", {"  bilateral: false": "  bilateral: true"}
    )
    capsys.readouterr()
    assert main(["lint", str(broken)]) == EXIT_ERRORS
    out, err = capsys.readouterr()
    assert ": error: findings.bilateral: " in out
    assert "Traceback" not in err


# Seed headings ---------------------------------------------------------------------------


def test_seed_headings_cover_the_teaching_points() -> None:
    sections = {point.seed_section for point in TEACHING.values()} - {"Introduction"}
    assert sections <= set(SEED_HEADINGS)


@pytest.mark.skipif(not SEED_TEXT.is_file(), reason="the seed text is not beside the repo")
def test_seed_headings_are_the_seed_texts_own_lines() -> None:
    lines = {line.strip() for line in SEED_TEXT.read_text(encoding="utf-8").splitlines()}
    assert set(SEED_HEADINGS) <= lines


def test_finding_format() -> None:
    finding = Finding("a.yaml", 3, 5, "findings.slr", "warning", "why", "posterior")
    assert str(finding) == "a.yaml:3:5: warning: findings.slr: why"
    assert exit_code([finding]) == EXIT_WARNINGS
    error = Finding("a.yaml", 1, 1, "id", "error", "bad")
    assert exit_code([finding, error]) == EXIT_ERRORS


def test_a_limited_hip_rotation_without_its_finding_is_a_warning() -> None:
    """domain.md 3a: hip IR under 25 degrees tests positive; the likelihoods read
    findings.hip_ir_restricted, so an angle under the limit needs the finding."""
    case = load_case(LIBRARY / "dg-cyclist-sitting.yaml")
    assert case.hidden.hip_ir < 25 and case.findings.hip_ir_restricted
    assert only(lint_case(case), "hip_rotation") == []
    findings = case.findings.model_copy(update={"hip_ir_restricted": False})
    broken = case.model_copy(update={"findings": findings})
    found = only(lint_case(broken), "hip_rotation")
    assert [(f.severity, f.field) for f in found] == [("warning", "findings.hip_ir_restricted")]


@pytest.mark.parametrize(
    ("source", "seed"), [(Source.POSTERIOR_CHAIN, 3), (Source.HIP_FLEXOR_PELVIC, 5)]
)
def test_a_driver_that_palpation_cannot_single_out_is_a_warning(source: Source, seed: int) -> None:
    """The driver must be the one tender candidate: the chain's driving link (the seed's
    connections), a hip-flexor client's overworked tissue ("overworked lumbar and gluteal
    tissues")."""
    from simulator.domain.ids import DRIVER_TISSUES
    from simulator.generator.generate import Generator, default_blueprint

    case = Generator().generate(default_blueprint(source), seed)
    assert case.hidden.driver in DRIVER_TISSUES[source]
    assert only(lint_case(case), "driver") == []
    quiet = next(t for t in DRIVER_TISSUES[source] if t is not case.hidden.driver)
    moved = case.hidden.model_copy(update={"driver": quiet})
    findings = only(lint_case(case.model_copy(update={"hidden": moved})), "driver")
    # the new driver is not tender, and the old one now palpates tender beside it
    assert [f.severity for f in findings] == ["warning", "warning"]
    assert "does not palpate tender" in findings[0].message
    assert case.hidden.driver.value in findings[1].message


def test_a_deep_gluteal_nerve_the_examination_cannot_read_is_a_warning() -> None:
    """domain.md 7 (deep-gluteal column, "R if no radiating, else lighten"): how far the pain
    radiates is how the student tells the nerve is sensitised."""
    case = load_case(LIBRARY / "dg-cyclist-sitting.yaml")
    assert case.hidden.reach is Reach.THIGH
    assert only(lint_case(case), "nerve") == []
    hidden = case.hidden.model_copy(update={"nerve_sensitivity": 0.6})
    found = only(lint_case(case.model_copy(update={"hidden": hidden})), "nerve")
    assert [(f.severity, f.field) for f in found] == [("warning", "hidden.nerve_sensitivity")]
    assert "stops above the knee" in found[0].message
