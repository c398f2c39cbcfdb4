"""The adversary suite: fair by construction, trained only on its own cases, deterministic,
and reported by `evaluate --adversaries`."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from simulator.agents.adversaries import NAMES, adversary_agents, training_mix
from simulator.agents.base import Agent, Briefing, Seen, drive
from simulator.agents.checklists import YesNoChecklist, checklist_text
from simulator.agents.learner import DebriefLearner, debriefs, learn, words
from simulator.agents.prober import PROBES, Prober
from simulator.cli import main
from simulator.domain.actions import Action, End, Impression, Refer, RunTest, Treat, parse_script
from simulator.domain.case import Case
from simulator.domain.ids import Question, Reason, Sensation, Source
from simulator.domain.response import Signals
from simulator.generator.generate import generate_mix

REPO = Path(__file__).resolve().parents[2]
SEED = 5
MIX = generate_mix(16, seed=SEED)
SMALL = {"train_cases": 30, "search_cases": 8, "search_iterations": 4}


@pytest.fixture(scope="module")
def suite() -> list[Agent]:
    agents, _training = adversary_agents(SEED, **SMALL)
    return agents


class Watch:
    """Wraps an agent and records everything the driver hands it."""

    def __init__(self, agent: Agent) -> None:
        self.agent = agent
        self.name = agent.name
        self.received: list[object] = []

    def start(self, briefing: Briefing) -> None:
        self.received.append(briefing)
        self.agent.start(briefing)

    def act(self, history: list[Seen]) -> Action:
        self.received.extend(history)
        return self.agent.act(history)


def test_the_suite_is_the_five_adversaries_of_the_issue(suite: list[Agent]) -> None:
    assert [a.name for a in suite] == list(NAMES)


def test_every_adversary_receives_only_the_briefing_and_what_each_step_showed(
    suite: list[Agent],
) -> None:
    for agent in suite:
        for number, case in enumerate(MIX[:4]):
            watch = Watch(agent)
            drive(watch, case, number)
            assert {type(x) for x in watch.received} <= {Briefing, Seen}, agent.name
            for seen in watch.received[1:]:
                assert isinstance(seen, Seen)
                assert isinstance(seen.signals, Signals)
                assert not isinstance(seen.action, Case) and isinstance(seen.text, str)


def test_the_learner_reads_debriefs_of_training_cases_only() -> None:
    agents, _training = adversary_agents(SEED, **SMALL)
    learner = next(a for a in agents if isinstance(a, DebriefLearner))
    evaluated = {c.id for c in generate_mix(500, seed=SEED)}
    training = {c.id for c in training_mix(SMALL["train_cases"], SEED)}
    assert set(learner.model.trained_on) == training
    assert not training & evaluated


def test_the_learner_decides_without_reading_a_test_result(suite: list[Agent]) -> None:
    learner = next(a for a in suite if isinstance(a, DebriefLearner))
    case = MIX[2]
    session, _ = drive(learner, case, 0)
    history = [Seen(s.action, s.response.text, s.response.signals) for s in session.steps]
    history = history[: next(i for i, s in enumerate(history) if s.action.kind == "treat")]
    flipped = [
        Seen(s.action, "?", dataclasses.replace(s.signals, positive=not s.signals.positive))
        if isinstance(s.action, RunTest)
        else s
        for s in history
    ]
    assert flipped != history
    briefing = Briefing.of(case)
    assert (
        words(briefing, flipped)
        == words(briefing, history)
        == words(briefing, [s for s in history if not isinstance(s.action, RunTest)])
    )
    plans = []
    for seen_history in (history, flipped):
        learner.start(Briefing.of(case))
        plans.append(learner.plan(seen_history))
    assert plans[0] == plans[1]


def test_the_learner_needs_the_debriefs_it_learned_from() -> None:
    """The learned plan follows the debriefs: two training sets give two models."""
    first = learn(debriefs(training_mix(40, 1)))
    second = learn(debriefs(training_mix(40, 2)))
    assert first.trained_on != second.trained_on
    assert first.sequences != second.sequences or first.source != second.source


def test_the_adversaries_are_deterministic() -> None:
    (one, t1), (two, t2) = adversary_agents(SEED, **SMALL), adversary_agents(SEED, **SMALL)
    assert t1 == t2
    for a, b in zip(one, two, strict=True):
        for number, case in enumerate(MIX[:5]):
            first, _ = drive(a, case, number)
            second, _ = drive(b, case, number)
            assert [s.action for s in first.steps] == [s.action for s in second.steps], a.name


def test_the_fixed_checklist_is_the_issues_34_actions_and_ships_in_examples() -> None:
    actions = parse_script(checklist_text())
    # the issue's 34 actions and `end`, with one fixed impression
    assert len(actions) == 36 and isinstance(actions[-1], End)
    assert sum(isinstance(a, Impression) for a in actions) == 1
    shipped = (REPO / "examples" / "checklist.txt").read_text(encoding="utf-8")
    assert parse_script(shipped) == actions


def seen(action: Action, text: str = "", **signals: object) -> Seen:
    return Seen(action, text, Signals(minutes_left=40, **signals))  # type: ignore[arg-type]


def test_the_yes_no_checklist_refers_out_on_a_yes_to_the_bladder_question() -> None:
    agent = YesNoChecklist()
    agent.start(Briefing.of(MIX[0]))
    history: list[Seen] = []
    for _ in range(3):
        action = agent.act(history)
        yes = getattr(action, "question", None) is Question.BLADDER_BOWEL
        history.append(seen(action, positive=yes))
    stated = agent.act(history)
    assert isinstance(stated, Impression) and stated.source is Source.RED_FLAG
    history.append(seen(stated))
    assert agent.act(history) == Refer(reason=Reason.RED_FLAG)


def test_the_prober_keeps_doing_what_the_client_called_easing() -> None:
    agent = Prober()
    agent.start(Briefing.of(MIX[0]))
    history: list[Seen] = []
    easing = PROBES[3]
    while True:
        action = agent.act(history)
        if isinstance(action, Treat) and action.minutes > 1:
            break
        text, sensation = "", None
        if isinstance(action, Treat):
            sensation = Sensation.PRESSURE
            if (action.technique, action.region) == easing:
                text = '"It feels a little easier."'
        history.append(seen(action, text, positive=False, sensation=sensation))
    assert (action.technique, action.region) == easing


def test_evaluate_with_adversaries_through_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    small = ["--train-cases", "20", "--search-iterations", "2"]
    assert main(["evaluate", "--count", "4", "--seed", "2", "--adversaries", *small]) == 0
    table = capsys.readouterr().out
    for name in ("expert", "checklist", *NAMES):
        assert name in table, name
    assert main(["evaluate", "--count", "4", "--seed", "2", "--adversaries", "--json", *small]) == 0
    data = json.loads(capsys.readouterr().out)
    for name in NAMES:
        stats = data["agents"][name]
        assert 0 <= stats["pass_rate"] <= 1 and 0 <= stats["mean"] <= 100
        assert set(stats) == {"mean", "pass_rate", "by_source"}
    assert data["adversary_training"]["train_cases"] == 20
    assert main(["evaluate", "--count", "4", "--adversaries", "--train-cases", "0"]) == 2


def test_every_adversary_states_one_impression_before_the_end(suite: list[Agent]) -> None:
    # the searched routine keeps whatever steps the search found best
    for agent in (a for a in suite if a.name != "searched_routine"):
        for number, case in enumerate(MIX[:6]):
            session, _ = drive(agent, case, number)
            kinds = [s.action.kind for s in session.steps]
            assert kinds.count("impression") == 1, (agent.name, kinds)
            assert kinds.index("impression") < kinds.index("end")
