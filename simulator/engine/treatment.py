"""The response rules for a treatment (DESIGN section 3, domain.md sections 5-7).

`decide` judges one treatment once, before the state changes: its fit to this client, its
dose against the tissue's tolerance, which rule fires and on which structure. `apply`
changes the state by that judgement. Scoring and the debrief read the judgement from the
step's note and never recompute it.
"""

from __future__ import annotations

import random

from simulator.domain.actions import Treat
from simulator.domain.case import Case
from simulator.domain.ids import Effect, Fit, Irritability, Reach, Region, Sensation, Source
from simulator.domain.record import record
from simulator.engine.state import ClientState, FlareMark
from simulator.knowledge.dose import (
    ADEQUATE_MINUTES,
    FLARE_AT_ONE_OVER,
    LIGHT_MAX,
    flare_size,
    minutes_limit,
    nerve_involved,
    settled_share,
    tolerance,
)
from simulator.knowledge.regions import (
    NERVE_PATH,
    WARMS_ALSO,
    directional,
    key_tissue,
    structure_of,
    treatable,
)
from simulator.knowledge.responses import expected, key_groups, relief_amount
from simulator.knowledge.techniques import GROUP, PINPOINT_GROUPS, PROVOCATIVE_GROUPS, Group

# Share of flares at high irritability that surface only later (domain.md 7, rule 7).
DELAYED_FLARE = 0.3
# Relief on a region that is not this source's tissue: general relaxation only.
OFF_TARGET_RELIEF = 0.2
# Leg symptoms of a nerve root change little with massage (domain.md 7, rule 2): at best
# this share of the starting pain goes in one session; other sources keep at least the
# last share (domain.md 7: relief is 1-3 NRS points, not a cure).
PAIN_FLOOR: dict[Source, float] = {Source.LUMBAR_RADICULAR: 0.6}
PAIN_FLOOR_OTHERS = 0.35
# Directional preference (domain.md 3b, 7 rule 6): small supported lumbar movement for at
# least this long moves the symptoms the way extension does.
DIRECTIONAL_MINUTES = 3
# The rule that fired when it did: its small movement is the working dose, not an under-dose.
CENTRALISED = "centralised"
# ...and the movement that sends the symptoms further down the leg (domain.md 7 rule 6).
PERIPHERALISED = "peripheralised"
# The teaching point of a treatment that relieved (or did not), by kind of work.
RELIEF_TEACHING: dict[Group, str] = {
    Group.BROAD: "broad_first",
    Group.SPECIFIC: "deep_rotators",
    Group.TRIGGER: "trigger_points",
    Group.MYOFASCIAL: "posterior_chain",
    Group.MOVEMENT: "movement",
    Group.CONTRACT_RELAX: "movement",
    Group.STRETCH: "movement",
}


# The kinds of work and the regions the rules below test against, as sets built once (a
# tuple of members in a condition is rebuilt, member by member, on every call).
NEURAL_GROUPS = frozenset({Group.STRETCH, Group.CONTRACT_RELAX})
GENERAL_RELIEF_GROUPS = frozenset({Group.BROAD, Group.MOVEMENT, Group.MYOFASCIAL})
MOBILISING_GROUPS = frozenset({Group.MOVEMENT, Group.CONTRACT_RELAX})
SLR_GROUPS = frozenset({Group.MOVEMENT, Group.CONTRACT_RELAX, Group.STRETCH})
SLR_REGIONS = frozenset({Region.HAMSTRINGS, Region.DEEP_ROTATORS, Region.LUMBAR})
HIP_ROTATION_REGIONS = frozenset(
    {Region.DEEP_ROTATORS, Region.GLUTE_MAX, Region.GLUTE_MED, Region.HIP_FLEXORS, Region.GLUTE_MIN}
)
NOT_KEY = frozenset({Fit.OFF_TARGET, Fit.PREPARING})


