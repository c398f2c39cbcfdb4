"""Teaching points: each paraphrases one section of the seed text and names its sources."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TeachingPoint:
    id: str
    seed_section: str  # heading of the seed section the point paraphrases
    text: str  # our paraphrase, never the seed's own sentence
    refs: tuple[str, ...] = ()  # domain.md reference keys


_POINTS = (
    TeachingPoint(
        "assess_first",
        "Assessment comes before technique",
        "History, observation and palpation decide the plan; hands-on work comes after them.",
        ("Vroomen02",),
    ),
    TeachingPoint(
        "no_routine",
        "Introduction",
        "Clients describe sciatica in different words, so no memorised sequence fits them all.",
    ),
    TeachingPoint(
        "broad_first",
        "Gluteal compression and broad warming strokes",
        "Open with broad, moderate compression and gliding strokes over the buttock: they ease "
        "guarding and let you feel how reactive the tissue is before any pinpoint work.",
    ),
    TeachingPoint(
        "deep_rotators",
        "Targeted work to deep hip rotators",
        "Careful friction, held pressure or short strokes on the piriformis region can ease a "
        "sitting- and rotation-sensitive buttock, when the pressure is tolerable.",
        ("Hopayian10", "Fishman02"),
    ),
    TeachingPoint(
        "reproduction",
        "Targeted work to deep hip rotators",
        "When direct work sends sharp pain down the leg, pressing harder is the wrong answer: "
        "ease off, widen the contact or move to neighbouring tissue.",
    ),
    TeachingPoint(
        "posterior_chain",
        "Myofascial work for the posterior chain",
        "Slow lengthwise myofascial strokes along hamstrings, calf, thoracolumbar fascia and "
        "lateral hip reduce pull through the chain; look at the connections, not one sore spot.",
        ("SportsHealth-PHT",),
    ),
    TeachingPoint(
        "overworked_tissue",
        "What sciatica means in a sports massage setting",
        "For the desk-bound weekend athlete, freeing the hip flexors is half the plan; the "
        "other half is the back or buttock muscle that has been doing their extra work, "
        "which palpation picks out as the tender, dense one.",
        ("NAMTPT-Psoas",),
    ),
    TeachingPoint(
        "trigger_points",
        "Trigger point work with clear communication",
        "Gluteal, quadratus lumborum and hamstring trigger points can mimic sciatica; compress "
        "them gradually, then reassess to know whether it worked.",
        ("Adelmanesh15", "TravellIC", "IC-Meta22"),
    ),
    TeachingPoint(
        "good_sore",
        "Trigger point work with clear communication",
        "A dull, local, tolerable soreness is not the same as growing numbness, zinging or "
        "electric pain; what the client reports is assessment data.",
        ("HardKnots-Scale",),
    ),
    TeachingPoint(
        "movement",
        "Passive movement and sports stretching",
        "Passive hip movement, gentle range work and contract-relax reduce guarding; a freer "
        "hip with fewer symptoms afterwards tells you soft tissue played a part.",
        ("BayArea-PNF",),
    ),
    TeachingPoint(
        "neural_stretch",
        "Passive movement and sports stretching",
        "With a sensitive nerve, hard hamstring stretching tensions it and raises symptoms; "
        "small, supported, mid-range movement is the safer choice.",
        ("NOI-Sliders", "TrackActive"),
    ),
    TeachingPoint(
        "red_flags",
        "When massage can make symptoms worse",
        "Fast-worsening weakness, major numbness, saddle or bladder changes, or constant "
        "unexplained pain are beyond a soft-tissue session: stop and refer.",
        ("EurSpine-CES", "Henschke13", "ChiroMT-RedFlags"),
    ),
    TeachingPoint(
        "amber",
        "When massage can make symptoms worse",
        "Leg pain that rises with a cough, sneeze or spinal loading points at the nerve root: "
        "recommend a medical opinion and keep any work very gentle.",
        ("Verwoerd16",),
    ),
    TeachingPoint(
        "dose",
        "When massage can make symptoms worse",
        "Heavy pressure over irritated tissue, aggressive stripping into acute pain and early "
        "nerve-tensioning stretches flare symptoms; match the dose to irritability.",
        ("Kelley13", "Wilson23"),
    ),
    TeachingPoint(
        "working_dose",
        "What sciatica means in a sports massage setting",
        "Adjust pressure and range to the person on the table: an irritable client takes "
        "small, light work, but a calm one needs firm pressure and full range before the "
        "tissue changes; the same gentle dose for everyone under-treats most of them.",
        ("Kelley13", "HardKnots-Scale"),
    ),
    TeachingPoint(
        "responsive",
        "How students should think about treatment planning",
        "Start conservatively and progress only while the client responds well; when "
        "symptoms increase, change the plan.",
    ),
    TeachingPoint(
        "reassess",
        "Passive movement and sports stretching",
        "Retest after treatment: a change in range or symptoms is how you learn what helped.",
    ),
    TeachingPoint(
        "combined_care",
        "How students should think about treatment planning",
        "Lasting change tends to come from repeated sessions combined with exercise, posture "
        "and a medical opinion: close a course with a home plan that suits the client, or "
        "refer on when the work has not helped.",
        ("Cochrane-Massage",),
    ),
    TeachingPoint(
        "expectations",
        "How students should think about treatment planning",
        "Say what massage may and may not do; avoid promising a fix, and name the other "
        "providers who may be needed.",
        ("Cochrane-Massage", "KNGF21"),
    ),
    TeachingPoint(
        "directional_preference",
        "Passive movement and sports stretching",
        "Small, supported movement of the low back is informative: symptoms drawing up out of "
        "the leg is the best sign, symptoms spreading further down it is the signal to stop "
        "and change direction.",
        ("Donelson90", "Long08"),
    ),
    TeachingPoint(
        "severity",
        "When massage can make symptoms worse",
        "A highly irritable client is examined gently: one or two provocation tests answer "
        "the question; more of them only stir the symptoms up.",
        ("Physiopedia-SINSS", "Petersen21"),
    ),
    TeachingPoint(
        "screening",
        "Assessment comes before technique",
        "Screen before you touch: bladder and saddle changes, weakness or numbness, and general "
        "health, each asked until the answer is clear; a hedged answer is not a no.",
        ("EurSpine-CES", "AJEM-CES"),
    ),
    TeachingPoint(
        "scope",
        "What sciatica means in a sports massage setting",
        "Refer when the findings call for it, at the urgency they call for; sending a plain "
        "soft-tissue problem to a doctor alarms the client and helps no one.",
    ),
    TeachingPoint(
        "impression",
        "Assessment comes before technique",
        "Say what you think is driving the symptoms and how irritable they are before you "
        "plan: it is the step that turns findings into a treatment choice.",
        ("MTRef-SOAP", "MBLEx-SOAP"),
    ),
    TeachingPoint(
        "irritability",
        "When massage can make symptoms worse",
        "Judge irritability by how little sets the symptoms off and how long they take to "
        "calm down, not by the pain number alone: a moderate number can hide tissue that "
        "flares easily. When unsure, work to the more irritable reading.",
        ("Kelley13", "Physiopedia-Severity"),
    ),
    TeachingPoint(
        "not_pain_site",
        "What sciatica means in a sports massage setting",
        "Treat the tissue that drives the symptoms, which is often not where it hurts.",
    ),
)

TEACHING: dict[str, TeachingPoint] = {point.id: point for point in _POINTS}
