"""Hostile action lines in the app: a number past Python's 4,300-digit limit, or digits
int() refuses, is an error in the action line, and the session carries on."""

from __future__ import annotations

from textual.widgets import Input

from simulator.domain.case import Case
from simulator.tui.screens.briefing import BriefingScreen
from simulator.tui.screens.session import SessionScreen
from simulator.tui.store import Store
from simulator.tui.vocabulary import search_actions

from .conftest import SIZE, enter_line, make_app, run, screen_text

HUGE = "9" * 5000


@run
async def test_a_huge_number_in_the_action_line_is_an_error_and_the_session_goes_on(
    store: Store, flare_case: Case
) -> None:
    app = make_app(store, flare_case)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, BriefingScreen)
        await pilot.click("#briefing-begin")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        for line in (f"treat compression glute_max {HUGE} 5", "treat compression glute_max 3 ²"):
            await enter_line(pilot, line)
            assert app.is_running and app.screen is session
            text = screen_text(app)
            assert "must be a whole number" in text
            assert session.practice.steps == []
        session.query_one("#line-input", Input).value = "ask onset"
        await pilot.press("enter")
        await pilot.pause()
        assert len(session.practice.steps) == 1


def test_the_palette_search_takes_huge_and_odd_numbers() -> None:
    assert search_actions(f"fric pir {HUGE}") is not None
    assert search_actions("fric pir ² ١٢") is not None
