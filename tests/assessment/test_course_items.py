"""Course items in exams: an item with `visits` (or a case whose `course:` block pins them)
is taken as a course of care. Its journal keeps the `visit` separators; grading replays the
course and scores it with score_course; tampering is still caught; the reports show it."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from simulator.assessment.exam import load_exam
from simulator.assessment.grading import Rejection, grade_folder, grade_journal, journal_files
from simulator.assessment.journal import read_journal
from simulator.assessment.pack import PackError, build_pack, pack_text, read_pack
from simulator.assessment.reports import feedback_md, gradebook_csv, item_analysis, item_analysis_md
from simulator.assessment.run import ExamRun
from simulator.authoring.problems import AuthoringError
from simulator.domain.actions import End, Visit, parse_line
from simulator.engine.course import Course
from simulator.scoring.course import score_course

from .conftest import EXAMPLE, REPO, exam_command, take_in_process

VISIT_1 = [
    "ask onset",
    "ask radiation",
    "ask aggravating",
    "ask bladder_bowel",
    "ask saddle_numbness",
    "test pain_rating",
    "palpate quadratus_lumborum",
    "treat trigger_point quadratus_lumborum 3 5",
    "check_in",
    "reassess pain_rating",
    "educate self_care",
    "end",
]
VISIT_2 = [
    "test pain_rating",
    "palpate quadratus_lumborum",
    "treat trigger_point quadratus_lumborum 4 6",
    "reassess pain_rating",
    "educate pacing",
    "end",
]
SINGLE = ["ask onset", "ask bladder_bowel", "test slr", "treat effleurage glute_max 2 5", "end"]
COURSE = [*VISIT_1, "visit", *VISIT_2]
SCRIPT = "".join(f"{line}\n" for line in [*COURSE, *SINGLE])

EXAM = """id: course-exam
title: Courses of care
secret: a-course-exam-secret-1234
minutes: 45
items:
  - case: electrician.yaml
    title: The electrician, over two visits
    visits: 2
  - blueprint: {blueprint}
    title: A single session
"""


def _exam(folder: Path, text: str = EXAM) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE / "electrician.yaml", folder / "electrician.yaml")
    path = folder / "exam.yaml"
    blueprint = REPO / "cases" / "blueprints" / "deep_gluteal.yaml"
    path.write_text(text.format(blueprint=blueprint), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def taken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(exam file, pack, journal) of student s1, who took the whole exam."""
    folder = tmp_path_factory.mktemp("course-exam")
    exam = _exam(folder)
    pack = folder / "s1.pack"
    pack.write_text(pack_text(build_pack(load_exam(exam), "s1")), encoding="utf-8")
    journal = folder / "submissions" / "s1.journal"
    journal.parent.mkdir()
    take_in_process(pack, journal, SCRIPT)
    return exam, pack, journal


def test_a_course_item_carries_its_visits_into_the_pack(tmp_path: Path) -> None:
    loaded = load_exam(_exam(tmp_path))
    variants = loaded.variants("s1")
    assert [v.visits for v in variants] == [2, None]
    pack = build_pack(loaded, "s1", variants)
    assert [item.visits for item in pack.items] == [2, None]
    text = pack_text(pack)
    assert text.count('"visits"') == 1  # a single-session item writes none
    path = tmp_path / "s1.pack"
    path.write_text(text.replace('"visits": 2', '"visits": 3'), encoding="utf-8")
    with pytest.raises(PackError, match="digest"):  # the visits are under the digest
        read_pack(path)


def test_an_exam_without_courses_packs_as_before(tmp_path: Path) -> None:
    loaded = load_exam(EXAMPLE / "exam.yaml")
    assert '"visits"' not in pack_text(build_pack(loaded, "s1001"))


def test_a_course_block_that_pins_visits_makes_a_course_item(tmp_path: Path) -> None:
    exam = _exam(tmp_path, EXAM.replace("    visits: 2\n", ""))
    case = tmp_path / "electrician.yaml"
    case.write_text(case.read_text() + "course:\n  visits: 3\n", encoding="utf-8")
    assert [v.visits for v in load_exam(exam).variants("s1")] == [3, None]


