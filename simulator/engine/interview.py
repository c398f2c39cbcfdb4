"""Intake answers: consistent with the case's findings, worded by persona and style."""

from __future__ import annotations

import math
from collections.abc import Callable

from simulator.domain.case import Case
from simulator.domain.ids import Question, Reach, Style
from simulator.domain.response import Signals
from simulator.engine.state import ClientState
from simulator.generator.people import DESK_JOBS
from simulator.knowledge.irritability import PROVOKED_WORDS, SETTLE_WORDS
from simulator.knowledge.phrases import (
    AGGRAVATOR_WORDS,
    EASING_WORDS,
    ONSET_WORDS,
    QUALITY_WORDS,
    SCREENING_HEDGES,
    SITTING_WORDS,
    TINGLE_WORDS,
    VAGUE_DEFLECTIONS,
    Chooser,
    StoryRandom,
    pick,
    reach_words,
    styled,
)
from simulator.knowledge.red_flags import HEDGED

Answer = tuple[str, dict[str, object]]  # text, extra signals (nrs, reach)
Rng = Chooser

# Questions a vague client answers only on a follow-up (the same question asked again).
VAGUE_FIRST = frozenset(
    {
        Question.QUALITY,
        Question.AGGRAVATING,
        Question.SITTING_VS_WALKING,
        Question.BLADDER_BOWEL,
        Question.SADDLE_NUMBNESS,
        Question.WEAKNESS,
        Question.NUMBNESS,
        Question.GENERAL_HEALTH,
        Question.COUGH_SNEEZE,
    }
)


# Open questions, where the client's manner shows; screening answers stay plain.
COLOURED = frozenset(
    {
        Question.ONSET,
        Question.LOCATION,
        Question.RADIATION,
        Question.QUALITY,
        Question.AGGRAVATING,
        Question.EASING,
        Question.TRAINING_LOAD,
        Question.GOALS,
        Question.PREVIOUS_TREATMENT,
    }
)

# The yes/no questions and what makes the answer "yes": the answer's words and its
# `positive` signal both read this one table.
YES: dict[Question, Callable[[Case, ClientState], bool]] = {
    Question.SITTING_VS_WALKING: lambda c, s: c.findings.sitting_worse,
    Question.COUGH_SNEEZE: lambda c, s: c.findings.cough_sneeze,
    Question.HISTORY_DISC: lambda c, s: c.findings.disc_history,
    Question.HISTORY_INJURY: lambda c, s: c.findings.injury_history,
    Question.TRAINING_LOAD: lambda c, s: c.findings.training_spike,
    Question.NUMBNESS: lambda c, s: (
        c.findings.saddle_numbness or c.findings.bilateral or s.paraesthesia
    ),
    Question.WEAKNESS: lambda c, s: c.findings.weakness,
    Question.BLADDER_BOWEL: lambda c, s: c.findings.bladder_bowel,
    Question.SADDLE_NUMBNESS: lambda c, s: c.findings.saddle_numbness,
    Question.NIGHT_PAIN: lambda c, s: c.findings.night_pain or c.findings.constant_pain,
    Question.GENERAL_HEALTH: lambda c, s: c.findings.cancer_history or c.findings.systemic,
}


REPORTING_BIAS: dict[Style, float] = {Style.STOIC: -1.0, Style.EXPRESSIVE: 1.5}


def reported_nrs(case: Case, state: ClientState) -> int:
    """Stoic clients under-report, expressive clients over-report (DESIGN section 3)."""
    bias = REPORTING_BIAS.get(case.persona.style, 0.0)
    floor = 1 if state.pain >= 1 else 0  # even a stoic client admits to some pain
    # half up, not round()'s half to even: an expressive 6 and 7 would both report 8
    return int(min(10, max(floor, math.floor(state.pain + bias + 0.5))))


def _onset(case: Case, s: ClientState, rng: Rng) -> Answer:
    f = case.findings
    text = pick(ONSET_WORDS[f.onset], rng).format(sport=case.persona.sport)
    if f.disc_history:
        text += " Much like the last time my back went."
    return text, {"detail": f.onset}


def _location(case: Case, s: ClientState, rng: Rng) -> Answer:
    f = case.findings
    back = " and my lower back" if f.back_pain else ""
    text = f"Mostly here{back} — " + reach_words(s.reach_id, case.persona.side, rng) + "."
    if f.bilateral:
        text += " Lately both legs, actually."
    return text, {"reach": s.reach_id}


def _radiation(case: Case, s: ClientState, rng: Rng) -> Answer:
    text = reach_words(s.reach_id, case.persona.side, rng).capitalize() + "."
    if case.findings.bilateral:
        text += " And now the other leg has started too."
    return text, {"reach": s.reach_id}


