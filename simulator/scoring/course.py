"""Scoring a course of care: every visit keeps its rubric, and the course adds what only a
course can show (the seed's plan: reassess, progress when the client did well, change the
plan when symptoms rose, never repeat what flared, and end with a discharge or a referral).

A follow-up visit is scored with what earlier visits established (history, screening,
examination, the impression, a referral) as context, so a student is not asked to take the
whole history again; its treatment, dose and outcome are its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from pydantic import BaseModel, ConfigDict, Field

from simulator.domain.actions import Ask, Educate, Impression, Reassess, Refer, RunTest, Treat
from simulator.domain.case import Case
from simulator.domain.ids import Fit, Irritability, Question, Region, Source, Test
from simulator.engine.course import Course, Interval
from simulator.engine.session import Step
from simulator.knowledge.course import advice_effect, improved
from simulator.knowledge.dose import minutes_limit, working_share
from simulator.knowledge.evidence import TEST_FINDING
from simulator.knowledge.likelihoods import FINDING_LIKELIHOOD
from simulator.knowledge.regions import structure_of
from simulator.knowledge.teaching import TEACHING
from simulator.knowledge.techniques import GROUP, PINPOINT_GROUPS, PROVOCATIVE_GROUPS, Group
from simulator.scoring.rubric import (
    PASS_MARK,
    RELEVANT_LIKELIHOOD,
    RUBRIC_VERSION,
    CriticalError,
    Item,
    Score,
    dose_level,
    score,
    warned_off,
)

# A course's total: the visits' mean carries this share, the course items the rest.
VISIT_SHARE = 0.6
COURSE_WEIGHTS: dict[str, float] = {
    "follow_up_reassessment": 20,
    "plan_progression": 35,
    "no_repeat_flare": 20,
    "discharge": 25,
}
COURSE_TITLES: dict[str, str] = {
    "follow_up_reassessment": "Reassessed at each follow-up before treating",
    "plan_progression": "The plan followed the client's report",
    "no_repeat_flare": "Did not repeat what flared",
    "discharge": "Discharge or referral at the end",
}
# A follow-up that re-measured only the pain rating when a telling sign was there, or only
# signs that do not bear on this client: part of the credit (rubric: the rating is weaker).
PAIN_ONLY = 0.35
# More minutes on the driver than this count as progressing the dose (noise is smaller).
PROGRESS_MINUTES = 2
# The same dose again when it is already full (at the tolerated pressure, on the driver for
# 40% of the visit or more): a fair plan with nowhere to go within a visit, short of
# progressing. A short block at tolerance repeated in a visit with time to spare is not
# full: time on the driver is the dose left to progress (domain.md 5d: minutes of work).
KEPT_AT_TOLERANCE = 0.75
FULL_TIME_SHARE = 0.4
# No pass of a course whose plan did not answer the client's reports: every follow-up of a
# 3-visit course progresses, changes, lightens or keeps a full dose (the seed's plan: watch
# the response, progress when it goes well, change when symptoms rise); repeating a dose
# with room to grow is a routine (0.4), and one such visit fails the gate.
PROGRESSION_GATE = 0.75
# the kinds of step a follow-up visit inherits from earlier visits as context
_CONTEXT = frozenset({"ask", "observe", "palpate", "test", "reassess", "refer", "educate"})


class CourseScore(BaseModel):
    model_config = ConfigDict(frozen=True)

    total: float
    passed: bool
    visits: list[Score]
    items: list[Item]
    critical_errors: list[CriticalError]
    intervals: list[dict[str, object]] = Field(default_factory=list)
    rubric_version: str = RUBRIC_VERSION


@dataclass
class _Verdict:
    share: float
    detail: str
    teaching: str
    errors: list[CriticalError]


def _context(earlier: Sequence[Sequence[Step]], current: Sequence[Step]) -> list[Step]:
    """What a follow-up visit inherits: earlier visits' assessment, referrals and advice,
    and the latest impression unless this visit records its own. Earlier provocation tests
    do not count against this visit's examination limit."""
    own_impression = any(isinstance(s.action, Impression) for s in current)
    context: list[Step] = []
    latest: Step | None = None
    for steps in earlier:
        for s in steps:
            if not s.response.note.performed:
                continue
            if isinstance(s.action, Impression):
                latest = s
            elif s.action.kind in _CONTEXT:
                note = s.response.note
                if note.provocation:
                    s = Step(s.action, replace(s.response, note=replace(note, provocation=False)))
                context.append(s)
    if latest is not None and not own_impression:
        context.append(latest)
    return context