def test_item_visits_out_of_range_are_located(tmp_path: Path) -> None:
    exam = _exam(tmp_path, EXAM.replace("visits: 2", "visits: 6"))
    with pytest.raises(AuthoringError) as caught:
        load_exam(exam)
    problem = str(caught.value.problems[0])
    assert problem.startswith(f"{exam}:8:5: items[0].visits: 6 is out of range")


def test_the_journal_keeps_the_visit_separator(taken: tuple[Path, Path, Path]) -> None:
    _exam_path, _pack, journal = taken
    entries = read_journal(journal).actions
    kinds = [e.action["kind"] for e in entries]
    assert kinds.count("visit") == 1
    assert [e.item for e in entries] == [0] * len(COURSE) + [1] * len(SINGLE)


def test_grading_replays_the_course_and_the_gradebook_holds_its_total(
    taken: tuple[Path, Path, Path],
) -> None:
    exam_path, _pack, journal = taken
    loaded = load_exam(exam_path)
    graded = grade_journal(loaded, journal.read_bytes(), str(journal))
    result = graded.results[0]
    assert result.course is not None and result.ended and result.visits == 2
    assert len(result.course.visits) == 2
    # the same course played from scratch, outside the exam, scores the same
    variant = loaded.variants("s1")[0]
    course = Course(variant.case, variant.session_seed, 2)
    for line in COURSE:
        course.apply(parse_line(line))
    expected = score_course(course, loaded.exam.pass_mark)
    assert result.score == expected
    report = grade_folder(loaded, [journal])
    rows = list(csv.reader(io.StringIO(gradebook_csv(report))))
    assert rows[1][1] == f"{expected.total:.2f}"
    assert graded.total == round((expected.total + graded.results[1].score.total) / 2, 2)


def test_reports_analyse_and_explain_a_course_item(taken: tuple[Path, Path, Path]) -> None:
    exam_path, _pack, journal = taken
    report = grade_folder(load_exam(exam_path), journal_files(journal.parent))
    analysis = item_analysis(report)
    course_case, single_case = analysis["cases"]
    assert course_case["visits"] == 2 and len(course_case["visit_means"]) == 2
    assert "visits" not in single_case
    assert "plan_progression" in course_case["rubric_means"]
    ids = {item["id"] for item in analysis["rubric_items"]}
    assert {"plan_progression", "discharge"} <= ids  # the course's items beside the visits'
    assert "case, 2-visit course" in item_analysis_md(analysis)
    json.dumps(analysis)  # stays JSON
    feedback = feedback_md(report, report.graded[0])
    assert "Visits: 1 " in feedback and "After visit 1:" in feedback


