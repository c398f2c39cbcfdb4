"""The prober adversary: the usual intake, then one-minute light treatments on several
tissues, then more of whatever the client called easing. No clinical model: it reads only
the client's words and the flare signals, as a trial-and-error student would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from simulator.agents.base import Briefing, Seen
from simulator.agents.checklists import (
    EXAM,
    INTAKE_QUESTIONS,
    REFER_OUT,
    RESERVE_MINUTES,
    Screen,
    flared,
    treat,
)
from simulator.domain.actions import Action, Ask, CheckIn, End, Reassess, Treat
from simulator.domain.ids import Region, Technique, Test

# the tries, one minute each at pressure 2
PROBES: tuple[tuple[Technique, Region], ...] = (
    (Technique.COMPRESSION, Region.GLUTE_MAX),
    (Technique.SUSTAINED_PRESSURE, Region.DEEP_ROTATORS),
    (Technique.TRIGGER_POINT, Region.GLUTE_MED),
    (Technique.TRIGGER_POINT, Region.GLUTE_MIN),
    (Technique.MYOFASCIAL, Region.HAMSTRINGS),
    (Technique.MYOFASCIAL, Region.HIP_FLEXORS),
    (Technique.PASSIVE_MOVEMENT, Region.GLUTE_MAX),
    (Technique.EFFLEURAGE, Region.LUMBAR),
)
# words a client uses for relief; a stronger word scores more
EASING: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"really eas|much easier|much better|so much", re.I), 2),
    (re.compile(r"easier|easing|eases|better|looser|lighter|relie", re.I), 1),
)


def easing(text: str) -> int:
    for pattern, value in EASING:
        if pattern.search(text):
            return value
    return 0


@dataclass
class Prober:
    """Intake, a round of one-minute tries, then the tries that eased, longer and firmer."""

    name: str = "prober"
    screen: Screen = field(default_factory=Screen)
    queue: list[Action] = field(default_factory=list)
    phase: str = "intake"
    relief: dict[tuple[Technique, Region], int] = field(default_factory=dict)
    dropped: set[tuple[Technique, Region]] = field(default_factory=set)
    rounds: int = 0

    def start(self, briefing: Briefing) -> None:
        self.screen = Screen()
        self.queue = [Ask(question=q) for q in INTAKE_QUESTIONS] + list(EXAM)
        self.phase = "intake"
        self.relief = {}
        self.dropped = set()
        self.rounds = 0

    def act(self, history: list[Seen]) -> Action:
        if history:
            self.read(history[-1])
        left = history[-1].signals.minutes_left if history else 60
        if self.phase == "intake" and self.screen.red_flag():
            self.phase = "closing"
            self.queue = list(REFER_OUT)
        if self.phase == "intake" and not self.queue:
            self.phase = "probing"
            self.queue = [treat(t, r, 1 if self.screen.light() else 2, 1) for t, r in PROBES]
        if self.phase == "probing" and (not self.queue or left - RESERVE_MINUTES < 1):
            self.phase, self.queue = "treating", []
        if self.phase == "treating" and not self.queue:
            self.queue = self.exploit(left)
            if not self.queue:
                self.phase, self.queue = "closing", self.screen.wrap_up()
        return self.queue.pop(0) if self.queue else End()

    def read(self, seen: Seen) -> None:
        follow_up = self.screen.read(seen)
        if follow_up is not None:
            self.queue.insert(0, follow_up)
        action = seen.action
        if isinstance(action, Treat):
            key = (action.technique, action.region)
            if flared(seen):
                self.dropped.add(key)
                self.relief[key] = self.relief.get(key, 0) - 3
            else:
                self.relief[key] = self.relief.get(key, 0) + easing(seen.text)
        elif isinstance(action, CheckIn) and flared(seen):
            # the last treatment made it worse: stop doing it
            for key in list(self.relief):
                self.relief[key] -= 1

    def exploit(self, left: int) -> list[Action]:
        """The next block: the best-easing untried-for-long treatment, then a check-in."""
        budget = left - RESERVE_MINUTES
        if budget < 3 or self.rounds >= 4:
            return []
        ranked = sorted(
            (key for key, score in self.relief.items() if score > 0 and key not in self.dropped),
            key=lambda k: -self.relief[k],
        )
        if not ranked:
            ranked = [(Technique.PASSIVE_MOVEMENT, Region.GLUTE_MAX)]
        technique, region = ranked[self.rounds % len(ranked)]
        self.rounds += 1
        pressure = 2 if self.screen.light() else 3
        minutes = min(5, budget - 1) if technique is not Technique.TRIGGER_POINT else 2
        block: list[Action] = [treat(technique, region, pressure, minutes), CheckIn()]
        if self.rounds == 2 and budget >= 6:
            block.append(Reassess(test=Test.PAIN_RATING))
        return block
