"""A trigger-point hold counts once a retest showed whether it worked, re-enacted on
populations of generated clients (issue 12: credit decisions on evidence).

Seed, "Trigger point work with clear communication": release is useful "when applied
carefully and followed by reassessment". domain.md 7 rule 3: trigger-point pressure mainly
raises pressure-pain thresholds, its effect on reported pain is uncertain, and only a
retest shows whether it worked.
"""

from __future__ import annotations

from test_rubric import LR, TP, clients, items, run

from simulator.agents.base import drive
from simulator.agents.expert import ExpertAgent
from simulator.domain.actions import Palpate, Reassess, Treat
from simulator.domain.case import Case
from simulator.domain.ids import Irritability, Technique
from simulator.knowledge.teaching import TEACHING
from simulator.scoring.rubric import FIT_GATE, GUESSES, WEIGHTS, score

MOD = Irritability.MODERATE


def hold(case: Case, after: list[str]) -> list[str]:
    """Find the trigger point, warm the muscle, hold it at a working dose, then `after`."""
    muscle = case.hidden.trigger_points[0].region.value
    return [
        "ask onset",
        "ask radiation",
        f"palpate {muscle}",
        "impression trigger_point moderate",
        f"treat compression {muscle} 3 3",
        f"treat trigger_point {muscle} 3 3",
        "check_in",
        *after,
        "end",
    ]


def technique(case: Case, lines: list[str]) -> tuple[float, str]:
    result = score(case, run(case, lines))
    item = next(i for i in result.items if i.id == "technique_fit")
    return items(result)["technique_fit"] / WEIGHTS["technique_fit"], item.detail


def teaching(case: Case, lines: list[str]) -> str:
    result = score(case, run(case, lines))
    return next(i for i in result.items if i.id == "technique_fit").teaching


def test_a_hold_never_retested_earns_no_technique_credit() -> None:
    cases = clients(TP, MOD, 40)
    for case in cases:
        unchecked, detail = technique(case, hold(case, []))
        assert unchecked <= FIT_GATE, case.id
        assert GUESSES["unchecked"] in detail, case.id
        # the teaching point names the reason: compress, then reassess
        assert teaching(case, hold(case, [])) == TEACHING["trigger_points"].text, case.id
        retested, detail = technique(case, hold(case, ["reassess pain_rating"]))
        assert retested > FIT_GATE, case.id
        assert GUESSES["unchecked"] not in detail, case.id


def test_pressing_the_muscle_again_is_a_retest_too() -> None:
    """Re-palpating the held muscle shows whether the band released (domain.md 3c)."""
    for case in clients(TP, MOD, 40):
        muscle = case.hidden.trigger_points[0].region.value
        felt, _detail = technique(case, hold(case, [f"palpate {muscle}"]))
        retested, _detail = technique(case, hold(case, ["reassess pain_rating"]))
        assert felt == retested > FIT_GATE, case.id


def test_the_expert_retests_after_every_hold() -> None:
    sessions = 0
    for source in (TP, LR):
        for irritability in (Irritability.LOW, MOD):
            for case in clients(source, irritability, 30):
                session, _score = drive(ExpertAgent(), case)
                steps = [s.action for s in session.steps]
                for n, action in enumerate(steps):
                    if isinstance(action, Treat) and action.technique is Technique.TRIGGER_POINT:
                        sessions += 1
                        assert any(
                            isinstance(a, Reassess)
                            or (isinstance(a, Palpate) and a.region is action.region)
                            for a in steps[n + 1 :]
                        ), case.id
    assert sessions >= 60  # the property was tested on holds, not vacuously