def visit_score(
    case: Case,
    steps: Sequence[Step],
    earlier: Sequence[Sequence[Step]],
    baseline: Case | None = None,
) -> Score:
    """One visit's rubric, with earlier visits as context; evidence points at this visit.
    A follow-up's outcome is the change since the course began (`baseline`, the first
    visit's client): a client who arrives with the relief held cannot show it again within
    the visit (domain.md 6: a meaningful change is measured from baseline)."""
    if not earlier:
        return score(case, steps)
    if baseline is not None:
        b = baseline.hidden
        start = {"pain": b.pain, "reach": b.reach, "slr_angle": b.slr_angle, "hip_ir": b.hip_ir}
        case = case.model_copy(update={"hidden": case.hidden.model_copy(update=start)})
    context = _context(earlier, steps)
    full = score(case, [*context, *steps])
    shift = len(context)
    items = [
        i.model_copy(update={"evidence": [n - shift for n in i.evidence if n >= shift]})
        for i in full.items
    ]
    errors = [
        e.model_copy(update={"step": e.step - shift if e.step is not None else None})
        for e in full.critical_errors
        if e.step is None or e.step >= shift
    ]
    return full.model_copy(update={"items": items, "critical_errors": errors})


def _treats(steps: Sequence[Step]) -> list[tuple[int, Step, Treat]]:
    return [(n, s, s.action) for n, s in enumerate(steps) if isinstance(s.action, Treat)]


@dataclass(frozen=True)
class _Load:
    """The dose a visit put on the tissue that drives this client, within tolerance."""

    pressure: int  # the highest pressure
    minutes: int
    specific: bool  # specific (provocative) work was part of it
    groups: frozenset[Group]  # the kinds of work
    at_tolerance: bool  # the firmest of it was a full working dose (no room to go firmer)
    budget: int  # the visit's minutes
    capped: bool = False  # pinpoint work reached its minutes on one spot (dose.minutes_limit)

    @property
    def full(self) -> bool:
        """No room left to progress within a visit: at the tolerated pressure, and on the
        driver for a good part of the visit or as long as one spot takes."""
        return self.at_tolerance and (self.capped or self.minutes >= FULL_TIME_SHARE * self.budget)


def _key_load(
    steps: Sequence[Step], budget: int, truth: Irritability, stated: Impression | None
) -> _Load:
    pressure = minutes = 0
    specific = False
    groups: set[Group] = set()
    edge = -9
    on_spot: dict[tuple[Group, Region], int] = {}
    for _n, s, a in _treats(steps):
        note = s.response.note
        excess = note.excess or 0
        if note.fit in (Fit.KEY, Fit.PRIMARY) and excess <= 0:
            pressure = max(pressure, a.pressure)
            minutes += a.minutes
            group = GROUP[a.technique]
            specific = specific or group in PROVOCATIVE_GROUPS
            groups.add(group)
            edge = max(edge, excess)
            if group in PINPOINT_GROUPS:
                on_spot[group, a.region] = on_spot.get((group, a.region), 0) + a.minutes
    # the rubric's working dose: at tolerance, or a step under it short of a calm client
    # (judged as the rubric judges it, against the impression when that was cautious)
    irritability = dose_level(truth, stated)
    at_tolerance = edge > -9 and working_share(edge, irritability) >= 1.0
    capped = any(m >= minutes_limit(g, irritability) for (g, _r), m in on_spot.items())
    return _Load(pressure, minutes, specific, frozenset(groups), at_tolerance, budget, capped)


def _reproduced_on_driver(steps: Sequence[Step]) -> bool:
    """Work on the driving tissue brought on radiating symptoms or a flare in this visit
    (seed: "If direct work reproduces sharp radiating symptoms, more pressure is not
    better")."""
    return any(
        s.response.note.fit in (Fit.KEY, Fit.PRIMARY) and warned_off(s)
        for _n, s, _a in _treats(steps)
    )


