"""`run --json`'s line is built from pieces (simulator.transcript.result_text): it must be the
text `json.dumps` gives for the result object, byte for byte, whatever the case and script."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from strategies import ACTIONS, BLUEPRINTS, GEN

from simulator.cli.common import load_case
from simulator.domain.actions import (
    Action,
    Treat,
)
from simulator.domain.case import Case
from simulator.domain.ids import Region, Source, Technique
from simulator.generator.generate import default_blueprint
from simulator.transcript import encode_json, play, result_json, result_text, score_text

from .conftest import REPO

REFS = st.sampled_from(
    [None, {}, {"file": "mix/a b.yaml"}, {"blueprint": "bp/ünïcode.yaml"}, {"data": 1, "x": 2}]
)


def same_text(case: Case, seed: int, actions: list[Action], ref: dict[str, Any] | None) -> None:
    session, result = play(case, seed, actions)
    expected = json.dumps(result_json(case, seed, session, result, ref))
    assert encode_json(result_json(case, seed, session, result, ref)) == expected
    assert result_text(case, seed, session, result, ref) == expected
    assert result_text(case, seed, session, result, ref) == expected  # from the caches
    assert score_text(result) == json.dumps(result.model_dump(mode="json"))


@given(
    blueprint=st.sampled_from(BLUEPRINTS),
    number=st.integers(0, 10**6),
    name=st.sampled_from([None, "José Núñez", 'Ann "Quote" \\ O\'Neil\t\u2028']),
    seed=st.integers(0, 2**32),
    actions=st.lists(ACTIONS, max_size=30),
    ref=REFS,
)
def test_result_text_is_the_json_of_the_result(
    blueprint: Any,
    number: int,
    name: str | None,
    seed: int,
    actions: list[Action],
    ref: dict[str, Any] | None,
) -> None:
    case = GEN.generate(blueprint, number)
    if name is not None:
        case = case.model_copy(update={"persona": case.persona.model_copy(update={"name": name})})
    same_text(case, seed, actions, ref)


def test_result_text_of_a_case_with_a_course_block_and_the_routine() -> None:
    from simulator.cli.common import load_actions

    case = load_case(REPO / "examples" / "course" / "lorry-driver-course.yaml")
    assert case.course is not None
    routine = load_actions(REPO / "examples" / "routine.txt")
    for seed in range(3):
        same_text(case, seed, routine, {"file": "examples/course/lorry-driver-course.yaml"})
    # sessions with critical errors: early stretching and deep stripping of an irritable nerve
    rough = [
        Treat(technique=Technique.STRETCH, region=Region.HAMSTRINGS, pressure=5, minutes=9),
        Treat(technique=Technique.STRIPPING, region=Region.DEEP_ROTATORS, pressure=5, minutes=15),
    ]
    errors = 0
    for number in range(20):
        case = GEN.generate(default_blueprint(Source.LUMBAR_RADICULAR), number)
        same_text(case, 0, rough, None)
        errors += bool(play(case, 0, rough)[1].critical_errors)
    assert errors
