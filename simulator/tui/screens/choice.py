"""A modal list to pick one choice from, filtered as the student types."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from simulator.tui.fuzzy import token_score, words_of


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    note: str = ""  # e.g. "✓ asked" — a word, not a colour


class ChoiceDialog(ModalScreen[str | None]):
    """Type to filter, arrows to move, Enter to choose, Escape to cancel."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("pagedown", "move(8)", show=False),
        Binding("pageup", "move(-8)", show=False),
    ]

    def __init__(self, title: str, choices: Sequence[Choice], *, hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.hint = hint
        self.shown: list[Choice] = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="choice-dialog") as box:
            box.border_title = self.title_text
            yield Input(placeholder="type to filter…", id="choice-filter", compact=True)
            yield OptionList(*self._options(self.shown), id="choice-list")
            yield Label(
                self.hint or "↑↓ move · Enter choose · Esc cancel · click to choose",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#choice-filter", Input).focus()
        options = self.query_one("#choice-list", OptionList)
        options.highlighted = 0 if self.shown else None

    def _options(self, choices: Sequence[Choice]) -> list[Option]:
        out: list[Option] = []
        for choice in choices:
            prompt = Text(choice.label)
            prompt.append(f"  {choice.value}", style="dim")
            if choice.note:
                prompt.append(f"  {choice.note}", style="italic")
            out.append(Option(prompt, id=choice.value))
        return out

    @on(Input.Changed, "#choice-filter")
    def _filter(self, event: Input.Changed) -> None:
        tokens = event.value.lower().split()
        if tokens:
            scored = []
            for order, choice in enumerate(self.choices):
                words = words_of(choice.value, choice.label)
                scores = [token_score(t, words) for t in tokens]
                if min(scores) > 0:
                    scored.append((-sum(scores), order, choice))
            self.shown = [choice for *_, choice in sorted(scored, key=lambda s: s[:2])]
        else:
            self.shown = list(self.choices)
        options = self.query_one("#choice-list", OptionList)
        options.clear_options()
        options.add_options(self._options(self.shown))
        options.highlighted = 0 if self.shown else None

    @on(Input.Submitted, "#choice-filter")
    def _submit(self) -> None:
        options = self.query_one("#choice-list", OptionList)
        if options.highlighted is not None and self.shown:
            self.dismiss(self.shown[options.highlighted].value)

    @on(OptionList.OptionSelected, "#choice-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(event.option.id)

    def action_move(self, by: int) -> None:
        options = self.query_one("#choice-list", OptionList)
        if not self.shown:
            return
        current = options.highlighted or 0
        options.highlighted = max(0, min(len(self.shown) - 1, current + by))

    def action_cancel(self) -> None:
        self.dismiss(None)
