"""Red and amber flags: which answers reveal them and which referral each calls for
(domain.md section 4; seed: "When massage can make symptoms worse")."""

from __future__ import annotations

from simulator.domain.case import Case
from simulator.domain.ids import Question, Reason, RedFlagKind, Source

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


def required_referral(case: Case) -> Reason | None:
    """The referral this case calls for: red flag, amber (medical opinion), or none."""
    if case.hidden.source is Source.RED_FLAG:
        return Reason.RED_FLAG
    if case.findings.cough_sneeze or case.findings.weakness:
        # nerve-root signs that are not an emergency: the amber row of domain.md section 4
        return Reason.MEDICAL_ASSESSMENT
    return None
