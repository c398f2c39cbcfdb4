"""The TUI's own marks (effects, trends, results), the palette's extra search words, and the
fuzzy search over action lines.

The words for every id live beside the ids in `simulator.knowledge.words`; this module adds
only what a screen needs on top of them. Nothing here imports Textual, so the palette search
is testable alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.domain.actions import (
    ARGUMENTS,
    Action,
    Treat,
    action_from_json,
    action_to_line,
)
from simulator.domain.ids import (
    MINUTES_MAX,
    MINUTES_MIN,
    PRESSURE_MAX,
    PRESSURE_MIN,
    Effect,
    Observation,
    Question,
    Reason,
    Region,
    Technique,
    Test,
    Topic,
)
from simulator.guard import whole_number
from simulator.knowledge.techniques import ACTION_MINUTES
from simulator.knowledge.words import (
    KIND_LABEL,
    OBSERVATION_LABEL,
    PRESSURE_LABEL,
    QUESTION_LABEL,
    REASON_LABEL,
    REGION_LABEL,
    TECHNIQUE_LABEL,
    TEST_LABEL,
    TEST_SHORT,
    TOPIC_LABEL,
    describe,
)
from simulator.tui.fuzzy import token_score, words_of

# The kinds with a key and a button; the impression is typed on the action line until it
# has a dialog of its own.
KINDS: tuple[str, ...] = tuple(k for k in ARGUMENTS if k not in ("impression", "visit"))

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
    "visit": ("visit", "next visit", "follow-up", "next time"),
}


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
            action_to_line(candidate.action),
            candidate.label,
            candidate.action,
        )


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
            min(1.0, score),
            action_to_line(action),
            describe(action),
            action,
            technique,
            region,
            pressure,
        )
    shown_pressure = str(pressure) if pressure is not None else "<pressure>"
    line = f"treat {technique.value} {region.value} {shown_pressure} <minutes>"
    if pressure is not None:
        label = f"{what}, pressure {pressure} ({PRESSURE_LABEL[pressure]}): choose the minutes"
    else:
        label = f"{what}: choose pressure and minutes"
    return ActionMatch(min(1.0, score), line, label, None, technique, region, pressure)
