"""The client's dynamic state during a session (hidden until the debrief)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from simulator.domain.case import Case
from simulator.domain.ids import REACH_ORDER, Question, Reach, Region, Test
from simulator.knowledge.dose import WARM_UP_MINUTES
from simulator.knowledge.techniques import Group


class FlareMark(NamedTuple):
    """What flared: the step that caused it, the structure, the kind of work, the pressure."""

    step: int
    structure: str
    group: Group
    pressure: int


@dataclass
class ClientState:
    pain: float
    reach: int  # index into REACH_ORDER
    paraesthesia: bool
    guarding: float  # 0..1, protective tension through the buttock and back
    slr_angle: int
    hip_ir: int
    minutes_used: int = 0
    warm_minutes: dict[Region, int] = field(default_factory=dict)
    specific_minutes: dict[Region, int] = field(default_factory=dict)
    reproduced_at: dict[Region, int] = field(default_factory=dict)
    released: set[Region] = field(default_factory=set)  # trigger points already released
    # flares still to surface (high irritability): the cause, the size, whether it spreads
    pending: list[tuple[FlareMark, float, bool]] = field(default_factory=list)
    flare_pain: float = 0.0  # pain from flares that has not settled yet
    flare_reach: int = 0  # steps down the leg that flares added
    last_flare: FlareMark | None = None
    pain_at_check_in: float = -1.0  # true pain at the last check-in (or start)
    asked: dict[Question, int] = field(default_factory=dict)
    first_results: dict[Test, str] = field(default_factory=dict)
    ended: bool = False
    sent_to_doctor: bool = False  # an emergency referral ends hands-on work

    @classmethod
    def start(cls, case: Case) -> ClientState:
        h = case.hidden
        guarding = max((t.guarding for t in h.regions.values()), default=0.3)
        return cls(
            pain_at_check_in=float(h.pain),
            pain=float(h.pain),
            reach=h.reach.level,
            paraesthesia=case.findings.paraesthesia,
            guarding=guarding,
            slr_angle=h.slr_angle,
            hip_ir=h.hip_ir,
        )

    @property
    def reach_id(self) -> Reach:
        return REACH_ORDER[self.reach]

    def warmed(self, region: Region) -> bool:
        return self.warm_minutes.get(region, 0) >= WARM_UP_MINUTES

    def clamp(self) -> None:
        """Keep every value in its range whatever the actions were."""
        # Most calls find every value in range: test first, and clamp only what is out. A
        # float's lower bound is tested strictly so that a zero (-0.0 too) still goes
        # through max() and comes out exactly as before.
        if not 0.0 < self.pain <= 10.0:
            self.pain = min(10.0, max(0.0, self.pain))
        if not 0 <= self.reach < len(REACH_ORDER):
            self.reach = min(len(REACH_ORDER) - 1, max(0, self.reach))
        if not 0.0 < self.guarding <= 1.0:
            self.guarding = min(1.0, max(0.0, self.guarding))
        if not 20 <= self.slr_angle <= 90:
            self.slr_angle = min(90, max(20, self.slr_angle))
        if not 5 <= self.hip_ir <= 50:
            self.hip_ir = min(50, max(5, self.hip_ir))
