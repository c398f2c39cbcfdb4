"""Properties of the engine that hold for any case and any action sequence (Hypothesis).

DESIGN section 2: the engine is deterministic given (case, seed); section 3: the state
stays in range and red-flag clients never get better; domain.md 5d/7: more pressure on an
irritable region never turns a flare into relief.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import subprocess
import sys
from collections import defaultdict
from itertools import pairwise
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from simulator.domain.actions import (
    Ask,
    CheckIn,
    Educate,
    End,
    Observe,
    Palpate,
    Reassess,
    Refer,
    RunTest,
    Treat,
    action_to_json,
)
from simulator.domain.case import Case
from simulator.domain.ids import (
    REACH_ORDER,
    Effect,
    Irritability,
    Observation,
    Question,
    Reason,
    Region,
    Source,
    Technique,
    Topic,
)
from simulator.domain.ids import Test as ExamTest
from simulator.engine.session import Session
from simulator.generator.blueprint import Blueprint
from simulator.generator.generate import Generator, default_blueprint

GEN = Generator()
BLUEPRINTS = [default_blueprint(None), *(default_blueprint(s) for s in Source)]
RANK = {Effect.FLARE: 0, Effect.GOOD_SORE: 1, Effect.NEUTRAL: 1, Effect.RELIEF: 2}

# ---------------------------------------------------------------- strategies

TREATS = st.builds(
    Treat,
    technique=st.sampled_from(list(Technique)),
    region=st.sampled_from(list(Region)),
    pressure=st.integers(1, 5),
    minutes=st.integers(1, 20),
)
NON_END = st.one_of(
    st.builds(Ask, question=st.sampled_from(list(Question))),
    st.builds(Observe, what=st.sampled_from(list(Observation))),
    st.builds(Palpate, region=st.sampled_from(list(Region))),
    st.builds(RunTest, test=st.sampled_from(list(ExamTest))),
    TREATS,
    TREATS,  # treatment is where the rules live: draw it twice as often
    st.builds(CheckIn),
    st.builds(Reassess, test=st.sampled_from(list(ExamTest))),
    st.builds(Educate, topic=st.sampled_from(list(Topic))),
    st.builds(Refer, reason=st.sampled_from(list(Reason))),
)
ANY_ACTION = st.one_of(NON_END, st.builds(End))
SEQUENCES = st.lists(ANY_ACTION, max_size=40)


@st.composite
def cases(draw: st.DrawFn, blueprints: list[Blueprint] = BLUEPRINTS) -> Case:
    """A generated case, sometimes with a short or long budget so the clock runs out."""
    case = GEN.generate(draw(st.sampled_from(blueprints)), draw(st.integers(0, 10**6)))
    budget = draw(st.sampled_from([None, None, 10, 25, 180]))
    return case if budget is None else case.model_copy(update={"budget_minutes": budget})


def response_json(response: Any) -> str:
    """The whole response (visible and hidden) as canonical JSON text."""
    if dataclasses.is_dataclass(response):
        data = dataclasses.asdict(response)
    else:
        data = response.model_dump(mode="json")
    return json.dumps(data, sort_keys=True, default=str)


def play(case: Case, seed: int, actions: list[Any]) -> Session:
    session = Session(case, seed)
    for action in actions:
        session.apply(action)
    return session


# ---------------------------------------------------------------- determinism


@given(case=cases(), seed=st.integers(0, 2**32), actions=SEQUENCES)
def test_same_case_seed_and_actions_give_identical_responses(
    case: Case, seed: int, actions: list[Any]
) -> None:
    first = play(case, seed, actions)
    # a separately rebuilt, equal case: nothing may depend on object identity
    second = play(Case.model_validate_json(case.model_dump_json()), seed, actions)
    a = [response_json(step.response) for step in first.steps]
    b = [response_json(step.response) for step in second.steps]
    assert a == b
    assert first.state == second.state


def test_session_seed_changes_some_responses() -> None:
    case = GEN.generate(default_blueprint(Source.DEEP_GLUTEAL), 3)
    actions = [
        Ask(question=Question.LOCATION),
        Ask(question=Question.QUALITY),
        Palpate(region=Region.GLUTE_MAX),
        Observe(what=Observation.SITTING),
        Treat(technique=Technique.FRICTION, region=Region.DEEP_ROTATORS, pressure=3, minutes=3),
    ]
    runs = {tuple(s.response.text for s in play(case, seed, actions).steps) for seed in range(20)}
    assert len(runs) > 1


_DIGEST_SCRIPT = """
import dataclasses, hashlib, json
from simulator.generator.generate import generate_mix
from simulator.engine.session import Session
from simulator.domain.actions import parse_script
script = parse_script('''ask onset
ask location
ask quality
observe sitting
palpate deep_rotators
palpate glute_med
test slr
treat compression glute_max 3 4
treat friction deep_rotators 3 3
check_in
treat trigger_point glute_min 3 3
treat stretch hamstrings 4 2
reassess pain_rating
check_in
end''')
h = hashlib.sha256()
for case in generate_mix(40, seed=11):
    s = Session(case, 5)
    for a in script:
        r = dataclasses.asdict(s.apply(a))
        h.update(json.dumps(r, sort_keys=True, default=str).encode())
    h.update(case.model_dump_json().encode())
