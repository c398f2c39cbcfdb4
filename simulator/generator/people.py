"""Who the clients are: occupations, sports, training loads and the complaint in their words."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from simulator.domain.ids import Source, Style

DESK_JOBS = (
    "accountant",
    "software developer",
    "call-centre supervisor",
    "architect",
    "lawyer",
    "graphic designer",
    "bus driver",
    "data analyst",
    "translator",
    "student",
    "project manager",
    "radio producer",
    "insurance broker",
    "lorry driver",
)
ACTIVE_JOBS = (
    "nurse",
    "electrician",
    "teacher",
    "postal worker",
    "chef",
    "carpenter",
    "warehouse picker",
    "physiotherapy assistant",
    "gardener",
    "retail manager",
    "firefighter",
    "paramedic",
)
SPORTS = {
    "running": ("runs {n} times a week, about {k} km in all", "is training for a half marathon"),
    "cycling": ("rides {n} times a week, long rides on weekends", "does {k} km a week on the bike"),
    "football": ("plays five-a-side twice a week plus a match", "trains {n} evenings a week"),
    "CrossFit": ("does CrossFit {n} times a week", "lifts and does conditioning {n} days a week"),
    "tennis": ("plays tennis {n} times a week", "plays club tennis, {n} sessions a week"),
    "climbing": ("climbs {n} times a week, bouldering mostly", "climbs indoors {n} evenings"),
    "rowing": ("rows {n} mornings a week", "erg sessions {n} times a week"),
    "hiking": ("hikes most weekends", "walks the hills every weekend, {k} km or so"),
    "golf": ("plays 18 holes twice a week", "plays golf {n} times a week"),
    "dance": ("dances {n} evenings a week", "teaches and takes dance classes {n} days a week"),
    "weekend football": (
        "sits all week, then plays hard on Saturdays",
        "only trains at weekends, but hard",
    ),
}
SOURCE_SPORTS: dict[Source, tuple[str, ...]] = {
    Source.LUMBAR_RADICULAR: ("CrossFit", "rowing", "golf", "tennis", "running", "hiking"),
    Source.DEEP_GLUTEAL: ("cycling", "running", "dance", "tennis", "football"),
    Source.TRIGGER_POINT: ("running", "hiking", "climbing", "cycling", "tennis", "CrossFit"),
    Source.POSTERIOR_CHAIN: ("running", "football", "dance", "CrossFit", "rowing"),
    Source.HIP_FLEXOR_PELVIC: ("weekend football", "cycling", "hiking", "running", "golf"),
    Source.RED_FLAG: ("golf", "hiking", "running", "cycling", "dance"),
}
AGE_RANGE: dict[Source, tuple[int, int]] = {
    Source.LUMBAR_RADICULAR: (28, 58),
    Source.DEEP_GLUTEAL: (25, 52),
    Source.TRIGGER_POINT: (22, 60),
    Source.POSTERIOR_CHAIN: (19, 48),
    Source.HIP_FLEXOR_PELVIC: (24, 50),
    Source.RED_FLAG: (40, 78),
}
STYLE_MIX: dict[Style, float] = {
    Style.PLAIN: 0.4,
    Style.STOIC: 0.2,
    Style.EXPRESSIVE: 0.2,
    Style.VAGUE: 0.2,
}

# Presenting complaints, composed from the case's findings (never from its source): what it
# feels like, how it started, where it goes, one more thing the findings say, and a closing
# by style. Every fragment is said only when its finding holds, so a complaint never says
# what the findings do not (issue 11).
COMPLAINT_QUALITY: dict[str, tuple[str, ...]] = {
    "shooting": (
        "A burning, shooting pain",
        "A hot, electric kind of pain",
        "A sharp, burning pain",
    ),
    "deep_ache": (
        "A deep ache I can't pin down",
        "A heavy, toothache sort of ache",
        "A deep, nagging ache",
    ),
    "tight_pull": (
        "A tight, pulling feeling",
        "Something like a cord pulling",
        "A pulling tightness",
    ),
    "band": ("A stiff band low in my back", "A tight band beside my spine", "A stiff, aching band"),
}
COMPLAINT_ONSET: dict[str, tuple[str, ...]] = {
    "lift_bend": ("since I lifted something awkwardly", "since I bent to pick something up"),
    "sitting": ("since a spell of long days sitting", "since a long drive a few weeks back"),
    "training": ("since a hard block of {sport}", "since I stepped up my {sport}"),
    "fall": ("since a fall onto my hip", "since I landed hard on my backside"),
    "gradual": ("for a few weeks now, for no reason", "that's crept up over a month or two"),
}
# one more thing the client volunteers, each keyed by the finding that must hold
COMPLAINT_EXTRAS: dict[str, tuple[str, ...]] = {
    "sitting_worse": ("Sitting sets it off.", "Sitting is the worst of it."),
    "back_pain": ("My back aches too.", "There's back pain as well."),
    "no_back_pain": ("No real back pain, though.", "My back itself is fine."),
    "paraesthesia": ("It tingles now and then.", "There's a bit of pins and needles."),
    "rising": ("Getting up from a chair is the worst part.",),
    "speed": ("Sprints and hills set it off.",),
    "side_lying": ("Lying on that side is impossible.",),
    "standing": ("Standing for long gets it going.",),
    "night_pain": ("It's worse at night.", "It wakes me at night."),
}
COMPLAINT_CLOSINGS: dict[Style, tuple[str, ...]] = {
    Style.PLAIN: ("", " I'd like to get back to training.", " Can you help?"),
    Style.STOIC: (
        " It's probably nothing.",
        " I've trained through worse.",
        " Just want it looser.",
    ),
    Style.EXPRESSIVE: (
        " It's ruining everything!",
        " I can't go on like this!",
        " Please tell me you can fix it.",
    ),
    Style.VAGUE: (
        " I'm not really sure what it is.",
        " It's hard to describe.",
        " It sort of moves around.",
    ),
}
# a closing only a client whose findings say so may use
NIGHT_CLOSING = " I haven't slept properly in weeks!"


def complaint_extras(findings: Mapping[str, object]) -> list[str]:
    """The keys of COMPLAINT_EXTRAS this client's findings allow."""
    keys = [
        key
        for key in ("sitting_worse", "back_pain", "paraesthesia", "night_pain")
        if findings.get(key)
    ]
    if not findings.get("back_pain"):
        keys.append("no_back_pain")
    aggravator = findings.get("aggravator")
    if isinstance(aggravator, str) and aggravator in COMPLAINT_EXTRAS:
        keys.append(aggravator)
    return keys


def compose_complaint(
    findings: Mapping[str, object], where: str, style: Style, sport: str, rng: random.Random
) -> str:
    """The presenting complaint in the client's words, from findings, reach and persona."""
    quality, onset = str(findings.get("quality", "deep_ache")), str(findings.get("onset"))
    opening = (
        f"{_one(rng, COMPLAINT_QUALITY[quality])} "
        f"{_one(rng, COMPLAINT_ONSET.get(onset, COMPLAINT_ONSET['gradual']))}: {where}."
    ).format(sport=sport)
    extras = complaint_extras(findings)
    extra = f" {_one(rng, COMPLAINT_EXTRAS[_one(rng, extras)])}" if extras else ""
    closings = COMPLAINT_CLOSINGS[style]
    if style is Style.EXPRESSIVE and findings.get("night_pain"):
        closings = (*closings, NIGHT_CLOSING)
    return opening + extra + _one(rng, closings)


def _one(rng: random.Random, options: Sequence[str]) -> str:
    return options[int(rng.random() * len(options))]
