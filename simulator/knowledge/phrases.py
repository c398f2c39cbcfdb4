"""What clients say, as data: several wordings per fact, coloured by communication style.

The seed's first point is that clients describe sciatica differently, so every answer has
variants and the persona's style shapes it. Nothing here names the hidden source.
"""

from __future__ import annotations

import hashlib
from typing import Protocol

from simulator.domain.ids import Reach, Sensation, Style
from simulator.knowledge.dose import pressure_band
from simulator.knowledge.techniques import SPECIFIC_GROUPS, Group

REACH_WORDS: dict[Reach, tuple[str, ...]] = {
    Reach.NONE: ("it stays in my lower back", "it doesn't really go anywhere"),
    Reach.BUTTOCK: (
        "it sits deep in my buttock",
        "it's right in the middle of my {side} glute",
        "it stays in the seat area, never past the crease",
    ),
    Reach.THIGH: (
        "it runs from my buttock down the back of the thigh",
        "it goes into the back of my {side} thigh, stops above the knee",
        "there's a band of it down the side of my thigh",
    ),
    Reach.BELOW_KNEE: (
        "it shoots past the knee into my calf",
        "it goes right down the {side} leg, below the knee",
        "it travels down into the shin on the outside",
    ),
    Reach.FOOT: (
        "it goes all the way to my foot",
        "I feel it down into the {side} foot, even the toes",
        "it runs the whole leg, down to the sole of my foot",
    ),
}

SENSATION_WORDS: dict[Sensation, tuple[str, ...]] = {
    Sensation.NONE: ("Nothing much, to be honest.", "I can't really feel anything change."),
    Sensation.PRESSURE: (
        "Just pressure, that's fine.",
        "I can feel you working, it's okay.",
        "Firm, but comfortable.",
    ),
    Sensation.GOOD_SORE: (
        "Ooh, that's sore, but a good sore.",
        "Tender, but it's the kind that feels like it's helping.",
        "That's a dull ache, local, it fades as you hold.",
    ),
    Sensation.SHARP: (
        "Ow, that's sharp!",
        "That's a stabbing feeling, too much.",
        "Sharp, right there, I want to pull away.",
    ),
    Sensation.RADIATING: (
        "Whoa, that zinged right down my leg.",
        "That sent something electric down the back of my leg.",
        "It's shooting down the leg now, like a wire pulled tight.",
    ),
    Sensation.TINGLING: (
        "My foot's gone all pins and needles.",
        "There's tingling down the leg now that wasn't there before.",
        "It's buzzing down my leg.",
    ),
    Sensation.NUMB: (
        "My leg feels a bit numb now.",
        "Part of my foot has gone numb, that's new.",
        "It's like the side of my leg went dead.",
    ),
}

# How each style colours what a client says (prefix/suffix wording only, never the facts).
STYLE_OPENERS: dict[Style, tuple[str, ...]] = {
    Style.PLAIN: ("", "", "Right. "),
    Style.STOIC: ("It's nothing really. ", "Can't complain much. ", "It's manageable. "),
    Style.EXPRESSIVE: ("Honestly, it's awful. ", "Oh, it's been a nightmare. ", "I'm so fed up. "),
    Style.VAGUE: ("Hmm... ", "Let me think. ", "Hard to say. "),
}
# A vague client's first answer to a screening question: a hedge that screens nothing and
# invites the follow-up (domain.md section 4, last paragraph); asked again, they answer.
SCREENING_HEDGES: tuple[str, ...] = (
    "Not sure... maybe? I'd have to think about it.",
    "Hmm, possibly? I haven't really noticed, to be honest.",
    "I don't know... could be? Ask me again in a second.",
    "Maybe? I'm not sure what counts.",
)

