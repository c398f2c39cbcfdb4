"""Courses of care in the real app (issue 14), driven through Textual's Pilot: start a course
from Home, play a visit to its end, open the next visit with the client's report, resume
mid-course in a new app on the same store, and read the course timeline in the debrief.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Input, Label, Markdown, OptionList, Static

from simulator.domain.actions import parse_line
from simulator.domain.case import Case
from simulator.knowledge.follow_up import ASKED
from simulator.tui.practice import Practice
from simulator.tui.screens.briefing import BriefingScreen
from simulator.tui.screens.choice import ChoiceDialog
from simulator.tui.screens.confirm import ConfirmDialog
from simulator.tui.screens.debrief import DebriefScreen
from simulator.tui.screens.help import HelpScreen
from simulator.tui.screens.home import HomeScreen
from simulator.tui.screens.session import SessionScreen
from simulator.tui.store import Store, Summary, Unreadable
from simulator.tui.widgets.conversation import Conversation

from .conftest import SIZE, enter_line, make_app, run, screen_text

# a gentle first visit: history, a look, a test, moderate work, a check and advice
VISIT_1 = (
    "ask radiation",
    "ask sitting_vs_walking",
    "palpate deep_rotators",
    "test slr",
    "treat compression glute_max 2 4",
    "check_in",
    "educate self_care",
)
VISIT_2 = ("reassess slr", "treat compression glute_max 2 4", "check_in")
VISIT_3 = ("reassess slr", "treat effleurage glute_max 2 4", "educate self_care")


def session_of(app: Any) -> SessionScreen:
    screen = app.screen
    assert isinstance(screen, SessionScreen), type(screen)
    return screen


async def play(pilot: Any, lines: tuple[str, ...]) -> None:
    screen = session_of(pilot.app)
    for line in lines:
        screen.perform(parse_line(line))
    await pilot.pause()


async def end_visit(pilot: Any) -> None:
    """^d, then the confirm dialog's yes."""
    await pilot.press("ctrl+d")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmDialog)
    await pilot.click("#confirm-yes")
    await pilot.pause()


def course_summary(store: Store) -> Summary:
    (entry,) = store.entries()
    assert isinstance(entry, Summary)
    return entry


@run
async def test_start_a_course_play_a_visit_and_open_the_next(
    store: Store, flare_case: Case
) -> None:
    app = make_app(store, flare_case)
    async with app.run_test(size=SIZE) as pilot:
        # the briefing was pushed over Home at start-up: back to Home to choose a course
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Course of visits: off" in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # the default comes first: 3 visits
        await pilot.pause()
        assert app.visits == 3
        assert "Course of visits: 3" in screen_text(app)
        app.open_briefing(flare_case, 0, "test")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert "a course of 3 visits" in screen_text(app)
        await pilot.click("#briefing-begin")
        await pilot.pause()
        screen = session_of(app)
        assert "Visit 1 of 3" in screen.sub_title
        assert "Visit 1 of 3" in screen_text(app)
        await play(pilot, VISIT_1)
        assert "Next visit" not in screen_text(app)  # only once the visit has ended
        await end_visit(pilot)
        assert session_of(app) is screen  # a visit that is not the last: no debrief yet
        text = screen_text(app)
        assert "visit ended" in text and "Next visit" in text
        assert course_summary(store).progress == "visit 1/3"
        await pilot.press("p")  # nothing more in an ended visit
        await pilot.pause()
        assert len(screen.practice.steps) == len(VISIT_1) + 1
        await pilot.press("v")
        await pilot.pause()
        course = screen.course
        assert course is not None and course.visit == 2
        assert "Visit 2 of 3" in screen.sub_title and "Visit 2 of 3" in screen_text(app)
        first = screen.query_one(Conversation).entries[0]
        assert first.startswith("VISIT 2 OF 3")
        assert ASKED in first and course.intervals[0].report in first
        assert screen.practice.steps == []
        reported = course.openings[-1].signals.nrs
        assert reported is not None and screen.record.pains == ((0, reported),)
        assert f"Pain   {reported} /10" in screen_text(app)  # the report's rating, on arrival
        assert course_summary(store).progress == "visit 2/3"
        journal = store.load(course_summary(store).id)
        assert journal.visits == 3 and journal.visit == 2
        assert journal.actions[-1] == {"kind": "visit"}


