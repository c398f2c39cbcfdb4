"""A course of care: the same client over 2-4 visits a few days apart.

Each visit is an ordinary `Session`. Between visits `evolve` turns what the student did into
the next visit's client, deterministically: relief that holds or fades, soreness and flares
that surfaced at home, irritability that settles or rises, home advice that helped or hurt,
and a referral's outcome. The next visit opens with the client's report of all that.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace

from simulator.domain.actions import Action, Educate, End, Refer, Treat
from simulator.domain.case import Case, CoursePin, Trend
from simulator.domain.ids import REACH_ORDER, Effect, Irritability, Reason, Source, Topic
from simulator.domain.response import Note, Response, Signals
from simulator.engine import interview
from simulator.engine.session import Session, Step
from simulator.engine.state import ClientState
from simulator.knowledge import follow_up
from simulator.knowledge.course import (
    ADVICE_HARM,
    ADVICE_RELIEF,
    DELAYED_FLARE,
    FLARE_LINGERS,
    RISE_FLARES,
    SETTLE_CHANCE,
    SETTLE_SELF_CARE,
    SORENESS_BASE,
    SORENESS_DEEP,
    SORENESS_SPECIFIC,
    VISITS_DEFAULT,
    VISITS_MAX,
    VISITS_MIN,
    advice_effect,
    improved,
    relief_holds,
)
from simulator.knowledge.dose import MODERATE, flare_size, nerve_involved
from simulator.knowledge.irritability import LEVELS, shift
from simulator.knowledge.phrases import StoryRandom, pick
from simulator.knowledge.red_flags import URGENCY
from simulator.knowledge.techniques import GROUP, PINPOINT_GROUPS

_EMERGENCY = frozenset({Reason.RED_FLAG, Reason.URGENT})


@dataclass(frozen=True)
class Interval:
    """What happened between one visit and the next (hidden until the debrief, except for
    what the client reports)."""

    after_visit: int  # 1-based number of the visit before it
    pain_start: float  # true pain at the start of that visit
    pain_before: float  # true pain at the end of that visit
    pain_after: float  # true pain at the start of the next
    relief_held: float  # NRS points of the visit's relief still there
    relief_faded: float  # NRS points that slipped back
    soreness: bool  # post-massage soreness within a day (gone by the visit)
    delayed_flare: int | None  # the step (of that visit) whose load flared at home
    lingering: float  # flare pain carried over
    irritability_before: Irritability
    irritability_after: Irritability
    advice: dict[str, int] = field(default_factory=dict)  # topic -> +1 / 0 / -1
    referral: str = ""  # the reason of a referral made, if any
    report: str = ""  # the client's words at the next visit

    @property
    def worse(self) -> bool:
        """The client came back worse than they began the last visit, or flared at home
        (relief that faded back to where it was is not worse)."""
        return self.pain_after - self.pain_start >= 1.0 or self.delayed_flare is not None

    @property
    def held(self) -> bool:
        """The visit's relief is still there: a point or more, or at least half a point that
        is a meaningful change from a low start (domain.md 6: 30% of a low baseline)."""
        return self.relief_held >= 1.0 or (
            self.relief_held >= 0.5 and improved(self.pain_start, self.pain_after)
        )

    @property
    def better(self) -> bool:
        """The client came back with the visit's relief largely held."""
        return not self.worse and self.held


def _visit_rng(case: Case, seed: int, visit: int) -> random.Random:
    return random.Random(f"{case.id}:{case.seed}:{seed}:visit:{visit}")


