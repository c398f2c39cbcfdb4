"""The exam app: `massage-sim exam take PACK` on a terminal, and each browser session of
`massage-sim serve --exam PACKS/`.

The app drives an `ExamRun` (simulator/assessment/run.py): the run journals every action,
fsynced, before the engine answers, so the app holds nothing that a kill could lose. Exam
mode is practice minus rewind, reveal and the expert; the debrief of a case is shown only
when the exam says `after_each`. Proctored, the app first asks for the student id and the
access code, and opens that student's pack on the server: the hidden state never leaves it.

    python -m simulator.tui.exam_app PACKS/    # what `serve --exam` runs per browser
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePath
from typing import ClassVar

from textual import events, on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from simulator.assessment.access import SignInLog
from simulator.assessment.run import ExamRun, RunError
from simulator.domain.actions import Action
from simulator.domain.case import Case
from simulator.domain.response import Response
from simulator.engine.course import Course
from simulator.engine.session import Session, Step
from simulator.knowledge.words import plural
from simulator.scoring.course import CourseScore, score_course
from simulator.scoring.rubric import Score, score
from simulator.tui.practice import NotRecorded
from simulator.tui.screens.exam import (
    ExamDebriefScreen,
    ExamLoginScreen,
    ExamOverviewScreen,
    ExamSessionScreen,
)
from simulator.tui.screens.session import SessionScreen
from simulator.tui.sizing import fit, watch_size

MAX_SIGN_IN_ATTEMPTS = 5


class ExamSitting:
    """One case of an exam run, as the session and debrief screens need it. A course item
    is played as the practice app plays a course: `steps` and `score` are the current
    visit's, `ended` is the whole course's, and `visit` opens the next visit."""

    def __init__(self, run: ExamRun, index: int) -> None:
        self.run = run
        self.index = index
        self.case: Case = run.cases[index]
        self.save_error: str | None = None

    @property
    def course(self) -> Course | None:
        sitting = self.run.sittings[self.index]
        return sitting if isinstance(sitting, Course) else None

    @property
    def session(self) -> Session:
        return self.run.sessions[self.index]

    @property
    def seed(self) -> int:
        return self.run.pack.items[self.index].session_seed

    @property
    def steps(self) -> list[Step]:
        return self.session.steps

    @property
    def ended(self) -> bool:
        return self.run.sittings[self.index].ended

    @property
    def visit_ended(self) -> bool:
        return self.session.ended

    @property
    def next_visit_ready(self) -> bool:
        course = self.course
        return course is not None and course.session.ended and not course.last_visit

    @property
    def minutes_left(self) -> int:
        return self.session.minutes_left

    @property
    def score(self) -> Score:
        if self.course is not None:  # the last visit's, with the earlier ones as context
            return self.course_score.visits[-1]
        return score(self.case, self.steps, self.run.pack.pass_mark)

    @property
    def course_score(self) -> CourseScore:
        if self.course is None:
            raise ValueError("a single session has no course score")
        return score_course(self.course, self.run.pack.pass_mark)

    def apply(self, action: Action) -> Response:
        if self.run.index != self.index:
            raise NotRecorded(f"case {self.index + 1} is not the current case")
        try:
            return self.run.apply(action)
        except RunError as error:
            raise NotRecorded(str(error)) from None


class ExamApp(App[int]):
    """massage-sim exam: one student's graded cases, journaled action by action."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", "screens/exam.tcss"]
    TITLE = "massage-sim exam"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", key_display="F1"),
        Binding("ctrl+q", "quit", "Quit", key_display="^q"),
    ]

    def __init__(
        self,
        run: ExamRun | None = None,
        *,
        packs: Path | None = None,
        access: Mapping[str, str] | None = None,
        title: str = "Exam",
        sign_ins: SignInLog | None = None,
        address: str | None = None,
    ) -> None:
        """Either a `run` already open (exam take), or `packs` and their `access` codes
        (proctored: the student signs in first). `sign_ins` counts failures across tabs, per
        student id and per `address` (the browser's); without it only this tab counts."""
        super().__init__()
        if run is None and (packs is None or access is None):
            raise ValueError("ExamApp needs a run, or packs and access codes")
        self.exam_run = run
        self.packs = packs
        self.access = dict(access or {})
        self.exam_title = title
        self.proctored = run is None
        self.failed_sign_ins = 0
        self.sign_ins = sign_ins
        self.address = address

    def get_default_screen(self) -> Screen[None]:
        if self.exam_run is None:
            return ExamLoginScreen(self.exam_title)
        return ExamOverviewScreen(self.exam_run, proctored=self.proctored)

    def on_mount(self) -> None:
        if self.proctored:  # in a browser: a header icon the page's own font can draw
            from simulator.tui.served import browser_safe_icons

            browser_safe_icons(self)
        watch_size(self)
        if self.exam_run is not None:
            self._greet(self.exam_run)

    def on_resize(self, event: events.Resize) -> None:
        fit(self, event.size)

    def _greet(self, run: ExamRun) -> None:
        if run.resumed_actions:
            self.notify(
                f"{plural(run.resumed_actions, 'action')} replayed from your journal: you carry on "
                "where you stopped.",
                title="Resumed",
            )
        item = run.current_item
        if item is not None and item.ended:  # stopped right after a case's `end`
            self._case_over(ExamSitting(run, item.index))

    # sign-in (proctored) ------------------------------------------------------------------

    @on(ExamLoginScreen.Login)
    def _sign_in(self, message: ExamLoginScreen.Login) -> None:
        from simulator.assessment.access import codes_match

        screen = self.screen
        assert isinstance(screen, ExamLoginScreen) and self.packs is not None
        # ids are unique without case on a roster, so "S1001" is s1001
        typed = message.student_id.casefold()
        student = next((s for s in self.access if s.casefold() == typed), None)
        expected = self.access.get(student) if student else None
        locked = self.sign_ins.locked(student, self.address) if self.sign_ins else None
        if locked is not None:  # checked before the code: a locked id tells nothing
            screen.refuse(locked)
            return
        if student is None or expected is None or not codes_match(expected, message.code):
            self.failed_sign_ins += 1
            if self.sign_ins is not None:
                self.sign_ins.failed(student, self.address)
            if self.failed_sign_ins >= MAX_SIGN_IN_ATTEMPTS:
                self.exit(1, 1, "Too many failed sign-ins.")
                return
            screen.refuse("Unknown student id or wrong access code.")
            return
        if self.sign_ins is not None:
            self.sign_ins.succeeded(student)
        try:
            run = ExamRun.open(self.packs / f"{student}.pack")
        except RunError as error:
            in_use = "in use by another" in str(error)
            screen.refuse(
                "This exam is already open in another window: close that one first."
                if in_use
                else "Your exam cannot be opened: ask the proctor."
            )
            self.log.error(str(error))
            return
        self.exam_run = run
        self.push_screen(ExamOverviewScreen(run, proctored=True))  # sign-in stays below
        self._greet(run)

    # the cases ----------------------------------------------------------------------------

    @on(ExamOverviewScreen.Begin)
    def _begin(self) -> None:
        run = self.exam_run
        item = run.current_item if run is not None else None
        if run is None or item is None:
            return
        self.push_screen(ExamSessionScreen(ExamSitting(run, item.index), item.title))

    def on_session_screen_ended(self, message: SessionScreen.Ended) -> None:
        assert isinstance(message.practice, ExamSitting)
        self.pop_screen()
        self._case_over(message.practice)

    def _case_over(self, sitting: ExamSitting) -> None:
        """A case has ended: its debrief if the exam shows it, then the next case."""
        run = sitting.run
        run.next_item()
        number = sitting.index + 1
        if run.pack.debrief == "after_each":
            self.push_screen(ExamDebriefScreen(sitting, run.pack.pass_mark))
        else:
            self.notify(
                f"Case {number} is over. Your score comes with the instructor's grading.",
                title=f"Case {number}",
            )
        if run.finished:
            self.notify("Exam complete: every case is in your journal.", title="Done")

    def action_help(self) -> None:
        from simulator.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(exam=True))


