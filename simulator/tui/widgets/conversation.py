"""The conversation: the client's words, observations, findings and test results, in order.

Each entry shows the step number, what the student did (a word for the kind, the choice
in words), the minutes it cost and what is left, the response text, and the visible
signals as words and symbols. Only text and signals are read: never effect or note.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.console import Group
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import RichLog

from simulator.domain.actions import ARGUMENTS
from simulator.domain.case import Case
from simulator.domain.response import Response
from simulator.engine.session import Step
from simulator.knowledge.words import KIND_LABEL, REACH_LABEL, SENSATION_LABEL, argument_label
from simulator.tui.vocabulary import MINUS, action_minutes

INDENT = 5


def signal_words(step: Step) -> list[str]:
    """The visible signals of a step as short phrases, each with a symbol."""
    action, signals = step.action, step.response.signals
    words: list[str] = []
    if signals.positive is not None:
        if action.kind == "palpate":
            words.append(
                "✚ familiar pain" if signals.positive else f"{MINUS} not the familiar pain"
            )
        elif action.kind == "observe":
            words.append("✚ notable" if signals.positive else f"{MINUS} unremarkable")
        elif action.kind == "ask":
            words.append("✚ yes" if signals.positive else f"{MINUS} no")
        else:
            words.append("✚ positive" if signals.positive else f"{MINUS} negative")
    if signals.nrs is not None:
        words.append(f"pain {signals.nrs}/10")
    if signals.reach is not None:
        prefix = "refers to" if action.kind == "palpate" else "reaches"
        words.append(f"{prefix} {REACH_LABEL[signals.reach]}")
    if signals.sensation is not None:
        words.append(f"felt: {SENSATION_LABEL[signals.sensation]}")
    return words


@dataclass(frozen=True)
class Opening:
    """How a course's follow-up visit opened: its label (`Visit 2 of 3`) and the response
    of the `visit` action, whose text is the client's report."""

    label: str
    response: Response


class Conversation(RichLog):
    """A scrolling record of the session, one entry per step."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "conversation--number",
        "conversation--kind",
        "conversation--what",
        "conversation--clock",
        "conversation--words",
        "conversation--signals",
        "conversation--briefing",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            wrap=True, markup=False, highlight=False, auto_scroll=True, min_width=20, id=id
        )
        self.entries: list[str] = []  # the plain text of each entry, for tests and search
        self._shown: tuple[Case, Sequence[Step], Opening | None] | None = None
        self._width = 0

    # RichLog asks for the widget's style (a walk up the DOM) twice per line it draws;
    # once per frame is enough, and it is most of the cost of scrolling to a new entry.
    _frame_style: Style | None = None

    @property
    def rich_style(self) -> Style:
        if self._frame_style is None:
            self._frame_style = super().rich_style
        return self._frame_style

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_style = None
        return super().render_lines(crop)

    def on_resize(self, event: events.Resize) -> None:
        # RichLog wraps at write time: rewrite the entries when the width changes
        if self._shown is not None and self._width and event.size.width != self._width:
            self.show(*self._shown)
        self._width = event.size.width

    def show(self, case: Case, steps: Sequence[Step], opening: Opening | None = None) -> None:
        """Rewrite the whole conversation (on mount, resume, rewind and a course's next
        visit, which opens with the client's report in place of the briefing)."""
        self._shown = (case, steps, opening)
        self.clear()
        self.entries = []
        if opening is None:
            self._write(self.briefing_entry(case))
        else:
            self._write(self.opening_entry(case, opening))
        for number, step in enumerate(steps, start=1):
            self.add(number, step)
        # before the first layout RichLog keeps the entries aside and cannot scroll yet: the
        # latest step, not the briefing, is what a resumed or rewound session shows
        self.call_after_refresh(self.scroll_end, animate=False, immediate=True, x_axis=False)

    def add(self, number: int, step: Step) -> None:
        self._write(self.entry(number, step))

    def _write(self, entry: tuple[Text, ...]) -> None:
        label, what, *body = entry
        self.entries.append(
            " ".join([label.plain.strip(), what.plain])
            + "\n"
            + "\n".join(part.plain for part in body)
        )
        head = Table.grid(padding=(0, 1))
        head.add_column(no_wrap=True)
        head.add_column()
        head.add_row(label, what)
        self.write(
            Group(head, *(Padding(part, (0, 0, 0, INDENT)) for part in body)), scroll_end=False
        )
        # scroll now rather than after the next refresh: one repaint per entry, not two
        self.scroll_end(animate=False, immediate=True, x_axis=False)

    def briefing_entry(self, case: Case) -> tuple[Text, ...]:
        p = case.persona
        style = self.get_component_rich_style
        label = Text("    ")
        label.append(" BRIEFING ", style("conversation--kind"))
        what = Text(
            f"{p.name}, {p.age}, {p.occupation}; symptoms on the {p.side}",
            style("conversation--what"),
        )
        words = Text(f'"{p.complaint}"', style("conversation--briefing"))
        return label, what, words

    def opening_entry(self, case: Case, opening: Opening) -> tuple[Text, ...]:
        """A follow-up visit's first entry: who, when, and the client's report."""
        p = case.persona
        style = self.get_component_rich_style
        label = Text("    ")
        label.append(f" {opening.label.upper()} ", style("conversation--kind"))
        what = Text(
            f"{p.name}, {p.age}, {p.occupation}; symptoms on the {p.side}",
            style("conversation--what"),
        )
        parts = [label, what, Text(opening.response.text, style("conversation--words"))]
        signals = opening.response.signals
        said = []
        if signals.nrs is not None:
            said.append(f"pain {signals.nrs}/10")
        if signals.reach is not None:
            said.append(f"reaches {REACH_LABEL[signals.reach]}")
        if said:
            parts.append(Text("   ".join(said), style("conversation--signals")))
        return tuple(parts)

    def entry(self, number: int, step: Step) -> tuple[Text, ...]:
        styles = {name: self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES}
        style = styles.__getitem__
        action, response = step.action, step.response
        names = ARGUMENTS[action.kind]
        label = Text(f"{number:>3} ", style("conversation--number"))
        label.append(f" {KIND_LABEL[action.kind].upper()} ", style("conversation--kind"))
        what = Text(
            " · ".join(argument_label(n, getattr(action, n)) for n in names),
            style("conversation--what"),
        )
        spoken = response.text.startswith('"') or '"' in response.text[:40]
        words_style = style("conversation--words") if spoken else Style()
        parts = [label, what, Text(response.text, words_style)]
        footer = Text("   ".join(signal_words(step)), style("conversation--signals"))
        cost = action_minutes(action)
        clock = f"{cost} min, {response.signals.minutes_left} left" if cost else ""
        if clock:
            footer.append(("   " if footer else "") + clock, style("conversation--clock"))
        if footer:
            parts.append(footer)
        return tuple(parts)