def _flare_causes(steps: Sequence[Step], interval: Interval | None) -> list[Treat]:
    """The treatments that flared in a visit, on the table or at home afterwards."""
    causes = [
        steps[s.response.note.flare_cause].action
        for s in steps
        if s.response.note.flare_cause is not None
        and s.response.note.flare_cause < len(steps)
        and isinstance(steps[s.response.note.flare_cause].action, Treat)
    ]
    if interval is not None and interval.delayed_flare is not None:
        causes.append(steps[interval.delayed_flare].action)
    return [c for c in causes if isinstance(c, Treat)]


def _repeats(cause: Treat, later: Treat) -> bool:
    """The same or more load on the structure that flared, in the same kind of work."""
    return (
        structure_of(later.region) == structure_of(cause.region)
        and GROUP[later.technique] == GROUP[cause.technique]
        and later.pressure >= cause.pressure
    )


class _Course:
    def __init__(self, course: Course) -> None:
        self.course = course
        self.visits = [s.steps for s in course.sessions]
        self.cases = course.cases
        self.intervals = course.intervals
        self.red_flag = course.case.hidden.source is Source.RED_FLAG

    def stated(self, visit: int) -> Impression | None:
        """The working impression in force at a visit: the latest recorded up to it."""
        for steps in reversed(self.visits[: visit + 1]):
            for step in steps:
                if type(step.action) is Impression:
                    return step.action
        return None


def follow_up_reassessment(c: _Course) -> _Verdict:
    """Each follow-up re-measures before hands-on work: a sign that was positive earlier
    and bears on this client (as the rubric's reassessment item judges it), or the pain
    rating where that is the measure (no such sign; a highly irritable client spared a
    provocation test, domain.md 5a; a trigger point, rule 3). A rating alone where a
    telling sign was there earns part; re-measuring nothing earns nothing."""
    follow_ups = c.visits[1:]
    if not follow_ups:
        ok = c.course.referred_out and c.red_flag
        return _Verdict(1.0 if ok else 0.0, "no follow-up visit", "reassess", [])
    source = c.course.case.hidden.source
    credit, telling = 0.0, 0
    positive: set[Test] = set()
    for k, steps in enumerate(c.visits):
        first = next((n for n, _s, _a in _treats(steps)), len(steps))
        before = [s for s in steps[:first] if s.response.note.performed]
        measured = {s.action.test for s in before if isinstance(s.action, RunTest | Reassess)}
        if any(
            isinstance(s.action, Ask) and s.action.question is Question.PAIN_RATING for s in before
        ):
            measured.add(Test.PAIN_RATING)  # asked or tested, the same rating
        relevant = {
            t
            for t in positive
            if t in TEST_FINDING
            and FINDING_LIKELIHOOD[TEST_FINDING[t]][0].get(source, 0) >= RELEVANT_LIKELIHOOD
        }
        if k > 0:
            gentle = not relevant or c.cases[k].hidden.irritability is Irritability.HIGH
            if relevant & measured:
                credit, telling = credit + 1.0, telling + 1
            elif Test.PAIN_RATING in measured:
                credit += 1.0 if gentle else PAIN_ONLY
            elif measured:
                credit += PAIN_ONLY  # re-measured, but not what tells for this client
        positive |= {
            s.action.test
            for s in steps
            if isinstance(s.action, RunTest | Reassess) and s.response.signals.positive
        }
    return _Verdict(
        credit / len(follow_ups),
        f"re-measured before treating in the follow-up visits ({telling}/{len(follow_ups)} "
        "with a telling sign)",
        "reassess",
        [],
    )


