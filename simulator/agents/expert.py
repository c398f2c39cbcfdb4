"""The expert agent: screens, assesses, reasons over the six sources, doses to irritability,
adapts to flare signals and reassesses, using only what a student sees.

Its belief is a naive-Bayes posterior over the sources built from the same likelihood
table the generator samples from (simulator.knowledge.likelihoods), so the agent and the
engine read one source of truth; its doses come from simulator.knowledge.dose.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from simulator.agents.base import Briefing, Seen
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
    RunTest,
    Treat,
    Visit,
)
from simulator.domain.ids import (
    DRIVER_TISSUES,
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
from simulator.knowledge.dose import (
    ADEQUATE_MINUTES,
    LIGHT_MAX,
    NERVE_SENSITIVE,
    WARM_UP_MINUTES,
    minutes_limit,
    radiating,
    tolerance,
)
from simulator.knowledge.evidence import (
    OBSERVATION_FINDING,
    PROVOCATION_TESTS,
    QUESTION_FINDING,
    REPORTING_BIAS,
    TEST_FINDING,
)
from simulator.knowledge.examination import CONFIRMING, rechecks, step_key
from simulator.knowledge.irritability import (
    PROVOKED_WORDS,
    SETTLE_WORDS,
    cue_in,
    judge,
    shift,
)
from simulator.knowledge.likelihoods import (
    FINDING_LIKELIHOOD,
    IRRITABILITY_MIX,
    SOURCE_MIX,
    TRIGGER_POINT_REPRODUCES,
    categorical_evidence,
    log_evidence,
)
from simulator.knowledge.phrases import EXTENSION_WORDS, TENDER_WORDS
from simulator.knowledge.red_flags import AmberSigns
from simulator.knowledge.regions import (
    SECONDARY_TRIGGER_REGIONS,
    TARGETS,
    TRIGGER_POINT_REFERRAL,
    WARMS_ALSO,
    structure_of,
)
from simulator.knowledge.responses import (
    FLARE_SENSATIONS,
    RESPONSE_TABLE,
    expected,
    relief_amount,
)
from simulator.knowledge.techniques import ACTION_MINUTES, GROUP, PINPOINT_GROUPS, Group

# history questions whose answer shows a categorical finding (Signals.detail)
DETAIL_QUESTIONS = frozenset(
    {Question.ONSET, Question.QUALITY, Question.EASING, Question.AGGRAVATING}
)
# Asked only while the belief is still unsure after the standard intake and examination:
# each minute spent asking is a minute not spent treating.
FURTHER: tuple[Action, ...] = (
    Ask(question=Question.QUALITY),
    # sitting aggravates almost every source: it tells only in combination (domain.md 2)
    Ask(question=Question.SITTING_VS_WALKING),
)
# standard history questions asked again once after a vague answer: the onset, and what
# sets it off and how long it settles (irritability, domain.md 5a)
RE_ASKED = frozenset({Question.ONSET, Question.AGGRAVATING, Question.EASING})
# a positive SLR that brings on the familiar leg pain says where (domain.md 5b "range")
SLR_NEURAL = re.compile(r"At (\d+)° the familiar leg pain")
PC = Source.POSTERIOR_CHAIN
HF = Source.HIP_FLEXOR_PELVIC
UNSURE = 0.9  # below this posterior for the leading source, the expert asks further
FURTHER_MINUTES = 25  # ...while this much of the session is left for treatment
# Below this many minutes left, the examination keeps only the checks that bear on the
# leading hypothesis: the rest of the session is the treatment's.
TREATMENT_MINUTES = 26
HISTORY: tuple[Question, ...] = (
    Question.PAIN_RATING,
    Question.RADIATION,
    Question.BLADDER_BOWEL,
    Question.SADDLE_NUMBNESS,
    Question.WEAKNESS,
    Question.GENERAL_HEALTH,
    Question.NUMBNESS,
    Question.NIGHT_PAIN,
    Question.COUGH_SNEEZE,
    Question.ONSET,
    Question.HISTORY_DISC,
    Question.TRAINING_LOAD,
    # how little sets it off and how long it takes to settle: irritability (domain.md 5a)
    Question.AGGRAVATING,
    Question.EASING,
)
EXAM: tuple[Action, ...] = (
    Observe(what=Observation.SITTING),
    Observe(what=Observation.FORWARD_BEND),
    RunTest(test=Test.SLR),
    RunTest(test=Test.FAIR),
    RunTest(test=Test.THOMAS),
    RunTest(test=Test.HAMSTRING_LENGTH),
    Palpate(region=Region.DEEP_ROTATORS),
    Palpate(region=Region.GLUTE_MIN),
    Palpate(region=Region.GLUTE_MED),
    Palpate(region=Region.QUADRATUS_LUMBORUM),
    Palpate(region=Region.HAMSTRINGS),
)
# Where each technique group is applied for a source (the regions it responds to).
GROUP_REGIONS: dict[Group, tuple[Region, ...]] = {
    Group.BROAD: (Region.GLUTE_MAX, Region.GLUTE_MED, Region.LUMBAR, Region.QUADRATUS_LUMBORUM),
    Group.SPECIFIC: (Region.DEEP_ROTATORS,),
    Group.TRIGGER: (),  # the palpated trigger point
    Group.MYOFASCIAL: (
        Region.HIP_FLEXORS,
        Region.HAMSTRINGS,
        Region.CALF,
        Region.THORACOLUMBAR_FASCIA,
        Region.LATERAL_HIP,
    ),
    Group.MOVEMENT: (Region.DEEP_ROTATORS, Region.HIP_FLEXORS, Region.GLUTE_MAX, Region.LUMBAR),
    Group.CONTRACT_RELAX: (Region.HIP_FLEXORS, Region.HAMSTRINGS, Region.DEEP_ROTATORS),
    Group.STRETCH: (Region.HIP_FLEXORS, Region.HAMSTRINGS),
}
TECHNIQUE_FOR: dict[Group, Technique] = {
    Group.BROAD: Technique.COMPRESSION,
    Group.SPECIFIC: Technique.SUSTAINED_PRESSURE,
    Group.TRIGGER: Technique.TRIGGER_POINT,
    Group.MYOFASCIAL: Technique.MYOFASCIAL,
    Group.MOVEMENT: Technique.PASSIVE_MOVEMENT,
    Group.CONTRACT_RELAX: Technique.CONTRACT_RELAX,
    Group.STRETCH: Technique.STRETCH,
}
# The check-in and the retest after a trigger-point hold (ACTION_MINUTES).
AFTER_HOLD_MINUTES = ACTION_MINUTES["check_in"] + ACTION_MINUTES["reassess"]
RETEST: dict[Source, Test] = {
    Source.LUMBAR_RADICULAR: Test.SLR,
    Source.DEEP_GLUTEAL: Test.FAIR,
    Source.TRIGGER_POINT: Test.PAIN_RATING,
    Source.POSTERIOR_CHAIN: Test.HAMSTRING_LENGTH,
    Source.HIP_FLEXOR_PELVIC: Test.THOMAS,
}


# How the client's report at a follow-up reads (their words, not a hidden state): what
# flared or stayed stirred up since, what held, whether it got calmer or touchier, and
# home advice that disagreed.
REPORT_WORSE = re.compile(
    r"worse|flared|stirred up|grumbling|further down|shot down|awful|not great", re.I
)
REPORT_HELD = re.compile(r"lasted|still better|stayed easier|so much better|difference", re.I)
REPORT_CALMER = re.compile(r"doesn't flare up as easily", re.I)
REPORT_TOUCHIER = re.compile(r"slightest", re.I)
REPORT_FLARED_AT_HOME = re.compile(r"that night|that evening|a few hours after", re.I)
REPORT_ADVICE_HARMED: dict[Topic, re.Pattern[str]] = {
    Topic.STRETCHING: re.compile(r"stretches made", re.I),
    Topic.SELF_CARE: re.compile(r"exercises didn't agree", re.I),
    Topic.PACING: re.compile(r"resting more", re.I),
}
# A course has gone well when the pain is down by a meaningful change (domain.md 6: 2
# points or 30%); the expert judges it from the ratings it was given.
MEANINGFUL_POINTS = 2
MEANINGFUL_SHARE = 0.3
# Home stretching is a tensioner for a sensitive nerve (domain.md 5c) and aggressive stretch
# annoys an irritable tendon (domain.md 7, static-stretch row): advised only for these
# sources at low irritability, from the expert's own impression.
STRETCH_SUITS = frozenset({Source.TRIGGER_POINT, Source.HIP_FLEXOR_PELVIC, Source.POSTERIOR_CHAIN})
# Easing back training suits an overload picture (training load up).
PACING_SUITS = frozenset({Source.POSTERIOR_CHAIN, Source.TRIGGER_POINT})


def _meaningful(start: int, now: int) -> bool:
    return start - now >= max(1, min(MEANINGFUL_POINTS, round(MEANINGFUL_SHARE * start)))


# Broad, myofascial or movement work on one region: the most minutes at the first visit,
# and the minutes added at each follow-up that progresses it.
BLOCK_MINUTES = 14
BLOCK_PROGRESSION = 4
# A trigger-point hold: minutes at the first visit, and the step added at each follow-up.
HOLD_MINUTES = 3
HOLD_PROGRESSION = 2
BROAD_ON_POINT = frozenset({Group.BROAD, Group.MOVEMENT})

# Belief in one soft-tissue source at which the examination stops early.
# (0.85 stopped too soon: a piriformis read as a nerve root on half the evidence; the
# extra minutes of examination pay for themselves, seeds 2041 and 31337: deep gluteal
# 78-79% -> 84%)
SETTLED_BELIEF = 0.95
SETTLED_BELIEF_TRIGGER = 0.97


@dataclass
class ExpertAgent:
    name: str = "expert"
    briefing: Briefing | None = None
    log_belief: dict[Source, float] = field(default_factory=dict)
    answers: dict[Question, bool | None] = field(default_factory=dict)
    details: dict[Question, str | None] = field(default_factory=dict)
    reach: Reach = Reach.NONE
    nrs: int | None = None
    trigger_regions: list[Region] = field(default_factory=list)
    warm: dict[Region, int] = field(default_factory=dict)
    specific: dict[Region, int] = field(default_factory=dict)
    minutes_on: dict[tuple[Group, Region], int] = field(default_factory=dict)
    avoid: set[Region] = field(default_factory=set)
    backoff: int = 0
    diagnosis: Source | None = None
    irritability: Irritability = Irritability.MODERATE
    queue: list[Action] = field(default_factory=list)
    closing: bool = False
    further: int = 0  # how many of FURTHER have been asked
    progressive: bool = False
    cancer: bool = False  # the general-health answer named a cancer history
    flexion_leg: bool = False  # bending forward brought the symptoms into the leg
    provoked: Irritability | None = None  # the level the client's "what sets it off" tells
    settles: Irritability | None = None  # the level their "how long to settle" tells
    slr_angle: int | None = None  # where a positive SLR brought on the familiar leg pain
    extension: bool | None = None  # whether repeated extension centralised (None: untested)
    palpated: set[Region] = field(default_factory=set)
    tender: set[Region] = field(default_factory=set)  # tender to moderate pressure
    released: set[Region] = field(default_factory=set)  # trigger points already held
    stated: bool = False  # the working impression is recorded
    # -- over a course of visits (empty in a single session) --
    planned: int = 1  # the visits the course plans
    visit: int = 1
    first_nrs: int | None = None  # the rating at the first visit
    visit_nrs: int | None = None  # the rating this visit opened with
    latest_nrs: int | None = None  # the latest rating heard
    report: str = ""  # how the client came back: "better", "same" or "worse"
    loads: list[Treat] = field(default_factory=list)  # this visit's treatments
    flared_loads: list[Treat] = field(default_factory=list)  # this visit's flares
    earlier_flares: list[Treat] = field(default_factory=list)  # never put back on
    suspect: Treat | None = None  # a load that hurt, until the next rating tells
    suspect_nrs: int | None = None  # the rating before it
    cap: int = 5  # the pressure ceiling this visit (lower after a worse report)
    positive_tests: set[Test] = field(default_factory=set)
    harmed_advice: set[Topic] = field(default_factory=set)
    retested: bool = False  # the end-of-visit rating before a discharge

    # -- the agent protocol ----------------------------------------------------------------
    def start(self, briefing: Briefing) -> None:
        self.__dict__.update(ExpertAgent().__dict__)  # a fresh mind for every client
        self.briefing = briefing
        self.planned = briefing.visits
        self.log_belief = {s: math.log(p) for s, p in SOURCE_MIX.items()}
        self.queue = [Ask(question=q) for q in HISTORY] + list(EXAM)

    def act(self, history: list[Seen]) -> Action:
        if history:
            self.observe(history[-1])
        if self.closing:
            return self.queue.pop(0) if self.queue else End()
        if self.red_flag_now():
            self.diagnosis = Source.RED_FLAG
            return self.close(self.flag_referral())
        left = history[-1].signals.minutes_left if history else 60
        while self.queue:
            action = self.queue.pop(0)
            if self.visit > 1 or not self.settled_enough(action, left):
                return action
        if self.diagnosis is None and self.further < len(FURTHER) and self.unsure(history):
            self.further += 1
            return FURTHER[self.further - 1]
        if self.diagnosis is None:
            self.diagnose()
        if self.visit == 1 and (step := self.still_to_examine()) is not None:
            return step
        return self.next_treatment(history)

    def still_to_examine(self) -> Action | None:
        """What the working diagnosis still needs examined before treatment: whether a nerve
        root's leg pain centralises (domain.md 7 rule 6), and which link of the chain is
        the tender one (seed: look at the connections, not the spot that hurts), and which
        tissue a hip-flexor restriction has overworked."""
        if self.diagnosis is Source.LUMBAR_RADICULAR and self.extension is None:
            self.extension = False
            return RunTest(test=Test.LUMBAR_EXTENSION)
        links = DRIVER_TISSUES.get(self.diagnosis) if self.diagnosis else None
        if links and not self.found_driver():
            # until the tender one is found: one link drives a chain client, one tissue
            # carries a hip-flexor client's overload
            for link in links:
                if link not in self.palpated:
                    self.palpated.add(link)
                    return Palpate(region=link)
        return None

    def found_driver(self) -> frozenset[Region]:
        """The candidate tissues of the working diagnosis that palpated tender (the chain's
        driving link, a hip-flexor client's overworked tissue)."""
        links = DRIVER_TISSUES.get(self.diagnosis) if self.diagnosis else None
        return frozenset(self.tender.intersection(links)) if links else frozenset()

    # -- reading what the client shows -----------------------------------------------------
    def update(self, finding: str, present: bool) -> None:
        self.update_row(FINDING_LIKELIHOOD[finding][0], present)

    def update_row(self, row: dict[Source, float], present: bool) -> None:
        for source, value in log_evidence(row, present).items():
            self.log_belief[source] += value

    def observe(self, seen: Seen) -> None:
        action, signals = seen.action, seen.signals
        if signals.nrs is not None:
            self.latest_nrs = signals.nrs
            if self.first_nrs is None:
                self.first_nrs = self.visit_nrs = signals.nrs
        if isinstance(action, Visit):
            return  # the report was read by next_visit
        if isinstance(action, RunTest) and signals.positive:
            self.positive_tests.add(action.test)
            if action.test is Test.SLR and (angle := SLR_NEURAL.match(seen.text)):
                self.slr_angle = int(angle.group(1))
        if isinstance(action, RunTest) and action.test is Test.LUMBAR_EXTENSION:
            # the leg pain drawn up towards the back: a directional preference
            self.extension = seen.text == EXTENSION_WORDS["centralises"]
        if isinstance(action, Ask):
            q = action.question
            if q is Question.PAIN_RATING and signals.nrs is not None:
                self.nrs = signals.nrs
            if q is Question.RADIATION and signals.reach is not None:
                self.reach = signals.reach
                below = signals.reach.level >= Reach.BELOW_KNEE.level
                self.update("below_knee", below)
            if q in DETAIL_QUESTIONS:
                self.read_detail(q, signals.detail)
            if q is Question.AGGRAVATING:
                self.provoked = cue_in(seen.text, PROVOKED_WORDS)
            if q is Question.EASING:
                self.settles = cue_in(seen.text, SETTLE_WORDS)
            if q in QUESTION_FINDING or q in (
                Question.BLADDER_BOWEL,
                Question.SADDLE_NUMBNESS,
                Question.GENERAL_HEALTH,
            ):
                if signals.positive is None:  # a vague answer: follow up once
                    if self.answers.get(q, False) is not None:
                        self.answers[q] = None
                        self.queue.insert(0, Ask(question=q))
                    return
                self.answers[q] = signals.positive
                if q is Question.GENERAL_HEALTH and signals.positive:
                    self.cancer = "cancer" in seen.text.lower()
                if q is Question.WEAKNESS and signals.positive:
                    # weakness that is getting worse is the red flag; stable weakness is
                    # the amber nerve-root sign (domain.md 4): the client's words tell which
                    self.progressive = "worse" in seen.text.lower()
                if q in QUESTION_FINDING:
                    self.update(QUESTION_FINDING[q], signals.positive)
        elif isinstance(action, Observe) and signals.positive is not None:
            if action.what is Observation.FORWARD_BEND:
                self.flexion_leg = signals.positive
            if action.what in OBSERVATION_FINDING:
                self.update(OBSERVATION_FINDING[action.what], signals.positive)
        elif isinstance(action, Palpate) and signals.positive is not None:
            self.palpated.add(action.region)
            if TENDER_WORDS in seen.text:
                self.tender.add(action.region)
            self.read_palpation(action.region, signals.positive, signals.reach)
        elif isinstance(action, RunTest) and signals.positive is not None:
            if action.test in TEST_FINDING:
                self.update(TEST_FINDING[action.test], signals.positive)
        elif isinstance(action, Treat | CheckIn):
            worse = signals.sensation in FLARE_SENSATIONS
            if isinstance(action, CheckIn) and self.suspect is not None:
                # the rating after a load that hurt: a flare raises it and stays; a warning
                # (symptoms reproduced, then eased off) settles (domain.md 6; 7 rule 4)
                before = self.suspect_nrs
                rose = signals.nrs is not None and before is not None and signals.nrs > before
                if rose or worse:
                    self.flared_loads.append(self.suspect)
                self.suspect = None
            elif isinstance(action, CheckIn) and worse and self.loads:
                self.flared_loads.append(self.loads[-1])
            if worse:
                self.backoff += 1
                if isinstance(action, Treat):
                    self.avoid.add(action.region)
                    self.suspect, self.suspect_nrs = action, self.latest_nrs

    def unsure(self, history: list[Seen]) -> bool:
        """Whether one more history question is worth a minute of treatment time."""
        left = history[-1].signals.minutes_left if history else FURTHER_MINUTES
        return left >= FURTHER_MINUTES and max(self.posterior().values()) < UNSURE

    def read_detail(self, question: Question, detail: str | None) -> None:
        """A categorical history finding (onset, quality, easing, aggravator) updates the
        belief through its likelihood column; a vague first answer to a standard history
        question is asked again once (the further questions are not worth a second try)."""
        if detail is None:
            if question in RE_ASKED and question not in self.details:
                self.details[question] = None
                self.queue.insert(0, Ask(question=question))
            return
        self.details[question] = detail
        name = {
            Question.ONSET: "onset",
            Question.QUALITY: "quality",
            Question.EASING: "easing",
            Question.AGGRAVATING: "aggravator",
        }[question]
        for source, value in categorical_evidence(name, detail).items():
            self.log_belief[source] += value

    def read_palpation(self, region: Region, familiar: bool, reach: Reach | None) -> None:
        """Pressing a muscle either reproduces the whole complaint (the trigger point is the
        source), only its buttock part (a trigger point beside another source, domain.md
        3a), or nothing familiar."""
        if region is Region.DEEP_ROTATORS:
            self.update("notch_tender", familiar)
            return
        if familiar:
            self.trigger_regions.append(region)
        whole = familiar and reach is not None and reach.level >= self.reach.level
        if whole:
            self.update_row(TRIGGER_POINT_REPRODUCES, True)
            return
        # a partial reproduction is a trigger point beside a nerve source (Adelmanesh15);
        # nothing familiar is what most muscles of most clients show
        culprit = TRIGGER_POINT_REFERRAL.get(region, (Reach.BUTTOCK, 0.0))[1]
        gluteal = region in SECONDARY_TRIGGER_REGIONS
        partial = {s: 0.03 for s in Source}
        if gluteal:  # half of these sit in each of the two gluteal muscles
            partial |= {
                Source.LUMBAR_RADICULAR: 0.35,
                Source.DEEP_GLUTEAL: 0.25,
                Source.POSTERIOR_CHAIN: 0.1,
                Source.HIP_FLEXOR_PELVIC: 0.05,
            }
        if familiar:
            self.update_row(partial, True)
        else:
            absent = {s: 1 - partial[s] - TRIGGER_POINT_REPRODUCES[s] for s in Source}
            absent[Source.TRIGGER_POINT] = 1 - culprit - partial[Source.TRIGGER_POINT]
            self.update_row(absent, True)

    def settled_enough(self, action: Action, minutes_left: int) -> bool:
        """Skip the rest of the examination once one hypothesis clearly leads and its own
        confirming checks are done, or once the clock leaves only the treatment's time and
        this check does not bear on the leader: the clock is part of the session (DESIGN
        section 4)."""
        if not isinstance(action, Palpate | RunTest | Observe):
            return False
        post = self.posterior()
        post.pop(Source.RED_FLAG)
        leader = max(post, key=post.__getitem__)
        culprit_muscle = isinstance(action, Palpate) and action.region in TRIGGER_POINT_REFERRAL
        if (
            leader is Source.LUMBAR_RADICULAR
            and isinstance(action, Palpate)
            and action.region in SECONDARY_TRIGGER_REGIONS
        ):
            return False  # three in four nerve roots have a trigger point there (Adelmanesh15)
        short = minutes_left - ACTION_MINUTES[action.kind] < TREATMENT_MINUTES
        # a trigger point hides easily behind another source: palpate unless nearly sure
        if not short and post[leader] < (
            SETTLED_BELIEF_TRIGGER if culprit_muscle else SETTLED_BELIEF
        ):
            return False
        key = step_key(action)
        culprit = isinstance(action, Palpate) and action.region in TRIGGER_POINT_REFERRAL
        needed = any(key in need for need in CONFIRMING[leader]) or (
            leader is Source.TRIGGER_POINT and culprit
        )
        return not needed

    def flag_referral(self) -> list[Action]:
        """Refer at the urgency the flag calls for (domain.md 4): cauda equina signs today, a
        progressive deficit or a systemic illness urgently, a cancer history promptly."""
        a = self.answers
        if a.get(Question.BLADDER_BOWEL) or a.get(Question.SADDLE_NUMBNESS):
            reason = Reason.RED_FLAG
        elif self.cancer:
            reason = Reason.MEDICAL_ASSESSMENT
        else:
            reason = Reason.URGENT
        return [
            Impression(source=Source.RED_FLAG, irritability=self.irritability),
            Refer(reason=reason),
            Educate(topic=Topic.REFERRAL_REASON),
        ]

    def red_flag_now(self) -> bool:
        a = self.answers
        if a.get(Question.BLADDER_BOWEL) or a.get(Question.SADDLE_NUMBNESS):
            return True
        if a.get(Question.GENERAL_HEALTH):
            return True
        return bool(a.get(Question.WEAKNESS)) and self.progressive

    def posterior(self) -> dict[Source, float]:
        top = max(self.log_belief.values())
        weights = {s: math.exp(v - top) for s, v in self.log_belief.items()}
        total = sum(weights.values())
        return {s: w / total for s, w in weights.items()}

    def leading(self) -> Source:
        post = self.posterior()
        return max(post, key=lambda s: post[s])

    # -- planning --------------------------------------------------------------------------
    def diagnose(self) -> None:
        # a red flag is found by screening, never inferred from soft signs: with the
        # screen clear, the leading soft-tissue hypothesis is the working diagnosis
        post = self.posterior()
        post.pop(Source.RED_FLAG)
        self.diagnosis = max(post, key=post.__getitem__)
        if self.diagnosis is Source.RED_FLAG:
            return
        # irritability from everything the client showed of it, not the number alone
        self.irritability = judge(
            IRRITABILITY_MIX[self.diagnosis],
            self.reported_pain(),
            self.provoked,
            self.settles,
            self.answers.get(Question.NIGHT_PAIN),
            self.slr_angle,
        )

    def reported_pain(self) -> float:
        """The pain rating corrected for the client's manner."""
        assert self.briefing is not None
        return (self.nrs or 5) - REPORTING_BIAS.get(self.briefing.style, 0.0)

    def nerve_sensitive(self) -> bool:
        """A nerve root always; a deep-gluteal client when the pain radiates below the knee."""
        if self.diagnosis is Source.DEEP_GLUTEAL:
            return radiating(self.reach)
        return self.diagnosis is Source.LUMBAR_RADICULAR

    def tol(self, group: Group, region: Region) -> int:
        warmed = self.warm.get(region, 0) >= WARM_UP_MINUTES
        limit = tolerance(
            group,
            region,
            self.irritability,
            NERVE_SENSITIVE + 0.3 if self.nerve_sensitive() else NERVE_SENSITIVE - 0.3,
            warmed=warmed,
            guarded=self.irritability is Irritability.HIGH,
        )
        return max(0, limit - self.backoff)

    def key_blocks(self) -> list[tuple[Group, Region]]:
        """(technique group, region) pairs this source responds to best, best first."""
        source = self.diagnosis
        assert source is not None and source is not Source.RED_FLAG
        scored: list[tuple[float, Group, Region]] = []
        for group in RESPONSE_TABLE:
            amount = relief_amount(expected(group, source, self.irritability))
            if amount <= 0:
                continue
            if group is Group.TRIGGER:
                regions: tuple[Region, ...] = tuple(dict.fromkeys(self.trigger_regions))
            else:
                regions = GROUP_REGIONS[group]
                if self.visit > 1 and source is Source.TRIGGER_POINT and group in BROAD_ON_POINT:
                    # at a follow-up the point found is the target of broad work too: the
                    # dose progresses by time on it (domain.md 5d)
                    regions = (*dict.fromkeys(self.trigger_regions), *regions)
            targets = self.targets()
            for region in regions:
                if region in targets and region not in self.avoid:
                    scored.append((amount, group, region))
                    break
        scored.sort(key=lambda t: -t[0])
        blocks = [(g, r) for _a, g, r in scored]
        if self.centralising():
            # small supported lumbar movement the way that centralises comes first
            blocks = [(Group.MOVEMENT, Region.LUMBAR), *blocks]
        if source is Source.LUMBAR_RADICULAR and blocks:
            # beside a nerve root a trigger point is most of what massage can change
            # (domain.md 7 rule 2): its hold comes straight after the warm-up
            holds = [(Group.TRIGGER, r) for r in self.pending_holds()]
            blocks = [*holds, *(b for b in blocks if b not in holds)]
        if source is not Source.TRIGGER_POINT:
            # a trigger point found beside another source is a secondary contributor:
            # release it too, after the main work (domain.md 1: Adelmanesh15)
            cell = expected(Group.TRIGGER, Source.TRIGGER_POINT, self.irritability)
            if relief_amount(cell) > 0:
                for region in dict.fromkeys(self.trigger_regions):
                    if region in self.released:
                        continue
                    if region not in self.avoid and (Group.TRIGGER, region) not in blocks:
                        blocks.append((Group.TRIGGER, region))  # a short hold, after
        return blocks

    def pending_holds(self) -> list[Region]:
        """Trigger points found beside a nerve root and not yet released."""
        if self.diagnosis is not Source.LUMBAR_RADICULAR:
            return []
        return [
            r
            for r in dict.fromkeys(self.trigger_regions)
            if r not in self.released and r not in self.avoid
        ]

    def centralising(self) -> bool:
        return self.diagnosis is Source.LUMBAR_RADICULAR and bool(self.extension)

    def close(self, extra: list[Action]) -> Action:
        self.closing = True
        self.queue = [*extra, End()]
        return self.queue.pop(0)

    def amber(self) -> bool:
        """An amber sign has shown (`AmberSigns`, from what the expert has seen; the pain
        rating corrected for the client's manner)."""
        a = self.answers
        return AmberSigns(
            cough_sneeze=bool(a.get(Question.COUGH_SNEEZE)),
            deficit=bool(a.get(Question.WEAKNESS)),
            pain=self.reported_pain(),
            reach=self.reach,
            loading=self.flexion_leg,
            tingling=bool(a.get(Question.NUMBNESS)),
        ).shown()

    def wrap_up(self) -> list[Action]:
        actions: list[Action] = []
        if self.amber():
            actions.append(Educate(topic=Topic.REFERRAL_REASON))
        else:
            actions.append(Educate(topic=Topic.EXPECTATIONS))
        actions.append(Educate(topic=Topic.SELF_CARE))
        return actions

    def next_treatment(self, history: list[Seen]) -> Action:
        if self.diagnosis is Source.RED_FLAG:
            return self.close(self.flag_referral())
        assert self.diagnosis is not None
        if not self.stated:
            self.stated = True
            if self.amber() and self.visit == 1:
                # recommend the medical opinion now and keep the session conservative
                self.queue = [Refer(reason=Reason.MEDICAL_ASSESSMENT)]
            return Impression(source=self.diagnosis, irritability=self.irritability)
        left = history[-1].signals.minutes_left if history else 60
        wrap = self.wrap_up()
        reserve = sum(2 if isinstance(a, Educate) else 1 for a in wrap) + 2
        final = self.planned > 1 and self.visit >= self.planned
        if final:
            reserve += 2  # the closing rating, and a referral or more advice
        last = history[-1].action if history else None
        treated = [h for h in history if isinstance(h.action, Treat)]
        if isinstance(last, Treat) and (
            GROUP[last.technique] in (Group.SPECIFIC, Group.TRIGGER, Group.STRETCH)
            or last.pressure >= 4
        ):
            return CheckIn()  # "more, less or the same?" after deep work
        if self.unchecked_hold(history) and left - reserve >= 0:
            # only a retest shows whether a hold worked (domain.md 7 rule 3)
            return Reassess(test=self.retest())
        if (
            treated
            # a trigger-point client is retested after each hold (above), not after warm-ups
            and self.diagnosis is not Source.TRIGGER_POINT
            and isinstance(last, Treat | CheckIn)
            and len(treated) % 2 == 0
            and left - reserve >= 2
            and not any(isinstance(h.action, Reassess) for h in history[-3:])
        ):
            return Reassess(test=self.retest())
        budget = left - reserve
        action = self.choose_block(budget) if budget >= 3 else None
        if action is None:
            if final and not self.retested:
                # how is it now? the discharge answers to today's rating
                self.retested = True
                return Reassess(test=Test.PAIN_RATING)
            return self.close(self.discharge() if final else wrap)
        self.record(action)
        return action

    def retest(self) -> Test:
        """The sign this diagnosis is retested by; the pain rating on an irritable client."""
        assert self.diagnosis is not None
        test = RETEST[self.diagnosis]
        if test in PROVOCATION_TESTS and self.irritability is Irritability.HIGH:
            test = Test.PAIN_RATING  # examine an irritable client gently (domain.md 5a)
        return test

    @staticmethod
    def unchecked_hold(history: list[Seen]) -> bool:
        """The last trigger-point hold has not been rechecked yet (examination.rechecks)."""
        holds = [
            n
            for n, seen in enumerate(history)
            if isinstance(seen.action, Treat) and seen.action.technique is Technique.TRIGGER_POINT
        ]
        if not holds:
            return False
        held = history[holds[-1]].action
        assert isinstance(held, Treat)
        return not any(rechecks(seen.action, held.region) for seen in history[holds[-1] + 1 :])

    def choose_block(self, budget: int) -> Treat | None:
        """Warm up broadly first, then the key techniques, lighter after any flare."""
        if not self.warm:
            region = self.warm_up_region()
            pressure = min(3, self.tol(Group.BROAD, region), self.ceiling(Group.BROAD, region))
            minutes = WARM_UP_MINUTES if self.pending_holds() else 4
            if self.diagnosis is HF and region in self.found_driver():
                # broad work is what the overworked tissue itself needs: a full dose, if
                # the hip flexors' own dose still fits after it
                minutes = min(ADEQUATE_MINUTES[Group.BROAD], max(3, budget // 2))
            return Treat(
                technique=Technique.COMPRESSION,
                region=region,
                pressure=max(1, pressure),
                # just long enough to warm when a hold waits (domain.md 5d warm-up)
                minutes=min(minutes, budget),
            )
        for group, region in self.key_blocks():
            if group is Group.TRIGGER and region in self.released:
                continue  # a released trigger point needs a retest, not another hold
            if group in PINPOINT_GROUPS:
                room = minutes_limit(group, self.irritability) - self.specific.get(region, 0)
            elif self.pending_holds() or (
                (group, region) == (Group.MOVEMENT, Region.LUMBAR) and self.centralising()
            ):
                # an adequate dose, then the rest of the plan: the directional movement and
                # the trigger point beside a nerve root both answer to what was found
                room = ADEQUATE_MINUTES[group] - self.minutes_on.get((group, region), 0)
            else:
                # longer on the driver at each follow-up (domain.md 5d: dose by minutes)
                room = BLOCK_MINUTES + BLOCK_PROGRESSION * (self.visit - 1)
                room -= self.minutes_on.get((group, region), 0)
            minutes = min(6, budget, room)
            # a hold can be as short as a minute (domain.md 5d: <=30 s when irritable)
            if minutes < (1 if group is Group.TRIGGER else 2):
                continue
            if group in PINPOINT_GROUPS and self.warm.get(region, 0) < WARM_UP_MINUTES:
                # warm the tissue with broad contact before pinpoint work on it (seed)
                broad = min(3, self.tol(Group.BROAD, region), self.ceiling(Group.BROAD, region))
                return Treat(
                    technique=Technique.COMPRESSION,
                    region=region,
                    pressure=max(1, broad),
                    minutes=min(WARM_UP_MINUTES, budget),
                )
            pressure = min(self.tol(group, region), self.ceiling(group, region))
            if (group, region) == (Group.MOVEMENT, Region.LUMBAR) and self.centralising():
                pressure = min(pressure, LIGHT_MAX)  # small and supported to centralise
            if pressure < 1:
                continue
            if group is Group.TRIGGER:
                # a hold of about a minute, repeated (domain.md 5d): longer at each visit
                # that went well, within the irritability's limit (room, above), and room
                # left for the check-in and the retest that show whether it worked
                minutes = min(
                    minutes,
                    HOLD_MINUTES + HOLD_PROGRESSION * (self.visit - 1),
                    budget - AFTER_HOLD_MINUTES,
                )
                if minutes < 1:
                    continue
            return Treat(
                technique=TECHNIQUE_FOR[group],
                region=region,
                pressure=min(pressure, 5),
                minutes=minutes,
            )
        # every useful block is done: easy mid-range movement where it is safe (at a
        # follow-up only where it treats the driver; otherwise the visit is done), and
        # only where movement eases this source at this irritability (domain.md 7)
        if self.visit > 1 and Region.GLUTE_MAX not in self.targets():
            return None
        source = self.diagnosis
        if source is None or not relief_amount(expected(Group.MOVEMENT, source, self.irritability)):
            return None
        pressure = max(1, self.tol(Group.MOVEMENT, Region.GLUTE_MAX) - 1)
        pressure = min(pressure, self.ceiling(Group.MOVEMENT, Region.GLUTE_MAX))
        if budget >= 3 and pressure >= 1:
            return Treat(
                technique=Technique.PASSIVE_MOVEMENT,
                region=Region.GLUTE_MAX,
                pressure=pressure,
                minutes=min(5, budget),
            )
        return None

    def targets(self) -> frozenset[Region]:
        if self.diagnosis is Source.TRIGGER_POINT:
            return frozenset(self.trigger_regions)
        if found := self.found_driver():
            if self.diagnosis is HF:
                return frozenset({Region.HIP_FLEXORS, *found})  # and the tissue it overworked
            return found  # the tender link drives it, not the whole chain
        return TARGETS[self.diagnosis] if self.diagnosis else frozenset()

    def warm_up_region(self) -> Region:
        """Broad work where it prepares the first key block: on that tissue itself when it
        takes broad work, else on the layer above it (seed: start broad)."""
        assert self.diagnosis is not None
        if holds := self.pending_holds():
            # warm the layer over the trigger point, so its hold needs no second warm-up
            above = [r for r, below in WARMS_ALSO.items() if holds[0] in below]
            return above[0] if above else holds[0]
        if self.diagnosis is HF and (found := self.found_driver()):
            return min(found)  # the tissue the hip flexors overworked takes broad work
        blocks = self.key_blocks()
        if not blocks:
            return Region.GLUTE_MAX
        target = blocks[0][1]
        broad = relief_amount(expected(Group.BROAD, self.diagnosis, self.irritability)) > 0
        if broad and target in self.targets():
            return target  # a trigger-point client's own muscle included: one warm-up
        above = [r for r, below in WARMS_ALSO.items() if target in below]
        return above[0] if above else Region.GLUTE_MAX

    def record(self, action: Treat) -> None:
        group = GROUP[action.technique]
        if group is Group.BROAD:
            for region in (action.region, *WARMS_ALSO.get(action.region, ())):
                self.warm[region] = self.warm.get(region, 0) + action.minutes
        if group in PINPOINT_GROUPS:
            self.specific[action.region] = self.specific.get(action.region, 0) + action.minutes
        if group is Group.TRIGGER:
            self.released.add(action.region)
        key = (group, action.region)
        self.minutes_on[key] = self.minutes_on.get(key, 0) + action.minutes
        self.loads.append(action)

    # -- a course of care ------------------------------------------------------------------
    def ceiling(self, group: Group, region: Region) -> int:
        """The pressure this visit allows here: under the visit's cap, and below any load of
        the same kind that flared on this structure at an earlier visit (never repeat what
        flared; the seed's reproduction rule)."""
        top = self.cap
        for load in self.earlier_flares:
            if GROUP[load.technique] is group and structure_of(load.region) == structure_of(region):
                top = min(top, load.pressure - 1)
        return top

    def next_visit(self, report: Seen) -> None:
        """A follow-up opens with the client's report. Read it (words and rating), keep the
        impression or revise its irritability, carry what flared, and plan to reassess the
        rating and a sign that was positive before any hands-on work."""
        text, nrs, before = report.text, report.signals.nrs, self.visit_nrs
        harmed = {t for t, words in REPORT_ADVICE_HARMED.items() if words.search(text)}
        worse = bool(REPORT_WORSE.search(text) or harmed) or (
            nrs is not None and before is not None and nrs > before
        )
        better = not worse and (
            bool(REPORT_HELD.search(text))
            or (nrs is not None and before is not None and nrs < before)
        )
        self.report = "worse" if worse else "better" if better else "same"
        self.harmed_advice |= harmed
        irritability = self.irritability
        if REPORT_CALMER.search(text):
            irritability = shift(irritability, -1)
        elif REPORT_TOUCHIER.search(text) or (worse and REPORT_FLARED_AT_HOME.search(text)):
            irritability = shift(irritability, +1)
        restate = irritability is not self.irritability
        flared = [*self.flared_loads, *([self.suspect] if self.suspect else [])]
        self.suspect = None
        if worse:
            # a flare that came on at home does not say which load did it: every load of
            # the last visit is a suspect, and the whole visit goes lighter
            flared += self.loads
            self.cap = max(1, max((a.pressure for a in self.loads), default=2) - 1)
        else:
            self.cap = 5
        self.earlier_flares += flared
        self.loads, self.flared_loads = [], []
        self.visit += 1
        self.visit_nrs = nrs if nrs is not None else self.visit_nrs
        self.irritability = irritability
        self.stated = not restate
        self.warm, self.specific, self.minutes_on = {}, {}, {}
        self.avoid, self.backoff, self.closing, self.retested = set(), 0, False, False
        # reassess before treating: the rating, the retest sign if it was positive, and
        # whether each trigger point found is still there
        queue: list[Action] = [Reassess(test=Test.PAIN_RATING)]
        retest = RETEST.get(self.diagnosis) if self.diagnosis else None
        gentle = retest in PROVOCATION_TESTS and self.irritability is Irritability.HIGH
        if retest is not None and retest in self.positive_tests and not gentle:
            queue.append(Reassess(test=retest))
        queue += [Palpate(region=r) for r in dict.fromkeys(self.trigger_regions)]
        self.trigger_regions, self.released = [], set()
        self.queue = queue

    def improved(self) -> bool:
        """Whether the course has brought a meaningful change (domain.md 6) by the ratings."""
        if self.first_nrs is None or self.latest_nrs is None:
            return False
        return _meaningful(self.first_nrs, self.latest_nrs)

    def discharge(self) -> list[Action]:
        """The last visit's close: improved, home advice that fits what the expert found;
        not improved, a medical review (the seed: lasting change comes with medical review,
        exercise and posture)."""
        if not self.improved():
            return [
                Refer(reason=Reason.MEDICAL_ASSESSMENT),
                Educate(topic=Topic.REFERRAL_REASON),
                Educate(topic=Topic.SELF_CARE),
            ]
        actions: list[Action] = [Educate(topic=Topic.EXPECTATIONS), Educate(topic=Topic.SELF_CARE)]
        nerve = (
            Test.SLR in self.positive_tests
            or self.reach.level >= Reach.BELOW_KNEE.level
            or bool(self.answers.get(Question.NUMBNESS))
        )
        if (
            self.diagnosis in STRETCH_SUITS
            and self.irritability is Irritability.LOW
            and not nerve
            and Topic.STRETCHING not in self.harmed_advice
        ):
            actions.append(Educate(topic=Topic.STRETCHING))
        if self.diagnosis in PACING_SUITS and self.answers.get(Question.TRAINING_LOAD):
            actions.append(Educate(topic=Topic.PACING))
        return actions
