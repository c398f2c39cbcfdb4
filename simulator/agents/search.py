"""Search for the best *fixed* action sequence: the strongest memorised routine we can find.

A hill-climb over short scripts drawn from the action vocabulary, started from the baseline
routines. If even the best sequence found on one case mix fails on a fresh mix, the
simulator rewards reasoning about the client rather than a routine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from simulator.agents.base import drive, drive_course
from simulator.agents.routines import ROUTINES, RandomAgent, RoutineAgent
from simulator.domain.actions import Action, End, action_to_line, parse_script
from simulator.domain.case import Case
from simulator.scoring.course import CourseScore
from simulator.scoring.rubric import Score


@dataclass(frozen=True)
class Fitness:
    pass_rate: float
    mean: float

    def __lt__(self, other: Fitness) -> bool:
        return (self.pass_rate, self.mean) < (other.pass_rate, other.mean)


def fitness(actions: Sequence[Action], cases: Sequence[Case], visits: int = 1) -> Fitness:
    """How the sequence does on `cases`: as single sessions, or (visits > 1) repeated at
    every visit of a course."""
    agent = RoutineAgent("candidate", "\n".join(action_to_line(a) for a in actions))
    scores: list[Score | CourseScore]
    if visits > 1:
        scores = [drive_course(agent, case, n, visits)[1] for n, case in enumerate(cases)]
    else:
        scores = [drive(agent, case, number)[1] for number, case in enumerate(cases)]
    return Fitness(
        pass_rate=sum(s.passed for s in scores) / len(scores),
        mean=sum(s.total for s in scores) / len(scores),
    )


def mutate(actions: list[Action], rng: random.Random, pool: Sequence[Action] = ()) -> list[Action]:
    """Replace, insert, delete or swap one action (never the final `end`); a new action
    comes from the vocabulary, or half the time from `pool` when one is given."""
    body: list[Action] = [a for a in actions if not isinstance(a, End)]
    proposer = RandomAgent(seed=rng.randrange(1 << 30))
    proposer.rng = rng

    def new() -> Action:
        if pool and rng.random() < 0.5:
            return rng.choice(pool)
        return proposer.act([])

    move = rng.choice(["replace", "insert", "delete", "swap"])
    if move == "insert" or not body:
        body.insert(rng.randint(0, len(body)), new())
    elif move == "replace":
        body[rng.randrange(len(body))] = new()
    elif move == "delete" and len(body) > 1:
        body.pop(rng.randrange(len(body)))
    elif len(body) > 1:
        i, j = rng.sample(range(len(body)), 2)
        body[i], body[j] = body[j], body[i]
    return [*body, End()]


def hill_climb(
    cases: Sequence[Case],
    iterations: int,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    starts: Sequence[Sequence[Action]] | None = None,
    pool: Sequence[Action] = (),
    visits: int = 1,
) -> tuple[list[Action], Fitness]:
    """The best fixed sequence found on `cases`, starting from the best of `starts`
    (default: every baseline routine); mutations draw new actions from `pool` too."""
    rng = random.Random(f"routine-search:{seed}")
    if starts is None:
        starts = [parse_script(script) for script in ROUTINES.values()]
    scored = [(fitness(s, cases, visits), list(s)) for s in starts]
    best_fit, best = max(scored, key=lambda t: t[0])
    for step in range(iterations):
        candidate = mutate(best, rng, pool)
        candidate_fit = fitness(candidate, cases, visits)
        if not candidate_fit < best_fit:
            best, best_fit = candidate, candidate_fit
        if progress:
            progress(step + 1, iterations)
    return best, best_fit
