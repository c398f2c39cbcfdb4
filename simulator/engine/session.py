"""Session: a pure, deterministic simulation of one client, driven one action at a time."""

from __future__ import annotations

import random
from typing import Any

from simulator.domain.actions import (
    Action,
    Ask,
    CheckIn,
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
    REACH_ORDER,
    Effect,
    Irritability,
    Reason,
    Sensation,
    Source,
    Technique,
    Test,
    Topic,
)
from simulator.domain.record import record
from simulator.domain.response import Note, Response, Signals
from simulator.engine import examination, interview, treatment
from simulator.engine.state import ClientState, FlareMark
from simulator.knowledge.evidence import PROVOCATION_TESTS
from simulator.knowledge.phrases import (
    StoryRandom,
    farewell_words,
    relief_words,
    sensation_words,
)
from simulator.knowledge.red_flags import (
    OBSERVATION_REVEALS,
    QUESTION_REVEALS,
    SCREENING,
    TEST_REVEALS,
)
from simulator.knowledge.regions import LABEL as REGION_LABEL
from simulator.knowledge.regions import structure_of
from simulator.knowledge.techniques import ACTION_MINUTES, GROUP, PROVOCATIVE_GROUPS
from simulator.knowledge.techniques import LABEL as TECHNIQUE_LABEL
from simulator.knowledge.words import IRRITABILITY_LABEL, SOURCE_LABEL

# action kind -> the method that answers it
_HANDLERS = {
    "ask": "_ask",
    "observe": "_observe",
    "palpate": "_palpate",
    "test": "_run_test",
    "reassess": "_reassess",
    "treat": "_treat",
    "check_in": "_check_in",
    "educate": "_educate",
    "refer": "_refer",
    "impression": "_impression",
}

REFERRAL_WORDS: dict[Reason, str] = {
    Reason.RED_FLAG: "You explain that these symptoms need a doctor today, and stop "
    "hands-on work. The client agrees to go.",
    Reason.MEDICAL_ASSESSMENT: "You recommend a medical assessment of the nerve symptoms "
    "and say you will keep today's work gentle.",
    Reason.OUTSIDE_SCOPE: "You suggest another provider is better placed for this.",
    Reason.URGENT: "You explain that these signs need a doctor within the next day or two, "
    "and keep any hands-on work today very gentle.",
}
EDUCATION_WORDS: dict[Topic, str] = {
    Topic.EXPECTATIONS: "You explain what massage may ease (tension, movement comfort) "
    "and what it may not, and that change often takes several sessions.",
    Topic.SELF_CARE: "You suggest gentle walking, breaking up sitting, and easy "
    "mid-range movement, stopping short of leg symptoms.",
    Topic.REFERRAL_REASON: "You explain why another professional should look at this "
    "and what to tell them.",
    Topic.STRETCHING: "You show daily stretches for the hamstrings, hip flexors and "
    "buttock, each held for half a minute at the end of range.",
    Topic.PACING: "You suggest easing back on training for a week, then building it "
    "up again gradually.",
}


# What a check-in adds to the pain rating, by what the client feels (Sensation.NONE: easier
# or the same, by the change since the last check-in)
CHECK_IN_WORDS: dict[Sensation, str] = {
    Sensation.GOOD_SORE: "A bit tender where you worked, but a good tender.",
    Sensation.SHARP: "It's worse than a few minutes ago.",
    Sensation.TINGLING: "The leg's still tingling more than when I came in.",
    Sensation.RADIATING: "It's reaching further down the leg than before.",
}


@record
class Step:
    action: Action
    response: Response


def session_rng(case: Case, seed: int) -> random.Random:
    # A string seed is hashed with SHA-512 by random.Random: stable across runs and machines.
    return random.Random(f"{case.id}:{case.seed}:{seed}")


