"""Screenshots of the four main screens, compared with the SVGs in __snapshots__/.

Fixed terminal size, a pinned case, fixed seeds, a fixed clock for the saved sessions and
UTC for showing them: nothing on these screens depends on the machine or the moment.
Regenerate after a deliberate change with `pytest tests/tui --snapshot-update`.
"""

from __future__ import annotations

from typing import Any

from simulator.domain.actions import parse_line
from simulator.domain.case import Case
from simulator.tui.practice import Practice
from simulator.tui.screens.session import SessionScreen
from simulator.tui.store import Store

from .conftest import SIZE, make_app, until

PLAY = (
    "ask radiation",
    "ask sitting_vs_walking",
    "observe sitting",
    "palpate deep_rotators",
    "test fair",
    "treat compression glute_max 2 4",
    "treat friction deep_rotators 4 5",
    "check_in",
)


async def begin_and_play(pilot: Any, lines: tuple[str, ...] = PLAY) -> None:
    await pilot.click("#briefing-begin")
    await until(
        pilot,
        lambda: isinstance(pilot.app.screen, SessionScreen) and pilot.app.screen.is_mounted,
        "the session",
    )
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    for line in lines:
        screen.perform(parse_line(line))
    await pilot.pause()


def test_home(snap_compare: Any, store: Store, flare_case: Case, utc: None) -> None:
    finished = Practice.begin(flare_case, 0, store, origin="case file pinned-client.yaml")
    for line in (*PLAY, "end"):
        finished.apply(parse_line(line))
    unfinished = Practice.begin(flare_case, 1, store, origin="random client from the mix")
    for line in PLAY[:3]:
        unfinished.apply(parse_line(line))
    assert snap_compare(make_app(store), terminal_size=SIZE)


def test_briefing(snap_compare: Any, store: Store, flare_case: Case) -> None:
    assert snap_compare(make_app(store, flare_case), terminal_size=SIZE)


def test_session(snap_compare: Any, store: Store, flare_case: Case) -> None:
    assert snap_compare(make_app(store, flare_case), terminal_size=SIZE, run_before=begin_and_play)


def test_debrief(snap_compare: Any, store: Store, flare_case: Case) -> None:
    async def finish(pilot: Any) -> None:
        await begin_and_play(pilot, (*PLAY, "end"))

    assert snap_compare(make_app(store, flare_case), terminal_size=SIZE, run_before=finish)


def test_debrief_timeline(snap_compare: Any, store: Store, flare_case: Case) -> None:
    async def finish(pilot: Any) -> None:
        await begin_and_play(pilot, (*PLAY, "treat stripping hamstrings 5 6", "check_in", "end"))
        await pilot.press("3")

    assert snap_compare(make_app(store, flare_case), terminal_size=SIZE, run_before=finish)
