"""The small things a user met (issue 13): each with the keys or clicks that showed it."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import DataTable, Input, TabbedContent

from simulator.domain.actions import action_to_line, parse_line
from simulator.domain.case import Case
from simulator.tui.practice import Practice
from simulator.tui.screens.confirm import ConfirmDialog
from simulator.tui.screens.debrief import DebriefScreen
from simulator.tui.screens.home import HomeScreen
from simulator.tui.screens.session import SessionScreen
from simulator.tui.screens.treat import TreatDialog
from simulator.tui.store import Store
from simulator.tui.widgets.conversation import Conversation

from .conftest import enter_line, make_app, run, screen_text
from .test_snapshots import PLAY, begin_and_play

SMALL = (80, 24)
ROOMY = (120, 40)


def steps_of(app: Any) -> list[str]:
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    return [action_to_line(s.action) for s in screen.practice.steps]


def at_latest_step(conversation: Conversation) -> bool:
    return conversation.max_scroll_y > 0 and conversation.scroll_y == conversation.max_scroll_y


@run
async def test_ctrl_d_ends_the_session_from_the_action_line(store: Store, flare_case: Case) -> None:
    app = make_app(store, flare_case)
    async with app.run_test(size=ROOMY) as pilot:
        await begin_and_play(pilot, ("ask onset",))
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)


@run
async def test_debrief_tab_keys_work_from_inside_a_table(store: Store, flare_case: Case) -> None:
    app = make_app(store, flare_case)
    async with app.run_test(size=ROOMY) as pilot:
        await begin_and_play(pilot, (*PLAY, "end"))
        tabs = app.screen.query_one(TabbedContent)
        await pilot.press("2")
        app.screen.query_one("#rubric-table", DataTable).focus()
        await pilot.pause()
        for key, tab in (("3", "timeline"), ("1", "summary"), ("2", "rubric"), ("x", "expert")):
            if tab == "rubric":
                await pilot.press(key)
                app.screen.query_one("#rubric-table", DataTable).focus()
                await pilot.pause()
                continue
            await pilot.press(key)
            await pilot.pause()
            assert tabs.active == tab, key
        app.screen.query_one("#expert-steps", DataTable).focus()
        await pilot.press("r")
        await pilot.pause()
        assert tabs.active == "rewind"


@pytest.mark.parametrize("size", [SMALL, ROOMY], ids=["80x24", "120x40"])
@run
async def test_an_error_is_shown_whole(
    size: tuple[int, int], store: Store, flare_case: Case
) -> None:
    app = make_app(store, flare_case)
    async with app.run_test(size=size) as pilot:
        await begin_and_play(pilot, ())
        await enter_line(pilot, "educate nothing")
        text = " ".join(screen_text(app).split())
        assert "unknown topic 'nothing'; valid: expectations, self_care, referral_reason" in text
        assert steps_of(app) == []


@run
async def test_the_action_line_takes_the_palettes_words(store: Store, flare_case: Case) -> None:
    app = make_app(store, flare_case)
    async with app.run_test(size=ROOMY) as pilot:
        await begin_and_play(pilot, ())
        await enter_line(pilot, "treat longitudinal hamstrings 2 5")  # the treat dialog's word
        await enter_line(pilot, "palpate piriformis")
        await enter_line(pilot, "ask sitting")
        assert steps_of(app) == [
            "treat myofascial hamstrings 2 5",
            "palpate deep_rotators",
            "ask sitting_vs_walking",
        ]
        await enter_line(pilot, "palpate glute")  # three regions fit: ask, do nothing
        text = " ".join(screen_text(app).split())
        assert "did you mean: palpate glute_max, palpate glute_med, palpate glute_min" in text
        assert len(steps_of(app)) == 3
        await enter_line(pilot, "treat longitudinal hamstrings")  # no dose: the treat dialog
        dialog = app.screen
        assert isinstance(dialog, TreatDialog)
        assert (dialog.initial_technique, dialog.initial_region) == ("myofascial", "hamstrings")


@pytest.mark.parametrize("size", [SMALL, ROOMY], ids=["80x24", "120x40"])
@run
async def test_resume_and_rewind_show_the_latest_step(
    size: tuple[int, int], store: Store, flare_case: Case
) -> None:
    practice = Practice.begin(flare_case, 0, store, origin="a test")
    for line in PLAY:
        practice.apply(parse_line(line))
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.screen.query_one("#sessions", DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert at_latest_step(app.screen.query_one(Conversation))
        await pilot.press("ctrl+d", "y")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press("r", "end", "enter", "y")  # just before the last step (end)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert len(screen.practice.steps) == len(PLAY)
        assert at_latest_step(screen.query_one(Conversation))


@run
async def test_one_step_is_one_step(store: Store, flare_case: Case) -> None:
    practice = Practice.begin(flare_case, 0, store, origin="a test")
    practice.apply(parse_line("ask onset"))
    app = make_app(store)
    async with app.run_test(size=ROOMY) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "1 step" in text and "1 steps" not in text


@run
async def test_a_session_row_looks_chosen_only_when_enter_opens_it(
    store: Store, flare_case: Case
) -> None:
    first = Practice.begin(flare_case, 0, store, origin="a test")
    first.apply(parse_line("ask onset"))
    second = Practice.begin(flare_case, 1, store, origin="a test")
    second.apply(parse_line("ask location"))
    app = make_app(store)
    async with app.run_test(size=ROOMY) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#sessions", DataTable)
        assert app.focused is not table  # the start menu has the keys: Enter starts a client
        background = table.rich_style.bgcolor
        assert table.get_component_rich_style("datatable--cursor").bgcolor == background
        await pilot.press("tab", "down")
        assert app.focused is table
        assert table.get_component_rich_style("datatable--cursor").bgcolor != background
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert steps_of(app) == ["ask onset"]  # the row under the cursor: the older session


@pytest.mark.parametrize("size", [SMALL, ROOMY], ids=["80x24", "120x40"])
@run
async def test_the_impression_by_key_and_palette_and_beside_the_truth(
    size: tuple[int, int], store: Store, flare_case: Case
) -> None:
    from textual.command import CommandPalette

    from simulator.tui.screens.choice import ChoiceDialog

    app = make_app(store, flare_case)
    async with app.run_test(size=size) as pilot:
        await begin_and_play(pilot, ("ask radiation",))
        assert "i Impression" in screen_text(app).splitlines()[-1]
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        palette.query_one(Input).value = "impression"
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)  # the palette opened the dialog
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("i")
        assert isinstance(app.screen, ChoiceDialog)
        app.screen.query_one("#choice-filter", Input).value = "deep gluteal"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        app.screen.query_one("#choice-filter", Input).value = "moderate"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert steps_of(app)[-1] == "impression deep_gluteal moderate"
        await pilot.press("ctrl+d", "y")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        text = " ".join(screen_text(app).split())
        # the pinned client: deep gluteal, high irritability
        assert "Your impression ✓ deep gluteal, ✗ moderate irritability" in text
