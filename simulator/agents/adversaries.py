"""The adversary suite of issue 12: honest, strong attempts to pass without a clinical model.

Five agents: the fixed checklist, the best fixed sequence a routine search finds from it,
from the baseline routines and from the expert's own sessions (the strongest starts there
are), a yes/no-branching checklist, a prober, and a debrief learner.
The search and the learner train on their own case mix, disjoint from the evaluation mix.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from simulator.agents import SEARCH_CASES, SEARCH_ITERATIONS, TRAIN_CASES
from simulator.agents.base import Agent, drive
from simulator.agents.checklists import YesNoChecklist, checklist_agent, checklist_text
from simulator.agents.expert import ExpertAgent
from simulator.agents.learner import DebriefLearner, debriefs, learn
from simulator.agents.prober import Prober
from simulator.agents.routines import ROUTINES, RoutineAgent
from simulator.agents.search import Fitness, hill_climb
from simulator.domain.actions import Action, End, action_to_line, parse_line, parse_script
from simulator.domain.case import Case
from simulator.domain.ids import Source
from simulator.generator.generate import generate_mix

# training mixes are drawn from a seed range no evaluation seed below this offset reaches
TRAINING_SEED_OFFSET = 7_919


@dataclass(frozen=True)
class Training:
    """How the trained adversaries were made, for the report."""

    train_cases: int
    search_cases: int
    search_iterations: int
    search_train: Fitness
    search_best: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "train_cases": self.train_cases,
            "search_cases": self.search_cases,
            "search_iterations": self.search_iterations,
            "search_train_pass_rate": round(self.search_train.pass_rate, 4),
            "search_best": list(self.search_best),
        }


def training_mix(count: int, seed: int) -> list[Case]:
    """Cases for training, never in the evaluation mix of the same seed."""
    return generate_mix(count, seed + TRAINING_SEED_OFFSET)


def adversary_agents(
    seed: int = 0,
    train_cases: int = TRAIN_CASES,
    search_cases: int = SEARCH_CASES,
    search_iterations: int = SEARCH_ITERATIONS,
    progress: Callable[[int, int], None] | None = None,
    visits: int = 1,
) -> tuple[list[Agent], Training]:
    """The five adversaries, the trained ones trained on a fresh mix for this seed; with
    `visits` > 1 the routine search looks for the best script to repeat at every visit of
    a course."""
    train = training_mix(max(train_cases, search_cases), seed)
    total = train_cases + search_iterations

    def searched(done: int, _total: int) -> None:
        if progress:
            progress(train_cases + done, total)

    learner_cases = train[:train_cases]
    records = debriefs(learner_cases)
    if progress:
        progress(train_cases, total)
    starts = [
        parse_script(checklist_text()),
        *(parse_script(s) for s in ROUTINES.values()),
        *expert_scripts(train[:search_cases]),
    ]
    # new steps come from the vocabulary, or from the steps the starting scripts use
    pool = sorted({action_to_line(a) for s in starts for a in s if not isinstance(a, End)})
    best, fit = hill_climb(
        train[:search_cases],
        search_iterations,
        seed=seed,
        progress=searched,
        starts=starts,
        pool=[parse_line(line) for line in pool],
        visits=visits,
    )
    lines = tuple(action_to_line(a) for a in best)
    agents: list[Agent] = [
        checklist_agent(),
        RoutineAgent("searched_routine", "\n".join(lines)),
        YesNoChecklist(),
        Prober(),
        DebriefLearner(learn(records)),
    ]
    return agents, Training(train_cases, search_cases, search_iterations, fit, lines)


def expert_scripts(cases: Sequence[Case]) -> list[list[Action]]:
    """The expert's first passing session for each soft-tissue source, as a fixed script:
    a search started there begins from a plan that is right for one kind of client."""
    scripts: dict[Source, list[Action]] = {}
    for number, case in enumerate(cases):
        source = case.hidden.source
        if source in scripts or source is Source.RED_FLAG:
            continue
        session, score = drive(ExpertAgent(), case, number)
        if score.passed:
            scripts[source] = [step.action for step in session.steps]
    return list(scripts.values())


NAMES = ("checklist", "searched_routine", "yes_no_checklist", "prober", "debrief_learner")
