"""Properties of the dose tables the engine, the rubric and the expert share (domain.md 5d, 6)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from simulator.domain.actions import Impression
from simulator.domain.ids import Irritability, Source
from simulator.knowledge.dose import SPECIFIC_MINUTES_LIMIT, minutes_limit, working_share
from simulator.knowledge.irritability import LEVELS
from simulator.knowledge.techniques import Group
from simulator.scoring.rubric import dose_level

LEVEL = st.sampled_from(LEVELS)
EXCESS = st.integers(-6, 3)


@given(LEVEL, EXCESS)
def test_more_pressure_up_to_tolerance_never_delivers_less(level: Irritability, e: int) -> None:
    assert working_share(e, level) <= working_share(e + 1, level)
    assert 0 < working_share(e, level) <= 1.0


@given(LEVEL, EXCESS)
def test_a_calm_client_asks_at_least_as_much_pressure_as_any_other(
    level: Irritability, e: int
) -> None:
    assert working_share(e, Irritability.LOW) <= working_share(e, level)
    assert working_share(0, level) == 1.0  # at tolerance the dose is full for everyone


@given(st.sampled_from(list(Group)), LEVEL)
def test_no_pinpoint_limit_is_longer_than_the_specific_work_limit(
    group: Group, level: Irritability
) -> None:
    assert 1 <= minutes_limit(group, level) <= SPECIFIC_MINUTES_LIMIT[level]


@given(LEVEL, st.one_of(st.none(), LEVEL))
def test_the_dose_follows_only_a_one_level_more_cautious_impression(
    truth: Irritability, said: Irritability | None
) -> None:
    stated = Impression(source=Source.DEEP_GLUTEAL, irritability=said) if said else None
    level = dose_level(truth, stated)
    if said is not None and LEVELS.index(said) == LEVELS.index(truth) + 1:
        assert level is said
    else:
        assert level is truth
