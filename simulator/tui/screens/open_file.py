"""Open a case or blueprint file by path; every problem in it is listed, one per line."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static

from simulator.domain.case import Case
from simulator.tui.cases import CaseLoadError, load_file


class PathSuggester(Suggester):
    """Completes a path from the names in its folder."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        path = Path(value).expanduser()
        folder, stem = (path, "") if value.endswith("/") else (path.parent, path.name)
        try:
            names = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir())
        except OSError:
            return None
        for name in names:
            if name.startswith(stem) and name != stem and not name.startswith("."):
                return value + name[len(stem) :]
        return None


class OpenFileDialog(ModalScreen[tuple[Case, str] | None]):
    """Returns the loaded case (a blueprint is drawn with `seed`) and its origin."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, seed: int, root: Path | None = None) -> None:
        super().__init__()
        self.seed = seed
        self.root = root

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="open-dialog") as box:
            box.border_title = "Open a case or blueprint file"
            yield Input(
                placeholder="path/to/case.yaml  (→ completes)",
                suggester=PathSuggester(),
                id="open-path",
            )
            with VerticalScroll(id="open-problems-box"):
                yield Static("", id="open-problems")
            yield Label("Enter: open · Esc: cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#open-path", Input).focus()

    @on(Input.Submitted, "#open-path")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.load(event.value.strip())

    @work(exclusive=True)
    async def load(self, value: str) -> None:
        problems = self.query_one("#open-problems", Static)
        problems.update("loading…")
        try:
            result = await asyncio.to_thread(
                load_file, Path(value).expanduser(), self.seed, self.root
            )
        except CaseLoadError as error:
            problems.update("\n".join(f"✗ {p}" for p in error.problems))
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)
