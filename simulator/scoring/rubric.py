"""The rubric (DESIGN section 5): transcript + hidden case -> Score, with evidence per item.

A pure function: it reads the actions, the visible signals and the hidden notes the engine
recorded, never a clock or a random number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pydantic import BaseModel, ConfigDict, Field

from simulator.domain.actions import (
    ARGUMENTS,
    Ask,
    Educate,
    Palpate,
    Reassess,
    Refer,
    RunTest,
    Treat,
)
from simulator.domain.case import Case
from simulator.domain.ids import (
    Effect,
    Irritability,
    Question,
    Reason,
    Region,
    Sensation,
    Source,
    Test,
    Topic,
)
from simulator.engine.session import Step
from simulator.engine.treatment import targets
from simulator.knowledge.dose import ADEQUATE_MINUTES, SPECIFIC_MINUTES_LIMIT
from simulator.knowledge.examination import CONFIRMING
from simulator.knowledge.red_flags import REVEALED_BY, URGENCY, required_referral
from simulator.knowledge.regions import KEY_TISSUE
from simulator.knowledge.responses import RESPONSE_TABLE, expected, relief_amount
from simulator.knowledge.teaching import TEACHING
from simulator.knowledge.techniques import GROUP, SPECIFIC_GROUPS, Group

PASS_MARK = 70
# A technique is among the most effective for a source when it gives at least this share
# of the best relief in the response table at the client's irritability.
KEY_SHARE = 0.75
# What each rubric item is worth (sums to 100). Most weight sits where a fixed routine cannot
# follow: the examination that confirms this client's problem, the technique that fits it,
# the dose, and the outcome.
WEIGHTS: dict[str, float] = {
    "assessment": 16,
    "safety": 12,
    "conservative_start": 6,
    "dose": 12,
    "responsiveness": 8,
    "technique_fit": 20,
    "reassessment": 8,
    "communication": 4,
    "outcome": 14,
}
FLARE_SENSATIONS = frozenset(
    {Sensation.SHARP, Sensation.RADIATING, Sensation.TINGLING, Sensation.NUMB}
)
KEY_QUESTIONS: tuple[frozenset[Question], ...] = (
    frozenset({Question.ONSET}),
    frozenset({Question.LOCATION, Question.RADIATION}),
    frozenset({Question.AGGRAVATING, Question.SITTING_VS_WALKING, Question.EASING}),
    frozenset({Question.HISTORY_DISC, Question.HISTORY_INJURY, Question.TRAINING_LOAD}),
)


class Item(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    points: float
    maximum: float
    evidence: list[int] = Field(default_factory=list)  # 0-based step indices
    detail: str = ""
    teaching: str = ""  # the teaching point's paraphrase
    seed_section: str = ""


class Score(BaseModel):
    model_config = ConfigDict(frozen=True)

    total: float
    passed: bool
    items: list[Item]
    critical_errors: list[str]


class _Ctx:
    """Facts about the transcript that several items read."""

    def __init__(self, case: Case, steps: Sequence[Step]) -> None:
        self.case = case
        self.steps = [s for s in steps if s.response.note.performed]
        self.index = [i for i, s in enumerate(steps) if s.response.note.performed]
        self.kinds = [s.action.kind for s in self.steps]
        self.treats = [(n, s) for n, s in enumerate(self.steps) if s.action.kind == "treat"]
        self.first_treat = self.treats[0][0] if self.treats else len(self.steps)
        self.referrals = [
            (n, s.action.reason) for n, s in enumerate(self.steps) if isinstance(s.action, Refer)
        ]
        self._first_palpation: dict[Region, int] | None = None
        self.red_flag = case.hidden.source is Source.RED_FLAG
        self.recognised = self.red_flag and self._recognised()

    def _recognised(self) -> bool:
        """A red-flag referral made after the client revealed the flag; one made before any
        revealing question was answered is a guess and earns nothing."""
        kind = self.case.hidden.red_flag_kind
        revealing = REVEALED_BY[kind] if kind else frozenset()
        seen = False
        for step in self.steps:
            action = step.action
            if (
                isinstance(action, Ask)
                and action.question in revealing
                and (step.response.signals.positive or action.question is Question.RADIATION)
            ):
                seen = True
            if isinstance(action, Refer) and action.reason in URGENCY and seen:
                return True
        return False

    def before_treatment(self, kind: str) -> list[int]:
        return [n for n, k in enumerate(self.kinds[: self.first_treat]) if k == kind]

    def asked_before_treatment(self) -> dict[Question, int]:
        out: dict[Question, int] = {}
        for n in self.before_treatment("ask"):
            action = self.steps[n].action
            assert isinstance(action, Ask)
            out.setdefault(action.question, n)
        return out

    def ids(self, local: Sequence[int]) -> list[int]:
        return [self.index[n] for n in local]

    def palpated_before(self, region: Region, step: int) -> bool:
        if self._first_palpation is None:
            self._first_palpation = {}
            for n, s in enumerate(self.steps):
                if isinstance(s.action, Palpate):
                    self._first_palpation.setdefault(s.action.region, n)
        return self._first_palpation.get(region, step) < step

    def flare_signals(self) -> list[int]:
        return [
            n for n, s in enumerate(self.steps) if s.response.signals.sensation in FLARE_SENSATIONS
        ]


def _item(
    item_id: str,
    title: str,
    points: float,
    maximum: float,
    evidence: list[int],
    detail: str,
    teaching: str,
) -> Item:
    """Each item computes its points on its own scale (`maximum`); WEIGHTS rescales them."""
    point = TEACHING[teaching]
    weight = WEIGHTS[item_id]
    return Item(
        id=item_id,
        title=title,
        points=round(weight * max(0.0, min(maximum, points)) / maximum, 2),
        maximum=weight,
        evidence=evidence,
        detail=detail,
        teaching=point.text,
        seed_section=point.seed_section,
    )


def _step_key(step: Step) -> str:
    """`kind:first-argument`, as the confirming table writes steps (`test:fair`)."""
    action = step.action
    names = ARGUMENTS[action.kind]
    return f"{action.kind}:{getattr(action, names[0])}" if names else action.kind


def _confirming(c: _Ctx) -> tuple[tuple[frozenset[str], ...], dict[int, int]]:
    """The confirming needs of this client's source, and which were met (need -> step)."""
    culprits = {f"palpate:{tp.region.value}" for tp in c.case.hidden.trigger_points}
    needs = CONFIRMING[c.case.hidden.source]
    done: dict[str, int] = {}
    for n, step in enumerate(c.steps[: c.first_treat]):
        done.setdefault(_step_key(step), n)
    met: dict[int, int] = {}
    for i, need in enumerate(needs):
        wanted = (need - {"palpate:@culprit"}) | (culprits if "palpate:@culprit" in need else set())
        hits = [done[k] for k in wanted if k in done]
        if hits:
            met[i] = min(hits)
    return needs, met


