"""The exam app driven through Textual's Pilot: exam take on a terminal, exam mode's limits,
resume, finishing and grading, a failing journal, and the proctored sign-in.

Packs are built in-process from examples/exam (debrief after_grading) and from a copy of it
that shows the debrief after each case. Every test works on its own copy of the packs, so
the journals (written beside the pack by default) never leak from one test to another.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Label, Tab, TabbedContent

from simulator.assessment.access import access_code, read_access
from simulator.assessment.exam import load_exam
from simulator.assessment.grading import grade_folder
from simulator.assessment.journal import JournalError
from simulator.assessment.run import ExamRun
from simulator.cli import main as cli_main
from simulator.cli.exam import take
from simulator.domain.actions import action_to_json, action_to_line, parse_line
from simulator.engine.session import Session, Step
from simulator.knowledge.words import SOURCE_LABEL
from simulator.scoring.rubric import score
from simulator.tui.exam_app import MAX_SIGN_IN_ATTEMPTS, ExamApp, ExamSitting
from simulator.tui.screens.confirm import ConfirmDialog
from simulator.tui.screens.exam import (
    ExamDebriefScreen,
    ExamLoginScreen,
    ExamOverviewScreen,
    ExamSessionScreen,
)
from simulator.tui.screens.help import HelpScreen
from simulator.tui.widgets.conversation import Conversation

from .conftest import REPO, SIZE, enter_line, run, screen_text, shown, until

EXAMPLE = REPO / "examples" / "exam"
EXAM = EXAMPLE / "exam.yaml"
ROSTER = EXAMPLE / "roster.csv"
STUDENT = "s1001"
# the first actions of the sample answers: a mix of kinds, none of them `end`
OPENING = [
    "ask onset",
    "ask radiation",
    "palpate deep_rotators",
    "test slr",
    "treat compression glute_max 3 4",
    "check_in",
]


def main(argv: list[str]) -> int:
    """`massage-sim exam ARGS` in process."""
    return cli_main(["exam", *argv])


# packs ------------------------------------------------------------------------------------


def build(exam: Path, out: Path) -> Path:
    assert main(["build", str(exam), "--roster", str(ROSTER), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Packs of the sample exam (debrief after_grading), built once."""
    return build(EXAM, tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="module")
def built_after_each(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same exam with `debrief: after_each`, its case paths made absolute."""
    folder = tmp_path_factory.mktemp("after-each")
    text = EXAM.read_text(encoding="utf-8")
    assert "debrief: after_grading" in text
    text = text.replace("debrief: after_grading", "debrief: after_each")
    text = re.sub(
        r"^(\s*-?\s*(?:blueprint|case): )(\S+)$",
        lambda m: m.group(1) + str((EXAMPLE / m.group(2)).resolve()),
        text,
        flags=re.MULTILINE,
    )
    exam = folder / "exam.yaml"
    exam.write_text(text, encoding="utf-8")
    return build(exam, folder / "packs")


@pytest.fixture
def packs(built: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(built, tmp_path / "packs"))


@pytest.fixture
def packs_after_each(built_after_each: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(built_after_each, tmp_path / "packs-after-each"))


@pytest.fixture
def exam_run(packs: Path) -> Iterator[ExamRun]:
    with ExamRun.open(packs / f"{STUDENT}.pack") as opened:
        yield opened


def answers() -> list[list[str]]:
    """The sample answers, one list of action lines per case (each ends with `end`)."""
    cases: list[list[str]] = [[]]
    for line in (EXAMPLE / "answers.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cases[-1].append(line.strip())
        if line.strip() == "end":
            cases.append([])
    return [case for case in cases if case]


# reading what is on disk and on screen ------------------------------------------------------


def journal_entries(path: Path) -> list[dict[str, Any]]:
    """The action entries on disk (the header dropped); every line must be complete."""
    data = path.read_bytes()
    assert data.endswith(b"\n")
    lines = [json.loads(line) for line in data.splitlines()]
    assert lines[0]["type"] == "header"
    return lines[1:]


def flat(app: ExamApp) -> str:
    """The screen's text without whitespace: long lines may wrap anywhere."""
    return "".join(screen_text(app).split())


def conversation(app: ExamApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, ExamSessionScreen)
    return screen.query_one(Conversation).entries


def case_number(screen: ExamSessionScreen | ExamDebriefScreen) -> int:
    """Which case of the run a session or debrief screen shows (from 1)."""
    assert isinstance(screen.practice, ExamSitting)
    return screen.practice.index + 1


def assert_nothing_hidden(app: ExamApp, exam_run: ExamRun) -> None:
    """No case's hidden source (id or words) and no instructor view on the screen."""
    text = screen_text(app)
    assert "Instructor view" not in text
    assert not app.screen.query("#instructor-view")
    for case in exam_run.cases:
        assert case.hidden.source.value not in text
        assert SOURCE_LABEL[case.hidden.source] not in text
    for word in ("▲ flare", "▼ relief", "irritability", "nerve sensitivity"):
        assert word not in text.lower(), word


# driving the app ------------------------------------------------------------------------------


async def begin_case(pilot: Any) -> ExamSessionScreen:
    assert isinstance(pilot.app.screen, ExamOverviewScreen)
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(pilot.app.screen, ExamOverviewScreen), "a case")
    screen = pilot.app.screen
    assert isinstance(screen, ExamSessionScreen)
    return screen


