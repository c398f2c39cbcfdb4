"""Blueprints to concrete cases: one seeded random.Random and one seeded Faker per draw."""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Mapping, Sequence
from itertools import accumulate
from typing import Any, TypeVar

from simulator.domain.case import Case
from simulator.domain.ids import (
    DRIVER_TISSUES,
    Irritability,
    Reach,
    RedFlagKind,
    Region,
    Source,
    Style,
)
from simulator.generator.blueprint import Blueprint, Range
from simulator.generator.people import (
    ACTIVE_JOBS,
    AGE_RANGE,
    DESK_JOBS,
    SOURCE_SPORTS,
    SPORTS,
    STYLE_MIX,
    compose_complaint,
)
from simulator.knowledge.dose import NERVE_SENSITIVE, radiating
from simulator.knowledge.examination import TENDER_ABOVE
from simulator.knowledge.irritability import PAIN_RANGE, SLR_ANGLE, sample_cue, sample_pain
from simulator.knowledge.likelihoods import (
    CATEGORICAL_LIKELIHOOD,
    EXTENSION_LIKELIHOOD,
    FINDING_LIKELIHOOD,
    IRRITABILITY_MIX,
    NERVE_SENSITIVITY_RANGE,
    RADICULAR_TRP_SECONDARY,
    RED_FLAG_MIX,
    SOURCE_MIX,
    log_posterior,
)
from simulator.knowledge.phrases import reach_words
from simulator.knowledge.regions import (
    DRIVER_WEIGHTS,
    SECONDARY_TRIGGER_REGIONS,
    TARGETS,
    TENDER,
    TRIGGER_POINT_REFERRAL,
)

T = TypeVar("T")
# How many times the findings are redrawn to make a case fair before the last draw stands.
FAIRNESS_ATTEMPTS = 30
SOFT_SOURCES = (
    Source.LUMBAR_RADICULAR,
    Source.DEEP_GLUTEAL,
    Source.TRIGGER_POINT,
    Source.POSTERIOR_CHAIN,
    Source.HIP_FLEXOR_PELVIC,
)
RED_FLAG_FINDINGS: dict[RedFlagKind, dict[str, bool]] = {
    RedFlagKind.CAUDA_EQUINA: {
        "saddle_numbness": True,
        "bladder_bowel": True,
        "bilateral": True,
        "paraesthesia": True,
    },
    RedFlagKind.PROGRESSIVE_WEAKNESS: {
        "weakness": True,
        "weakness_progressive": True,
        "paraesthesia": True,
    },
    RedFlagKind.SYSTEMIC: {
        "cancer_history": True,
        "systemic": True,
        "night_pain": True,
        "constant_pain": True,
    },
}


_CUMULATIVE: dict[int, tuple[list[Any], list[float], Mapping[Any, float]]] = {}


def weighted(rng: random.Random, weights: Mapping[T, float]) -> T:
    # Cumulative weights are cached per mapping: recomputing them dominated generation time.
    cached = _CUMULATIVE.get(id(weights))
    if cached is None or cached[2] is not weights:
        keys = list(weights)
        cached = (keys, list(accumulate(weights[k] for k in keys)), weights)
        _CUMULATIVE[id(weights)] = cached
    keys, cumulative, _ = cached
    picked: T = keys[bisect(cumulative, rng.random() * cumulative[-1])]
    return picked


def choose(rng: random.Random, spec: Any) -> Any:
    """A blueprint value: as given, one of a list, or one of a weighted mapping."""
    if type(spec) is list or type(spec) is tuple:
        return spec[int(rng.random() * len(spec))]
    if isinstance(spec, Mapping):
        return weighted(rng, spec)
    return spec


def number(rng: random.Random, spec: float | Sequence[float] | Range) -> float:
    if isinstance(spec, Range):
        return rng.uniform(spec.min, spec.max)
    return float(choose(rng, spec))


