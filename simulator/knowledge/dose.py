"""Dose limits by irritability (domain.md section 5d, grade C anchored on Kelley13, Wilson23).

`tolerance` is the highest pressure (1-5, Walton scale) a region takes without a flare.
"""

from __future__ import annotations

import math

from simulator.domain.ids import Irritability, Reach, Region, Source
from simulator.knowledge.regions import NERVE_PATH
from simulator.knowledge.techniques import PINPOINT_GROUPS, Group

LOW, MOD, HIGH = Irritability.LOW, Irritability.MODERATE, Irritability.HIGH

BASE_TOLERANCE: dict[Group, dict[Irritability, int]] = {
    Group.BROAD: {LOW: 5, MOD: 4, HIGH: 2},
    Group.SPECIFIC: {LOW: 4, MOD: 3, HIGH: 1},
    Group.TRIGGER: {LOW: 4, MOD: 3, HIGH: 1},
    Group.MYOFASCIAL: {LOW: 4, MOD: 3, HIGH: 2},
    # for movement techniques "pressure" is the intensity: range, force, stretch
    Group.MOVEMENT: {LOW: 5, MOD: 4, HIGH: 2},  # full / first resistance / small mid-range
    Group.CONTRACT_RELAX: {LOW: 4, MOD: 3, HIGH: 1},
    Group.STRETCH: {LOW: 4, MOD: 3, HIGH: 0},  # none at high irritability (seed)
}

# Minutes of each kind of work that make an adequate dose on one region: a trigger point
# is held about a minute at a time and repeated (TravellIC); specific work stops at the
# irritability limit below; broad and myofascial work take longer to change tissue (C).
ADEQUATE_MINUTES: dict[Group, int] = {
    Group.BROAD: 6,
    Group.SPECIFIC: 6,
    Group.TRIGGER: 3,
    Group.MYOFASCIAL: 8,
    Group.MOVEMENT: 6,
    Group.CONTRACT_RELAX: 6,
    Group.STRETCH: 6,
}
# Minutes of specific work on one region before the risk rises.
SPECIFIC_MINUTES_LIMIT: dict[Irritability, int] = {LOW: 10, MOD: 6, HIGH: 3}
# A trigger-point hold on a highly irritable client: "<=3/10, <=30 s, or skip" (domain.md 5d),
# the shortest hold the session's minutes can give.
HOLD_LIMIT_HIGH = 1


def minutes_limit(group: Group, irritability: Irritability) -> int:
    """Minutes of pinpoint work on one region before the risk rises (domain.md 5d)."""
    if group is Group.TRIGGER and irritability is HIGH:
        return HOLD_LIMIT_HIGH
    return SPECIFIC_MINUTES_LIMIT[irritability]


# Broad work for this many minutes warms a region: +1 tolerance there (seed: start broad).
WARM_UP_MINUTES = 3
# Nerve sensitivity (domain.md 5c), defined once: above this the nerve path takes one level
# less and flares show as nerve signs; the nerve-root and deep-gluteal sources (and a red
# flag) involve the nerve whatever the number.
NERVE_SENSITIVE = 0.5
NERVE_SOURCES = frozenset({Source.LUMBAR_RADICULAR, Source.DEEP_GLUTEAL, Source.RED_FLAG})


def nerve_involved(source: Source, nerve_sensitivity: float) -> bool:
    """Whether flares show as nerve signs (spreading, tingling) rather than local pain."""
    return source in NERVE_SOURCES or nerve_sensitivity > NERVE_SENSITIVE


def radiating(reach: Reach) -> bool:
    """Pain that radiates below the knee: a deep-gluteal client's sciatic trunk is then
    sensitised, and deep-rotator work lightens (domain.md 7, deep-gluteal column: "R if no
    radiating, else lighten"; 2: the trunk is involved)."""
    return reach.level >= Reach.BELOW_KNEE.level


def tensioning_risk(source: Source, nerve_sensitivity: float) -> bool:
    """Whether stretching the nerve path is a tensioner that can flare it (domain.md 5c):
    a nerve root, or a nerve this sensitive."""
    return source is Source.LUMBAR_RADICULAR or nerve_sensitivity > NERVE_SENSITIVE