async def end_case(pilot: Any) -> None:
    """Leave the action line (^d there deletes a character), ^d, confirm."""
    if isinstance(pilot.app.focused, Input):
        await pilot.press("escape")
    await pilot.press("ctrl+d")
    await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog), "the confirmation")
    dialog = pilot.app.screen
    assert isinstance(dialog, ConfirmDialog)
    assert "over for good" in dialog.message and "hidden problem" not in dialog.message
    await pilot.press("y")
    await until(pilot, lambda: not isinstance(pilot.app.screen, ConfirmDialog), "the answer")
    await until(pilot, lambda: not isinstance(pilot.app.screen, ExamSessionScreen), "the end")


async def leave_case(pilot: Any) -> None:
    """Esc back to the list of cases (a first Esc leaves the action line)."""
    if isinstance(pilot.app.focused, Input):
        await pilot.press("escape")
    await pilot.press("escape")
    await until(pilot, lambda: isinstance(pilot.app.screen, ExamOverviewScreen), "the cases")


def apply_lines(exam_run: ExamRun, lines: list[str], *, move_on: bool = True) -> None:
    """Play action lines straight through the run, as the line mode does."""
    for line in lines:
        response = exam_run.apply(parse_line(line))
        if response.ended and move_on:
            exam_run.next_item()


def take_lines(pack: Path, journal: Path, lines: list[str]) -> None:
    """The line mode of `exam take`, in-process, with its output captured."""
    saved = sys.stdout
    sys.stdout = io.StringIO()
    try:
        script = "".join(line + "\n" for line in lines)
        assert take(pack, journal, io.StringIO(script), interactive=False) == 0
    finally:
        sys.stdout = saved


# 1. exam take in the app ------------------------------------------------------------------