class Generator:
    """Draws cases. One Faker instance, re-seeded per case: no global random state."""

    def __init__(self, locale: str = "en_US") -> None:
        # imported here: Faker takes a tenth of a second to import, and the commands that
        # only read cases (run, validate, replay, exam grade) never draw a name
        from faker import Faker

        # The proxy's attribute lookup is costly per call; its one factory does the work.
        self.fake = Faker(locale).factories[0]
        person = next(p for p in self.fake.providers if "person" in type(p).__module__)
        # Unweighted tuples of Faker's own name lists: its weighted draw costs 100+ us a name.
        self.first_names = {
            "she": tuple(person.first_names_female),
            "he": tuple(person.first_names_male),
        }
        self.last_names = tuple(person.last_names)

    def generate(self, blueprint: Blueprint, seed: int) -> Case:
        rng = random.Random(f"{blueprint.id}:{seed}")
        self.fake.seed_instance(seed)
        bp = blueprint
        source = choose(rng, bp.source) if bp.source is not None else weighted(rng, SOURCE_MIX)
        irritability = (
            choose(rng, bp.irritability)
            if bp.irritability is not None
            else weighted(rng, IRRITABILITY_MIX[source])
        )
        lo, hi = NERVE_SENSITIVITY_RANGE[source]
        spec = bp.nerve_sensitivity
        if isinstance(spec, Range):
            lo, hi = spec.min, spec.max
        nerve = number(rng, spec) if spec is not None else rng.uniform(lo, hi)
        red_flag_kind = None
        if source is Source.RED_FLAG:
            red_flag_kind = (
                choose(rng, bp.red_flag_kind)
                if bp.red_flag_kind is not None
                else weighted(rng, RED_FLAG_MIX)
            )
        secondary = self._secondary(rng, bp, source)
        findings = self._findings(rng, bp, source, secondary, irritability, red_flag_kind)
        culprit = self._culprit(rng, findings) if source is Source.TRIGGER_POINT else None
        reach = culprit[1] if culprit else self._reach(rng, source, findings)
        findings.pop("_below_knee", None)
        drawn = spec is None or isinstance(spec, Range)  # not a value the author pinned
        if source is Source.DEEP_GLUTEAL and drawn and lo < NERVE_SENSITIVE < hi:
            # the trunk is sensitised when the pain radiates below the knee: a drawn value
            # is placed above or below the line within its range (domain.md 2: 0.3-0.7)
            share = (nerve - lo) / (hi - lo)
            edge, top = (
                (NERVE_SENSITIVE + 0.02, hi) if radiating(reach) else (lo, NERVE_SENSITIVE - 0.02)
            )
            nerve = edge + share * (top - edge)
        if secondary is Source.TRIGGER_POINT and reach.level <= Reach.BUTTOCK.level:
            # a buttock trigger point would reproduce the whole complaint: the case could not
            # be told from a trigger-point source, so it gets no such secondary
            secondary = None
            findings["gluteal_trp"] = False
        trigger_points = (
            [culprit]
            if culprit
            else self._secondary_trigger_points(rng, source, secondary, findings, reach)
        )
        if trigger_points and secondary is None and source is not Source.TRIGGER_POINT:
            secondary = Source.TRIGGER_POINT  # the trigger point is the contributor
        pain_lo, pain_hi = PAIN_RANGE[irritability]
        pain = round(number(rng, bp.pain)) if bp.pain is not None else rng.randint(pain_lo, pain_hi)
        # how the client shows irritability beyond the number, from a stream of its own so
        # the rest of the case draws as before (domain.md 5a: a mild pain can be irritable)
        shown = random.Random(f"{blueprint.id}:{seed}:irritability")
        if bp.pain is None:
            pain = sample_pain(shown, irritability, pain)
        findings["provoked_by"] = sample_cue(shown, irritability)
        findings["settles"] = sample_cue(shown, irritability)
        slr_angle = self._slr_angle(rng, findings, irritability)
        # the angle follows the finding: limited (<25 degrees) or painful (domain.md 3a)
        hip_ir = rng.randint(12, 24) if findings.get("hip_ir_restricted") else rng.randint(28, 42)
        tissues = self._tissues(rng, source, secondary, irritability, trigger_points)
        hidden = {
            "source": source,
            "secondary": secondary,
            "irritability": irritability,
            "nerve_sensitivity": round(min(1.0, max(0.0, nerve)), 2),
            "red_flag_kind": red_flag_kind,
            "pain": max(0, min(10, pain)),
            "reach": reach,
            "slr_angle": slr_angle,
            "hip_ir": hip_ir,
            "trigger_points": [{"region": r, "refers_to": to} for r, to in trigger_points],
            "regions": tissues,
        }
        if source in DRIVER_WEIGHTS:
            # which link drives a chain client, or which tissue a hip-flexor restriction has
            # overworked, from a stream of its own so the rest of the case draws as before;
            # only that tissue is tender and dense to the hands
            links = random.Random(f"{blueprint.id}:{seed}:driver")
            hidden["driver"] = driver = weighted(links, DRIVER_WEIGHTS[source])
            _quiet_links(links, tissues, DRIVER_TISSUES[source], driver)
        # One validation of the whole case: building each part as a model costs 3x more.
        return Case.model_validate(
            {
                "id": f"{bp.id}-{seed}",
                "seed": seed,
                "title": bp.title,
                "budget_minutes": min(180, max(10, round(number(rng, bp.budget_minutes)))),
                "persona": self._persona(rng, bp, source, reach, findings),
                "hidden": hidden,
                "findings": findings,
                "learning_objectives": bp.learning_objectives,
                "teaching_note": bp.teaching_note,
                **({"course": bp.course} if bp.course is not None else {}),
            }
        )

    def _secondary(self, rng: random.Random, bp: Blueprint, source: Source) -> Source | None:
        if bp.secondary is not None:
            picked = choose(rng, bp.secondary)
            return None if picked == source else picked
        if source is Source.RED_FLAG:
            return None
        if source is Source.LUMBAR_RADICULAR:
            return Source.TRIGGER_POINT if rng.random() < RADICULAR_TRP_SECONDARY else None
        if rng.random() < 0.3:
            other: Source = choose(rng, [s for s in SOFT_SOURCES if s != source])
            return other
        return None

    def _findings(
        self,
        rng: random.Random,
        bp: Blueprint,
        source: Source,
        secondary: Source | None,
        irritability: Irritability,
        red_flag_kind: RedFlagKind | None,
    ) -> dict[str, bool | str]:
        sampled = self._sample_findings(rng, bp, source, irritability)
        for _attempt in range(FAIRNESS_ATTEMPTS):
            if source is Source.RED_FLAG or self._fair(sampled, source):
                break
            sampled = self._sample_findings(rng, bp, source, irritability)
        out: dict[str, bool | str] = dict(sampled)
        out["extension"] = weighted(rng, EXTENSION_LIKELIHOOD[source])
        if red_flag_kind is not None:
            out.update(RED_FLAG_FINDINGS[red_flag_kind])
        out["_below_knee"] = out.pop("below_knee")
        out["gluteal_trp"] = bool(out.get("gluteal_trp")) or secondary is Source.TRIGGER_POINT
        for name, value in bp.findings.items():
            out[name] = value if isinstance(value, bool) else rng.random() < value
        return out

    def _sample_findings(
        self, rng: random.Random, bp: Blueprint, source: Source, irritability: Irritability
    ) -> dict[str, bool | str]:
        """One draw of the findings, with the blueprint's pins applied, so the fairness
        check sees what the case will show."""
        out: dict[str, bool | str] = {}
        for name, (row, _anchor) in FINDING_LIKELIHOOD.items():
            p = row[source]
            if name == "night_pain" and irritability is Irritability.HIGH:
                p = min(1.0, 2 * p)
            out[name] = rng.random() < p
        for name, (table, _anchor) in CATEGORICAL_LIKELIHOOD.items():
            out[name] = weighted(rng, table[source])
        for name, value in bp.findings.items():
            if name in out:
                out[name] = value if isinstance(value, bool) else rng.random() < value
        return out

    def _fair(self, findings: dict[str, bool | str], source: Source) -> bool:
        """A case is fair when a complete examination points at its true source: draws of
        findings that together point elsewhere are redrawn (issue: unfair cases)."""
        belief = log_posterior(findings, trigger_point_reproduces=source is Source.TRIGGER_POINT)
        return max(belief, key=belief.__getitem__) is source

    def _culprit(self, rng: random.Random, findings: dict[str, bool | str]) -> tuple[Region, Reach]:
        """The trigger point that is the source: its referral is the complaint (domain.md 3c)."""
        weights = {region: w for region, (_reach, w) in TRIGGER_POINT_REFERRAL.items()}
        culprit: Region = weighted(rng, weights)
        refers = TRIGGER_POINT_REFERRAL[culprit][0]
        if culprit is Region.GLUTE_MIN and not findings.get("_below_knee"):
            refers = Reach.THIGH
        return culprit, refers

    def _secondary_trigger_points(
        self,
        rng: random.Random,
        source: Source,
        secondary: Source | None,
        findings: dict[str, bool | str],
        reach: Reach,
    ) -> list[tuple[Region, Reach]]:
        """Gluteal trigger points beside another source (Adelmanesh15). They reproduce only
        the buttock part of the complaint, so a complaint that stops at the buttock gets one
        only when trigger points are the named secondary: otherwise the case would be unfair,
        its source impossible to tell from a trigger point."""
        # radicular cases already drew their trigger-point secondary at the domain.md
        # share; for the others the finding's own likelihood decides
        wanted = secondary is Source.TRIGGER_POINT or (
            bool(findings.get("gluteal_trp"))
            and source not in (Source.RED_FLAG, Source.LUMBAR_RADICULAR)
            and reach.level > Reach.BUTTOCK.level
        )
        findings["gluteal_trp"] = wanted  # palpation shows exactly the trigger points there are
        if not wanted:
            return []
        region: Region = choose(rng, list(SECONDARY_TRIGGER_REGIONS))
        return [(region, Reach.BUTTOCK)]

    def _reach(self, rng: random.Random, source: Source, findings: dict[str, bool | str]) -> Reach:
        if findings.get("_below_knee"):
            return (
                Reach.FOOT
                if source is Source.LUMBAR_RADICULAR and rng.random() < 0.35
                else Reach.BELOW_KNEE
            )
        options = [Reach.BUTTOCK, Reach.THIGH, Reach.THIGH]
        if source is Source.HIP_FLEXOR_PELVIC:
            options = [Reach.BUTTOCK, Reach.BUTTOCK, Reach.THIGH]
        reach: Reach = choose(rng, options)
        return reach

    def _slr_angle(
        self, rng: random.Random, findings: dict[str, bool | str], irritability: Irritability
    ) -> int:
        if findings.get("slr"):
            return rng.randint(*SLR_ANGLE[irritability])
        if findings.get("hamstring_short"):
            return rng.randint(58, 70)
        return rng.randint(72, 88)

    def _tissues(
        self,
        rng: random.Random,
        source: Source,
        secondary: Source | None,
        irritability: Irritability,
        trigger_points: list[tuple[Region, Reach]],
    ) -> dict[Region, dict[str, float]]:
        guard = {Irritability.LOW: 0.25, Irritability.MODERATE: 0.45, Irritability.HIGH: 0.7}[
            irritability
        ]
        involved = set(TENDER[source]) | set(TARGETS[source]) & set(TENDER[source])
        if secondary is not None:
            involved |= TENDER[secondary]
        involved |= {region for region, _to in trigger_points}
        tissues: dict[Region, dict[str, float]] = {}
        for region in sorted(involved):
            tissues[region] = {
                "tone": round(rng.uniform(0.55, 0.9), 2),
                "tenderness": round(rng.uniform(0.5, 0.9), 2),
                "guarding": round(min(1.0, guard + rng.uniform(-0.1, 0.15)), 2),
            }
        for region in (Region.GLUTE_MAX, Region.GLUTE_MED):
            tissues.setdefault(
                region,
                {
                    "tone": round(rng.uniform(0.3, 0.6), 2),
                    "tenderness": round(rng.uniform(0.1, 0.4), 2),
                    "guarding": round(guard, 2),
                },
            )
        return tissues

    def _persona(
        self,
        rng: random.Random,
        bp: Blueprint,
        source: Source,
        reach: Reach,
        findings: Mapping[str, object],
    ) -> dict[str, object]:
        spec, fake = bp.persona, self.fake
        pronoun = "she" if fake.random_int(0, 1) else "he"
        name = (
            f"{fake.random_element(self.first_names[pronoun])} "
            f"{fake.random_element(self.last_names)}"
        )
        lo, hi = AGE_RANGE[source]
        age = round(number(rng, spec.age)) if spec.age is not None else rng.randint(lo, hi)
        desk = source in (Source.HIP_FLEXOR_PELVIC, Source.DEEP_GLUTEAL) or rng.random() < 0.4
        occupation = (
            choose(rng, spec.occupation)
            if spec.occupation is not None
            else choose(rng, DESK_JOBS if desk else ACTIVE_JOBS)
        )
        sport = (
            choose(rng, spec.sport)
            if spec.sport is not None
            else choose(rng, SOURCE_SPORTS[source])
        )
        load = choose(rng, SPORTS.get(sport, ("trains {n} times a week",))).format(
            n=rng.randint(2, 6), k=rng.randint(15, 70)
        )
        style: Style = (
            choose(rng, spec.style) if spec.style is not None else weighted(rng, STYLE_MIX)
        )
        side = choose(rng, spec.side) if spec.side is not None else choose(rng, ["left", "right"])
        where = reach_words(reach, side, rng)
        complaint = compose_complaint(findings, where, style, sport, rng)
        return {
            "name": name,
            "age": max(16, min(95, age)),
            "pronoun": pronoun,
            "occupation": occupation,
            "sport": sport,
            "training_load": load,
            "style": style,
            "side": side,
            "complaint": complaint,
        }


