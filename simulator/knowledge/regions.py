"""Body regions: labels, which lie on the sciatic nerve path, what lies beneath, and
which regions each source responds to (seed sections on glutes, deep rotators, chain)."""

from __future__ import annotations

from simulator.domain.case import Case
from simulator.domain.ids import CHAIN_LINKS, Reach, Region, Source

LABEL: dict[Region, str] = {
    Region.LUMBAR: "lower back",
    Region.QUADRATUS_LUMBORUM: "quadratus lumborum",
    Region.THORACOLUMBAR_FASCIA: "thoracolumbar fascia",
    Region.GLUTE_MAX: "gluteus maximus",
    Region.GLUTE_MED: "gluteus medius",
    Region.GLUTE_MIN: "gluteus minimus",
    Region.DEEP_ROTATORS: "deep hip rotators (piriformis)",
    Region.HAMSTRINGS: "hamstrings",
    Region.CALF: "calf",
    Region.LATERAL_HIP: "lateral hip",
    Region.HIP_FLEXORS: "hip flexors",
}

# The sciatic nerve runs under piriformis and down the middle of the posterior thigh
# (domain.md 5d: "over the nerve path").
NERVE_PATH: frozenset[Region] = frozenset({Region.DEEP_ROTATORS, Region.HAMSTRINGS})

# The sciatic nerve path counts as one structure: a flare from the deep rotators is the same
# nerve that a hamstring stretch then loads.
SCIATIC_PATH = "sciatic_path"


def structure_of(region: Region) -> str:
    return SCIATIC_PATH if region in NERVE_PATH else region.value


# Broad work over a region also warms the deeper layers beneath it (seed: warming strokes
# over glute max and medius "and surrounding tissues").
WARMS_ALSO: dict[Region, tuple[Region, ...]] = {
    Region.GLUTE_MAX: (Region.DEEP_ROTATORS, Region.GLUTE_MIN),
    Region.GLUTE_MED: (Region.GLUTE_MIN,),
    Region.LUMBAR: (Region.QUADRATUS_LUMBORUM, Region.THORACOLUMBAR_FASCIA),
    Region.THORACOLUMBAR_FASCIA: (Region.QUADRATUS_LUMBORUM,),
}

# Regions whose treatment helps each source (primary tissue first). Work elsewhere is
# "chasing the pain" and earns little (seed: look beyond the site of pain).
TARGETS: dict[Source, frozenset[Region]] = {
    Source.LUMBAR_RADICULAR: frozenset(
        {Region.LUMBAR, Region.GLUTE_MAX, Region.GLUTE_MED, Region.QUADRATUS_LUMBORUM}
    ),
    Source.DEEP_GLUTEAL: frozenset(
        {Region.DEEP_ROTATORS, Region.GLUTE_MAX, Region.GLUTE_MED, Region.LATERAL_HIP}
    ),
    Source.TRIGGER_POINT: frozenset(),  # the case's own trigger-point regions
    Source.POSTERIOR_CHAIN: frozenset(CHAIN_LINKS),
    Source.HIP_FLEXOR_PELVIC: frozenset(
        {Region.HIP_FLEXORS, Region.LUMBAR, Region.QUADRATUS_LUMBORUM, Region.GLUTE_MAX}
    ),
    Source.RED_FLAG: frozenset(),
}

# Which link drives a chain client, and how often (C): the seed looks at the connections
# ("tight hamstrings can alter pelvic mechanics. Restricted calves can change gait")
# instead of chasing the pain at the sit bone; the hamstrings most often (domain.md 2:
# proximal hamstring tendinopathy).
CHAIN_DRIVERS: dict[Region, float] = {
    Region.HAMSTRINGS: 0.4,
    Region.CALF: 0.2,
    Region.THORACOLUMBAR_FASCIA: 0.2,
    Region.LATERAL_HIP: 0.2,
}

# Which tissue a hip-flexor restriction has overworked, and how often (C): the seed names
# lumbar and gluteal tissue, domain.md 2 buttock tension from overworked glutes.
OVERWORKED_WEIGHTS: dict[Region, float] = {
    Region.QUADRATUS_LUMBORUM: 0.3,
    Region.LUMBAR: 0.2,
    Region.GLUTE_MAX: 0.25,
    Region.GLUTE_MED: 0.25,
}

