"""Baselines: fixed routines students really use, and a random agent.

A routine is the same action list whatever the client says; it is the thing the
simulator must show does not pass (seed: reasoning, not a memorised routine).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from simulator.agents.base import Briefing, Seen
from simulator.domain.actions import Action, End, action_from_json, parse_script
from simulator.domain.ids import (
    MINUTES_MAX,
    PRESSURE_MAX,
    Observation,
    Question,
    Reason,
    Region,
    Technique,
    Test,
    Topic,
)

INTAKE = """
ask onset
ask radiation
ask aggravating
ask history_disc
ask bladder_bowel
ask saddle_numbness
ask weakness
ask general_health
observe sitting
palpate glute_max
test slr
"""

ROUTINES: dict[str, str] = {
    # a relaxation massage: broad strokes everywhere at Swedish pressure
    "swedish_full": """
ask onset
ask location
treat effleurage glute_max 3 5
treat petrissage glute_med 3 5
treat petrissage lumbar 3 5
treat effleurage hamstrings 3 5
treat petrissage calf 3 5
treat passive_movement glute_max 3 5
educate self_care
end
""",
    # "it's always the piriformis"
    "deep_piriformis": """
ask onset
palpate deep_rotators
treat compression glute_max 3 3
treat friction deep_rotators 4 8
check_in
treat sustained_pressure deep_rotators 4 6
treat stripping deep_rotators 4 5
check_in
end
""",
    "stretch_everything": """
ask onset
ask radiation
treat effleurage glute_max 2 3
treat stretch hamstrings 3 5
treat stretch deep_rotators 3 5
treat stretch hip_flexors 3 5
treat contract_relax hamstrings 3 5
treat contract_relax deep_rotators 3 5
reassess slr
end
""",
    # the diligent student: a full intake, then the same treatment every time
    "thorough_intake_same_treatment": INTAKE
    + """
treat compression glute_max 3 5
check_in
treat friction deep_rotators 3 5
check_in
treat myofascial hamstrings 3 6
treat trigger_point glute_med 3 3
check_in
reassess slr
educate expectations
end
""",
    "gentle_everything": INTAKE
    + """
treat effleurage glute_max 2 5
treat effleurage lumbar 2 4
treat effleurage hamstrings 2 4
treat passive_movement glute_max 2 4
treat effleurage hip_flexors 2 3
check_in
reassess slr
educate expectations
educate self_care
end
""",
    # screen everything, send everyone for a medical opinion, keep it light
    "cautious_referrer": INTAKE
    + """
ask cough_sneeze
refer medical_assessment
treat compression glute_max 2 6
treat passive_movement glute_max 2 6
check_in
reassess slr
educate referral_reason
end
""",
}


@dataclass
class RoutineAgent:
    """Plays a fixed script, then ends."""

    name: str
    script: str
    actions: list[Action] = field(default_factory=list)

    def start(self, briefing: Briefing) -> None:
        self.actions = parse_script(self.script)

    def act(self, history: list[Seen]) -> Action:
        return self.actions[len(history)] if len(history) < len(self.actions) else End()


def routine_agents() -> list[RoutineAgent]:
    return [RoutineAgent(name, script) for name, script in ROUTINES.items()]


@dataclass
class RandomAgent:
    """Uniformly random actions from the vocabulary, seeded; ends when time runs low."""

    seed: int = 0
    name: str = "random"
    rng: random.Random = field(default_factory=random.Random)

    def start(self, briefing: Briefing) -> None:
        self.rng = random.Random(f"random-agent:{self.seed}:{briefing.name}")

    def act(self, history: list[Seen]) -> Action:
        left = history[-1].signals.minutes_left if history else 60
        if left < 3 or len(history) > 40:
            return End()
        rng = self.rng
        kind = rng.choice(
            [
                "ask",
                "observe",
                "palpate",
                "test",
                "treat",
                "treat",
                "check_in",
                "reassess",
                "educate",
                "refer",
            ]
        )
        choices: dict[str, dict[str, object]] = {
            "ask": {"question": rng.choice(list(Question)).value},
            "observe": {"what": rng.choice(list(Observation)).value},
            "palpate": {"region": rng.choice(list(Region)).value},
            "test": {"test": rng.choice(list(Test)).value},
            "reassess": {"test": rng.choice(list(Test)).value},
            "treat": {
                "technique": rng.choice(list(Technique)).value,
                "region": rng.choice(list(Region)).value,
                "pressure": rng.randint(1, PRESSURE_MAX),
                "minutes": rng.randint(1, min(MINUTES_MAX, 8)),
            },
            "check_in": {},
            "educate": {"topic": rng.choice(list(Topic)).value},
            "refer": {"reason": rng.choice(list(Reason)).value},
        }
        return action_from_json({"kind": kind, **choices[kind]})
