"""Observation, palpation and tests: findings consistent with the hidden case (domain.md 3)."""

from __future__ import annotations

from simulator.domain.case import Case
from simulator.domain.ids import Irritability, Observation, Reach, Region, Test
from simulator.engine.state import ClientState
from simulator.knowledge.dose import NERVE_SENSITIVE, ZINGS_ON_PRESSURE
from simulator.knowledge.examination import TENDER_ABOVE
from simulator.knowledge.phrases import (
    EXTENSION_WORDS,
    TENDER_WORDS,
    Chooser,
    StoryRandom,
    pick,
    reach_words,
)
from simulator.knowledge.regions import LABEL

Rng = Chooser
HIP_IR_LIMIT = 25  # degrees: less is limited internal rotation (domain.md 3a, Sutlive08)
GLUTES = frozenset({Region.GLUTE_MAX, Region.GLUTE_MED, Region.GLUTE_MIN})


def observe(what: Observation, case: Case, state: ClientState, rng: Rng) -> tuple[str, bool]:
    """(what the student sees, whether it is abnormal). Each sign follows a finding with a
    likelihood per source (domain.md 3b), so it informs without giving the source away."""
    f, h, side = case.findings, case.hidden, case.persona.side
    if what is Observation.SITTING:
        if f.seated_guarding:
            return pick(
                (
                    f"Perches on the {_other(side)} buttock and shifts every few seconds.",
                    f"Sits with weight off the {side} side, fidgeting, then stands to ease it.",
                ),
                rng,
            ), True
        return pick(
            ("Sits back comfortably, without shifting.", "Settles in the chair and stays still."),
            rng,
        ), False
    if what is Observation.STANDING:
        if f.thomas:
            return (
                "Rises stiffly in stages; stands with the pelvis tipped forward, low back arched."
            ), True
        if f.fair and f.notch_tender:
            return f"Stands with the {side} foot turned out, weight on the other leg.", True
        if state.guarding > 0.6:
            return f"Stands with the {side} hip held stiffly, weight off that leg.", True
        return "Stands evenly; nothing remarkable.", False
    if what is Observation.GAIT:
        if f.weakness_progressive:
            return (
                f"The {side} foot slaps down and the toes catch; the knee lifts high to clear it."
            ), True
        if f.weakness:
            return f"Slight weakness pushing off the {side} foot; otherwise even.", True
        if h.irritability is Irritability.HIGH:
            return f"Short, careful steps, spending little time on the {side} leg.", True
        if any(tp.region is Region.GLUTE_MIN for tp in h.trigger_points):
            return f"A slight limp on the {side}, shortened stance.", True
        if f.hamstring_short:
            return "Even but short stride; the hamstrings look tight at heel strike.", False
        return "Walks evenly, nothing obvious.", False
    # forward bend
    if f.flexion_leg:
        return (
            "Bending forward brings the symptoms into the leg; stops at the knees, "
            "hand braced on the thigh."
        ), True
    if f.hamstring_short:
        return "Fingertips stop at mid-shin with a strong pull behind both thighs.", False
    return "Bends forward smoothly to the ankles; no leg symptoms.", False


def palpate(
    region: Region, case: Case, state: ClientState, rng: Rng
) -> tuple[str, bool, Reach | None]:
    """(what the hands find, whether pressing there reproduces the familiar pain, and how
    far down the leg the client says that reproduced pain goes)."""
    h, f = case.hidden, case.findings
    tissue = case.tissue(region)
    tone = (
        "dense, high tone"
        if tissue.tone > 0.6
        else "moderate tone"
        if tissue.tone > 0.35
        else "soft, easy tissue"
    )
    parts = [f"{LABEL[region].capitalize()}: {tone}"]
    tender = tissue.tenderness > TENDER_ABOVE
    familiar, referred = False, None
    if region is Region.DEEP_ROTATORS and f.notch_tender:
        parts.append("deep tenderness at the sciatic notch, reproducing the buttock pain")
        familiar, referred = True, Reach.BUTTOCK
    elif tender:
        parts.append(TENDER_WORDS)
    trp = next((tp for tp in h.trigger_points if tp.region is region), None)
    if trp is not None and region not in state.released:
        where = reach_words(trp.refers_to, case.persona.side, rng)
        parts.append(f'a taut band with a tender spot; pressing it: "That\'s my pain — {where}."')
        familiar, referred = True, trp.refers_to
    if tissue.guarding > 0.6 or (state.guarding > 0.7 and region in GLUTES):
        parts.append("guarding under your hands")
    if (
        region is Region.DEEP_ROTATORS
        and h.nerve_sensitivity > ZINGS_ON_PRESSURE
        and h.irritability is Irritability.HIGH
    ):
        parts.append("the client flinches: a zing runs down the leg")
    return "; ".join(parts) + ".", familiar, referred