# A nerve this sensitive zings when the deep rotators are pressed at high irritability.
ZINGS_ON_PRESSURE = 0.6


# Named pressure bands of the Walton scale (domain.md 6): what "light", "moderate" and
# "deep" mean wherever a rule or a word needs them.
LIGHT_MAX = 2  # 1-2: lotioning, skin and superficial fascia
MODERATE = 3  # typical Swedish pressure
DEEP_MIN = 4  # what clients call deep


def pressure_band(pressure: int) -> str:
    return "light" if pressure <= LIGHT_MAX else "moderate" if pressure == MODERATE else "deep"


# The working dose sits at the edge of tolerance (domain.md 6: "works tissue" to the
# "optimum therapeutic zone", 4-8 of 10 on the client discomfort scale). One level below
# tolerance still works the tissue; two below is light lotioning for this client (1-3 of
# 10) and the tissue barely changes; further below, hardly at all (grade C).
WORKING_SHARE: dict[int, float] = {0: 1.0, -1: 1.0, -2: 0.4}
WORKING_SHARE_FLOOR = 0.2
# A calm client's working dose is the edge itself: domain.md 5d aims a trigger-point hold at
# 7-8/10 discomfort at low irritability (the scale's "optimum therapeutic zone", domain.md
# 6) and at 5-6/10 ("works tissue") at moderate; one level under the edge is the moderate
# client's target, only part of a low-irritability client's (grade C).
LOW_ONE_UNDER = 0.5


def working_share(excess: int, irritability: Irritability) -> float:
    """The share of a dose that pressure this far from tolerance delivers to a client of
    this irritability (at or over tolerance: all of it, whatever else over-tolerance
    costs)."""
    if excess == -1 and irritability is LOW:
        return LOW_ONE_UNDER
    return WORKING_SHARE.get(min(0, excess), WORKING_SHARE_FLOOR)


# A flare grows with the overdose (domain.md 6: a flare is +2 NRS or spread; C numbers).
FLARE_BASE = 1.5
FLARE_PER_LEVEL = 0.5
FLARE_MAX = 3.0


def flare_size(excess: int) -> float:
    """NRS points a flare adds when the pressure is `excess` levels over tolerance."""
    return min(FLARE_MAX, FLARE_BASE + FLARE_PER_LEVEL * max(0, excess))


# How fast flare pain settles (domain.md 5b): minutes at low irritability, an hour or two
# at moderate, hours or the next day at high. Time constants in minutes (C).
SETTLE_MINUTES: dict[Irritability, float] = {LOW: 5.0, MOD: 60.0, HIGH: 480.0}


def settled_share(irritability: Irritability, minutes: int) -> float:
    """The share of the flare pain still present that settles over `minutes`."""
    return 1.0 - math.exp(-minutes / SETTLE_MINUTES[irritability])


# Exceeding tolerance by one turns relief into good-sore or flare with this probability.
FLARE_AT_ONE_OVER = 0.5


def tolerance(
    group: Group,
    region: Region,
    irritability: Irritability,
    nerve_sensitivity: float,
    *,
    warmed: bool,
    guarded: bool = False,
) -> int:
    """Highest pressure this region takes now without flaring (0: none at all)."""
    tol = BASE_TOLERANCE[group][irritability]
    if tol == 0:
        return 0
    sensitive = region in NERVE_PATH and nerve_sensitivity > NERVE_SENSITIVE
    if warmed and group is not Group.STRETCH and not sensitive:
        # warming eases the muscle, not a sensitised nerve beneath it
        tol += 1
    elif guarded and group in PINPOINT_GROUPS:
        tol -= 1  # deep pinpoint work on cold, guarded tissue provokes (seed)
    if sensitive:
        if group is Group.STRETCH:
            # a static stretch in SLR position is a sciatic tensioner (domain.md 5c)
            return 1 if irritability is LOW else 0
        if irritability is HIGH and group in PINPOINT_GROUPS:
            return 0  # avoid specific work over a sensitive nerve
        tol -= 1
    return max(0, min(5, tol))
