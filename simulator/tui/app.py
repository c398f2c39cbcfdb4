"""The Textual app: screens, global keys, the palette's app commands, and navigation.

Screens post messages up (start this client, the session ended, rewind to step k) and the
app moves between screens; it never computes a response or a score itself.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from simulator.tui.cases import CaseLoadError, CaseRequest, find_cases_dir
from simulator.tui.css_cache import share_parsed_css
from simulator.tui.screens.home import HomeScreen
from simulator.tui.sizing import fit, watch_size
from simulator.tui.store import Store, StoreError

if TYPE_CHECKING:
    from simulator.domain.case import Case
    from simulator.tui.cases import LibraryEntry
    from simulator.tui.practice import Practice
    from simulator.tui.screens.briefing import BriefingScreen
    from simulator.tui.screens.debrief import DebriefScreen
    from simulator.tui.screens.session import SessionScreen

SEED_RANGE = 1_000_000


def random_seed() -> int:
    return secrets.randbelow(SEED_RANGE)


class MassageSimApp(App[int]):
    """massage-sim: practise sessions with virtual clients, and learn from the debrief."""

    # Home is the default screen, shown before any push: its stylesheet loads with the app's;
    # every other screen loads its own (screens/*.tcss) the first time it is shown.
    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", "screens/home.tcss"]
    TITLE = "massage-sim"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", key_display="F1"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", key_display="^q"),
    ]

    def __init__(
        self,
        case: Case | None = None,
        seed: int = 0,
        *,
        reveal: bool = False,
        store: Store | None = None,
        cases_dir: Path | None = None,
        seed_source: Callable[[], int] = random_seed,
        case_folders: Sequence[Path] = (),
        served: bool = False,
        visits: int | None = None,
    ) -> None:
        """`served` is one browser of `massage-sim serve`: no file dialog, and cases only
        from the library and the instructor's `case_folders` (simulator/tui/serve.py).
        `visits`: every start is a course of that many visits (Home's c changes it)."""
        super().__init__()
        share_parsed_css(self)
        self.start_case = case
        self.start_seed = seed
        self.reveal = reveal
        self.store = store if store is not None else Store()
        self.cases_dir = cases_dir if cases_dir is not None else find_cases_dir()
        self.seed_source = seed_source
        self.case_folders = tuple(case_folders)
        self.served = served
        self.visits = visits

    def get_default_screen(self) -> Screen[None]:
        return HomeScreen(self.store, files=not self.served, visits=self.visits)

    def on_mount(self) -> None:
        if self.served:
            from simulator.tui.served import browser_safe_icons

            browser_safe_icons(self)
        watch_size(self)
        if self.start_case is not None:
            self.open_briefing(self.start_case, self.start_seed, "command line")

    def on_resize(self, event: events.Resize) -> None:
        fit(self, event.size)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Home", "Back to the home screen (sessions are saved)", self.go_home)
        yield SystemCommand("Help", "Keys, screens and how to read the body map", self.action_help)
        yield SystemCommand(
            "New random client", "Start a session with a client from the case mix", self.new_random
        )

    # navigation ---------------------------------------------------------------------------

    def go_home(self) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def new_random(self) -> None:
        self.go_home()
        self.resolve_case(CaseRequest("random"))

    def open_briefing(self, case: Case, seed: int, origin: str, *, picked: bool = False) -> None:
        """`picked`: chosen on Home (a file, the library, a random client), where a case
        file that pins its visits (`course: visits: N`) is a course of that many whatever
        Home's c says: its author wrote the course. From the command line, its options rule."""
        from simulator.tui.screens.briefing import BriefingScreen

        visits = self.visits
        if picked:
            from simulator.engine.course import pinned_visits

            visits = pinned_visits(case) or visits
        self.push_screen(BriefingScreen(case, seed, origin=origin, visits=visits))

    def open_practice(self, practice: Practice, *, replace: bool = False) -> None:
        """The session screen for an unfinished practice, the debrief for a finished one."""
        screen: SessionScreen | DebriefScreen
        if practice.ended:
            from simulator.tui.screens.debrief import DebriefScreen

            screen = DebriefScreen(practice)
        else:
            from simulator.tui.screens.session import SessionScreen

            screen = SessionScreen(practice, reveal=self.reveal)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        if practice.save_error:
            self.notify(practice.save_error, title="Not saved", severity="error")

    @work(exclusive=True, group="case")
    async def resolve_case(self, request: CaseRequest, origin: str = "") -> None:
        """Make the requested client in a thread (the generator's first import is slow);
        `origin`, when given, says how it was chosen instead of the file's name."""
        from simulator.tui.cases import allowed_files, resolve

        seed = self.seed_source()

        def make() -> tuple[Case, str]:
            allowed = allowed_files(self.cases_dir, self.case_folders) if self.served else None
            return resolve(request, seed, self.cases_dir, allowed)

        try:
            case, found = await asyncio.to_thread(make)
        except CaseLoadError as error:
            self.notify("\n".join(error.problems[:5]), title="Cannot load", severity="error")
            return
        self.open_briefing(case, seed, origin or found, picked=True)

    # messages from the screens ------------------------------------------------------------

    @on(HomeScreen.Start)
    def _start(self, message: HomeScreen.Start) -> None:
        self.resolve_case(message.request)

    @on(HomeScreen.CourseChosen)
    def _course(self, message: HomeScreen.CourseChosen) -> None:
        self.visits = message.visits

    @on(HomeScreen.ShowLibrary)
    def _library(self) -> None:
        from simulator.tui.screens.library import LibraryScreen, label

        def chosen(entry: LibraryEntry | None) -> None:
            if entry is not None:
                number = screen.entries.index(entry)
                origin = f"case library: {label(number, entry).lower()}"
                self.resolve_case(CaseRequest("file", str(entry.path)), origin)

        screen = LibraryScreen(self.cases_dir, self.case_folders, usable_only=self.served)
        self.push_screen(screen, chosen)

    @on(HomeScreen.OpenFile)
    def _open_file(self) -> None:
        from simulator.tui.screens.open_file import OpenFileDialog

        if self.served:  # a browser never sees the server's files
            return
        seed = self.seed_source()

        def opened(result: tuple[Case, str] | None) -> None:
            if result is not None:
                self.open_briefing(result[0], seed, result[1], picked=True)

        self.push_screen(OpenFileDialog(seed, self.cases_dir), opened)

    @on(HomeScreen.Open)
    def _open_saved(self, message: HomeScreen.Open) -> None:
        from simulator.tui.practice import Practice

        try:
            journal = self.store.load(message.journal_id)
            practice = Practice.resume(journal, self.store)
        except (StoreError, ValueError) as error:
            self.notify(str(error), title="Cannot open", severity="error")
            return
        self.open_practice(practice)

    def on_briefing_screen_begin(self, message: BriefingScreen.Begin) -> None:
        from simulator.tui.practice import Practice

        practice = Practice.begin(
            message.case, message.seed, self.store, origin=message.origin, visits=message.visits
        )
        self.open_practice(practice, replace=True)

    def on_session_screen_ended(self, message: SessionScreen.Ended) -> None:
        from simulator.tui.practice import Practice

        assert isinstance(message.practice, Practice)  # this app's sessions are practices
        self.open_practice(message.practice, replace=True)

    def on_debrief_screen_rewind(self, message: DebriefScreen.Rewind) -> None:
        branch = message.practice.rewind(message.keep, message.visit)
        self.open_practice(branch, replace=True)
        self.notify(
            f"Rewound to just before step {message.keep + 1}: a new branch is saved.",
            title="Rewind",
        )

    # actions ------------------------------------------------------------------------------

    def action_help(self) -> None:
        from simulator.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(None if self.served else self.store.sessions))
