"""Help: the keys and how to read the screens; the text is help.md beside this file."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown

HELP_FILE = Path(__file__).with_name("help.md")


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "close", "Close"),
    ]

    def __init__(self, saved_in: Path | None = None) -> None:
        super().__init__()
        self.saved_in = saved_in

    def compose(self) -> ComposeResult:
        text = HELP_FILE.read_text(encoding="utf-8")
        if self.saved_in is not None:
            text += f"\nSessions are saved in `{self.saved_in}`.\n"
        with Vertical(classes="dialog", id="help-dialog") as box:
            box.border_title = "Help"
            with VerticalScroll():
                yield Markdown(text, id="help-text")
            yield Label("Esc close", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