def _quiet_links(
    rng: random.Random,
    tissues: dict[Region, dict[str, float]],
    links: tuple[Region, ...],
    driver: Region,
) -> None:
    """The candidate tissues that do not drive this client feel ordinary (not tender,
    moderate tone); the driver is clearly tender and dense (engine.examination.palpate's
    words)."""
    for link in links:
        tissue = tissues.get(link)
        if tissue is None and link is driver:
            tissue = tissues[link] = {
                "tone": 0.7,
                "tenderness": 0.0,
                "guarding": round(rng.uniform(0.3, 0.5), 2),
            }
        if tissue is None:
            continue
        if link is driver:
            tissue["tenderness"] = max(tissue["tenderness"], TENDER_ABOVE + 0.15)
            tissue["tone"] = max(tissue["tone"], 0.7)
        else:
            tissue["tenderness"] = round(rng.uniform(0.15, TENDER_ABOVE - 0.05), 2)
            tissue["tone"] = round(rng.uniform(0.4, 0.58), 2)


def default_blueprint(source: Source | None = None) -> Blueprint:
    """The domain.md mix (or one source of it) with nothing pinned."""
    return Blueprint(id=f"mix-{source.value}" if source else "mix", source=source)


def generate_mix(count: int, seed: int = 0, source: Source | None = None) -> list[Case]:
    generator = Generator()
    blueprint = default_blueprint(source)
    return [generator.generate(blueprint, seed * 100_000 + i) for i in range(count)]