print(h.hexdigest())
"""


def digests_under_hash_seeds(script: str, hash_seeds: tuple[str, ...]) -> set[str]:
    """What `script` prints (a digest) in a fresh interpreter under each PYTHONHASHSEED."""
    digests = set()
    for hash_seed in hash_seeds:
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        digests.add(out.stdout.strip())
    return digests


def test_responses_do_not_depend_on_the_process_hash_seed() -> None:
    """Replay on another machine must agree: no set/dict-order or hash() dependence."""
    assert len(digests_under_hash_seeds(_DIGEST_SCRIPT, ("1", "12345"))) == 1


# ---------------------------------------------------------------- ranges and the clock


def _snapshot(session: Session) -> Any:
    return copy.deepcopy(session.state)


@given(case=cases(), seed=st.integers(0, 1000), actions=SEQUENCES)
def test_state_stays_in_range_and_the_clock_only_runs_down(
    case: Case, seed: int, actions: list[Any]
) -> None:
    session = Session(case, seed)
    budget = case.budget_minutes
    left = session.minutes_left
    assert left == budget
    for action in actions:
        was_ended = session.ended
        before = _snapshot(session)
        response = session.apply(action)
        s = session.state
        assert 0 <= s.pain <= 10
        assert 0 <= s.reach < len(REACH_ORDER)
        assert 0 <= s.guarding <= 1
        assert 20 <= s.slr_angle <= 90
        assert 5 <= s.hip_ir <= 50
        assert 0 <= s.minutes_used <= budget
        assert 0 <= session.minutes_left <= left, "the clock never runs backwards"
        assert response.signals.minutes_left == session.minutes_left
        if response.signals.nrs is not None:
            assert 0 <= response.signals.nrs <= 10
        note = response.note
        assert 0 <= note.pain <= 10
        assert note.reach.level == s.reach
        assert (note.slr_angle, note.hip_ir) == (s.slr_angle, s.hip_ir)
        if was_ended:
            # after `end` everything is refused and nothing changes
            assert not note.performed
            assert response.ended
            assert response.effect is None
            assert session.state == before
            assert session.minutes_left == left
        elif not note.performed:
            # refused for lack of time: nothing happens, no time passes
            assert not isinstance(action, End)
            assert session.state == before
            assert response.effect is None
        else:
            assert left - session.minutes_left == session.cost(action)
        if isinstance(action, End) and not was_ended:
            assert response.ended and session.ended
            assert response.signals.nrs is not None
        left = session.minutes_left
    assert len(session.steps) == len(actions)


@given(case=cases(), seed=st.integers(0, 1000), actions=st.lists(NON_END, max_size=40))
def test_every_action_costs_time_and_treatment_costs_its_minutes(
    case: Case, seed: int, actions: list[Any]
) -> None:
    session = Session(case, seed)
    for action in actions:
        left = session.minutes_left
        response = session.apply(action)
        if response.note.performed:
            spent = left - session.minutes_left
            assert spent >= 1, f"{action.kind} was free"
            if isinstance(action, Treat):
                assert spent == action.minutes
        else:
            assert session.minutes_left == left
            assert response.effect is None


# ---------------------------------------------------------------- dose response


HIGH_BLUEPRINTS = [
    Blueprint(id=f"prop-{source.value}-high", source=source, irritability=Irritability.HIGH)
    for source in Source
    if source is not Source.RED_FLAG
]
IRRITABLE_BLUEPRINTS = [
    *HIGH_BLUEPRINTS,
    Blueprint(id="prop-moderate", irritability=Irritability.MODERATE),
    Blueprint(id="prop-any"),
]


# Two plays that differ only in the last treatment's pressure (one level apart): the
# strategies of every monotonic-dose property, for a session or a course.
PRESSURE_PAIR = {
    "seed": st.integers(0, 1000),
    "prefix": st.lists(NON_END, max_size=6),
    "technique": st.sampled_from(list(Technique)),
    "region": st.sampled_from(list(Region)),
    "pressure": st.integers(1, 4),
    "minutes": st.integers(1, 8),
}


@given(case=cases(IRRITABLE_BLUEPRINTS), **PRESSURE_PAIR)
def test_more_pressure_never_turns_a_flare_into_relief(
    case: Case,
    seed: int,
    prefix: list[Any],
    technique: Technique,
    region: Region,
    pressure: int,
    minutes: int,
) -> None:
    """Two copies of one session, same prefix; the last treatment differs only in pressure."""
    case = case.model_copy(update={"budget_minutes": 180})
    lighter, firmer = play(case, seed, prefix), play(case, seed, prefix)
    a = lighter.apply(Treat(technique=technique, region=region, pressure=pressure, minutes=minutes))
    b = firmer.apply(
        Treat(technique=technique, region=region, pressure=pressure + 1, minutes=minutes)
    )
    assume(a.effect is not None and b.effect is not None)
    if a.effect is Effect.FLARE:
        assert b.effect is Effect.FLARE
    assert RANK[b.effect] <= RANK[a.effect], (a.note.rule, b.note.rule)


def test_flare_rate_rises_with_pressure_at_high_irritability() -> None:
    """Across many high-irritability clients and seeds: the mean effect rank never improves
    with pressure, and the flare rate never falls (domain.md 5d, 7)."""
    rank_sum: dict[int, float] = defaultdict(float)
    flares: dict[int, int] = defaultdict(int)
    count = 0
    techniques = [
        Technique.COMPRESSION,
        Technique.FRICTION,
        Technique.STRIPPING,
        Technique.TRIGGER_POINT,
        Technique.MYOFASCIAL,
        Technique.STRETCH,
    ]
    for blueprint in HIGH_BLUEPRINTS:
        for seed in range(20):
            case = GEN.generate(blueprint, seed)
            regions = sorted({*case.hidden.regions} - {Region.GLUTE_MAX})[:2] or [Region.LUMBAR]
            for technique in techniques:
                for region in regions:
                    count += 1
                    for pressure in range(1, 6):
                        s = Session(case, seed)
                        r = s.apply(
                            Treat(technique=technique, region=region, pressure=pressure, minutes=3)
                        )
                        assert r.effect is not None
                        rank_sum[pressure] += RANK[r.effect]
                        flares[pressure] += r.effect is Effect.FLARE
    means = [rank_sum[p] / count for p in range(1, 6)]
    rates = [flares[p] / count for p in range(1, 6)]
    assert all(b <= a + 1e-9 for a, b in pairwise(means)), means
    assert all(b >= a - 1e-9 for a, b in pairwise(rates)), rates
    assert rates[-1] > rates[0]


# ---------------------------------------------------------------- red flags


RED_FLAG_BLUEPRINT = [default_blueprint(Source.RED_FLAG)]


@given(
    case=cases(RED_FLAG_BLUEPRINT),
    seed=st.integers(0, 1000),
    actions=st.lists(st.one_of(TREATS, NON_END), max_size=30),
)
def test_a_red_flag_client_never_ends_better_whatever_the_treatment(
    case: Case, seed: int, actions: list[Any]
) -> None:
    session = Session(case, seed)
    start_pain, start_reach = case.hidden.pain, case.hidden.reach.level
    for action in [*actions, End()]:
        response = session.apply(action)
        assert response.effect is not Effect.RELIEF
        assert session.state.pain >= start_pain
        assert session.state.reach >= start_reach
    assert session.ended


# ---------------------------------------------------------------- transcripts


@given(case=cases(), seed=st.integers(0, 1000), actions=SEQUENCES)
def test_every_step_serialises_to_the_run_json_contract(
    case: Case, seed: int, actions: list[Any]
) -> None:
    """DESIGN section 6: each step is action JSON + text + effect + visible signals."""
    session = play(case, seed, actions)
    for step in session.steps:
        response = step.response
        row = {
            "action": action_to_json(step.action),
            "text": response.text,
            "effect": response.effect.value if response.effect else None,
            "signals": response.signals.visible(),
        }
        back = json.loads(json.dumps(row))
        assert back == row
        assert response.text.strip()
        assert "minutes_left" in row["signals"]
        assert set(row["signals"]) <= {"positive", "nrs", "reach", "sensation", "minutes_left"}
