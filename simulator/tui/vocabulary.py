"""The words the TUI shows for every action id, and the fuzzy search over action lines.

Region and technique labels come from `simulator.knowledge`; the prompts for questions,
observations, tests, topics and reasons are how the student's side of the conversation
reads on screen. Nothing here imports Textual, so the palette search is testable alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.domain.actions import (
    ARGUMENTS,
    CHOICES,
    Action,
    Treat,
    action_from_json,
    action_to_json,
)
from simulator.domain.ids import (
    MINUTES_MAX,
    MINUTES_MIN,
    PRESSURE_MAX,
    PRESSURE_MIN,
    Effect,
    Irritability,
    Observation,
    Question,
    Reach,
    Reason,
    Region,
    Sensation,
    Source,
    Technique,
    Test,
    Topic,
)
from simulator.guard import whole_number
from simulator.knowledge.regions import LABEL as REGION_LABEL
from simulator.knowledge.techniques import ACTION_MINUTES
from simulator.knowledge.techniques import LABEL as TECHNIQUE_LABEL
from simulator.tui.fuzzy import token_score, words_of

# The kinds with a key and a button; the impression is typed on the action line until it
# has a dialog of its own.
KINDS: tuple[str, ...] = tuple(k for k in ARGUMENTS if k != "impression")
KIND_LABEL: dict[str, str] = {
    "ask": "Ask",
    "observe": "Observe",
    "palpate": "Palpate",
    "test": "Test",
    "treat": "Treat",
    "check_in": "Check in",
    "reassess": "Reassess",
    "educate": "Educate",
    "refer": "Refer",
    "impression": "Impression",
    "end": "End",
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
# The debrief only: the hidden truth in words.
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
# A result is a symbol and a word: ✚ positive, and a minus sign (not a hyphen) negative.
PLUS = "✚"
MINUS = "\N{MINUS SIGN}"

# Symptoms spread down the leg (▼) or ease back up it (▲); pain goes up (▲) or down (▼).
REACH_TREND: dict[int, str] = {1: "▼ spreading", -1: "▲ easing back", 0: "= same"}
PAIN_TREND: dict[int, str] = {1: "▲ up", -1: "▼ down", 0: "= same"}

# Every effect has a symbol and a word: colour is never the only signal.
EFFECT_MARK: dict[Effect, str] = {
    Effect.FLARE: "▲ flare",
    Effect.RELIEF: "▼ relief",
    Effect.GOOD_SORE: "◆ good sore",
    Effect.NEUTRAL: "· neutral",
}

# Extra words a student may type in the palette; ids and labels are searched as well.
REGION_ALIASES: dict[Region, tuple[str, ...]] = {
    Region.LUMBAR: ("low back", "lower back", "back", "lx"),
    Region.QUADRATUS_LUMBORUM: ("ql",),
    Region.THORACOLUMBAR_FASCIA: ("tlf", "fascia"),
    Region.GLUTE_MAX: ("gmax", "glute", "glutes", "buttock"),
    Region.GLUTE_MED: ("gmed", "glute"),
    Region.GLUTE_MIN: ("gmin", "glute"),
    Region.DEEP_ROTATORS: ("piriformis", "pir", "piri", "rotators", "dr"),
    Region.HAMSTRINGS: ("hams", "hamstring", "posterior thigh"),
    Region.CALF: ("calves", "gastrocnemius", "soleus"),
    Region.LATERAL_HIP: ("itb", "it band", "tfl"),
    Region.HIP_FLEXORS: ("psoas", "iliopsoas", "iliacus", "hip flexor"),
}
TECHNIQUE_ALIASES: dict[Technique, tuple[str, ...]] = {
    Technique.EFFLEURAGE: ("glide", "gliding", "stroking"),
    Technique.COMPRESSION: ("compress", "broad"),
    Technique.PETRISSAGE: ("knead", "kneading"),
    Technique.FRICTION: ("fric", "cross-fibre", "cross fiber", "xfric"),
    Technique.SUSTAINED_PRESSURE: ("sp", "hold", "held pressure", "static pressure"),
    Technique.STRIPPING: ("strip",),
    Technique.TRIGGER_POINT: ("tp", "trp", "ischaemic"),
    Technique.MYOFASCIAL: ("mfr", "fascial", "longitudinal"),
    Technique.PASSIVE_MOVEMENT: ("pm", "rom", "mobilise", "mobilize", "movement"),
    Technique.CONTRACT_RELAX: ("pnf", "met", "cr"),
    Technique.STRETCH: ("static stretch", "lengthen"),
}
KIND_ALIASES: dict[str, tuple[str, ...]] = {
    "ask": ("ask", "question", "history"),
    "observe": ("observe", "look", "watch"),
    "palpate": ("palpate", "palp", "feel"),
    "test": ("test", "exam", "examine"),
    "treat": ("treat", "massage", "work"),
    "check_in": ("check", "check_in", "checkin"),
    "reassess": ("reassess", "retest", "again"),
    "educate": ("educate", "explain", "advise", "advice"),
    "refer": ("refer", "referral", "doctor"),
    "impression": ("impression", "assessment", "diagnosis"),
    "end": ("end", "finish", "done", "stop"),
}

# The valid ids for each argument of the line form (defined once, in the actions module).
ARGUMENT_CHOICES = CHOICES


def argument_label(name: str, value: Any) -> str:
    """The on-screen words for one argument of an action."""
    labels: dict[str, dict[Any, str]] = {
        "question": dict(QUESTION_LABEL),
        "what": dict(OBSERVATION_LABEL),
        "region": dict(REGION_LABEL),
        "test": dict(TEST_LABEL),
        "technique": dict(TECHNIQUE_LABEL),
        "topic": dict(TOPIC_LABEL),
        "reason": dict(REASON_LABEL),
    }
    if name == "pressure":
        return f"pressure {value} ({PRESSURE_LABEL[int(value)]})"
    if name == "minutes":
        return f"{value} min"
    return labels[name][value]


def describe(action: Action) -> str:
    """One line in words: `Treat: cross-fibre friction · deep hip rotators · pressure 3 …`."""
    names = ARGUMENTS[action.kind]
    if not names:
        return KIND_LABEL[action.kind]
    parts = [argument_label(n, getattr(action, n)) for n in names]
    return f"{KIND_LABEL[action.kind]}: " + " · ".join(parts)


def action_minutes(action: Action) -> int:
    """Minutes of session clock the action costs (DESIGN section 4)."""
    if isinstance(action, Treat):
        return action.minutes
    return ACTION_MINUTES[action.kind]


# fuzzy search ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionMatch:
    """One palette hit: a complete action, or a treatment still missing pressure/minutes."""

    score: float
    line: str  # the script line; `<pressure>`/`<minutes>` stand for what is still open
    label: str
    action: Action | None  # None when the treatment needs the treat dialog to finish it
    technique: Technique | None = None
    region: Region | None = None
    pressure: int | None = None


@dataclass(frozen=True)
class _Candidate:
    action: Action
    kind_words: frozenset[str]
    words: frozenset[str]
    label: str


def _simple_candidates() -> list[_Candidate]:
    """Every action that is not a treatment: about sixty of them."""
    arguments: dict[str, list[tuple[str, Any, tuple[str, ...]]]] = {
        "question": [("question", q, (q.value, QUESTION_LABEL[q])) for q in Question],
        "what": [("what", o, (o.value, OBSERVATION_LABEL[o])) for o in Observation],
        "region": [("region", r, (r.value, REGION_LABEL[r], *REGION_ALIASES[r])) for r in Region],
        "test": [("test", t, (t.value, TEST_LABEL[t], TEST_SHORT[t])) for t in Test],
        "topic": [("topic", t, (t.value, TOPIC_LABEL[t])) for t in Topic],
        "reason": [("reason", r, (r.value, REASON_LABEL[r])) for r in Reason],
    }
    out: list[_Candidate] = []
    for kind, names in ARGUMENTS.items():
        if kind in ("treat", "impression"):  # built from several arguments, not one list
            continue
        kind_words = words_of(*KIND_ALIASES[kind], KIND_LABEL[kind])
        if not names:
            action = action_from_json({"kind": kind})
            out.append(_Candidate(action, kind_words, kind_words, describe(action)))
            continue
        for name, value, texts in arguments[names[0]]:
            action = action_from_json({"kind": kind, name: value.value})
            out.append(
                _Candidate(action, kind_words, kind_words | words_of(*texts), describe(action))
            )
    return out


_SIMPLE = _simple_candidates()
_TECHNIQUE_WORDS = {
    t: words_of(t.value, TECHNIQUE_LABEL[t], *TECHNIQUE_ALIASES[t]) for t in Technique
}
_REGION_WORDS = {r: words_of(r.value, REGION_LABEL[r], *REGION_ALIASES[r]) for r in Region}
_TREAT_WORDS = words_of(*KIND_ALIASES["treat"])


def search_actions(query: str, limit: int = 40) -> list[ActionMatch]:
    """Action lines matching a palette query such as `fric pir 3` or `ask rad`, best first.

    Every typed word must match a word of the action (its id, its label or an alias, by
    prefix, substring or in order); numbers are the pressure and then the minutes of a
    treatment. A treatment without both numbers comes back with `action=None`: choosing it
    opens the treat dialog with what is known filled in.
    """
    tokens = [t for t in re.split(r"[\s,]+", query.lower().strip()) if t]
    if not tokens:
        return []
    numbers = [n for n in map(whole_number, tokens) if n is not None]
    words = [t for t in tokens if whole_number(t) is None]
    hits: list[ActionMatch] = []
    if not numbers and words:
        hits.extend(_simple_hits(words))
    hits.extend(_treat_hits(words, numbers))
    hits.sort(key=lambda h: -h.score)
    return hits[:limit]


def _simple_hits(words: Sequence[str]) -> Iterator[ActionMatch]:
    for order, candidate in enumerate(_SIMPLE):
        scores = [token_score(t, candidate.words) for t in words]
        if min(scores) <= 0:
            continue
        # a small bonus when the kind was named, and a stable order among equals
        named = any(token_score(t, candidate.kind_words) >= 0.9 for t in words)
        score = sum(scores) / len(scores) + (0.05 if named else 0) - order * 1e-5
        yield ActionMatch(
            min(1.0, score),
            _line(candidate.action),
            candidate.label,
            candidate.action,
        )


def _line(action: Action) -> str:
    data = action_to_json(action)
    return " ".join([data["kind"], *(str(data[n]) for n in ARGUMENTS[data["kind"]])])


def _treat_hits(words: Sequence[str], numbers: Sequence[int]) -> Iterator[ActionMatch]:
    if len(numbers) > 2 or not words:
        return
    pressure = numbers[0] if numbers else None
    minutes = numbers[1] if len(numbers) > 1 else None
    if pressure is not None and not PRESSURE_MIN <= pressure <= PRESSURE_MAX:
        return
    if minutes is not None and not MINUTES_MIN <= minutes <= MINUTES_MAX:
        return
    named_treat = any(token_score(t, _TREAT_WORDS) >= 0.9 for t in words)
    for t_order, technique in enumerate(Technique):
        technique_scores = [token_score(t, _TECHNIQUE_WORDS[technique]) for t in words]
        if not named_treat and max(technique_scores) <= 0:
            continue
        for r_order, region in enumerate(Region):
            region_words = _REGION_WORDS[region]
            scores = [
                max(ts, token_score(t, region_words), token_score(t, _TREAT_WORDS))
                for t, ts in zip(words, technique_scores, strict=True)
            ]
            if min(scores) <= 0:
                continue
            score = sum(scores) / len(scores) - (t_order * 11 + r_order) * 1e-5
            yield _treat_match(score, technique, region, pressure, minutes)


def _treat_match(
    score: float, technique: Technique, region: Region, pressure: int | None, minutes: int | None
) -> ActionMatch:
    what = f"{TECHNIQUE_LABEL[technique].capitalize()} on the {REGION_LABEL[region]}"
    if pressure is not None and minutes is not None:
        action = action_from_json(
            {
                "kind": "treat",
                "technique": technique.value,
                "region": region.value,
                "pressure": pressure,
                "minutes": minutes,
            }
        )
        return ActionMatch(
            min(1.0, score), _line(action), describe(action), action, technique, region, pressure
        )
    shown_pressure = str(pressure) if pressure is not None else "<pressure>"
    line = f"treat {technique.value} {region.value} {shown_pressure} <minutes>"
    if pressure is not None:
        label = f"{what}, pressure {pressure} ({PRESSURE_LABEL[pressure]}): choose the minutes"
    else:
        label = f"{what}: choose pressure and minutes"
    return ActionMatch(min(1.0, score), line, label, None, technique, region, pressure)