def plan_progression(c: _Course) -> _Verdict:
    """After each report: progress on the driving tissue when the client did well; lighten
    or change when they came back worse."""
    if len(c.visits) < 2:
        ok = c.course.referred_out and c.red_flag
        return _Verdict(1.0 if ok else 0.0, "no follow-up visit", "responsive", [])
    if c.red_flag:
        return _Verdict(0.0, "a red flag kept in care over several visits", "red_flags", [])
    credit, notes, errors = 0.0, [], []
    for k, interval in enumerate(c.intervals[: len(c.visits) - 1]):
        before, after = c.visits[k], c.visits[k + 1]
        if interval.worse:
            causes = _flare_causes(before, interval)
            repeated = [a for _n, _s, a in _treats(after) if any(_repeats(x, a) for x in causes)]
            top_before = max((a.pressure for _n, _s, a in _treats(before)), default=0)
            top_after = max((a.pressure for _n, _s, a in _treats(after)), default=0)
            lighter = top_after < top_before or not _treats(after)
            if repeated:
                notes.append(f"visit {k + 2}: the same load went back on after a worse report")
                errors.append(
                    CriticalError(
                        id="repeated_flare_after_worse_report",
                        message=f"visit {k + 2} repeated the load that flared after visit "
                        f"{k + 1}, though the client came back worse",
                    )
                )
            elif lighter:
                credit += 1.0
                notes.append(f"visit {k + 2}: lightened the plan after a worse report")
            else:
                credit += 0.4
                notes.append(f"visit {k + 2}: changed, but no lighter, after a worse report")
        else:
            # did well, or no clear change: the plan answers by progressing the dose on the
            # driving tissue (firmer, longer, or more specific), by keeping a dose already
            # at the tolerance, or (no change) by trying other work on the driver; the same
            # dose again below what the tissue takes is a routine, not a response
            # (the seed: progress if they do well; domain.md 5d and 6: dose to tolerance)
            a = _key_load(
                before, c.cases[k].budget_minutes, c.cases[k].hidden.irritability, c.stated(k)
            )
            b = _key_load(
                after,
                c.cases[k + 1].budget_minutes,
                c.cases[k + 1].hidden.irritability,
                c.stated(k + 1),
            )
            worked = b.minutes > 0
            progressed = worked and (
                b.pressure > a.pressure
                or b.minutes >= a.minutes + PROGRESS_MINUTES
                or (b.specific and not a.specific)
            )
            # about the same time (a last visit keeps minutes back for the discharge)
            kept = worked and b.pressure >= a.pressure and 4 * b.minutes >= 3 * a.minutes
            full = kept and b.full
            changed = worked and not interval.better and bool(b.groups - a.groups)
            # the driving tissue answered the progression with radiating symptoms: lighter
            # or adjacent work from then on is the seed's answer, not a dropped plan
            heeded = _reproduced_on_driver(after) and not (progressed or full or changed)
            how = (
                "progressed"
                if progressed
                else "progressed until it reproduced the symptoms, then eased off"
                if heeded
                else "kept the tolerated dose on"
                if full
                else "changed the work on"
                if changed
                else "repeated a dose below tolerance on"
                if kept and not b.at_tolerance
                else "repeated a short dose, with time to spare, on"
                if kept
                else "dropped the work on"
            )
            credit += (
                1.0
                if progressed or changed or heeded
                else KEPT_AT_TOLERANCE
                if full
                else 0.4
                if kept
                else 0
            )
            report = "a good report" if interval.better else "no clear change"
            notes.append(f"visit {k + 2}: {how} the driving tissue after {report}")
    share = credit / max(1, len(c.visits) - 1)
    return _Verdict(share, "; ".join(notes), "responsive", errors)


def no_repeat_flare(c: _Course) -> _Verdict:
    if c.red_flag:
        ok = c.course.referred_out
        return _Verdict(1.0 if ok else 0.0, "red flag: refer, not treat", "red_flags", [])
    if not any(_treats(v) for v in c.visits):
        return _Verdict(0.0, "no treatment given", "responsive", [])
    causes: list[Treat] = []
    repeats = 0
    for k, steps in enumerate(c.visits):
        later = [a for _n, _s, a in _treats(steps)]
        repeats += sum(any(_repeats(x, a) for x in causes) for a in later)
        interval = c.intervals[k] if k < len(c.intervals) else None
        causes += _flare_causes(steps, interval)
    if not causes:
        return _Verdict(1.0, "nothing flared across the course", "reproduction", [])
    share = max(0.0, 1.0 - 0.5 * repeats)
    return _Verdict(
        share,
        f"{len(causes)} load(s) flared; {repeats} later treatment(s) repeated one",
        "reproduction",
        [],
    )