@record
class Outcome:
    effect: Effect
    sensation: Sensation
    rule: str
    teaching: str
    tolerance: int
    fit: Fit
    excess: int  # pressure minus tolerance, with a step added for too long on one spot
    reproduced: bool = False
    deferred: bool = False
    relief: float = 0.0  # NRS points of relief the table offers for an adequate dose
    flare: float = 0.0  # NRS points the flare adds
    spreads: bool = False  # the flare sends symptoms further down the leg
    warmed: bool = False  # broad work had warmed the region before this treatment


def judge_fit(case: Case, state: ClientState, action: Treat) -> Fit:
    """How this treatment relates to what drives this client (DESIGN section 5, item 6)."""
    h = case.hidden
    source, irritability = h.source, h.irritability
    group, region = GROUP[action.technique], action.region
    if source is Source.RED_FLAG:
        return Fit.OFF_TARGET
    if group is Group.TRIGGER and not any(
        tp.region is region and region not in state.released for tp in h.trigger_points
    ):
        return Fit.OFF_TARGET  # no trigger point there, or already released
    responds = expected(group, source, irritability).startswith("R")
    on_trigger_point = group is Group.TRIGGER  # checked above: an unreleased one is there
    if on_trigger_point and source is not Source.TRIGGER_POINT:
        return Fit.SECONDARY  # a trigger point beside the main source contributes (Adelmanesh15)
    key = key_tissue(case, source)
    if (
        region in key
        and group in key_groups(source, irritability)
        # a centralising client's key is the lumbar movement itself, not broad work there
        and (group is Group.MOVEMENT or not directional(case, source))
    ):
        return Fit.KEY
    if region in treatable(case, source) and responds:
        return Fit.PRIMARY
    secondary = h.secondary
    if (
        secondary is not None
        and region in treatable(case, secondary)
        and (group is Group.TRIGGER or expected(group, secondary, irritability).startswith("R"))
    ):
        return Fit.SECONDARY
    if group is Group.BROAD and (region in key or set(WARMS_ALSO.get(region, ())) & key):
        return Fit.PREPARING  # broad work on the key tissue or the layers above it (seed)
    return Fit.OFF_TARGET


def _involved(case: Case, region: Region) -> bool:
    """Whether a region takes part in this client's complaint: tolerance there is the
    client's; elsewhere an overdose only makes the muscle sore (domain.md 5d)."""
    h = case.hidden
    sources = [h.source] + ([h.secondary] if h.secondary else [])
    if region in NERVE_PATH and nerve_involved(h.source, h.nerve_sensitivity):
        return True
    return any(region in treatable(case, s) for s in sources) or any(
        tp.region is region for tp in h.trigger_points
    )


