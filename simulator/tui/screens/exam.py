"""The screens of a graded exam: sign-in (proctored), the list of cases, and the session and
debrief of practice without rewind, reveal or the expert.

The screens only show the run and post messages; the exam app moves between them, and the
`ExamRun` behind it journals every action before the client answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, HorizontalGroup, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Static

from simulator.assessment.replay import all_steps
from simulator.knowledge.words import plural
from simulator.tui.practice import Sitting
from simulator.tui.screens.debrief import DebriefScreen
from simulator.tui.screens.session import SessionScreen
from simulator.tui.widgets.conversation import Conversation
from simulator.tui.widgets.persona_card import PersonaCard

if TYPE_CHECKING:
    from simulator.assessment.run import ExamRun

DEBRIEF_WORDS = {
    "after_each": "the debrief of each case is shown when it ends",
    "after_grading": "scores come with the instructor's grading",
}


class ExamSessionScreen(SessionScreen):
    """A case of the exam: the practice session, with no reveal and no way back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Cases"),
        # a course item that the client has left: v closes the case (a debrief only if the
        # exam shows one); these replace the practice's v bindings, not add to them
        Binding("v", "next_visit", "Next visit"),
        Binding("v", "close_course", "Close case"),
    ]
    END_WHAT_NEXT = "The case is over for good: an exam has no undo and no second attempt."
    COURSE_OVER_NEXT = "Press v to close the case."

    def __init__(self, sitting: Sitting, title: str) -> None:
        super().__init__(sitting, reveal=False)
        self.case_title = title

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = f"{self.case_title} · {self.sub_title}"

    def action_leave(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(Conversation).focus()
            return
        self.notify("Every action so far is in your journal.", title="Saved")
        self.dismiss(None)


class ExamDebriefScreen(DebriefScreen):
    """A case's debrief, when the exam shows it after each case: no expert, no rewind."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "home", "Continue")]

    def __init__(self, sitting: Sitting, pass_mark: float) -> None:
        super().__init__(sitting, exam=True, pass_mark=pass_mark)


class ExamOverviewScreen(Screen[None]):
    """The exam at a glance: each case's state, the next client, and where the journal is."""

    CSS_PATH = "exam.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "begin", "Begin", priority=True),
        Binding("ctrl+q", "app.quit", "Quit (saved)", key_display="^q"),
    ]

    class Begin(Message):
        """Open the current case."""

    def __init__(self, run: ExamRun, *, proctored: bool = False) -> None:
        super().__init__()
        self.exam_run = run
        self.proctored = proctored
        self.shown = False

    def compose(self) -> ComposeResult:
        run, pack = self.exam_run, self.exam_run.pack
        self.sub_title = f"{pack.exam_title} · {pack.student_id}"
        yield Header()
        item = run.current_item
        # the buttons stay under the scrolling part, in view at every terminal size
        with Center(), Vertical(id="exam-overview"):
            with VerticalScroll(id="exam-body"):
                yield Static(self.heading(), id="exam-heading")
                cases = Static(self.case_list(), id="exam-cases")
                cases.border_title = "Cases"
                yield cases
                if item is None:
                    yield Static(self.handed_in(), id="exam-done")
                else:
                    card = PersonaCard(item.case, id="persona")
                    card.border_title = f"Case {item.index + 1}: {item.title}"
                    yield card
            with HorizontalGroup(classes="dialog-buttons"):
                if item is None:
                    yield Button("Quit (^q)", id="exam-quit", variant="primary")
                else:
                    verb = "Continue" if item.session.steps else "Begin"
                    yield Button(
                        f"{verb} case {item.index + 1} (enter)", id="exam-begin", variant="primary"
                    )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "begin" or self.exam_run.current_item is not None

    def on_screen_resume(self) -> None:
        if self.shown:  # back from a case: its state and the next client have changed
            self.refresh(recompose=True)
        self.shown = True

    def heading(self) -> Text:
        pack = self.exam_run.pack
        text = Text()
        text.append(f"{pack.exam_title}\n", style="bold")
        text.append(
            f"Student {pack.student_id} · {plural(len(pack.items), 'case')} · "
            f"{pack.minutes} minutes each · pass mark {pack.pass_mark:g} · "
            f"{DEBRIEF_WORDS[pack.debrief]}\n"
        )
        text.append(
            "Every action is saved before the client answers. There is no undo, no hint and "
            "no reveal; if the program stops, start it again and you carry on where you were.",
            style="italic",
        )
        return text

    def case_list(self) -> Text:
        run = self.exam_run
        text = Text()
        for index, (item, sitting) in enumerate(zip(run.pack.items, run.sittings, strict=True)):
            if sitting.ended:
                mark, state = "✓", "done"
            elif index == run.index:
                mark, state = "●", "in progress" if all_steps(sitting) else "next"
            else:
                mark, state = "○", "to do"
            text.append(f"  {mark} Case {index + 1}: {item.title}  ", style="bold")
            if item.visits is not None:
                text.append(f"course of {item.visits} visits · ")
            text.append(f"{state}\n")
        text.rstrip()
        return text

    def handed_in(self) -> Text:
        text = Text("Exam complete.\n", style="bold")
        if self.proctored:
            text.append("Your answers are saved on the exam server. You may close this window.")
        else:
            text.append(f"Hand in your journal: {self.exam_run.journal_path}")
        return text

    @on(Button.Pressed, "#exam-begin")
    def action_begin(self) -> None:
        if self.exam_run.current_item is not None:
            self.post_message(self.Begin())

    @on(Button.Pressed, "#exam-quit")
    def _quit(self) -> None:
        self.app.exit()