# History answers worded from the categorical findings (domain.md section 2), never from
# the hidden source: one table per finding, several wordings per value.
ONSET_WORDS: dict[str, tuple[str, ...]] = {
    "lift_bend": (
        "I bent to lift something heavy and felt it go.",
        "It came on over a few days after a weekend of lifting and bending.",
        "I picked something up awkwardly and it started that evening.",
    ),
    "sitting": (
        "I noticed it after a long drive and it stayed.",
        "It built up over weeks of long days in a chair.",
        "It started after a long-haul trip, hours sat still.",
    ),
    "training": (
        "It came on during a hard block of {sport} and never settled.",
        "It started in a {sport} session a few weeks ago.",
        "It crept in once I was training harder for an event.",
    ),
    "fall": (
        "I landed hard on my backside a few weeks back and it started then.",
        "It started after a fall onto my hip about a month ago.",
        "I slipped and went down on that side, and it's been there since.",
    ),
    "gradual": (
        "It crept up over the last couple of months, no reason I can think of.",
        "Slowly, over a month or so. No injury.",
        "It just started, no particular reason.",
    ),
}
QUALITY_WORDS: dict[str, tuple[str, ...]] = {
    "shooting": (
        "Burning and shooting, like an electric line.",
        "Sharp bolts down the leg, hot and stabbing.",
        "It shoots, and it burns along the way.",
    ),
    "deep_ache": (
        "A deep, gnawing ache. It's hard to put a finger on where it starts.",
        "Dull and heavy, deep in there — like a toothache.",
        "A deep ache, like a knot I can't reach.",
    ),
    "tight_pull": (
        "Tight and pulling, like the back of my leg is too short.",
        "A pulling tightness, like a cord drawn tight.",
        "Tight — a stretch that never lets go.",
    ),
    "band": (
        "A stiff band beside my spine, low down, and a tightness at the front of the hip.",
        "A nagging band of tightness beside the low back; I can't stand up straight.",
        "Like a strap pulled tight down beside my spine.",
    ),
}
# tingling on top of the quality, from the client's state
# What the hands find on a tender muscle, and what repeated extension shows: the words a
# student reads the findings from (the expert reads the same words).
TENDER_WORDS = "tender to moderate pressure"
EXTENSION_WORDS: dict[str, str] = {
    "centralises": "Repeated extension draws the pain up out of the leg towards the back.",
    "peripheralises": "Extension pushes the symptoms further down the leg.",
    "local": "Extension gives a local, one-sided low back pain.",
    "eases": "Extension feels good: 'that takes the pressure off the front of my hip.'",
    "none": "Extension full and comfortable.",
}
TINGLE_WORDS: tuple[str, ...] = (
    " And pins and needles in between.",
    " There's a tingle too, now and then.",
)
EASING_WORDS: dict[str, tuple[str, ...]] = {
    "moving": (
        "Changing position helps, getting up and moving about.",
        "Shifting about, not staying in one position too long.",
    ),
    "lying": (
        "Lying down flat takes the edge off.",
        "Lying on my back for a while.",
    ),
    "warm_up": (
        "Once I'm warmed up it settles, then it's back afterwards.",
        "It eases when I get going, then comes back when I cool down.",
    ),
    "heat_pressure": (
        "Heat, and pressing into the sore spot with a ball.",
        "A hot bath, and digging my thumb into it.",
    ),
    "hips_bent": (
        "Lying back with my knees bent, oddly.",
        "Leaning forward, or lying with my hips bent and my feet up.",
    ),
}
AGGRAVATOR_WORDS: dict[str, tuple[str, ...]] = {
    "speed": ("speed work and hills", "sprinting, and hills"),
    "rising": ("standing up after sitting a while", "getting up from a low seat"),
    "side_lying": ("lying on that side", "rolling onto that side in bed"),
    "standing": ("standing still for long", "walking upright any distance"),
}
SITTING_WORDS: tuple[str, ...] = (
    "sitting, especially in the car",
    "long meetings in a chair",
    "sitting on hard seats",
)

VAGUE_DEFLECTIONS: tuple[str, ...] = (
    "I'm not sure, it kind of comes and goes.",
    "Hard to say really, it just sort of aches.",
    "I haven't really paid attention to that.",
    "It's a bit all over the place, I couldn't tell you.",
)


class Chooser(Protocol):
    def randrange(self, stop: int, /) -> int: ...


_MASK = (1 << 64) - 1


class StoryRandom:
    """A cheap chooser keyed by text (splitmix64 from a BLAKE2 digest): the same key always
    picks the same words. Seeding a Mersenne Twister for every answer cost more than
    composing the answer."""

    __slots__ = ("key", "state")

    def __init__(self, key: str) -> None:
        self.key = key
        # hashed on the first draw: many answers are fixed words and never draw
        self.state: int | None = None

    def randrange(self, stop: int, /) -> int:
        if self.state is None:
            digest = hashlib.blake2b(self.key.encode(), digest_size=8).digest()
            self.state = int.from_bytes(digest, "little")
        self.state = (self.state + 0x9E3779B97F4A7C15) & _MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return (z ^ (z >> 31)) % stop