def decide(case: Case, state: ClientState, action: Treat, rng: random.Random) -> Outcome:
    """Which rule fires for this treatment, before the state changes."""
    h = case.hidden
    # read once: every attribute of a pydantic model costs a __getattr__ hook
    source, irritability = h.source, h.irritability
    group = GROUP[action.technique]
    region, pressure, minutes = action.region, action.pressure, action.minutes
    tol = tolerance(
        group,
        region,
        irritability,
        h.nerve_sensitivity,
        warmed=(warmed := state.warmed(region)),
        guarded=case.tissue(region).guarding > 0.6 or state.guarding > 0.75,
    )
    fit = judge_fit(case, state, action)
    excess = pressure - tol
    if group in PINPOINT_GROUPS:
        done = state.specific_minutes.get(region, 0) + minutes
        if done > minutes_limit(group, irritability):
            excess += 1  # too long on one spot (domain.md 5d)
    nerve = nerve_involved(source, h.nerve_sensitivity)

    def outcome(
        effect: Effect,
        sensation: Sensation,
        rule: str,
        teaching: str,
        *,
        reproduced: bool = False,
        deferred: bool = False,
        relief: float = 0.0,
        flare: float = 0.0,
        spreads: bool = False,
        working: bool = False,
    ) -> Outcome:
        return Outcome(
            effect,
            sensation,
            rule,
            teaching,
            tol,
            fit,
            0 if working else excess,
            reproduced,
            deferred,
            relief,
            flare,
            spreads,
            warmed,
        )

    def flare(
        rule: str, teaching: str, reproduced: bool = False, peripheral: bool = False
    ) -> Outcome:
        deferred = irritability is Irritability.HIGH and rng.random() < DELAYED_FLARE
        spreads = peripheral or (nerve and (region in NERVE_PATH or excess >= 2 or reproduced))
        if spreads:
            sensation = (
                Sensation.RADIATING if reproduced or rng.random() < 0.6 else Sensation.TINGLING
            )
        else:
            sensation = Sensation.SHARP
        if deferred:
            sensation = Sensation.PRESSURE
        # radiating symptoms from work over the nerve path arm the reproduction rule
        reproduced = reproduced or (sensation is Sensation.RADIATING and region in NERVE_PATH)
        return outcome(
            Effect.FLARE,
            sensation,
            rule,
            teaching,
            reproduced=reproduced,
            deferred=deferred,
            flare=flare_size(excess),
            spreads=spreads,
        )

    # Directional preference: lumbar movement goes the way extension does; only small,
    # supported movement centralises, and firmer movement peripheralises no less.
    if group is Group.MOVEMENT and region is Region.LUMBAR:
        if case.findings.extension == "peripheralises" and minutes >= 2:
            # the symptoms go further down the leg: peripheralisation (domain.md 7, rule 6)
            return flare(PERIPHERALISED, "directional_preference", peripheral=True)
        if (
            pressure <= LIGHT_MAX
            and case.findings.extension == "centralises"
            and minutes >= DIRECTIONAL_MINUTES
            and excess <= 0
        ):
            return outcome(
                Effect.RELIEF,
                Sensation.PRESSURE,
                CENTRALISED,
                "directional_preference",
                relief=relief_amount(expected(group, source, irritability)) or 0.5,
                # small supported movement that centralises is the working dose itself,
                # however far under the region's tolerance (domain.md 5d)
                working=True,
            )

    # Reproduction rule (seed: deep rotators): sharp radiating symptoms mean back off.
    nerve_path_work = (
        region in NERVE_PATH
        and group in PROVOCATIVE_GROUPS
        and (source in (Source.LUMBAR_RADICULAR, Source.DEEP_GLUTEAL) or nerve)
    )
    if nerve_path_work:
        before = state.reproduced_at.get(region)
        if before is not None and pressure >= before:
            return flare("reproduction_pushed", "reproduction", reproduced=True)
        if before is None and pressure >= 3 and rng.random() < h.nerve_sensitivity:
            if excess > 0:
                return flare("reproduction_over_tolerance", "reproduction", reproduced=True)
            return outcome(
                Effect.NEUTRAL,
                Sensation.RADIATING,
                "reproduction_warning",
                "reproduction",
                reproduced=True,
            )

    over = excess >= 2 or (excess == 1 and rng.random() < FLARE_AT_ONE_OVER)
    if over and not _involved(case, region):
        # too much for an uninvolved muscle: it gets sore there, the complaint is unchanged
        return outcome(Effect.NEUTRAL, Sensation.SHARP, "local_soreness", "dose")
    if over:
        teaching = "neural_stretch" if group is Group.STRETCH else "dose"
        return flare("over_tolerance", teaching)

    cell = expected(group, source, irritability)
    if fit is Fit.SECONDARY and h.secondary is not None:
        cell = expected(group, h.secondary, irritability)
    has_trp = any(tp.region is region for tp in h.trigger_points) and region not in state.released
    if group is Group.TRIGGER and has_trp and source is not Source.RED_FLAG:
        # a trigger point answers to compression as a trigger point, whatever else is going
        # on: beside a nerve root it eases the buttock part (domain.md 7, rule 2)
        cell = expected(group, Source.TRIGGER_POINT, irritability)
    if cell == "F":
        # on the nerve path only where the nerve takes part; an uninvolved muscle is spared
        if (region in NERVE_PATH and _involved(case, region)) or fit is not Fit.OFF_TARGET:
            teaching = "neural_stretch" if group in NEURAL_GROUPS else "dose"
            return flare("table_flare", teaching)
        cell = "N"
    if excess == 1:
        # one over tolerance and lucky: sore, not relieving
        return outcome(Effect.GOOD_SORE, Sensation.GOOD_SORE, "one_over_tolerance", "good_sore")
    if source is Source.RED_FLAG:
        return outcome(Effect.NEUTRAL, Sensation.PRESSURE, "red_flag_no_change", "red_flags")
    if cell == "G":
        return outcome(Effect.GOOD_SORE, Sensation.GOOD_SORE, "good_sore", "good_sore")
    amount = relief_amount(cell)
    teaching = RELIEF_TEACHING[group]
    if group is Group.TRIGGER:
        if not has_trp:
            return outcome(
                Effect.NEUTRAL, Sensation.PRESSURE, "no_trigger_point_here", "trigger_points"
            )
        # relief is real but silent: only reassessment shows it (domain.md 7, rule 3)
        return outcome(
            Effect.RELIEF,
            Sensation.GOOD_SORE,
            "trigger_point_release",
            "trigger_points",
            relief=amount,
        )
    if fit in NOT_KEY:
        if group in GENERAL_RELIEF_GROUPS and amount:
            amount *= OFF_TARGET_RELIEF
        else:
            return outcome(Effect.NEUTRAL, Sensation.PRESSURE, "off_target", "not_pain_site")
    elif fit is Fit.SECONDARY:
        amount *= 0.5
    if amount <= 0:
        return outcome(Effect.NEUTRAL, Sensation.PRESSURE, "no_response", teaching)
    return outcome(Effect.RELIEF, Sensation.PRESSURE, "relief", teaching, relief=amount)


