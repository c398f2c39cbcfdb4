"""The session: the conversation, the body map, the clock and the client's reports.

The screen owns one `Practice` (the engine session plus its journal) and pushes what is
visible down into the widgets as reactive attributes. Actions come from keys (footer),
the action bar (mouse), the action line (typed script lines) and the command palette.
Nothing hidden is shown here unless the app was started with `reveal` (instructor view).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from simulator.domain.actions import (
    UNSURE,
    Action,
    CheckIn,
    End,
    Refer,
    Treat,
    Visit,
    action_from_json,
)
from simulator.domain.ids import (
    Irritability,
    Observation,
    Question,
    Reason,
    Region,
    Source,
    Technique,
    Test,
    Topic,
)
from simulator.knowledge.regions import LABEL as REGION_LABEL
from simulator.knowledge.words import (
    IRRITABILITY_NAME,
    OBSERVATION_LABEL,
    QUESTION_LABEL,
    REASON_LABEL,
    SOURCE_LABEL,
    SOURCE_NAME,
    TEST_LABEL,
    TOPIC_LABEL,
    UNSURE_WORDS,
)
from simulator.tui.commands import ActionCommands
from simulator.tui.keys import action_bindings
from simulator.tui.practice import NotRecorded, Sitting, leaves_course
from simulator.tui.screens.choice import Choice, ChoiceDialog
from simulator.tui.screens.confirm import ConfirmDialog
from simulator.tui.screens.treat import TreatDialog
from simulator.tui.view import VisibleRecord, visible_record
from simulator.tui.vocabulary import EFFECT_MARK, MINUS, ActionMatch
from simulator.tui.widgets.action_bar import ActionBar
from simulator.tui.widgets.action_line import ActionLine
from simulator.tui.widgets.body_map import BodyMap
from simulator.tui.widgets.client_panel import ClientPanel
from simulator.tui.widgets.conversation import Conversation, Opening

if TYPE_CHECKING:
    from simulator.domain.case import Case
    from simulator.engine.course import Course

# kind -> (argument name, the dialog's title)
CHOOSERS: dict[str, tuple[str, str]] = {
    "ask": ("question", "Ask the client about…"),
    "observe": ("what", "Observe…"),
    "palpate": ("region", "Palpate…"),
    "test": ("test", "Test…"),
    "reassess": ("test", "Reassess (repeat a test or the rating)…"),
    "educate": ("topic", "Explain…"),
    "refer": ("reason", "Refer the client for…"),
}


class SessionScreen(Screen[None]):
    """One session with one client."""

    CSS_PATH = "session.tcss"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {ActionCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        *action_bindings(),
        Binding("slash,colon", "type_line", "Type", key_display="/"),
        Binding("b", "toggle_map", "Body map"),
        Binding("i", "act('impression')", "Impression"),
        # a course of care: shown once a visit that is not the last has ended; after an
        # emergency referral the same key closes the course (one of the two is shown)
        Binding("v", "next_visit", "Next visit"),
        Binding("v", "close_course", "Debrief"),
        Binding("escape", "leave", "Home"),
    ]
    END_WHAT_NEXT = "The client gets off the table and the debrief reveals the hidden problem."
    VISIT_WHAT_NEXT = "The client goes home; you see them again a few days later (v: next visit)."
    VISIT_IN_SINGLE = (
        "`visit` belongs to a course of care: choose a course on Home (c), then start a client."
    )
    COURSE_OVER_NEXT = "Press v for the course debrief."

    class Ended(Message):
        """The session has ended: the app shows the debrief."""

        def __init__(self, practice: Sitting) -> None:
            self.practice = practice
            super().__init__()

    def __init__(self, practice: Sitting, *, reveal: bool = False) -> None:
        super().__init__()
        self.practice = practice
        self.reveal = reveal
        # (visit, steps) -> whether the client leaves the course: asked of the engine once
        # per state, as the footer asks on every refresh of the bindings
        self._leaving: tuple[int, int, bool] | None = None

    @property
    def record(self) -> VisibleRecord:
        record = visible_record(self.practice.steps, self.practice.case.budget_minutes)
        opening = self._opening()
        if opening is None:
            return record
        # a follow-up visit: the report's rating and reach count as the first (step 0), so
        # the panel and the body map start from what the client said on arrival
        signals = opening.response.signals
        pains = ((0, signals.nrs),) if signals.nrs is not None else ()
        reaches = ((0, signals.reach),) if signals.reach is not None else ()
        return replace(record, pains=pains + record.pains, reaches=reaches + record.reaches)

    @property
    def course(self) -> Course | None:
        """The course of care being played, or None for a single session (or an exam)."""
        course: Course | None = getattr(self.practice, "course", None)
        return course

    @property
    def case_now(self) -> Case:
        """The client as they are at this visit (a course's later visits evolve them)."""
        course = self.course
        return course.case_now if course is not None else self.practice.case

    @property
    def visit_label(self) -> str:
        """`Visit 2 of 3` in a course, empty otherwise."""
        course = self.course
        return f"Visit {course.visit} of {course.planned}" if course is not None else ""

    def _opening(self) -> Opening | None:
        course = self.course
        if course is None or course.visit == 1 or not course.openings:
            return None
        return Opening(self.visit_label, course.openings[-1])

    def _show_titles(self) -> None:
        p = self.practice.case.persona
        if self.course is None:
            self.sub_title = f"Session with {p.name}, {p.age}"
        else:
            self.sub_title = f"Course with {p.name}, {p.age} · {self.visit_label}"

    def compose(self) -> ComposeResult:
        p = self.practice.case.persona
        self._show_titles()
        yield Header()
        # the compact layout's clock and reports, always in view (the panel beside the body
        # map is hidden there, with the map, until `b` shows the map)
        strip = ClientPanel(id="client-strip")
        strip.visit_inline = True
        yield strip
        with Horizontal(id="session-main"):
            with Vertical(id="session-left"):
                yield Conversation(id="conversation")
                yield ActionLine(id="action-line")
            with VerticalScroll(id="session-right"):
                if self.reveal:
                    hidden = Static(id="instructor-view")
                    hidden.border_title = "Instructor view (hidden from students)"
                    yield hidden
                body = BodyMap(id="body-map")
                body.border_title = f"Body map · posterior · symptoms {p.side} side"
                yield body
                panel = ClientPanel(id="client-panel")
                panel.border_title = "Clock and reports"
                yield panel
        yield ActionBar(id="action-bar")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        body = self.query_one(BodyMap)
        body.side = self.practice.case.persona.side
        conversation = self.query_one(Conversation)
        conversation.show(self.practice.case, self.practice.steps, self._opening())
        conversation.focus()
        self.query_one(ActionLine).course = self.course is not None
        self.refresh_views()

    def refresh_views(self) -> None:
        """Push the visible record down into the widgets."""
        record = self.record
        self.query_one(BodyMap).record = record
        for panel in self.query(ClientPanel):
            panel.record = record
            panel.visit = self.visit_label
        # a course's visit: on the compact strip's clock line (the full width), and in the
        # wide panel's title (its clock line has no room left)
        title = " · ".join(filter(None, ("Clock and reports", self.visit_label)))
        wide = self.query_one("#client-panel", ClientPanel)
        if wide.border_title != title:
            wide.border_title = title
        if self.reveal:
            self._show_instructor_view()
        self.refresh_bindings()

    def _show_instructor_view(self) -> None:
        hidden = self.case_now.hidden
        text = Text()
        text.append(f"source: {hidden.source.value} ({SOURCE_LABEL[hidden.source]})\n")
        if hidden.secondary:
            text.append(f"secondary: {hidden.secondary.value}\n")
        text.append(
            f"irritability: {hidden.irritability.value} · "
            f"nerve sensitivity {hidden.nerve_sensitivity:g}\n"
        )
        if self.practice.steps:
            last = self.practice.steps[-1].response
            effect = EFFECT_MARK[last.effect] if last.effect else "no change"
            text.append(f"last step: {effect}; true pain {last.note.pain:.1f}")
        self.query_one("#instructor-view", Static).update(text)

    # carrying out actions ---------------------------------------------------------------

    def perform(self, action: Action) -> None:
        """Apply one action: engine, journal, conversation, widgets."""
        if self.practice.ended:
            self.notify("The session has ended.", severity="warning")
            return
        course = self.course
        if action.kind == "visit" and course is None:
            self.notify(self.VISIT_IN_SINGLE, severity="warning")
            return
        if action.kind != "visit" and self._between_visits():
            return
        try:
            self.practice.apply(action)
        except NotRecorded as error:
            self.notify(str(error), title="Not recorded", severity="error", timeout=30)
            return
        conversation = self.query_one(Conversation)
        if action.kind == "visit":  # a new visit: its own conversation, opened by the report
            self.app.clear_notifications()  # "visit 1 has ended" is old news now
            self._show_titles()
            conversation.show(self.practice.case, self.practice.steps, self._opening())
        else:
            conversation.add(len(self.practice.steps), self.practice.steps[-1])
        self.refresh_views()
        if self.practice.save_error:
            self.notify(self.practice.save_error, title="Not saved", severity="error")
        if self.practice.ended:
            self.post_message(self.Ended(self.practice))
        elif self.course_over:
            self.notify(self._course_over_words(), title="Course over", timeout=30)
        elif course is not None and course.session.ended:
            self.notify(
                f"{self.visit_label} has ended. Press v for the next visit, a few days later.",
                title="Visit ended",
            )

    def _course_over_words(self) -> str:
        """Why a course ends early, and where to go: the client has gone to a doctor."""
        steps = self.practice.steps
        emergency = any(
            isinstance(s.action, Refer) and s.action.reason is Reason.RED_FLAG for s in steps
        )
        why = (
            "you sent the client for emergency care"
            if emergency
            else "the client is going to the doctor, as you advised"
        )
        return f"{self.visit_label} has ended, and with it the course: {why}. " + (
            self.COURSE_OVER_NEXT
        )

    def _between_visits(self) -> bool:
        """A course's visit has ended and the next is still to come: say so (only the
        next visit can be taken now, or the debrief once the client has left the course)."""
        if self.course_over:
            self.notify(self._course_over_words(), title="Course over")
            return True
        if not self.next_visit_ready:
            return False
        self.notify(f"{self.visit_label} has ended: press v for the next visit.")
        return True

    def request_visit(self) -> None:
        """The next visit of a course (after confirming, when this one has not ended)."""
        course = self.course
        if course is None:
            self.notify(self.VISIT_IN_SINGLE, severity="warning")
            return
        if course.last_visit:
            self.notify(
                "This is the last visit of the course: end it (^d) for the debrief.",
                severity="warning",
            )
            return
        if course.session.ended:
            self.perform(Visit())
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.perform(Visit())

        self.app.push_screen(
            ConfirmDialog(
                "Next visit",
                f"End {self.visit_label.lower()} now, with {self.practice.minutes_left} min "
                "left, and see the client again a few days later?",
                yes="Next visit",
                no="Keep going",
            ),
            answered,
        )

    def action_next_visit(self) -> None:
        self.request_visit()

    def action_close_course(self) -> None:
        """After an emergency referral: the `visit` the engine answers by closing the course
        (journaled like any visit), so the app moves on to the debrief."""
        self.perform(Visit())

    def action_act(self, kind: str) -> None:
        self.choose_kind(kind)

    def choose_kind(self, kind: str) -> None:
        """Open the chooser for a kind of action (or act at once for check-in)."""
        if kind != "visit" and self._between_visits():
            return
        if kind == "check_in":
            self.perform(CheckIn())
        elif kind == "end":
            self._confirm_end()
        elif kind == "treat":
            self._treat()
        elif kind == "impression":
            self._impression()
        elif kind == "visit":
            self.request_visit()
        else:
            self._choose(kind)

    def _choose(self, kind: str) -> None:
        name, title = CHOOSERS[kind]

        def chosen(value: str | None) -> None:
            if value is not None:
                self.perform(action_from_json({"kind": kind, name: value}))

        self.app.push_screen(ChoiceDialog(title, self._choices(kind)), chosen)

    def _choices(self, kind: str) -> list[Choice]:
        record = self.record
        steps = self.practice.steps
        done = {(s.action.kind, str(getattr(s.action, CHOOSERS[kind][0], ""))) for s in steps}
        asked = {str(getattr(s.action, "question", "")) for s in steps if s.action.kind == "ask"}

        def note(value: str) -> str:
            if kind == "ask" and value in asked:
                return "✓ asked"
            if kind == "palpate":
                found = record.palpated.get(Region(value))
                if found is not None:
                    return "✓ palpated: familiar pain" if found.familiar else "✓ palpated"
            if kind in ("test", "reassess"):
                result = record.tests.get(Test(value))
                if result is not None:
                    return "✓ done: " + ("✚ positive" if result else f"{MINUS} negative")
            if kind != "ask" and (kind, value) in done:
                return "✓ done"
            return ""

        labels: dict[str, list[tuple[str, str]]] = {
            "ask": [(q.value, QUESTION_LABEL[q]) for q in Question],
            "observe": [(o.value, OBSERVATION_LABEL[o]) for o in Observation],
            "palpate": [(r.value, REGION_LABEL[r]) for r in Region],
            "test": [(t.value, TEST_LABEL[t]) for t in Test],
            "reassess": [(t.value, TEST_LABEL[t]) for t in Test],
            "educate": [(t.value, TOPIC_LABEL[t]) for t in Topic],
            "refer": [(r.value, REASON_LABEL[r]) for r in Reason],
        }
        return [Choice(value, label, note(value)) for value, label in labels[kind]]

    def _treat(
        self,
        technique: Technique | None = None,
        region: Region | None = None,
        pressure: int | None = None,
    ) -> None:
        def chosen(action: Treat | None) -> None:
            if action is not None:
                self.perform(action)

        dialog = TreatDialog(self.record, technique=technique, region=region, pressure=pressure)
        self.app.push_screen(dialog, chosen)

    def _impression(self) -> None:
        """The working impression: a source and an irritability, or unsure (two lists)."""
        sources = [Choice(s.value, SOURCE_NAME[s]) for s in Source]
        sources.append(Choice(UNSURE, UNSURE_WORDS))
        levels = [Choice(i.value, IRRITABILITY_NAME[i]) for i in Irritability]

        def irritability_chosen(source: str, level: str | None) -> None:
            if level is not None:
                self.perform(
                    action_from_json(
                        {"kind": "impression", "source": source, "irritability": level}
                    )
                )

        def source_chosen(source: str | None) -> None:
            if source == UNSURE:
                self.perform(action_from_json({"kind": "impression", "source": UNSURE}))
            elif source is not None:
                self.app.push_screen(
                    ChoiceDialog("How irritable is it?", levels),
                    lambda level: irritability_chosen(source, level),
                )

        self.app.push_screen(
            ChoiceDialog("Your working impression: what drives it?", sources), source_chosen
        )

    def _confirm_end(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.perform(End())

        left = self.practice.minutes_left
        course = self.course
        if course is not None and not course.last_visit:
            what, next_ = self.visit_label.lower(), self.VISIT_WHAT_NEXT
            title, yes = "End the visit", "End visit"
        else:
            what, next_ = "the session", self.END_WHAT_NEXT
            title, yes = "End the session", "End session"
        self.app.push_screen(
            ConfirmDialog(
                title,
                f"End {what} now, with {left} min left?\n{next_}",
                yes=yes,
                no="Keep going",
            ),
            answered,
        )

    def run_match(self, match: ActionMatch) -> None:
        """Carry out a palette hit: an action, or the treat dialog filled in."""
        if match.action is not None:
            if match.action.kind == "end":
                self._confirm_end()
            elif match.action.kind == "visit":
                self.request_visit()
            else:
                self.perform(match.action)
            return
        self._treat(technique=match.technique, region=match.region, pressure=match.pressure)

    # events -----------------------------------------------------------------------------

    @on(ActionBar.KindChosen)
    def _bar(self, event: ActionBar.KindChosen) -> None:
        self.choose_kind(event.kind)

    @on(ActionLine.Entered)
    def _line(self, event: ActionLine.Entered) -> None:
        if event.action.kind == "end":
            self._confirm_end()
        elif event.action.kind == "visit":
            self.request_visit()
        else:
            self.perform(event.action)

    @on(ActionLine.Matched)
    def _line_match(self, event: ActionLine.Matched) -> None:
        self.run_match(event.match)

    @on(BodyMap.RegionClicked)
    def _region(self, event: BodyMap.RegionClicked) -> None:
        region = event.region
        name = REGION_LABEL[region]

        def chosen(value: str | None) -> None:
            if value == "palpate":
                self.perform(action_from_json({"kind": "palpate", "region": region.value}))
            elif value == "treat":
                self._treat(region=region)

        self.app.push_screen(
            ChoiceDialog(
                name.capitalize(),
                [
                    Choice("palpate", f"Palpate the {name}"),
                    Choice("treat", f"Treat the {name}…"),
                ],
            ),
            chosen,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_map":  # the wide layout shows the map all the time
            return self.app.has_class("-compact")
        if action == "next_visit":  # in the footer only once it can be taken
            return self.next_visit_ready
        if action == "close_course":
            return self.course_over
        return True

    @property
    def next_visit_ready(self) -> bool:
        """The palette offers "Next visit" when this is true."""
        return bool(getattr(self.practice, "next_visit_ready", False)) and not self.course_over

    @property
    def course_over(self) -> bool:
        """A visit has ended with the client gone to a doctor: no next visit, the debrief
        (the palette offers it when this is true)."""
        course = self.course
        if course is None or not course.session.ended:
            return False
        state = (course.visit, len(course.session.steps))
        if self._leaving is None or self._leaving[:2] != state:
            self._leaving = (*state, leaves_course(course))
        return self._leaving[2]

    def action_toggle_map(self) -> None:
        """Compact layout: the body map in place of the conversation, and back."""
        self.toggle_class("-map")
        if self.has_class("-map"):
            self.query_one("#session-right").focus()
        else:
            self.query_one(Conversation).focus()

    def action_type_line(self) -> None:
        self.query_one("#line-input", Input).focus()

    def action_leave(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(Conversation).focus()
            return
        what = "Session" if self.course is None else "Course"
        self.notify(
            f"{what} with {self.practice.case.persona.name} saved: resume it from Home.",
            title="Saved",
        )
        self.dismiss(None)
