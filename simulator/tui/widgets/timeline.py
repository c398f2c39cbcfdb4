"""The debrief's timeline: pain and symptom reach across the session, flares and reliefs.

A text plot, one column per step (several when there is room): the pain the client
reported (●) over the true pain (•), a marker row for each step's effect (▲ flare,
▼ relief, ◆ good sore), and a band showing how far the symptoms truly reached, with the
reach the client reported (○). Every mark has its word in the legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from simulator.domain.ids import Effect, Reach
from simulator.tui.view import Moment

AXIS = 12  # width of the left labels
EFFECT_GLYPH: dict[Effect, str] = {
    Effect.FLARE: "▲",
    Effect.RELIEF: "▼",
    Effect.GOOD_SORE: "◆",
    Effect.NEUTRAL: " ",
}
EFFECT_COMPONENT: dict[Effect, str] = {
    Effect.FLARE: "timeline--flare",
    Effect.RELIEF: "timeline--relief",
    Effect.GOOD_SORE: "timeline--sore",
}
REACH_ROWS: tuple[tuple[Reach, str], ...] = (
    (Reach.BUTTOCK, "buttock"),
    (Reach.THIGH, "thigh"),
    (Reach.BELOW_KNEE, "below knee"),
    (Reach.FOOT, "foot"),
)


@dataclass(frozen=True)
class TimelineData:
    moments: tuple[Moment, ...]
    start_pain: float
    start_reach: Reach


def columns_per_step(steps: int, width: int) -> int:
    room = max(1, width - AXIS - 1)
    return max(1, min(3, room // max(1, steps + 1)))


class Timeline(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--axis",
        "timeline--reported",
        "timeline--true",
        "timeline--flare",
        "timeline--relief",
        "timeline--sore",
        "timeline--reach",
        "timeline--reach-reported",
    }
    DEFAULT_CSS = """
    Timeline { height: auto; }
    """

    data: reactive[TimelineData | None] = reactive(None, layout=True)

    def render(self) -> Text:
        data = self.data
        if data is None:
            return Text("")
        return self.plot(data, self.content_region.width or 100)

    def plot(self, data: TimelineData, width: int) -> Text:
        style = self.get_component_rich_style
        axis = style("timeline--axis")
        moments: Sequence[Moment] = data.moments
        # column 0 is the start (before any step); then one per step
        pains = [data.start_pain, *(m.pain for m in moments)]
        reaches = [data.start_reach, *(m.true_reach for m in moments)]
        reported: list[int | None] = [None, *(m.nrs for m in moments)]
        reported_reach: list[Reach | None] = [None, *(m.reach for m in moments)]
        effects: list[Effect | None] = [None, *(m.effect for m in moments)]
        per = columns_per_step(len(moments), width)
        room = max(1, width - AXIS - 1)
        stride = max(1, -(-len(pains) // room))  # several steps per column when crowded
        columns = range(0, len(pains), stride)

        text = Text(no_wrap=True, overflow="crop")
        text.append(f"{'effect':>{AXIS - 2}} ┊", axis)
        for index in columns:
            effect = _strongest(effects[index : index + stride])
            glyph = EFFECT_GLYPH[effect] if effect else " "
            text.append(glyph.ljust(per), self._effect_style(effect))
        text.append("\n")
        for level in range(10, -1, -1):
            label = f"pain {level:>2}" if level % 2 == 0 else ""
            text.append(f"{label:>{AXIS - 2}} ┤" if label else f"{'':>{AXIS - 2}} │", axis)
            for index in columns:
                window = range(index, min(index + stride, len(pains)))
                told = [reported[i] for i in window if reported[i] is not None]
                if told and told[-1] == level:
                    text.append("●".ljust(per), style("timeline--reported"))
                elif round(pains[window[-1]]) == level:
                    text.append("•".ljust(per), style("timeline--true"))
                else:
                    text.append(" " * per)
            text.append("\n")
        text.append(f"{'step':>{AXIS - 2}} └", axis)
        ruler = ""
        for number, index in enumerate(columns):
            cell = str(index) if number % max(1, 5 // per) == 0 and index else ""
            ruler += cell.ljust(per) if len(cell) <= per else cell
        text.append(ruler[: room * per] + "\n", axis)
        for reach, name in REACH_ROWS:
            text.append(f"{name:>{AXIS - 2}} │", axis)
            for index in columns:
                told_reach = [r for r in reported_reach[index : index + stride] if r is not None]
                covered = reaches[min(index + stride, len(reaches)) - 1].level >= reach.level
                fill = "▒" if covered else " "
                if told_reach and told_reach[-1] is reach:
                    text.append("○", style("timeline--reach-reported"))
                    text.append(fill * (per - 1), style("timeline--reach"))
                else:
                    text.append(fill * per, style("timeline--reach"))
            text.append("\n")
        text.append("\n")
        text.append("● pain the client reported  ", style("timeline--reported"))
        text.append("• true pain  ", style("timeline--true"))
        text.append("▲ flare  ", style("timeline--flare"))
        text.append("▼ relief  ", style("timeline--relief"))
        text.append("◆ good sore  ", style("timeline--sore"))
        text.append("▒ true reach  ", style("timeline--reach"))
        text.append("○ reach the client reported", style("timeline--reach-reported"))
        if stride > 1:
            text.append(f"\n(each column is {stride} steps)", axis)
        return text

    def _effect_style(self, effect: Effect | None) -> Style:
        component = EFFECT_COMPONENT.get(effect) if effect else None
        return self.get_component_rich_style(component) if component else Style()


def _strongest(effects: Sequence[Effect | None]) -> Effect | None:
    """A flare outranks a relief, a relief a good sore: the mark a column shows."""
    for effect in (Effect.FLARE, Effect.RELIEF, Effect.GOOD_SORE, Effect.NEUTRAL):
        if effect in effects:
            return effect
    return None