class Session:
    """One session with one client. `apply` is the only verb; no I/O, no clock."""

    def __init__(self, case: Case, seed: int = 0) -> None:
        self.case = case
        self.seed = seed
        self._rng: random.Random | None = None
        self.state = ClientState.start(case)
        self.steps: list[Step] = []
        self._settled = 0.0  # flare pain that settled during the current step
        # the last pain a note rounded (the same float object) and its rounding
        self._pain_seen: float | None = None
        self._pain_rounded = 0.0

    @property
    def rng(self) -> random.Random:
        """The session's randomness, seeded on first use: seeding a Mersenne Twister costs
        as much as several steps, and a course replaces it for every visit after the first.
        Nothing draws from it before then, so the draws are the same as if seeded at once."""
        if self._rng is None:
            self._rng = session_rng(self.case, self.seed)
        return self._rng

    @rng.setter
    def rng(self, rng: random.Random) -> None:
        self._rng = rng

    def case_rng(self, topic: str) -> StoryRandom:
        """Randomness that belongs to the client (findings, wording), not to the session."""
        return StoryRandom(f"{self.case.id}:{self.case.seed}:{topic}")

    @property
    def minutes_left(self) -> int:
        left = self.case.budget_minutes - self.state.minutes_used
        return left if left > 0 else 0

    @property
    def ended(self) -> bool:
        return self.state.ended

    def cost(self, action: Action) -> int:
        return action.minutes if action.kind == "treat" else ACTION_MINUTES[action.kind]

    def apply(self, action: Action) -> Response:
        response = self._respond(action)
        self.steps.append(Step(action, response))
        return response

    def _note(self, **fields: Any) -> Note:
        s, settled = self.state, self._settled
        if s.pain is not self._pain_seen:  # round(x, 3) is costly and pain mostly unchanged
            self._pain_seen, self._pain_rounded = s.pain, round(s.pain, 3)
        return Note(
            pain=self._pain_rounded,
            reach=REACH_ORDER[s.reach],
            slr_angle=s.slr_angle,
            hip_ir=s.hip_ir,
            settled=round(settled, 3) if settled else settled,  # mostly 0.0: nothing to round
            **fields,
        )

    def _refused(self, text: str) -> Response:
        return Response(
            text=text,
            signals=Signals(minutes_left=self.minutes_left),
            note=self._note(performed=False),
            ended=self.state.ended,
        )

    def _respond(self, action: Action) -> Response:
        state = self.state
        if state.ended:
            return self._refused("The session has ended.")
        kind = action.kind  # read once: an action's attributes go through pydantic's hook
        if kind == "end":
            return self._end()
        if kind == "visit":
            return self._refused("This is a single session: `visit` belongs to a course of care.")
        # self.cost(action), without the call (and no isinstance: ABCMeta's check is slow)
        cost = action.minutes if type(action) is Treat else ACTION_MINUTES[kind]
        left = self.minutes_left
        if cost > left:
            return self._refused(f"Not enough time: that takes {cost} min and {left} min are left.")
        if kind == "impression" and any(
            s.action.kind == "impression" and s.response.note.performed for s in self.steps
        ):
            return self._refused("You have already recorded your working impression.")
        if kind == "treat" and state.sent_to_doctor:
            return self._refused(
                "You have sent the client to a doctor today: hands-on work has stopped."
            )
        state.minutes_used += cost
        # flares settle with the clock (domain.md 5b), over the time this step takes (most
        # steps have no flare pain to settle: the call is skipped, its answer would be 0.0)
        self._settled = treatment.settle(self.case, state, cost) if state.flare_pain > 0 else 0.0
        response: Response = _DISPATCH[kind](self, action)
        return response

    def _revealed(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The flag findings among `names` that this case has."""
        if not names:  # most steps reveal nothing: no generator for an empty table entry
            return ()
        findings = self.case.findings
        return tuple(n for n in names if getattr(findings, n))

    def _ask(self, action: Ask) -> Response:
        q = action.question
        text, signals = interview.answer(q, self.case, self.state, self.minutes_left)
        # a hedge ("not sure... maybe?") settles nothing until the question is asked again
        clear = signals.positive is not None or q not in interview.YES
        note = self._note(
            screened=clear and q in SCREENING,
            revealed=self._revealed(QUESTION_REVEALS.get(q, ())) if clear else (),
        )
        return Response(text=text, signals=signals, note=note)

    def _observe(self, action: Observe) -> Response:
        what = action.what
        # the topic is the observation's id: a StrEnum formats as its value
        text, positive = examination.observe(what, self.case, self.state, self.case_rng(what))
        signals = Signals(minutes_left=self.minutes_left, positive=positive)
        revealed = self._revealed(OBSERVATION_REVEALS.get(what, ())) if positive else ()
        return Response(text=text, signals=signals, note=self._note(revealed=revealed))

    def _palpate(self, action: Palpate) -> Response:
        region = action.region
        text, positive, reach = examination.palpate(
            region, self.case, self.state, self.case_rng(region)
        )
        signals = Signals(minutes_left=self.minutes_left, positive=positive, reach=reach)
        return Response(text=text, signals=signals, note=self._note())

    def _run_test(self, action: RunTest) -> Response:
        return self._test(action.test, again=False)

    def _reassess(self, action: Reassess) -> Response:
        return self._test(action.test, again=True)

    def _refer(self, action: Refer) -> Response:
        if action.reason is Reason.RED_FLAG:
            self.state.sent_to_doctor = True
        text = REFERRAL_WORDS[action.reason]
        return Response(
            text=text, signals=Signals(minutes_left=self.minutes_left), note=self._note()
        )

    def _impression(self, action: Impression) -> Response:
        # the working impression is the student's note, not something the client hears
        if action.unsure or action.irritability is None:
            text = "You note that you are not yet sure what is driving this."
        else:
            source = SOURCE_LABEL[Source(action.source)].split(":")[0]
            irritability = IRRITABILITY_LABEL[action.irritability].split(":")[0]
            text = f"You note your working impression: {source} with {irritability} irritability."
        return Response(
            text=text, signals=Signals(minutes_left=self.minutes_left), note=self._note()
        )

    def _test(self, test: Test, again: bool) -> Response:
        case, state = self.case, self.state
        positive, text = examination.run_test(test, case, state)
        nrs = interview.reported_nrs(case, state) if test is Test.PAIN_RATING else None
        reach = state.reach_id if test is Test.PAIN_RATING else None
        if test is Test.PAIN_RATING:
            text = f"Pain {nrs}/10. {text}"
        if again and test in state.first_results:
            text = f"Retest — {text} (first time: {state.first_results[test]})"
        state.first_results.setdefault(test, text)
        if positive and test in PROVOCATION_TESTS and case.hidden.irritability is Irritability.HIGH:
            state.pain += 0.3  # provocation lingers at high irritability (domain.md 3b)
            state.clamp()
            text += " The symptoms take a while to settle."
        signals = Signals(positive=positive, nrs=nrs, reach=reach, minutes_left=self.minutes_left)
        note = self._note(
            provocation=test in PROVOCATION_TESTS,
            revealed=self._revealed(TEST_REVEALS.get(test, ())) if positive else (),
        )
        return Response(text=text, signals=signals, note=note)

    def _after_flare(self, action: Treat) -> str:
        """A treatment after a flare, judged against what flared (DESIGN section 5, item 5):
        the same or more load on the same structure is escalating; lighter, broader,
        adjacent or supported movement is adapting."""
        mark = self.state.last_flare
        if mark is None:
            return ""
        # every treatment until the next flare answers to this one: going back to the
        # load that flared later in the session is no adaptation either
        if structure_of(action.region) != mark.structure:
            return "adapted"
        before = mark.group in PROVOCATIVE_GROUPS
        after = GROUP[action.technique] in PROVOCATIVE_GROUPS
        if after > before or (after == before and action.pressure >= mark.pressure):
            return "escalated"
        return "adapted"

    def _treat(self, action: Treat) -> Response:
        case, state, rng = self.case, self.state, self.rng
        technique, region = action.technique, action.region
        on_trigger_point = technique is Technique.TRIGGER_POINT and any(
            tp.region is region and tp.region not in state.released
            for tp in case.hidden.trigger_points
        )
        after_flare = self._after_flare(action)
        outcome = treatment.decide(case, state, action, rng)
        relief = treatment.apply(case, state, action, outcome, rng, len(self.steps))
        style = case.persona.style
        what = (
            f"{TECHNIQUE_LABEL[technique].capitalize()} on the "
            f"{REGION_LABEL[region]}, pressure {action.pressure}, "
            f"{action.minutes} min."
        )
        said = sensation_words(
            outcome.sensation, style, rng, group=GROUP[technique], pressure=action.pressure
        )
        visible_flare = outcome.effect is Effect.FLARE and not outcome.deferred
        if on_trigger_point and not visible_flare:
            # whether a release worked is not felt on the table: only a retest shows it
            # (domain.md 7, rule 3), so every non-flaring hold reads the same
            said = (
                "That's the spot — it sends my ache out the same way... it's fading as "
                "you hold. Hard to say if anything's changed."
            )
        elif not visible_flare:
            # the words follow the change actually felt, not what the tissue could give
            said = f"{said} {relief_words(relief, rng)}".strip()
        note = self._note(
            rule=outcome.rule,
            teaching=outcome.teaching,
            tolerance=outcome.tolerance,
            fit=outcome.fit,
            excess=outcome.excess,
            warmed=outcome.warmed,
            reproduced=outcome.reproduced,
            deferred_flare=outcome.deferred,
            flare_cause=len(self.steps) if visible_flare else None,
            flare_structure=structure_of(region) if visible_flare else "",
            after_flare=after_flare,
            relief=round(relief, 3) if relief else relief,  # round(0.0, 3) is 0.0
        )
        signals = Signals(sensation=outcome.sensation, minutes_left=self.minutes_left)
        return Response(text=f'{what} "{said}"', effect=outcome.effect, signals=signals, note=note)

    def _surface_flares(self) -> FlareMark | None:
        """Delayed flares show now (domain.md 7, rule 7); returns what caused the first."""
        state = self.state
        if not state.pending:
            return None
        first = state.pending[0][0]
        for mark, size, spreads in state.pending:
            treatment.flare_state(state, size, spreads)
            state.last_flare = mark
        state.pending.clear()
        return first

    def _check_in(self, action: CheckIn | None = None) -> Response:
        case, state, rng = self.case, self.state, self.rng
        surfaced = self._surface_flares()
        nrs = interview.reported_nrs(case, state)
        if surfaced:
            sensation = Sensation.TINGLING if state.paraesthesia else Sensation.SHARP
            text = (
                '"Actually, it has been building since that last bit — '
                + sensation_words(sensation, case.persona.style, rng)
                + '"'
            )
            effect: Effect | None = Effect.FLARE
        else:
            last = self.last_treatment_sensation()
            change = state.pain - state.pain_at_check_in
            sensation = Sensation.GOOD_SORE if last is Sensation.GOOD_SORE else Sensation.NONE
            if change >= 1.5:
                sensation = Sensation.SHARP
            if state.reach > case.hidden.reach.level:
                sensation = Sensation.TINGLING if state.paraesthesia else Sensation.RADIATING
            if sensation is Sensation.NONE:
                detail = (
                    "Easier than before, actually."
                    if change <= -1
                    else "More or less the same otherwise."
                )
            else:
                detail = CHECK_IN_WORDS[sensation]
            text = f'"It\'s about a {nrs} now. {detail}"'
            effect = None
        state.pain_at_check_in = state.pain
        signals = Signals(
            nrs=nrs, reach=state.reach_id, sensation=sensation, minutes_left=self.minutes_left
        )
        note = self._note(
            surfaced_flare=surfaced is not None,
            flare_cause=surfaced.step if surfaced else None,
            flare_structure=surfaced.structure if surfaced else "",
        )
        return Response(text=text, effect=effect, signals=signals, note=note)

    def last_treatment_sensation(self) -> Sensation | None:
        for step in reversed(self.steps):
            if type(step.action) is Treat:  # not isinstance: ABCMeta's check is slow
                return step.response.signals.sensation
        return None

    def _educate(self, action: Educate) -> Response:
        text = EDUCATION_WORDS[action.topic]
        return Response(
            text=text, signals=Signals(minutes_left=self.minutes_left), note=self._note()
        )

    def _end(self) -> Response:
        surfaced = self._surface_flares()
        self.state.ended = True
        case, state = self.case, self.state
        nrs = interview.reported_nrs(case, state)
        change = case.hidden.pain - state.pain
        spread = state.reach - case.hidden.reach.level
        new_tingling = state.paraesthesia and not case.findings.paraesthesia
        said = farewell_words(
            change, spread, new_tingling, surfaced is not None, StoryRandom(case.id)
        )
        if surfaced or spread > 0 or change <= -2:
            effect: Effect | None = Effect.FLARE
        elif change >= 2 or spread < 0:
            effect = Effect.RELIEF
        else:
            effect = Effect.NEUTRAL
        signals = Signals(nrs=nrs, reach=state.reach_id, minutes_left=self.minutes_left)
        note = self._note(
            surfaced_flare=surfaced is not None,
            flare_cause=surfaced.step if surfaced else None,
            flare_structure=surfaced.structure if surfaced else "",
        )
        return Response(
            text=f'Getting off the table: "{said}" Pain {nrs}/10.',
            effect=effect,
            signals=signals,
            note=note,
            ended=True,
        )


# action kind -> the method that answers it, as plain functions: no bound method is made
# by name for every step
_DISPATCH: dict[str, Any] = {kind: getattr(Session, name) for kind, name in _HANDLERS.items()}