def evolve(case: Case, session: Session, visit: int, seed: int) -> tuple[Case, Interval, bool]:
    """The next visit's client and what happened in between; the bool says whether the
    client has left the course for a doctor (an emergency referral)."""
    h, s = case.hidden, session.state
    rng = random.Random(f"{case.id}:{case.seed}:{seed}:between:{visit}")
    steps = [st for st in session.steps if st.response.note.performed]
    # (index in the visit, step, treatment): the index is what an Interval points at
    treats = [
        (n, st, a)
        for n, st in enumerate(session.steps)
        if st.response.note.performed and isinstance(a := st.action, Treat)
    ]
    flares = [st for st in steps if st.response.note.flare_cause is not None]
    referrals = [st.action.reason for st in steps if isinstance(st.action, Refer)]
    topics = {st.action.topic for st in steps if isinstance(st.action, Educate)}

    # relief: what the visit took off, net of flare pain not yet settled
    relief = max(0.0, h.pain - (s.pain - s.flare_pain))
    hold = relief_holds(h.source, h.irritability)
    pin = case.course  # [course pin] an author's script overrides what is computed
    if pin is not None and pin.relief_holds is not None:
        hold = pin.relief_holds
    held = relief * hold
    pain = h.pain - held + s.flare_pain * FLARE_LINGERS[h.irritability]

    # soreness within a day (rule 5), and loads over tolerance that flare at home (rule 7)
    soreness_p = SORENESS_BASE
    if any(a.pressure > MODERATE for _n, _st, a in treats):
        soreness_p += SORENESS_DEEP
    if any(GROUP[a.technique] in PINPOINT_GROUPS for _n, _st, a in treats):
        soreness_p += SORENESS_SPECIFIC
    soreness = bool(treats) and rng.random() < soreness_p
    delayed: int | None = None
    spread = 0
    for n, st, _a in treats:
        note = st.response.note
        excess = note.excess or 0
        chance = DELAYED_FLARE[h.irritability] * excess
        if pin is not None and pin.delayed_flare is not None:  # [course pin]
            chance = pin.delayed_flare
        if excess >= 1 and st.response.effect is not Effect.FLARE and rng.random() < chance:
            delayed = n if delayed is None else delayed
            pain += flare_size(excess) * 0.6
            if nerve_involved(h.source, h.nerve_sensitivity):
                spread = 1

    # home advice: fitting advice helps a little, advice that does not fit hurts
    advice = {
        t.value: advice_effect(t, h.source, h.irritability, h.nerve_sensitivity)
        for t in sorted(topics)
        if t is not Topic.EXPECTATIONS and t is not Topic.REFERRAL_REASON
    }
    for effect in advice.values():
        pain += -ADVICE_RELIEF if effect > 0 else ADVICE_HARM if effect < 0 else 0.0
    harmed = any(e < 0 for e in advice.values())
    if harmed and nerve_involved(h.source, h.nerve_sensitivity):
        spread = 1

    # irritability follows what the tissue met
    irritability = h.irritability
    if delayed is not None or harmed or len(flares) >= RISE_FLARES:
        irritability = shift(irritability, +1)
    elif not flares and relief >= 1.0:
        chance = SETTLE_CHANCE + (SETTLE_SELF_CARE if any(e > 0 for e in advice.values()) else 0)
        if rng.random() < chance:
            irritability = shift(irritability, -1)
    irritability = pinned_irritability(pin, h.irritability, visit, irritability)  # [course pin]

    # how far the symptoms reach: a spread that has not settled stays; held relief lets
    # a centralisation hold
    start_reach = h.reach.level
    if s.reach > start_reach:
        reach = start_reach + (1 if FLARE_LINGERS[h.irritability] >= 0.5 else 0)
    elif s.reach < start_reach and hold >= 0.4:
        reach = s.reach
    else:
        reach = start_reach
    reach = min(len(REACH_ORDER) - 1, reach + spread)

    def kept(start: int, end: int) -> int:
        gained = end - start
        return start + round(gained * hold) if gained > 0 else start

    pain = max(0.0, min(10.0, pain))
    # whole NRS points: an exact half (fitting advice alone takes off 0.5) goes either way by
    # the client's own draw, not by whether the pain was odd or even (round() halves to
    # even); a draw of its own, so more load never rounds lower than less
    whole = math.floor(pain + 0.5)
    down = random.Random(f"{case.id}:{case.seed}:{seed}:half:{visit}").random() < 0.5
    if abs(pain - math.floor(pain) - 0.5) < 1e-9 and down:
        whole -= 1
    # an emergency or urgent referral sends the client to a doctor; so does any medical
    # referral of a red-flag presentation: the doctor finds the cause and takes over
    # (domain.md 4; 7 rule 1: referral is the answer)
    medical = set(referrals) & (_EMERGENCY | {Reason.MEDICAL_ASSESSMENT})
    left = bool(set(referrals) & _EMERGENCY) or s.sent_to_doctor
    left = left or (h.source is Source.RED_FLAG and bool(medical))
    released = s.released if hold >= 0.4 else set()
    if h.source is Source.TRIGGER_POINT:
        # the trigger point is this client's source: a release lowers its pain (the held
        # relief) but the point stays, latent, for the next visit to find and treat
        # (domain.md 7 rule 3: pressure mainly raises thresholds)
        released = set()
    hidden = h.model_copy(
        update={
            "pain": whole,
            "irritability": irritability,
            "reach": REACH_ORDER[reach],
            "slr_angle": kept(h.slr_angle, s.slr_angle),
            "hip_ir": kept(h.hip_ir, s.hip_ir),
            "trigger_points": tuple(tp for tp in h.trigger_points if tp.region not in released),
        }
    )
    findings = case.findings
    if spread and not findings.paraesthesia:
        findings = findings.model_copy(update={"paraesthesia": True})
    moved = LEVELS.index(irritability) - LEVELS.index(h.irritability)
    if moved:
        # the client's account of how easily it flares follows the change
        findings = findings.model_copy(
            update={
                name: shift(level, moved)
                for name in ("provoked_by", "settles")
                if (level := getattr(findings, name)) is not None
            }
        )
    nxt = case.model_copy(update={"hidden": hidden, "findings": findings})
    referral = max(referrals, key=lambda r: URGENCY.get(r, 0)).value if referrals else ""
    interval = Interval(
        after_visit=visit,
        pain_start=float(h.pain),
        pain_before=round(s.pain, 3),
        pain_after=float(hidden.pain),
        relief_held=round(held, 3),
        relief_faded=round(relief - held, 3),
        soreness=soreness,
        delayed_flare=delayed,
        lingering=round(s.flare_pain * FLARE_LINGERS[h.irritability], 3),
        irritability_before=h.irritability,
        irritability_after=irritability,
        advice=advice,
        referral=referral,
    )
    report = _report(case, nxt, interval, bool(flares), spread > 0, visit, seed)
    return nxt, replace(interval, report=report), left


