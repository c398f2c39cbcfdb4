"""The debrief learner: an adversary that learns from earlier debriefs instead of reasoning.

Training: on N training cases it plays its own intake and the teacher (the expert), and
reads both debriefs: the hidden truth (source, irritability) and the teacher's actions. It
fits naive Bayes from what it heard and felt (complaint and answer words, which muscles
gave the client's pain) to the source, from the pain number and manner to irritability,
and keeps the teacher's favourite hands-on plan per source. On a new case it runs the
intake and the exam, reads no test result, and plays the plan of the source it predicts.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from simulator.agents.base import Agent, Briefing, Seen, drive
from simulator.agents.checklists import (
    EXAM,
    INTAKE_QUESTIONS,
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
    Impression,
    Observe,
    Palpate,
    Reassess,
    Refer,
    Treat,
)
from simulator.domain.case import Case
from simulator.domain.ids import (
    Irritability,
    Question,
    Reach,
    Reason,
    Region,
    Source,
    Technique,
    Test,
    Topic,
)

K = TypeVar("K", bound=Hashable)
WORD = re.compile(r"[a-z]+")
DEEP = frozenset(
    {Technique.TRIGGER_POINT, Technique.SUSTAINED_PRESSURE, Technique.FRICTION, Technique.STRIPPING}
)
# the intake plus the two open questions whose answers carry the most telling words
LEARNER_QUESTIONS = (*INTAKE_QUESTIONS, Question.QUALITY, Question.EASING)


@dataclass(frozen=True)
class Debrief:
    """What the debriefs of one training case show: the truth, what the learner's own
    intake heard, and what the teacher did."""

    case_id: str
    briefing: Briefing
    intake: tuple[Seen, ...]
    steps: tuple[Seen, ...]
    source: Source
    irritability: Irritability


def words(briefing: Briefing, steps: Iterable[Seen]) -> list[str]:
    """The features: the set of words of the complaint and the answers, each yes/no
    answer, how far the pain reaches, and which muscles, pressed, gave the client's pain
    (all of it, or part). Never a test result. (A set, not counts: with 120 debriefs,
    presence generalises better than frequency.)"""
    out = set(WORD.findall(briefing.complaint.lower()))
    reach = Reach.NONE
    for seen in steps:
        action, signals = seen.action, seen.signals
        if isinstance(action, Ask):
            q = action.question.value
            out.update(WORD.findall(seen.text.lower()))
            if signals.positive is not None:
                out.add(f"{q}={'yes' if signals.positive else 'no'}")
            if signals.reach is not None:
                reach = signals.reach
                out.add(f"reach={reach.value}")
        elif isinstance(action, Palpate) and signals.positive is not None:
            whole = signals.reach is not None and signals.reach.level >= reach.level
            felt = ("whole" if whole else "part") if signals.positive else "no"
            out.add(f"{action.region.value}={felt}")
        elif isinstance(action, Observe) and signals.positive is not None:
            out.add(f"{action.what.value}={signals.positive}")
    out.add(f"style={briefing.style.value}")
    return sorted(out)


def severity(briefing: Briefing, steps: Iterable[Seen]) -> list[str]:
    """The few features irritability is learned from: the pain number, sleep, the style."""
    out = [f"style={briefing.style.value}"]
    for seen in steps:
        if isinstance(seen.action, Ask) and seen.signals.nrs is not None:
            # the number as told, and as told by this kind of talker
            out += [f"nrs={seen.signals.nrs}", f"{briefing.style.value}:{seen.signals.nrs // 2}"]
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


@dataclass
class Model:
    """What the learner takes from the debriefs."""

    # words -> plan label: the source, and for a trigger-point client the muscle the teacher
    # held (the debrief names it), e.g. "trigger_point@glute_min"
    label: NaiveBayes[str] = field(default_factory=NaiveBayes)
    irritability: NaiveBayes[Irritability] = field(default_factory=NaiveBayes)
    # answer -> the referral the teacher always made after it (e.g. "cough_sneeze=yes")
    referral_rules: dict[str, Reason] = field(default_factory=dict)
    # the teacher's favourite treatments, in order, per (label, irritability) and per label
    sequences: dict[tuple[str, Irritability | None], tuple[Treat, ...]] = field(
        default_factory=dict
    )
    retest: dict[str, Test] = field(default_factory=dict)  # its usual retest per label
    trained_on: tuple[str, ...] = ()


def debriefs(cases: Sequence[Case], teacher: Callable[[], Agent] = ExpertAgent) -> list[Debrief]:
    """On each training case, play the learner's intake (untrained, it asks and ends) and
    the teacher, and keep both debriefs (the truth, the answers, the teacher's actions)."""

    def seen(agent: Agent, case: Case, number: int) -> tuple[Seen, ...]:
        session, _score = drive(agent, case, number)
        return tuple(Seen(s.action, s.response.text, s.response.signals) for s in session.steps)

    return [
        Debrief(
            case.id,
            Briefing.of(case),
            seen(DebriefLearner(None), case, number),
            seen(teacher(), case, number),
            case.hidden.source,
            case.hidden.irritability,
        )
        for number, case in enumerate(cases)
    ]


def plan_label(record: Debrief) -> str:
    """The source, refined by the muscle the teacher held for a trigger-point client."""
    if record.source is Source.TRIGGER_POINT:
        holds = Counter(
            s.action.region.value
            for s in record.steps
            if isinstance(s.action, Treat) and s.action.technique is Technique.TRIGGER_POINT
        )
        if holds:
            return f"{record.source.value}@{holds.most_common(1)[0][0]}"
    return record.source.value


def learn(records: Sequence[Debrief]) -> Model:
    model = Model(trained_on=tuple(r.case_id for r in records))
    referred: dict[Reason, Counter[str]] = defaultdict(Counter)
    heard: Counter[str] = Counter()
    sequences: dict[tuple[str, Irritability | None], Counter[tuple[Treat, ...]]] = defaultdict(
        Counter
    )
    retests: dict[str, Counter[Test]] = defaultdict(Counter)
    for record in records:
        intake = list(record.intake)
        bag = words(record.briefing, intake)
        label = plan_label(record)
        model.label.fit(label, bag)
        model.irritability.fit(record.irritability, severity(record.briefing, intake))
        heard.update(bag)
        for s in record.steps:
            if isinstance(s.action, Refer):
                referred[s.action.reason].update(bag)
        hands_on = tuple(s.action for s in record.steps if isinstance(s.action, Treat))
        retests[label].update(s.action.test for s in record.steps if isinstance(s.action, Reassess))
        if hands_on:
            sequences[(label, record.irritability)][hands_on] += 1
            sequences[(label, None)][hands_on] += 1
    for reason in Reason:
        for token, n in referred[reason].items():
            # a yes/no answer the teacher met at least twice and referred after every time
            if "=" in token and n >= 2 and n == heard[token]:
                model.referral_rules.setdefault(token, reason)
    for key, counter in sequences.items():
        # the most common sequence (among equals the first met in training) once the blocks
        # the teacher used in fewer than half of these sessions are left out of each (a
        # trigger-point hold beside another source is for the clients who had one)
        total = sum(counter.values())
        used: Counter[tuple[Technique, Region]] = Counter()
        for seq, n in counter.items():
            for block in {(a.technique, a.region) for a in seq}:
                used[block] += n
        common: Counter[tuple[Treat, ...]] = Counter()
        for seq, n in counter.items():
            common[tuple(a for a in seq if used[(a.technique, a.region)] * 2 >= total)] += n
        model.sequences[key] = common.most_common(1)[0][0]
    model.retest = {label: c.most_common(1)[0][0] for label, c in retests.items() if c}
    return model


@dataclass
class DebriefLearner:
    """Intake, then the teacher's favourite plan for the source its words predict."""

    model: Model | None  # None: untrained, it runs the intake and ends
    name: str = "debrief_learner"
    briefing: Briefing | None = None
    screen: Screen = field(default_factory=Screen)
    queue: list[Action] = field(default_factory=list)
    phase: str = "intake"
    guess: Source | None = None

    def start(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.screen = Screen()
        # the exam: palpation and observation are read as words; its tests never are
        self.queue = [Ask(question=q) for q in LEARNER_QUESTIONS] + list(EXAM)
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
        last = history[-1].action if history else None
        while self.queue and isinstance(self.queue[0], Treat | Reassess | CheckIn):
            step = self.queue[0]
            need = step.minutes if isinstance(step, Treat) else 2
            # a check-in or retest right after another asks nothing new
            again = not isinstance(step, Treat) and isinstance(last, CheckIn | Reassess)
            if need <= left - RESERVE_MINUTES and not again:
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
        model = self.model
        if model is None:
            return [End()]
        bag = words(self.briefing, history)
        label = model.label.predict(bag)
        self.guess = Source(label.split("@")[0])
        referrals = {model.referral_rules[t] for t in bag if t in model.referral_rules}
        irritability = model.irritability.predict(severity(self.briefing, history))
        if referrals & {Reason.RED_FLAG, Reason.URGENT}:
            # an answer after which the teacher always sent the client on, at its urgency
            reason = Reason.RED_FLAG if Reason.RED_FLAG in referrals else Reason.URGENT
            return [
                Impression(source=Source.RED_FLAG, irritability=irritability),
                Refer(reason=reason),
                Educate(topic=Topic.REFERRAL_REASON),
                End(),
            ]
        # the intake's yes/no screen is every student's checklist, so the learner keeps it
        if self.screen.red_flag():
            return self.screen.refer_out()
        favourite = model.sequences.get((label, irritability)) or model.sequences.get(
            (label, None), ()
        )
        # the treatments, then again while time lasts past the opening one (the act loop
        # drops what no longer fits), as the teacher keeps working the key tissue; the
        # teacher's habits around them: a check-in after deep work, its retest after two
        treats = [*favourite, *favourite[1:] * 2]
        retest = Reassess(test=model.retest.get(label, Test.PAIN_RATING))
        plan: list[Action] = [Impression(source=self.guess, irritability=irritability)]
        for i, action in enumerate(treats):
            plan.append(action)
            if action.pressure >= 4 or action.technique in DEEP:
                plan.append(CheckIn())
            if i % 3 == 1:
                plan.append(retest)
        return [*plan, *self.wrap_up(referrals)]

    def wrap_up(self, referrals: set[Reason]) -> list[Action]:
        if Reason.MEDICAL_ASSESSMENT in referrals or self.screen.amber():
            return [
                Refer(reason=Reason.MEDICAL_ASSESSMENT),
                Educate(topic=Topic.REFERRAL_REASON),
                Educate(topic=Topic.SELF_CARE),
                End(),
            ]
        return self.screen.wrap_up()


def trained_learner(cases: Sequence[Case]) -> DebriefLearner:
    return DebriefLearner(learn(debriefs(cases)))
