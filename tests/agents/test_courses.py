"""The agents over a course of care (issue 14): the driver keeps the hidden state out of
reach across visits, the expert follows the client and passes, a routine repeated every
visit fails, and `evaluate --courses` reports it through the real entry point."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.agents import VISITS_DEFAULT, VISITS_MAX, VISITS_MIN
from simulator.agents import expert as expert_module
from simulator.agents.base import Agent, Briefing, FollowingAgent, Seen, drive_course
from simulator.agents.checklists import checklist_agent
from simulator.agents.expert import ExpertAgent
from simulator.agents.routines import RoutineAgent, routine_agents
from simulator.cli import evaluate as cli_evaluate
from simulator.cli import main
from simulator.domain.actions import Action, Reassess, Refer, Treat, Visit
from simulator.domain.ids import Reason, Source, Topic
from simulator.domain.response import Signals
from simulator.engine.session import Session
from simulator.generator.generate import generate_mix
from simulator.knowledge import course as course_facts

REPO = Path(__file__).resolve().parents[2]
MIX = generate_mix(24, seed=11)


class Watch:
    """Wraps an agent and records everything the driver hands it, hook included."""

    def __init__(self, agent: Agent) -> None:
        self.agent = agent
        self.name = agent.name
        self.received: list[object] = []
        self.visits = 0

    def start(self, briefing: Briefing) -> None:
        self.received.append(briefing)
        self.agent.start(briefing)

    def act(self, history: list[Seen]) -> Action:
        self.received.extend(history)
        return self.agent.act(history)


class FollowingWatch(Watch):
    def next_visit(self, report: Seen) -> None:
        self.received.append(report)
        self.visits += 1
        assert isinstance(self.agent, FollowingAgent)
        self.agent.next_visit(report)


def test_the_course_lengths_the_cli_shows_are_knowledge_course_s() -> None:
    assert (VISITS_DEFAULT, VISITS_MIN, VISITS_MAX) == (
        course_facts.VISITS_DEFAULT,
        course_facts.VISITS_MIN,
        course_facts.VISITS_MAX,
    )


@pytest.mark.parametrize("watch", [FollowingWatch, Watch])
def test_an_agent_in_a_course_receives_only_the_briefing_and_what_each_step_showed(
    watch: type[Watch],
) -> None:
    for number, case in enumerate(MIX[:6]):
        w = watch(ExpertAgent())
        course, score = drive_course(w, case, number)
        assert {type(x) for x in w.received} <= {Briefing, Seen}
        for seen in w.received:
            if isinstance(seen, Seen):
                assert isinstance(seen.signals, Signals) and isinstance(seen.text, str)
        briefings = [x for x in w.received if isinstance(x, Briefing)]
        assert all(b.visits == 3 for b in briefings)
        if watch is FollowingWatch:
            # told of each follow-up through the hook, started once
            assert len(briefings) == 1 and w.visits == len(course.sessions) - 1
        else:
            # no hook: started afresh at every visit
            assert len(briefings) == len(course.sessions)
        assert len(score.visits) == len(course.sessions)


def test_a_following_agent_hears_the_report_first_and_a_routine_starts_afresh() -> None:
    case = next(c for c in MIX if c.hidden.source is not Source.RED_FLAG)
    expert = FollowingWatch(ExpertAgent())
    course, _ = drive_course(expert, case, 1)
    reports = [x for x in expert.received if isinstance(x, Seen) and isinstance(x.action, Visit)]
    assert reports and all("How have you been since last time?" in r.text for r in reports)
    assert all(r.signals.nrs is not None for r in reports)
    # a fixed routine is the same action list at every visit
    routine = routine_agents()[0]
    course, _ = drive_course(routine, case, 1)
    lines = [[s.action for s in session.steps] for session in course.sessions]
    assert len(lines) == 3 and lines[0] == lines[1] == lines[2]


def test_the_agent_may_close_a_visit_itself_with_visit() -> None:
    case = next(c for c in MIX if c.hidden.source is not Source.RED_FLAG)
    agent = RoutineAgent("short", "ask onset\nvisit\nask radiation")
    course, _ = drive_course(agent, case, 0, visits=2)
    assert [len(s.steps) for s in course.sessions] == [2, 3]  # ask, end / ask, ask, end
    assert course.ended


def test_the_expert_passes_most_courses_on_a_small_mix() -> None:
    scores = [drive_course(ExpertAgent(), case, n)[1] for n, case in enumerate(MIX)]
    assert sum(s.passed for s in scores) >= 0.8 * len(scores)


def test_the_expert_follows_the_client_across_visits() -> None:
    """Reassesses before treating at each follow-up, and ends with advice or a referral."""
    for number, case in enumerate(MIX[:10]):
        if case.hidden.source is Source.RED_FLAG:
            continue
        course, _ = drive_course(ExpertAgent(), case, number)
        for session in course.sessions[1:]:
            kinds = [s.action for s in session.steps]
            first_treat = next(i for i, a in enumerate(kinds) if isinstance(a, Treat))
            assert any(isinstance(a, Reassess) for a in kinds[:first_treat])
        last = [s.action for s in course.sessions[-1].steps]
        assert any(getattr(a, "topic", None) is Topic.SELF_CARE for a in last) or any(
            isinstance(a, Refer) and a.reason is Reason.MEDICAL_ASSESSMENT for a in last
        )


def test_the_expert_imports_nothing_that_holds_the_hidden_state() -> None:
    """The expert plays from Briefing and Seen only: it imports no case, engine or
    scoring module, and never names the hidden record."""
    source = Path(expert_module.__file__).read_text(encoding="utf-8")
    imported = {
        node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not {m for m in imported if m.startswith(("simulator.engine", "simulator.scoring"))}
    assert "simulator.domain.case" not in imported
    assert ".hidden" not in source


def test_evaluate_courses_draws_a_progress_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[tuple[int, int, str]] = []

    def record(done: int, total: int, label: str, _stream: object) -> None:
        drawn.append((done, total, label))

    monkeypatch.setattr(cli_evaluate, "progress", record)
    assert main(["evaluate", "--count", "2", "--seed", "1", "--courses", "--json"]) == 0
    assert ("evaluating" in {label for _d, _t, label in drawn}) and drawn[-1][:2] == (2, 2)


def _first_visit(case_index: int) -> tuple[ExpertAgent, int]:
    """The expert after playing the first visit of a 3-visit course (by hand, so the test
    can hand it any report), and the highest pressure it used."""
    case = [c for c in MIX if c.hidden.source is not Source.RED_FLAG][case_index]
    agent = ExpertAgent()
    agent.start(Briefing.of(case, visits=3))
    session, history = Session(case, 0), []
    while not session.ended:
        action = agent.act(list(history))
        response = session.apply(action)
        history.append(Seen(action, response.text, response.signals))
    return agent, max(a.pressure for a in agent.loads)


def _report(words: str, nrs: int) -> Seen:
    text = f'Visit 2, a few days later. How have you been since last time? "{words}"'
    return Seen(Visit(), text, Signals(minutes_left=60, nrs=nrs))


def test_the_expert_goes_lighter_after_a_worse_report_and_reassesses_first() -> None:
    agent, top = _first_visit(0)
    before = agent.irritability
    agent.next_visit(_report("It flared up that evening — a lot sorer. About 9 out of 10.", 9))
    assert agent.report == "worse"
    assert agent.cap < top or top == 1
    assert agent.earlier_flares  # every load of that visit is a suspect now
    assert agent.irritability.value != "low" or before.value == "low"
    assert isinstance(agent.queue[0], Reassess) and agent.queue[0].test.value == "pain_rating"


def test_the_expert_keeps_its_dose_open_after_a_good_report() -> None:
    agent, _top = _first_visit(1)
    rating = agent.visit_nrs or 5
    words = "The ease from last time lasted — it's been better for most of the week."
    agent.next_visit(_report(words, max(0, rating - 2)))
    assert agent.report == "better" and agent.cap == 5 and not agent.earlier_flares


def test_a_fixed_routine_repeated_every_visit_fails_most_courses() -> None:
    for agent in [checklist_agent(), *routine_agents()]:
        scores = [drive_course(agent, case, n)[1] for n, case in enumerate(MIX)]
        assert sum(s.passed for s in scores) <= 0.1 * len(scores), agent.name


def test_evaluate_courses_through_the_command_line(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "simulator", "evaluate", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
            timeout=300,
            check=False,
        )

    table = run("--count", "3", "--seed", "2", "--courses")
    assert table.returncode == 0, table.stderr
    assert "3 generated 3-visit courses, seed 2" in table.stdout
    for name in ("expert", "random", "swedish_full"):
        assert name in table.stdout
    result = run("--count", "2", "--seed", "2", "--courses", "--visits", "2", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["visits"] == 2
    assert 0 <= data["agents"]["expert"]["pass_rate"] <= 1
    assert run("--count", "2", "--courses", "--visits", "5").returncode == 2
    four = run("--count", "1", "--seed", "2", "--visits", "4", "--json")  # implies --courses
    assert four.returncode == 0 and json.loads(four.stdout)["visits"] == 4
