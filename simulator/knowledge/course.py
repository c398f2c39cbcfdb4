"""What happens between visits of a course of care (the seed's plan: start conservatively,
watch the response, progress when it goes well, change the plan when symptoms rise; lasting
change comes from repeated work with exercise and medical review). domain.md section 7
rules 1, 2, 5 and 7 anchor the numbers; the numbers themselves are grade C.
"""

from __future__ import annotations

from simulator.domain.ids import Irritability, Source, Topic
from simulator.knowledge.dose import tensioning_risk

LOW, MOD, HIGH = Irritability.LOW, Irritability.MODERATE, Irritability.HIGH

# A course is 2-4 visits a few days apart (issue 14); three unless the author says otherwise.
VISITS_DEFAULT = 3
VISITS_MIN = 2
VISITS_MAX = 4
DAYS_BETWEEN = 4

# The share of in-session relief still there at the next visit: irritable tissue slips
# back faster (domain.md 5a-5b).
RELIEF_HOLDS: dict[Irritability, float] = {LOW: 0.7, MOD: 0.45, HIGH: 0.2}
# By source: a nerve root's leg pain moves least (rule 2); a red flag's relief does not last
# (rule 1); trigger-point release and a lengthened hip flexor hold best when they work.
SOURCE_HOLDS: dict[Source, float] = {
    Source.LUMBAR_RADICULAR: 0.6,
    Source.DEEP_GLUTEAL: 1.0,
    Source.TRIGGER_POINT: 1.1,
    Source.POSTERIOR_CHAIN: 1.0,
    Source.HIP_FLEXOR_PELVIC: 1.1,
    Source.RED_FLAG: 0.0,
}


def relief_holds(source: Source, irritability: Irritability) -> float:
    return min(0.9, RELIEF_HOLDS[irritability] * SOURCE_HOLDS[source])


# Post-massage soreness (rule 5): about one client in ten, more after deep pressure and
# specific work; it starts within 12 h and is gone within about 36 h, so it is reported,
# not felt, at a visit DAYS_BETWEEN days later.
SORENESS_BASE = 0.10
SORENESS_DEEP = 0.10  # any pressure above MODERATE
SORENESS_SPECIFIC = 0.10  # any specific or trigger-point work
SORENESS_HOURS = (12, 36)

# Delayed flares (rule 7): work over tolerance that did not flare on the table can surface
# that evening; irritable tissue does so most (~30% at high).
DELAYED_FLARE: dict[Irritability, float] = {LOW: 0.05, MOD: 0.15, HIGH: 0.3}
# A flare's pain that has not settled by the end of the visit lingers to the next one at
# high irritability ("hours or the next day", 5b), much less otherwise.
FLARE_LINGERS: dict[Irritability, float] = {LOW: 0.0, MOD: 0.15, HIGH: 0.5}

# Irritability follows what the tissue met: a flare (on the table or at home) makes it
# easier to provoke next time; a calm visit with relief lets it settle.
SETTLE_CHANCE = 0.5  # a calm visit with relief settles irritability one step
SETTLE_SELF_CARE = 0.25  # fitting home advice adds this
RISE_FLARES = 2  # this many flares in one visit raise irritability one step


# Home advice (the educate topics): +1 helps a little, -1 harms, 0 neither. Gentle movement
# and breaking up sitting suit every soft-tissue source; end-range stretching follows the
# static-stretch row of domain.md 7 (a tensioner for a sensitive nerve, 5c); easing back
# training suits overload.
ADVICE_TOPICS = frozenset({Topic.SELF_CARE, Topic.STRETCHING, Topic.PACING})
ADVICE_RELIEF = 0.5  # NRS points fitting advice takes off by the next visit
ADVICE_HARM = 1.0  # NRS points advice that does not fit adds

_STRETCH: dict[Source, dict[Irritability, int]] = {
    Source.LUMBAR_RADICULAR: {LOW: 0, MOD: -1, HIGH: -1},
    Source.DEEP_GLUTEAL: {LOW: 1, MOD: 0, HIGH: -1},
    Source.TRIGGER_POINT: {LOW: 1, MOD: 1, HIGH: 0},
    Source.POSTERIOR_CHAIN: {LOW: 1, MOD: 0, HIGH: -1},
    Source.HIP_FLEXOR_PELVIC: {LOW: 1, MOD: 1, HIGH: 0},
    Source.RED_FLAG: {LOW: 0, MOD: 0, HIGH: 0},
}
_PACING = frozenset({Source.POSTERIOR_CHAIN, Source.TRIGGER_POINT})


def advice_effect(
    topic: Topic, source: Source, irritability: Irritability, nerve_sensitivity: float
) -> int:
    """What this home advice does for this client by the next visit: +1, 0 or -1."""
    if source is Source.RED_FLAG or topic not in ADVICE_TOPICS:
        return 0
    if topic is Topic.SELF_CARE:
        return 1
    if topic is Topic.STRETCHING:
        if tensioning_risk(source, nerve_sensitivity) and irritability is not LOW:
            return -1  # end-range stretch tensions a sensitive nerve (5c, the seed's warning)
        return _STRETCH[source][irritability]
    return 1 if source in _PACING else 0


# A course goes well when the pain is down by this much since the course began
# (domain.md 6: 2 points or 30% is a meaningful change), and badly when it is up.
IMPROVED_POINTS = 2.0
IMPROVED_SHARE = 0.3


def improved(start: float, now: float) -> bool:
    return start - now >= max(1.0, min(IMPROVED_POINTS, IMPROVED_SHARE * start))


def worse(start: float, now: float) -> bool:
    return now - start >= 1.0
