"""Techniques grouped by how they load tissue, and the time every action costs."""

from __future__ import annotations

from enum import StrEnum

from simulator.domain.ids import Technique


class Group(StrEnum):
    BROAD = "broad"  # effleurage, compression, petrissage: broad warming contact
    SPECIFIC = "specific"  # friction, sustained pressure, stripping: pinpoint, deep
    TRIGGER = "trigger"  # ischaemic compression of a trigger point
    MYOFASCIAL = "myofascial"  # slow longitudinal strokes
    MOVEMENT = "movement"  # passive mid-range movement
    CONTRACT_RELAX = "contract_relax"
    STRETCH = "stretch"  # static stretch towards end range


GROUP: dict[Technique, Group] = {
    Technique.EFFLEURAGE: Group.BROAD,
    Technique.COMPRESSION: Group.BROAD,
    Technique.PETRISSAGE: Group.BROAD,
    Technique.FRICTION: Group.SPECIFIC,
    Technique.SUSTAINED_PRESSURE: Group.SPECIFIC,
    Technique.STRIPPING: Group.SPECIFIC,
    Technique.TRIGGER_POINT: Group.TRIGGER,
    Technique.MYOFASCIAL: Group.MYOFASCIAL,
    Technique.PASSIVE_MOVEMENT: Group.MOVEMENT,
    Technique.CONTRACT_RELAX: Group.CONTRACT_RELAX,
    Technique.STRETCH: Group.STRETCH,
}

LABEL: dict[Technique, str] = {
    Technique.EFFLEURAGE: "effleurage",
    Technique.COMPRESSION: "broad compression",
    Technique.PETRISSAGE: "petrissage",
    Technique.FRICTION: "cross-fibre friction",
    Technique.SUSTAINED_PRESSURE: "sustained pressure",
    Technique.STRIPPING: "stripping",
    Technique.TRIGGER_POINT: "trigger-point compression",
    Technique.MYOFASCIAL: "longitudinal myofascial work",
    Technique.PASSIVE_MOVEMENT: "passive movement",
    Technique.CONTRACT_RELAX: "contract-relax",
    Technique.STRETCH: "static stretch",
}

# Pinpoint work on one spot, dosed in minutes per region (domain.md 5d): specific pressure
# and trigger-point holds.
PINPOINT_GROUPS = frozenset({Group.SPECIFIC, Group.TRIGGER})
# Deep or specific work: what "conservative start" and "check in during deep work" refer to.
SPECIFIC_GROUPS = frozenset({Group.SPECIFIC, Group.TRIGGER, Group.STRETCH})
# Work that loads one spot or puts tissue on stretch, and so can provoke it; the rest is
# broad contact or supported movement (seed: reproduction means back off or broaden).
PROVOCATIVE_GROUPS = frozenset({Group.SPECIFIC, Group.TRIGGER, Group.STRETCH, Group.CONTRACT_RELAX})
# Broad, supported work that suits a conservative start.
GENTLE_GROUPS = frozenset({Group.BROAD, Group.MOVEMENT})

# Minutes of session clock each kind of action costs (DESIGN section 4); treat costs its minutes.
ACTION_MINUTES: dict[str, int] = {
    "ask": 1,
    "observe": 1,
    "palpate": 2,
    "test": 2,
    "reassess": 2,
    "check_in": 1,
    "educate": 2,
    "refer": 1,
    "impression": 1,
    "end": 0,
    "visit": 0,
}
