"""The body map: a posterior view plus the hip flexors, drawn with box characters.

Each region has a callout with a symbol and words (palpated or not, familiar pain or not,
minutes worked); the symptomatic leg is shaded as far as the client says the symptoms
reach, and the shading follows them as they spread or retreat. Colour only repeats what
the symbols already say. Clicking a region's row posts `BodyMap.RegionClicked`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive

from simulator.domain.ids import Reach, Region
from simulator.knowledge.words import REACH_LABEL
from simulator.tui.view import VisibleRecord
from simulator.tui.vocabulary import REACH_TREND
from simulator.tui.widgets.text_lines import TextLines

# Symptomatic side on the viewer's right (the client's right, seen from behind); the
# figure is symmetric, so the left side mirrors the shaded cells only.
FIGURE: tuple[str, ...] = (
    "      ╭───╮      ",
    "  ╭───┴───┴───╮  ",
    "  │     ┆     │  ",
    "  │     ┆     │  ",
    "  ├─────┼─────┤  ",
    "  │     │     │  ",
    "  │     │     │  ",
    "  │     │     │  ",
    "  │     │     │  ",
    "  ╰┬──┬─┴─┬──┬╯  ",
    "   │  │   │  │   ",
    "   │  │   │  │   ",
    "   │  │   │  │   ",
    "   ├──┤   ├──┤   ",
    "   │  │   │  │   ",
    "   │  │   │  │   ",
    "   │  │   │  │   ",
    "   ╰──╯   ╰──╯   ",
    "  (front view)   ",
)
WIDTH = len(FIGURE[0])
CALLOUTS: dict[int, Region] = {
    1: Region.THORACOLUMBAR_FASCIA,
    2: Region.QUADRATUS_LUMBORUM,
    3: Region.LUMBAR,
    5: Region.GLUTE_MED,
    6: Region.GLUTE_MAX,
    7: Region.DEEP_ROTATORS,
    8: Region.GLUTE_MIN,
    9: Region.LATERAL_HIP,
    10: Region.HAMSTRINGS,
    14: Region.CALF,
    18: Region.HIP_FLEXORS,
}
ROW_OF: dict[Region, int] = {region: row for row, region in CALLOUTS.items()}
SHORT_NAME: dict[Region, str] = {
    Region.THORACOLUMBAR_FASCIA: "TL fascia",
    Region.QUADRATUS_LUMBORUM: "quadratus lumb.",
    Region.LUMBAR: "lower back",
    Region.GLUTE_MED: "glute medius",
    Region.GLUTE_MAX: "glute maximus",
    Region.DEEP_ROTATORS: "deep rotators",
    Region.GLUTE_MIN: "glute minimus",
    Region.LATERAL_HIP: "lateral hip",
    Region.HAMSTRINGS: "hamstrings",
    Region.CALF: "calf",
    Region.HIP_FLEXORS: "hip flexors",
}
NAME_WIDTH = max(len(n) for n in SHORT_NAME.values())
# Cells of the right leg that each reach level shades (rows, first and last column).
SHADE: dict[Reach, tuple[tuple[int, int, int], ...]] = {
    Reach.NONE: (),
    Reach.BUTTOCK: tuple((row, 9, 13) for row in range(5, 9)),
    Reach.THIGH: tuple((row, 11, 12) for row in range(10, 13)),
    Reach.BELOW_KNEE: tuple((row, 11, 12) for row in range(14, 16)),
    Reach.FOOT: ((16, 11, 12),),
}
FAMILIAR, PALPATED, UNTOUCHED = "●", "○", "·"
FINDING_LINES = 3
NOW, EARLIER = "≈", "∙"


def shaded_cells(reach: Reach | None, side: str) -> set[tuple[int, int]]:
    """The (row, column) cells of the figure that symptoms reaching `reach` cover."""
    cells: set[tuple[int, int]] = set()
    if reach is None:
        return cells
    for level in Reach:
        if level.level > reach.level:
            break
        for row, first, last in SHADE[level]:
            for column in range(first, last + 1):
                cells.add((row, column if side == "right" else WIDTH - 1 - column))
    return cells


class BodyMap(TextLines):
    """Posterior view with the hip flexors; findings and symptom reach drawn on it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "body-map--outline",
        "body-map--symptoms",
        "body-map--earlier",
        "body-map--familiar",
        "body-map--palpated",
        "body-map--untouched",
        "body-map--note",
    }
    DEFAULT_CSS = """
    BodyMap { height: 24; }
    """

    record: reactive[VisibleRecord | None] = reactive(None)
    side: reactive[str] = reactive("right")

    class RegionClicked(Message):
        """The student clicked a region's row on the map."""

        def __init__(self, region: Region) -> None:
            self.region = region
            super().__init__()

    def watch_record(self) -> None:
        self.invalidate()

    def watch_side(self) -> None:
        self.invalidate()

    def lines(self) -> list[Text]:
        record = self.record
        # one lookup per component per render: style lookups dominate the render's cost
        styles = {
            name.removeprefix("body-map--"): self.get_component_rich_style(name)
            for name in self.COMPONENT_CLASSES
        }
        now_cells = shaded_cells(record.reach if record else None, self.side)
        past_cells = shaded_cells(record.furthest if record else None, self.side) - now_cells
        rows: list[Text] = []
        for row, line in enumerate(FIGURE):
            text = Text(no_wrap=True, overflow="ellipsis")
            run, run_style = "", "outline"
            for column, char in enumerate(line):
                if (row, column) in now_cells:
                    char, kind = NOW, "symptoms"
                elif (row, column) in past_cells:
                    char, kind = EARLIER, "earlier"
                else:
                    kind = "outline"
                if kind != run_style:
                    text.append(run, styles[run_style])
                    run, run_style = "", kind
                run += char
            text.append(run, styles[run_style])
            region = CALLOUTS.get(row)
            if region is not None:
                text.append(" ")
                self._callout(text, region, record, styles)
            rows.append(text)
        return rows + self._legend(record, styles)

    def _callout(
        self, text: Text, region: Region, record: VisibleRecord | None, styles: dict[str, Style]
    ) -> None:
        found = record.palpated.get(region) if record else None
        minutes = record.treated.get(region, 0) if record else 0
        if found is None:
            mark, kind = UNTOUCHED, "untouched"
        elif found.familiar:
            mark, kind = FAMILIAR, "familiar"
        else:
            mark, kind = PALPATED, "palpated"
        text.append(f"{mark} {SHORT_NAME[region]:<{NAME_WIDTH}}", styles[kind])
        notes = []
        if found is not None and found.familiar:
            notes.append("familiar")
        if minutes:
            notes.append(f"{minutes}m")
        if notes:
            text.append(" " + " · ".join(notes), styles["note"])

    def _legend(self, record: VisibleRecord | None, styles: dict[str, Style]) -> list[Text]:
        key = Text(no_wrap=True, overflow="ellipsis")
        key.append(f"{FAMILIAR} familiar pain  ", styles["familiar"])
        key.append(f"{PALPATED} palpated  ", styles["palpated"])
        key.append(f"{UNTOUCHED} not yet  ", styles["untouched"])
        key.append("6m worked", styles["note"])
        reach = record.reach if record else None
        now = Text(no_wrap=True, overflow="ellipsis")
        now.append(f"{NOW} symptoms now: ", styles["symptoms"])
        if reach is None:
            now.append("not reported yet")
        else:
            now.append(REACH_LABEL[reach])
            trend = record.reach_trend if record else 0
            if trend:
                now.append(f"  {REACH_TREND[trend]}", Style(bold=True))
        if record and record.furthest and reach and record.furthest.level > reach.level:
            now.append(f"  {EARLIER} earlier", styles["earlier"])
        lines = [key, now]
        last = record.last_palpated if record else None
        if last is not None:
            region, found = last
            prefix = f"Palpated {SHORT_NAME[region]}: "
            # the height is fixed (no layout pass per action): the finding gets three lines
            room = FINDING_LINES * max(20, self.content_region.width) - len(prefix) - 2
            finding = found.finding
            if len(finding) > room:
                finding = finding[: room - 1].rstrip() + "…"
            lines.append(Text.assemble((prefix, Style(bold=True)), finding))
        return lines

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        region = CALLOUTS.get(offset.y) if offset is not None else None
        if region is not None:
            self.post_message(self.RegionClicked(region))
