"""The examination that confirms each source (domain.md sections 2-3; seed: "Assessment
comes before technique"). Each entry is a list of needs; a need is met by any one of its
steps. Steps are written `kind:id`, as in `test:fair` or `ask:cough_sneeze`."""

from __future__ import annotations

from simulator.domain.actions import ARGUMENTS, Action, Palpate, Reassess
from simulator.domain.ids import Region, Source

CONFIRMING: dict[Source, tuple[frozenset[str], ...]] = {
    Source.LUMBAR_RADICULAR: (
        frozenset({"test:slr", "test:slump"}),  # Deville00, Majlesi08
        frozenset({"ask:cough_sneeze"}),  # Verwoerd16: the amber question
    ),
    Source.DEEP_GLUTEAL: (
        frozenset({"test:fair", "test:hip_internal_rotation"}),  # Fishman02
        frozenset({"palpate:deep_rotators"}),  # Hopayian10: notch tenderness
    ),
    Source.TRIGGER_POINT: (
        frozenset({"palpate:@culprit"}),  # the taut band that reproduces the complaint
        frozenset({"test:slr", "test:slump"}),  # rule the nerve root out (Adelmanesh16)
    ),
    Source.POSTERIOR_CHAIN: (
        frozenset({"test:hamstring_length"}),  # Scaia12
        frozenset({"ask:training_load"}),  # the volume spike
    ),
    Source.HIP_FLEXOR_PELVIC: (
        frozenset({"test:thomas"}),
        frozenset({"ask:occupation", "ask:sitting_vs_walking"}),  # all-day sitting (seed)
    ),
    Source.RED_FLAG: (
        frozenset(
            {
                "ask:bladder_bowel",
                "ask:saddle_numbness",
                "ask:weakness",
                "ask:general_health",
                "ask:night_pain",
            }
        ),
    ),
}

# The tissue a positive sign points the plan to (domain.md 2-3; seed: "Assessment comes
# before technique"): a plan consistent with the examination treats what it found. A
# palpation that reproduces the familiar pain points to the muscle pressed.
INDICATES: dict[str, frozenset[Region]] = {
    "test:fair": frozenset({Region.DEEP_ROTATORS}),
    "test:hip_internal_rotation": frozenset({Region.DEEP_ROTATORS}),
    "palpate:deep_rotators": frozenset({Region.DEEP_ROTATORS}),
    "test:thomas": frozenset({Region.HIP_FLEXORS}),
    "test:hamstring_length": frozenset(
        {Region.HAMSTRINGS, Region.CALF, Region.THORACOLUMBAR_FASCIA, Region.LATERAL_HIP}
    ),
    "test:single_leg_stance": frozenset({Region.GLUTE_MED, Region.LATERAL_HIP}),
    # nerve-root signs point to gentle work on the back and buttock, not the nerve path
    "test:slr": frozenset(
        {Region.LUMBAR, Region.GLUTE_MAX, Region.GLUTE_MED, Region.QUADRATUS_LUMBORUM}
    ),
    "test:slump": frozenset(
        {Region.LUMBAR, Region.GLUTE_MAX, Region.GLUTE_MED, Region.QUADRATUS_LUMBORUM}
    ),
    "test:lumbar_extension": frozenset({Region.LUMBAR}),
}


# Tissue tenderness over this palpates "tender to moderate pressure" (the examination's
# words; the generator and lint keep a driving tissue on the right side of it).
TENDER_ABOVE = 0.5


def rechecks(action: Action, region: Region) -> bool:
    """Whether a step shows if a trigger-point hold on `region` worked: a retest, or
    pressing the held muscle again (domain.md 7 rule 3; seed: release "followed by
    reassessment")."""
    return type(action) is Reassess or (type(action) is Palpate and action.region is region)


def step_key(action: Action) -> str:
    """An action as these tables write it: `kind:first-argument` (`test:fair`)."""
    # a script's actions are the same objects in every case `run --case DIR` plays: each
    # is keyed once (the entry holds the action, so its id is not reused while cached)
    entry = _KEYED.get(id(action))
    if entry is not None and entry[0] is action:
        return entry[1]
    names = ARGUMENTS[action.kind]
    key = f"{action.kind}:{getattr(action, names[0])}" if names else action.kind
    if len(_KEYED) > 4096:
        _KEYED.clear()
    _KEYED[id(action)] = (action, key)
    return key


_KEYED: dict[int, tuple[Action, str]] = {}
