"""How a client shows their irritability: the pain number, how little sets the symptoms off,
how long a flare takes to settle, night pain, where a positive SLR starts (domain.md 5a-5b).
The generator samples these and the expert reads them, so both use this one table.

Irritability is how little activity provokes the symptoms, how much they rise and how long
they take to settle; "a mild pain can still be easy to trigger" (domain.md 5a). The pain
number is only typical of a level (5b's "typical NRS"), so it cannot be read off alone.
Grade C numbers, anchored on domain.md 5b's operational grading.
"""

from __future__ import annotations

import math
import random

from simulator.domain.ids import Irritability

LOW, MOD, HIGH = Irritability.LOW, Irritability.MODERATE, Irritability.HIGH
LEVELS: tuple[Irritability, ...] = (LOW, MOD, HIGH)

# The typical pain (NRS) of each level (domain.md 5b).
PAIN_RANGE: dict[Irritability, tuple[int, int]] = {LOW: (2, 3), MOD: (4, 6), HIGH: (7, 9)}
# The share of clients whose pain sits in the typical band of their level; the others rate
# it in a neighbouring band: an easily provoked pain that is mild today, a stable pain that
# is strong (domain.md 5a: "a mild pain can still be easy to trigger").
PAIN_TYPICAL = 0.7
PAIN_OFF_BAND: dict[Irritability, tuple[tuple[int, int], ...]] = {
    LOW: ((4, 5),),
    MOD: ((2, 3), (7, 8)),
    HIGH: ((4, 6),),
}
# How often what the client says about provocation and settling matches their level (the
# rest describe a neighbouring level: people misjudge their own patterns).
CUE_MATCH = 0.85
# A more irritable level this likely is treated as the working judgement (the safe side).
IN_DOUBT = 0.35
# Night or rest pain: consistent at high irritability, rare below it (domain.md 5b).
NIGHT_LIKELIHOOD_RATIO_HIGH = 2.0

# Where a positive SLR brings the symptoms on: before the end of range at high irritability,
# near it at low (domain.md 5b "range"; 3b: provocation comes earlier when irritable).
SLR_ANGLE: dict[Irritability, tuple[int, int]] = {HIGH: (25, 40), MOD: (40, 55), LOW: (55, 68)}

# What sets the symptoms off, in the client's words (domain.md 5b "provoked by"). The words
# are source-neutral: they name how much load, never which load.
PROVOKED_WORDS: dict[Irritability, tuple[str, ...]] = {
    HIGH: (
        "Hardly anything sets it off: a few minutes in the wrong position and it's there.",
        "It doesn't take much at all; the smallest thing sets it going.",
    ),
    MOD: (
        "It builds if I keep at something for half an hour or an hour.",
        "It takes a while to come on, if I stay at one thing too long.",
    ),
    LOW: (
        "It takes a lot to set it off, a long day or a big effort.",
        "Only if I really overdo things.",
    ),
}
# How long a flare takes to settle, in the client's words (domain.md 5b "settles").
SETTLE_WORDS: dict[Irritability, tuple[str, ...]] = {
    HIGH: (
        "When it flares it takes hours to calm down, sometimes till the next day.",
        "Once it's up, it stays up for hours.",
    ),
    MOD: (
        "A flare settles in an hour or two.",
        "If it flares, it calms down within a couple of hours.",
    ),
    LOW: (
        "If it does flare, it's gone in a few minutes.",
        "Any flare settles within minutes.",
    ),
}


def shift(level: Irritability, by: int) -> Irritability:
    """The level `by` steps more (or less) irritable, within the scale."""
    return LEVELS[min(len(LEVELS) - 1, max(0, LEVELS.index(level) + by))]


def neighbours(level: Irritability) -> list[Irritability]:
    """The levels one step either side, within the scale."""
    i = LEVELS.index(level)
    return [LEVELS[j] for j in (i - 1, i + 1) if 0 <= j < len(LEVELS)]


def sample_pain(rng: random.Random, level: Irritability, typical: int) -> int:
    """The client's pain number: `typical` (drawn in the level's typical band) for most,
    a neighbouring band for the rest."""
    if rng.random() < PAIN_TYPICAL:
        return typical
    lo, hi = rng.choice(PAIN_OFF_BAND[level])
    return rng.randint(lo, hi)


def sample_cue(rng: random.Random, level: Irritability) -> Irritability:
    """The level a client's own account of provocation or settling describes."""
    if rng.random() < CUE_MATCH:
        return level
    return rng.choice(neighbours(level))


def pain_likelihood(level: Irritability, pain: float) -> float:
    """P(this pain number | level), from the bands above (a corrected rating may fall
    between whole numbers: it counts toward the nearest)."""
    nrs = round(pain)
    lo, hi = PAIN_RANGE[level]
    p = PAIN_TYPICAL / (hi - lo + 1) if lo <= nrs <= hi else 0.0
    bands = PAIN_OFF_BAND[level]
    for b_lo, b_hi in bands:
        if b_lo <= nrs <= b_hi:
            p += (1 - PAIN_TYPICAL) / len(bands) / (b_hi - b_lo + 1)
    return max(p, 0.01)  # a rating out of every band (manner, a stray number) is unlikely


def cue_likelihood(level: Irritability, cue: Irritability) -> float:
    """P(the client describes `cue` | their level is `level`)."""
    if cue is level:
        return CUE_MATCH
    either_side = neighbours(level)
    return (1 - CUE_MATCH) / len(either_side) if cue in either_side else 0.01


def angle_likelihood(level: Irritability, angle: int) -> float:
    """P(a positive SLR at this angle | level)."""
    lo, hi = SLR_ANGLE[level]
    return 1 / (hi - lo + 1) if lo <= angle <= hi else 0.01


def cue_in(text: str, words: dict[Irritability, tuple[str, ...]]) -> Irritability | None:
    """Which level's words a client's answer uses, if any (how the expert reads them)."""
    for level, phrases in words.items():
        if any(phrase in text for phrase in phrases):
            return level
    return None


def judge(
    prior: dict[Irritability, float],
    pain: float,
    provoked: Irritability | None,
    settles: Irritability | None,
    night: bool | None,
    slr_angle: int | None = None,
) -> Irritability:
    """The level to work to, given what the client has shown (naive Bayes over this
    module's table): the most likely one, or the next more irritable one when that is
    nearly as likely (in doubt, the safe side: domain.md 5d's doses assume the judgement)."""
    logs: dict[Irritability, float] = {}
    for level in LEVELS:
        log = math.log(prior.get(level, 1 / 3)) + math.log(pain_likelihood(level, pain))
        if provoked is not None:
            log += math.log(cue_likelihood(level, provoked))
        if settles is not None:
            log += math.log(cue_likelihood(level, settles))
        if night:
            log += math.log(NIGHT_LIKELIHOOD_RATIO_HIGH if level is HIGH else 1.0)
        if slr_angle is not None:
            log += math.log(angle_likelihood(level, slr_angle))
        logs[level] = log
    top = max(logs.values())
    weights = {level: math.exp(log - top) for level, log in logs.items()}
    total = sum(weights.values())
    best = max(LEVELS, key=lambda level: weights[level])
    safer = shift(best, +1)
    if safer is not best and weights[safer] / total >= IN_DOUBT:
        return safer
    return best
