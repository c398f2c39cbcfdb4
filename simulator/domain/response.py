"""What one step returns: the visible text and signals, and the hidden annotation.

Records (frozen dataclasses for the type checker, simulator.domain.record) rather than pydantic
models: the engine is their only author, so validation would only cost time on the hot path
(three of them per step).
"""

from __future__ import annotations

from dataclasses import field

from simulator.domain.ids import Effect, Fit, Reach, Sensation
from simulator.domain.record import record


@record
class Signals:
    """The visible facts of a step as data; a signal the step does not reveal is None."""

    minutes_left: int
    positive: bool | None = None
    nrs: int | None = None
    reach: Reach | None = None
    sensation: Sensation | None = None
    # the categorical finding a history answer shows in words (its onset, quality, easing
    # or aggravator value: simulator.knowledge.likelihoods.CATEGORICAL_LIKELIHOOD), for
    # agents in process; the run JSON keeps the signal set DESIGN section 5 lists
    detail: str | None = None

    def visible(self) -> dict[str, object]:
        """The JSON form: absent signals are left out."""
        out: dict[str, object] = {}
        if self.positive is not None:
            out["positive"] = self.positive
        if self.nrs is not None:
            out["nrs"] = self.nrs
        if self.reach is not None:
            out["reach"] = self.reach.value
        if self.sensation is not None:
            out["sensation"] = self.sensation.value
        out["minutes_left"] = self.minutes_left
        return out


@record
class Note:
    """The hidden annotation scoring and the debrief read (never shown during play)."""

    rule: str = ""  # which response rule fired
    teaching: str = ""  # teaching point id (simulator.knowledge.teaching)
    tolerance: int | None = None  # the region's tolerance when this treatment was applied
    fit: Fit | None = None  # how the treatment relates to what drives this client
    excess: int | None = None  # pressure over tolerance (negative: under it)
    warmed: bool = False  # broad work had warmed the treated region beforehand
    reproduced: bool = False  # sharp radiating symptoms reproduced
    deferred_flare: bool = False  # a flare that will surface later
    surfaced_flare: bool = False  # a delayed flare surfacing now
    flare_cause: int | None = None  # the step whose treatment caused the flare shown here
    flare_structure: str = ""  # what flared (the sciatic path counts as one structure)
    after_flare: str = ""  # the first treatment after a flare: "adapted" or "escalated"
    settled: float = 0.0  # flare pain that settled with the time this step took
    relief: float = 0.0  # NRS points of relief this treatment applied
    revealed: tuple[str, ...] = ()  # flag findings this step brought out clearly
    screened: bool = False  # a clear answer to a screening question
    provocation: bool = False  # a test that provokes the symptoms it looks for
    performed: bool = True  # False when refused (no time, session over)
    pain: float = 0  # true pain after the step
    reach: Reach = Reach.NONE  # true reach after the step
    slr_angle: int = 0
    hip_ir: int = 0


@record
class Response:
    text: str
    signals: Signals
    effect: Effect | None = None
    note: Note = field(default_factory=Note)
    ended: bool = False
