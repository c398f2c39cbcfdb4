"""The debrief learner: an adversary that learns from earlier debriefs instead of reasoning.

Training: a teacher (the expert) plays N training cases; each debrief shows the case's
hidden truth (source, irritability) and the teacher's actions. The learner fits naive Bayes
from what a student sees before any hands-on check (complaint words, intake answers) to
the source, the irritability and the teacher's referral, and keeps the teacher's favourite
hands-on plan per source. On a new case it runs the intake and the exam, reads no exam
result for its decision, and plays the favourite plan of the source its words predict.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Generic, TypeVar

from simulator.agents.base import Agent, Briefing, Seen, drive
from simulator.agents.checklists import (
    EXAM,
    INTAKE_QUESTIONS,
    REFER_OUT,
    RESERVE_MINUTES,
    Screen,
    flared,
)
from simulator.agents.expert import ExpertAgent
from simulator.domain.actions import (
    Action,
    Ask,
    CheckIn,
    Educate,
    End,
    Reassess,
    Refer,
    Treat,
)
from simulator.domain.case import Case
from simulator.domain.ids import (
    Irritability,
    Question,
    Reason,
    Region,
    Source,
    Technique,
    Test,
    Topic,
)

K = TypeVar("K", bound=Hashable)
WORD = re.compile(r"[a-z]+")
NO_REFERRAL = "none"
SPECIFIC = frozenset(
    {Technique.TRIGGER_POINT, Technique.SUSTAINED_PRESSURE, Technique.FRICTION, Technique.STRETCH}
)


@dataclass(frozen=True)
class Debrief:
    """What a debrief shows after a session: the truth and what the teacher did."""

    case_id: str
    briefing: Briefing
    steps: tuple[Seen, ...]
    source: Source
    irritability: Irritability


def words(briefing: Briefing, steps: Iterable[Seen]) -> list[str]:
    """The features a student sees before any hands-on check: complaint and answer words,
    each answer's words tagged with its question, plus its yes/no and pain bucket."""
    out = [f"c:{w}" for w in WORD.findall(briefing.complaint.lower())]
    for seen in steps:
        if not isinstance(seen.action, Ask):
            continue
        q = seen.action.question.value
        out += [f"{q}:{w}" for w in WORD.findall(seen.text.lower())]
        if seen.signals.positive is not None:
            out.append(f"{q}={'yes' if seen.signals.positive else 'no'}")
        if seen.signals.nrs is not None:
            out.append(f"nrs={min(9, seen.signals.nrs) // 2}")
        if seen.signals.reach is not None:
            out.append(f"reach={seen.signals.reach.value}")
    out.append(f"style={briefing.style.value}")
    return out


def severity(briefing: Briefing, steps: Iterable[Seen]) -> list[str]:
    """The few features irritability is learned from: the pain number, sleep, the style."""
    out = [f"style={briefing.style.value}"]
    for seen in steps:
        if isinstance(seen.action, Ask) and seen.signals.nrs is not None:
            out.append(f"nrs={seen.signals.nrs}")
        if isinstance(seen.action, Ask) and seen.action.question is Question.NIGHT_PAIN:
            out.append(f"night={seen.signals.positive}")
    return out


