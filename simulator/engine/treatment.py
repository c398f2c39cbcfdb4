"""The response rules for a treatment (DESIGN section 3, domain.md sections 5d and 7)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from simulator.domain.actions import Treat
from simulator.domain.case import Case
from simulator.domain.ids import Effect, Irritability, Reach, Region, Sensation, Source
from simulator.engine.state import ClientState, nerve_involved
from simulator.knowledge.dose import (
    ADEQUATE_MINUTES,
    FLARE_AT_ONE_OVER,
    SPECIFIC_MINUTES_LIMIT,
    tolerance,
)
from simulator.knowledge.regions import NERVE_PATH, TARGETS, WARMS_ALSO
from simulator.knowledge.responses import expected, relief_amount
from simulator.knowledge.techniques import GROUP, Group

# Share of flares at high irritability that surface only later (domain.md 7, rule 7).
DELAYED_FLARE = 0.3
# Relief on a region that is not this source's tissue: general relaxation only.
OFF_TARGET_RELIEF = 0.2
PROVOCATIVE = frozenset({Group.SPECIFIC, Group.TRIGGER, Group.STRETCH, Group.CONTRACT_RELAX})


@dataclass(frozen=True)
class Outcome:
    effect: Effect
    sensation: Sensation
    rule: str
    teaching: str
    tolerance: int
    fits_source: bool
    reproduced: bool = False
    deferred: bool = False
    relief: float = 0.0  # NRS points of relief applied


def targets(case: Case, source: Source) -> frozenset[Region]:
    if source is Source.TRIGGER_POINT:
        return frozenset(tp.region for tp in case.hidden.trigger_points)
    return TARGETS[source]


def pain_floor(case: Case) -> float:
    """How low pain can go in one session (domain.md 7, rule 2: small leg relief in
    radicular pain; rule 1: no lasting relief for a red flag)."""
    h = case.hidden
    if h.source is Source.RED_FLAG:
        return float(h.pain)
    if h.source is Source.LUMBAR_RADICULAR:
        return h.pain * 0.55
    return 0.5


def decide(case: Case, state: ClientState, action: Treat, rng: random.Random) -> Outcome:
    """Which rule fires for this treatment, before the state changes."""
    h = case.hidden
    group = GROUP[action.technique]
    region, pressure = action.region, action.pressure
    tol = tolerance(
        group,
        region,
        h.irritability,
        h.nerve_sensitivity,
        warmed=state.warmed(region),
        guarded=case.tissue(region).guarding > 0.6 or state.guarding > 0.75,
    )
    fits_primary = region in targets(case, h.source)
    fits_secondary = h.secondary is not None and region in targets(case, h.secondary)
    fits = fits_primary or fits_secondary
    excess = pressure - tol
    if group in (Group.SPECIFIC, Group.TRIGGER):
        done = state.specific_minutes.get(region, 0) + action.minutes
        if done > SPECIFIC_MINUTES_LIMIT[h.irritability]:
            excess += 1  # too long on one spot (domain.md 5d)

    def flare(rule: str, teaching: str, reproduced: bool = False) -> Outcome:
        deferred = h.irritability is Irritability.HIGH and rng.random() < DELAYED_FLARE
        if nerve_involved(case):
            sensation = (
                Sensation.RADIATING if reproduced or rng.random() < 0.6 else Sensation.TINGLING
            )
        else:
            sensation = Sensation.SHARP
        if deferred:
            sensation = Sensation.PRESSURE
        # radiating symptoms from work over the nerve path arm the reproduction rule
        reproduced = reproduced or (sensation is Sensation.RADIATING and region in NERVE_PATH)
        return Outcome(Effect.FLARE, sensation, rule, teaching, tol, fits, reproduced, deferred)

    # Reproduction rule (seed: deep rotators): sharp radiating symptoms mean back off.
    nerve_path_work = (
        region in NERVE_PATH
        and group in PROVOCATIVE
        and (
            h.source in (Source.LUMBAR_RADICULAR, Source.DEEP_GLUTEAL) or h.nerve_sensitivity > 0.5
        )
    )
    if nerve_path_work:
        before = state.reproduced_at.get(region)
        if before is not None and pressure >= before:
            return flare("reproduction_pushed", "reproduction", reproduced=True)
        if before is None and pressure >= 3 and rng.random() < h.nerve_sensitivity:
            if excess > 0:
                return flare("reproduction_over_tolerance", "reproduction", reproduced=True)
            return Outcome(
                Effect.NEUTRAL,
                Sensation.RADIATING,
                "reproduction_warning",
                "reproduction",
                tol,
                fits,
                reproduced=True,
            )

    if excess >= 2 or (excess == 1 and rng.random() < FLARE_AT_ONE_OVER):
        teaching = "neural_stretch" if group is Group.STRETCH else "dose"
        return flare("over_tolerance", teaching)

    cell = expected(group, h.source, h.irritability)
    if not fits_primary and fits_secondary and h.secondary is not None:
        cell = expected(group, h.secondary, h.irritability)
    has_trp = any(tp.region is region for tp in h.trigger_points) and region not in state.released
    if group is Group.TRIGGER and has_trp and h.source is not Source.RED_FLAG:
        # a trigger point answers to compression as a trigger point, whatever else is going
        # on: beside a nerve root it eases the buttock part (domain.md 7, rule 2)
        cell = expected(group, Source.TRIGGER_POINT, h.irritability)
        fits = True
    if cell == "F":
        if region in NERVE_PATH or fits:
            teaching = (
                "neural_stretch" if group in (Group.STRETCH, Group.CONTRACT_RELAX) else "dose"
            )
            return flare("table_flare", teaching)
        cell = "N"
    if excess == 1:
        # one over tolerance and lucky: sore, not relieving
        return Outcome(
            Effect.GOOD_SORE, Sensation.GOOD_SORE, "one_over_tolerance", "good_sore", tol, fits
        )
    if h.source is Source.RED_FLAG:
        return Outcome(
            Effect.NEUTRAL, Sensation.PRESSURE, "red_flag_no_change", "red_flags", tol, False
        )
    if cell == "G":
        return Outcome(Effect.GOOD_SORE, Sensation.GOOD_SORE, "good_sore", "good_sore", tol, fits)
    amount = relief_amount(cell)
    teaching = {
        Group.BROAD: "broad_first",
        Group.SPECIFIC: "deep_rotators",
        Group.TRIGGER: "trigger_points",
        Group.MYOFASCIAL: "posterior_chain",
        Group.MOVEMENT: "movement",
        Group.CONTRACT_RELAX: "movement",
        Group.STRETCH: "movement",
    }[group]
    if group is Group.TRIGGER:
        if not has_trp:
            return Outcome(
                Effect.NEUTRAL,
                Sensation.PRESSURE,
                "no_trigger_point_here",
                "trigger_points",
                tol,
                False,
            )
        # relief is real but silent: only reassessment shows it (domain.md 7, rule 3)
        return Outcome(
            Effect.RELIEF,
            Sensation.GOOD_SORE,
            "trigger_point_release",
            "trigger_points",
            tol,
            True,
            relief=amount,
        )
    if not fits:
        if group in (Group.BROAD, Group.MOVEMENT, Group.MYOFASCIAL) and amount:
            amount *= OFF_TARGET_RELIEF
        else:
            return Outcome(
                Effect.NEUTRAL, Sensation.PRESSURE, "off_target", "not_pain_site", tol, False
            )
    elif not fits_primary:
        amount *= 0.5
    if amount <= 0:
        return Outcome(Effect.NEUTRAL, Sensation.PRESSURE, "no_response", teaching, tol, fits)
    return Outcome(Effect.RELIEF, Sensation.PRESSURE, "relief", teaching, tol, fits, relief=amount)


def dose_factor(action: Treat, tol: int) -> float:
    """How much of a technique's effect a dose delivers: time on the tissue (against an
    adequate dose for that kind of work) and pressure towards the tissue's tolerance, the
    working zone of the client discomfort scale (domain.md 6); far lighter work mostly
    just feels nice."""
    time = min(1.2, action.minutes / ADEQUATE_MINUTES[GROUP[action.technique]])
    depth = 0.35 + 0.65 * min(1.0, action.pressure / max(1, tol))
    return time * depth


def apply(
    case: Case, state: ClientState, action: Treat, outcome: Outcome, rng: random.Random
) -> None:
    """Change the client's state by the outcome of one treatment."""
    group = GROUP[action.technique]
    region = action.region
    if group is Group.BROAD:
        for warmed in (region, *WARMS_ALSO.get(region, ())):
            state.warm_minutes[warmed] = state.warm_minutes.get(warmed, 0) + action.minutes
    if group in (Group.SPECIFIC, Group.TRIGGER):
        state.specific_minutes[region] = state.specific_minutes.get(region, 0) + action.minutes
    if outcome.reproduced:
        state.reproduced_at[region] = min(action.pressure, state.reproduced_at.get(region, 9))
    if outcome.effect is Effect.FLARE:
        if outcome.deferred:
            state.pending_flares += 1
        else:
            flare_state(case, state)
    elif outcome.effect is Effect.RELIEF:
        relieve(
            case, state, outcome.relief * dose_factor(action, outcome.tolerance), group, region, rng
        )
        if group is Group.TRIGGER:
            state.released.add(region)
    elif outcome.sensation is Sensation.RADIATING:
        state.pain += 0.3  # the reproduction itself stirs the nerve a little
    if (
        group in (Group.MOVEMENT, Group.CONTRACT_RELAX)
        and outcome.effect is not Effect.FLARE
        and case.hidden.irritability is not Irritability.HIGH
    ):
        # seed: passive movement and contract-relax reduce guarding and improve mobility,
        # whatever the source; pain relief is the response table's business
        time = min(1.2, action.minutes / ADEQUATE_MINUTES[group])
        state.guarding -= 0.1 * time
        state.slr_angle += round(3 * time)
        state.hip_ir += round(3 * time)
    state.clamp()


