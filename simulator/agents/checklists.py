"""Checklist adversaries: the fixed 34-action checklist of issue 12, and a checklist whose
only adaptivity is branching on yes/no answers and test results (no clinical model).

Both exist to be failed: a score that either passes rewards a routine, not reasoning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files

from simulator.agents.base import Briefing, Seen
from simulator.agents.routines import RoutineAgent
from simulator.domain.actions import (
    UNSURE,
    Action,
    Ask,
    CheckIn,
    Educate,
    End,
    Impression,
    Observe,
    Palpate,
    Reassess,
    Refer,
    RunTest,
    Treat,
)
from simulator.domain.ids import (
    Irritability,
    Observation,
    Question,
    Reach,
    Reason,
    Region,
    Source,
    Technique,
    Test,
    Topic,
)
from simulator.knowledge.responses import FLARE_SENSATIONS

# examples/checklist.txt is a copy of this file for `massage-sim run --actions`
CHECKLIST_FILE = "checklist.txt"
# the intake every adaptive checklist runs: pain, spread, the screen, then soft history
INTAKE_QUESTIONS: tuple[Question, ...] = (
    Question.PAIN_RATING,
    Question.RADIATION,
    Question.BLADDER_BOWEL,
    Question.SADDLE_NUMBNESS,
    Question.GENERAL_HEALTH,
    Question.WEAKNESS,
    Question.NUMBNESS,
    Question.NIGHT_PAIN,
    Question.COUGH_SNEEZE,
    Question.HISTORY_DISC,
    Question.SITTING_VS_WALKING,
    Question.TRAINING_LOAD,
)
RED_FLAG_QUESTIONS = frozenset(
    {Question.BLADDER_BOWEL, Question.SADDLE_NUMBNESS, Question.GENERAL_HEALTH}
)
AMBER_QUESTIONS = frozenset({Question.COUGH_SNEEZE, Question.WEAKNESS})
EXAM: tuple[Action, ...] = (
    Observe(what=Observation.SITTING),
    Palpate(region=Region.DEEP_ROTATORS),
    Palpate(region=Region.GLUTE_MIN),
    Palpate(region=Region.GLUTE_MED),
    Palpate(region=Region.QUADRATUS_LUMBORUM),
    Palpate(region=Region.HAMSTRINGS),
    RunTest(test=Test.SLR),
    RunTest(test=Test.FAIR),
    RunTest(test=Test.THOMAS),
    RunTest(test=Test.HAMSTRING_LENGTH),
)
RESERVE_MINUTES = 7  # kept back for the wrap-up (referral, education, end)


def checklist_text() -> str:
    return files("simulator.agents").joinpath(CHECKLIST_FILE).read_text(encoding="utf-8")


def checklist_agent() -> RoutineAgent:
    """The issue's memorised 34-action checklist, played as a fixed routine."""
    return RoutineAgent("checklist", checklist_text())


def treat(technique: Technique, region: Region, pressure: int, minutes: int) -> Treat:
    return Treat(technique=technique, region=region, pressure=pressure, minutes=minutes)