def _quality(case: Case, s: ClientState, rng: Rng) -> Answer:
    quality = case.findings.quality
    text = pick(QUALITY_WORDS[quality], rng)
    if s.paraesthesia:
        text += pick(TINGLE_WORDS, rng)
    return text, {"detail": quality}


def _aggravating(case: Case, s: ClientState, rng: Rng) -> Answer:
    f = case.findings
    parts = []
    if f.sitting_worse:
        parts.append(pick(SITTING_WORDS, rng))
    if f.flexion_leg:
        parts.append("bending forward to put my socks on")
    if f.aggravator != "none":
        parts.append(pick(AGGRAVATOR_WORDS[f.aggravator], rng))
    if f.cough_sneeze:
        parts.append("a cough or sneeze, surprisingly")
    if not parts:
        parts.append("nothing in particular, it just nags")
    text = "Worse with " + ", ".join(parts) + "."
    if f.provoked_by is not None:  # how little sets it off (domain.md 5a-5b)
        text += " " + pick(PROVOKED_WORDS[f.provoked_by], rng)
    return text, {"detail": f.aggravator}


def _easing(case: Case, s: ClientState, rng: Rng) -> Answer:
    f = case.findings
    if f.constant_pain:
        return "Nothing helps. Not lying down, not moving, not pills. It's just there.", {}
    text = pick(EASING_WORDS[f.easing], rng)
    if f.easing == "lying" and f.night_pain:
        text += " For a while, anyway; nights are another story."
    if f.settles is not None:  # how long a flare takes to settle (domain.md 5a-5b)
        text += " " + pick(SETTLE_WORDS[f.settles], rng)
    return text, {"detail": f.easing}


def _sitting_vs_walking(case: Case, s: ClientState, rng: Rng) -> Answer:
    if YES[Question.SITTING_VS_WALKING](case, s):
        return pick(
            (
                "Sitting is much worse; walking loosens it.",
                "After twenty minutes seated I have to shift about. Walking's better.",
            ),
            rng,
        ), {}
    # walking is worse than sitting, which is not the same as comfortable in a chair
    return pick(
        (
            "Walking any distance is worse than sitting.",
            "Walking and standing get it going more than sitting does.",
        ),
        rng,
    ), {}


def _cough(case: Case, s: ClientState, rng: Rng) -> Answer:
    if YES[Question.COUGH_SNEEZE](case, s):
        return pick(
            (
                "Yes! A sneeze sends it right down the leg.",
                "Coughing makes the leg pain jump, yes.",
            ),
            rng,
        ), {}
    return pick(("No, that doesn't change it.", "Not that I've noticed."), rng), {}


def _history_disc(case: Case, s: ClientState, rng: Rng) -> Answer:
    if YES[Question.HISTORY_DISC](case, s):
        return pick(
            (
                "I was told I had a bulging disc a few years ago.",
                "Yes, a disc problem in my twenties, it settled with physio.",
            ),
            rng,
        ), {}
    return "No back problems before this, no.", {}


def _history_injury(case: Case, s: ClientState, rng: Rng) -> Answer:
    if YES[Question.HISTORY_INJURY](case, s):
        return pick(
            (
                "I had a fall onto that side a year or so ago.",
                "I pulled something in that hip last season.",
            ),
            rng,
        ), {}
    if case.findings.onset == "fall":
        return "Apart from the fall that started this, no.", {}
    return "No injuries I can think of.", {}


def _training(case: Case, s: ClientState, rng: Rng) -> Answer:
    p = case.persona
    text = f"{p.training_load[0].upper()}{p.training_load[1:]}."
    if YES[Question.TRAINING_LOAD](case, s):
        text += " I've ramped it up a lot in the last month."
    return text, {}


def _occupation(case: Case, s: ClientState, rng: Rng) -> Answer:
    p = case.persona
    desk = p.occupation in DESK_JOBS  # the job says it, not the diagnosis
    extra = " Mostly sitting, eight or nine hours." if desk else " I'm on my feet a fair bit."
    return f"I work as {_article(p.occupation)} {p.occupation}.{extra}", {}


def _numbness(case: Case, s: ClientState, rng: Rng) -> Answer:
    f = case.findings
    if f.saddle_numbness or f.bilateral:
        return "Yes — both legs feel odd, and there's numb patches I can't explain.", {}
    if s.paraesthesia:
        if s.reach < Reach.BELOW_KNEE.level:  # the tingling stays where the symptoms go
            return "Pins and needles in the thigh now and then.", {}
        return pick(
            (
                "Pins and needles in the foot sometimes.",
                "A patch on the side of my calf feels a bit dead.",
            ),
            rng,
        ), {}
    return "No numbness, no.", {}


