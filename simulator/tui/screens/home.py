"""Home: start a practice session, open the case library, resume or review past sessions."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from simulator.tui.cases import CaseRequest
from simulator.tui.screens.choice import Choice, ChoiceDialog
from simulator.tui.screens.confirm import ConfirmDialog
from simulator.tui.store import Store, Summary, Unreadable

INTRO = (
    "Practise a full session with a virtual client whose real problem is hidden: take a "
    "history, observe, palpate, test, treat, watch the client respond and adapt, refer "
    "when it is not a massage case. The debrief reveals the problem and explains the score."
)
# menu id -> (key, words)
MENU: dict[str, tuple[str, str]] = {
    "random": ("n", "Random client (case mix)"),
    "source": ("s", "One hidden source…"),
    "difficulty": ("d", "Difficulty…"),
    "file": ("o", "Open a case file…"),
    "library": ("l", "Case library…"),
    "course": ("c", "Course of visits: off…"),
    "help": ("?", "Help"),
}
SOURCE_CHOICES = [
    Choice("lumbar_radicular", "nerve-root irritation from lumbar structures"),
    Choice("deep_gluteal", "compression around the deep hip rotators (piriformis)"),
    Choice("trigger_point", "referred pain from trigger points"),
    Choice("posterior_chain", "tension and overload through the posterior chain"),
    Choice("hip_flexor_pelvic", "sitting-related hip-flexor restriction"),
    Choice("red_flag", "a medical problem that must be referred"),
]
DIFFICULTY_CHOICES = [
    Choice("low", "low irritability: a wide tolerance window"),
    Choice("moderate", "moderate irritability"),
    Choice("high", "high irritability: easily flared, a narrow window"),
]


def _sessions_table() -> DataTable[str | Text]:
    table: DataTable[str | Text] = DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
    table.add_columns("Saved", "Client", "Steps", "Status", "Score")
    return table


def when(moment: datetime) -> str:
    """A saved time in the machine's local time, to the minute."""
    return moment.astimezone().strftime("%d %b %Y %H:%M")


