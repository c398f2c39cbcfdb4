"""What one step returns: the visible text and signals, and the hidden annotation."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from simulator.domain.ids import Effect, Reach, Sensation


class Signals(BaseModel):
    """The visible facts of a step as data; a signal the step does not reveal is None."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    positive: bool | None = None
    nrs: int | None = Field(None, ge=0, le=10)
    reach: Reach | None = None
    sensation: Sensation | None = None
    minutes_left: int = Field(ge=0)

    def visible(self) -> dict[str, object]:
        """The JSON form: absent signals are left out."""
        return self.model_dump(mode="json", exclude_none=True)


class Note(BaseModel):
    """The hidden annotation scoring and the debrief read (never shown during play)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str = ""  # which response rule fired
    teaching: str = ""  # teaching point id (simulator.knowledge.teaching)
    tolerance: int | None = None  # the region's tolerance when this treatment was applied
    fits_source: bool | None = None  # treatment on tissue this source responds to
    reproduced: bool = False  # sharp radiating symptoms reproduced
    deferred_flare: bool = False  # a flare that will surface later
    surfaced_flare: bool = False  # a delayed flare surfacing now
    performed: bool = True  # False when refused (no time, session over)
    pain: float = 0  # true pain after the step
    reach: Reach = Reach.NONE  # true reach after the step
    slr_angle: int = 0
    hip_ir: int = 0


class Response(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    effect: Effect | None = None
    signals: Signals
    note: Note = Field(default_factory=Note)
    ended: bool = False
