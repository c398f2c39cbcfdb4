"""Every screen at 80x24, 100x30 and 120x40: each action, the clock, End and Quit stay in
view; below 80x24 a message says how big the terminal must be."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widget import Widget

from simulator.assessment.run import ExamRun
from simulator.domain.actions import parse_line
from simulator.domain.case import Case
from simulator.knowledge.words import KIND_LABEL
from simulator.tui.exam_app import ExamApp
from simulator.tui.keys import ACTION_KEYS
from simulator.tui.practice import Practice
from simulator.tui.screens.debrief import DebriefScreen
from simulator.tui.screens.exam import ExamOverviewScreen
from simulator.tui.screens.home import HomeScreen
from simulator.tui.screens.session import SessionScreen
from simulator.tui.sizing import TooSmallScreen
from simulator.tui.store import Store

from .conftest import make_app, run, screen_text, shown, until
from .test_snapshots import PLAY, begin_and_play

SIZES = [(80, 24), (100, 30), (120, 40)]
SIZE_IDS = [f"{w}x{h}" for w, h in SIZES]


def in_view(widget: Widget) -> bool:
    """The whole widget is on the screen (not cut by the terminal's edge)."""
    screen = widget.screen.region
    region = widget.region
    return bool(region.area) and screen.contains_region(region)


def footer_line(app: Any) -> str:
    line: str = screen_text(app).splitlines()[-1]
    return line


async def footer_keys(pilot: Any) -> str:
    """The footer's line, once drawn (it is composed again after a screen's bindings change)."""
    await until(pilot, lambda: bool(footer_line(pilot.app).strip()), "a footer")
    return footer_line(pilot.app)


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .test_exam_app import EXAM, build

    return build(EXAM, tmp_path_factory.mktemp("packs"))


@pytest.fixture
def exam_run(packs: Path) -> Iterator[ExamRun]:
    from .test_exam_app import STUDENT

    with ExamRun.open(packs / f"{STUDENT}.pack") as opened:
        yield opened


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@run
async def test_home_shows_the_menu_the_sessions_and_quit(
    size: tuple[int, int], store: Store, flare_case: Case
) -> None:
    practice = Practice.begin(flare_case, 0, store, origin="a test")
    practice.apply(parse_line("ask onset"))
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        menu = ("Random client", "One hidden source", "Case library", "Help")
        await shown(pilot, *menu, "Taylor Benjamin", "in progress")
        assert "^q Quit" in await footer_keys(pilot)
        assert in_view(app.screen.query_one("#start-menu"))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@run
async def test_the_briefing_and_its_buttons_fit(
    size: tuple[int, int], store: Store, flare_case: Case
) -> None:
    app = make_app(store, flare_case)
    async with app.run_test(size=size) as pilot:
        await shown(pilot, "Session clock")
        for button in ("#briefing-begin", "#briefing-back"):
            assert in_view(app.screen.query_one(button))
        assert "^q Quit" in await footer_keys(pilot)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@run
async def test_the_session_keeps_every_action_the_clock_and_end_in_view(
    size: tuple[int, int], store: Store, flare_case: Case
) -> None:
    app = make_app(store, flare_case)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await begin_and_play(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)

        async def everything_reachable() -> None:
            text = screen_text(app)
            assert "Clock" in text and "of 60 min left" in text
            for kind, key in ACTION_KEYS.items():
                assert in_view(screen.query_one(f"#act-{kind}")), kind
                assert f"{key.display} {KIND_LABEL[kind]}" in text, kind
            assert in_view(screen.query_one("#line-input"))
            footer = await footer_keys(pilot)
            assert "^q Quit" in footer and "esc Home" in footer

        await everything_reachable()
        text = await shown(pilot, "CHECK IN")  # the latest step of the conversation is in view
        if size != (120, 40):  # compact: the body map in place of the conversation
            assert "Body map · posterior" not in text
            await pilot.press("b")
            await shown(pilot, "Body map · posterior")
            await everything_reachable()
            await pilot.press("b")
            await shown(pilot, "CHECK IN")
        else:
            assert "Body map · posterior" in text
            assert "b Body map" not in await footer_keys(pilot)  # the map is always there


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@run
async def test_the_debrief_tabs_home_and_quit_are_in_view(
    size: tuple[int, int], store: Store, flare_case: Case
) -> None:
    app = make_app(store, flare_case)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await begin_and_play(pilot, (*PLAY, "end"))
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen), "the debrief")
        tabs = ("Summary 1", "Rubric 2", "Timeline 3", "Expert 4", "Rewind 5")
        await shown(pilot, *tabs, "The hidden problem")
        await until(pilot, lambda: "esc Home" in footer_line(app), "the debrief's footer")
        assert "^q Quit" in footer_line(app)
        await pilot.press("2")
        table = app.screen.query_one("#rubric-table")
        await until(pilot, lambda: in_view(table), "the rubric table in view")
        await shown(pilot, "Teaching point")  # the detail beside or under the table


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@run
async def test_the_exam_overview_offers_the_next_case_and_quit(
    size: tuple[int, int], exam_run: ExamRun
) -> None:
    app = ExamApp(exam_run, title=exam_run.pack.exam_title)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ExamOverviewScreen)
        assert in_view(app.screen.query_one("#exam-begin"))
        assert "^q Quit" in await footer_keys(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen), "the session")
        await shown(pilot, "Clock")
        assert in_view(app.screen.query_one("#act-end"))


@pytest.mark.parametrize("size", [(79, 24), (80, 23), (40, 12)], ids=["79x24", "80x23", "40x12"])
@run
async def test_below_80x24_a_message_asks_for_a_bigger_terminal(
    size: tuple[int, int], store: Store, flare_case: Case
) -> None:
    app = make_app(store, flare_case)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        text = " ".join(screen_text(app).split())
        assert f"This terminal is {size[0]}x{size[1]}" in text
        assert "at least 80x24" in text
        await pilot.press("escape")  # only a bigger terminal closes it
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)
        assert in_view(app.screen.query_one("#briefing-begin"))


@run
async def test_the_exam_app_says_so_too(exam_run: ExamRun) -> None:
    app = ExamApp(exam_run, title=exam_run.pack.exam_title)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, ExamOverviewScreen)
