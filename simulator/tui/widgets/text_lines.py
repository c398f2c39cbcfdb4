"""A widget drawn from Rich Text through the line API, its strips kept until they change.

Textual's general render path re-styles every span of a rich Text on each repaint; for the
body map and the client panel (dozens of styled spans, repainted on every action) drawing
the lines once per change is several times cheaper and keeps an action's update quick.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget


class TextLines(Widget):
    """Subclasses implement `lines()`; call `invalidate()` when what they draw changes."""

    _strips: list[Strip] | None = None
    _strips_width = -1

    def lines(self) -> Text:
        raise NotImplementedError

    def invalidate(self) -> None:
        self._strips = None
        self.refresh()

    def notify_style_update(self) -> None:
        # a theme or CSS change alters the component styles the text was drawn with
        self._strips = None
        super().notify_style_update()

    def _draw(self, width: int) -> list[Strip]:
        console = self.app.console
        options = console.options.update(width=width, height=None, no_wrap=False)
        base = self.rich_style
        rows = console.render_lines(self.lines(), options, style=base, pad=True)
        return [Strip(Segment.simplify(row), width) for row in rows]

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        if self._strips is None or self._strips_width != width:
            self._strips = self._draw(width)
            self._strips_width = width
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self.rich_style)