def pinned_irritability(
    pin: CoursePin | None, before: Irritability, visit: int, computed: Irritability
) -> Irritability:
    """[course pin] The irritability at visit `visit + 1` when the author pinned it: a trend
    moves one step per gap; a list names each follow-up visit (its last value holds)."""
    if pin is None or pin.irritability is None:
        return computed
    if isinstance(pin.irritability, list):
        return pin.irritability[min(visit - 1, len(pin.irritability) - 1)]
    return shift(before, {Trend.SETTLES: -1, Trend.RISES: +1, Trend.STEADY: 0}[pin.irritability])


def _report(
    before: Case, after: Case, i: Interval, flared: bool, spread: bool, visit: int, seed: int
) -> str:
    """The client's words, from the events and the state, never the source."""
    rng = StoryRandom(f"{before.id}:{before.seed}:{seed}:report:{visit}")
    parts: list[str] = []
    if i.referral in (Reason.MEDICAL_ASSESSMENT.value, Reason.URGENT.value):
        f = before.findings
        deficit = f.weakness or f.weakness_progressive
        outcome = follow_up.DOCTOR_DEFICIT if deficit else follow_up.DOCTOR_CLEAR
        if before.course is not None and before.course.referral_outcome:  # [course pin]
            outcome = before.course.referral_outcome
        parts.append(outcome)
    if i.delayed_flare is not None:
        parts.append(pick(follow_up.FLARE_NERVE if spread else follow_up.FLARE_LOCAL, rng))
    elif i.lingering >= 0.5 and flared:
        parts.append(pick(follow_up.LINGERED, rng))
    elif i.held:
        parts.append(pick(follow_up.HELD, rng))
    elif i.relief_faded >= 1.0:
        parts.append(pick(follow_up.FADED, rng))
    else:
        parts.append(pick(follow_up.UNCHANGED, rng))
    if i.soreness and i.delayed_flare is None:
        parts.append(pick(follow_up.SORE, rng))
    for topic, effect in i.advice.items():
        if effect > 0:
            parts.append(follow_up.ADVICE_HELPED[Topic(topic)])
        elif effect < 0:
            parts.append(follow_up.ADVICE_HARMED[Topic(topic)])
    change = LEVELS.index(i.irritability_after) - LEVELS.index(i.irritability_before)
    if change < 0:
        parts.append(follow_up.CALMER)
    elif change > 0 and i.delayed_flare is None:
        parts.append(follow_up.TOUCHIER)
    nrs = interview.reported_nrs(after, ClientState.start(after))
    mood = -1 if i.worse else 1 if i.better else 0
    return follow_up.report_words(parts, nrs, before.persona.style, rng, mood)


