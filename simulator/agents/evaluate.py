"""Run the reference agents over one generated case mix and summarise their scores."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.agents import SEARCH_ITERATIONS, TRAIN_CASES
from simulator.agents.adversaries import Training, adversary_agents
from simulator.agents.base import Agent, drive, drive_course
from simulator.agents.expert import ExpertAgent
from simulator.agents.routines import RandomAgent, routine_agents
from simulator.domain.case import Case
from simulator.domain.ids import Source
from simulator.generator.generate import generate_mix
from simulator.scoring.course import CourseScore
from simulator.scoring.rubric import Score


def all_agents(seed: int = 0) -> list[Agent]:
    return [ExpertAgent(), RandomAgent(seed=seed), *routine_agents()]


@dataclass
class AgentResult:
    scores: list[float] = field(default_factory=list)
    passes: list[bool] = field(default_factory=list)
    by_source: dict[Source, list[tuple[float, bool]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def summary(self) -> dict[str, Any]:
        def stats(pairs: Sequence[tuple[float, bool]]) -> dict[str, float]:
            n = max(1, len(pairs))
            return {
                "mean": round(sum(s for s, _p in pairs) / n, 2),
                "pass_rate": round(sum(p for _s, p in pairs) / n, 4),
            }

        out = stats(list(zip(self.scores, self.passes, strict=True)))
        return out | {"by_source": {s.value: stats(v) for s, v in sorted(self.by_source.items())}}


@dataclass
class Evaluation:
    results: dict[str, AgentResult]
    confusion: dict[Source, dict[Source, int]]  # hidden -> expert's leading hypothesis -> n
    training: Training | None = None  # how the adversaries were trained, when they played
    visits: int = 1  # 1: single sessions; 2-4: every case played as a course of care

    def to_json(self) -> dict[str, Any]:
        # single sessions keep the JSON they always had; courses say how many visits
        extra: dict[str, Any] = {"visits": self.visits} if self.visits > 1 else {}
        if self.training:
            extra["adversary_training"] = self.training.to_json()
        return extra | {
            "agents": {name: r.summary() for name, r in self.results.items()},
            "expert_diagnosis": {
                "accuracy": round(self.accuracy(), 4),
                "confusion": {
                    h.value: {g.value: n for g, n in row.items()}
                    for h, row in self.confusion.items()
                },
            },
        }

    def accuracy(self) -> float:
        total = sum(sum(row.values()) for row in self.confusion.values())
        right = sum(row.get(h, 0) for h, row in self.confusion.items())
        return right / max(1, total)


def evaluate(
    count: int,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    cases: Sequence[Case] | None = None,
    adversaries: bool = False,
    training_progress: Callable[[int, int], None] | None = None,
    train_cases: int = TRAIN_CASES,
    search_iterations: int = SEARCH_ITERATIONS,
    visits: int = 1,
) -> Evaluation:
    """Every agent plays every case once (session seed = the case's index); with
    `adversaries`, the adversary suite is trained on its own mix first and plays too. With
    `visits` of 2 or more every case is a course of that many visits, scored as a course
    (the routine search then trains on courses too)."""
    cases = list(cases) if cases is not None else generate_mix(count, seed)
    agents = all_agents(seed)
    training = None
    if adversaries:
        suite, training = adversary_agents(
            seed,
            train_cases=train_cases,
            search_iterations=search_iterations,
            progress=training_progress,
            visits=visits,
        )
        agents += suite
    results = {agent.name: AgentResult() for agent in agents}
    confusion: dict[Source, dict[Source, int]] = {s: defaultdict(int) for s in Source}
    for number, case in enumerate(cases):
        source = case.hidden.source
        for agent in agents:
            score: Score | CourseScore = (
                drive_course(agent, case, number, visits)[1]
                if visits > 1
                else drive(agent, case, number)[1]
            )
            result = results[agent.name]
            result.scores.append(score.total)
            result.passes.append(score.passed)
            result.by_source[source].append((score.total, score.passed))
            if isinstance(agent, ExpertAgent):
                guess = agent.diagnosis or agent.leading()
                confusion[source][guess] += 1
        if progress:
            progress(number + 1, len(cases))
    confusion_rows = {s: dict(row) for s, row in confusion.items() if row}
    return Evaluation(results, confusion_rows, training, visits)