def flare_state(case: Case, state: ClientState) -> None:
    """A flare: pain up, guarding up, range down; nerve sources peripheralise and tingle."""
    state.pain += 2.0
    state.guarding += 0.2
    state.slr_angle -= 8
    state.hip_ir -= 3
    if nerve_involved(case):
        state.reach += 1
        state.paraesthesia = True
    state.clamp()


def relieve(
    case: Case, state: ClientState, amount: float, group: Group, region: Region, rng: random.Random
) -> None:
    h = case.hidden
    floor = pain_floor(case)
    state.pain = max(min(state.pain, floor), state.pain - amount)
    state.guarding -= 0.08 * amount
    if region in (Region.HAMSTRINGS, Region.DEEP_ROTATORS, Region.LUMBAR) or group in (
        Group.MOVEMENT,
        Group.CONTRACT_RELAX,
        Group.STRETCH,
    ):
        state.slr_angle += round(4 * amount)
    if region in (
        Region.DEEP_ROTATORS,
        Region.GLUTE_MAX,
        Region.GLUTE_MED,
        Region.HIP_FLEXORS,
        Region.GLUTE_MIN,
    ):
        state.hip_ir += round(3 * amount)
    # centralisation: the distal boundary retreats (domain.md 7, rule 6)
    settled = h.pain - state.pain
    if h.source is Source.LUMBAR_RADICULAR:
        if amount >= 0.5 and state.reach > Reach.BUTTOCK.level and rng.random() < 0.35:
            state.reach -= 1
    elif settled >= 2 and state.reach > Reach.BUTTOCK.level and state.reach >= h.reach.level:
        state.reach -= 1
    state.clamp()