@run
async def test_each_action_is_on_disk_before_the_client_answers(
    exam_run: ExamRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = exam_run.journal_path
    # what the journal held at the moment the engine answered and the answer was shown
    seen: list[tuple[str, int, dict[str, Any]]] = []
    engine_apply = Session.apply
    conversation_add = Conversation.add

    def spy_apply(self: Session, action: Any) -> Any:
        seen.append(("engine", *last_on_disk()))
        return engine_apply(self, action)

    def spy_add(self: Conversation, number: int, step: Step) -> None:
        seen.append(("shown", *last_on_disk()))
        conversation_add(self, number, step)

    def last_on_disk() -> tuple[int, dict[str, Any]]:
        entries = journal_entries(journal)
        return len(entries), entries[-1]["action"] if entries else {}

    monkeypatch.setattr(Session, "apply", spy_apply)
    monkeypatch.setattr(Conversation, "add", spy_add)

    app = ExamApp(exam_run, title=exam_run.pack.exam_title)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ExamOverviewScreen)
        text = screen_text(app)
        assert "● Case 1: First client  next" in text
        assert "○ Case 2: Second client  to do" in text
        assert "Begin case 1" in text
        assert journal_entries(journal) == []
        session = await begin_case(pilot)
        for number, line in enumerate(OPENING, start=1):
            seen.clear()
            await enter_line(pilot, line)
            entries = journal_entries(journal)
            assert len(entries) == number
            assert entries[-1]["item"] == 0
            assert entries[-1]["action"] == action_to_json(parse_line(line))
            assert [action_to_line(s.action) for s in session.practice.steps] == OPENING[:number]
            # the engine answered, and the answer was shown, only once the entry was on disk
            assert seen == [
                ("engine", number, entries[-1]["action"]),
                ("shown", number, entries[-1]["action"]),
            ]
            assert len(conversation(app)) == number + 1  # the briefing, then each step
        await end_case(pilot)
        assert isinstance(app.screen, ExamOverviewScreen)
        entries = journal_entries(journal)
        assert len(entries) == len(OPENING) + 1
        assert entries[-1]["action"] == {"kind": "end"}
        assert exam_run.sessions[0].ended and exam_run.index == 1
        text = await shown(pilot, "✓ Case 1: First client  done")
        assert "/ 100" not in text and "PASS" not in text  # after_grading: no score
        assert "● Case 2: Second client  next" in text
        assert "Begin case 2" in text
        await until(
            pilot,
            lambda: any(
                "comes with the instructor's grading" in str(n.message) for n in app._notifications
            ),
            "the notice that scores come with the grading",
        )


# 2. exam mode hides things ----------------------------------------------------------------


@run
async def test_exam_mode_hides_the_problem_the_expert_and_rewind(packs_after_each: Path) -> None:
    with ExamRun.open(packs_after_each / f"{STUDENT}.pack") as exam_run:
        assert exam_run.pack.debrief == "after_each"
        app = ExamApp(exam_run, title=exam_run.pack.exam_title)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert_nothing_hidden(app, exam_run)  # the overview and its persona card
            await begin_case(pilot)
            assert_nothing_hidden(app, exam_run)
            for line in OPENING:
                await enter_line(pilot, line)
                assert_nothing_hidden(app, exam_run)
            await end_case(pilot)

            debrief = app.screen
            assert isinstance(debrief, ExamDebriefScreen)
            text = screen_text(app)
            pass_mark = exam_run.pack.pass_mark
            result = score(exam_run.cases[0], exam_run.sessions[0].steps, pass_mark)
            assert f"{result.total:g} / 100" in text and f"pass mark {pass_mark:g}" in text
            tabs = [str(tab.label) for tab in debrief.query(Tab)]
            assert tabs == ["Summary 1", "Rubric 2", "Timeline 3"]
            assert "Expert" not in text and "Rewind" not in text
            tabbed = debrief.query_one(TabbedContent)
            for start, key in (("summary", "1"), ("rubric", "2")):
                await pilot.press(key)
                await pilot.pause()
                assert tabbed.active == start
                for key in ("r", "x", "4", "5"):
                    await pilot.press(key)
                    await pilot.pause()
                    assert app.screen is debrief and tabbed.active == start
            assert not debrief.query("#expert, #rewind, #rewind-list")

            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ExamOverviewScreen)
            text = screen_text(app)
            assert "✓ Case 1: First client  done" in text
            assert "● Case 2: Second client  next" in text
            assert_nothing_hidden(app, exam_run)
            # the second client's case id names its source: it must not show either
            assert exam_run.cases[1].hidden.source.value in exam_run.cases[1].id
            await begin_case(pilot)
            for line in ("ask onset", "palpate deep_rotators", "test fair"):
                await enter_line(pilot, line)
                assert_nothing_hidden(app, exam_run)


# 3. resume ----------------------------------------------------------------------------------


