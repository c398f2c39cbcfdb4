"""A row of buttons, one per kind of action, for the mouse; posts `ActionBar.KindChosen`."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.message import Message
from textual.widgets import Button

from simulator.knowledge.words import KIND_LABEL
from simulator.tui.keys import ACTION_KEYS
from simulator.tui.vocabulary import KINDS


class ActionBar(HorizontalGroup):
    """Ask, Observe, Palpate, … End: each button shows its key too."""

    class KindChosen(Message):
        def __init__(self, kind: str) -> None:
            self.kind = kind
            super().__init__()

    def compose(self) -> ComposeResult:
        for kind in KINDS:
            key = ACTION_KEYS[kind].display
            yield Button(
                Content.assemble((key, "bold"), " ", KIND_LABEL[kind]),
                id=f"act-{kind}",
                compact=True,
                variant="error" if kind == "end" else "default",
                tooltip=f"{KIND_LABEL[kind]} (key {key})",
            )

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("act-"):
            self.post_message(self.KindChosen(event.button.id.removeprefix("act-")))
