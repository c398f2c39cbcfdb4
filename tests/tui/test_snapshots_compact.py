"""Screenshots of every screen in the compact layout, at 80x24 and 100x30, compared with the
SVGs in __snapshots__/ (the 120x40 ones are in test_snapshots.py).

Regenerate after a deliberate change with `pytest tests/tui --snapshot-update`, and look at
the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simulator.assessment.run import ExamRun
from simulator.domain.actions import parse_line
from simulator.domain.case import Case
from simulator.tui.exam_app import ExamApp
from simulator.tui.practice import Practice
from simulator.tui.store import Store

from .conftest import make_app
from .test_snapshots import PLAY, begin_and_play

SIZES = [(80, 24), (100, 30)]
pytestmark = pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .test_exam_app import EXAM, build

    return build(EXAM, tmp_path_factory.mktemp("packs"))


@pytest.fixture
def exam_run(packs: Path) -> Iterator[ExamRun]:
    from .test_exam_app import STUDENT

    with ExamRun.open(packs / f"{STUDENT}.pack") as opened:
        yield opened


def test_home(
    snap_compare: Any, size: tuple[int, int], store: Store, flare_case: Case, utc: None
) -> None:
    finished = Practice.begin(flare_case, 0, store, origin="case file pinned-client.yaml")
    for line in (*PLAY, "end"):
        finished.apply(parse_line(line))
    unfinished = Practice.begin(flare_case, 1, store, origin="random client from the mix")
    for line in PLAY[:3]:
        unfinished.apply(parse_line(line))
    assert snap_compare(make_app(store), terminal_size=size)


def test_briefing(snap_compare: Any, size: tuple[int, int], store: Store, flare_case: Case) -> None:
    assert snap_compare(make_app(store, flare_case), terminal_size=size)


def test_session(snap_compare: Any, size: tuple[int, int], store: Store, flare_case: Case) -> None:
    assert snap_compare(make_app(store, flare_case), terminal_size=size, run_before=begin_and_play)


def test_session_body_map(
    snap_compare: Any, size: tuple[int, int], store: Store, flare_case: Case
) -> None:
    async def show_map(pilot: Any) -> None:
        await begin_and_play(pilot)
        await pilot.press("b")

    assert snap_compare(make_app(store, flare_case), terminal_size=size, run_before=show_map)


def test_debrief(snap_compare: Any, size: tuple[int, int], store: Store, flare_case: Case) -> None:
    async def finish(pilot: Any) -> None:
        await begin_and_play(pilot, (*PLAY, "end"))

    assert snap_compare(make_app(store, flare_case), terminal_size=size, run_before=finish)


def test_debrief_rubric(
    snap_compare: Any, size: tuple[int, int], store: Store, flare_case: Case
) -> None:
    async def finish(pilot: Any) -> None:
        await begin_and_play(pilot, (*PLAY, "end"))
        await pilot.press("2")

    assert snap_compare(make_app(store, flare_case), terminal_size=size, run_before=finish)


def test_exam_overview(snap_compare: Any, size: tuple[int, int], exam_run: ExamRun) -> None:
    app = ExamApp(exam_run, title=exam_run.pack.exam_title)
    assert snap_compare(app, terminal_size=size)