def pick(options: tuple[str, ...], rng: Chooser) -> str:
    return options[rng.randrange(len(options))]


def styled(text: str, style: Style, rng: Chooser) -> str:
    """Put the client's manner on a plain answer."""
    return f"{pick(STYLE_OPENERS[style], rng)}{text}"


def reach_words(reach: Reach, side: str, rng: Chooser) -> str:
    return pick(REACH_WORDS[reach], rng).format(side=side)


# What plain pressure feels like by band and kind of work (domain.md 6: the client reports
# discomfort, not the therapist's input): "firm" needs firm pressure.
PRESSURE_WORDS: dict[tuple[str, bool], tuple[str, ...]] = {
    ("light", False): ("That's gentle, very relaxing.", "Light, that's nice.", "Soothing."),
    ("light", True): ("Gentle, I can just feel where you are.", "Light, that's fine."),
    ("moderate", False): ("Just pressure, that's fine.", "I can feel you working, it's okay."),
    ("moderate", True): ("I can feel that spot, it's okay.", "A bit of pressure there, fine."),
    ("deep", False): ("Firm, but comfortable.", "That's deep, but okay."),
    ("deep", True): ("That's really digging in, but I can take it.", "Deep, right on it."),
}
MOVEMENT_WORDS: tuple[str, ...] = (
    "That movement feels fine.",
    "Easy, no trouble with that.",
    "That's comfortable.",
)


def sensation_words(
    sensation: Sensation,
    style: Style,
    rng: Chooser,
    *,
    group: Group | None = None,
    pressure: int = 3,
) -> str:
    if sensation is Sensation.PRESSURE and group is not None:
        if group in _MOVING_GROUPS:
            options = MOVEMENT_WORDS
        else:
            options = PRESSURE_WORDS[(pressure_band(pressure), group in SPECIFIC_GROUPS)]
        text = pick(options, rng)
    else:
        text = pick(SENSATION_WORDS[sensation], rng)
    if style is Style.STOIC and sensation in _PLAYED_DOWN:
        text = "Hm. " + text.replace("!", ".").replace("Ow, ", "")
    if style is Style.EXPRESSIVE and sensation in _PLAYED_UP:
        text += " Ooh."
    return text


# built once: a tuple of members in a condition is rebuilt on every call
_MOVING_GROUPS = frozenset({Group.MOVEMENT, Group.CONTRACT_RELAX, Group.STRETCH})
_PLAYED_DOWN = frozenset({Sensation.SHARP, Sensation.RADIATING})  # by a stoic client
_PLAYED_UP = frozenset({Sensation.GOOD_SORE, Sensation.PRESSURE})  # by an expressive one


def relief_words(relief: float, rng: Chooser) -> str:
    """Words for the relief actually applied, in NRS points (domain.md 6: about 2 points is
    a meaningful change; less is felt as a little easier, or nothing)."""
    if relief >= 1.0:
        return pick(("That's really easing things.", "Oh, that's much easier."), rng)
    if relief >= 0.4:
        return pick(("It feels a little easier.", "Slightly better, I think."), rng)
    return ""


def farewell_words(
    change: float, spread: int, new_tingling: bool, surfaced: bool, rng: Chooser
) -> str:
    """The goodbye line, from what changed: pain, how far the symptoms reach, new tingling."""
    if surfaced:
        return "Ooh — it's stirred up now, down the leg."
    if spread > 0:
        return (
            "It's going further down the leg than when I came in, and it's tingling."
            if new_tingling
            else "It's going further down the leg than when I came in."
        )
    if new_tingling:
        return "There's a tingle in the leg I didn't have before."
    if change <= -2:
        return "Hmm, it's worse than when I came in."
    if spread < 0:
        return "It's not going as far down the leg — that's a relief."
    if change >= 2:
        return pick(("That's so much easier.", "I feel a lot better, thank you."), rng)
    if change >= 0.8:
        return "A bit easier, I think."
    return "About the same, maybe a bit looser."