def take_in_app(run: ExamRun) -> int:
    """`exam take` on a terminal: the app on an open run (the caller closes it)."""
    app = ExamApp(run, title=run.pack.exam_title)
    app.run()
    return app.return_code or 0


def serve_main(argv: Sequence[str] | None = None) -> int:
    """One proctored browser session: sign in, then take the exam from PACKS/."""
    from simulator.assessment.access import ACCESS_FILE, AccessError, read_access

    args = list(sys.argv[1:] if argv is None else argv)
    address = None
    if len(args) == 3 and args[1] == "--address":  # the browser's, from the exam server
        address = args.pop()
        args.pop()
    if len(args) != 1:
        print("usage: python -m simulator.tui.exam_app PACKS/ [--address ADDR]", file=sys.stderr)
        return 2
    packs = Path(args[0])
    try:
        access = read_access(packs / ACCESS_FILE)
    except AccessError as error:
        print(f"massage-sim: {error}", file=sys.stderr)
        return 1
    app = ExamApp(
        packs=packs,
        access=access,
        title=exam_title(packs, access),
        sign_ins=SignInLog(packs),
        address=address,
    )
    try:
        app.run()
    finally:
        if app.exam_run is not None:
            app.exam_run.close()
    return app.return_code or 0


def exam_title(packs: Path, access: Mapping[str, str]) -> str:
    """The title on the sign-in screen: read from any one pack (all share it)."""
    from simulator.assessment.pack import PackError, read_pack

    for student in access:
        try:
            return read_pack(packs / f"{student}.pack").exam_title
        except PackError:
            continue
    return "Exam"


if __name__ == "__main__":
    sys.exit(serve_main())