def discharge(c: _Course) -> _Verdict:
    """Improved: end with home advice that fits; not improved: refer (the seed: lasting
    change comes with medical review, exercise and posture)."""
    h = c.course.case.hidden
    all_steps = [s for v in c.visits for s in v if s.response.note.performed]
    referred = any(isinstance(s.action, Refer) for s in all_steps)
    if c.red_flag:
        ok = referred and c.course.referred_out
        return _Verdict(1.0 if ok else 0.0, "red flag: referred out", "red_flags", [])
    last = c.visits[-1]
    pain_now = last[-1].response.note.pain if last else float(c.cases[-1].hidden.pain)
    good = improved(float(h.pain), pain_now)
    harmful = [
        s.action.topic.value
        for s in all_steps
        if isinstance(s.action, Educate)
        and advice_effect(s.action.topic, h.source, h.irritability, h.nerve_sensitivity) < 0
    ]
    last_case = c.cases[-1].hidden
    fitting = any(
        isinstance(s.action, Educate)
        and advice_effect(
            s.action.topic, last_case.source, last_case.irritability, last_case.nerve_sensitivity
        )
        > 0
        for s in last
    )
    if good:
        share = 1.0 if fitting else 0.3
        detail = "improved: " + (
            "discharged with fitting home advice" if fitting else "no home plan"
        )
        teaching = "combined_care"
    else:
        share = 1.0 if referred else 0.0
        detail = "not improved: " + ("referred on" if referred else "kept going without a referral")
        teaching = "combined_care"
    if harmful:
        share -= 0.5 * len(harmful)
        detail += "; advice that did not fit: " + ", ".join(harmful)
    return _Verdict(max(0.0, share), detail, teaching, [])


COURSE_ITEMS: dict[str, Callable[[_Course], _Verdict]] = {
    "follow_up_reassessment": follow_up_reassessment,
    "plan_progression": plan_progression,
    "no_repeat_flare": no_repeat_flare,
    "discharge": discharge,
}


def interval_json(i: Interval) -> dict[str, object]:
    return {
        "after_visit": i.after_visit,
        "report": i.report,
        "pain_start": i.pain_start,
        "pain_before": i.pain_before,
        "pain_after": i.pain_after,
        "relief_held": i.relief_held,
        "soreness": i.soreness,
        "delayed_flare_step": i.delayed_flare,
        "irritability": [i.irritability_before.value, i.irritability_after.value],
        "advice": i.advice,
        "referral": i.referral,
    }


def score_course(course: Course, pass_mark: float = PASS_MARK) -> CourseScore:
    visits = [
        visit_score(case, session.steps, [s.steps for s in course.sessions[:k]], course.case)
        for k, (case, session) in enumerate(zip(course.cases, course.sessions, strict=True))
    ]
    c = _Course(course)
    verdicts = {item_id: judge(c) for item_id, judge in COURSE_ITEMS.items()}
    items = []
    for item_id, v in verdicts.items():
        point = TEACHING[v.teaching]
        weight = COURSE_WEIGHTS[item_id]
        items.append(
            Item(
                id=item_id,
                title=COURSE_TITLES[item_id],
                points=round(weight * max(0.0, min(1.0, v.share)), 2),
                maximum=weight,
                detail=v.detail,
                teaching=point.text,
                seed_section=point.seed_section,
            )
        )
    errors = [e for v in verdicts.values() for e in v.errors]
    errors += [e for s in visits for e in s.critical_errors]
    mean = sum(s.total for s in visits) / len(visits)
    total = round(VISIT_SHARE * mean + (1 - VISIT_SHARE) * sum(i.points for i in items), 2)
    if errors:
        total = min(total, pass_mark - 10)
    passed_visits = sum(s.passed for s in visits)
    # a course cut short by a referral passes only for the client who needed one (a red
    # flag, domain.md 4): sending a soft-tissue client away is not following them
    followed = verdicts["plan_progression"].share >= PROGRESSION_GATE or (
        len(visits) < 2 and c.red_flag
    )
    passed = (
        total >= pass_mark and not errors and passed_visits >= max(1, len(visits) - 1) and followed
    )
    return CourseScore(
        total=total,
        passed=passed,
        visits=visits,
        items=items,
        critical_errors=errors,
        intervals=[interval_json(i) for i in course.intervals],
    )


__all__ = ["COURSE_WEIGHTS", "CourseScore", "score_course", "visit_score"]
