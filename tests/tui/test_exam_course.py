"""A course item in the exam app (Pilot): `end` ends a visit, a typed `visit` opens the next
with the client's report, and the item is over when its last visit ends (or once the client
has gone to a doctor); the journal holds the visit separator and grading scores the course;
the help explains course items."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual.widgets import Markdown

from simulator.assessment.exam import load_exam
from simulator.assessment.grading import grade_journal
from simulator.assessment.journal import read_journal
from simulator.assessment.pack import build_pack, pack_text
from simulator.assessment.run import ExamRun
from simulator.engine.course import Course
from simulator.tui.exam_app import ExamApp, ExamSitting
from simulator.tui.screens.confirm import ConfirmDialog
from simulator.tui.screens.exam import ExamOverviewScreen, ExamSessionScreen
from simulator.tui.screens.help import HelpScreen
from simulator.tui.widgets.conversation import Conversation

from .conftest import REPO, SIZE, enter_line, run, screen_text

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


@asynccontextmanager
async def _sitting(
    pack: Path, journal: Path, *, begin: bool = True
) -> AsyncIterator[tuple[ExamRun, ExamApp, Any]]:
    """The exam app over a pack and journal; with `begin`, the first item started."""
    with ExamRun.open(pack, journal) as exam_run:
        app = ExamApp(exam_run, title="Courses of care")
        async with app.run_test(size=SIZE) as pilot:
            if begin:
                await pilot.press("enter")
                await pilot.pause()
            yield exam_run, app, pilot


async def _end(pilot: Any, expect: str) -> None:
    await enter_line(pilot, "end")
    dialog = pilot.app.screen
    assert isinstance(dialog, ConfirmDialog) and expect in dialog.message
    await pilot.press("y")
    await pilot.pause()


@run
async def test_a_course_item_in_the_exam_app(tmp_path: Path) -> None:
    journal = tmp_path / "s1.journal"
    async with _sitting(_pack(tmp_path), journal, begin=False) as (exam_run, app, pilot):
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
    async with _sitting(pack, tmp_path / "s1.journal") as (exam_run, app, pilot):
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


@run
async def test_an_emergency_referral_closes_the_course_item(tmp_path: Path) -> None:
    journal = tmp_path / "s1.journal"
    async with _sitting(_pack(tmp_path), journal) as (exam_run, app, pilot):
        screen = app.screen
        assert isinstance(screen, ExamSessionScreen)
        await enter_line(pilot, "refer red_flag")
        if not exam_run.sessions[0].ended:
            await _end(pilot, "a few days later")
        last = list(app._notifications)[-1]
        assert last.title == "Course over" and "emergency care" in last.message
        assert "close the case" in last.message and "next visit" not in last.message
        await pilot.press("escape")  # out of the action line: v is a key again
        await pilot.pause()
        text = screen_text(app)
        assert "v Close case" in text and "Debrief" not in text
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ExamOverviewScreen) and exam_run.index == 1
    kinds = [e.action["kind"] for e in read_journal(journal).actions]
    assert kinds[-1] == "visit"  # the course closes on the record, as a course replays


@run
async def test_the_exam_help_explains_course_items(tmp_path: Path) -> None:
    async with _sitting(_pack(tmp_path), tmp_path / "s1.journal") as (_run, app, pilot):
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "In this exam" in screen_text(app)
        text = app.screen.query_one("#help-text", Markdown).source
        assert "**course of visits**" in text and "`v` opens the next one" in text
        assert "| `v` | in a course" in text  # the session's key table
        assert "## Home" not in text and "`n` | a random client" not in text
