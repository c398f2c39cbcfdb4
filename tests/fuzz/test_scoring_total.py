"""Scoring is total: every case that validates scores, whatever was done in the session.
(A lumbar_radicular case with pain 0 once divided by zero in the outcome item.)"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from simulator.domain.actions import CHOICES, action_from_json
from simulator.domain.case import Case
from simulator.domain.ids import MINUTES_MAX, PRESSURE_MAX, Source
from simulator.generator.generate import Generator, default_blueprint
from simulator.transcript import play

GENERATOR = Generator()


@st.composite
def actions(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(["ask", "observe", "palpate", "test", "treat", "check_in"]))
    raw: dict[str, Any] = {"kind": kind}
    names = {"ask": ["question"], "observe": ["what"], "palpate": ["region"], "test": ["test"]}
    names["treat"] = ["technique", "region"]
    for name in names.get(kind, []):
        raw[name] = draw(st.sampled_from(CHOICES[name]))
    if kind == "treat":
        raw["pressure"] = draw(st.integers(1, PRESSURE_MAX))
        raw["minutes"] = draw(st.integers(1, MINUTES_MAX))
    return action_from_json(raw)


@given(
    source=st.sampled_from(list(Source)),
    seed=st.integers(0, 10_000),
    pain=st.integers(0, 10),
    steps=st.lists(actions(), max_size=25),
)
def test_every_valid_case_scores_whatever_the_session(
    source: Source, seed: int, pain: int, steps: list[Any]
) -> None:
    drawn = GENERATOR.generate(default_blueprint(source), seed).model_dump(mode="json")
    drawn["hidden"]["pain"] = pain  # any pain a case file may give, 0 included
    case = Case.model_validate(drawn)
    _session, result = play(case, seed, steps)
    assert 0 <= result.total <= 100
    assert all(0 <= item.points <= item.maximum for item in result.items)