# Root patterns of a deficit (domain.md 3a: Harrison-Roots, AccessEM-L5): the muscles that
# weaken, the reflex that drops, the skin that dulls.
ROOT_SIGNS: dict[str, tuple[str, str, str]] = {
    "L5": (
        "big-toe extension and ankle dorsiflexion are weak",
        "reflexes are equal",
        "light touch is dulled over the top of the foot",
    ),
    "S1": (
        "rising onto the toes is weak",
        "the ankle jerk is reduced",
        "light touch is dulled along the outer foot and sole",
    ),
}


def neuro_screen(case: Case) -> tuple[bool, str]:
    """Myotomes, reflexes and dermatomes (domain.md 3a): a deficit is weakness or reflex loss;
    dulled sensation alone is reported but is not a deficit."""
    f, side = case.findings, case.persona.side
    root = pick(tuple(ROOT_SIGNS), StoryRandom(f"{case.id}:{case.seed}:root"))
    muscles, reflex, skin = ROOT_SIGNS[root]
    if f.weakness_progressive:
        return True, (
            f"Marked deficit on the {side}: {muscles}, the foot barely clears the floor; "
            f"{reflex}; {skin}."
        )
    if f.bilateral:
        return True, f"Deficits in both legs: {muscles} on both sides; {skin} on both sides."
    if f.weakness:
        return True, f"On the {side}, {muscles}; {reflex}; {skin}."
    if f.paraesthesia:
        return False, f"Strength and reflexes equal on both sides; {skin} on the {side}."
    return False, "Strength, reflexes and light touch equal on both sides."


def _other(side: str) -> str:
    return "left" if side == "right" else "right"


def run_test(test: Test, case: Case, state: ClientState) -> tuple[bool, str]:
    """(positive, what the student observes) for one test, given the current state."""
    f, h, side = case.findings, case.hidden, case.persona.side
    # a positive SLR is neural when the nerve is mechanosensitive (domain.md 5c), else a
    # hamstring pull: the words follow the client's state, not the source's name
    nerve = h.nerve_sensitivity > NERVE_SENSITIVE
    irritated = state.reach > h.reach.level  # symptoms have spread since the start
    if test is Test.SLR:
        angle = state.slr_angle
        if f.slr or irritated:
            if nerve:
                return True, (
                    f"At {angle}° the familiar leg pain shoots "
                    f"{'below the knee' if state.reach >= 3 else 'into the thigh'}; "
                    "ankle dorsiflexion makes it worse."
                )
            return True, (
                f"At {angle}° a strong pull behind the thigh; ankle dorsiflexion changes nothing."
            )
        return False, f"Leg rises to {max(angle, 70)}° with a hamstring stretch only."
    if test is Test.SLUMP:
        if f.slump or irritated:
            return (
                True,
                "Seated slump with knee extension reproduces the leg symptoms; "
                "lifting the head eases them.",
            )
        return False, "Slump: a stretch behind the knees, no change with neck movement."
    if test is Test.FAIR:
        if f.fair:
            return True, (
                f"After some seconds in flexion, adduction and internal rotation the "
                f"deep {side} buttock ache comes on, spreading down the thigh."
            )
        return False, "FAIR position: no buttock or leg symptoms."
    if test is Test.HIP_INTERNAL_ROTATION:
        # limited (<25 degrees) or painful IR is the finding (domain.md 3a); the angle is
        # the state, which treatment and flares move
        angle = state.hip_ir
        if angle < HIP_IR_LIMIT:
            return True, f"Internal rotation {angle}°, tight and provoking deep buttock pain."
        if f.hip_ir_restricted:
            return True, f"Internal rotation {angle}°; the end of range provokes deep buttock pain."
        return False, f"Internal rotation {angle}°, comfortable."
    if test is Test.THOMAS:
        if f.thomas:
            return True, "The thigh stays lifted off the table: the hip flexors are short."
        return False, "The thigh rests flat: hip flexor length normal."
    if test is Test.HAMSTRING_LENGTH:
        if f.hamstring_short:
            return (
                True,
                f"Hamstrings short: knee extension stops {90 - state.slr_angle // 2}° short.",
            )
        return False, "Hamstring length within normal limits."
    if test is Test.LUMBAR_FLEXION:
        if f.flexion_leg:
            return True, "Flexion reproduces the leg symptoms by mid-range."
        return False, "Flexion full; a stretch only."
    if test is Test.SINGLE_LEG_STANCE:
        if f.trendelenburg:
            return True, (
                f"Standing on the {side} leg, the other side of the pelvis drops and the "
                f"trunk leans over the {side} hip; it aches at the side of the hip."
            )
        return False, f"Single-leg stance on the {side}: the pelvis stays level for 30 s."
    if test is Test.NEURO_SCREEN:
        return neuro_screen(case)
    if test is Test.LUMBAR_EXTENSION:
        outcome = f.extension
        return outcome in ("peripheralises", "local"), EXTENSION_WORDS[outcome]
    # pain rating as a test: the rating plus the map of symptoms
    where = reach_words(state.reach_id, side, StoryRandom(case.id))
    return state.reach >= Reach.BELOW_KNEE.level, f"Pain mapped: {where}."