@run
async def test_resume_in_the_app_equals_the_line_mode(packs: Path, tmp_path: Path) -> None:
    pack = packs / f"{STUDENT}.pack"
    first, second = OPENING[:3], OPENING[3:5]
    played = [*first, *second, "end", "ask onset"]

    exam_run = ExamRun.open(pack)
    try:
        app = ExamApp(exam_run, title=exam_run.pack.exam_title)
        async with app.run_test(size=SIZE) as pilot:
            await begin_case(pilot)
            for line in first:
                await enter_line(pilot, line)
            shown = conversation(app)
            await pilot.press("ctrl+q")  # from the action line: the exam is already saved
            await pilot.pause()
        assert app.return_code == 0
    finally:
        exam_run.close()

    with ExamRun.open(pack) as exam_run:
        assert exam_run.resumed_actions == len(first) and exam_run.index == 0
        app = ExamApp(exam_run, title=exam_run.pack.exam_title)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ExamOverviewScreen)
            text = screen_text(app)
            assert "Continue case 1" in text
            assert "● Case 1: First client  in progress" in text
            assert any(n.title == "Resumed" for n in app._notifications)
            session = await begin_case(pilot)
            assert conversation(app) == shown  # the earlier conversation, as it was
            assert [action_to_line(s.action) for s in session.practice.steps] == first
            for line in second:
                await enter_line(pilot, line)
            await end_case(pilot)
            await begin_case(pilot)
            await enter_line(pilot, "ask onset")
            assert len(conversation(app)) == 2

    reference = tmp_path / "line-mode.journal"
    take_lines(pack, reference, played)
    assert exam_run.journal_path.read_bytes() == reference.read_bytes()


@run
async def test_a_run_killed_right_after_end_resumes_at_the_next_case(
    packs: Path,
) -> None:
    pack = packs / f"{STUDENT}.pack"
    with ExamRun.open(pack) as exam_run:
        apply_lines(exam_run, [*OPENING[:2], "end"], move_on=False)  # killed before next_item
    with ExamRun.open(pack) as exam_run:
        assert exam_run.index == 0 and exam_run.sessions[0].ended
        app = ExamApp(exam_run, title=exam_run.pack.exam_title)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ExamOverviewScreen)
            assert exam_run.index == 1
            text = screen_text(app)
            assert "✓ Case 1: First client  done" in text
            assert "● Case 2: Second client  next" in text
            assert "Begin case 2" in text and "case 1 (enter)" not in text
            session = await begin_case(pilot)
            assert case_number(session) == 2 and session.practice.steps == []
            await enter_line(pilot, "ask onset")
        entries = journal_entries(exam_run.journal_path)
        assert [(e["item"], e["action"]["kind"]) for e in entries[-2:]] == [
            (0, "end"),
            (1, "ask"),
        ]


@pytest.mark.parametrize("proctored", [False, True], ids=["take", "proctored"])
@run
async def test_after_each_killed_right_after_end_shows_that_debrief_first(
    packs_after_each: Path, proctored: bool
) -> None:
    """The debrief is pushed as the app (or the sign-in) starts, over an overview not yet
    shown: leaving it must bring the overview up to date, without a crash."""
    pack = packs_after_each / f"{STUDENT}.pack"
    with ExamRun.open(pack) as exam_run:
        apply_lines(exam_run, [*OPENING[:2], "end"], move_on=False)
    access = read_access(packs_after_each / "access.csv")
    if proctored:
        app = ExamApp(packs=packs_after_each, access=access)
    else:
        app = ExamApp(ExamRun.open(pack))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            if proctored:
                await sign_in(pilot, STUDENT, access[STUDENT])
            await until(pilot, lambda: isinstance(app.screen, ExamDebriefScreen), "the debrief")
            debrief = app.screen
            assert isinstance(debrief, ExamDebriefScreen) and case_number(debrief) == 1
            await shown(pilot, "/ 100")
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, ExamOverviewScreen), "the cases")
            text = await shown(pilot, "✓ Case 1: First client  done")
            assert "● Case 2: Second client  next" in text and "Begin case 2" in text
            session = await begin_case(pilot)
            assert case_number(session) == 2
    finally:
        if app.exam_run is not None:
            app.exam_run.close()


# 4. finishing --------------------------------------------------------------------------------