def assessment(c: _Ctx) -> Item:
    asked = c.asked_before_treatment()
    groups = [g for g in KEY_QUESTIONS if g & asked.keys()]
    observed, palpated = c.before_treatment("observe"), c.before_treatment("palpate")
    tested = c.before_treatment("test")
    general = 0.25 * len(groups) + bool(observed) / 3 + bool(palpated) / 3 + bool(tested) / 3
    needs, met = _confirming(c)
    # a quarter for a general history and examination, the rest for the findings that
    # confirm or rule out this client's likely source
    points = 3 * general + 9 * len(met) / len(needs)
    evidence = sorted(
        {asked[q] for g in groups for q in g if q in asked}
        | set(observed[:1] + palpated[:1] + tested[:1])
        | set(met.values())
    )
    missing = [
        name
        for name, got in (("observation", observed), ("palpation", palpated), ("a test", tested))
        if not got
    ]
    detail = (
        f"{len(groups)}/4 key history areas before hands-on work; "
        f"{len(met)}/{len(needs)} of the findings that confirm this client's problem checked"
    )
    if missing:
        detail += "; missing before treatment: " + ", ".join(missing)
    return _item(
        "assessment",
        "Assessment before technique",
        points,
        12,
        c.ids(evidence),
        detail,
        "assess_first",
    )


