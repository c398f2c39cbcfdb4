"""How long to hold a trigger point on a highly irritable client, re-enacted on a population
of generated clients: domain.md 5d, "<=3/10, <=30 s, or skip" at high irritability, the
shortest hold the session's minutes can give (dose.HOLD_LIMIT_HIGH).
"""

from __future__ import annotations

from test_rubric import TP, clients, run

from simulator.domain.case import Case
from simulator.domain.ids import Irritability
from simulator.engine.session import Step
from simulator.knowledge.dose import HOLD_LIMIT_HIGH, SPECIFIC_MINUTES_LIMIT, minutes_limit
from simulator.knowledge.techniques import Group
from simulator.scoring.rubric import FIT_COUNTS, FIT_GATE, WEIGHTS, score

HIGH = Irritability.HIGH


def session(case: Case, minutes: int) -> list[Step]:
    """Find the point, warm its muscle lightly, hold it lightly, retest."""
    muscle = case.hidden.trigger_points[0].region.value
    return run(
        case,
        [
            "ask onset",
            f"palpate {muscle}",
            "impression trigger_point high",
            f"treat compression {muscle} 2 3",
            f"treat trigger_point {muscle} 2 {minutes}",
            "check_in",
            "reassess pain_rating",
            "end",
        ],
    )


def test_only_an_irritable_clients_hold_is_this_short() -> None:
    assert minutes_limit(Group.TRIGGER, HIGH) == HOLD_LIMIT_HIGH == 1
    assert minutes_limit(Group.SPECIFIC, HIGH) == SPECIFIC_MINUTES_LIMIT[HIGH]
    for level in (Irritability.LOW, Irritability.MODERATE):
        assert minutes_limit(Group.TRIGGER, level) == SPECIFIC_MINUTES_LIMIT[level]


def test_a_long_hold_on_an_irritable_client_goes_over_tolerance() -> None:
    cases = clients(TP, HIGH, 40)
    for case in cases:
        short, long = session(case, HOLD_LIMIT_HIGH)[4], session(case, 3)[4]
        note = short.response.note
        assert note.excess == short.action.pressure - note.tolerance, case.id  # type: ignore[union-attr]
        assert long.response.note.excess == note.excess + 1, case.id


def test_a_short_light_hold_is_a_full_dose_and_its_warm_up_prepares_it() -> None:
    """A minute's light hold, retested, is the whole dose for an irritable client; the
    broad work that warmed the muscle first prepares it rather than missing the target."""
    cleared = 0
    for case in clients(TP, HIGH, 40):
        steps = session(case, HOLD_LIMIT_HIGH)
        assert steps[3].response.note.fit in FIT_COUNTS, case.id  # PREPARING, or a contributor's
        result = score(case, steps)
        item = next(i for i in result.items if i.id == "technique_fit")
        assert "100% of an adequate dose" in item.detail, (case.id, item.detail)
        cleared += item.points / WEIGHTS["technique_fit"] > FIT_GATE
    assert cleared >= 30  # the light hold may still flare a few of the most reactive
