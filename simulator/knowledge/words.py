"""The words for every id, beside the ids: what screens, the debrief and line-mode help show.

One table per kind of id. Region and technique words live with the rest of what is known
about regions and techniques (`regions.LABEL`, `techniques.LABEL`) and are re-exported here,
so a reader needs only this module to put any action or hidden state into words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulator.domain.actions import ARGUMENTS, UNSURE, Action
from simulator.domain.ids import (
    ActionKind,
    Irritability,
    Observation,
    Question,
    Reach,
    Reason,
    RedFlagKind,
    Sensation,
    Source,
    Test,
    Topic,
)
from simulator.knowledge.regions import LABEL as REGION_LABEL
from simulator.knowledge.techniques import LABEL as TECHNIQUE_LABEL

__all__ = [
    "ARGUMENT_WORDS",
    "IRRITABILITY_LABEL",
    "IRRITABILITY_NAME",
    "KIND_LABEL",
    "OBSERVATION_LABEL",
    "PRESSURE_LABEL",
    "QUESTION_LABEL",
    "REACH_LABEL",
    "REASON_LABEL",
    "RED_FLAG_LABEL",
    "REGION_LABEL",
    "SENSATION_LABEL",
    "SOURCE_LABEL",
    "SOURCE_NAME",
    "TECHNIQUE_LABEL",
    "TEST_LABEL",
    "TEST_SHORT",
    "TOPIC_LABEL",
    "UNSURE_WORDS",
    "argument_label",
    "describe",
    "plural",
]

KIND_LABEL: dict[str, str] = {
    ActionKind.ASK: "Ask",
    ActionKind.OBSERVE: "Observe",
    ActionKind.PALPATE: "Palpate",
    ActionKind.TEST: "Test",
    ActionKind.TREAT: "Treat",
    ActionKind.CHECK_IN: "Check in",
    ActionKind.REASSESS: "Reassess",
    ActionKind.EDUCATE: "Educate",
    ActionKind.REFER: "Refer",
    ActionKind.IMPRESSION: "Impression",
    ActionKind.END: "End",
    ActionKind.VISIT: "Next visit",
}
QUESTION_LABEL: dict[Question, str] = {
    Question.ONSET: "how and when it started",
    Question.LOCATION: "where exactly it is",
    Question.RADIATION: "whether it spreads, and how far",
    Question.QUALITY: "what it feels like",
    Question.AGGRAVATING: "what makes it worse",
    Question.EASING: "what eases it",
    Question.SITTING_VS_WALKING: "sitting compared with walking",
    Question.COUGH_SNEEZE: "coughing and sneezing",
    Question.HISTORY_DISC: "past back or disc problems",
    Question.HISTORY_INJURY: "past injuries",
    Question.TRAINING_LOAD: "training load and recent changes",
    Question.OCCUPATION: "work and daily posture",
    Question.NUMBNESS: "numbness or pins and needles",
    Question.WEAKNESS: "weakness in the leg",
    Question.BLADDER_BOWEL: "bladder or bowel changes",
    Question.SADDLE_NUMBNESS: "numbness in the saddle area",
    Question.NIGHT_PAIN: "pain at night",
    Question.GENERAL_HEALTH: "general health, weight, fever",
    Question.PAIN_RATING: "a pain rating from 0 to 10",
    Question.PREVIOUS_TREATMENT: "previous treatment",
    Question.GOALS: "what they want from today",
}
OBSERVATION_LABEL: dict[Observation, str] = {
    Observation.SITTING: "how they sit",
    Observation.STANDING: "standing posture",
    Observation.GAIT: "walking (gait)",
    Observation.FORWARD_BEND: "bending forward",
}
TEST_LABEL: dict[Test, str] = {
    Test.SLR: "straight-leg raise (SLR)",
    Test.SLUMP: "slump test",
    Test.FAIR: "FAIR test (flexion, adduction, internal rotation)",
    Test.HIP_INTERNAL_ROTATION: "hip internal rotation range",
    Test.THOMAS: "Thomas test (hip flexor length)",
    Test.HAMSTRING_LENGTH: "hamstring length",
    Test.LUMBAR_FLEXION: "lumbar flexion",
    Test.LUMBAR_EXTENSION: "lumbar extension",
    Test.PAIN_RATING: "pain rating and pain map",
    Test.SINGLE_LEG_STANCE: "single-leg stance (Trendelenburg)",
    Test.NEURO_SCREEN: "neuro screen (strength, reflexes, sensation)",
}
# Short names for the body map's test list and the palette's search words.
TEST_SHORT: dict[Test, str] = {
    Test.SLR: "SLR",
    Test.SLUMP: "slump",
    Test.FAIR: "FAIR",
    Test.HIP_INTERNAL_ROTATION: "hip IR",
    Test.THOMAS: "Thomas",
    Test.HAMSTRING_LENGTH: "hamstring length",
    Test.LUMBAR_FLEXION: "flexion",
    Test.LUMBAR_EXTENSION: "extension",
    Test.PAIN_RATING: "pain map",
    Test.SINGLE_LEG_STANCE: "single-leg stance",
    Test.NEURO_SCREEN: "neuro screen",
}
TOPIC_LABEL: dict[Topic, str] = {
    Topic.EXPECTATIONS: "what massage can and cannot do",
    Topic.SELF_CARE: "self-care between sessions",
    Topic.REFERRAL_REASON: "why you are referring",
    Topic.STRETCHING: "home stretches held at the end of range",
    Topic.PACING: "easing back training, then building it up gradually",
}
REASON_LABEL: dict[Reason, str] = {
    Reason.RED_FLAG: "emergency: a doctor today, stop hands-on work",
    Reason.MEDICAL_ASSESSMENT: "prompt medical assessment, keep the work gentle",
    Reason.OUTSIDE_SCOPE: "outside my scope: another provider",
    Reason.URGENT: "urgent: a doctor within a day or two",
}
PRESSURE_LABEL: dict[int, str] = {
    1: "light",
    2: "light-moderate",
    3: "moderate",
    4: "firm",
    5: "deep",
}
REACH_LABEL: dict[Reach, str] = {
    Reach.NONE: "no leg symptoms",
    Reach.BUTTOCK: "buttock",
    Reach.THIGH: "thigh",
    Reach.BELOW_KNEE: "below the knee",
    Reach.FOOT: "foot",
}
SENSATION_LABEL: dict[Sensation, str] = {
    Sensation.NONE: "nothing new",
    Sensation.PRESSURE: "pressure",
    Sensation.GOOD_SORE: "good sore",
    Sensation.SHARP: "sharp",
    Sensation.RADIATING: "radiating",
    Sensation.TINGLING: "tingling",
    Sensation.NUMB: "numb",
}
# The hidden truth in words: the debrief and the instructor's view only, never before play.
SOURCE_LABEL: dict[Source, str] = {
    Source.LUMBAR_RADICULAR: "lumbar radicular: nerve-root irritation from lumbar structures",
    Source.DEEP_GLUTEAL: "deep gluteal: compression around the deep hip rotators (piriformis)",
    Source.TRIGGER_POINT: "trigger point: referred pain from a myofascial trigger point",
    Source.POSTERIOR_CHAIN: "posterior chain: tension and overload through the chain",
    Source.HIP_FLEXOR_PELVIC: "hip flexor / pelvic: sitting-related hip-flexor restriction",
    Source.RED_FLAG: "red flag: a medical problem that needs referral",
}
IRRITABILITY_LABEL: dict[Irritability, str] = {
    Irritability.LOW: "low: symptoms are hard to provoke and settle quickly",
    Irritability.MODERATE: "moderate: a fair tolerance window",
    Irritability.HIGH: "high: easily provoked, slow to settle, a narrow window",
}
RED_FLAG_LABEL: dict[RedFlagKind, str] = {
    RedFlagKind.CAUDA_EQUINA: "cauda equina",
    RedFlagKind.PROGRESSIVE_WEAKNESS: "progressive weakness",
    RedFlagKind.SYSTEMIC: "systemic",
}
# Short names for a working impression (the student's words, not the debrief's definition).
SOURCE_NAME: dict[Source, str] = {
    Source.LUMBAR_RADICULAR: "lumbar radicular",
    Source.DEEP_GLUTEAL: "deep gluteal",
    Source.TRIGGER_POINT: "trigger point",
    Source.POSTERIOR_CHAIN: "posterior chain",
    Source.HIP_FLEXOR_PELVIC: "hip flexor / pelvic",
    Source.RED_FLAG: "red flag",
}
UNSURE_WORDS = "unsure: not enough to name a source yet"
IRRITABILITY_NAME: dict[Irritability, str] = {
    Irritability.LOW: "low irritability",
    Irritability.MODERATE: "moderate irritability",
    Irritability.HIGH: "high irritability",
}
# An action's argument name -> the words for its ids (pressure and minutes are numbers).
ARGUMENT_WORDS: dict[str, Mapping[Any, str]] = {
    "question": QUESTION_LABEL,
    "what": OBSERVATION_LABEL,
    "region": REGION_LABEL,
    "test": TEST_LABEL,
    "technique": TECHNIQUE_LABEL,
    "topic": TOPIC_LABEL,
    "reason": REASON_LABEL,
    "source": {**SOURCE_NAME, UNSURE: UNSURE_WORDS},
    "irritability": IRRITABILITY_NAME,
}


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 step`, `2 steps`: the count and the word in the right number."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def argument_label(name: str, value: Any) -> str:
    """The words for one argument of an action."""
    if name == "pressure":
        return f"pressure {value} ({PRESSURE_LABEL[int(value)]})"
    if name == "minutes":
        return f"{value} min"
    return ARGUMENT_WORDS[name][value]


def describe(action: Action) -> str:
    """One action in words: `Treat: cross-fibre friction · deep hip rotators · pressure 3 …`."""
    names = ARGUMENTS[action.kind]
    if not names:
        return KIND_LABEL[action.kind]
    # an optional argument left out (`impression unsure`) is None: no words for it
    parts = [argument_label(n, v) for n in names if (v := getattr(action, n)) is not None]
    return f"{KIND_LABEL[action.kind]}: " + " · ".join(parts)