def safety(c: _Ctx) -> tuple[Item, list[str]]:
    asked = c.asked_before_treatment()
    if not c.treats:  # no hands-on work: the whole session counts as before treatment
        asked = {}
        for n, s in enumerate(c.steps):
            if isinstance(s.action, Ask):
                asked.setdefault(s.action.question, n)
    screen = 0.0
    if Question.BLADDER_BOWEL in asked and Question.SADDLE_NUMBNESS in asked:
        screen += 4
    elif Question.BLADDER_BOWEL in asked or Question.SADDLE_NUMBNESS in asked:
        screen += 2
    if asked.keys() & {Question.WEAKNESS, Question.NUMBNESS}:
        screen += 2
    if asked.keys() & {Question.GENERAL_HEALTH, Question.NIGHT_PAIN}:
        screen += 2
    needed = required_referral(c.case)
    reasons = {reason for _n, reason in c.referrals}
    errors: list[str] = []
    evidence = [
        n
        for q, n in asked.items()
        if q
        in (
            Question.BLADDER_BOWEL,
            Question.SADDLE_NUMBNESS,
            Question.WEAKNESS,
            Question.NUMBNESS,
            Question.GENERAL_HEALTH,
            Question.NIGHT_PAIN,
        )
    ]
    evidence += [n for n, _r in c.referrals]
    if c.red_flag:
        if c.recognised:
            refer, detail = 4.0, "red flag recognised and referred"
        elif reasons & URGENCY.keys():
            refer, detail = 0.0, "referred before the flag was found: a guess, not a finding"
        else:
            refer, detail = 0.0, "a red flag was not referred"
            errors.append("missed_red_flag: a red-flag presentation was not referred out")
    elif needed is Reason.MEDICAL_ASSESSMENT:
        if Reason.MEDICAL_ASSESSMENT in reasons:
            refer, detail = 4.0, "nerve-root signs: medical assessment recommended"
        elif Reason.RED_FLAG in reasons:
            refer, detail = -4.0, "sent to a doctor today although a medical opinion was enough"
        else:
            refer, detail = -4.0, "nerve-root signs (cough/sneeze or weakness) not referred"
    elif Reason.RED_FLAG in reasons:
        # an emergency referral that is not needed alarms the client and ends the session:
        # it costs the whole safety item
        refer, detail = -8.0, "needless red-flag referral of a soft-tissue case"
    elif reasons:
        refer, detail = -4.0, "needless referral: nothing in this client called for one"
    else:
        refer, detail = 4.0, "no referral needed, none made"
    detail = f"screening {screen:g}/8 before hands-on work; {detail}"
    return (
        _item(
            "safety",
            "Safety: screening and referral",
            screen + refer,
            12,
            c.ids(sorted(set(evidence))),
            detail,
            "red_flags",
        ),
        errors,
    )


def _red_flag_handled(c: _Ctx) -> tuple[bool, list[int]]:
    """(recognised and not treated, the treatment steps): on a red-flag client the credit
    for dose, fit and a conservative start is for seeing the flag and keeping hands off."""
    treated = [n for n, _s in c.treats]
    return c.recognised and not treated, treated


def conservative_start(c: _Ctx) -> Item:
    if c.red_flag:
        handled, hard = _red_flag_handled(c)
        return _item(
            "conservative_start",
            "Conservative start",
            8 if handled else 0,
            8,
            c.ids(hard),
            "red flag: no hands-on work" if not hard else "hands-on treatment of a red-flag client",
            "red_flags",
        )
    if not c.treats:
        return _item(
            "conservative_start",
            "Conservative start",
            0,
            8,
            [],
            "no treatment given",
            "broad_first",
        )
    n, first = c.treats[0]
    assert isinstance(first.action, Treat)
    group = GROUP[first.action.technique]
    broad = group in (Group.BROAD, Group.MOVEMENT)
    gentle = first.action.pressure <= 3
    points = 8 if broad and gentle else 4 if broad or gentle else 0
    return _item(
        "conservative_start",
        "Conservative start",
        points,
        8,
        c.ids([n]),
        f"first treatment: {first.action.technique.value} at pressure {first.action.pressure}",
        "broad_first",
    )


