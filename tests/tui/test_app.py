"""The real app driven by keys and clicks through Textual's Pilot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Input, OptionList, TabbedContent

from simulator.domain.actions import action_to_line
from simulator.domain.case import Case
from simulator.domain.ids import Reach, Region, Technique
from simulator.knowledge.words import SOURCE_LABEL
from simulator.tui.app import MassageSimApp
from simulator.tui.screens.briefing import BriefingScreen
from simulator.tui.screens.choice import ChoiceDialog
from simulator.tui.screens.confirm import ConfirmDialog
from simulator.tui.screens.debrief import DebriefScreen
from simulator.tui.screens.help import HelpScreen
from simulator.tui.screens.home import HomeScreen
from simulator.tui.screens.session import SessionScreen
from simulator.tui.screens.treat import TreatDialog
from simulator.tui.store import Store, Summary
from simulator.tui.vocabulary import EFFECT_MARK
from simulator.tui.widgets.body_map import BodyMap
from simulator.tui.widgets.client_panel import ClientPanel
from simulator.tui.widgets.conversation import Conversation
from simulator.tui.widgets.timeline import Timeline

from .conftest import REPO, SIZE, enter_line, make_app, run, screen_text, type_text

HIDDEN_WORDS = ("effect", "▲ flare", "▼ relief", "irritability", "nerve sensitivity")


def lines_of(app: MassageSimApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    return [action_to_line(s.action) for s in screen.practice.steps]


def assert_nothing_hidden(app: MassageSimApp, case: Case) -> None:
    text = screen_text(app)
    assert case.hidden.source.value not in text
    assert SOURCE_LABEL[case.hidden.source] not in text
    for word in HIDDEN_WORDS:
        assert word not in text.lower(), word


async def choose(pilot: Any, words: str) -> None:
    """In an open ChoiceDialog: filter by words, Enter to choose the first match.

    The filter is set rather than typed: Pilot waits for idle after every key, and typing
    is tested once (the palette)."""
    dialog = pilot.app.screen
    assert isinstance(dialog, ChoiceDialog)
    dialog.query_one("#choice-filter", Input).value = words
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def begin(pilot: Any) -> SessionScreen:
    assert isinstance(pilot.app.screen, BriefingScreen)
    await pilot.click("#briefing-begin")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    return screen


@run
async def test_a_complete_session_with_a_flare_by_keys_and_clicks(
    store: Store, flare_case: Case
) -> None:
    app = make_app(store, flare_case)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert_nothing_hidden(app, flare_case)  # the briefing
        session = await begin(pilot)
        await pilot.press("a")
        await choose(pilot, "radiation")
        await pilot.press("c")
        await pilot.click("#act-palpate")  # the mouse
        await pilot.pause()
        await choose(pilot, "pir")
        await pilot.press("t")
        await choose(pilot, "slr")
        assert_nothing_hidden(app, flare_case)
        # heavy friction through the treat dialog: technique, region, pressure 5, minutes
        await pilot.press("m")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TreatDialog)
        techniques = dialog.query_one("#treat-technique", OptionList)
        techniques.highlighted = list(Technique).index(Technique.FRICTION)
        regions = dialog.query_one("#treat-region", OptionList)
        regions.highlighted = list(Region).index(Region.DEEP_ROTATORS)
        await pilot.press("5")
        minutes = dialog.query_one("#treat-minutes", Input)
        minutes.value = "6"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("c")  # check in: the client says how far it goes now
        await pilot.pause()
        assert lines_of(app) == [
            "ask radiation",
            "check_in",
            "palpate deep_rotators",
            "test slr",
            "treat friction deep_rotators 5 6",
            "check_in",
        ]
        record = session.query_one(BodyMap).record
        assert record is not None and record.reach is not None
        assert record.reach.level > Reach.THIGH.level and record.reach_trend == 1
        assert "▼ spreading" in screen_text(app)
        assert "● deep rotators" in screen_text(app)  # palpated, familiar pain
        assert session.query_one(ClientPanel).record == record
        assert_nothing_hidden(app, flare_case)
        # end by key, confirm by click
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm-yes")
        await pilot.pause()
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        text = screen_text(app)
        assert flare_case.hidden.source.value in text and "high" in text
        await pilot.press("3")
        await pilot.pause()
        timeline = debrief.query_one(Timeline).data
        assert timeline is not None
        assert any(m.effect is not None and m.effect.value == "flare" for m in timeline.moments)
        assert EFFECT_MARK[timeline.moments[4].effect or "neutral"] in screen_text(app)
        table = debrief.query_one("#rubric-table", DataTable)
        assert table.row_count == len(debrief.result.items)
        await pilot.press("4")
        await pilot.pause()
        assert "What the expert did" in screen_text(app)
        assert debrief.expert[1].total > debrief.result.total
    saved = [e for e in store.entries() if isinstance(e, Summary)]
    assert len(saved) == 1 and saved[0].finished and saved[0].steps == 7


@run
async def test_palette_fric_pir_3_finds_and_applies_friction(
    store: Store, flare_case: Case
) -> None:
    app = make_app(store, flare_case)
    async with app.run_test(size=SIZE) as pilot:
        await begin(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "fric pir 3")
        await pilot.pause(0.3)
        commands = app.screen.query_one(CommandList)
        first = str(commands.get_option_at_index(0).prompt)
        assert "treat friction deep_rotators 3 <minutes>" in first
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TreatDialog)
        assert isinstance(dialog.focused, Input) and dialog.focused.id == "treat-minutes"
        await type_text(pilot, "4")  # replaces the selected default
        await pilot.press("enter")
        await pilot.pause()
        assert lines_of(app) == ["treat friction deep_rotators 3 4"]
        # a complete line from the palette applies at once
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one(Input).value = "ask rad"
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert lines_of(app)[-1] == "ask radiation"


@run
async def test_rewind_branches_from_a_step(store: Store, flare_case: Case) -> None:
    app = make_app(store, flare_case)
    async with app.run_test(size=SIZE) as pilot:
        session = await begin(pilot)
        await enter_line(pilot, "ask radiation")
        await enter_line(pilot, "/palpate deep_rotators")  # a second "/" is forgiven
        await enter_line(pilot, "treat stripping deep_rotators 5 5")
        await pilot.pause()
        original = session.practice
        session.perform(original.steps[0].action.model_copy())  # any fourth step
        await pilot.press("escape")  # leave the action line
        await pilot.press("ctrl+d", "y")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press("r")  # the rewind tab
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "rewind"
        await pilot.press("down", "down", "enter")  # before step 3: the stripping
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        branch = app.screen
        assert isinstance(branch, SessionScreen)
        assert lines_of(app) == ["ask radiation", "palpate deep_rotators"]
        assert [s.response for s in branch.practice.steps] == [
            s.response for s in original.steps[:2]
        ]
        assert len(branch.query_one(Conversation).entries) == 3  # briefing + two steps
        await enter_line(pilot, "treat compression glute_max 2 5")
        await pilot.pause()
        assert lines_of(app)[-1] == "treat compression glute_max 2 5"
        assert branch.practice.journal.parent == original.journal.id
    assert len(store.load(original.journal.id).actions) == 5  # the original is untouched


@run
async def test_resume_after_the_app_is_closed_mid_session(store: Store, flare_case: Case) -> None:
    app = make_app(store, flare_case)
    async with app.run_test(size=SIZE) as pilot:
        await begin(pilot)
        await pilot.press("a")
        await choose(pilot, "onset")
        await pilot.press("o")
        await choose(pilot, "sitting")
        await pilot.press("p")
        await choose(pilot, "glute max")
        done = lines_of(app)
        await pilot.press("ctrl+q")  # quit mid-session: nothing to save by hand
    assert done == ["ask onset", "observe sitting", "palpate glute_max"]

    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "● in progress" in screen_text(app)
        table = home.query_one("#sessions", DataTable)
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        assert lines_of(app) == done
        assert session.query_one(ClientPanel).record == session.record
        await pilot.press("c", "ctrl+d", "y")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "✓ finished" in screen_text(app)


@run
async def test_home_starts_clients_every_way(
    store: Store, tmp_path: Path, flare_case: Case
) -> None:
    from simulator.authoring.loading import case_to_yaml

    cases = tmp_path / "cases"
    (cases / "blueprints").mkdir(parents=True)
    (cases / "library").mkdir()
    for name in ("deep_gluteal.yaml", "posterior_chain.yaml"):
        (cases / "blueprints" / name).write_text((REPO / "cases/blueprints" / name).read_text())
    (cases / "library" / "pinned.yaml").write_text(case_to_yaml(flare_case))
    (cases / "library" / "broken.yaml").write_text("id: [\n")
    app = make_app(store, cases_dir=cases)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.seed == 7
        await pilot.press("escape")
        await pilot.press("s")
        await choose(pilot, "posterior")
        await app.workers.wait_for_complete()
        await pilot.pause()
        briefing = app.screen
        assert isinstance(briefing, BriefingScreen)
        assert briefing.case.hidden.source.value == "posterior_chain"
        await pilot.press("escape", "d")
        await choose(pilot, "high")
        await app.workers.wait_for_complete()
        await pilot.pause()
        briefing = app.screen
        assert isinstance(briefing, BriefingScreen)
        assert briefing.case.hidden.irritability.value == "high"
        await pilot.press("escape", "l")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        library = app.screen.query_one("#library-table", DataTable)
        assert library.row_count == 4
        text = screen_text(app)
        # before play, neither a file's name nor its title: both may name the hidden source
        assert "pinned" not in text and "deep_gluteal" not in text and "posterior" not in text
        assert flare_case.title not in text
        p = flare_case.persona
        assert f"Case 2 {p.name}, {p.age}, {p.occupation}" in " ".join(text.split())
        assert "Blueprint 3" in text and "Blueprint 4" in text
        assert "library/broken.yaml" in text and "✗" in text  # unplayable: named to be fixed
        assert str(tmp_path) not in text  # names are relative to the library
        await pilot.press("down", "enter")  # library/pinned.yaml (broken.yaml sorts first)
        await app.workers.wait_for_complete()
        await pilot.pause()
        briefing = app.screen
        assert isinstance(briefing, BriefingScreen)
        assert briefing.case == flare_case
        assert briefing.origin == "case library: case 2"
        # the blueprint for a source comes from the library when it has one
        await pilot.press("escape", "s")
        await choose(pilot, "deep gluteal")
        await app.workers.wait_for_complete()
        await pilot.pause()
        briefing = app.screen
        assert isinstance(briefing, BriefingScreen)
        assert briefing.case.id.startswith("deep_gluteal-")


@run
async def test_open_file_lists_every_problem_then_opens(
    store: Store, tmp_path: Any, flare_case: Case
) -> None:
    from simulator.authoring.loading import case_to_yaml

    bad = tmp_path / "bad.yaml"
    bad.write_text("id: Bad Id\npersona: {}\nhidden: {}\n")
    good = tmp_path / "good.yaml"
    good.write_text(case_to_yaml(flare_case))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("#open-path", Input).value = str(bad)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        problems = str(app.screen.query_one("#open-problems").render())
        assert problems.count("✗") >= 2 and "bad.yaml:" in problems
        field = app.screen.query_one("#open-path", Input)
        field.value = str(good)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        briefing = app.screen
        assert isinstance(briefing, BriefingScreen)
        assert briefing.case == flare_case


@run
async def test_a_corrupt_journal_is_listed_not_fatal(store: Store, flare_case: Case) -> None:
    store.sessions.mkdir(parents=True)
    (store.sessions / "torn.json").write_text('{"version": 1, "id": "torn", "cr')
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "torn.json" in text and "✗ unreadable" in text and "not JSON" in text
        app.screen.query_one("#sessions", DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("not JSON" in str(n.message) for n in app._notifications)


@run
async def test_action_line_checks_lines_and_the_body_map_takes_clicks(
    store: Store, flare_case: Case
) -> None:
    app = make_app(store, flare_case)
    async with app.run_test(size=SIZE) as pilot:
        session = await begin(pilot)
        await enter_line(pilot, "treat compression glute_max 9 5")
        await pilot.pause()
        assert "pressure must be a whole number 1-5" in screen_text(app)
        assert session.practice.steps == []
        line = session.query_one("#line-input", Input)
        line.value = "ask onset"
        await pilot.press("enter")
        await pilot.pause()
        assert lines_of(app) == ["ask onset"]
        await pilot.press("escape")  # back to the conversation
        # click the calf's row on the body map, then "Palpate"
        body = session.query_one(BodyMap)
        from simulator.tui.widgets.body_map import ROW_OF

        await pilot.click(BodyMap, offset=(30, ROW_OF[Region.CALF] + 1))
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert lines_of(app)[-1] == "palpate calf"
        assert body.record is not None and Region.CALF in body.record.palpated


@run
async def test_help_and_instructor_view(store: Store, flare_case: Case) -> None:
    app = make_app(store, flare_case, reveal=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "massage-sim: help" in screen_text(app)
        await pilot.press("escape")
        await begin(pilot)
        # reveal: an instructor play-testing the case sees the hidden state on purpose
        assert flare_case.hidden.source.value in screen_text(app)


@run
async def test_home_lists_the_first_session_once_there_is_one(
    store: Store, flare_case: Case
) -> None:
    app = make_app(store, flare_case)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen_stack[0]
        assert isinstance(home, HomeScreen)
        assert not home.query("#sessions")  # nothing to list: no empty table is built
        assert not home.query_one("#session-details").display
        assert "No sessions yet" in str(home.query_one("#sessions-hint").render())
        await pilot.click("#briefing-begin")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        app.go_home()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#sessions", DataTable)
        assert table.row_count == 1
        assert "● in progress" in screen_text(app)
        await pilot.press("x")  # the delete key finds the table that was added
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)


def test_the_home_screen_starts_without_the_domain_models(tmp_path: Path) -> None:
    """Start-up: pydantic and the case models load when a client or a session needs them,
    not to show Home (in a fresh interpreter, so nothing is imported already)."""
    import subprocess
    import sys

    code = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from simulator.tui.app import MassageSimApp\n"
        "from simulator.tui.store import Store\n"
        "async def main():\n"
        f"    app = MassageSimApp(store=Store(Path({str(tmp_path)!r})))\n"
        "    async with app.run_test(size=(120, 40)):\n"
        "        pass\n"
        "asyncio.run(main())\n"
        "print(sorted(m for m in ('pydantic', 'simulator.domain.case') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
