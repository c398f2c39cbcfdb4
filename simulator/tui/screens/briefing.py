"""The briefing: the client as a person and the session clock, before the session starts."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, HorizontalGroup, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header

from simulator.domain.case import Case
from simulator.tui.widgets.persona_card import PersonaCard


class BriefingScreen(Screen[None]):
    CSS_PATH = "briefing.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,b", "begin", "Begin session", priority=True),
        Binding("escape", "back", "Back"),
    ]

    class Begin(Message):
        """The student is ready: the app starts the session."""

        def __init__(self, case: Case, seed: int, origin: str, visits: int | None = None) -> None:
            self.case = case
            self.seed = seed
            self.origin = origin
            self.visits = visits  # a course of that many visits; None: a single session
            super().__init__()

    def __init__(
        self, case: Case, seed: int, *, origin: str = "", visits: int | None = None
    ) -> None:
        super().__init__()
        self.case = case
        self.seed = seed
        self.origin = origin
        self.visits = visits

    def compose(self) -> ComposeResult:
        self.sub_title = "Briefing"
        yield Header()
        with Center(), Vertical(id="briefing"):
            with VerticalScroll(id="briefing-card"):
                card = PersonaCard(self.case, id="persona")
                card.border_title = "Your next client"
                if self.visits is not None:
                    card.border_title += f" · a course of {self.visits} visits"
                yield card
            with HorizontalGroup(classes="dialog-buttons"):
                yield Button("Back (esc)", id="briefing-back")
                begin = "Begin session" if self.visits is None else "Begin visit 1"
                yield Button(f"{begin} (enter)", id="briefing-begin", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#briefing-begin", Button).focus()

    @on(Button.Pressed, "#briefing-begin")
    def action_begin(self) -> None:
        self.post_message(self.Begin(self.case, self.seed, self.origin, self.visits))

    @on(Button.Pressed, "#briefing-back")
    def action_back(self) -> None:
        self.dismiss(None)
