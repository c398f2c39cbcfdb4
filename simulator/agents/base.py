"""What an agent may see, and the driver that keeps the hidden state out of its reach.

An agent receives a `Briefing` (the visible persona and the clock) and, after every action,
a `Seen` record (the action, the text and the visible signals). It never receives the Case
or the Session: the driver holds those, so fairness is by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from simulator.domain.actions import Action, End
from simulator.domain.case import Case
from simulator.domain.ids import Style
from simulator.domain.response import Signals
from simulator.engine.session import Session
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

    @classmethod
    def of(cls, case: Case) -> Briefing:
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
