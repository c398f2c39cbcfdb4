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
    RESERVE_MINUTES,
    Screen,
    flared,
    treat,
)
from simulator.domain.actions import Action, Ask, CheckIn, End, Palpate, Reassess, Treat
from simulator.domain.ids import Region, Source, Technique, Test

# the tries, one minute each and light; a hold goes on every muscle that, pressed, gave the
# client's own pain ("that's my pain" is the client's word, not a finding it interprets)
PROBES: tuple[tuple[Technique, Region], ...] = (
    (Technique.COMPRESSION, Region.GLUTE_MAX),
    (Technique.PASSIVE_MOVEMENT, Region.GLUTE_MAX),
    (Technique.SUSTAINED_PRESSURE, Region.DEEP_ROTATORS),
    (Technique.MYOFASCIAL, Region.HAMSTRINGS),
    (Technique.MYOFASCIAL, Region.HIP_FLEXORS),
    (Technique.EFFLEURAGE, Region.LUMBAR),
)
# the source a prober names after the tissue that eased most
GUESS: dict[Region, Source] = {
    Region.DEEP_ROTATORS: Source.DEEP_GLUTEAL,
    Region.HAMSTRINGS: Source.POSTERIOR_CHAIN,
    Region.HIP_FLEXORS: Source.HIP_FLEXOR_PELVIC,
}
# words a client uses for relief; a stronger word scores more ("that's the spot" under a
# hold is the client's own pain being pressed, which a trial-and-error student keeps at)
EASING: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"really eas|much easier|much better|so much|that's the spot", re.I), 2),
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
    relief: dict[tuple[Technique, Region], list[int]] = field(default_factory=dict)
    dropped: set[tuple[Technique, Region]] = field(default_factory=set)
    familiar: list[Region] = field(default_factory=list)
    last: tuple[Technique, Region] | None = None
    rounds: int = 0

    def start(self, briefing: Briefing) -> None:
        self.screen = Screen()
        self.queue = [Ask(question=q) for q in INTAKE_QUESTIONS] + list(EXAM)
        self.phase = "intake"
        self.relief = {}
        self.dropped = set()
        self.familiar = []
        self.last = None
        self.rounds = 0

    def act(self, history: list[Seen]) -> Action:
        if history:
            self.read(history[-1])
        left = history[-1].signals.minutes_left if history else 60
        if self.phase == "intake" and self.screen.red_flag():
            self.phase = "closing"
            self.queue = self.screen.refer_out()
        if self.phase == "intake" and not self.queue:
            self.phase = "probing"
            tries = [*PROBES, *((Technique.TRIGGER_POINT, r) for r in self.familiar)]
            self.queue = [treat(t, r, 1 if self.screen.light() else 2, 1) for t, r in tries]
        if self.phase == "probing" and (not self.queue or left - RESERVE_MINUTES < 1):
            # the impression: the source of the tissue that eased most (the prober's guess)
            self.phase, self.queue = "treating", [self.screen.impression(self.guess())]
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
        if isinstance(action, Palpate) and seen.signals.positive:
            if action.region is not Region.DEEP_ROTATORS:
                self.familiar.append(action.region)
        elif isinstance(action, Treat):
            key = self.last = (action.technique, action.region)
            if flared(seen):
                self.dropped.add(key)
            self.relief.setdefault(key, []).append(-3 if flared(seen) else easing(seen.text))
        elif isinstance(action, CheckIn) and flared(seen) and self.last is not None:
            # the last treatment made it worse after all: stop doing it
            self.dropped.add(self.last)

    def guess(self) -> Source | None:
        kept = [k for k in self.relief if self.score(k) > 0 and k not in self.dropped]
        if not kept:
            return None
        technique, region = max(kept, key=self.score)
        if technique is Technique.TRIGGER_POINT:
            return Source.TRIGGER_POINT
        return GUESS.get(region, Source.LUMBAR_RADICULAR)

    def score(self, key: tuple[Technique, Region]) -> float:
        return sum(self.relief[key]) / len(self.relief[key])

    def exploit(self, left: int) -> list[Action]:
        """The next block: the treatments the client has called easing most, in turn, for
        longer; as light as the try at first, a step firmer while they keep easing."""
        budget = left - RESERVE_MINUTES
        if budget < 3:
            return []
        kept = [k for k in self.relief if self.score(k) > 0 and k not in self.dropped]
        top = max((self.score(k) for k in kept), default=0.0)
        best = [k for k in kept if self.score(k) == top] or [
            (Technique.PASSIVE_MOVEMENT, Region.GLUTE_MAX)
        ]
        technique, region = best[self.rounds % len(best)]
        self.rounds += 1
        light = 1 if self.screen.light() else 2
        tries = len(self.relief.get((technique, region), []))
        pressure = min(light + (1 if tries > 1 and top >= 1 else 0), 3)
        minutes = min(6, budget - 1) if technique is not Technique.TRIGGER_POINT else 2
        block: list[Action] = [treat(technique, region, pressure, minutes), CheckIn()]
        if self.rounds == 1 and budget >= minutes + 4:
            block.append(Reassess(test=Test.PAIN_RATING))
        return block