def _weakness(case: Case, s: ClientState, rng: Rng) -> Answer:
    if case.findings.weakness and case.findings.weakness_progressive:
        return "My foot's been catching on steps. It's worse this week than last.", {}
    if YES[Question.WEAKNESS](case, s):
        return "The leg feels a bit weaker going upstairs, but it's not changing.", {}
    return "No, strength is fine.", {}


def _bladder(case: Case, s: ClientState, rng: Rng) -> Answer:
    if YES[Question.BLADDER_BOWEL](case, s):
        return "Now you mention it... I've had trouble starting to pee, the last few days.", {}
    return "No, nothing like that.", {}


def _saddle(case: Case, s: ClientState, rng: Rng) -> Answer:
    if YES[Question.SADDLE_NUMBNESS](case, s):
        return "It's strange — I can barely feel the toilet paper. It's numb down there.", {}
    return "No, that's all normal.", {}


def _night(case: Case, s: ClientState, rng: Rng) -> Answer:
    if YES[Question.NIGHT_PAIN](case, s):
        return pick(
            (
                "It wakes me most nights, whatever position I'm in.",
                "Nights are the worst, I can't get comfortable.",
            ),
            rng,
        ), {}
    return pick(("I sleep okay once I'm settled.", "Not really, only if I roll onto it."), rng), {}


def _general(case: Case, s: ClientState, rng: Rng) -> Answer:
    f = case.findings
    if YES[Question.GENERAL_HEALTH](case, s):
        parts = []
        if f.cancer_history:
            parts.append("I had treatment for cancer a few years back")
        if f.systemic:
            parts.append("I've lost weight without trying and feel run down")
        return "Well, " + ", and ".join(parts) + ".", {}
    return pick(("Healthy otherwise, no medications.", "Fine — no other health issues."), rng), {}


def _pain_rating(case: Case, s: ClientState, rng: Rng) -> Answer:
    nrs = reported_nrs(case, s)
    article = "an" if nrs == 8 else "a"
    return f"About {article} {nrs} out of 10 right now.", {"nrs": nrs}


def _previous(case: Case, s: ClientState, rng: Rng) -> Answer:
    return pick(
        (
            "I've tried stretching from videos online; not sure it helped.",
            "A friend dug into it with a massage gun. That hurt.",
            "Just painkillers so far.",
        ),
        rng,
    ), {}


def _goals(case: Case, s: ClientState, rng: Rng) -> Answer:
    return f"I want to get back to {case.persona.sport} without this hanging over me.", {}


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


ANSWERS: dict[Question, Callable[[Case, ClientState, Rng], Answer]] = {
    Question.ONSET: _onset,
    Question.LOCATION: _location,
    Question.RADIATION: _radiation,
    Question.QUALITY: _quality,
    Question.AGGRAVATING: _aggravating,
    Question.EASING: _easing,
    Question.SITTING_VS_WALKING: _sitting_vs_walking,
    Question.COUGH_SNEEZE: _cough,
    Question.HISTORY_DISC: _history_disc,
    Question.HISTORY_INJURY: _history_injury,
    Question.TRAINING_LOAD: _training,
    Question.OCCUPATION: _occupation,
    Question.NUMBNESS: _numbness,
    Question.WEAKNESS: _weakness,
    Question.BLADDER_BOWEL: _bladder,
    Question.SADDLE_NUMBNESS: _saddle,
    Question.NIGHT_PAIN: _night,
    Question.GENERAL_HEALTH: _general,
    Question.PAIN_RATING: _pain_rating,
    Question.PREVIOUS_TREATMENT: _previous,
    Question.GOALS: _goals,
}


def answer(
    question: Question, case: Case, state: ClientState, minutes_left: int
) -> tuple[str, Signals]:
    """The client's answer; a vague client deflects the first time on some questions."""
    times = state.asked.get(question, 0)
    state.asked[question] = times + 1
    # The client's story belongs to the case, not to the session: the same question asked
    # the same number of times gets the same words whatever the session seed.
    # (a StrEnum formats as its value, without the cost of the `.value` descriptor)
    rng = StoryRandom(f"{case.id}:{case.seed}:{question}:{times}")
    style = case.persona.style
    if style is Style.VAGUE and question in VAGUE_FIRST and times == 0:
        # no `positive` and no detail: the hedge screens nothing, the follow-up does
        hedges = SCREENING_HEDGES if question in HEDGED else VAGUE_DEFLECTIONS
        return f'"{pick(hedges, rng)}"', Signals(minutes_left=minutes_left)
    text, extra = ANSWERS[question](case, state, rng)
    if question in YES:
        extra["positive"] = YES[question](case, state)
    if question in COLOURED:
        text = styled(text, style, rng)
    return f'"{text}"', Signals(minutes_left=minutes_left, **extra)  # type: ignore[arg-type]