@dataclass
class Screen:
    """What an intake shows as yes/no data: answers, pain, spread, and the follow-ups owed.

    Only `positive`, `nrs` and `reach` signals are read, never a clinical model.
    """

    answers: dict[Question, bool | None] = field(default_factory=dict)
    nrs: int | None = None
    reach: Reach | None = None

    def read(self, seen: Seen) -> Action | None:
        """Record an answer; return the follow-up a vague answer calls for (once)."""
        action, signals = seen.action, seen.signals
        if not isinstance(action, Ask):
            return None
        q = action.question
        if signals.nrs is not None and q is Question.PAIN_RATING:
            self.nrs = signals.nrs
        if signals.reach is not None and q is Question.RADIATION:
            self.reach = signals.reach
        if q in INTAKE_QUESTIONS and q not in (Question.PAIN_RATING, Question.RADIATION):
            if signals.positive is None and q not in self.answers:
                self.answers[q] = None
                return Ask(question=q)
            self.answers[q] = signals.positive
        return None

    def red_flag(self) -> bool:
        return any(self.answers.get(q) for q in RED_FLAG_QUESTIONS)

    def amber(self) -> bool:
        return any(self.answers.get(q) for q in AMBER_QUESTIONS)

    def impression(self, source: Source | None) -> Impression:
        """A stated impression: the guessed source at the pain-rating irritability."""
        if source is None:
            return Impression(source=UNSURE)
        return Impression(source=source, irritability=irritability_of(self.nrs))

    def refer_out(self) -> list[Action]:
        """A yes to bladder or saddle is an emergency; another flag is urgent."""
        a = self.answers
        emergency = a.get(Question.BLADDER_BOWEL) or a.get(Question.SADDLE_NUMBNESS)
        return [
            self.impression(Source.RED_FLAG),
            Refer(reason=Reason.RED_FLAG if emergency else Reason.URGENT),
            Educate(topic=Topic.REFERRAL_REASON),
            End(),
        ]

    def light(self) -> bool:
        return (self.nrs or 5) >= 7

    def wrap_up(self) -> list[Action]:
        if self.amber():
            actions: list[Action] = [
                Refer(reason=Reason.MEDICAL_ASSESSMENT),
                Educate(topic=Topic.REFERRAL_REASON),
            ]
        else:
            actions = [Educate(topic=Topic.EXPECTATIONS)]
        return [*actions, Educate(topic=Topic.SELF_CARE), End()]


def irritability_of(nrs: int | None) -> Irritability:
    """The checklist rule: pain 7+ is highly irritable, 4-6 moderate, less is low."""
    n = 5 if nrs is None else nrs
    return Irritability.HIGH if n >= 7 else Irritability.MODERATE if n >= 4 else Irritability.LOW


def flared(seen: Seen) -> bool:
    return isinstance(seen.action, Treat | CheckIn) and seen.signals.sensation in FLARE_SENSATIONS


