"""The debrief: the hidden problem revealed, the score by rubric item with its evidence and
teaching point, the timeline of pain and reach, what the expert did, and rewind.

A course of care opens on the course's timeline across visits (tab 1); the other tabs show
one visit at a time, the last first, and `v` moves to the next one.

Here, and only here, the hidden state and each step's effect are shown. Rewind starts a
new branch from any step: the engine is deterministic, so the branch is exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
)
from textual.widgets.option_list import Option

from simulator.domain.actions import Impression, action_to_line
from simulator.domain.ids import Effect, Source
from simulator.engine.session import Session
from simulator.knowledge.regions import LABEL as REGION_LABEL
from simulator.knowledge.teaching import TEACHING
from simulator.knowledge.words import (
    IRRITABILITY_LABEL,
    IRRITABILITY_NAME,
    REACH_LABEL,
    RED_FLAG_LABEL,
    SENSATION_LABEL,
    SOURCE_LABEL,
    SOURCE_NAME,
    describe,
    plural,
)
from simulator.scoring.rubric import PASS_MARK, Item, Score
from simulator.tui.practice import Practice, Sitting, expert_course, expert_run
from simulator.tui.view import timeline
from simulator.tui.vocabulary import EFFECT_MARK
from simulator.tui.widgets.timeline import Timeline, TimelineData

if TYPE_CHECKING:
    from simulator.domain.case import Case
    from simulator.engine.course import Course
    from simulator.engine.session import Step
    from simulator.scoring.course import CourseScore

TABS = ("summary", "rubric", "timeline", "expert", "rewind")
# the tabs that show one visit of a course, with their names
VISIT_TABS = {"rubric": "Rubric", "timeline": "Timeline", "expert": "Expert", "rewind": "Rewind"}
EVIDENCE_SHOWN = 4  # steps listed in the table; the side panel lists them all


def bar(points: float, maximum: float, width: int = 10) -> str:
    filled = round(width * points / maximum) if maximum else 0
    return "█" * filled + "░" * (width - filled)


def verdict(result: Score) -> str:
    return "✓ PASSED" if result.passed else "✗ NOT PASSED"


class DebriefScreen(Screen[None]):
    CSS_PATH = "debrief.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "home", "Home"),
        Binding("r", "tab('rewind')", "Rewind"),
        Binding("x", "tab('expert')", "Expert"),
        Binding("v", "show_visit", "Other visit"),  # a course: tabs 2-5 show one visit
        *(Binding(str(n), f"tab('{tab}')", show=False) for n, tab in enumerate(TABS, start=1)),
    ]

    class Rewind(Message):
        """Start a branch that keeps the first `keep` steps of the practice."""

        def __init__(self, practice: Practice, keep: int, visit: int | None = None) -> None:
            self.practice = practice
            self.keep = keep
            self.visit = visit  # in a course: the visit whose steps are kept in part
            super().__init__()

    def __init__(
        self, practice: Sitting, *, exam: bool = False, pass_mark: float = PASS_MARK
    ) -> None:
        """`exam`: a case of a graded exam, so no expert (a hint for the cases still to
        come) and no rewind; the score uses the exam's `pass_mark`."""
        super().__init__()
        self.practice = practice
        self.exam = exam
        self.pass_mark = pass_mark
        self.result = practice.score
        self.course: Course | None = getattr(practice, "course", None)
        self.course_result: CourseScore | None = None
        self.expert_course: tuple[Course, CourseScore] | None = None
        self.expert: tuple[Session, Score] | None = None
        self.visit = 1  # the visit tabs 2-5 show (a course's last to start with)
        if self.course is not None:
            self.course_result = practice.course_score  # type: ignore[attr-defined]
            self.visit = len(self.course.sessions)
            if not exam:  # a few tens of milliseconds: the expert plays the whole course
                self.expert_course = expert_course(
                    practice.case, practice.seed, self.course.planned
                )
            self._choose_visit(self.visit)
        elif not exam:
            # the expert plays the same client and seed: a few milliseconds of engine time
            self.expert = expert_run(practice.case, practice.seed)

    @property
    def steps(self) -> list[Step]:
        """The steps the visit tabs show: the session's, or the chosen visit's."""
        if self.course is not None:
            return self.course.sessions[self.visit - 1].steps
        return self.practice.steps

    @property
    def case_now(self) -> Case:
        """The client as they were at the chosen visit (a course evolves them)."""
        if self.course is not None:
            return self.course.cases[self.visit - 1]
        return self.practice.case

    def _choose_visit(self, visit: int) -> None:
        """Tabs 2-5 show this visit of the course: its rubric, and the expert's same visit."""
        assert self.course is not None and self.course_result is not None
        self.visit = visit
        self.result = self.course_result.visits[visit - 1]
        if self.expert_course is not None:
            course, score = self.expert_course
            shown = min(visit, len(course.sessions))
            self.expert = (course.sessions[shown - 1], score.visits[shown - 1])

    def _tab_label(self, tab: str, number: int) -> str:
        if tab == "summary":
            return f"{'Course' if self.course is not None else 'Summary'} {number}"
        name = VISIT_TABS[tab]
        if self.course is not None and len(self.course.sessions) > 1:
            return f"{name} v{self.visit} {number}"
        return f"{name} {number}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_visit":
            return self.course is not None and len(self.course.sessions) > 1
        hidden = self.exam and action == "tab" and parameters[:1] in {("expert",), ("rewind",)}
        return not hidden

    def compose(self) -> ComposeResult:
        p = self.practice.case.persona
        self.sub_title = f"Debrief · {p.name}"
        yield Header()
        label = self._tab_label
        with TabbedContent(initial="summary", id="debrief-tabs"):
            with TabPane(label("summary", 1), id="summary"), VerticalScroll():
                summary = self.summary() if self.course is None else self.course_summary()
                yield Static(summary, id="debrief-summary")
            with TabPane(label("rubric", 2), id="rubric"), Horizontal(id="rubric-body"):
                yield DataTable(id="rubric-table", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="rubric-side"):
                    yield Static(id="rubric-detail")
            with TabPane(label("timeline", 3), id="timeline"), VerticalScroll():
                yield Timeline(id="timeline-plot")
                yield DataTable(id="steps-table", cursor_type="row", zebra_stripes=True)
                yield Static(id="step-detail")
            if not self.exam:
                with TabPane(label("expert", 4), id="expert"), VerticalScroll():
                    yield Static(id="expert-summary")
                    yield DataTable(id="expert-compare", cursor_type="row")
                    yield DataTable(id="expert-steps", cursor_type="row", zebra_stripes=True)
                with TabPane(label("rewind", 5), id="rewind"), Vertical():
                    yield Static(
                        "Go back to just before a step and try something else (Enter). The "
                        "engine is deterministic, so everything before that step happens "
                        "exactly as it did; this session stays in your history.",
                        id="rewind-help",
                    )
                    yield OptionList(*self._rewind_options(), id="rewind-list")
        yield Footer()

    def on_mount(self) -> None:
        self._fill_visit_tabs()

    def _fill_visit_tabs(self) -> None:
        self._fill_rubric()
        self._fill_timeline()
        if self.expert is not None:
            self._fill_expert(*self.expert)

    def action_show_visit(self) -> None:
        """A course: tabs 2-5 move to the next visit (after the last, the first)."""
        if self.course is None:
            return
        self._choose_visit(self.visit % len(self.course.sessions) + 1)
        tabs = self.query_one(TabbedContent)
        for number, tab in enumerate(TABS, start=1):
            if tab in VISIT_TABS and tabs.query(f"TabPane#{tab}"):
                tabs.get_tab(tab).label = self._tab_label(tab, number)
        self._fill_visit_tabs()
        if not self.exam:
            rewind = self.query_one("#rewind-list", OptionList)
            rewind.clear_options()
            rewind.add_options(self._rewind_options())
        self.notify(f"Tabs 2-5 show visit {self.visit} of {len(self.course.sessions)}.")

    # summary ----------------------------------------------------------------------------

    def _hidden_problem(self, case: Case, steps: Sequence[Step]) -> Text:
        """The hidden problem beside the student's impression (the latest in `steps`)."""
        hidden = case.hidden
        text = Text()
        text.append("The hidden problem\n", style="bold underline")
        rows = [
            ("Source", f"{SOURCE_LABEL[hidden.source]}  [{hidden.source.value}]"),
            (
                "Secondary",
                SOURCE_LABEL[hidden.secondary] if hidden.secondary else "none",
            ),
            ("Irritability", IRRITABILITY_LABEL[hidden.irritability]),
            ("Nerve sensitivity", f"{hidden.nerve_sensitivity:.2f} (0 calm - 1 very sensitive)"),
        ]
        rows.insert(1, ("Your impression", self._impression(steps)))
        if not self.exam:  # the library names a case only now: its title may name the source
            rows.insert(0, ("Case", f"{case.title}  [{case.id}]" if case.title else case.id))
        if hidden.red_flag_kind:
            rows.append(("Red flag", RED_FLAG_LABEL[hidden.red_flag_kind]))
        if hidden.trigger_points:
            rows.append(
                (
                    "Trigger points",
                    "; ".join(
                        f"{REGION_LABEL[tp.region]} → {REACH_LABEL[tp.refers_to]}"
                        for tp in hidden.trigger_points
                    ),
                )
            )
        rows.append(
            ("At the start", f"pain {hidden.pain}/10, reaching {REACH_LABEL[hidden.reach]}")
        )
        for name, value in rows:
            text.append(f"  {name:<18}", style="bold")
            text.append(f"{value}\n")
        return text

    def summary(self) -> Text:
        case, result = self.practice.case, self.result
        text = self._hidden_problem(case, self.practice.steps)
        text.append("\nYour score\n", style="bold underline")
        text.append(f"  {result.total:g} / 100  {bar(result.total, 100, 20)}  ")
        text.append(verdict(result), style="bold green" if result.passed else "bold red")
        text.append(f"  (pass mark {self.pass_mark:g})\n")
        if result.critical_errors:
            for error in result.critical_errors:
                text.append(f"  ✗ critical: {error}\n", style="bold")
        else:
            text.append("  no critical errors\n")
        width = max(len(item.title) for item in result.items)
        for item in result.items:
            text.append(f"  {item.title:<{width}}  {bar(item.points, item.maximum)} ")
            text.append(f"{item.points:g}/{item.maximum:g}\n")
        moments = timeline(self.practice.steps)
        marks = []
        for effect in (Effect.FLARE, Effect.RELIEF):
            numbers = [str(m.step) for m in moments if m.effect is effect and m.kind != "end"]
            if numbers:
                marks.append(f"{EFFECT_MARK[effect]} at step {', '.join(numbers)}")
        if self.expert is not None:
            expert = self.expert[1]
            text.append(
                f"\n  The expert, with the same client and seed: {expert.total:g} "
                f"{verdict(expert)} (tab 4)\n"
            )
        text.append("\nTurning points\n", style="bold underline")
        text.append("  " + (" · ".join(marks) if marks else "no flare, no relief") + "\n")
        steps = self.practice.steps
        if steps:
            text.append("\nHow it ended\n", style="bold underline")
            text.append(f"  {steps[-1].response.text}\n")
        self._teaching(text, case)
        text.append(
            "\nKeys: 2 rubric, with the evidence and the teaching point · 3 timeline · "
            + (
                "Esc next case"
                if self.exam
                else "4 what the expert did · 5 rewind and try again · Esc home"
            ),
            style="dim",
        )
        return text

    def course_summary(self) -> Text:
        """A course: the hidden problem as first met, then the course timeline across the
        visits (each visit's score, report and what happened between) and its items."""
        from simulator.tui.course_view import course_timeline

        assert self.course is not None and self.course_result is not None
        course = self.course
        steps = [step for session in course.sessions for step in session.steps]
        expert = self.expert_course[1] if self.expert_course is not None else None
        # the course first: at 80x24 the timeline is what the first screen shows
        text = course_timeline(course, self.course_result, self.pass_mark, expert)
        text.append("\n")
        text.append_text(self._hidden_problem(self.practice.case, steps))
        last = course.sessions[-1].steps
        if last:
            text.append("\nHow it ended\n", style="bold underline")
            text.append(f"  {last[-1].response.text}\n")
        self._teaching(text, self.practice.case)
        text.append(
            "\nKeys: 2 a visit's rubric · 3 its timeline · v another visit · "
            + ("Esc next case" if self.exam else "4 the expert · 5 rewind · Esc home"),
            style="dim",
        )
        return text

    def _teaching(self, text: Text, case: Case) -> None:
        if case.learning_objectives:
            text.append("\nLearning objectives\n", style="bold underline")
            for objective in case.learning_objectives:
                text.append(f"  • {objective}\n")
        if case.teaching_note:
            text.append("\nTeaching note\n", style="bold underline")
            text.append(f"  {case.teaching_note}\n")

    def _impression(self, steps: Sequence[Step]) -> str:
        """The student's working impression beside the truth: ✓ or ✗ for each half."""
        hidden = self.practice.case.hidden
        said = [s.action for s in steps if isinstance(s.action, Impression)]
        if not said:
            return "none recorded (key i during the session)"
        last = said[-1]
        if last.unsure:
            return "unsure"
        source = "✓" if last.source == hidden.source else "✗"
        irritability = "✓" if last.irritability == hidden.irritability else "✗"
        assert last.irritability is not None  # a named source comes with one
        return (
            f"{source} {SOURCE_NAME[Source(last.source)]}, "
            f"{irritability} {IRRITABILITY_NAME[last.irritability]}"
        )

    # rubric -----------------------------------------------------------------------------

    def _fill_rubric(self) -> None:
        table: DataTable[str] = self.query_one("#rubric-table", DataTable)
        table.clear(columns=True)
        table.add_columns("Item", "Points", "", "Evidence")
        for item in self.result.items:
            evidence = ", ".join(str(i + 1) for i in item.evidence[:EVIDENCE_SHOWN])
            if len(item.evidence) > EVIDENCE_SHOWN:
                evidence += f" +{len(item.evidence) - EVIDENCE_SHOWN}"
            table.add_row(
                item.title,
                f"{item.points:g}/{item.maximum:g}",
                bar(item.points, item.maximum),
                ("step " if len(item.evidence) == 1 else "steps ") + evidence if evidence else "—",
                key=item.id,
            )
        if self.result.items:
            self._show_item(self.result.items[0])

    @on(DataTable.RowHighlighted, "#rubric-table")
    def _item_highlighted(self, event: DataTable.RowHighlighted) -> None:
        for item in self.result.items:
            if item.id == event.row_key.value:
                self._show_item(item)

    def _show_item(self, item: Item) -> None:
        text = Text()
        text.append(f"{item.title}  {item.points:g} of {item.maximum:g}\n\n", style="bold")
        text.append(f"{item.detail}\n\n")
        text.append("Teaching point\n", style="bold underline")
        text.append(f"{item.teaching}\n")
        text.append(f"(seed: {item.seed_section})\n", style="italic")
        steps = self.steps
        if item.evidence:
            text.append("\nEvidence\n", style="bold underline")
            for index in item.evidence:
                if 0 <= index < len(steps):
                    text.append(
                        f"{index + 1:>3}. {action_to_line(steps[index].action)}\n", style="bold"
                    )
                    text.append(f"     {steps[index].response.text}\n")
        self.query_one("#rubric-detail", Static).update(text)

    # timeline ---------------------------------------------------------------------------

    def _fill_timeline(self) -> None:
        moments = timeline(self.steps)
        hidden = self.case_now.hidden
        self.query_one(Timeline).data = TimelineData(tuple(moments), hidden.pain, hidden.reach)
        table: DataTable[str] = self.query_one("#steps-table", DataTable)
        table.clear(columns=True)
        table.add_columns("Step", "Action", "Effect", "Said", "True pain", "True reach")
        for moment, step in zip(moments, self.steps, strict=True):
            said = []
            if moment.nrs is not None:
                said.append(f"pain {moment.nrs}")
            if moment.reach is not None:
                said.append(REACH_LABEL[moment.reach])
            if moment.sensation is not None:
                said.append(SENSATION_LABEL[moment.sensation])
            table.add_row(
                str(moment.step),
                action_to_line(step.action),
                EFFECT_MARK[moment.effect] if moment.effect else "",
                ", ".join(said),
                f"{moment.pain:.1f}",
                REACH_LABEL[moment.true_reach],
                key=str(moment.step),
            )

    @on(DataTable.RowHighlighted, "#steps-table")
    def _step_highlighted(self, event: DataTable.RowHighlighted) -> None:
        number = int(event.row_key.value or 0)
        steps = self.steps
        if not 1 <= number <= len(steps):
            return
        step = steps[number - 1]
        note = step.response.note
        text = Text()
        text.append(f"{number}. {describe(step.action)}\n", style="bold")
        text.append(f"{step.response.text}\n")
        if step.response.effect:
            text.append(f"effect: {EFFECT_MARK[step.response.effect]}", style="bold")
        if note.rule:
            text.append(f"  · rule: {note.rule}")
        if note.tolerance is not None:
            text.append(f"  · tolerance there: pressure {note.tolerance}")
        if note.teaching in TEACHING:
            text.append(f"\n{TEACHING[note.teaching].text}", style="italic")
        self.query_one("#step-detail", Static).update(text)

    # expert -----------------------------------------------------------------------------

    def _fill_expert(self, session: Session, result: Score) -> None:
        text = Text()
        what = "What the expert did with the same client and seed"
        if self.expert_course is not None:
            course, score = self.expert_course
            shown = min(self.visit, len(course.sessions))
            what += (
                f", visit {shown} of its course ({score.total:g} "
                f"{'✓ PASSED' if score.passed else '✗ NOT PASSED'} over the course)"
            )
        text.append(f"{what}\n", style="bold")
        text.append(f"{result.total:g} / 100  {verdict(result)}  ·  you: {self.result.total:g}")
        text.append(f"  ·  {plural(len(session.steps), 'step')}\n")
        text.append(
            "The expert sees only what you saw: the briefing, the client's words and the findings.",
            style="italic",
        )
        self.query_one("#expert-summary", Static).update(text)
        compare: DataTable[str] = self.query_one("#expert-compare", DataTable)
        compare.clear(columns=True)
        compare.add_columns("Item", "You", "Expert")
        for mine, theirs in zip(self.result.items, result.items, strict=True):
            compare.add_row(
                mine.title,
                f"{mine.points:g}/{mine.maximum:g}",
                f"{theirs.points:g}/{theirs.maximum:g}",
            )
        steps: DataTable[str] = self.query_one("#expert-steps", DataTable)
        steps.clear(columns=True)
        steps.add_columns("Step", "Action", "Effect", "Response")
        for number, step in enumerate(session.steps, start=1):
            effect = step.response.effect
            steps.add_row(
                str(number),
                action_to_line(step.action),
                EFFECT_MARK[effect] if effect else "",
                step.response.text[:90] + ("…" if len(step.response.text) > 90 else ""),
            )

    # rewind -----------------------------------------------------------------------------

    def _rewind_options(self) -> list[Option]:
        options: list[Option] = []
        for number, step in enumerate(self.steps, start=1):
            prompt = Text(f"before step {number:>2}  ", style="bold")
            prompt.append(describe(step.action))
            effect = step.response.effect
            if effect in (Effect.FLARE, Effect.RELIEF):
                prompt.append(f"   {EFFECT_MARK[effect]}", style="italic")
            options.append(Option(prompt, id=str(number)))
        return options

    @on(OptionList.OptionSelected, "#rewind-list")
    def _rewind_chosen(self, event: OptionList.OptionSelected) -> None:
        keep = int(event.option.id or 1) - 1
        from simulator.tui.screens.confirm import ConfirmDialog

        practice = self.practice
        if not isinstance(practice, Practice):  # exams have no rewind
            return

        visit = self.visit if self.course is not None else None

        def answered(yes: bool | None) -> None:
            if yes:
                self.post_message(self.Rewind(practice, keep, visit))

        if visit is not None:  # a course: the visits before this one are kept whole
            parts = [f"visit {n}" for n in range(1, visit)]
            if keep:
                parts.append(f"steps 1-{keep} of visit {visit}")
            kept = "Kept exactly: " + ", ".join(parts) if parts else "Nothing is kept"
            message = (
                f"Go back to just before step {keep + 1} of visit {visit} and carry on?\n"
                f"{kept}; this course stays in your history."
            )
        elif keep:
            message = (
                f"Go back to just before step {keep + 1} and carry on from there?\n"
                f"Steps 1-{keep} are kept exactly; this session stays in your history."
            )
        else:
            message = (
                "Start this client again from the first step? This session stays in your history."
            )
        self.app.push_screen(
            ConfirmDialog(
                "Rewind",
                message,
                yes="Rewind",
                no="Stay",
            ),
            answered,
        )

    # actions ----------------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        tabs = self.query_one(TabbedContent)
        # focus left inside the pane being hidden would pull TabbedContent back to it: move
        # the focus to the tab row first (a table that had it keeps the keys otherwise)
        if self.focused is not None and any(
            isinstance(node, TabPane) for node in self.focused.ancestors
        ):
            tabs.query_one(Tabs).focus()
        tabs.active = tab
        if tab == "rewind":
            self.query_one("#rewind-list", OptionList).focus()

    def action_home(self) -> None:
        self.dismiss(None)