@dataclass
class NaiveBayes(Generic[K]):
    """Multinomial naive Bayes with add-one smoothing over bags of words."""

    prior: Counter[K] = field(default_factory=Counter)
    counts: dict[K, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    vocabulary: set[str] = field(default_factory=set)

    def fit(self, label: K, bag: Sequence[str]) -> None:
        self.prior[label] += 1
        self.counts[label].update(bag)
        self.vocabulary.update(bag)

    def predict(self, bag: Sequence[str]) -> K:
        total = sum(self.prior.values())
        size = len(self.vocabulary) + 1

        def log_p(label: K) -> float:
            counts = self.counts[label]
            n = sum(counts.values()) + size
            return math.log(self.prior[label] / total) + sum(
                math.log((counts[w] + 1) / n) for w in bag if w in self.vocabulary
            )

        # ties go to the label first seen in training (dict order), so results are stable
        return max(self.prior, key=log_p)


@dataclass(frozen=True)
class Block:
    technique: Technique
    region: Region
    minutes: int
    pressure: dict[Irritability, int]


@dataclass
class Model:
    """What the learner takes from the debriefs."""

    source: NaiveBayes[Source] = field(default_factory=NaiveBayes)
    irritability: NaiveBayes[Irritability] = field(default_factory=NaiveBayes)
    referral: NaiveBayes[str] = field(default_factory=NaiveBayes)
    plans: dict[Source, list[Block]] = field(default_factory=dict)
    retest: dict[Source, Test] = field(default_factory=dict)
    # the teacher's most common hands-on sequence per (source, irritability), and per source
    sequences: dict[tuple[Source, Irritability | None], tuple[Action, ...]] = field(
        default_factory=dict
    )
    trained_on: tuple[str, ...] = ()


def debriefs(cases: Sequence[Case], teacher: Callable[[], Agent] = ExpertAgent) -> list[Debrief]:
    """Play the teacher on each training case and keep the debrief (truth and actions)."""
    out = []
    for number, case in enumerate(cases):
        session, _score = drive(teacher(), case, number)
        steps = tuple(Seen(s.action, s.response.text, s.response.signals) for s in session.steps)
        out.append(
            Debrief(case.id, Briefing.of(case), steps, case.hidden.source, case.hidden.irritability)
        )
    return out


def learn(records: Sequence[Debrief], top: int = 5) -> Model:
    model = Model(trained_on=tuple(r.case_id for r in records))
    uses: dict[Source, Counter[tuple[Technique, Region]]] = defaultdict(Counter)
    position: dict[tuple[Source, Technique, Region], list[float]] = defaultdict(list)
    minutes: dict[tuple[Source, Technique, Region], list[int]] = defaultdict(list)
    pressure: dict[tuple[Source, Technique, Region, Irritability], list[int]] = defaultdict(list)
    retests: dict[Source, Counter[Test]] = defaultdict(Counter)
    firsts: dict[Source, Counter[tuple[Technique, Region]]] = defaultdict(Counter)
    for record in records:
        intake = [s for s in record.steps if isinstance(s.action, Ask)]
        bag = words(record.briefing, intake)
        model.source.fit(record.source, bag)
        model.irritability.fit(record.irritability, severity(record.briefing, intake))
        refer = next((s.action for s in record.steps if isinstance(s.action, Refer)), None)
        model.referral.fit(refer.reason.value if refer else NO_REFERRAL, bag)
        treats = [s.action for s in record.steps if isinstance(s.action, Treat)]
        if treats:
            firsts[record.source][(treats[0].technique, treats[0].region)] += 1
        uses[record.source].update({(a.technique, a.region) for a in treats})  # sessions
        for i, action in enumerate(treats):
            key = (action.technique, action.region)
            position[(record.source, *key)].append(i / max(1, len(treats)))
            minutes[(record.source, *key)].append(action.minutes)
            pressure[(record.source, *key, record.irritability)].append(action.pressure)
        for s in record.steps:
            if isinstance(s.action, Reassess):
                retests[record.source][s.action.test] += 1
    sessions = Counter(r.source for r in records)
    overall: Counter[tuple[Technique, Region]] = Counter()
    for counter in uses.values():
        overall.update(counter)
    for source, counter in uses.items():
        if not counter:  # the teacher never treated this source (a red flag): no plan
            continue
        # the opening block, then the blocks most typical of this source: used in many of
        # its sessions and more often than in the others' (frequency times lift)
        opening = firsts[source].most_common(1)[0][0]
        share = {key: n / sessions[source] for key, n in counter.items()}
        lift = {key: share[key] / (overall[key] / len(records)) for key in counter}
        typical = sorted(
            (key for key in counter if key != opening and share[key] >= 0.2),
            key=lambda k: -share[k] * lift[k],
        )[: top - 1]
        favourites = [opening, *sorted(typical, key=lambda k: median(position[(source, *k)]))]
        model.plans[source] = [
            Block(
                technique,
                region,
                round(median(minutes[(source, technique, region)])),
                {
                    irr: round(median(pressure[(source, technique, region, irr)]))
                    for irr in Irritability
                    if pressure[(source, technique, region, irr)]
                },
            )
            for technique, region in favourites
        ]
    model.retest = {s: c.most_common(1)[0][0] for s, c in retests.items()}
    sequences: dict[tuple[Source, Irritability | None], Counter[tuple[Action, ...]]] = defaultdict(
        Counter
    )
    for record in records:
        hands_on = tuple(
            s.action for s in record.steps if isinstance(s.action, Treat | CheckIn | Reassess)
        )
        if hands_on:
            sequences[(record.source, record.irritability)][hands_on] += 1
            sequences[(record.source, None)][hands_on] += 1
    # most common first; among equals the first met in training (Counter keeps order)
    model.sequences = {key: c.most_common(1)[0][0] for key, c in sequences.items()}
    return model


@dataclass
class DebriefLearner:
    """Intake, then the teacher's favourite plan for the source its words predict."""

    model: Model
    name: str = "debrief_learner"
    briefing: Briefing | None = None
    screen: Screen = field(default_factory=Screen)
    queue: list[Action] = field(default_factory=list)
    phase: str = "intake"
    guess: Source | None = None

    def start(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.screen = Screen()
        # the exam earns its process points; its results are never read (issue 12)
        self.queue = [Ask(question=q) for q in INTAKE_QUESTIONS] + list(EXAM)
        self.phase = "intake"
        self.guess = None

    def act(self, history: list[Seen]) -> Action:
        if history:
            follow_up = self.screen.read(history[-1])
            if follow_up is not None:
                self.queue.insert(0, follow_up)
            if flared(history[-1]):
                self.ease_off(history[-1].action)
        if self.phase == "intake" and not self.queue:
            self.phase = "plan"
            self.queue = self.plan(history)
        left = history[-1].signals.minutes_left if history else 60
        while self.queue and isinstance(self.queue[0], Treat | Reassess | CheckIn):
            step = self.queue[0]
            need = step.minutes if isinstance(step, Treat) else 2
            if need <= left - RESERVE_MINUTES:
                break
            self.queue.pop(0)
        return self.queue.pop(0) if self.queue else End()

    def ease_off(self, cause: Action) -> None:
        """After a flare: gentle movement instead of the flared region's remaining blocks,
        and one step lighter everywhere else (what the teacher is seen doing)."""
        region = cause.region if isinstance(cause, Treat) else None
        kept: list[Action] = []
        for action in self.queue:
            if isinstance(action, Treat):
                lighter = max(1, action.pressure - 1)
                if action.region is region or (region is None and action.pressure >= 3):
                    action = Treat(
                        technique=Technique.PASSIVE_MOVEMENT,
                        region=Region.GLUTE_MAX,
                        pressure=min(2, lighter),
                        minutes=action.minutes,
                    )
                else:
                    action = action.model_copy(update={"pressure": lighter})
            kept.append(action)
        self.queue = kept

    def plan(self, history: list[Seen]) -> list[Action]:
        assert self.briefing is not None
        bag = words(self.briefing, history)
        model = self.model
        self.guess = model.source.predict(bag)
        referral = model.referral.predict(bag)
        # the intake's yes/no screen is every student's checklist, so the learner keeps it
        if self.screen.red_flag() or referral == Reason.RED_FLAG.value:
            return list(REFER_OUT)
        irritability = model.irritability.predict(severity(self.briefing, history))
        favourite = model.sequences.get((self.guess, irritability)) or model.sequences.get(
            (self.guess, None), ()
        )
        if favourite:
            return [*favourite, *self.wrap_up(referral)]
        blocks = model.plans.get(self.guess, [])
        # the opening block once, then the typical blocks in turn while time lasts (the
        # act loop drops what no longer fits)
        treats = blocks[:1] + blocks[1:] * 3
        plan: list[Action] = []
        retest = Reassess(test=model.retest.get(self.guess, Test.PAIN_RATING))
        for i, block in enumerate(treats):
            pressure = block.pressure.get(irritability) or round(median(block.pressure.values()))
            plan.append(
                Treat(
                    technique=block.technique,
                    region=block.region,
                    pressure=pressure,
                    minutes=block.minutes,
                )
            )
            if pressure >= 4 or block.technique in SPECIFIC:
                plan.append(CheckIn())
            if i % 2 == 1:
                plan.append(retest)
        return [*plan, *self.wrap_up(referral)]

    def wrap_up(self, referral: str) -> list[Action]:
        if referral == Reason.MEDICAL_ASSESSMENT.value or self.screen.amber():
            return [
                Refer(reason=Reason.MEDICAL_ASSESSMENT),
                Educate(topic=Topic.REFERRAL_REASON),
                Educate(topic=Topic.SELF_CARE),
                End(),
            ]
        return self.screen.wrap_up()


def trained_learner(cases: Sequence[Case]) -> DebriefLearner:
    return DebriefLearner(learn(debriefs(cases)))
