"""Terminal sizes: the compact layout below 120x40, and a message below 80x24.

The app carries the class `-compact` while the terminal is smaller than `ROOMY` in either
direction; each screen's stylesheet stacks or tabs its panels under `.-compact`. Below
`MINIMUM` a modal says how big the terminal must be, and goes away when it is.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import Static

MINIMUM = Size(80, 24)
ROOMY = Size(120, 40)


class TooSmallScreen(ModalScreen[None]):
    """Covers every screen while the terminal is below the minimum size."""

    DEFAULT_CSS = """
    TooSmallScreen { background: $background; align: center middle; }
    TooSmallScreen #too-small { width: auto; max-width: 100%; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "nothing", show=False)]

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(id="too-small")

    def show(self, size: Size) -> None:
        self.query_one("#too-small", Static).update(message(size))

    def on_mount(self) -> None:
        self.show(self.app.size)

    def action_nothing(self) -> None:
        """Escape must not close the message: only a bigger terminal does."""


def message(size: Size) -> str:
    return (
        f"This terminal is {size.width}x{size.height}. massage-sim needs at least "
        f"{MINIMUM.width}x{MINIMUM.height}: enlarge the window or make the font smaller. "
        "Ctrl+Q quits."
    )


def too_small(size: Size) -> bool:
    return size.width < MINIMUM.width or size.height < MINIMUM.height


def compact(size: Size) -> bool:
    return size.width < ROOMY.width or size.height < ROOMY.height


def fit(app: App[Any], size: Size) -> None:
    """Set the app's size class, and show or hide the too-small message."""
    if app.has_class("-compact") != compact(size):
        app.set_class(compact(size), "-compact")
        app.refresh_bindings()  # keys shown only in one layout (the body map's `b`)
    top = app.screen
    if too_small(size):
        if isinstance(top, TooSmallScreen):
            top.show(size)
        else:
            app.push_screen(TooSmallScreen())
    elif isinstance(top, TooSmallScreen):
        app.pop_screen()


def watch_size(app: App[Any]) -> None:
    """Fit now, and again whenever a screen is shown: a screen pushed while the terminal is
    too small goes under the message, and a message left under a closed dialog goes."""
    app.screen_change_signal.subscribe(app, lambda _screen: app.call_later(fit, app, app.size))
    fit(app, app.size)