def dose(c: _Ctx) -> Item:
    if c.red_flag:
        handled, hard = _red_flag_handled(c)
        return _item(
            "dose",
            "Dose matched to irritability",
            12 if handled else 0,
            12,
            c.ids(hard),
            "red flag: dose is not the question",
            "red_flags",
        )
    if not c.treats:
        return _item(
            "dose", "Dose matched to irritability", 0, 12, [], "no treatment given", "dose"
        )
    credit, over, light = 0.0, [], []
    for n, s in c.treats:
        assert isinstance(s.action, Treat)
        tol = s.response.note.tolerance or 0
        if s.action.pressure > tol:
            over.append(n)
        elif s.action.pressure <= tol - 2:
            # the working dose sits at the edge of tolerance (domain.md 6): well below it
            # the tissue barely changes
            credit += 0.75 if s.action.pressure == tol - 2 else 0.5
            light.append(n)
        else:
            credit += 1
    points = 12 * credit / len(c.treats)
    detail = f"{len(c.treats) - len(over)}/{len(c.treats)} treatments within tolerance"
    if light:
        detail += f"; {len(light)} well below the dose the tissue takes"
    return _item(
        "dose", "Dose matched to irritability", points, 12, c.ids(over + light), detail, "dose"
    )


def _escalated(before: Treat, after: Treat) -> bool:
    same_spot = before.region == after.region
    return after.pressure > before.pressure or (
        same_spot
        and after.pressure >= before.pressure
        and GROUP[after.technique] in SPECIFIC_GROUPS
    )


def _progressed(c: _Ctx) -> list[int]:
    """Treatments that went deeper or more specific than the first one."""
    if not c.treats:
        return []
    first = c.treats[0][1].action
    assert isinstance(first, Treat)
    out = []
    for n, s in c.treats[1:]:
        a = s.action
        assert isinstance(a, Treat)
        # progressing means reaching the working dose (within one level of tolerance) or
        # moving on to specific work, not merely pressing a little harder than a caress
        working = a.pressure >= (s.response.note.tolerance or 0) - 1
        deeper = a.pressure > first.pressure or (
            GROUP[a.technique] in SPECIFIC_GROUPS | {Group.MYOFASCIAL, Group.CONTRACT_RELAX}
            and GROUP[first.technique] not in SPECIFIC_GROUPS
        )
        if deeper and working:
            out.append(n)
    return out


def responsiveness(c: _Ctx) -> tuple[Item, list[str]]:
    signals = c.flare_signals()
    if not signals:
        # the other half of responsiveness: progress carefully while the client does well
        progressed = _progressed(c)
        high = c.case.hidden.irritability is Irritability.HIGH
        points: float = 8 if progressed or high or c.red_flag or not c.treats else 4
        if progressed:
            detail = "no flare signal; treatment progressed as it was tolerated"
        elif high:
            detail = "no flare signal; staying gentle suits a highly irritable client"
        else:
            detail = "no flare signal, but the treatment never progressed"
        return _item(
            "responsiveness",
            "Responsiveness to the client",
            points,
            8,
            c.ids(progressed),
            detail,
            "responsive",
        ), []
    adapted, escalations = 0, []
    for n in signals:
        before = next((s.action for m, s in reversed(c.treats) if m <= n), None)
        after = next(((m, s.action) for m, s in c.treats if m > n), None)
        if after is None or before is None or not isinstance(before, Treat):
            adapted += 1  # stopped treating after the signal
            continue
        assert isinstance(after[1], Treat)
        if _escalated(before, after[1]):
            escalations.append(after[0])
        else:
            adapted += 1
    errors = []
    if len(signals) >= 2 and escalations:
        errors.append("escalation_after_flares: pressure kept up after repeated flare signals")
    points = 8.0 * adapted / len(signals)
    return (
        _item(
            "responsiveness",
            "Responsiveness to the client",
            points,
            8,
            c.ids(signals + escalations),
            f"adapted after {adapted}/{len(signals)} flare signals",
            "reproduction",
        ),
        errors,
    )


def adequate(group: Group, irritability: Irritability) -> int:
    """Minutes of this work that make an adequate dose, within the irritability limit."""
    minutes = ADEQUATE_MINUTES[group]
    if group in (Group.SPECIFIC, Group.TRIGGER):
        minutes = min(minutes, SPECIFIC_MINUTES_LIMIT[irritability])
    return minutes


def _key_groups(case: Case, source: Source) -> set[Group]:
    """The techniques this source responds to best at this irritability."""
    amounts = {
        g: relief_amount(expected(g, source, case.hidden.irritability)) for g in RESPONSE_TABLE
    }
    best = max(amounts.values())
    return {g for g, a in amounts.items() if best > 0 and a >= KEY_SHARE * best}