@dataclass
class YesNoChecklist:
    """Intake and exam, then canned treatment blocks chosen by which tests were positive.

    The branches: a yes to bladder, saddle or general health refers out at once; a yes to
    cough/sneeze or weakness adds a medical-assessment referral; pain 7+ lightens every
    block; the first positive test (in a fixed order) picks the block, a second positive
    picks a second; a flare drops the rest of the current block.
    """

    name: str = "yes_no_checklist"
    screen: Screen = field(default_factory=Screen)
    positives: dict[Test, bool] = field(default_factory=dict)
    palpated: list[Region] = field(default_factory=list)
    queue: list[Action] = field(default_factory=list)
    phase: str = "intake"

    def start(self, briefing: Briefing) -> None:
        self.screen = Screen()
        self.positives = {}
        self.palpated = []
        self.queue = [Ask(question=q) for q in INTAKE_QUESTIONS] + list(EXAM)
        self.phase = "intake"

    def act(self, history: list[Seen]) -> Action:
        if history:
            self.read(history[-1])
        if self.phase == "intake" and self.screen.red_flag():
            self.phase = "closing"
            self.queue = self.screen.refer_out()
        if not self.queue and self.phase == "intake":
            self.phase = "treating"
            self.queue = self.plan()
        left = history[-1].signals.minutes_left if history else 60
        while self.queue and self.phase == "treating":
            action = self.queue[0]
            if isinstance(action, Treat) and action.minutes > left - RESERVE_MINUTES:
                self.queue.pop(0)
                continue
            if isinstance(action, Reassess | CheckIn) and left - RESERVE_MINUTES < 2:
                self.queue.pop(0)
                continue
            break
        if not self.queue and self.phase == "treating":
            self.phase = "closing"
            self.queue = self.screen.wrap_up()
        return self.queue.pop(0) if self.queue else End()

    def read(self, seen: Seen) -> None:
        follow_up = self.screen.read(seen)
        if follow_up is not None:
            self.queue.insert(0, follow_up)
        action, positive = seen.action, seen.signals.positive
        if isinstance(action, RunTest) and positive is not None:
            self.positives[action.test] = positive
        reach = seen.signals.reach
        # "does pressing it bring on all of your pain?" (as far as it usually goes)
        if (
            isinstance(action, Palpate)
            and positive
            and reach is not None
            and action.region is not Region.DEEP_ROTATORS
            and (self.screen.reach is None or reach.level >= self.screen.reach.level)
        ):
            self.palpated.append(action.region)
        if self.phase == "treating" and flared(seen):
            # "if it hurts, stop": drop the rest of this block's hands-on steps
            while self.queue and isinstance(self.queue[0], Treat | CheckIn):
                self.queue.pop(0)

    def plan(self) -> list[Action]:
        """A decision list on yes/no results: the first two blocks whose trigger is a yes."""
        yes = {t for t, positive in self.positives.items() if positive}
        answers = self.screen.answers
        p = 2 if self.screen.light() else 3
        region = self.palpated[0] if self.palpated else Region.GLUTE_MED
        blocks: list[tuple[bool, Source, list[Action]]] = [
            (
                Test.FAIR in yes,  # buttock pain in the FAIR position
                Source.DEEP_GLUTEAL,
                [
                    treat(Technique.COMPRESSION, Region.GLUTE_MAX, p, 4),
                    treat(Technique.SUSTAINED_PRESSURE, Region.DEEP_ROTATORS, 2, 4),
                    CheckIn(),
                    treat(Technique.PASSIVE_MOVEMENT, Region.DEEP_ROTATORS, p, 6),
                    Reassess(test=Test.FAIR),
                ],
            ),
            (
                Test.SLR in yes,  # leg pain on the straight-leg raise
                Source.LUMBAR_RADICULAR,
                [
                    treat(Technique.COMPRESSION, Region.GLUTE_MAX, p, 4),
                    treat(Technique.PASSIVE_MOVEMENT, Region.GLUTE_MAX, p, 6),
                    CheckIn(),
                    Reassess(test=Test.SLR),
                    treat(Technique.PASSIVE_MOVEMENT, Region.GLUTE_MAX, p, 5),
                ],
            ),
            (
                bool(self.palpated),  # pressing a muscle brings on the whole complaint
                Source.TRIGGER_POINT,
                [
                    treat(Technique.COMPRESSION, region, p, 3),
                    treat(Technique.TRIGGER_POINT, region, p, 3),
                    CheckIn(),
                    Reassess(test=Test.PAIN_RATING),
                ],
            ),
            (
                Test.THOMAS in yes
                and (Test.HAMSTRING_LENGTH not in yes or not answers.get(Question.TRAINING_LOAD)),
                Source.HIP_FLEXOR_PELVIC,
                [
                    treat(Technique.COMPRESSION, Region.GLUTE_MAX, p, 4),
                    treat(Technique.MYOFASCIAL, Region.HIP_FLEXORS, p, 6),
                    Reassess(test=Test.THOMAS),
                    treat(Technique.MYOFASCIAL, Region.HIP_FLEXORS, p, 5),
                ],
            ),
            (
                Test.HAMSTRING_LENGTH in yes,
                Source.POSTERIOR_CHAIN,
                [
                    treat(Technique.COMPRESSION, Region.GLUTE_MAX, p, 4),
                    treat(Technique.MYOFASCIAL, Region.HAMSTRINGS, p, 6),
                    Reassess(test=Test.HAMSTRING_LENGTH),
                    treat(Technique.MYOFASCIAL, Region.HAMSTRINGS, p, 5),
                ],
            ),
        ]
        chosen = [(source, block) for fires, source, block in blocks if fires][:2]
        chosen = chosen or [blocks[1][1:]]
        # the impression is the source of the first block that fired (a checklist's guess)
        plan: list[Action] = [self.screen.impression(chosen[0][0])]
        for _source, block in chosen:
            plan += [a for a in block if a not in plan or not isinstance(a, Treat)]
        return plan
