"""The case: a visible persona, a hidden state, and the findings the client will show."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from simulator.domain.ids import (
    DRIVER_TISSUES,
    Irritability,
    Reach,
    RedFlagKind,
    Region,
    Source,
    Style,
)

Side = Literal["left", "right"]
# Categorical history findings (domain.md section 2): each value has a likelihood per source
# in simulator.knowledge.likelihoods.CATEGORICAL_LIKELIHOOD.
Onset = Literal["gradual", "lift_bend", "sitting", "training", "fall"]
Quality = Literal["shooting", "deep_ache", "tight_pull", "band"]
Easing = Literal["moving", "lying", "warm_up", "heat_pressure", "hips_bent"]
Aggravator = Literal["none", "speed", "rising", "side_lying", "standing"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Persona(_Frozen):
    """What the student sees at the briefing."""

    name: str = Field(min_length=1, description="The client's name.")
    age: int = Field(ge=16, le=95)
    pronoun: Literal["he", "she", "they"] = "they"
    occupation: str = Field(min_length=1)
    sport: str = Field(min_length=1, description="Main sport or activity.")
    training_load: str = Field(min_length=1, description="Training load in the client's words.")
    style: Style = Style.PLAIN
    side: Side = Field("right", description="The symptomatic side.")
    complaint: str = Field(min_length=1, description="The presenting complaint, own words.")


class TriggerPoint(_Frozen):
    region: Region
    refers_to: Reach = Field(description="How far down the leg its referral reaches.")


class TissueState(_Frozen):
    tone: float = Field(0.3, ge=0, le=1, description="Resting tension, 0 soft to 1 rigid.")
    tenderness: float = Field(0.2, ge=0, le=1)
    guarding: float = Field(0.2, ge=0, le=1)


class Findings(_Frozen):
    """What history, observation, palpation and tests reveal (domain.md section 3b)."""

    back_pain: bool = False
    paraesthesia: bool = False
    weakness: bool = False
    cough_sneeze: bool = Field(False, description="Leg pain worse on cough or sneeze.")
    sitting_worse: bool = Field(True, description="Sitting worse than walking.")
    night_pain: bool = False
    seated_guarding: bool = False
    slr: bool = False
    slump: bool = False
    fair: bool = False
    notch_tender: bool = Field(False, description="Tender at sciatic notch / deep rotators.")
    gluteal_trp: bool = Field(False, description="A gluteal trigger point feels familiar.")
    hamstring_short: bool = False
    thomas: bool = False
    flexion_leg: bool = Field(False, description="Lumbar flexion reproduces leg symptoms.")
    extension: Literal["none", "centralises", "peripheralises", "local", "eases"] = Field(
        "none",
        description="What lumbar extension does to the symptoms.",
    )
    disc_history: bool = False
    injury_history: bool = False
    training_spike: bool = False
    bilateral: bool = False
    saddle_numbness: bool = False
    bladder_bowel: bool = False
    cancer_history: bool = False
    systemic: bool = Field(False, description="Weight loss, fever or feeling generally unwell.")
    constant_pain: bool = False
    weakness_progressive: bool = Field(
        False, description="The weakness is getting worse (the progressive red flag)."
    )
    hip_ir_restricted: bool = Field(
        False, description="Hip internal rotation limited (<25 degrees) or painful."
    )
    onset: Onset = Field("gradual", description="How the symptoms started.")
    quality: Quality = Field("deep_ache", description="What the pain feels like.")
    easing: Easing = Field("moving", description="What eases it most.")
    aggravator: Aggravator = Field(
        "none", description="What sets it off besides sitting, bending and coughing."
    )
    trendelenburg: bool = Field(
        False, description="The pelvis drops on single-leg stance on the symptomatic side."
    )
    provoked_by: Irritability | None = Field(
        None,
        description="How little sets the symptoms off, as the client tells it: the level "
        "of irritability that describes (none: the client does not say).",
    )
    settles: Irritability | None = Field(
        None,
        description="How long a flare takes to settle, as the client tells it: the level "
        "of irritability that describes (none: the client does not say).",
    )


class Hidden(_Frozen):
    """The truth the student must reason towards; revealed only at the debrief."""

    source: Source
    secondary: Source | None = None
    irritability: Irritability
    nerve_sensitivity: float = Field(ge=0, le=1)
    red_flag_kind: RedFlagKind | None = None
    pain: int = Field(ge=0, le=10, description="Pain at the start (NRS).")
    reach: Reach = Reach.THIGH
    slr_angle: int = Field(70, ge=20, le=90, description="Straight-leg-raise angle, degrees.")
    hip_ir: int = Field(35, ge=5, le=50, description="Hip internal rotation, degrees.")
    trigger_points: tuple[TriggerPoint, ...] = ()
    driver: Region | None = Field(
        None,
        description="The tissue palpation must find: for a posterior_chain client the link "
        "that drives it (hamstrings, calf, thoracolumbar_fascia or lateral_hip); for a "
        "hip_flexor_pelvic client the tissue the restriction has overworked "
        "(quadratus_lumborum, lumbar, glute_max or glute_med). Left out, the whole chain "
        "drives a chain client and no one tissue a hip-flexor client.",
    )
    regions: dict[Region, TissueState] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Hidden:
        if self.secondary == Source.RED_FLAG:
            raise ValueError("secondary: a red flag is always the primary source")
        if self.secondary is not None and self.secondary == self.source:
            raise ValueError("secondary: must differ from source")
        if (self.source == Source.RED_FLAG) != (self.red_flag_kind is not None):
            raise ValueError("red_flag_kind: required for a red_flag source and only for it")
        if self.driver is not None and self.driver not in DRIVER_TISSUES.get(self.source, ()):
            allowed = "; ".join(
                f"{source.value}: {', '.join(r.value for r in tissues)}"
                for source, tissues in DRIVER_TISSUES.items()
            )
            raise ValueError(f"driver: only these sources have one, of these tissues: {allowed}")
        return self


class Trend(StrEnum):
    """How irritability moves across a course when an author pins its trend, not each visit."""

    SETTLES = "settles"
    RISES = "rises"
    STEADY = "steady"


class CoursePin(_Frozen):
    """An author's script for the course of care (issue 14): what happens between visits,
    pinned instead of computed. Every field is optional; a field left out is computed by the
    engine (simulator/engine/course.py) as usual."""

    visits: int | None = Field(
        None,
        ge=2,  # knowledge/course.py VISITS_MIN..VISITS_MAX (a test keeps them equal)
        le=4,
        description="Visits in the course (2-4); default 3, or as many as the script has.",
    )
    relief_holds: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Share of a visit's relief still there at the next (0 fades, 1 holds).",
    )
    delayed_flare: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Chance that a load over tolerance that did not flare on the table flares "
        "at home (1: always comes back flared).",
    )
    irritability: Trend | list[Irritability] | None = Field(
        None,
        description="settles, rises or steady each gap; or the irritability at visits 2, 3 "
        "and 4 (a short list keeps its last value).",
    )
    referral_outcome: str | None = Field(
        None,
        min_length=1,
        description="What the client reports after a medical referral (the GP's findings).",
    )

    @model_validator(mode="after")
    def _visits_listed(self) -> CoursePin:
        if isinstance(self.irritability, list):
            if not 1 <= len(self.irritability) <= 3:
                raise ValueError("irritability: list one to three follow-up visits (2, 3, 4)")
            if self.visits is not None and len(self.irritability) > self.visits - 1:
                raise ValueError(
                    f"irritability: {len(self.irritability)} follow-up visits listed, the "
                    f"course has {self.visits - 1}"
                )
        return self

    @model_serializer(mode="wrap")
    def _pinned_only(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        return {k: v for k, v in data.items() if v is not None} if isinstance(data, dict) else data


def _is_none(value: object) -> bool:
    return value is None


class Case(_Frozen):
    """One concrete client. A blueprint's `generate` makes these; authors write them by hand."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$", description="Stable lower-case id.")
    seed: int = Field(0, ge=0, description="Seed the case was generated from (0 if authored).")
    title: str = ""
    budget_minutes: int = Field(60, ge=10, le=180)
    persona: Persona
    hidden: Hidden
    findings: Findings = Field(default_factory=Findings)
    learning_objectives: tuple[str, ...] = ()
    teaching_note: str = ""
    # A case without a course block serialises as before: its JSON (and the exam packs'
    # digests over it) do not change. (A field's exclude_if, not a wrap serializer on the
    # case: that doubled the cost of dumping every case.)
    course: CoursePin | None = Field(
        None,
        description="Pin the between-visit behaviour of a course of care (optional).",
        exclude_if=_is_none,
    )

    def tissue(self, region: Region) -> TissueState:
        return self.hidden.regions.get(region, UNLISTED_TISSUE)


# The tissue of a region a case does not list; frozen, so one instance serves every case
# (validating a fresh default on every look-up cost more than the look-up).
UNLISTED_TISSUE = TissueState()
