"""Blueprints: a case with freedom. Any field may be a value, a list to choose from
(a mapping gives weights), or a range {min, max}; a missing field follows domain.md."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from simulator.domain.case import CoursePin, Side
from simulator.domain.ids import Irritability, RedFlagKind, Source, Style

T = TypeVar("T")


class Range(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    min: float
    max: float

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min > self.max:
            raise ValueError("min must not exceed max")
        return self


SourceSpec = Source | list[Source] | dict[Source, float]
IrritabilitySpec = Irritability | list[Irritability] | dict[Irritability, float]
StyleSpec = Style | list[Style] | dict[Style, float]
NumberSpec = float | list[float] | Range
IntSpec = int | list[int] | Range


class PersonaSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    age: IntSpec | None = None
    occupation: str | list[str] | None = None
    sport: str | list[str] | None = None
    style: StyleSpec | None = None
    side: Side | list[Side] | None = None


class Blueprint(BaseModel):
    """A family of cases; `generate(blueprint, seed)` draws one concrete case."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")
    title: str = ""
    source: SourceSpec | None = Field(None, description="Default: the domain.md section 1 mix.")
    secondary: Source | list[Source | None] | None = Field(
        None, description="A contributor, a list to choose from (null = none), or the default."
    )
    irritability: IrritabilitySpec | None = None
    nerve_sensitivity: NumberSpec | None = None
    red_flag_kind: RedFlagKind | list[RedFlagKind] | dict[RedFlagKind, float] | None = None
    pain: IntSpec | None = None
    budget_minutes: IntSpec = 60
    persona: PersonaSpec = Field(default_factory=PersonaSpec)
    findings: dict[str, bool | float] = Field(
        default_factory=dict,
        description="Pin a finding (true/false) or give its probability (0-1).",
    )
    learning_objectives: list[str] = Field(default_factory=list)
    teaching_note: str = ""
    course: CoursePin | None = Field(
        None, description="Pin the between-visit behaviour of every drawn case (optional)."
    )

    @model_validator(mode="after")
    def _secondary_not_red_flag(self) -> Blueprint:
        options = self.secondary if isinstance(self.secondary, list) else [self.secondary]
        if Source.RED_FLAG in options:
            raise ValueError("secondary: a red flag is always the primary source")
        return self

    @model_validator(mode="after")
    def _known_findings(self) -> Blueprint:
        from simulator.domain.case import Findings

        for name, value in self.findings.items():
            if name not in Findings.model_fields:
                raise ValueError(f"findings.{name}: not a finding")
            if isinstance(value, float) and not 0 <= value <= 1:
                raise ValueError(f"findings.{name}: a probability is between 0 and 1")
        return self
