"""A widget drawn from Rich Text lines through the line API, kept as strips until they change.

Textual's general render path re-styles every span of a rich Text on each repaint; for the
body map and the client panel (dozens of styled spans, repainted on every action) drawing
the lines once per change, without wrapping the lines that never wrap, keeps an action's
screen update quick.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget


class TextLines(Widget):
    """Subclasses implement `lines()`, one Text per line (a Text without `no_wrap` may wrap
    onto several); call `invalidate()` when what they draw changes."""

    _strips: list[Strip] | None = None
    _strips_width = -1

    def lines(self) -> list[Text]:
        raise NotImplementedError

    def invalidate(self) -> None:
        self._strips = None
        self.refresh()

    def notify_style_update(self) -> None:
        # a theme or CSS change alters the component styles the text was drawn with
        self._strips = None
        super().notify_style_update()

    def _rows(self, width: int) -> Iterator[Text]:
        console = self.app.console
        for text in self.lines():
            for line in text.split("\n", allow_blank=True):
                if line.no_wrap:
                    yield line
                else:
                    yield from line.wrap(console, width)

    def _draw(self, width: int) -> list[Strip]:
        console = self.app.console
        base: Style = self.rich_style
        strips: list[Strip] = []
        for row in self._rows(width):
            segments = Segment.apply_style(row.render(console, end=""), base)
            strips.append(Strip(segments).crop_extend(0, width, base))
        return strips

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        if self._strips is None or self._strips_width != width:
            self._strips = self._draw(width)
            self._strips_width = width
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self.rich_style)
