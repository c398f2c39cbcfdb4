"""A calm client's working dose is the edge of tolerance, re-enacted on populations of
generated clients (issue 12: a fixed gentle dose must not fit every irritability).

domain.md 5d aims a trigger-point hold at 7-8/10 discomfort at low irritability (the
scale's "optimum therapeutic zone", domain.md 6) and at 5-6/10 ("works tissue") at
moderate: one level under the edge is the moderate client's dose and only part of a calm
client's. The teaching point says it: an irritable client takes small, light work, a calm
one needs firm pressure before the tissue changes.
"""

from __future__ import annotations

from test_rubric import PC, clients, items, run

from simulator.domain.case import Case
from simulator.domain.ids import Irritability
from simulator.knowledge.dose import LOW_ONE_UNDER, working_share
from simulator.knowledge.teaching import TEACHING
from simulator.scoring.rubric import FIT_GATE, WEIGHTS, score

LOW, MOD = Irritability.LOW, Irritability.MODERATE
# longitudinal myofascial work on a cold chain link: the irritability's tolerance, untouched
# by warming, guarding or a nerve (domain.md 5d)
TOLERANCE = {LOW: 4, MOD: 3}


def plan(case: Case, pressure: int, said: Irritability) -> list[str]:
    """Palpate the link that drives this chain client, then work it for an adequate dose."""
    driver = case.hidden.driver
    assert driver is not None
    return [
        "ask onset",
        "ask training_load",
        "test hamstring_length",
        f"palpate {driver.value}",
        f"impression posterior_chain {said.value}",
        f"treat myofascial {driver.value} {pressure} 8",
        "reassess hamstring_length",
        "end",
    ]


def technique(case: Case, lines: list[str]) -> tuple[float, str]:
    result = score(case, run(case, lines))
    item = next(i for i in result.items if i.id == "technique_fit")
    return items(result)["technique_fit"] / WEIGHTS["technique_fit"], item.teaching


def driven(irritability: Irritability) -> list[Case]:
    return [c for c in clients(PC, irritability, 60) if c.hidden.driver is not None]


def test_one_level_under_the_edge_is_part_of_a_calm_clients_dose_only() -> None:
    assert working_share(-1, MOD) == working_share(0, LOW) == 1.0
    assert working_share(-1, LOW) == LOW_ONE_UNDER <= FIT_GATE
    assert working_share(-2, LOW) < LOW_ONE_UNDER


def test_a_calm_client_needs_work_at_the_edge_to_clear_the_gate() -> None:
    cases = driven(LOW)
    assert len(cases) >= 30
    for case in cases:
        steps = run(case, plan(case, TOLERANCE[LOW], LOW))
        assert steps[5].response.note.tolerance == TOLERANCE[LOW], case.id
        at_edge, _teaching = technique(case, plan(case, TOLERANCE[LOW], LOW))
        under, teaching = technique(case, plan(case, TOLERANCE[LOW] - 1, LOW))
        assert at_edge > FIT_GATE >= under, case.id
        # the teaching point names the reason: the dose, not the tissue
        assert teaching == TEACHING["working_dose"].text, case.id
    assert "calm one needs firm pressure" in TEACHING["working_dose"].text


def test_one_level_under_the_edge_is_a_full_dose_for_a_moderate_client() -> None:
    for case in driven(MOD)[:30]:
        at_edge, _t = technique(case, plan(case, TOLERANCE[MOD], MOD))
        under, _t = technique(case, plan(case, TOLERANCE[MOD] - 1, MOD))
        assert under == at_edge > FIT_GATE, case.id


def test_a_dose_that_follows_a_cautious_impression_is_a_full_dose() -> None:
    """Judging a calm client one level more irritable (the safe side) and dosing for that
    level costs the impression item, not the technique: the dose followed the judgement."""
    for case in driven(LOW)[:30]:
        cautious, _t = technique(case, plan(case, TOLERANCE[MOD], MOD))
        at_edge, _t = technique(case, plan(case, TOLERANCE[LOW], LOW))
        assert cautious == at_edge > FIT_GATE, case.id
