"""What the screens show, derived from the steps: the visible record during play, the
timeline (with the hidden effect) at the debrief.

`visible_record` reads only each step's action, text and signals, never `effect` or
`note`: it is the single place the session screen gets its facts from, so nothing hidden
can reach the screen before the debrief. `timeline` is for the debrief and may read both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from simulator.domain.actions import Palpate, Reassess, RunTest, Treat
from simulator.domain.ids import Effect, Reach, Region, Sensation, Test
from simulator.engine.session import Step


@dataclass(frozen=True)
class Palpated:
    """What palpating a region showed: the first time and the latest."""

    step: int  # 1-based step number of the latest palpation
    familiar: bool  # reproduced the client's familiar pain
    refers: Reach | None  # how far pressing it sent the symptoms, when it did
    finding: str = ""  # the palpation's text without the region's name


@dataclass(frozen=True)
class VisibleRecord:
    """Everything the client has shown or said so far, as data for the widgets."""

    budget: int
    minutes_left: int
    steps: int = 0
    ended: bool = False
    pains: tuple[tuple[int, int], ...] = ()  # (step, NRS) in order
    reaches: tuple[tuple[int, Reach], ...] = ()  # (step, reach) the client reported
    sensations: tuple[tuple[int, Sensation], ...] = ()  # (step, sensation) in order
    palpated: dict[Region, Palpated] = field(default_factory=dict)
    treated: dict[Region, int] = field(default_factory=dict)  # minutes of work per region
    tests: dict[Test, bool] = field(default_factory=dict)  # latest result per test

    @property
    def last_palpated(self) -> tuple[Region, Palpated] | None:
        if not self.palpated:
            return None
        return max(self.palpated.items(), key=lambda item: item[1].step)

    @property
    def reach(self) -> Reach | None:
        """The latest reach the client reported."""
        return self.reaches[-1][1] if self.reaches else None

    @property
    def furthest(self) -> Reach | None:
        """The furthest reach reported so far."""
        if not self.reaches:
            return None
        return max((r for _, r in self.reaches), key=lambda r: r.level)

    @property
    def reach_trend(self) -> int:
        """+1 when the latest report reaches further than the one before, -1 when less."""
        if len(self.reaches) < 2:
            return 0
        before, now = self.reaches[-2][1].level, self.reaches[-1][1].level
        return (now > before) - (now < before)

    @property
    def pain_trend(self) -> int:
        if len(self.pains) < 2:
            return 0
        before, now = self.pains[-2][1], self.pains[-1][1]
        return (now > before) - (now < before)


def visible_record(steps: Sequence[Step], budget: int) -> VisibleRecord:
    """The visible facts of the steps so far (text and signals only)."""
    pains: list[tuple[int, int]] = []
    reaches: list[tuple[int, Reach]] = []
    sensations: list[tuple[int, Sensation]] = []
    palpated: dict[Region, Palpated] = {}
    treated: dict[Region, int] = {}
    tests: dict[Test, bool] = {}
    minutes_left = budget
    ended = False
    for number, step in enumerate(steps, start=1):
        action, signals = step.action, step.response.signals
        minutes_left = signals.minutes_left
        ended = ended or step.response.ended
        if signals.nrs is not None:
            pains.append((number, signals.nrs))
        if isinstance(action, Palpate):
            if signals.positive is not None:
                finding = step.response.text.split(": ", 1)[-1]
                palpated[action.region] = Palpated(number, signals.positive, signals.reach, finding)
        elif signals.reach is not None:
            # a palpation's reach is how far that press referred, not the client's report
            reaches.append((number, signals.reach))
        if signals.sensation is not None:
            sensations.append((number, signals.sensation))
        if isinstance(action, Treat) and signals.sensation is not None:
            # a refused treatment (no time, referred out) reports no sensation
            treated[action.region] = treated.get(action.region, 0) + action.minutes
        if isinstance(action, RunTest | Reassess) and signals.positive is not None:
            tests[action.test] = signals.positive
    return VisibleRecord(
        budget=budget,
        minutes_left=minutes_left,
        steps=len(steps),
        ended=ended,
        pains=tuple(pains),
        reaches=tuple(reaches),
        sensations=tuple(sensations),
        palpated=palpated,
        treated=treated,
        tests=tests,
    )


@dataclass(frozen=True)
class Moment:
    """One step on the debrief timeline: what the client said and what really happened."""

    step: int  # 1-based
    kind: str
    nrs: int | None  # reported pain, when the client rated it
    reach: Reach | None  # reported reach, when the client said
    sensation: Sensation | None
    effect: Effect | None  # hidden until the debrief
    pain: float  # true pain after the step (hidden)
    true_reach: Reach  # true reach after the step (hidden)
    rule: str
    teaching: str


def timeline(steps: Sequence[Step]) -> list[Moment]:
    """The session step by step, with the hidden effect and true state (debrief only)."""
    out: list[Moment] = []
    for number, step in enumerate(steps, start=1):
        r = step.response
        reach = None if isinstance(step.action, Palpate) else r.signals.reach
        out.append(
            Moment(
                step=number,
                kind=step.action.kind,
                nrs=r.signals.nrs,
                reach=reach,
                sensation=r.signals.sensation,
                effect=r.effect,
                pain=r.note.pain,
                true_reach=r.note.reach,
                rule=r.note.rule,
                teaching=r.note.teaching,
            )
        )
    return out
