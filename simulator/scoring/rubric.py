"""The rubric (DESIGN section 5): transcript + hidden case -> Score, with evidence per item.

A pure function. It reads the actions, the visible signals and the judgements the engine
recorded in each step's note (fit, dose against tolerance, what flared, what the client
revealed), never recomputing them, and never a clock or a random number.

Credit is for decisions on evidence, not for performing actions: each item below is one
small function returning the share of its weight earned, the steps it rests on, what it
found, and the teaching point that fits the reason points were lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field

from simulator.domain.actions import (
    Ask,
    Educate,
    Impression,
    Observe,
    Palpate,
    Reassess,
    Refer,
    RunTest,
    Treat,
)
from simulator.domain.case import Case
from simulator.domain.ids import (
    DRIVER_TISSUES,
    Effect,
    Fit,
    Irritability,
    Question,
    Reach,
    Reason,
    Region,
    Source,
    Test,
    Topic,
)
from simulator.engine.session import Step
from simulator.engine.treatment import PERIPHERALISED
from simulator.knowledge.dose import (
    ADEQUATE_MINUTES,
    DEEP_MIN,
    MODERATE,
    minutes_limit,
    tensioning_risk,
    working_share,
)
from simulator.knowledge.evidence import PROVOCATION_LIMIT_HIGH, TEST_FINDING
from simulator.knowledge.examination import CONFIRMING, INDICATES, rechecks, step_key
from simulator.knowledge.irritability import LEVELS
from simulator.knowledge.likelihoods import FINDING_LIKELIHOOD
from simulator.knowledge.red_flags import (
    SCREENING_AREAS,
    SPINAL_LOADING,
    TINGLING,
    URGENCY,
    URGENCY_WORDS,
    AmberSigns,
    required_referral,
)
from simulator.knowledge.regions import (
    LABEL,
    NERVE_PATH,
    directional,
    overworked,
    structure_of,
)
from simulator.knowledge.responses import expected, relief_amount
from simulator.knowledge.teaching import TEACHING
from simulator.knowledge.techniques import (
    GENTLE_GROUPS,
    GROUP,
    PINPOINT_GROUPS,
    PROVOCATIVE_GROUPS,
    SPECIFIC_GROUPS,
    Group,
)

# Bumped whenever a change can move a score: results, journals and gradebooks record it.
RUBRIC_VERSION = "7"
PASS_MARK = 70
# No pass without treating what drives this client: more than this share of the technique
# item (or, for a red flag, recognising it and keeping hands off). No pass without a
# working impression that names the source either: the A of the SOAP note is what the
# plan answers to (`named_source`).
FIT_GATE = 0.5
# Half the technique item for releasing a trigger point found beside a nerve root: the root's
# own key work and the hold are one plan, and neither alone clears the gate
# (`secondary_share`).
SECONDARY_TRIGGER_SHARE = 0.5
# Half the technique item for the tissue a hip-flexor restriction has overworked, where
# palpation can find it (seed: the restriction and the overworked lumbar and gluteal
# tissues are one plan): the hip flexors alone stay at the gate's edge.
OVERWORKED_SHARE = 0.5
# What each item is worth (sums to 100), defined once. Most weight sits where a fixed
# routine cannot follow: the technique that fits this client, the dose, the referral, the
# working impression.
WEIGHTS: dict[str, float] = {
    "assessment": 14,
    "safety": 12,
    "conservative_start": 6,
    "dose": 12,
    "responsiveness": 8,
    "technique_fit": 20,
    "reassessment": 6,
    "communication": 6,
    "outcome": 8,
    "impression": 8,
}
TITLES: dict[str, str] = {
    "assessment": "Assessment before technique",
    "safety": "Safety: screening and referral",
    "conservative_start": "Conservative start",
    "dose": "Dose matched to irritability",
    "responsiveness": "Responsiveness to the client",
    "technique_fit": "Technique fits the source",
    "reassessment": "Reassessment after interventions",
    "communication": "Communication",
    "outcome": "Outcome",
    "impression": "Working impression",
}
KEY_QUESTIONS: tuple[frozenset[Question], ...] = (
    frozenset({Question.ONSET}),
    frozenset({Question.LOCATION, Question.RADIATION}),
    frozenset({Question.AGGRAVATING, Question.SITTING_VS_WALKING, Question.EASING}),
    frozenset({Question.HISTORY_DISC, Question.HISTORY_INJURY, Question.TRAINING_LOAD}),
)
# A test bears on a source when its finding is common there (domain.md 3b).
RELEVANT_LIKELIHOOD = 0.5
# The steps that show which way repeated extension moves the symptoms.
EXTENSION_KEYS = frozenset({"test:lumbar_extension", "reassess:lumbar_extension"})
FIT_COUNTS = frozenset({Fit.KEY, Fit.PRIMARY, Fit.SECONDARY, Fit.PREPARING})
# the steps that examine the client (the O of the SOAP note), as classes
EXAMINING = (Observe, Palpate, RunTest)


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


class CriticalError(BaseModel):
    """A mistake that fails the session whatever the points: an id, what happened, and
    the step that caused it (None when it is an omission)."""

    model_config = ConfigDict(frozen=True)

    id: str
    message: str
    step: int | None = None

    def __str__(self) -> str:
        return f"{self.id}: {self.message}"


class Score(BaseModel):
    model_config = ConfigDict(frozen=True)

    total: float
    passed: bool
    items: list[Item]
    critical_errors: list[CriticalError]
    rubric_version: str = RUBRIC_VERSION


@dataclass
class Verdict:
    """What one item found: the share of its weight earned (0-1) and why."""

    share: float
    detail: str
    teaching: str
    evidence: list[int] = field(default_factory=list)  # indices into _Ctx.steps
    errors: list[CriticalError] = field(default_factory=list)


class _Ctx:
    """Facts about the transcript that several items read, gathered once.

    (Actions are told apart by `type(action) is Treat`: no action class is subclassed,
    and isinstance() against a pydantic model class goes through ABCMeta's check, several
    times slower on a miss.)"""

    def __init__(self, case: Case, steps: Sequence[Step]) -> None:
        self.case = case
        self.steps = [s for s in steps if s.response.note.performed]
        self.index = [i for i, s in enumerate(steps) if s.response.note.performed]
        self.keys = [step_key(s.action) for s in self.steps]  # `kind:argument` of each step
        self.treats: list[tuple[int, Step]] = []
        self.referrals: list[tuple[int, Reason]] = []
        # one event per flare: where it showed (on the table, or surfacing later), never
        # again when the client leaves worse for it
        self.flares: list[int] = []
        self.first_palpation: dict[Region, int] = {}
        # where pressing first reproduced familiar pain: a trigger point the hands found
        self.first_found: dict[Region, int] = {}
        # a flag is found when a step brought it out clearly (an answer, a sign, a test)
        self.flag_found_at: int | None = None
        for n, s in enumerate(self.steps):  # one pass over the steps gathers them all
            action, note = s.action, s.response.note
            if type(action) is Treat:
                self.treats.append((n, s))
            elif type(action) is Refer:
                self.referrals.append((n, action.reason))
            elif type(action) is Palpate:
                self.first_palpation.setdefault(action.region, n)
                if s.response.signals.positive:
                    self.first_found.setdefault(action.region, n)
            if note.flare_cause is not None:
                self.flares.append(n)
            if note.revealed and self.flag_found_at is None:
                self.flag_found_at = n
        self.first_treat = self.treats[0][0] if self.treats else len(self.steps)

        self.red_flag = case.hidden.source is Source.RED_FLAG
        self.needed = required_referral(case)
        self.recognised = self.red_flag and any(
            reason in URGENCY and self.flag_found_at is not None and n > self.flag_found_at
            for n, reason in self.referrals
        )
        self.hands_off = self.red_flag and self.recognised and not self.treats
        self.amber_found_at = self._amber_found_at()

    def _amber_found_at(self) -> int | None:
        """The step by which the client had shown an amber sign (`AmberSigns`): leg pain on
        cough or sneeze or a deficit, said clearly; severe pain and pain below the knee
        (not necessarily at one step); leg symptoms on spinal loading and tingling."""
        # what has shown so far, in locals: an AmberSigns is built (and asked) only when a
        # step adds to it, not copied with replace() at every change
        cough_sneeze = deficit = loading = tingling = False
        pain, reach, level = 0.0, Reach.NONE, 0
        for n, s in enumerate(self.steps):
            response = s.response
            note, signals = response.note, response.signals
            added = False
            if note.revealed:
                revealed = note.revealed
                if not cough_sneeze and "cough_sneeze" in revealed:
                    cough_sneeze = added = True
                if not deficit and "weakness" in revealed:
                    deficit = added = True
            nrs = signals.nrs
            if nrs is not None and nrs > pain:
                pain, added = float(nrs), True
            if signals.reach is not None and signals.reach.level > level:
                reach, level, added = signals.reach, signals.reach.level, True
            if signals.positive:
                key = self.keys[n]
                if key in SPINAL_LOADING:
                    loading = added = True
                elif key in TINGLING:
                    tingling = added = True
            if added:
                seen = AmberSigns(
                    cough_sneeze=cough_sneeze,
                    deficit=deficit,
                    pain=pain,
                    reach=reach,
                    loading=loading,
                    tingling=tingling,
                )
                if seen.shown():
                    return n
        return None

    @cached_property
    def extension_at(self) -> int | None:
        """Where repeated extension first showed which way it moves the symptoms (read only
        for a client it matters for, so not gathered for every score)."""
        return next((n for n, key in enumerate(self.keys) if key in EXTENSION_KEYS), None)

    @cached_property
    def stated(self) -> tuple[int, Impression] | None:
        """The working impression recorded (the engine keeps only the first), and its step:
        four items read it."""
        return next(
            ((n, s.action) for n, s in enumerate(self.steps) if type(s.action) is Impression),
            None,
        )

    def checked_after(self, n: int, region: Region) -> bool:
        """Whether a retest, or pressing the held muscle again, followed step `n`."""
        return any(rechecks(s.action, region) for s in self.steps[n + 1 :])

    def extension_before(self, n: int) -> bool:
        return self.extension_at is not None and self.extension_at < n

    def before_treatment(self) -> list[tuple[int, Step]]:
        return list(enumerate(self.steps[: self.first_treat]))

    def ids(self, local: Sequence[int]) -> list[int]:
        return [self.index[n] for n in local]

    def treat(self, n: int) -> Treat:
        action = self.steps[n].action
        assert type(action) is Treat
        return action


# Work no finding had called for earns no credit, whatever it did (credit decisions, not
# actions): by what was missing, in the order the detail names them.
GUESSES: dict[str, str] = {
    "unpalpated": "pinpoint work on tissue never palpated",
    "unfound": "trigger-point holds where palpation found none",
    # the directional movement before testing which way extension moves the symptoms: a
    # gamble with the nerve, not a preference followed up (domain.md 7 rule 6)
    "untested": "lumbar movement before extension was tested",
    # seed: broad warming first shows whether the area is too reactive for deeper work;
    # going straight into pinpoint work skips that judgement
    "cold": "pinpoint work on tissue no broad work had warmed",
    # the chain link that drives it, the tissue the hip flexors overworked: one of four,
    # and only palpation tells which
    "unexamined": "work on tissue palpation had not singled out",
    # a trigger-point hold's effect on the pain is uncertain: only reassessment shows
    # whether it worked (domain.md 7 rule 3; seed: release "followed by reassessment")
    "unchecked": "trigger-point holds never followed by a retest",
}


def secondary_share(case: Case) -> float:
    """The share of the technique item a trigger point beside a nerve root carries: for a
    nerve root, massage's relief comes mainly from releasing it (domain.md 7 rule 2;
    Adelmanesh15); at an irritability where a hold would flare, it is left alone (none)."""
    h = case.hidden
    if h.source is not Source.LUMBAR_RADICULAR or h.secondary is not Source.TRIGGER_POINT:
        return 0.0
    if not h.trigger_points or not relief_amount(
        expected(Group.TRIGGER, Source.TRIGGER_POINT, h.irritability)
    ):
        return 0.0
    return SECONDARY_TRIGGER_SHARE


def warned_off(step: Step) -> bool:
    """The work reproduced the symptoms or flared them: lighter or adjacent work is the
    answer from then on (seed: "more pressure is not better")."""
    return step.response.note.reproduced or step.response.effect is Effect.FLARE


def _adequate(group: Group, irritability: Irritability) -> int:
    """Minutes of this work that make an adequate dose, within the irritability limit."""
    minutes = ADEQUATE_MINUTES[group]
    if group in PINPOINT_GROUPS:
        minutes = min(minutes, minutes_limit(group, irritability))
    return minutes


# ------------------------------------------------------------------------------- items


def assessment(c: _Ctx) -> Verdict:
    """History, the checks that bear on this client's differential, and a plan that treats
    what the examination found; too many provocation tests on an irritable client cost."""
    before = c.before_treatment()
    asked = {s.action.question for _n, s in before if type(s.action) is Ask}
    history = sum(bool(g & asked) for g in KEY_QUESTIONS) / len(KEY_QUESTIONS)
    done: dict[str, int] = {}
    for n, _s in before:
        done.setdefault(c.keys[n], n)
    culprits = {f"palpate:{tp.region.value}" for tp in c.case.hidden.trigger_points}
    needs = CONFIRMING[c.case.hidden.source]
    met: list[int] = []
    for need in needs:
        wanted = (need - {"palpate:@culprit"}) | (culprits if "palpate:@culprit" in need else set())
        hits = [done[k] for k in wanted if k in done]
        if hits:
            met.append(min(hits))
    # the plan: treatment time on the tissue the positive findings pointed to
    indicated: set[Region] = set()
    for n, s in before:
        if s.response.signals.positive:
            indicated |= INDICATES.get(c.keys[n], frozenset())
            if type(s.action) is Palpate:
                indicated.add(s.action.region)
    if EXTENSION_KEYS & done.keys() and directional(c.case, c.case.hidden.source):
        indicated.add(Region.LUMBAR)  # the pain centralised: a finding, though not a provocation
    minutes = sum(c.treat(n).minutes for n, _s in c.treats)
    on_found = sum(c.treat(n).minutes for n, _s in c.treats if c.treat(n).region in indicated)
    if c.red_flag:
        consistent = 1.0 if c.hands_off else 0.0
    else:
        consistent = on_found / minutes if minutes else 0.0
    provocations = [n for n, s in enumerate(c.steps) if s.response.note.provocation]
    over = 0
    if c.case.hidden.irritability is Irritability.HIGH:
        over = max(0, len(provocations) - PROVOCATION_LIMIT_HIGH)
    share = 0.15 * history + 0.45 * len(met) / len(needs) + 0.4 * consistent - 0.15 * over
    detail = (
        f"{round(history * 4)}/4 key history areas and {len(met)}/{len(needs)} of the checks "
        f"that bear on this client before hands-on work; {consistent:.0%} of treatment on "
        "what the examination found"
    )
    teaching = "assess_first"
    if over:
        detail += f"; {len(provocations)} provocation tests on a highly irritable client"
        teaching = "severity"
    return Verdict(
        share, detail, teaching, sorted(set(met)) + provocations[PROVOCATION_LIMIT_HIGH:]
    )


def safety(c: _Ctx) -> Verdict:
    """The screen answered clearly before hands-on work, and the referral this client's
    findings call for, at its urgency."""
    limit = c.first_treat if c.treats else len(c.steps)
    screened_steps = [n for n, s in enumerate(c.steps[:limit]) if s.response.note.screened]
    screened = {c.steps[n].action.question for n in screened_steps}  # type: ignore[union-attr]
    areas = sum(bool(area & screened) for area in SCREENING_AREAS) / len(SCREENING_AREAS)
    reasons = {reason for _n, reason in c.referrals if reason in URGENCY}
    errors: list[CriticalError] = []
    evidence = screened_steps + [n for n, _r in c.referrals]
    needed = c.needed
    teaching = "red_flags"
    if needed is None:
        if Reason.RED_FLAG in reasons:
            refer, detail = -1.0, "needless emergency referral of a soft-tissue case"
            teaching = "scope"
        elif reasons:
            # a recommendation nothing called for alarms the client and costs more than
            # leaving the referral out
            refer, detail = -0.5, "needless medical referral: nothing in this client called for one"
            teaching = "scope"
        else:
            # declining to refer is a decision only once the screen has been done
            refer, detail = areas, "no referral needed, none made"
    else:
        urgency = URGENCY[needed]
        made = max((URGENCY[r] for r in reasons), default=0)
        if c.red_flag:
            found = c.flag_found_at is not None
        else:
            # an amber referral is a decision once an amber sign has shown, not before
            found = c.amber_found_at is not None and any(
                n > c.amber_found_at for n, r in c.referrals if r in URGENCY
            )
        want = URGENCY_WORDS[needed]
        if made == 0:
            refer, detail = 0.0, f"not referred: this client needed a {want}"
            if c.red_flag:
                errors.append(
                    CriticalError(
                        id="missed_red_flag",
                        message=f"a red-flag presentation was not referred ({want})",
                    )
                )
            elif c.amber_found_at is not None:
                # the client showed a nerve-root sign and the session went on as if it had
                # not (domain.md 4, amber row; seed: "When massage can make symptoms worse")
                teaching = "amber"
                errors.append(
                    CriticalError(
                        id="amber_sign_ignored",
                        message="the client showed a nerve-root sign and was not advised "
                        "to see a doctor",
                        step=c.index[c.amber_found_at],
                    )
                )
        elif c.red_flag and not c.recognised:
            refer, detail = 0.0, "referred before the flag was found: a guess, not a finding"
            teaching = "screening"
        elif made == urgency:
            refer, detail = 1.0, f"{want}, as the findings called for"
        elif made > urgency:
            refer, detail = 0.6, f"referred more urgently than needed (a {want} was enough)"
        else:
            refer, detail = 0.3, f"referred, but less urgently than needed ({want})"
            if needed is Reason.RED_FLAG:
                step = next(n for n, r in c.referrals if r in URGENCY)
                errors.append(
                    CriticalError(
                        id="under_triaged_emergency",
                        message="cauda equina signs need a same-day emergency referral",
                        step=c.index[step],
                    )
                )
        if not found and made:
            refer, detail = 0.0, "referred before anything in the client called for it: a guess"
            teaching = "scope"
    if areas < 1 and teaching == "red_flags" and refer >= 1:
        teaching = "screening"
    share = 0.5 * areas + 0.5 * refer
    detail = f"screen {round(areas * 3)}/3 areas answered clearly before hands-on work; {detail}"
    return Verdict(share, detail, teaching, sorted(set(evidence)), errors)


def conservative_start(c: _Ctx) -> Verdict:
    if c.red_flag:
        return Verdict(
            1.0 if c.hands_off else 0.0,
            "red flag: no hands-on work" if not c.treats else "hands-on work on a red flag",
            "red_flags",
            [n for n, _s in c.treats],
        )
    if not c.treats:
        return Verdict(0.0, "no treatment given", "broad_first")
    n, _s = c.treats[0]
    first = c.treat(n)
    broad = GROUP[first.technique] in GENTLE_GROUPS
    gentle = first.pressure <= MODERATE
    share = 1.0 if broad and gentle else 0.5 if broad or gentle else 0.0
    return Verdict(
        share,
        f"first treatment: {first.technique.value} at pressure {first.pressure}",
        "broad_first",
        [n],
    )


def dose(c: _Ctx) -> Verdict:
    if c.red_flag:
        return Verdict(
            1.0 if c.hands_off else 0.0,
            "red flag: dose is not the question",
            "red_flags",
            [n for n, _s in c.treats],
        )
    if not c.treats:
        return Verdict(0.0, "no treatment given", "dose")
    credit, over, light = 0.0, [], []
    for n, s in c.treats:
        excess = s.response.note.excess or 0
        if excess > 0:
            over.append(n)
        elif excess <= -2:
            # the working dose sits at the edge of tolerance (domain.md 6): well below it
            # the tissue barely changes (a moderate broad opener on a calm client is the
            # seed's advice, so this item asks less than the technique item does)
            credit += 0.75 if excess == -2 else 0.5
            light.append(n)
        else:
            credit += 1
    detail = f"{len(c.treats) - len(over)}/{len(c.treats)} treatments within tolerance"
    if light:
        detail += f"; {len(light)} well below the dose the tissue takes"
    return Verdict(credit / len(c.treats), detail, "dose", over + light)


def responsiveness(c: _Ctx) -> Verdict:
    """After a flare, the next treatment is judged against what flared (the engine's
    `after_flare`); while the client does well, progress on the tissue that drives it."""
    if c.red_flag:
        return Verdict(1.0 if c.hands_off else 0.0, "red flag: refer, not treat", "red_flags")
    if not c.treats:
        return Verdict(0.0, "no treatment given: nothing to respond to", "responsive")
    escalated = [n for n, s in c.treats if s.response.note.after_flare == "escalated"]
    if c.flares:
        # a flare answered by more of the same load (at any later point) was not adapted to
        answered = {max(f for f in c.flares if f < n) for n in escalated if c.flares[0] < n}
        adapted = len(c.flares) - len(answered)
        errors = []
        if len(c.flares) >= 2 and escalated:
            errors.append(
                CriticalError(
                    id="escalation_after_flares",
                    message="the same or more load went back onto the structure that flared",
                    step=c.index[escalated[0]],
                )
            )
        return Verdict(
            max(0.0, adapted / len(c.flares)),
            f"adapted after {adapted}/{len(c.flares)} flares",
            "reproduction",
            c.flares + escalated,
            errors,
        )
    first = c.treat(c.treats[0][0])
    progressed = [
        n
        for n, s in c.treats[1:]
        if s.response.note.fit is Fit.KEY
        and (s.response.note.excess or 0) >= -1
        and (
            c.treat(n).pressure > first.pressure
            or (
                GROUP[c.treat(n).technique] in PROVOCATIVE_GROUPS | {Group.MYOFASCIAL}
                and GROUP[first.technique] not in PROVOCATIVE_GROUPS
            )
            or GROUP[c.treat(n).technique] is not GROUP[first.technique]
        )
    ]
    if progressed:
        return Verdict(
            1.0, "no flare; progressed on the tissue that drives it", "responsive", progressed
        )
    return Verdict(0.5, "no flare, but never progressed to the tissue that drives it", "responsive")


def technique_fit(c: _Ctx) -> Verdict:
    """Enough of the most effective technique on the tissue that drives this client (the
    engine's fit judgement), a share for a secondary contributor, and little time spent
    elsewhere."""
    case = c.case
    if c.red_flag:
        return Verdict(
            1.0 if c.hands_off else 0.0,
            "red flag: the right technique is none",
            "red_flags",
            [n for n, _s in c.treats],
        )
    if not c.treats:
        return Verdict(0.0, "no treatment given", "not_pain_site")
    irritability = case.hidden.irritability
    level = dose_level(irritability, c.stated[1] if c.stated else None)
    key = secondary = best_depth = 0.0
    fit_minutes = total = 0
    guessed = dict.fromkeys(GUESSES, 0)  # minutes of work no finding had called for
    directional_case = directional(case, case.hidden.source)
    partner = overworked(case, case.hidden.source)
    driver = case.hidden.driver
    candidates = DRIVER_TISSUES.get(case.hidden.source, ()) if driver is not None else ()
    partner_dose = 0.0
    held = secondary_share(case)
    evidence = []
    warned: set[str] = set()  # structures whose work reproduced or flared the symptoms
    for n, s in c.treats:
        action, note = c.treat(n), s.response.note
        group = GROUP[action.technique]
        total += action.minutes
        structure = structure_of(action.region)
        lighter = structure in warned
        if warned_off(s):
            warned.add(structure)
        if group in PINPOINT_GROUPS and c.first_palpation.get(action.region, n) >= n:
            guess = "unpalpated"
        elif group is Group.TRIGGER and c.first_found.get(action.region, n) >= n:
            guess = "unfound"
        elif group in PINPOINT_GROUPS and not note.warmed:
            guess = "cold"
        elif group is Group.TRIGGER and not c.checked_after(n, action.region):
            guess = "unchecked"
        elif directional_case and note.fit is Fit.KEY and not c.extension_before(n):
            guess = "untested"
        elif action.region in candidates and (
            action.region is not driver or c.first_palpation.get(driver, n) >= n
        ):
            guess = "unexamined"
        else:
            guess = ""
        if guess:
            guessed[guess] += action.minutes
            continue
        if s.response.effect is Effect.FLARE:
            continue
        if note.fit in FIT_COUNTS:
            fit_minutes += action.minutes
        # a dose is time at a working pressure: well below tolerance the tissue barely
        # changes (domain.md 6), so those minutes count for less
        # after direct work reproduced or flared the symptoms, lighter work on that
        # structure is the right dose, not an under-dose (seed: "more pressure is not
        # better ... lighten up, broaden the contact")
        depth = 1.0 if lighter else working_share(note.excess or 0, level)
        dosed = action.minutes / _adequate(group, irritability) * depth
        if note.fit is Fit.KEY:
            key += dosed
            best_depth = max(best_depth, depth)
            evidence.append(n)
        elif note.fit is Fit.PRIMARY and action.region is partner:
            partner_dose += dosed
            evidence.append(n)
        elif note.fit is Fit.SECONDARY and (group is Group.TRIGGER or not held):
            # beside a nerve root the trigger point is released by a hold; strokes over
            # the muscle only warm it (domain.md 7: compression, then reassess)
            secondary += dosed
            evidence.append(n)
    # time does not make up for pressure far below what the tissue takes: the working dose
    # sits at the edge of tolerance (domain.md 5d, 6), so the most effective technique
    # earns no more than its deepest working block delivers
    if best_depth and (
        (c.amber_found_at is not None and c.amber_found_at < c.first_treat)
        or level is not irritability
    ):
        # once a nerve-root sign has shown, the session goes on only very conservatively
        # (domain.md 4 amber row; seed: small, supported movement, no end-range loading):
        # gentle work is then the right dose, not an under-dose. Gentle work that follows
        # the student's own judgement of one level more irritability than the truth is a
        # dose that follows the impression; the impression item costs the misjudgement.
        best_depth = 1.0
    key, secondary = min(1.0, key, best_depth), min(1.0, secondary)
    share = fit_minutes / total
    if held:
        # the contributor massage can change is part of the plan: a strong key dose does
        # not stand in for it (domain.md 7 rule 2)
        done = (1 - held) * key + held * secondary
    elif case.hidden.secondary is not None:
        done = 0.8 * key + 0.2 * max(secondary, key)
    else:
        done = key
    if partner is not None:
        # the restriction and the tissue it overworked are one plan (seed)
        partner_dose = min(1.0, partner_dose)
        done = (1 - OVERWORKED_SHARE) * done + OVERWORKED_SHARE * partner_dose
    detail = (
        f"{share:.0%} of treatment time on tissue this client responds to; "
        f"{key:.0%} of an adequate dose of the most effective technique where it drives"
    )
    if case.hidden.secondary is not None:
        detail += f"; secondary contributor {secondary:.0%}"
    if partner is not None:
        detail += f"; the overworked {LABEL[partner]} {partner_dose:.0%}"
    for guess, minutes in guessed.items():
        if minutes:
            detail += f"; {minutes} min of {GUESSES[guess]}"
    teaching = "not_pain_site"
    if 0 < best_depth < 1:
        detail += "; never at a working pressure for this client's irritability"
        teaching = "working_dose"
    elif key < 1 and directional_case:
        teaching = "directional_preference"  # the movement that centralises was the key
    elif held and secondary < 1:
        teaching = "trigger_points"  # the trigger point found beside the nerve root
    elif partner is not None and partner_dose < 1:
        teaching = "overworked_tissue"  # the tissue the hip flexors overworked
    elif guessed["cold"] and key < 1:
        teaching = "broad_first"  # straight into pinpoint work, unwarmed
    elif guessed["unchecked"] and key < 1:
        teaching = "trigger_points"  # compress, then retest to know whether it worked
    return Verdict(done * (0.4 + 0.6 * share), detail, teaching, evidence)


def reassessment(c: _Ctx) -> Verdict:
    """Retesting a sign that was present before treatment and bears on this client, once;
    the pain rating alone is a weaker measure."""
    if c.red_flag:
        return Verdict(
            1.0 if c.recognised else 0.0, "red flag: referral replaces treatment", "red_flags"
        )
    source = c.case.hidden.source
    positive_before = {
        s.action.test
        for _n, s in c.before_treatment()
        if type(s.action) is RunTest and s.response.signals.positive
    }
    relevant = {
        t
        for t in positive_before
        if t in TEST_FINDING
        and FINDING_LIKELIHOOD.get(TEST_FINDING[t], ({}, ""))[0].get(source, 0)
        >= RELEVANT_LIKELIHOOD
    }
    retests = [n for n, s in enumerate(c.steps) if n > c.first_treat and type(s.action) is Reassess]
    tested = {c.steps[n].action.test for n in retests}  # type: ignore[union-attr]
    telling = relevant & tested
    pain = Test.PAIN_RATING in tested
    # a trigger-point release shows only as less pain on retest (domain.md 7, rule 3)
    # (and on an irritable client the pain rating spares a provocation test, domain.md 5a)
    pain_weight = 1.0 if not relevant or c.case.hidden.irritability is Irritability.HIGH else 0.35
    share = min(1.0, pain_weight * pain + (0.65 if telling else 0.0))
    detail = f"{len(retests)} retest(s) after treatment began; relevant sign(s) retested: " + (
        ", ".join(sorted(t.value for t in telling)) or "none"
    )
    return Verdict(share, detail, "reassess", retests)


def communication(c: _Ctx) -> Verdict:
    """Check-ins during deep work, and the message that fits the plan (a wrong or
    over-promising message costs)."""
    deep = [
        n
        for n, _s in c.treats
        if GROUP[c.treat(n).technique] in SPECIFIC_GROUPS or c.treat(n).pressure >= DEEP_MIN
    ]
    kinds = [s.action.kind for s in c.steps]
    checked = [n for n in deep if "check_in" in kinds[n + 1 : n + 3]]
    # with no deep work there was nothing to check on, if there was any work at all
    check = len(checked) / len(deep) if deep else float(bool(c.treats) or c.hands_off)
    topics = {s.action.topic: n for n, s in enumerate(c.steps) if type(s.action) is Educate}
    referred = bool(c.referrals)
    want = Topic.REFERRAL_REASON if c.needed is not None else Topic.EXPECTATIONS
    message = 1.0 if want in topics else 0.0
    wrong = []
    if Topic.REFERRAL_REASON in topics and not referred:
        wrong.append("explained a referral that was never made")
    if Topic.SELF_CARE in topics and c.needed is Reason.RED_FLAG:
        wrong.append("self-care advice to a client who needs a doctor today")
    share = 0.5 * check + 0.5 * message - 0.25 * len(wrong)
    detail = (
        f"checked in after {len(checked)}/{len(deep)} deep techniques; "
        f"explained {want.value}: {'yes' if want in topics else 'no'}"
    )
    if wrong:
        detail += "; " + "; ".join(wrong)
    return Verdict(
        share,
        detail,
        "expectations" if wrong or not message else "good_sore",
        sorted(checked + list(topics.values())),
    )


def outcome(c: _Ctx) -> Verdict:
    """Real change only: meaningful pain relief (domain.md 6), symptoms withdrawing up the
    leg, range gained."""
    h = c.case.hidden
    if c.red_flag:
        return Verdict(
            1.0 if c.recognised else 0.0, "red flag: the outcome is a referral", "red_flags"
        )
    if not c.steps:
        return Verdict(0.0, "nothing done", "responsive")
    last = c.steps[-1].response.note
    change = h.pain - last.pain
    # meaningful change: 2 points or 30%; a nerve root's leg pain moves less (rule 2)
    target = max(1.0, 0.3 * h.pain)
    if h.source is Source.LUMBAR_RADICULAR:
        target = max(1.0, 0.25 * h.pain)
    pain = max(0.0, min(1.0, change / target))
    reach = 1.0 if last.reach.level < h.reach.level else 0.0
    rom = 1.0 if last.slr_angle - h.slr_angle >= 5 or last.hip_ir - h.hip_ir >= 4 else 0.0
    worse = change < 0 or last.reach.level > h.reach.level
    share = 0.0 if worse else 0.6 * pain + 0.2 * reach + 0.2 * rom
    return Verdict(
        share,
        f"pain {h.pain} -> {last.pain:.1f}, reach {h.reach.value} -> {last.reach.value}, "
        f"SLR {h.slr_angle} -> {last.slr_angle} deg",
        "responsive",
    )


def dose_level(truth: Irritability, stated: Impression | None) -> Irritability:
    """The irritability a dose is judged against: the truth, or the impression's level when
    that judged the client one level more irritable (the safe side the impression gate
    allows: the dose followed the judgement, and the impression item costs the
    misjudgement)."""
    said = stated.irritability if stated is not None else None
    if said is not None and LEVELS.index(said) == LEVELS.index(truth) + 1:
        return said
    return truth


def misread_irritability(c: _Ctx) -> bool:
    """The pass gate on the impression's irritability: the truth, or one level more
    irritable (the safe side when in doubt). Reading a client calmer than they are sets
    the examination and the work too vigorous (domain.md 5a; seed: start conservatively);
    two levels over is not caution but a misreading. A red flag's level is not the
    question."""
    stated = c.stated
    if stated is None or stated[1].unsure or c.red_flag:
        return False  # no impression fails on its own gate
    said = stated[1].irritability
    if said is None:
        return True
    gap = LEVELS.index(said) - LEVELS.index(c.case.hidden.irritability)
    return gap not in (0, 1)


def named_source(c: _Ctx) -> bool:
    """The pass gate on the impression: it names what drives this client, from findings. A
    plan that fits the client while the impression names another source was not chosen
    from the findings (the A of the SOAP note is what the plan answers to)."""
    stated = c.stated
    return (
        stated is not None
        and not stated[1].unsure
        and stated[1].source == c.case.hidden.source
        and on_findings(c, stated[0])
    )


def on_findings(c: _Ctx, n: int) -> bool:
    """An impression at step `n` follows what the client showed (the A of the SOAP note
    comes after the S and the O): for a red flag, the flag found; otherwise something
    examined (an observation, a palpation, a test). Named before that, it is a guess."""
    if c.red_flag:
        return c.flag_found_at is not None and c.flag_found_at < n
    return any(type(s.action) in EXAMINING for s in c.steps[:n])


def impression(c: _Ctx) -> Verdict:
    """The working impression against the truth: the source, then the irritability."""
    h = c.case.hidden
    stated = c.stated
    if stated is None:
        return Verdict(0.0, "no working impression recorded; a pass needs one", "impression")
    n, action = stated
    if action.unsure:
        return Verdict(
            0.1, "impression: unsure; a pass needs one that names the source", "impression", [n]
        )
    if not on_findings(c, n):
        return Verdict(
            0.1,
            f"impression {action.source} stated before anything was found: a guess, not a "
            "working impression",
            "impression",
            [n],
        )
    source_right = action.source == h.source
    near = h.secondary is not None and action.source == h.secondary
    source = 1.0 if source_right else 0.3 if near else 0.0
    irritability = (
        1.0
        if action.irritability == h.irritability or (source_right and h.source is Source.RED_FLAG)
        else 0.0
    )
    detail = (
        f"impression {action.source} / {action.irritability}; truth {h.source.value} / "
        f"{h.irritability.value}"
    )
    teaching = "impression"
    if not source_right:
        detail += "; a pass needs an impression that names what drives this client"
    elif not irritability:
        teaching = "irritability"  # the source was right: the lost points are the level
        if misread_irritability(c):
            detail += "; a pass needs the true irritability or one level more (the safe side)"
    return Verdict(0.7 * source + 0.3 * irritability, detail, teaching, [n])


def neural_stretch_errors(c: _Ctx) -> list[CriticalError]:
    """A stretch or contract-relax of the nerve path beyond what a sensitive nerve takes
    (the engine's dose judgement; domain.md 5c-5d: a tensioner, the seed's warning)."""
    h = c.case.hidden
    sensitive = tensioning_risk(h.source, h.nerve_sensitivity)
    for n, s in c.treats:
        a = c.treat(n)
        if (
            sensitive
            and (s.response.note.excess or 0) > 0
            and GROUP[a.technique] in (Group.STRETCH, Group.CONTRACT_RELAX)
            and a.region in NERVE_PATH
        ):
            return [
                CriticalError(
                    id="aggressive_neural_stretch",
                    message="a stretch of a sensitive nerve beyond what it tolerates",
                    step=c.index[n],
                )
            ]
    return []


def directional_errors(c: _Ctx) -> list[CriticalError]:
    """Moving the spine the way the examination had just shown sends the symptoms further
    down the leg: peripheralisation is the flare signal to act on (domain.md 7 rule 6), so
    provoking it after seeing it is not a flare to learn from but a warning ignored."""
    if c.case.findings.extension != "peripheralises":
        return []
    shown = c.extension_at
    if shown is None:
        return []
    for n, s in c.treats:
        if n > shown and s.response.note.rule == PERIPHERALISED:
            return [
                CriticalError(
                    id="peripheralised_after_warning",
                    message="moved the spine the way the examination showed pushes the "
                    "symptoms down the leg",
                    step=c.index[n],
                )
            ]
    return []


ITEMS: dict[str, Callable[[_Ctx], Verdict]] = {
    "assessment": assessment,
    "safety": safety,
    "conservative_start": conservative_start,
    "dose": dose,
    "responsiveness": responsiveness,
    "technique_fit": technique_fit,
    "reassessment": reassessment,
    "communication": communication,
    "outcome": outcome,
    "impression": impression,
}


# Items already built, by every field that makes one: a script played over a folder of cases
# earns the same few items again and again, and an Item is frozen (nothing changes one, so
# Scores can share it). Validating ten fresh Items was a fifth of scoring a session.
_BUILT: dict[tuple[str, float, tuple[int, ...], str, str], Item] = {}
_BUILT_MAX = 8192
# round(x, 2) of the points and totals already seen: round() with digits formats the float
# (about 1 us), and the same few shares of the same weights come back in every session
_ROUNDED: dict[float, float] = {}


def _round2(value: float) -> float:
    rounded = _ROUNDED.get(value)
    if rounded is None:
        rounded = round(value, 2)
        if value:  # 0.0 and -0.0 are one key but round to different floats: never stored
            if len(_ROUNDED) >= _BUILT_MAX:
                _ROUNDED.clear()
            _ROUNDED[value] = rounded
    return rounded


def _item(item_id: str, verdict: Verdict, c: _Ctx) -> Item:
    evidence = tuple(c.ids(sorted(set(verdict.evidence)))) if verdict.evidence else ()
    points = _round2(WEIGHTS[item_id] * max(0.0, min(1.0, verdict.share)))
    key = (item_id, points, evidence, verdict.detail, verdict.teaching)
    item = _BUILT.get(key)
    if item is None:
        point = TEACHING[verdict.teaching]
        item = Item.model_validate(
            {
                "id": item_id,
                "title": TITLES[item_id],
                "points": points,
                "maximum": WEIGHTS[item_id],
                "evidence": evidence,
                "detail": verdict.detail,
                "teaching": point.text,
                "seed_section": point.seed_section,
            }
        )
        if len(_BUILT) >= _BUILT_MAX:
            _BUILT.clear()
        _BUILT[key] = item
    return item


def score(case: Case, steps: Sequence[Step], pass_mark: float = PASS_MARK) -> Score:
    c = _Ctx(case, steps)
    verdicts = {item_id: judge(c) for item_id, judge in ITEMS.items()}
    items = [_item(item_id, verdict, c) for item_id, verdict in verdicts.items()]
    errors = [e for v in verdicts.values() for e in v.errors]
    errors += neural_stretch_errors(c) + directional_errors(c)
    total = _round2(sum(item.points for item in items))
    if errors:
        total = min(total, pass_mark - 10)  # a critical error fails the session
    treated_driver = c.recognised if c.red_flag else verdicts["technique_fit"].share > FIT_GATE
    return Score.model_validate(
        {
            "total": total,
            "passed": total >= pass_mark
            and not errors
            and treated_driver
            and named_source(c)
            and not misread_irritability(c),
            "items": items,
            "critical_errors": errors,
        }
    )