@pytest.mark.parametrize("debrief", ["after_grading", "after_each"])
@run
async def test_finishing_the_exam_and_grading_the_journal(
    debrief: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    built = request.getfixturevalue("built" if debrief == "after_grading" else "built_after_each")
    exam = EXAM if debrief == "after_grading" else built.parent / "exam.yaml"
    pack = Path(shutil.copytree(built, tmp_path / "packs")) / f"{STUDENT}.pack"
    cases = answers()
    with ExamRun.open(pack) as exam_run:
        assert exam_run.pack.debrief == debrief
        assert len(cases) == len(exam_run.sessions) == 4
        for lines in cases[:3]:
            apply_lines(exam_run, lines)
        apply_lines(exam_run, cases[3][:-1])  # the last case up to its `end`
        assert exam_run.index == 3 and not exam_run.finished

        app = ExamApp(exam_run, title=exam_run.pack.exam_title)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "Continue case 4" in screen_text(app)
            await begin_case(pilot)
            await end_case(pilot)
            assert exam_run.finished
            if debrief == "after_each":  # the last case's debrief, then the overview
                last = app.screen
                assert isinstance(last, ExamDebriefScreen) and case_number(last) == 4
                await pilot.press("escape")
                await until(pilot, lambda: isinstance(app.screen, ExamOverviewScreen), "cases")
            assert isinstance(app.screen, ExamOverviewScreen)
            text = await shown(pilot, "Exam complete")
            assert all(f"✓ Case {n}" in text for n in range(1, 5))
            assert "Hand in your journal:" in text
            assert str(exam_run.journal_path) in flat(app)
            assert "/ 100" not in text
            await until(
                pilot,
                lambda: any("Exam complete" in str(n.message) for n in app._notifications),
                "the notice that the exam is complete",
            )
            await pilot.press("enter")  # nothing left to begin
            await pilot.pause()
            assert isinstance(app.screen, ExamOverviewScreen)

    report = grade_folder(load_exam(exam), [exam_run.journal_path], [STUDENT])
    assert report.rejected == []
    (graded,) = report.graded
    assert graded.student_id == STUDENT and graded.complete and graded.flags == []
    engine = [
        score(case, session.steps, exam_run.pack.pass_mark)
        for case, session in zip(exam_run.cases, exam_run.sessions, strict=True)
    ]
    assert [r.score for r in graded.results] == engine
    assert graded.total == round(sum(s.total for s in engine) / len(engine), 2)


# 5. a journal that cannot be written -----------------------------------------------------


@run
async def test_an_action_that_cannot_be_journaled_is_not_carried_out(
    exam_run: ExamRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = ExamApp(exam_run, title=exam_run.pack.exam_title)
    async with app.run_test(size=SIZE) as pilot:
        session = await begin_case(pilot)
        await enter_line(pilot, "ask onset")
        before = exam_run.journal_path.read_bytes()
        shown = list(conversation(app))

        def full(item: int, action: dict[str, Any]) -> dict[str, Any]:
            raise JournalError("x: cannot write: No space left on device")

        monkeypatch.setattr(exam_run.writer, "append", full)
        await enter_line(pilot, "ask radiation")
        failed = [n for n in app._notifications if n.title == "Not recorded"]
        assert len(failed) == 1 and failed[0].severity == "error"
        assert "No space left on device" in failed[0].message
        assert "not carried out" in failed[0].message
        assert len(session.practice.steps) == 1
        assert len(exam_run.sessions[0].steps) == 1
        assert conversation(app) == shown  # no answer: the briefing and `ask onset` only
        assert len(shown) == 2
        assert exam_run.journal_path.read_bytes() == before

        monkeypatch.undo()  # the disk has room again: the same action goes through
        await enter_line(pilot, "ask radiation")
        assert [action_to_line(s.action) for s in exam_run.sessions[0].steps] == [
            "ask onset",
            "ask radiation",
        ]
        assert len(journal_entries(exam_run.journal_path)) == 2


# 6. proctored sign-in ------------------------------------------------------------------------


async def sign_in(pilot: Any, student: str, code: str) -> None:
    """Fill in the sign-in and submit it; back once the app has answered (the screen has
    changed, or a new refusal is shown)."""
    app = pilot.app
    screen = app.screen
    assert isinstance(screen, ExamLoginScreen)
    screen.query_one("#login-student", Input).value = student
    screen.query_one("#login-code", Input).value = code
    screen.query_one("#login-error", Label).update("")  # a refusal from before is not an answer
    await pilot.click("#login-submit")
    await until(
        pilot,
        lambda: app.screen is not screen or bool(login_error(app)) or app.return_code is not None,
        "an answer to the sign-in",
    )


def login_error(app: ExamApp) -> str:
    return str(app.screen.query_one("#login-error", Label).render())


@run
async def test_proctored_sign_in(packs: Path) -> None:
    access = read_access(packs / "access.csv")
    code = access_code(load_exam(EXAM), STUDENT)
    assert access[STUDENT] == code
    journal = packs / f"{STUDENT}.journal"
    app = ExamApp(packs=packs, access=access, title="Sciatica mid-term practical")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ExamLoginScreen)
            await sign_in(pilot, STUDENT, access["s1002"])  # another student's code
            assert "wrong access code" in login_error(app)
            assert app.screen.query_one("#login-code", Input).value == ""
            await sign_in(pilot, "s9999", code)  # not on the roster
            assert "wrong access code" in login_error(app)
            assert app.exam_run is None and not journal.exists()
            # the id in upper case (ids are unique without case), the code in lower case
            # without the dash
            await sign_in(pilot, STUDENT.upper(), code.replace("-", "").lower())
            assert isinstance(app.screen, ExamOverviewScreen)
            assert app.exam_run is not None and app.exam_run.pack.student_id == STUDENT
            assert app.exam_run.journal_path == journal and journal.exists()
            await shown(pilot, f"Student {STUDENT}", "Begin case 1")
            await begin_case(pilot)
            await enter_line(pilot, "ask onset")
            await until(pilot, lambda: len(journal_entries(journal)) >= 1, "the journal entry")
            assert len(journal_entries(journal)) == 1

            # the rest straight through the run, the very last `end` in the app
            cases = answers()
            assert cases[0][0] == "ask onset"
            for lines in (cases[0][1:], *cases[1:3]):
                apply_lines(app.exam_run, lines)
            apply_lines(app.exam_run, cases[3][:-1])
            await leave_case(pilot)
            await shown(pilot, "Continue case 4")
            await begin_case(pilot)
            await end_case(pilot)
            assert isinstance(app.screen, ExamOverviewScreen)
            text = await shown(pilot, "Exam complete", "saved on the exam server")
            assert "Begin" not in text  # nothing left to begin: not offered in the footer
            assert "Hand in" not in text and "journal" not in flat(app)
    finally:
        if app.exam_run is not None:
            app.exam_run.close()


@run
async def test_proctored_sign_in_gives_up_after_five_failures(packs: Path) -> None:
    access = read_access(packs / "access.csv")
    app = ExamApp(packs=packs, access=access)
    async with app.run_test(size=SIZE) as pilot:
        for attempt in range(1, MAX_SIGN_IN_ATTEMPTS):
            await sign_in(pilot, STUDENT, "AAAAA-AAAAA")
            assert "wrong access code" in login_error(app), attempt
        assert app.return_code is None
        screen = app.screen
        screen.query_one("#login-student", Input).value = STUDENT
        screen.query_one("#login-code", Input).value = "AAAAA-AAAAA"
        await pilot.click("#login-submit")
        await pilot.pause()
    assert app.return_code == 1
    assert app.exam_run is None
    assert not (packs / f"{STUDENT}.journal").exists()


@run
async def test_one_student_cannot_sign_in_twice_at_once(packs: Path) -> None:
    access = read_access(packs / "access.csv")
    first = ExamApp(packs=packs, access=access)
    second = ExamApp(packs=packs, access=access)
    try:
        async with first.run_test(size=SIZE) as pilot:
            await sign_in(pilot, STUDENT, access[STUDENT])
            assert isinstance(first.screen, ExamOverviewScreen)
            async with second.run_test(size=SIZE) as other:
                await sign_in(other, STUDENT, access[STUDENT])
                assert isinstance(second.screen, ExamLoginScreen)
                assert "already open in another window" in login_error(second)
                assert second.exam_run is None
    finally:
        for app in (first, second):
            if app.exam_run is not None:
                app.exam_run.close()


# 7. help ---------------------------------------------------------------------------------------


@run
async def test_help_explains_the_exam(exam_run: ExamRun) -> None:
    app = ExamApp(exam_run, title=exam_run.pack.exam_title)
    async with app.run_test(size=SIZE) as pilot:
        await begin_case(pilot)
        await pilot.press("f1")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "In this exam" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ExamSessionScreen)
