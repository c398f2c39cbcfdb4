"""Expected responses: technique group x source x irritability (domain.md section 7, grade C).

A cell is "F" flare, "N" neutral, "G" good sore, or "R<n>" relief of about n NRS points for
an adequate dose (six minutes) on a region the source responds to, with pressure within
tolerance. Cells are (low, moderate, high) irritability.
"""

from __future__ import annotations

from functools import cache

from simulator.domain.ids import Irritability, Sensation, Source
from simulator.knowledge.techniques import Group

LR, DG, TP, PC, HF = (
    Source.LUMBAR_RADICULAR,
    Source.DEEP_GLUTEAL,
    Source.TRIGGER_POINT,
    Source.POSTERIOR_CHAIN,
    Source.HIP_FLEXOR_PELVIC,
)

Cell = tuple[str, str, str]

RESPONSE_TABLE: dict[Group, dict[Source, Cell]] = {
    # Broad warming mostly prepares: it settles guarding and lets deeper work follow (seed).
    Group.BROAD: {
        LR: ("R0.5", "R0.4", "N"),  # local relief only (Cochrane-Massage, KNGF21)
        DG: ("R0.5", "R0.5", "R0.4"),
        TP: ("R0.4", "R0.4", "N"),
        PC: ("R0.5", "R0.5", "R0.4"),
        HF: ("R0.4", "R0.4", "R0.3"),
    },
    Group.SPECIFIC: {
        LR: ("N", "G", "F"),
        DG: ("R1.8", "R1.5", "F"),
        TP: ("G", "N", "F"),
        PC: ("G", "G", "N"),
        HF: ("N", "N", "N"),
    },
    Group.TRIGGER: {
        LR: ("R0.8", "R0.6", "F"),  # eases the buttock (secondary TrPs), not the leg
        DG: ("G", "G", "F"),
        # referral reproduced, then relief (TravellIC); at high irritability only a light,
        # short hold (domain.md 5d: <=3/10, <=30 s) and a smaller effect
        TP: ("R2.2", "R1.8", "R1.0"),
        PC: ("R0.6", "R0.5", "N"),
        HF: ("N", "N", "N"),
    },
    Group.MYOFASCIAL: {
        LR: ("R0.5", "N", "F"),
        DG: ("R0.8", "R0.6", "N"),
        TP: ("R0.6", "N", "N"),
        PC: ("R1.8", "R1.5", "R1.0"),
        HF: ("R1.5", "R1.2", "R0.8"),  # on the hip flexors themselves
    },
    Group.MOVEMENT: {
        LR: ("R0.8", "R0.8", "R0.5"),  # small, supported, mid-range (seed)
        DG: ("R1.0", "R0.8", "R0.6"),
        TP: ("R0.5", "R0.5", "N"),
        PC: ("R0.8", "R0.8", "R0.6"),
        HF: ("R1.2", "R1.0", "N"),
    },
    Group.CONTRACT_RELAX: {
        LR: ("N", "N", "F"),
        DG: ("R1.0", "R0.8", "F"),
        TP: ("R0.8", "R0.6", "N"),
        PC: ("R1.0", "R0.8", "N"),
        HF: ("R1.2", "R1.0", "N"),
    },
    Group.STRETCH: {
        LR: ("G", "F", "F"),  # peripheralises (seed: aggressive hamstring stretching)
        DG: ("R1.0", "N", "F"),
        TP: ("R0.8", "R0.6", "N"),
        PC: ("R1.0", "G", "F"),  # a tendon dislikes aggressive stretch
        HF: ("R1.5", "R1.2", "N"),
    },
}

IRRITABILITY_INDEX: dict[Irritability, int] = {
    Irritability.LOW: 0,
    Irritability.MODERATE: 1,
    Irritability.HIGH: 2,
}


def expected(group: Group, source: Source, irritability: Irritability) -> str:
    """The table's cell for this combination; a red flag never responds lastingly."""
    if source is Source.RED_FLAG:
        return "N"
    return RESPONSE_TABLE[group][source][IRRITABILITY_INDEX[irritability]]


@cache  # a handful of distinct cells: parse each once
def relief_amount(cell: str) -> float:
    return float(cell[1:]) if cell.startswith("R") else 0.0


# What a client reports when symptoms flare rather than ease (domain.md 7: sharp, spreading,
# tingling or numb is a flare; a dull local ache is a good sore).
FLARE_SENSATIONS = frozenset(
    {Sensation.SHARP, Sensation.RADIATING, Sensation.TINGLING, Sensation.NUMB}
)
# A technique is among the most effective for a source when it gives at least this share of
# the best relief in the table at the client's irritability.
KEY_SHARE = 0.75


@cache  # a pure function of two enums: 18 possible answers
def key_groups(source: Source, irritability: Irritability) -> frozenset[Group]:
    """The technique groups this source responds to best at this irritability."""
    amounts = {g: relief_amount(expected(g, source, irritability)) for g in RESPONSE_TABLE}
    best = max(amounts.values())
    return frozenset(g for g, a in amounts.items() if best > 0 and a >= KEY_SHARE * best)
