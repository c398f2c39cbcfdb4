"""Base rates and finding likelihoods per source (domain.md sections 1 and 3b).

P(finding | source). The anchors are cited per row; the numbers themselves are grade C.
The generator samples a case's findings from these; the expert agent updates its belief
with the same numbers, so both read one table.
"""

from __future__ import annotations

import math

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
    # history items that domain.md section 2 ties to sources (C numbers)
    "disc_history": (_row(0.55, 0.10, 0.10, 0.10, 0.15, 0.30), "Koes07"),
    "injury_history": (_row(0.20, 0.35, 0.25, 0.20, 0.10, 0.25), "Hopayian10"),
    "training_spike": (_row(0.20, 0.30, 0.30, 0.80, 0.40, 0.05), "SportsHealth-PHT"),
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
# starting pain (NRS) range by irritability (domain.md 5b)
PAIN_RANGE: dict[Irritability, tuple[int, int]] = {
    Irritability.LOW: (2, 3),
    Irritability.MODERATE: (4, 6),
    Irritability.HIGH: (7, 9),
}

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


def log_posterior(
    evidence: dict[str, bool], trigger_point_reproduces: bool = False
) -> dict[Source, float]:
    """Unnormalised log P(source | findings): naive Bayes from the mix prior and the table."""
    logs = dict(_LOG_PRIOR)
    rows = [_LOG_ROWS[name][0 if present else 1] for name, present in evidence.items()]
    rows.append(_LOG_REPRODUCES[0 if trigger_point_reproduces else 1])
    for row in rows:
        for source in logs:
            logs[source] += row[source]
    return logs


def posterior(
    evidence: dict[str, bool], trigger_point_reproduces: bool = False
) -> dict[Source, float]:
    """P(source | findings), normalised."""
    logs = log_posterior(evidence, trigger_point_reproduces)
    top = max(logs.values())
    weights = {s: math.exp(v - top) for s, v in logs.items()}
    total = sum(weights.values())
    return {s: w / total for s, w in weights.items()}
