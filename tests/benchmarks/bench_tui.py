"""TUI responsiveness: start-up beside a bare Textual app, and one action's screen update.

Run: python tests/benchmarks/bench_tui.py [--quick] [--screenshots DIR]

1. Start-up: headless, at 120x40, from creating the app to its first screen mounted and
   idle (Textual's `run_test` yields once the first screen has processed every pending
   message). Measured in this process (imports done) and as a fresh process (imports
   included), each beside a bare Textual app (Header, Static, Footer) in the same run.
   Target: at most 2x the bare app.
2. One action's screen update: from `SessionScreen.perform(action)` (engine step, journal
   written atomically with fsync, conversation, body map, clock panel) until the screen has
   processed the messages it caused and repainted twice (the second pass settles the
   scrollbars). The same wait with nothing to do is measured just before each action and
   subtracted: it is the cost of the harness walking the widget tree, not of the update.
   Target: median under 50 ms.

`--screenshots DIR` also writes SVG screenshots of the session and the debrief (summary and
timeline) for the README; they are the same every run (pinned case, seeds and clock).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from simulator.authoring.loading import load_case
from simulator.domain.actions import parse_line, parse_script
from simulator.domain.case import Case
from simulator.tui.app import MassageSimApp
from simulator.tui.screens.session import SessionScreen
from simulator.tui.store import Store

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "tests" / "tui" / "cases" / "pinned-client.yaml"
SIZE = (120, 40)
SCRIPT = """
ask onset
ask radiation
ask aggravating
ask sitting_vs_walking
ask bladder_bowel
ask saddle_numbness
ask weakness
ask pain_rating
observe sitting
palpate glute_max
palpate deep_rotators
palpate hamstrings
test slr
test fair
treat compression glute_max 2 4
check_in
treat friction deep_rotators 2 3
check_in
reassess fair
educate expectations
"""
# The README's story: a careful start, friction pressed too hard, a flare, a lighter plan.
SCREENSHOT_SCRIPT = (
    "ask radiation",
    "ask sitting_vs_walking",
    "ask bladder_bowel",
    "observe sitting",
    "palpate deep_rotators",
    "test fair",
    "treat compression glute_max 2 4",
    "treat friction deep_rotators 4 5",
    "check_in",
    "treat compression glute_med 1 4",
    "check_in",
)
BARE_APP = """
import time
start = time.perf_counter()
import asyncio
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("bare")
        yield Footer()

async def main():
    async with Bare().run_test(size=(120, 40)):
        print(time.perf_counter() - start)

asyncio.run(main())
"""
OUR_APP = """
import time
start = time.perf_counter()
import asyncio, sys
from pathlib import Path
from simulator.tui.app import MassageSimApp
from simulator.tui.store import Store

async def main():
    app = MassageSimApp(store=Store(Path(sys.argv[1])), seed_source=lambda: 0)
    async with app.run_test(size=(120, 40)):
        print(time.perf_counter() - start)

asyncio.run(main())
"""


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("bare")
        yield Footer()


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 14, 9, 26, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


async def started(make: Callable[[], App[Any]]) -> float:
    """Seconds from creating the app to its first screen ready."""
    start = time.perf_counter()
    app = make()
    async with app.run_test(size=SIZE):
        elapsed = time.perf_counter() - start
    return elapsed


def in_process(rounds: int, data: Path) -> tuple[float, float]:
    bare: list[float] = []
    ours: list[float] = []
    for _ in range(rounds):  # interleaved, so drift on the machine hits both alike
        bare.append(asyncio.run(started(Bare)))
        ours.append(asyncio.run(started(lambda: MassageSimApp(store=Store(data)))))
    return statistics.median(bare), statistics.median(ours)


def fresh_process(rounds: int, data: Path) -> tuple[float, float]:
    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", code, str(data)], check=True, capture_output=True, cwd=ROOT
        )
        return time.perf_counter() - start

    bare: list[float] = []
    ours: list[float] = []
    for _ in range(rounds):
        bare.append(run(BARE_APP))
        ours.append(run(OUR_APP))
    return statistics.median(bare), statistics.median(ours)


async def settle(pilot: Any) -> None:
    """Process what is queued and repaint, twice (follow-up refreshes such as scrolling)."""
    for _ in range(2):
        await pilot._wait_for_screen()
        pilot.app.screen._on_timer_update()


async def action_updates(case: Case, data: Path, rounds: int) -> tuple[float, float, int]:
    """Median ms per action update (net of the harness, sample by sample), median ms of the
    harness alone (the same wait with nothing to do, just before each action), sample size."""
    actions = parse_script(SCRIPT)
    updates: list[float] = []
    floor: list[float] = []
    for round_number in range(rounds):
        app = MassageSimApp(case, round_number, store=Store(data / f"r{round_number}"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.click("#briefing-begin")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            for action in actions:
                await pilot.pause()
                start = time.perf_counter()
                await settle(pilot)
                idle = time.perf_counter() - start
                start = time.perf_counter()
                screen.perform(action)
                await settle(pilot)
                updates.append(time.perf_counter() - start - idle)
                floor.append(idle)
    return statistics.median(updates) * 1000, statistics.median(floor) * 1000, len(updates)


async def screenshots(case: Case, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as folder:
        app = MassageSimApp(case, 0, store=Store(Path(folder), clock=Clock()))
        async with app.run_test(size=SIZE) as pilot:

            async def shoot(name: str, then: Callable[[], Awaitable[None]] | None = None) -> None:
                if then is not None:
                    await then()
                await pilot.pause()
                path = out / name
                path.write_text(app.export_screenshot(title="massage-sim"), encoding="utf-8")
                written.append(path)

            await pilot.click("#briefing-begin")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            for line in SCREENSHOT_SCRIPT:
                screen.perform(parse_line(line))
            await shoot("session.svg")
            screen.perform(parse_line("end"))
            await pilot.pause()
            await shoot("debrief.svg")
            await shoot("debrief-timeline.svg", lambda: pilot.press("3"))
            await shoot("debrief-rubric.svg", lambda: pilot.press("2"))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (CI)")
    parser.add_argument("--screenshots", type=Path, help="write SVG screenshots here")
    args = parser.parse_args()
    rounds = 3 if args.quick else 7
    case = load_case(CASE)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        bare, ours = in_process(rounds, data / "start")
        print(
            f"start-up, in process:   bare Textual app {bare * 1000:6.1f} ms, "
            f"massage-sim {ours * 1000:6.1f} ms, ratio {ours / bare:.2f}x (target <= 2x)"
        )
        bare, ours = fresh_process(max(2, rounds // 2), data / "fresh")
        print(
            f"start-up, new process:  bare Textual app {bare * 1000:6.1f} ms, "
            f"massage-sim {ours * 1000:6.1f} ms, ratio {ours / bare:.2f}x (imports included)"
        )
        median, floor, count = asyncio.run(
            action_updates(case, data / "actions", 1 if args.quick else 3)
        )
        print(
            f"one action's screen update: median {median:5.1f} ms over {count} actions, "
            f"net of the measuring harness ({floor:4.1f} ms alone); target < 50 ms"
        )
    if args.screenshots:
        for path in asyncio.run(screenshots(case, args.screenshots)):
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
