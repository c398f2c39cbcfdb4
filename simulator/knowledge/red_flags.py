"""Red and amber flags: which answers, signs and tests reveal them, and which referral each
calls for at which urgency (domain.md section 4; seed: "When massage can make symptoms
worse")."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.domain.case import Case, Findings
from simulator.domain.ids import Observation, Question, Reach, Reason, RedFlagKind, Test

# The screening questions a student should ask before hands-on work.
SCREENING: frozenset[Question] = frozenset(
    {
        Question.BLADDER_BOWEL,
        Question.SADDLE_NUMBNESS,
        Question.WEAKNESS,
        Question.NUMBNESS,
        Question.GENERAL_HEALTH,
        Question.NIGHT_PAIN,
    }
)
# The screening questions a vague client first hedges on (domain.md 4: signs revealed only
# when asked directly, a vague client only on a follow-up): the screen less night pain,
# which every client can speak to, plus the amber cough/sneeze question.
HEDGED: frozenset[Question] = (SCREENING - {Question.NIGHT_PAIN}) | {Question.COUGH_SNEEZE}
# The screen split by what it rules out: cauda equina, a motor deficit, a systemic cause.
SCREENING_AREAS: tuple[frozenset[Question], ...] = (
    frozenset({Question.BLADDER_BOWEL, Question.SADDLE_NUMBNESS}),
    frozenset({Question.WEAKNESS, Question.NUMBNESS}),
    frozenset({Question.GENERAL_HEALTH, Question.NIGHT_PAIN}),
)

# Findings that are red flags: a soft-tissue case has none of them.
RED_FLAG_FINDINGS: tuple[str, ...] = (
    "saddle_numbness",
    "bladder_bowel",
    "bilateral",
    "cancer_history",
    "systemic",
    "weakness_progressive",
)
# Which flag findings each screening question brings out when answered clearly. Night pain
# alone is a weak flag (Henschke13): only constant, unremitting pain counts.
QUESTION_REVEALS: dict[Question, tuple[str, ...]] = {
    Question.SADDLE_NUMBNESS: ("saddle_numbness",),
    Question.BLADDER_BOWEL: ("bladder_bowel",),
    Question.NUMBNESS: ("saddle_numbness", "bilateral"),
    Question.RADIATION: ("bilateral",),
    Question.WEAKNESS: ("weakness",),  # the answer also says whether it is getting worse
    Question.GENERAL_HEALTH: ("cancer_history", "systemic"),
    Question.NIGHT_PAIN: ("constant_pain",),
    Question.EASING: ("constant_pain",),
    Question.COUGH_SNEEZE: ("cough_sneeze",),
}
# A deficit seen or measured counts as found as much as one reported (domain.md 3a, 4).
OBSERVATION_REVEALS: dict[Observation, tuple[str, ...]] = {
    Observation.GAIT: ("weakness_progressive", "weakness"),
}
TEST_REVEALS: dict[Test, tuple[str, ...]] = {
    Test.NEURO_SCREEN: ("weakness_progressive", "weakness"),
}

# The questions that reveal each red-flag sub-type when asked directly (AJEM-CES: cauda
# equina signs build gradually and no single one decides).
REVEALED_BY: dict[RedFlagKind, frozenset[Question]] = {
    RedFlagKind.CAUDA_EQUINA: frozenset(
        {Question.SADDLE_NUMBNESS, Question.BLADDER_BOWEL, Question.NUMBNESS, Question.RADIATION}
    ),
    RedFlagKind.PROGRESSIVE_WEAKNESS: frozenset({Question.WEAKNESS, Question.NUMBNESS}),
    RedFlagKind.SYSTEMIC: frozenset(
        {Question.GENERAL_HEALTH, Question.NIGHT_PAIN, Question.EASING}
    ),
}

# How urgent each medical referral is, least first: prompt review, within days, today.
URGENCY: dict[Reason, int] = {
    Reason.MEDICAL_ASSESSMENT: 1,
    Reason.URGENT: 2,
    Reason.RED_FLAG: 3,
}
URGENCY_WORDS: dict[Reason, str] = {
    Reason.MEDICAL_ASSESSMENT: "prompt medical assessment",
    Reason.URGENT: "urgent medical review",
    Reason.RED_FLAG: "same-day emergency referral",
}
# Severe radiating pain (an amber sign of the seed): this much pain reaching below the knee.
SEVERE_PAIN = 7


def flag_referral(findings: Findings) -> Reason | None:
    """The referral a red-flag finding calls for (domain.md 4): cauda equina signs are an
    emergency; a progressive deficit or signs of infection are urgent; a cancer history
    needs a prompt medical assessment."""
    f = findings
    if f.saddle_numbness or f.bladder_bowel or f.bilateral:
        return Reason.RED_FLAG
    if f.weakness_progressive or (f.systemic and not f.cancer_history):
        return Reason.URGENT
    if f.cancer_history:
        return Reason.MEDICAL_ASSESSMENT
    return None


# The steps (`kind:argument`, knowledge/examination.step_key) whose positive answer shows
# part of the amber row: leg symptoms when the spine is loaded, and tingling or numbness.
SPINAL_LOADING = frozenset({"observe:forward_bend", "test:lumbar_flexion"})
TINGLING = frozenset({"ask:numbness"})


@dataclass(frozen=True)
class AmberSigns:
    """What has shown of the amber row of domain.md 4, from the truth (the case) or from what
    a student saw (the rubric, the expert): the one place the amber rule is written."""

    cough_sneeze: bool = False  # leg pain worse on a cough or sneeze
    deficit: bool = False  # a stable deficit (weakness that is not getting worse)
    pain: float = 0.0  # the pain rating
    reach: Reach = Reach.NONE  # how far down the leg the pain reaches
    loading: bool = False  # leg symptoms when the spine is loaded (forward bend, flexion)
    tingling: bool = False  # paraesthesia or numbness

    def shown(self) -> bool:
        """Nerve-root signs that are not an emergency (seed: "When massage can make symptoms
        worse"): cough or sneeze, a stable deficit, severe pain reaching below the knee, or
        leg symptoms on spinal loading with tingling."""
        severe = self.pain >= SEVERE_PAIN and self.reach.level >= Reach.BELOW_KNEE.level
        return self.cough_sneeze or self.deficit or severe or (self.loading and self.tingling)


def amber(case: Case) -> bool:
    """The client carries an amber sign (the truth, for the referral the case calls for)."""
    f, h = case.findings, case.hidden
    return AmberSigns(
        cough_sneeze=f.cough_sneeze,
        deficit=f.weakness,
        pain=h.pain,
        reach=h.reach,
        loading=f.flexion_leg,
        tingling=f.paraesthesia,
    ).shown()


def required_referral(case: Case) -> Reason | None:
    """The referral this case calls for: the flag's own urgency, amber (a medical opinion),
    or none."""
    flagged = flag_referral(case.findings)
    kind = case.hidden.red_flag_kind
    if kind is RedFlagKind.CAUDA_EQUINA:
        flagged = Reason.RED_FLAG
    elif kind is RedFlagKind.PROGRESSIVE_WEAKNESS:
        flagged = Reason.URGENT if flagged is None else flagged
    elif kind is RedFlagKind.SYSTEMIC and flagged is None:
        flagged = Reason.URGENT
    if flagged is not None:
        return flagged
    if amber(case):
        return Reason.MEDICAL_ASSESSMENT
    return None
