"""A course item in the exam app (Pilot): `end` ends a visit, a typed `visit` opens the next
with the client's report, and the item is over when its last visit ends; the journal holds
the visit separator and grading scores the course."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from simulator.assessment.exam import load_exam
from simulator.assessment.grading import grade_journal
from simulator.assessment.journal import read_journal
from simulator.assessment.pack import build_pack, pack_text
from simulator.assessment.run import ExamRun
from simulator.engine.course import Course
from simulator.tui.exam_app import ExamApp, ExamSitting
from simulator.tui.screens.confirm import ConfirmDialog
from simulator.tui.screens.exam import ExamOverviewScreen, ExamSessionScreen
from simulator.tui.widgets.conversation import Conversation

from .conftest import REPO, SIZE, enter_line, run

EXAM = """id: course-exam
title: Courses of care
secret: a-course-exam-secret-1234
minutes: 45
items:
  - case: electrician.yaml
    title: The electrician, over two visits
    visits: 2
  - case: electrician.yaml
    title: A single session
"""


def _pack(folder: Path) -> Path:
    shutil.copy(REPO / "examples" / "exam" / "electrician.yaml", folder / "electrician.yaml")
    (folder / "exam.yaml").write_text(EXAM, encoding="utf-8")
    pack = folder / "s1.pack"
    pack.write_text(pack_text(build_pack(load_exam(folder / "exam.yaml"), "s1")))
    return pack


async def _end(pilot: Any, expect: str) -> None:
    await enter_line(pilot, "end")
    dialog = pilot.app.screen
    assert isinstance(dialog, ConfirmDialog) and expect in dialog.message
    await pilot.press("y")
    await pilot.pause()


@run
async def test_a_course_item_in_the_exam_app(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    journal = tmp_path / "s1.journal"
    with ExamRun.open(pack, journal) as exam_run:
        app = ExamApp(exam_run, title="Courses of care")
        async with app.run_test(size=SIZE) as pilot:
            assert isinstance(app.screen, ExamOverviewScreen)
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ExamSessionScreen)
            assert "Visit 1 of 2" in screen.sub_title
            await enter_line(pilot, "ask onset")
            await _end(pilot, "a few days later")  # a visit, not the case
            assert app.screen is screen and exam_run.index == 0
            await enter_line(pilot, "visit")
            assert "Visit 2 of 2" in screen.sub_title
            entries = screen.query_one(Conversation).entries
            assert any("since last time" in entry for entry in entries)
            await enter_line(pilot, "ask onset")
            await _end(pilot, "over for good")  # the last visit ends the case
            assert isinstance(app.screen, ExamOverviewScreen)
            assert exam_run.index == 1
            sitting = ExamSitting(exam_run, 0)
            assert sitting.ended and sitting.course is not None
    kinds = [e.action["kind"] for e in read_journal(journal).actions]
    assert kinds == ["ask", "end", "visit", "ask", "end"]
    graded = grade_journal(load_exam(tmp_path / "exam.yaml"), journal.read_bytes(), "s1")
    assert graded.results[0].course is not None and graded.results[0].ended


@run
async def test_an_after_each_exam_shows_the_course_debrief(tmp_path: Path) -> None:
    from simulator.scoring.course import score_course
    from simulator.tui.screens.exam import ExamDebriefScreen

    exam = tmp_path / "exam.yaml"
    pack = _pack(tmp_path)
    exam.write_text(EXAM.replace("minutes: 45\n", "minutes: 45\ndebrief: after_each\n"))
    pack.write_text(pack_text(build_pack(load_exam(exam), "s1")))
    with ExamRun.open(pack, tmp_path / "s1.journal") as exam_run:
        app = ExamApp(exam_run, title="Courses of care")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            await enter_line(pilot, "ask onset")
            await _end(pilot, "a few days later")
            await enter_line(pilot, "visit")
            await _end(pilot, "over for good")
            screen = app.screen
            assert isinstance(screen, ExamDebriefScreen)
            course = exam_run.sittings[0]
            assert isinstance(course, Course)
            assert screen.course_result == score_course(course, 70)
            assert screen.expert_course is None  # no expert walkthrough in an exam
