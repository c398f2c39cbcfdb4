"""Base rates and finding likelihoods per source (domain.md sections 1 and 3b).

P(finding | source). The anchors are cited per row; the numbers themselves are grade C.
The generator samples a case's findings from these; the expert agent updates its belief
with the same numbers, so both read one table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from simulator.domain.ids import Irritability, RedFlagKind, Source

LR, DG, TP, PC, HF, RF = (
    Source.LUMBAR_RADICULAR,
    Source.DEEP_GLUTEAL,
    Source.TRIGGER_POINT,
    Source.POSTERIOR_CHAIN,
    Source.HIP_FLEXOR_PELVIC,
    Source.RED_FLAG,
)


def _row(lr: float, dg: float, tp: float, pc: float, hf: float, rf: float) -> dict[Source, float]:
    return {LR: lr, DG: dg, TP: tp, PC: pc, HF: hf, RF: rf}


# finding name (a Findings field, or a derived one) -> P(present | source), anchor
FINDING_LIKELIHOOD: dict[str, tuple[dict[Source, float], str]] = {
    "below_knee": (_row(0.90, 0.50, 0.25, 0.15, 0.05, 0.70), "5MinEM, PainFree-GMin"),
    "paraesthesia": (_row(0.70, 0.50, 0.10, 0.05, 0.05, 0.80), "StatPearls-Radic, VisualDx-PS"),
    "weakness": (_row(0.30, 0.05, 0.0, 0.0, 0.0, 0.70), "StatPearls-Radic"),
    "back_pain": (_row(0.60, 0.30, 0.40, 0.20, 0.60, 0.80), "PLOS-BackPain"),
    "cough_sneeze": (_row(0.50, 0.10, 0.10, 0.05, 0.05, 0.40), "Verwoerd16"),
    "sitting_worse": (_row(0.65, 0.85, 0.50, 0.60, 0.60, 0.30), "Hopayian10"),
    "night_pain": (_row(0.25, 0.15, 0.20, 0.05, 0.05, 0.70), "Kelley13, Henschke13"),
    "seated_guarding": (_row(0.60, 0.70, 0.40, 0.30, 0.30, 0.50), "seed"),
    "slr": (_row(0.80, 0.35, 0.10, 0.20, 0.05, 0.60), "Deville00, Hopayian17"),
    "slump": (_row(0.80, 0.35, 0.10, 0.15, 0.05, 0.50), "Majlesi08"),
    "fair": (_row(0.30, 0.85, 0.25, 0.15, 0.10, 0.20), "Fishman02"),
    "notch_tender": (_row(0.40, 0.90, 0.40, 0.20, 0.20, 0.30), "Hopayian10"),
    "gluteal_trp": (_row(0.75, 0.60, 0.95, 0.30, 0.30, 0.20), "Adelmanesh15"),
    "hamstring_short": (_row(0.50, 0.30, 0.40, 0.85, 0.40, 0.30), "Scaia12"),
    "thomas": (_row(0.30, 0.30, 0.30, 0.30, 0.85, 0.20), "seed (C)"),
    "flexion_leg": (_row(0.60, 0.20, 0.15, 0.30, 0.10, 0.40), "C"),
    # single-leg stance (Trendelenburg, BJSM-Gluteal 0.72/0.76 for gluteal tendinopathy):
    # lateral-hip and gluteal trigger-point trouble more than nerve roots (numbers C)
    "trendelenburg": (_row(0.20, 0.25, 0.40, 0.45, 0.20, 0.15), "BJSM-Gluteal (C)"),
    # history items that domain.md section 2 ties to sources (C numbers)
    "disc_history": (_row(0.55, 0.10, 0.10, 0.10, 0.15, 0.30), "Koes07"),
    "injury_history": (_row(0.20, 0.35, 0.25, 0.20, 0.10, 0.25), "Hopayian10"),
    "training_spike": (_row(0.20, 0.30, 0.30, 0.80, 0.40, 0.05), "SportsHealth-PHT"),
    # limited (<25 degrees) or painful hip internal rotation (domain.md 3a; C numbers): the
    # deep rotators shortened over the sciatic nerve (Hopayian10), a tight hip, a glute-min
    # trigger point; a hip-OA rule item (Sutlive08) that other sources rarely show
    "hip_ir_restricted": (_row(0.15, 0.80, 0.25, 0.10, 0.30, 0.15), "Sutlive08, Hopayian10"),
}

# Categorical history findings: P(value | source) per finding, each table summing to 1 per
# source. Typical history, quality and what eases it per source follow domain.md section 2;
# the numbers are grade C (proposed so the engine can compute), the anchors name the rows.
CATEGORICAL_LIKELIHOOD: dict[str, tuple[dict[Source, dict[str, float]], str]] = {
    # how it started: "gradual or after lift/bend" (disc), "prolonged sitting, fall on
    # buttock, overuse" (deep gluteal), "overload or immobility, lift with twist" (trigger
    # points), "training-volume spike" (posterior chain), "all-day sitting plus hard weekend
    # training" (hip flexor), slow onset for no reason (systemic red flag)
    "onset": (
        {
            LR: {
                "lift_bend": 0.45,
                "gradual": 0.35,
                "sitting": 0.10,
                "training": 0.05,
                "fall": 0.05,
            },
            DG: {
                "sitting": 0.40,
                "fall": 0.20,
                "gradual": 0.20,
                "training": 0.15,
                "lift_bend": 0.05,
            },
            TP: {
                "gradual": 0.30,
                "sitting": 0.25,
                "lift_bend": 0.20,
                "training": 0.20,
                "fall": 0.05,
            },
            PC: {
                "training": 0.60,
                "gradual": 0.25,
                "sitting": 0.05,
                "lift_bend": 0.05,
                "fall": 0.05,
            },
            HF: {
                "sitting": 0.45,
                "training": 0.25,
                "gradual": 0.25,
                "lift_bend": 0.03,
                "fall": 0.02,
            },
            RF: {
                "gradual": 0.60,
                "lift_bend": 0.25,
                "fall": 0.10,
                "sitting": 0.03,
                "training": 0.02,
            },
        },
        "MSD, Hopayian10, PainFree-GMin, Galant-QL, SportsHealth-PHT, seed (C)",
    ),
    # what it feels like: burning/shooting (root), deep ache (deep gluteal, trigger points),
    # tight pull at the sit bone (posterior chain), a band beside the lumbar spine (psoas)
    "quality": (
        {
            LR: {"shooting": 0.65, "deep_ache": 0.20, "band": 0.10, "tight_pull": 0.05},
            DG: {"deep_ache": 0.60, "shooting": 0.25, "tight_pull": 0.10, "band": 0.05},
            TP: {"deep_ache": 0.65, "band": 0.15, "shooting": 0.10, "tight_pull": 0.10},
            PC: {"tight_pull": 0.70, "deep_ache": 0.20, "shooting": 0.05, "band": 0.05},
            HF: {"band": 0.55, "tight_pull": 0.20, "deep_ache": 0.20, "shooting": 0.05},
            RF: {"shooting": 0.45, "deep_ache": 0.40, "band": 0.10, "tight_pull": 0.05},
        },
        "StatPearls-Radic, Hopayian10, PainFree-GMin, SportsHealth-PHT, NAMTPT-Psoas (C)",
    ),
    # what eases it most: walking or changing position (disc), lying (disc, deep gluteal),
    # heat and compression of the muscle (trigger points), warm-up (posterior chain), the
    # hips bent with the psoas slack (hip flexor; leaning forward in stenosis)
    "easing": (
        {
            LR: {
                "moving": 0.45,
                "lying": 0.40,
                "heat_pressure": 0.05,
                "warm_up": 0.05,
                "hips_bent": 0.05,
            },
            DG: {
                "lying": 0.45,
                "moving": 0.35,
                "heat_pressure": 0.10,
                "warm_up": 0.05,
                "hips_bent": 0.05,
            },
            TP: {
                "heat_pressure": 0.50,
                "moving": 0.25,
                "lying": 0.15,
                "warm_up": 0.05,
                "hips_bent": 0.05,
            },
            PC: {
                "warm_up": 0.60,
                "moving": 0.15,
                "lying": 0.10,
                "heat_pressure": 0.10,
                "hips_bent": 0.05,
            },
            HF: {
                "hips_bent": 0.55,
                "lying": 0.20,
                "moving": 0.15,
                "heat_pressure": 0.05,
                "warm_up": 0.05,
            },
            RF: {
                "lying": 0.50,
                "moving": 0.20,
                "hips_bent": 0.20,
                "heat_pressure": 0.05,
                "warm_up": 0.05,
            },
        },
        "MSD, Hopayian10, PainFree-GMin, SportsHealth-PHT, Spinal-NC (C)",
    ),
    # what else sets it off: acceleration and hills (posterior chain), standing up from a
    # seat (hip flexor, glute min, QL), lying on that side (glute min), standing and walking
    # upright (stenosis, facet), nothing in particular
    "aggravator": (
        {
            LR: {"none": 0.50, "rising": 0.20, "standing": 0.10, "side_lying": 0.10, "speed": 0.10},
            DG: {"none": 0.45, "speed": 0.20, "rising": 0.15, "side_lying": 0.15, "standing": 0.05},
            TP: {"side_lying": 0.35, "rising": 0.30, "none": 0.20, "standing": 0.10, "speed": 0.05},
            PC: {"speed": 0.65, "none": 0.20, "rising": 0.10, "side_lying": 0.03, "standing": 0.02},
            HF: {"rising": 0.55, "standing": 0.25, "none": 0.15, "speed": 0.04, "side_lying": 0.01},
            RF: {"none": 0.40, "standing": 0.30, "side_lying": 0.15, "rising": 0.10, "speed": 0.05},
        },
        "SportsHealth-PHT, NAMTPT-Psoas, PainFree-GMin, Galant-QL, Spinal-NC (C)",
    ),
}

# lumbar extension: P(outcome | source) over none/centralises/peripheralises/local/eases
EXTENSION_LIKELIHOOD: dict[Source, dict[str, float]] = {
    LR: {"centralises": 0.40, "peripheralises": 0.15, "local": 0.10, "none": 0.35},
    DG: {"none": 0.95, "local": 0.05},
    TP: {"local": 0.40, "none": 0.60},
    PC: {"none": 0.95, "local": 0.05},
    HF: {"eases": 0.40, "none": 0.60},
    RF: {"peripheralises": 0.30, "none": 0.70},
}

# Proposed sampling mix (domain.md section 1, grade C): share, irritability low/mod/high,
# nerve-sensitivity range.
SOURCE_MIX: dict[Source, float] = {LR: 0.30, DG: 0.15, TP: 0.20, PC: 0.20, HF: 0.10, RF: 0.05}
IRRITABILITY_MIX: dict[Source, dict[Irritability, float]] = {
    LR: {Irritability.LOW: 0.25, Irritability.MODERATE: 0.45, Irritability.HIGH: 0.30},
    DG: {Irritability.LOW: 0.35, Irritability.MODERATE: 0.45, Irritability.HIGH: 0.20},
    TP: {Irritability.LOW: 0.45, Irritability.MODERATE: 0.40, Irritability.HIGH: 0.15},
    PC: {Irritability.LOW: 0.50, Irritability.MODERATE: 0.40, Irritability.HIGH: 0.10},
    HF: {Irritability.LOW: 0.55, Irritability.MODERATE: 0.35, Irritability.HIGH: 0.10},
    RF: {Irritability.LOW: 0.0, Irritability.MODERATE: 0.5, Irritability.HIGH: 0.5},
}
NERVE_SENSITIVITY_RANGE: dict[Source, tuple[float, float]] = {
    LR: (0.5, 1.0),
    DG: (0.3, 0.7),
    TP: (0.0, 0.2),
    PC: (0.0, 0.3),
    HF: (0.0, 0.2),
    RF: (0.3, 0.9),
}
RED_FLAG_MIX: dict[RedFlagKind, float] = {
    RedFlagKind.CAUDA_EQUINA: 0.40,
    RedFlagKind.PROGRESSIVE_WEAKNESS: 0.30,
    RedFlagKind.SYSTEMIC: 0.30,
}
# share of lumbar_radicular cases with a gluteal trigger-point secondary (Adelmanesh15)
RADICULAR_TRP_SECONDARY = 0.75

# Derived evidence, not sampled: pressing a trigger point reproduces the whole complaint.
# Only the culprit of a trigger_point case does that; a trigger point beside another source
# reproduces the buttock part only (domain.md 3a, 3c). Grade C numbers.
TRIGGER_POINT_REPRODUCES: dict[Source, float] = _row(0.02, 0.02, 0.9, 0.02, 0.02, 0.01)
# Likelihoods are kept away from 0 and 1 when reasoning, so one odd finding never decides.
LIKELIHOOD_FLOOR, LIKELIHOOD_CEILING = 0.03, 0.97


def bounded(p: float) -> float:
    return min(LIKELIHOOD_CEILING, max(LIKELIHOOD_FLOOR, p))


def log_evidence(row: dict[Source, float], present: bool) -> dict[Source, float]:
    """log P(observation | source) for one finding seen present or absent."""
    return {s: math.log(bounded(p) if present else 1 - bounded(p)) for s, p in row.items()}


# The same logs for every table row, computed once: the generator checks every case.
_LOG_ROWS: dict[str, tuple[dict[Source, float], dict[Source, float]]] = {
    name: (log_evidence(row, True), log_evidence(row, False))
    for name, (row, _anchor) in FINDING_LIKELIHOOD.items()
}
_LOG_REPRODUCES = (
    log_evidence(TRIGGER_POINT_REPRODUCES, True),
    log_evidence(TRIGGER_POINT_REPRODUCES, False),
)
_LOG_PRIOR = {s: math.log(p) for s, p in SOURCE_MIX.items()}


def categorical_evidence(name: str, value: str) -> dict[Source, float]:
    """log P(value | source) for one categorical finding (kept off 0 like the rows)."""
    return _LOG_CATEGORICAL[name][value]


_LOG_CATEGORICAL: dict[str, dict[str, dict[Source, float]]] = {
    name: {
        value: {s: math.log(bounded(table[s].get(value, 0.0))) for s in table}
        for value in {v for per_source in table.values() for v in per_source}
    }
    for name, (table, _anchor) in CATEGORICAL_LIKELIHOOD.items()
}


def log_posterior(
    evidence: Mapping[str, bool | str], trigger_point_reproduces: bool = False
) -> dict[Source, float]:
    """Unnormalised log P(source | findings): naive Bayes from the mix prior and the tables
    (a true/false finding reads its row, a categorical one its value's column)."""
    logs = dict(_LOG_PRIOR)
    rows = [
        _LOG_CATEGORICAL[name][value]
        if isinstance(value, str)
        else _LOG_ROWS[name][0 if value else 1]
        for name, value in evidence.items()
    ]
    rows.append(_LOG_REPRODUCES[0 if trigger_point_reproduces else 1])
    for row in rows:
        for source in logs:
            logs[source] += row[source]
    return logs


def posterior(
    evidence: Mapping[str, bool | str], trigger_point_reproduces: bool = False
) -> dict[Source, float]:
    """P(source | findings), normalised."""
    logs = log_posterior(evidence, trigger_point_reproduces)
    top = max(logs.values())
    weights = {s: math.exp(v - top) for s, v in logs.items()}
    total = sum(weights.values())
    return {s: w / total for s, w in weights.items()}