def dose_factor(action: Treat, tol: int) -> float:
    """How much of a technique's effect a dose delivers: time on the tissue (against an
    adequate dose for that kind of work) and pressure towards the tissue's tolerance, the
    working zone of the client discomfort scale (domain.md 6); far lighter work mostly
    just feels nice."""
    time = min(1.2, action.minutes / ADEQUATE_MINUTES[GROUP[action.technique]])
    depth = 0.35 + 0.65 * min(1.0, action.pressure / max(1, tol))
    return time * depth


def apply(
    case: Case,
    state: ClientState,
    action: Treat,
    outcome: Outcome,
    rng: random.Random,
    step: int,
) -> float:
    """Change the client's state by the outcome of one treatment; returns the NRS points
    of relief actually applied."""
    group = GROUP[action.technique]
    region, pressure, minutes = action.region, action.pressure, action.minutes
    before = state.pain
    if group is Group.BROAD:
        for warmed in (region, *WARMS_ALSO.get(region, ())):
            state.warm_minutes[warmed] = state.warm_minutes.get(warmed, 0) + minutes
    if group in PINPOINT_GROUPS:
        state.specific_minutes[region] = state.specific_minutes.get(region, 0) + minutes
    if outcome.reproduced:
        state.reproduced_at[region] = min(pressure, state.reproduced_at.get(region, 9))
    mark = FlareMark(step, structure_of(region), group, pressure)
    if outcome.effect is Effect.FLARE:
        if outcome.deferred:
            state.pending.append((mark, outcome.flare, outcome.spreads))
        else:
            flare_state(state, outcome.flare, outcome.spreads)
            state.last_flare = mark
    elif outcome.effect is Effect.RELIEF:
        # small supported movement is the whole dose when it centralises (domain.md 5d)
        working = action.pressure if outcome.rule == CENTRALISED else outcome.tolerance
        amount = outcome.relief * dose_factor(action, working)
        relieve(case, state, amount, group, region)
        if outcome.rule == CENTRALISED:
            centralise(case, state)
        if group is Group.TRIGGER:
            state.released.add(region)
    elif outcome.sensation is Sensation.RADIATING:
        state.pain += 0.3  # the reproduction itself stirs the nerve a little
        state.flare_pain += 0.3
    if (
        group in MOBILISING_GROUPS
        and outcome.effect is not Effect.FLARE
        and case.hidden.irritability is not Irritability.HIGH
    ):
        # seed: passive movement and contract-relax reduce guarding whatever the source; the
        # hip moves more freely only where soft-tissue restriction is part of the problem,
        # which is what makes the retest informative
        time = min(1.2, minutes / ADEQUATE_MINUTES[group])
        state.guarding -= 0.1 * time
        if outcome.fit is not Fit.OFF_TARGET:
            state.slr_angle += round(3 * time)
            state.hip_ir += round(3 * time)
    state.clamp()
    return max(0.0, before - state.pain)


