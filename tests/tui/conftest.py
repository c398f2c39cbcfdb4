"""Shared fixtures for the TUI tests: a journal store in a temporary folder, fixed cases,
and helpers to read what is on the screen.

pytest-asyncio is not used: each Pilot test is a sync test that runs its coroutine with
`asyncio.run` (see `run`).
"""

from __future__ import annotations

import asyncio
import functools
import io
import time
from collections.abc import Callable, Coroutine, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.app import App
from textual.widgets import Input

from simulator.domain.case import Case
from simulator.tui.app import MassageSimApp
from simulator.tui.store import DATA_ENV, Store

SIZE = (120, 40)
REPO = Path(__file__).resolve().parents[2]
# A pinned high-irritability, nerve-sensitive deep-gluteal client (drawn once from such a
# blueprint and saved): heavy friction on the deep rotators flares, and the hidden source
# id appears in no action id or label, so a leak test can look for it on screen.
PINNED_CASE = Path(__file__).with_name("cases") / "pinned-client.yaml"


class StepClock:
    """A clock that starts at a fixed time and ticks one second per reading."""

    def __init__(self, start: datetime = datetime(2026, 3, 14, 9, 26, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def run(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test body with asyncio.run (no pytest-asyncio here)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


def screen_text(app: App[Any]) -> str:
    """Everything on the screen (and the screens under a modal) as plain text."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


@pytest.fixture(autouse=True)
def _private_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test ever writes to the real user data folder."""
    monkeypatch.setenv(DATA_ENV, str(tmp_path_factory.mktemp("massage-sim-data")))


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Saved times are shown in local time: pin it to UTC for snapshots."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data", clock=StepClock())


@pytest.fixture(scope="session")
def flare_case() -> Case:
    from simulator.authoring.loading import load_case

    return load_case(PINNED_CASE)


def make_app(store: Store, case: Case | None = None, seed: int = 0, **kwargs: Any) -> MassageSimApp:
    kwargs.setdefault("cases_dir", REPO / "cases")
    kwargs.setdefault("seed_source", lambda: 7)
    return MassageSimApp(case, seed, store=store, **kwargs)


async def until(pilot: Any, holds: Callable[[], bool], what: str, pauses: int = 1000) -> None:
    """Pause until `holds()` is true of the app. Pilot's pause waits for the process to look
    idle, and a process starved by a loaded machine looks idle with work still queued: the
    app's own state, not the time, says when a step is done. `pauses` only stops a test
    that would never get there (each pause lets the app's queued work run)."""
    for _ in range(pauses):
        if holds():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


async def shown(pilot: Any, *words: str) -> str:
    """The screen's text once every one of `words` is on it (a screen just opened is drawn
    a little later)."""
    await until(pilot, lambda: all(w in screen_text(pilot.app) for w in words), repr(words))
    return screen_text(pilot.app)


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))


async def enter_line(pilot: Any, line: str) -> None:
    """Type an action line: `/` focuses the line, the text is set, Enter submits."""
    field = pilot.app.screen.query_one("#line-input", Input)
    await pilot.press("slash")
    # the focus moves after the key has been handled: Enter before that would go elsewhere
    await until(pilot, lambda: pilot.app.focused is field, "the action line's focus")
    field.value = line
    await pilot.press("enter")
    await pilot.pause()
