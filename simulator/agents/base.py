"""What an agent may see, and the driver that keeps the hidden state out of its reach.

An agent receives a `Briefing` (the visible persona and the clock) and, after every action,
a `Seen` record (the action, the text and the visible signals). It never receives the Case
or the Session (nor, in a course, the Course): the driver holds those, so fairness is by
construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from simulator.domain.actions import Action, End, Visit
from simulator.domain.case import Case
from simulator.domain.ids import Style
from simulator.domain.response import Signals
from simulator.engine.course import Course
from simulator.engine.session import Session
from simulator.knowledge.course import VISITS_DEFAULT
from simulator.scoring.course import CourseScore, score_course
from simulator.scoring.rubric import Score, score


@dataclass(frozen=True)
class Briefing:
    """What the student reads before the session starts."""

    name: str
    age: int
    occupation: str
    sport: str
    training_load: str
    style: Style
    side: str
    complaint: str
    budget_minutes: int
    visits: int = 1  # the visits planned: 1 for a single session, 2-4 for a course

    @classmethod
    def of(cls, case: Case, visits: int = 1) -> Briefing:
        p = case.persona
        return cls(
            name=p.name,
            age=p.age,
            occupation=p.occupation,
            sport=p.sport,
            training_load=p.training_load,
            style=p.style,
            side=p.side,
            complaint=p.complaint,
            budget_minutes=case.budget_minutes,
            visits=visits,
        )


@dataclass(frozen=True)
class Seen:
    """One step as the student saw it."""

    action: Action
    text: str
    signals: Signals


class Agent(Protocol):
    name: str

    def start(self, briefing: Briefing) -> None: ...

    def act(self, history: list[Seen]) -> Action: ...


@runtime_checkable
class FollowingAgent(Protocol):
    """An agent that carries what it learnt into the next visit of a course. `next_visit`
    gets the client's report (the `visit` step as seen: its words, today's pain rating and
    how far the pain reaches); the visit's history then begins with that same record."""

    def next_visit(self, report: Seen) -> None: ...


def drive(agent: Agent, case: Case, seed: int = 0, max_steps: int = 200) -> tuple[Session, Score]:
    """Let the agent play one session; the agent only ever sees Briefing and Seen records."""
    session = Session(case, seed)
    agent.start(Briefing.of(case))
    history: list[Seen] = []
    for _ in range(max_steps):
        if session.ended:
            break
        action = agent.act(list(history))
        response = session.apply(action)
        history.append(Seen(action, response.text, response.signals))
    if not session.ended:
        session.apply(End())
    return session, score(case, session.steps)


def drive_course(
    agent: Agent,
    case: Case,
    seed: int = 0,
    visits: int = VISITS_DEFAULT,
    max_steps: int = 200,
) -> tuple[Course, CourseScore]:
    """Let the agent play a course of `visits` visits (at most `max_steps` actions each).

    When a visit ends (or the agent says `visit`) and visits remain, the driver opens the
    next one. A `FollowingAgent` is told through `next_visit(report)`; any other agent is
    started again with the same briefing and an empty history, so a fixed routine is
    repeated every visit, as a student who does not follow the client would."""
    course = Course(case, seed, visits)
    briefing = Briefing.of(case, visits)
    agent.start(briefing)
    history: list[Seen] = []
    while True:
        for _ in range(max_steps):
            if course.session.ended:
                break
            action = agent.act(list(history))
            if isinstance(action, Visit) and not course.last_visit:
                break  # the agent closes this visit itself
            response = course.apply(action)
            history.append(Seen(action, response.text, response.signals))
        if course.last_visit:
            if not course.session.ended:
                course.apply(End())
            break
        opening = course.apply(Visit())
        if course.referred_out or not opening.note.performed:
            break
        report = Seen(Visit(), opening.text, opening.signals)
        if isinstance(agent, FollowingAgent):
            agent.next_visit(report)
            history = [report]
        else:
            agent.start(briefing)
            history = []
    return course, score_course(course)
