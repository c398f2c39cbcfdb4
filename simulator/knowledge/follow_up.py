"""What a client says at the start of a follow-up visit ("How have you been since last
time?"), composed from what happened between visits, in the persona's style. Like every
client line it follows findings and state and never names the hidden source.
"""

from __future__ import annotations

from simulator.domain.ids import Style, Topic
from simulator.knowledge.phrases import Chooser, pick

ASKED = "How have you been since last time?"

HELD: tuple[str, ...] = (
    "The ease from last time lasted — it's been better for most of the week.",
    "It stayed easier for a few days after, and it's still better than before.",
)
FADED: tuple[str, ...] = (
    "It felt easier that evening, but by the next day it was back to how it was.",
    "I was looser for a day or so, then it crept back.",
)
UNCHANGED: tuple[str, ...] = (
    "No real change, to be honest.",
    "Much the same as before.",
)
SORE: tuple[str, ...] = (
    "I was a bit sore where you worked the next day, but that was gone by the day after.",
    "Tender that night where you'd been working — gone by the following afternoon.",
)
# a flare that surfaced after the visit: spreading nerve signs, or local pain
FLARE_NERVE: tuple[str, ...] = (
    "That night the leg started burning again and the tingling went further down; it's "
    "been worse since.",
    "A few hours after, it shot down the leg like before, further than it had been.",
)
FLARE_LOCAL: tuple[str, ...] = (
    "It flared up that evening — a lot sorer, and it's only just settling.",
    "It was really stirred up that night and the next day; it's calmer now, but not great.",
)
LINGERED: tuple[str, ...] = (
    "It stayed stirred up after last time and hasn't really calmed down.",
    "What flared last time took days to settle; it's still grumbling.",
)
ADVICE_HELPED: dict[Topic, str] = {
    Topic.SELF_CARE: "The walking and getting up from the desk more often helped a bit.",
    Topic.STRETCHING: "I did the stretches every day and they seem to help.",
    Topic.PACING: "Cutting back the training for a few days helped.",
}
ADVICE_HARMED: dict[Topic, str] = {
    Topic.STRETCHING: "Those stretches made the leg tingle and ache, so I stopped.",
    Topic.SELF_CARE: "The exercises didn't agree with me.",
    Topic.PACING: "Resting more just made me stiffer.",
}
CALMER = "It doesn't flare up as easily as it did."
TOUCHIER = "It seems to flare up at the slightest thing now."
DOCTOR_DEFICIT = (
    "I saw the doctor: she checked my reflexes and strength, found one side a little weaker, "
    "said no scan for now, and to carry on with gentle treatment and keep moving."
)
DOCTOR_CLEAR = (
    "I saw the doctor: she checked me over, found nothing worrying, said no imaging is "
    "needed, and to carry on with the massage and keep active."
)
DOCTOR_SENT = "I'm seeing the specialist this week — the doctor sent me for tests straight away."
TODAY = "Today I'd put it at about {nrs} out of 10."

# the manner's opening, by how the days went (worse, same, better)
_STOIC_OPEN = {
    -1: ("Not great, if I'm honest. ", "Could be better. "),
    0: ("Fine, mostly. ", "Can't complain. "),
    1: ("Good, thanks. ", "Better. "),
}
_EXPRESSIVE_OPEN = {
    -1: ("Oh, it's been awful! ", "Honestly, what a week! "),
    0: ("Oh, where do I start! ", "Well, it's been a week! "),
    1: ("Oh, so much better! ", "Honestly, what a difference! "),
}
_VAGUE_OPEN = ("Hmm, I'm not sure really... ", "It's hard to say... ")


def report_words(parts: list[str], nrs: int, style: Style, rng: Chooser, mood: int = 0) -> str:
    """The client's report: the events in order, then today's pain, in their manner; `mood`
    is how the days went (-1 worse, 0 the same, 1 better)."""
    body = " ".join(p for p in parts if p)
    today = TODAY.format(nrs=nrs)
    if style is Style.STOIC:
        return f"{pick(_STOIC_OPEN[mood], rng)}{body} {today}".strip()
    if style is Style.EXPRESSIVE:
        return f"{pick(_EXPRESSIVE_OPEN[mood], rng)}{body} {today}".strip()
    if style is Style.VAGUE:
        return f"{pick(_VAGUE_OPEN, rng)}{body} Maybe {nrs}? Something like that.".strip()
    return f"{body} {today}".strip()