# How often each tissue is the one palpation must find (`Hidden.driver`), by source.
DRIVER_WEIGHTS: dict[Source, dict[Region, float]] = {
    Source.POSTERIOR_CHAIN: CHAIN_DRIVERS,
    Source.HIP_FLEXOR_PELVIC: OVERWORKED_WEIGHTS,
}

# Trigger-point muscles and their referral (domain.md 3c); weights give the culprit mix
# (glute min > QL > glute med > hamstrings).
TRIGGER_POINT_REFERRAL: dict[Region, tuple[Reach, float]] = {
    Region.GLUTE_MIN: (Reach.BELOW_KNEE, 0.40),
    Region.QUADRATUS_LUMBORUM: (Reach.BUTTOCK, 0.25),
    Region.GLUTE_MED: (Reach.BUTTOCK, 0.20),
    Region.HAMSTRINGS: (Reach.BELOW_KNEE, 0.15),
}

# Where a trigger point beside another source sits: the gluteals (domain.md 1: Adelmanesh15;
# 3a: superior-lateral quadrant), in this order for the generator's draw.
SECONDARY_TRIGGER_REGIONS: tuple[Region, ...] = (Region.GLUTE_MED, Region.GLUTE_MIN)

# Where each source is tender on palpation (seed: palpation confirms what the body suggests).
TENDER: dict[Source, frozenset[Region]] = {
    Source.LUMBAR_RADICULAR: frozenset({Region.LUMBAR, Region.GLUTE_MED}),
    Source.DEEP_GLUTEAL: frozenset({Region.DEEP_ROTATORS, Region.GLUTE_MAX}),
    Source.TRIGGER_POINT: frozenset(),
    Source.POSTERIOR_CHAIN: frozenset(CHAIN_LINKS),
    Source.HIP_FLEXOR_PELVIC: frozenset({Region.HIP_FLEXORS, Region.QUADRATUS_LUMBORUM}),
    Source.RED_FLAG: frozenset({Region.LUMBAR}),
}

# The tissue that drives each source: where its most effective technique must land to count
# as treating the source rather than the area (seed: hip flexors for the desk-bound
# weekend athlete, the deep rotators for the sitting-sensitive buttock). Trigger-point
# cases use their own culprit.
KEY_TISSUE: dict[Source, frozenset[Region]] = {
    Source.LUMBAR_RADICULAR: TARGETS[Source.LUMBAR_RADICULAR],
    Source.DEEP_GLUTEAL: frozenset({Region.DEEP_ROTATORS}),
    Source.TRIGGER_POINT: frozenset(),
    Source.POSTERIOR_CHAIN: TARGETS[Source.POSTERIOR_CHAIN],
    Source.HIP_FLEXOR_PELVIC: frozenset({Region.HIP_FLEXORS}),
    Source.RED_FLAG: frozenset(),
}


def overworked(case: Case, source: Source) -> Region | None:
    """The tissue this hip-flexor client's restriction has overworked, where the case names
    one: the seed's plan treats it beside the hip flexors."""
    return case.hidden.driver if source is Source.HIP_FLEXOR_PELVIC else None


def treatable(case: Case, source: Source) -> frozenset[Region]:
    """The regions whose treatment helps `source` in this case (a trigger-point case's are
    its own trigger points; a hip-flexor case's, the hip flexors and the tissue they
    overworked)."""
    if source is Source.TRIGGER_POINT:
        return frozenset(tp.region for tp in case.hidden.trigger_points)
    if (tissue := overworked(case, source)) is not None:
        return frozenset({Region.HIP_FLEXORS, tissue})
    return TARGETS[source]


def directional(case: Case, source: Source) -> bool:
    """A nerve-root client whose leg symptoms centralise with repeated extension: small,
    supported lumbar movement the way that centralises is what helps most (domain.md 7
    rule 6: centralisation is the best outcome; Donelson90). Found only by testing
    extension."""
    return source is Source.LUMBAR_RADICULAR and case.findings.extension == "centralises"


def key_tissue(case: Case, source: Source) -> frozenset[Region]:
    """The tissue that drives `source` in this case."""
    if source is Source.TRIGGER_POINT:
        return frozenset(tp.region for tp in case.hidden.trigger_points)
    if directional(case, source):
        return frozenset({Region.LUMBAR})
    if source is Source.POSTERIOR_CHAIN and case.hidden.driver is not None:
        return frozenset({case.hidden.driver})  # the link palpation found (CHAIN_DRIVERS)
    return KEY_TISSUE[source]