def technique_fit(c: _Ctx) -> Item:
    case = c.case
    if c.red_flag:
        return _item(
            "technique_fit",
            "Technique fits the source",
            20 if _red_flag_handled(c)[0] else 0,
            20,
            c.ids([n for n, _ in c.treats]),
            "red flag: the right technique is none",
            "red_flags",
        )
    if not c.treats:
        return _item(
            "technique_fit",
            "Technique fits the source",
            0,
            20,
            [],
            "no treatment given",
            "not_pain_site",
        )
    sources = [case.hidden.source] + ([case.hidden.secondary] if case.hidden.secondary else [])
    keys = [(_key_groups(case, source), _key_tissue(case, source)) for source in sources]
    tissues = [targets(case, source) for source in sources]
    key_dose = [0.0] * len(sources)
    fit_minutes = key_minutes = total = unexamined = 0.0
    evidence = []
    for n, s in c.treats:
        action = s.action
        assert isinstance(action, Treat)
        total += action.minutes
        group = GROUP[action.technique]
        if group in (Group.SPECIFIC, Group.TRIGGER) and not c.palpated_before(action.region, n):
            # pinpoint work on tissue never palpated is a guess, not a finding followed up
            # (seed: palpation confirms what the body suggests, before deeper work)
            unexamined += action.minutes
            continue
        if s.response.effect is Effect.FLARE:
            continue
        for i, (weight, source) in enumerate(zip((1.0, 0.5), sources, strict=False)):
            cell = expected(group, source, case.hidden.irritability)
            if action.region not in tissues[i] or not cell.startswith("R"):
                continue
            fit_minutes += weight * action.minutes
            groups, tissue = keys[i]
            if group in groups and action.region in tissue:
                key_minutes += action.minutes
                key_dose[i] += action.minutes / adequate(group, case.hidden.irritability)
                evidence.append(n)
            break
    share = fit_minutes / total
    # Time is the measure (DESIGN section 5): enough of the most effective technique on
    # the tissue that drives this client's problem, and little time spent elsewhere; with
    # a secondary contributor (a gluteal trigger point beside a nerve root, domain.md 1)
    # part of the credit is for treating that too.
    done = [min(1.0, d) for d in key_dose]
    key_done = done[0] if len(done) == 1 else 0.7 * done[0] + 0.3 * done[1]
    points = 20 * key_done * (0.5 + 0.5 * share)
    detail = (
        f"{share:.0%} of treatment time on tissue this client responds to; "
        f"{key_minutes:g} min of the most effective technique"
    )
    if len(done) > 1:
        detail += f" (secondary contributor treated: {done[1]:.0%})"
    if unexamined:
        detail += f"; {unexamined:g} min of pinpoint work on tissue never palpated"
    return _item(
        "technique_fit",
        "Technique fits the source",
        points,
        20,
        c.ids(evidence),
        detail,
        "not_pain_site",
    )


def _key_tissue(case: Case, source: Source) -> frozenset[Region]:
    if source is Source.TRIGGER_POINT:
        return frozenset(tp.region for tp in case.hidden.trigger_points)
    return KEY_TISSUE[source]


def reassessment(c: _Ctx) -> Item:
    if c.red_flag:
        return _item(
            "reassessment",
            "Reassessment",
            8 if c.recognised else 0,
            8,
            [],
            "red flag: referral replaces treatment and retest",
            "red_flags",
        )
    after = [n for n, k in enumerate(c.kinds) if k == "reassess" and n > c.first_treat]
    # a retest teaches something only if it measures a sign that was there: a test that
    # was positive before treatment, or the pain itself
    positive_before = {
        s.action.test
        for s in c.steps[: c.first_treat]
        if isinstance(s.action, RunTest) and s.response.signals.positive
    }
    telling = []
    for n in after:
        action = c.steps[n].action
        if isinstance(action, Reassess) and (
            action.test in positive_before or action.test is Test.PAIN_RATING
        ):
            telling.append(n)
    points = 0 if not after else 2 if not telling else 6 if len(telling) == 1 else 8
    return _item(
        "reassessment",
        "Reassessment after interventions",
        points,
        8,
        c.ids(after),
        f"{len(after)} retest(s) after treatment began, {len(telling)} of a sign that was "
        "present before",
        "reassess",
    )