class HomeScreen(Screen[None]):
    # the start menu shows its own keys beside each entry: the footer keeps its room for the
    # keys shown nowhere else (delete, quit, help) at every terminal size
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "start('random')", "Random client", show=False),
        Binding("s", "choose_source", "Source", show=False),
        Binding("d", "choose_difficulty", "Difficulty", show=False),
        Binding("o", "open_file", "Open file", show=False),
        Binding("l", "library", "Library", show=False),
        Binding("c", "choose_course", "Course", show=False),
        Binding("x,delete", "delete", "Delete session"),
    ]

    class Start(Message):
        """Start a practice session with the client the request describes."""

        def __init__(self, request: CaseRequest) -> None:
            self.request = request
            super().__init__()

    class Open(Message):
        """Resume (unfinished) or review (finished) a saved session."""

        def __init__(self, journal_id: str) -> None:
            self.journal_id = journal_id
            super().__init__()

    class ShowLibrary(Message):
        pass

    class CourseChosen(Message):
        """Every start from now on is a course of `visits` visits (None: single sessions)."""

        def __init__(self, visits: int | None) -> None:
            self.visits = visits
            super().__init__()

    class OpenFile(Message):
        pass

    def __init__(self, store: Store, *, files: bool = True, visits: int | None = None) -> None:
        """`files`: offer to open a case file by path (never in a served browser);
        `visits`: starts are courses of that many visits (None: single sessions)."""
        super().__init__()
        self.store = store
        self.files = files
        self.visits = visits
        self.rows: dict[str, Summary | Unreadable] = {}
        self.entries: list[Summary | Unreadable] = []

    def compose(self) -> ComposeResult:
        self.sub_title = "Home"
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="home-start") as start:
                start.border_title = "Start a practice session"
                yield Static(INTRO, id="home-intro")
                yield OptionList(
                    *(
                        Option(self._menu_prompt(name), id=name)
                        for name in MENU
                        if self.files or name != "file"
                    ),
                    id="start-menu",
                )
            with Vertical(id="home-sessions") as sessions:
                sessions.border_title = "Your sessions"
                # the table is built once there is a session to list: an empty one cost a
                # fifth of the app's start-up, to show column names over nothing
                self.entries = self.store.entries()
                if self.entries:
                    yield _sessions_table()
                details = Static("", id="session-details")
                details.display = bool(self.entries)
                yield details
                yield Label("", id="sessions-hint")
        yield Footer()

    def _menu_prompt(self, name: str) -> Text:
        key, words = MENU[name]
        if name == "course" and self.visits is not None:
            words = f"Course of visits: {self.visits}…"
        return Text.assemble((f" {key} ", "bold reverse"), f"  {words}")

    def on_mount(self) -> None:
        self.reload(self.entries)
        self.query_one("#start-menu", OptionList).focus()

    async def on_screen_resume(self) -> None:
        entries = self.store.entries()
        if entries and not self.query("#sessions"):  # the first session: list it from now
            details = self.query_one("#session-details", Static)
            await self.query_one("#home-sessions").mount(_sessions_table(), before=details)
            details.display = True
        self.reload(entries)

    def reload(self, entries: list[Summary | Unreadable] | None = None) -> None:
        """Re-read the journals (unless just read) and list them, newest first; broken
        files last."""
        if entries is None:
            entries = self.store.entries()
        self.rows = {}
        tables = self.query("#sessions").results(DataTable)
        table: DataTable[str | Text] | None = next(iter(tables), None)
        if table is not None:
            table.clear()
        for entry in entries:
            if table is None:  # cannot be: a session makes the table (on_screen_resume)
                break
            if isinstance(entry, Unreadable):
                key = f"bad:{entry.name}"
                table.add_row("", entry.name, "", "✗ unreadable", "", key=key)
            else:
                key = entry.id
                status = "✓ finished" if entry.finished else "● in progress"
                if entry.visits is not None:  # a course: how far it has come
                    status = (
                        f"✓ course of {entry.visits}" if entry.finished else f"● {entry.progress}"
                    )
                if entry.branched:
                    status += " ↶"
                score = "—"
                if entry.total is not None:
                    score = f"{entry.total:g} " + ("✓ pass" if entry.passed else "✗ fail")
                table.add_row(
                    when(entry.updated),
                    entry.client,
                    str(entry.steps),
                    status,
                    score,
                    key=key,
                )
            self.rows[key] = entry
        hint = self.query_one("#sessions-hint", Label)
        if not entries:
            hint.update("No sessions yet. Press n for a random client.")
        else:
            hint.update("Enter: resume ● or review ✓ · x: delete · ↶ a rewound branch")
        self._show_details(next(iter(self.rows.values()), None))

    @on(DataTable.RowHighlighted, "#sessions")
    def _session_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_details(self.rows.get(str(event.row_key.value)))

    def _show_details(self, entry: Summary | Unreadable | None) -> None:
        """The highlighted session in a sentence: how the client was chosen, or why a file
        cannot be read."""
        details = self.query_one("#session-details", Static)
        if entry is None:
            details.update("")
        elif isinstance(entry, Unreadable):
            details.update(Text(f"✗ {entry.name}: {entry.reason}"))
        else:
            text = Text()
            text.append(f"{entry.client}", style="bold")
            if entry.title and entry.finished:  # a title can name the hidden source
                text.append(f" · {entry.title}")
            # imported here: knowledge.words brings the domain models (pydantic), which a
            # home screen with no session to describe never needs at start-up
            from simulator.knowledge.words import plural

            text.append(f"\n{entry.origin or 'chosen by hand'} · {plural(entry.steps, 'step')}")
            if entry.visits is not None:
                text.append(f" · a course, {entry.progress}")
            if entry.branched:
                text.append(" · ↶ rewound from an earlier session")
            details.update(text)

    # starting ---------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#start-menu")
    async def _menu(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id
        if choice == "random":
            self.action_start("random")
        elif choice == "source":
            self.action_choose_source()
        elif choice == "difficulty":
            self.action_choose_difficulty()
        elif choice == "file":
            self.action_open_file()
        elif choice == "library":
            self.action_library()
        elif choice == "course":
            self.action_choose_course()
        elif choice == "help":
            await self.run_action("app.help")

    def action_start(self, kind: str) -> None:
        if kind == "random":
            self.post_message(self.Start(CaseRequest("random")))

    def action_choose_source(self) -> None:
        def chosen(value: str | None) -> None:
            if value:
                self.post_message(self.Start(CaseRequest("source", value)))

        self.app.push_screen(ChoiceDialog("Practise one hidden source", SOURCE_CHOICES), chosen)

    def action_choose_difficulty(self) -> None:
        def chosen(value: str | None) -> None:
            if value:
                self.post_message(self.Start(CaseRequest("difficulty", value)))

        self.app.push_screen(
            ChoiceDialog("How irritable should the client be?", DIFFICULTY_CHOICES), chosen
        )

    def action_choose_course(self) -> None:
        """A single session, or a course of 2-4 visits for every start from now on."""
        from simulator.knowledge.course import VISITS_DEFAULT, VISITS_MAX, VISITS_MIN

        # the default first, so Enter at once starts courses of the usual length
        order = [
            VISITS_DEFAULT,
            *(n for n in range(VISITS_MIN, VISITS_MAX + 1) if n != VISITS_DEFAULT),
        ]
        choices = [
            Choice(
                str(n),
                f"A course of {n} visits, a few days apart",
                "✓ now" if self.visits == n else "default" if n == VISITS_DEFAULT else "",
            )
            for n in order
        ]
        choices.append(Choice("single", "Single sessions", "✓ now" if self.visits is None else ""))

        def chosen(value: str | None) -> None:
            if value is None:
                return
            self.visits = None if value == "single" else int(value)
            menu = self.query_one("#start-menu", OptionList)
            menu.replace_option_prompt("course", self._menu_prompt("course"))
            self.post_message(self.CourseChosen(self.visits))

        self.app.push_screen(
            ChoiceDialog("Single sessions, or a course of visits with each client?", choices),
            chosen,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.files or action != "open_file"

    def action_open_file(self) -> None:
        if self.files:
            self.post_message(self.OpenFile())

    def action_library(self) -> None:
        self.post_message(self.ShowLibrary())

    # past sessions ----------------------------------------------------------------------

    @on(DataTable.RowSelected, "#sessions")
    def _session_chosen(self, event: DataTable.RowSelected) -> None:
        entry = self.rows.get(str(event.row_key.value))
        if isinstance(entry, Unreadable):
            self.notify(f"{entry.name}: {entry.reason}", title="Cannot open", severity="error")
        elif entry is not None:
            self.post_message(self.Open(entry.id))

    def action_delete(self) -> None:
        if not self.rows:
            return
        table: DataTable[str | Text] = self.query_one("#sessions", DataTable)
        if table.cursor_row < 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        entry = self.rows.get(str(key))
        if entry is None:
            return
        name = entry.name if isinstance(entry, Unreadable) else f"{entry.client} ({entry.id})"

        def answered(yes: bool | None) -> None:
            if not yes or entry is None:
                return
            if isinstance(entry, Unreadable):
                entry.path.unlink(missing_ok=True)
            else:
                self.store.delete(entry.id)
            self.reload()

        self.app.push_screen(
            ConfirmDialog("Delete session", f"Delete the saved session {name}?", yes="Delete"),
            answered,
        )
