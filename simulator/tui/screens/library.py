"""The case library: authored cases (cases/library/) and blueprints (cases/blueprints/)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, LoadingIndicator

from simulator.tui.cases import LibraryEntry, library_entries


def label(number: int, entry: LibraryEntry) -> str:
    """A neutral name for a library file: its kind and its place in the list."""
    return f"{'Case' if entry.kind == 'case' else 'Blueprint'} {number + 1}"


class LibraryScreen(ModalScreen[LibraryEntry | None]):
    """Pick a file to practise with; files are read in a worker thread."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Close")]

    def __init__(
        self, root: Path | None, folders: Sequence[Path] = (), *, usable_only: bool = False
    ) -> None:
        super().__init__()
        self.root = root
        self.folders = tuple(folders)
        self.usable_only = usable_only
        self.entries: list[LibraryEntry] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="library-dialog") as box:
            box.border_title = "Case library"
            yield LoadingIndicator(id="library-loading")
            yield DataTable(id="library-table", cursor_type="row", zebra_stripes=True)
            yield Label(
                "Enter: practise with it (a blueprint draws a new client each time) · Esc close",
                classes="dialog-hint",
                id="library-hint",
            )

    def on_mount(self) -> None:
        table: DataTable[str | Text] = self.query_one("#library-table", DataTable)
        # file names and titles often name the hidden source: before play, a number and
        # what the briefing will show anyway (the debrief names the case)
        table.add_columns("#", "Client", "Kind")
        table.display = False
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        self.entries = await asyncio.to_thread(
            library_entries, self.root, self.folders, usable_only=self.usable_only
        )
        table: DataTable[str | Text] = self.query_one("#library-table", DataTable)
        for number, entry in enumerate(self.entries):
            client: str | Text = entry.client or "a new client each time"
            if entry.problem:  # unplayable: the author needs the file's name to fix it
                client = Text(f"✗ {entry.name}: {entry.problem}", style="italic")
            kind = "authored case" if entry.kind == "case" else "blueprint"
            table.add_row(label(number, entry), client, kind, key=str(number))
        self.query_one("#library-loading").display = False
        table.display = True
        table.focus()
        if not self.entries:
            where = "cases/library/ or cases/blueprints/"
            self.query_one("#library-hint", Label).update(
                f"No case files found in {where}. Esc close"
            )

    @on(DataTable.RowSelected, "#library-table")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        entry = self.entries[int(event.row_key.value or 0)]
        if entry.problem:
            self.notify(f"{entry.name}: {entry.problem}", title="Cannot use", severity="error")
            return
        self.dismiss(entry)

    def action_cancel(self) -> None:
        self.dismiss(None)
