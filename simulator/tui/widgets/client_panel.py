"""The clock and what the client has reported: pain ratings, reach, sensations, tests.

Every state is written in words with a symbol (▲ up, ▼ down, ✚ positive, minus negative);
colour repeats it and never replaces it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive

from simulator.knowledge.words import REACH_LABEL, SENSATION_LABEL, TEST_SHORT
from simulator.tui.view import VisibleRecord
from simulator.tui.vocabulary import MINUS, PAIN_TREND, PLUS, REACH_TREND
from simulator.tui.widgets.text_lines import TextLines

BAR_WIDTH = 24
LOW_TIME = 10  # minutes: the clock is flagged from here on
SHOWN_REPORTS = 6
SHOWN_SENSATIONS = 4


def clock_bar(minutes_left: int, budget: int, width: int = BAR_WIDTH) -> str:
    """`█` for the minutes left, `░` for those used: `████████░░░░`."""
    filled = round(width * minutes_left / budget) if budget else 0
    return "█" * filled + "░" * (width - filled)


class ClientPanel(TextLines):
    """The session clock and the client's reports so far."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "client-panel--label",
        "client-panel--clock",
        "client-panel--used",
        "client-panel--warning",
        "client-panel--dim",
    }
    DEFAULT_CSS = """
    ClientPanel { height: 5; }
    """

    record: reactive[VisibleRecord | None] = reactive(None)
    # in a course of care: "Visit 2 of 3" ("" otherwise), at the end of the clock line when
    # `visit_inline` (the compact strip has the room; the wide panel shows it in its title)
    visit: reactive[str] = reactive("")
    visit_inline = False

    def watch_record(self) -> None:
        self.invalidate()

    def watch_visit(self) -> None:
        self.invalidate()

    def lines(self) -> list[Text]:
        style = self.get_component_rich_style
        label = style("client-panel--label")
        dim = style("client-panel--dim")
        record = self.record
        # one line per fact, cut rather than wrapped: the height is fixed (no layout pass)
        text = Text(no_wrap=True, overflow="ellipsis")
        if record is None:
            return []
        left, budget = record.minutes_left, record.budget
        bar = clock_bar(left, budget)
        filled = bar.count("█")
        text.append("Clock  ", label)
        text.append(bar[:filled], style("client-panel--clock"))
        text.append(bar[filled:], style("client-panel--used"))
        if record.ended:
            ended = "visit ended" if self.visit else "session ended"
            text.append(f"  {ended}", style("client-panel--warning"))
        elif left == 0:
            text.append("  ⏹ time is up: end the session", style("client-panel--warning"))
        elif left <= LOW_TIME:
            text.append(f"  ⚠ {left} of {budget} min left", style("client-panel--warning"))
        else:
            text.append(f"  {left} of {budget} min left")
        if self.visit and self.visit_inline:
            text.append(f"  · {self.visit}", label)

        text.append("\nPain   ", label)
        if record.pains:
            shown = record.pains[-SHOWN_REPORTS:]
            more = "… → " if len(record.pains) > SHOWN_REPORTS else ""
            text.append(more + " → ".join(str(nrs) for _, nrs in shown) + " /10")
            if len(record.pains) > 1:
                text.append("   " + PAIN_TREND[record.pain_trend], label)
        else:
            text.append("no rating yet", dim)

        text.append("\nReach  ", label)
        if record.reaches:
            names: list[str] = []
            for _, reach in record.reaches:
                if not names or names[-1] != REACH_LABEL[reach]:
                    names.append(REACH_LABEL[reach])
            text.append(("… → " if len(names) > 3 else "") + " → ".join(names[-3:]))
            if len(record.reaches) > 1:
                text.append("   " + REACH_TREND[record.reach_trend], label)
        else:
            text.append("not reported yet", dim)

        text.append("\nFelt   ", label)
        felt = [SENSATION_LABEL[s] for _, s in record.sensations]
        if felt:
            more = "… " if len(felt) > SHOWN_SENSATIONS else ""
            text.append(more + " · ".join(felt[-SHOWN_SENSATIONS:]))
        else:
            text.append("no treatment yet", dim)

        text.append("\nTests  ", label)
        if record.tests:
            text.append(
                " · ".join(
                    f"{TEST_SHORT[test]} {f'{PLUS} pos' if positive else f'{MINUS} neg'}"
                    for test, positive in record.tests.items()
                )
            )
        else:
            text.append("none yet", dim)
        return list(text.split("\n"))