def flare_state(state: ClientState, size: float, spreads: bool) -> None:
    """A flare: pain up by its size, guarding up, range down; a flare on the nerve spreads
    symptoms one step down the leg and brings tingling."""
    state.pain += size
    state.flare_pain += size
    state.guarding += 0.2
    state.slr_angle -= 8
    state.hip_ir -= 3
    if spreads:
        state.reach += 1
        state.flare_reach += 1
        state.paraesthesia = True
    state.clamp()


def settle(case: Case, state: ClientState, minutes: int) -> float:
    """Flare pain settles with time at the rate irritability sets (domain.md 5b); at low
    irritability spread symptoms withdraw once the flare has mostly settled. Returns the
    NRS points that settled."""
    if state.flare_pain <= 0 or minutes <= 0:
        return 0.0
    share = settled_share(case.hidden.irritability, minutes)
    amount = state.flare_pain * share
    state.flare_pain -= amount
    state.pain -= amount
    if state.flare_pain < 0.3:
        state.flare_pain = 0.0
        if state.flare_reach and case.hidden.irritability is Irritability.LOW:
            state.reach -= state.flare_reach
            state.flare_reach = 0
    state.clamp()
    return amount


def pain_floor(case: Case) -> float:
    """How low pain can go in one session (domain.md 7, rule 2: small leg relief in
    radicular pain; rule 1: no lasting relief for a red flag)."""
    h = case.hidden
    if h.source is Source.RED_FLAG:
        return float(h.pain)
    return h.pain * PAIN_FLOOR.get(h.source, PAIN_FLOOR_OTHERS)


def relieve(case: Case, state: ClientState, amount: float, group: Group, region: Region) -> None:
    h = case.hidden
    floor = pain_floor(case)
    state.pain = max(min(state.pain, floor), state.pain - amount)
    state.flare_pain = max(0.0, state.flare_pain - amount)
    state.guarding -= 0.08 * amount
    if region in SLR_REGIONS or group in SLR_GROUPS:
        state.slr_angle += round(4 * amount)
    if region in HIP_ROTATION_REGIONS:
        state.hip_ir += round(3 * amount)
    # the distal boundary retreats only when a somatic source has truly eased; a nerve
    # root's leg symptoms centralise only with directional preference (domain.md 7, 2 and 6)
    settled = h.pain - state.pain
    if (
        h.source is not Source.LUMBAR_RADICULAR
        and settled >= 2
        and state.reach > Reach.BUTTOCK.level
        and state.reach >= h.reach.level
    ):
        state.reach -= 1
    state.clamp()


def centralise(case: Case, state: ClientState) -> None:
    """The distal boundary retreats one step, not past the buttock (domain.md 7, rule 6)."""
    if state.reach > Reach.BUTTOCK.level:
        state.reach -= 1
        if state.flare_reach:
            state.flare_reach -= 1
    state.clamp()