class ExamLoginScreen(Screen[None]):
    """Proctored sign-in: the student id and the access code the instructor handed out."""

    CSS_PATH = "exam.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "app.quit", "Quit", key_display="^q"),
        # Enter is taken before a field sees it, and moves the focus at once: an access code
        # typed straight after the id (a fast typist, a slow link to the exam server) lands
        # in the code field, not after the id
        Binding("enter", "enter", "Next", show=False, priority=True),
    ]

    class Login(Message):
        def __init__(self, student_id: str, code: str) -> None:
            self.student_id = student_id
            self.code = code
            super().__init__()

    def __init__(self, title: str) -> None:
        super().__init__()
        self.exam_title = title

    def compose(self) -> ComposeResult:
        self.sub_title = "Sign in"
        yield Header()
        with Center(), Vertical(id="exam-login") as box:
            box.border_title = self.exam_title
            yield Label("Student id")
            yield Input(placeholder="as on the roster", id="login-student")
            yield Label("Access code")
            yield Input(placeholder="XXXXX-XXXXX", password=True, id="login-code")
            yield Label("", id="login-error")
            with HorizontalGroup(classes="dialog-buttons"):
                yield Button("Sign in (enter)", id="login-submit", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        # at once, not after a refresh: the id's field has the focus before it is first drawn
        self.set_focus(self.query_one("#login-student", Input))

    def action_enter(self) -> None:
        """Enter in the id: on to the code (now, for the keys already on their way); anywhere
        else: sign in, once the focused field has read the keys typed before the Enter."""
        focused = self.focused
        if focused is self.query_one("#login-student", Input):
            self.set_focus(self.query_one("#login-code", Input))
        elif focused is not None:
            focused.call_later(self._submit)  # queued behind those keys
        else:
            self._submit()

    @on(Button.Pressed, "#login-submit")
    def _submit(self) -> None:
        student = self.query_one("#login-student", Input).value.strip()
        code = self.query_one("#login-code", Input).value
        self.post_message(self.Login(student, code))

    def refuse(self, reason: str) -> None:
        """Say why the sign-in failed and clear the code."""
        self.query_one("#login-error", Label).update(f"✗ {reason}")
        code = self.query_one("#login-code", Input)
        code.value = ""
        self.set_focus(code)