@run
async def test_resume_mid_course_in_a_new_app(store: Store, flare_case: Case) -> None:
    app = make_app(store, flare_case, visits=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#briefing-begin")
        await pilot.pause()
        await play(pilot, VISIT_1)
        await enter_line(pilot, "visit")  # mid-visit: ends it after a confirmation
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm-yes")
        await pilot.pause()
        await play(pilot, VISIT_2[:2])
        before = session_of(app)
        course = before.course
        assert course is not None
        report = course.intervals[0].report
        lines = before.query_one(Conversation).entries
    # a restart: a new app on the same store, as after a crash (the journal is rewritten
    # atomically after every action)
    again = make_app(store)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(again)
        assert "● visit 2/3" in text
        table = again.screen.query_one("#sessions", DataTable)
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        screen = session_of(again)
        resumed = screen.course
        assert resumed is not None and resumed.visit == 2 and resumed.planned == 3
        assert resumed.intervals[0].report == report
        assert screen.query_one(Conversation).entries == lines
        assert "Visit 2 of 3" in screen_text(again)


@run
async def test_visit_on_the_action_line_belongs_to_courses(store: Store, flare_case: Case) -> None:
    app = make_app(store, flare_case)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#briefing-begin")
        await pilot.pause()
        screen = session_of(app)
        await enter_line(pilot, "visit")
        error = screen.query_one("#line-error", Label)
        assert error.display and "belongs to a course of care" in str(error.render())
        assert screen.practice.steps == []
        assert "Next visit" not in screen_text(app)


async def play_course(pilot: Any) -> None:
    """Three visits from the briefing to the debrief: lines, ^d, v, lines..."""
    await pilot.click("#briefing-begin")
    await pilot.pause()
    for number, lines in enumerate((VISIT_1, VISIT_2, VISIT_3), start=1):
        await play(pilot, lines)
        await end_visit(pilot)
        if number < 3:
            await pilot.press("v")
            await pilot.pause()


@run
async def test_the_debrief_shows_the_course_timeline(store: Store, flare_case: Case) -> None:
    app = make_app(store, flare_case, visits=3)
    async with app.run_test(size=SIZE) as pilot:
        await play_course(pilot)
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        course, result = debrief.course, debrief.course_result
        assert course is not None and result is not None and course.ended
        summary = str(debrief.query_one("#debrief-summary", Static).render())
        assert "Course timeline" in summary and f"{result.total:g} / 100" in summary
        for number, visit in enumerate(result.visits, start=1):
            assert f"Visit {number}  {visit.total:g}" in summary
        for interval in course.intervals:
            assert f'"{interval.report}"' in summary
        assert "irritability" in summary and "Course items" in summary
        for item in result.items:
            assert item.title in summary
        assert "Teaching:" in summary
        entry = course_summary(store)
        assert entry.finished and entry.total == result.total
        # tabs 2-5 show one visit at a time: the last first, then v moves on
        assert "Rubric v3 2" in screen_text(app)
        await pilot.press("v")
        await pilot.pause()
        assert debrief.visit == 1 and debrief.result == result.visits[0]
        assert "Rubric v1 2" in screen_text(app)
        await pilot.press("3")
        await pilot.pause()
        steps = debrief.query_one("#steps-table", DataTable)
        assert steps.row_count == len(course.sessions[0].steps)
    again = make_app(store)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "✓ course of 3" in screen_text(again)
        assert f"{result.total:g}" in screen_text(again)


@run
async def test_a_course_at_80x24(store: Store, flare_case: Case) -> None:
    app = make_app(store, flare_case, visits=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#briefing-begin")
        await pilot.pause()
        assert "Visit 1 of 3" in screen_text(app)  # the compact clock strip
        await play(pilot, VISIT_1)
        await end_visit(pilot)
        text = screen_text(app)
        assert "Next visit" in text and "visit ended" in text  # footer and strip
        await pilot.press("v")
        await pilot.pause()
        text = screen_text(app)
        assert "Visit 2 of 3" in text and ASKED in text
        await play(pilot, VISIT_2)
        await end_visit(pilot)
        await pilot.press("v")
        await pilot.pause()
        await play(pilot, VISIT_3)
        await end_visit(pilot)
        assert isinstance(app.screen, DebriefScreen)
        text = screen_text(app)
        assert "Course 1" in text and "Rubric v3 2" in text
        assert "Your course" in text and "Visit 1  " in text  # the timeline comes first
        app.screen.query_one("#summary VerticalScroll").scroll_end(animate=False)
        await pilot.pause()
        assert "Keys: 2 a visit's rubric" in screen_text(app)


# the store: a course journal, old journals, rewind ------------------------------------


def test_a_course_journal_replays_exactly(store: Store, flare_case: Case) -> None:
    practice = Practice.begin(flare_case, 5, store, origin="test", visits=3)
    for line in (*VISIT_1, "visit", *VISIT_2[:1]):
        practice.apply(parse_line(line))
    raw = json.loads(store.path_of(practice.journal.id).read_text())
    assert raw["visits"] == 3 and raw["visit"] == 2
    assert {"kind": "visit"} in raw["actions"] and not raw["finished"]
    resumed = Practice.resume(store.load(practice.journal.id), store)
    course, again = practice.course, resumed.course
    assert course is not None and again is not None
    assert again.visit == 2 and again.intervals == course.intervals
    assert [s.response for s in resumed.steps] == [s.response for s in practice.steps]
    assert again.openings == course.openings


def test_a_journal_saved_before_courses_still_loads(store: Store, flare_case: Case) -> None:
    practice = Practice.begin(flare_case, 2, store, origin="old")
    for line in VISIT_1:
        practice.apply(parse_line(line))
    path = store.path_of(practice.journal.id)
    raw = json.loads(path.read_text())
    del raw["visits"], raw["visit"]  # the format before courses
    path.write_text(json.dumps(raw))
    (entry,) = store.entries()
    assert isinstance(entry, Summary) and entry.visits is None and entry.progress == ""
    resumed = Practice.resume(store.load(entry.id), store)
    assert resumed.course is None and len(resumed.steps) == len(VISIT_1)


def test_a_course_of_nine_visits_is_unreadable(store: Store, flare_case: Case) -> None:
    practice = Practice.begin(flare_case, 2, store, visits=3)
    path = store.path_of(practice.journal.id)
    raw = json.loads(path.read_text())
    raw["visits"] = 9
    path.write_text(json.dumps(raw))
    (entry,) = store.entries()
    assert isinstance(entry, Unreadable) and "visits" in entry.reason


def test_rewind_in_a_course_keeps_the_earlier_visits(store: Store, flare_case: Case) -> None:
    practice = Practice.begin(flare_case, 5, store, visits=3)
    for line in (*VISIT_1, "visit", *VISIT_2):
        practice.apply(parse_line(line))
    branch = practice.rewind(1, visit=2)
    course, again = practice.course, branch.course
    assert course is not None and again is not None
    assert again.visit == 2 and again.planned == 3
    assert [s.response for s in again.sessions[0].steps] == [
        s.response for s in course.sessions[0].steps
    ]
    assert again.intervals == course.intervals
    assert [s.action for s in branch.steps] == [s.action for s in practice.steps[:1]]
    assert branch.journal.parent == practice.journal.id


# screenshots (regenerate with `pytest tests/tui --snapshot-update`, then look at them) ---

SNAP_SIZES = [(80, 24), SIZE]
snap_sizes = pytest.mark.parametrize("size", SNAP_SIZES, ids=[f"{w}x{h}" for w, h in SNAP_SIZES])


@snap_sizes
def test_snapshot_a_visit_ended(
    snap_compare: Any, size: tuple[int, int], store: Store, flare_case: Case
) -> None:
    async def first_visit(pilot: Any) -> None:
        await pilot.click("#briefing-begin")
        await pilot.pause()
        await play(pilot, VISIT_1)
        await end_visit(pilot)

    app = make_app(store, flare_case, visits=3)
    assert snap_compare(app, terminal_size=size, run_before=first_visit)


@snap_sizes
def test_snapshot_the_next_visit_opens_with_the_report(
    snap_compare: Any, size: tuple[int, int], store: Store, flare_case: Case
) -> None:
    async def second_visit(pilot: Any) -> None:
        await pilot.click("#briefing-begin")
        await pilot.pause()
        await play(pilot, VISIT_1)
        await end_visit(pilot)
        await pilot.press("v")
        await pilot.pause()

    app = make_app(store, flare_case, visits=3)
    assert snap_compare(app, terminal_size=size, run_before=second_visit)


@snap_sizes
def test_snapshot_the_course_debrief(
    snap_compare: Any, size: tuple[int, int], store: Store, flare_case: Case
) -> None:
    app = make_app(store, flare_case, visits=3)
    assert snap_compare(app, terminal_size=size, run_before=play_course)


def test_snapshot_home_lists_courses(
    snap_compare: Any, store: Store, flare_case: Case, utc: None
) -> None:
    done = Practice.begin(flare_case, 0, store, origin="case file pinned-client.yaml", visits=2)
    for line in (*VISIT_1, "visit", *VISIT_2, "end"):
        done.apply(parse_line(line))
    going = Practice.begin(flare_case, 1, store, origin="random client from the mix", visits=3)
    for line in (*VISIT_1, "visit"):
        going.apply(parse_line(line))
    single = Practice.begin(flare_case, 2, store, origin="random client from the mix")
    single.apply(parse_line("ask radiation"))
    assert snap_compare(make_app(store, visits=3), terminal_size=(80, 24))


@run
async def test_the_palette_offers_the_next_visit(store: Store, flare_case: Case) -> None:
    app = make_app(store, flare_case, visits=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#briefing-begin")
        await pilot.pause()
        screen = session_of(app)
        await play(pilot, VISIT_1[:2])
        await end_visit(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        commands = app.screen.query_one(CommandList)
        for _ in range(30):  # the providers answer in the background
            prompts = [
                str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)
            ]
            if any("Next visit" in p for p in prompts):
                break
            await pilot.pause(0.1)
        assert any("Next visit" in p for p in prompts)  # discovery: before any typing
        app.screen.query_one(Input).value = "next visit"
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        course = screen.course
        assert course is not None and course.visit == 2 and course.last_visit
        assert "Next visit" not in screen_text(app)  # the last visit ends in the debrief
        await enter_line(pilot, "visit")
        assert course.visit == 2  # refused with a word: this is the last visit
        await end_visit(pilot)
        assert isinstance(app.screen, DebriefScreen)


@run
async def test_rewind_a_course_from_the_debrief(store: Store, flare_case: Case) -> None:
    app = make_app(store, flare_case, visits=3)
    async with app.run_test(size=SIZE) as pilot:
        await play_course(pilot)
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        await pilot.press("v", "v")  # visit 3 -> 1 -> 2
        await pilot.pause()
        assert debrief.visit == 2
        await pilot.press("5")
        await pilot.pause()
        rewind = debrief.query_one("#rewind-list", OptionList)
        assert rewind.option_count == len(VISIT_2) + 1  # the visit's steps and its end
        rewind.highlighted = 1  # before step 2 of visit 2
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Kept exactly: visit 1, steps 1-1 of visit 2" in screen_text(app)
        await pilot.click("#confirm-yes")
        await pilot.pause()
        screen = session_of(app)
        course = screen.course
        assert course is not None and course.visit == 2 and len(screen.practice.steps) == 1
        assert screen.query_one(Conversation).entries[0].startswith("VISIT 2 OF 3")
        assert len(store.entries()) == 2  # the branch beside the original course


@run
async def test_an_emergency_referral_ends_the_course_at_the_next_visit(
    store: Store, flare_case: Case
) -> None:
    app = make_app(store, flare_case, visits=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#briefing-begin")
        await pilot.pause()
        await play(pilot, ("ask radiation", "refer red_flag"))
        screen = session_of(app)
        if not screen.practice.steps[-1].response.ended:
            await end_visit(pilot)
        # the visit's end says the course is over and where to go, not "next visit"
        last = list(app._notifications)[-1]
        assert last.title == "Course over"
        assert "emergency care" in last.message and "course debrief" in last.message
        assert "next visit" not in last.message.lower()
        text = screen_text(app)
        assert "v Debrief" in text and "Next visit" not in text  # the footer's v
        await pilot.press("a")  # no other action now: the same word again
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen) and screen.course is not None
        assert list(app._notifications)[-1].title == "Course over"
        await pilot.press("v")  # the client has gone to a doctor: the course is over
        await pilot.pause()
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        assert debrief.course is not None and debrief.course.referred_out
        summary = str(debrief.query_one("#debrief-summary", Static).render())
        assert "left the course" in summary and "Visit 1  " in summary
        assert "Rubric 2" in screen_text(app)  # one visit: no visit in the tab names
        assert course_summary(store).finished


@run
async def test_a_case_file_that_pins_its_visits_starts_a_course_of_them(
    store: Store, flare_case: Case, tmp_path: Path
) -> None:
    from simulator.authoring.loading import case_to_yaml

    cases = tmp_path / "cases"
    (cases / "library").mkdir(parents=True)
    pinned = cases / "library" / "pinned.yaml"
    pinned.write_text(case_to_yaml(flare_case) + "course:\n  visits: 2\n", encoding="utf-8")
    app = make_app(store, cases_dir=cases)  # Home: single sessions
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")  # the case library
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        briefing = app.screen
        assert isinstance(briefing, BriefingScreen) and briefing.visits == 2
        assert "a course of 2 visits" in screen_text(app)
        await pilot.click("#briefing-begin")
        await pilot.pause()
        course = session_of(app).course
        assert course is not None and course.planned == 2
        assert "Visit 1 of 2" in screen_text(app)
        assert app.visits is None  # Home's own choice stays as it was
        await pilot.press("escape")
        await pilot.pause()
        # the file dialog too, and the pin wins over Home's course length
        app.visits = 4
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("#open-path", Input).value = str(pinned)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        briefing = app.screen
        assert isinstance(briefing, BriefingScreen) and briefing.visits == 2
    assert [e.visits for e in store.entries() if isinstance(e, Summary)] == [2]


@run
async def test_the_help_says_how_to_move_through_a_course(store: Store, flare_case: Case) -> None:
    app = make_app(store, flare_case, visits=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#briefing-begin")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(app.screen.query_one("#help-text", Markdown).source.split())
        assert "| `v` | in a course, once a visit that is not the last has ended" in text
        assert "`^d` ends a visit and `v` opens the next" in text
        assert "`v` then opens the course debrief" in text
        assert "pins its visits" in text
        assert "## Home" in text  # practice keeps Home's keys


@run
async def test_resume_between_visits_offers_the_next(store: Store, flare_case: Case) -> None:
    practice = Practice.begin(flare_case, 4, store, origin="test", visits=3)
    for line in (*VISIT_1, "end"):  # stopped (or killed) right after a visit's end
        practice.apply(parse_line(line))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "● visit 1/3" in screen_text(app)
        app.screen.query_one("#sessions", DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        screen = session_of(app)
        text = screen_text(app)
        assert "visit ended" in text and "Next visit" in text
        await pilot.press("v")
        await pilot.pause()
        course = screen.course
        assert course is not None and course.visit == 2
        assert course_summary(store).progress == "visit 2/3"