class Course:
    """A course of visits with one client. `apply` is the only verb, as for a session; the
    `visit` action ends the current visit (if it has not ended) and opens the next."""

    def __init__(self, case: Case, seed: int = 0, visits: int | None = None) -> None:
        if visits is None:  # [course pin] the case's own count, else the default
            visits = pinned_visits(case) or VISITS_DEFAULT
        if not VISITS_MIN <= visits <= VISITS_MAX:
            raise ValueError(f"visits: a course has {VISITS_MIN}-{VISITS_MAX} visits")
        self.case = case
        self.seed = seed
        self.planned = visits
        self.cases = [case]
        self.sessions = [Session(case, seed)]
        self.intervals: list[Interval] = []
        self.openings: list[Response] = []  # the response that opened each follow-up visit
        self.referred_out = False  # the client left the course for a doctor

    @property
    def session(self) -> Session:
        return self.sessions[-1]

    @property
    def visit(self) -> int:
        """The current visit, from 1."""
        return len(self.sessions)

    @property
    def last_visit(self) -> bool:
        return self.visit >= self.planned or self.referred_out

    @property
    def ended(self) -> bool:
        return self.session.ended and self.last_visit

    @property
    def steps(self) -> list[Step]:
        return self.session.steps

    def apply(self, action: Action) -> Response:
        if action.kind != "visit":
            return self.session.apply(action)
        return self._next_visit()

    def _refused(self, text: str) -> Response:
        s = self.session
        return Response(
            text=text,
            signals=Signals(minutes_left=s.minutes_left),
            note=Note(performed=False),
            ended=s.ended,
        )

    def _next_visit(self) -> Response:
        if self.referred_out:
            return self._refused("The client has gone to a doctor: the course has ended.")
        if self.visit >= self.planned:
            return self._refused(f"This is the last visit of a {self.planned}-visit course.")
        if not self.session.ended:
            self.session.apply(End())
        start = float(self.case_now.hidden.pain)
        nxt, interval, left = evolve(self.case_now, self.session, self.visit, self.seed)
        self.intervals.append(interval)
        if left:
            self.referred_out = True
            return self._refused(
                "The client went to the doctor as you advised and will not be back for now: "
                "the course has ended."
            )
        session = Session(nxt, self.seed)
        session.rng = _visit_rng(nxt, self.seed, self.visit + 1)
        self.cases.append(nxt)
        self.sessions.append(session)
        nrs = interview.reported_nrs(nxt, session.state)
        change = interval.pain_after - start
        if interval.worse:
            effect: Effect = Effect.FLARE
        elif change <= -1:
            effect = Effect.RELIEF
        else:
            effect = Effect.NEUTRAL
        text = f'Visit {self.visit}, {DAYS_TEXT}. {follow_up.ASKED} "{interval.report}"'
        signals = Signals(nrs=nrs, reach=session.state.reach_id, minutes_left=session.minutes_left)
        response = Response(text=text, signals=signals, effect=effect, note=session._note())
        self.openings.append(response)
        return response

    @property
    def case_now(self) -> Case:
        return self.cases[-1]


DAYS_TEXT = "a few days later"


def pinned_visits(case: Case) -> int | None:
    """[course pin] The number of visits the case file pins, if any."""
    return case.course.visits if case.course is not None else None


def play_course(
    case: Case, actions: list[Action], seed: int = 0, visits: int | None = None
) -> Course:
    """Apply a whole script; `visits` defaults to the case's pinned count, else the script's
    own count of visits (its `visit` separators plus one), at least VISITS_MIN."""
    if visits is None:
        visits = pinned_visits(case) or max(
            VISITS_MIN, min(VISITS_MAX, 1 + sum(a.kind == "visit" for a in actions))
        )
    course = Course(case, seed, visits)
    for action in actions:
        course.apply(action)
    return course