def communication(c: _Ctx) -> Item:
    deep = [
        n
        for n, s in c.treats
        if isinstance(s.action, Treat)
        and (GROUP[s.action.technique] in SPECIFIC_GROUPS or s.action.pressure >= 4)
    ]
    checked = [n for n in deep if "check_in" in c.kinds[n + 1 : n + 3]]
    topics = {s.action.topic: n for n, s in enumerate(c.steps) if isinstance(s.action, Educate)}
    want = Topic.REFERRAL_REASON if required_referral(c.case) else Topic.EXPECTATIONS
    points = (
        (3 * len(checked) / len(deep) if deep else 3)
        + 2 * (want in topics)
        + 1 * (Topic.SELF_CARE in topics or (c.red_flag and Topic.EXPECTATIONS in topics))
    )
    evidence = checked + [n for t, n in topics.items()]
    return _item(
        "communication",
        "Communication",
        points,
        6,
        c.ids(sorted(evidence)),
        f"checked in after {len(checked)}/{len(deep)} deep techniques; "
        f"explained {want.value}: {'yes' if want in topics else 'no'}",
        "good_sore",
    )


def outcome(c: _Ctx) -> Item:
    h = c.case.hidden
    if c.red_flag:
        return _item(
            "outcome",
            "Outcome",
            14 if c.recognised else 0,
            14,
            [],
            "red flag: the outcome that matters is a referral",
            "red_flags",
        )
    last = c.steps[-1].response.note if c.steps else None
    if last is None:
        return _item("outcome", "Outcome", 0, 14, [], "nothing done", "responsive")
    change = h.pain - last.pain
    target = (
        max(2.0, 0.3 * h.pain)
        if h.source is not Source.LUMBAR_RADICULAR
        else min(2.0, 0.35 * h.pain)
    )
    pain_points = 8 * max(0.0, min(1.0, change / target))
    reach_change = h.reach.level - last.reach.level
    reach_points = 3 if reach_change > 0 else 1.5 if reach_change == 0 else 0
    rom_points = (
        3
        if last.slr_angle - h.slr_angle >= 5 or last.hip_ir - h.hip_ir >= 4
        else 1
        if last.slr_angle >= h.slr_angle
        else 0
    )
    if change < 0:
        pain_points = reach_points = 0
    return _item(
        "outcome",
        "Outcome",
        pain_points + reach_points + rom_points,
        14,
        [],
        f"pain {h.pain} -> {last.pain:.1f}, reach {h.reach.value} -> "
        f"{last.reach.value}, SLR {h.slr_angle} -> {last.slr_angle} deg",
        "responsive",
    )


def neural_stretch_errors(c: _Ctx) -> list[str]:
    h = c.case.hidden
    sensitive = h.nerve_sensitivity > 0.5 or h.source is Source.LUMBAR_RADICULAR
    for _n, s in c.treats:
        a = s.action
        if (
            isinstance(a, Treat)
            and sensitive
            and a.pressure >= 3
            and GROUP[a.technique] in (Group.STRETCH, Group.CONTRACT_RELAX)
            and a.region.value in ("hamstrings", "deep_rotators")
        ):
            return ["aggressive_neural_stretch: end-range stretch of a sensitive nerve"]
    return []


ITEMS: tuple[Callable[[_Ctx], Item], ...] = (
    assessment,
    conservative_start,
    dose,
    technique_fit,
    reassessment,
    communication,
    outcome,
)


def score(case: Case, steps: Sequence[Step], pass_mark: float = PASS_MARK) -> Score:
    c = _Ctx(case, steps)
    safety_item, errors = safety(c)
    response_item, response_errors = responsiveness(c)
    items = [
        assessment(c),
        safety_item,
        conservative_start(c),
        dose(c),
        response_item,
        technique_fit(c),
        reassessment(c),
        communication(c),
        outcome(c),
    ]
    errors = errors + response_errors + neural_stretch_errors(c)
    total = round(sum(i.points for i in items), 2)
    if errors:
        total = min(total, pass_mark - 10)  # a critical error fails the session
    return Score(
        total=total, passed=total >= pass_mark and not errors, items=items, critical_errors=errors
    )
