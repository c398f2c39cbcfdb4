"""Who the clients are: occupations, sports and training loads (Faker supplies names)."""

from __future__ import annotations

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

# Presenting complaints: opening by source, closing by style. The {where} slot is filled
# with a reach wording, so two clients of one source rarely read alike.
COMPLAINT_OPENINGS: dict[Source, tuple[str, ...]] = {
    Source.LUMBAR_RADICULAR: (
        "My back went a few weeks ago and now the leg is worse than the back: {where}.",
        "I've got this burning line down my leg — {where}.",
        "Sciatica, I think. Bending and sitting set it off; {where}.",
        "There's a hot, shooting pain that starts in my back, and {where}.",
        "My leg hurts more than my back now; {where}, and my foot feels odd.",
        "Since I picked up the kids' bike it's been electric: {where}.",
    ),
    Source.DEEP_GLUTEAL: (
        "It's a deep ache in my buttock, like sitting on a stone, and {where}.",
        "Sitting is killing me. Deep in the seat area, and sometimes {where}.",
        "My glute feels locked up and {where}, worse on long drives.",
        "A pain deep in the hip when I sit or cross my legs; {where}.",
        "After a long drive I can barely get out of the car: {where}.",
        "It feels like a knot deep in the seat of my trousers, and {where}.",
    ),
    Source.TRIGGER_POINT: (
        "I've got a deep ache I can't pin down — {where}.",
        "It feels like sciatica, but it comes and goes: {where}.",
        "A heavy toothache feeling down the side of my leg; {where}.",
        "Lying on that side is impossible and {where}.",
        "I keep pressing a spot in my hip to ease it; {where}.",
        "It nags all day, a dull ache — {where}.",
    ),
    Source.POSTERIOR_CHAIN: (
        "It's tight after training, right at the sit bone, and {where}.",
        "My hamstring feels too short, and {where} after long runs.",
        "No real back pain, just this pulling — {where}.",
        "Since I increased my mileage, {where}, tight and achy.",
        "Sprints set it off: {where}, and it stiffens up overnight.",
        "It's like a cord pulling at the top of my leg; {where}.",
    ),
    Source.HIP_FLEXOR_PELVIC: (
        "My low back and buttocks ache after sitting all week, and {where}.",
        "I'm stiff getting up from my desk; it aches in my back and {where}.",
        "Weekends I train hard and by Monday {where}, and I can't stand up straight.",
        "It's a tight band across my low back and hips; {where}.",
        "Getting up from the sofa is the worst part; {where}.",
        "I can't stand tall after a day at the screen, and {where}.",
    ),
    Source.RED_FLAG: (
        "My back and leg have been bad for weeks and it's getting worse; {where}.",
        "The pain never lets up, day or night, and {where}.",
        "I thought it was a pulled muscle but it's spreading: {where}.",
        "It's my back and legs — {where} — and nothing I do changes it.",
        "It's worse at night than in the day; {where}.",
        "Something's not right, I think: {where}, and it keeps changing.",
    ),
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
        " I haven't slept properly in weeks!",
        " Please tell me you can fix it.",
    ),
    Style.VAGUE: (
        " I'm not really sure what it is.",
        " It's hard to describe.",
        " It sort of moves around.",
    ),
}