def test_a_tampered_course_journal_is_rejected(
    taken: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    exam_path, _pack, journal = taken
    lines = journal.read_bytes().split(b"\n")
    at = next(n for n, line in enumerate(lines) if b'"kind":"visit"' in line)
    lines[at] = lines[at].replace(b'"kind":"visit"', b'"kind":"end"')
    with pytest.raises(Rejection, match="entry edited"):
        grade_journal(load_exam(exam_path), b"\n".join(lines), "tampered")
    dropped = b"\n".join(lines[:at] + lines[at + 1 :])
    with pytest.raises(Rejection):
        grade_journal(load_exam(exam_path), dropped, "dropped")


def test_a_course_resumes_mid_way_and_grades_the_same(
    taken: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    exam_path, pack, journal = taken
    stop = len(VISIT_1) + 2  # after the visit opened, one action into visit 2
    lines = SCRIPT.splitlines(keepends=True)
    resumed = tmp_path / "s1.journal"
    take_in_process(pack, resumed, "".join(lines[:stop]))
    with ExamRun.open(pack, resumed) as run:
        item = run.current_item
        assert item is not None and item.course is not None
        assert item.course.visit == 2 and not item.ended
    take_in_process(pack, resumed, "".join(lines[stop:]))
    loaded = load_exam(exam_path)
    once = grade_journal(loaded, journal.read_bytes(), "once")
    twice = grade_journal(loaded, resumed.read_bytes(), "twice")
    assert twice.total == once.total and twice.complete


def test_an_unstarted_course_item_scores_zero(tmp_path: Path) -> None:
    exam = _exam(tmp_path)
    pack = tmp_path / "s2.pack"
    loaded = load_exam(exam)
    pack.write_text(pack_text(build_pack(loaded, "s2")), encoding="utf-8")
    journal = tmp_path / "s2.journal"
    with ExamRun.open(pack, journal):
        pass  # opened and closed: a header, no action
    graded = grade_journal(loaded, journal.read_bytes(), "s2")
    result = graded.results[0]
    assert result.course is not None and result.score.total == 0 and not result.started
    assert all(item.points == 0 for item in result.score.items)


def test_the_line_mode_shows_each_visit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from simulator.cli.exam import take

    exam = _exam(tmp_path)
    pack = tmp_path / "s3.pack"
    pack.write_text(pack_text(build_pack(load_exam(exam), "s3")), encoding="utf-8")
    lines = [*VISIT_1, "ask onset", "visit", *VISIT_2]
    assert take(pack, tmp_path / "s3.journal", io.StringIO("\n".join(lines)), False) == 0
    out = capsys.readouterr().out
    assert "A course of 2 visits" in out
    assert "-- Visit 1 of 2 --" in out and "-- Visit 2 of 2 --" in out
    assert "Visit 1 has ended: type `visit` to see the client again." in out
    assert "How have you been since last time?" in out
    assert "== Case 2 of 2: A single session ==" in out  # the course ended with visit 2


def test_the_line_mode_prompt_names_the_visit(tmp_path: Path) -> None:
    """`exam take --lines`, the command a student runs: a course item's prompt says which
    visit it is in; a single session's prompt is as it always was."""
    exam = _exam(tmp_path)
    pack = tmp_path / "s5.pack"
    pack.write_text(pack_text(build_pack(load_exam(exam), "s5")), encoding="utf-8")
    command = [*exam_command(), "take", str(pack), "--journal", str(tmp_path / "s5.journal")]
    done = subprocess.run(
        [*command, "--lines"], input=SCRIPT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    prompts = re.findall(r"^(\[\d+ min\] (?:visit \d/\d )?> )(\S+)", done.stdout, flags=re.M)
    course = len(VISIT_1) + 1 + len(VISIT_2)
    assert [line for _, line in prompts] == [line.split()[0] for line in [*COURSE, *SINGLE]]
    visits = [re.search(r"visit (\d/\d)", prompt) for prompt, _ in prompts[:course]]
    assert [v.group(1) if v else None for v in visits] == (
        ["1/2"] * (len(VISIT_1) + 1) + ["2/2"] * len(VISIT_2)
    )
    assert all(" visit " not in prompt for prompt, _ in prompts[course:])
    assert "[45 min] visit 1/2 > ask onset" in done.stdout.splitlines()


def test_the_exam_app_plays_a_course_item(tmp_path: Path) -> None:
    from simulator.tui.exam_app import ExamSitting

    exam = _exam(tmp_path)
    pack = tmp_path / "s4.pack"
    pack.write_text(pack_text(build_pack(load_exam(exam), "s4")), encoding="utf-8")
    with ExamRun.open(pack, tmp_path / "s4.journal") as run:
        sitting = ExamSitting(run, 0)
        assert sitting.course is not None and not sitting.next_visit_ready
        sitting.apply(parse_line("ask onset"))
        sitting.apply(End())
        assert sitting.visit_ended and sitting.next_visit_ready and not sitting.ended
        opening = sitting.apply(Visit())
        assert "since last time" in opening.text and sitting.course.visit == 2
        assert sitting.steps == []  # the new visit's own steps
        sitting.apply(End())
        assert sitting.ended and sitting.course_score.visits
        assert run.next_item() is not None and run.index == 1


def test_the_course_example_lints_clean_and_builds() -> None:
    from simulator.authoring.lint import lint_file

    folder = REPO / "examples" / "course"
    assert [str(f) for f in lint_file(folder / "lorry-driver-course.yaml")] == []
    loaded = load_exam(folder / "exam.yaml")
    assert [v.visits for v in loaded.variants("s1001")] == [3, None]
