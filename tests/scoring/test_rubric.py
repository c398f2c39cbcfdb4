"""The rubric (DESIGN section 5): total and bounded for any transcript, deterministic, and
rewarding or penalising the behaviours the seed names, checked across many cases."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from hypothesis import given
from hypothesis import strategies as st
from strategies import ACTIONS, BLUEPRINTS, GEN

from simulator.agents.base import drive
from simulator.agents.expert import ExpertAgent
from simulator.domain.actions import (
    Palpate,
    Treat,
    parse_line,
)
from simulator.domain.case import Case
from simulator.domain.ids import (
    Irritability,
    Sensation,
    Source,
)
from simulator.engine.session import Session, Step
from simulator.generator.blueprint import Blueprint
from simulator.knowledge.red_flags import required_referral
from simulator.scoring.rubric import PASS_MARK, Score, score

LR, DG, TP, PC, HF, RF = (
    Source.LUMBAR_RADICULAR,
    Source.DEEP_GLUTEAL,
    Source.TRIGGER_POINT,
    Source.POSTERIOR_CHAIN,
    Source.HIP_FLEXOR_PELVIC,
    Source.RED_FLAG,
)
SOFT = (LR, DG, TP, PC, HF)
# A working pressure on warmed tissue for pressing work (myofascial strokes, a hold) at each
# irritability, away from the nerve (domain.md 5d): the edge for a calm client, one level
# under it for a moderate one (dose.LOW_ONE_UNDER).
WORKING = {Irritability.LOW: 5, Irritability.MODERATE: 3}
FLARE_WORDS = frozenset({Sensation.SHARP, Sensation.RADIATING, Sensation.TINGLING, Sensation.NUMB})


@cache
def clients(
    source: Source | None, irritability: Irritability | None = None, n: int = 60
) -> tuple[Case, ...]:
    bp = Blueprint(
        id=f"rubric-{source.value if source else 'mix'}-{irritability or 'any'}",
        source=source,
        irritability=irritability,
    )
    return tuple(GEN.generate(bp, seed) for seed in range(n))


def run(case: Case, lines: Iterable[str], seed: int = 0) -> list[Step]:
    session = Session(case, seed)
    for line in lines:
        if line.strip():
            session.apply(parse_line(line))
    return session.steps


def items(result: Score) -> dict[str, float]:
    return {item.id: item.points for item in result.items}


def expert_found_and_worked(cases: Iterable[Case]) -> float:
    """The share of clients whose driver the expert palpated before treating, then treated."""
    found = []
    for case in cases:
        session, _score = drive(ExpertAgent(), case)
        steps = session.steps
        first = next((i for i, s in enumerate(steps) if isinstance(s.action, Treat)), len(steps))
        felt = {s.action.region for s in steps[:first] if isinstance(s.action, Palpate)}
        treated = {s.action.region for s in steps if isinstance(s.action, Treat)}
        found.append(case.hidden.driver in felt and case.hidden.driver in treated)
    return sum(found) / len(found)


def has_error(result: Score, name: str) -> bool:
    return any(e.id == name for e in result.critical_errors)


def rate(flags: Iterable[bool]) -> float:
    values = list(flags)
    assert values
    return sum(values) / len(values)


INTAKE = [
    "ask onset",
    "ask location",
    "ask aggravating",
    "ask history_disc",
    "ask bladder_bowel",
    "ask saddle_numbness",
    "ask weakness",
    "ask general_health",
    "observe sitting",
    "palpate glute_max",
    "test slr",
]
GENTLE = ["treat compression glute_max 2 4", "treat myofascial lateral_hip 2 4", "check_in"]


# ---------------------------------------------------------------- strategies


@st.composite
def sessions(draw: st.DrawFn) -> tuple[Case, list[Step]]:
    case = GEN.generate(draw(st.sampled_from(BLUEPRINTS)), draw(st.integers(0, 10**6)))
    budget = draw(st.sampled_from([None, 15, 120]))
    if budget is not None:
        case = case.model_copy(update={"budget_minutes": budget})
    session = Session(case, draw(st.integers(0, 1000)))
    for action in draw(st.lists(ACTIONS, max_size=35)):
        session.apply(action)
    return case, session.steps


# ---------------------------------------------------------------- totality


@given(sessions())
def test_score_is_total_and_bounded_for_any_transcript(played: tuple[Case, list[Step]]) -> None:
    case, steps = played
    result = score(case, steps)
    assert 0 <= result.total <= 100
    assert sum(item.maximum for item in result.items) == 100
    assert len({item.id for item in result.items}) == len(result.items)
    for item in result.items:
        assert 0 <= item.points <= item.maximum, item
        assert item.teaching and item.seed_section  # every item cites its teaching point
    if result.critical_errors:
        assert not result.passed
        assert result.total < PASS_MARK
    else:
        assert abs(result.total - sum(item.points for item in result.items)) < 0.011
        # a pass needs the mark; the mark alone is not a pass (the gates on the technique,
        # the impression's source and its irritability)
        assert not result.passed or result.total >= PASS_MARK


@given(sessions())
def test_evidence_points_at_real_performed_steps(played: tuple[Case, list[Step]]) -> None:
    case, steps = played
    for item in score(case, steps).items:
        for index in item.evidence:
            assert 0 <= index < len(steps), (item.id, index)
            assert steps[index].response.note.performed, (item.id, index)


@given(sessions())
def test_scoring_is_a_pure_deterministic_function(played: tuple[Case, list[Step]]) -> None:
    case, steps = played
    frozen = [(s.action, s.response) for s in steps]
    first = score(case, steps)
    assert score(case, list(steps)) == first
    assert [(s.action, s.response) for s in steps] == frozen  # scoring mutates nothing
    # an equal case rebuilt from its JSON gives the identical score
    rebuilt = Case.model_validate_json(case.model_dump_json())
    assert score(rebuilt, steps) == first


def test_replayed_sessions_score_identically() -> None:
    lines = [
        *INTAKE,
        *GENTLE,
        "treat friction deep_rotators 3 3",
        "check_in",
        "reassess slr",
        "educate expectations",
        "end",
    ]
    for case in clients(None, None, 80):
        assert score(case, run(case, lines, seed=4)) == score(case, run(case, lines, seed=4))


def test_an_empty_transcript_scores_without_crashing() -> None:
    for case in clients(None, None, 40):
        result = score(case, [])
        assert 0 <= result.total < PASS_MARK
        assert not result.passed


# ---------------------------------------------------------------- safety


def test_a_red_flag_that_is_not_referred_fails_with_missed_red_flag() -> None:
    """DESIGN 5.2: referral when the case is a red flag; missing it is a critical error."""
    plan = [*INTAKE, *GENTLE, "reassess pain_rating", "educate expectations", "end"]
    for case in clients(RF, None, 60):
        missed = score(case, run(case, plan))
        assert has_error(missed, "missed_red_flag"), case.id
        assert not missed.passed
        # a vague client hedges first: the follow-up question is part of screening
        follow_up = [a for a in INTAKE if a.split()[-1] in ("bladder_bowel", "weakness")]
        referred = score(
            case,
            run(
                case,
                [
                    *INTAKE,
                    *follow_up,
                    "ask saddle_numbness",
                    "ask general_health",
                    "refer red_flag",
                    "educate referral_reason",
                    "end",
                ],
            ),
        )
        assert not has_error(referred, "missed_red_flag")
        assert referred.total > missed.total


def test_a_needless_red_flag_referral_costs_points() -> None:
    """DESIGN 5.2: no needless referral of a plain soft-tissue case."""
    plan = [*INTAKE, *GENTLE, "reassess pain_rating", "educate expectations", "end"]
    compared = 0
    for source in SOFT:
        for case in clients(source, None, 30):
            if required_referral(case) is not None:
                continue
            compared += 1
            plain = score(case, run(case, plan))
            needless = score(case, run(case, [*INTAKE, "refer red_flag", *plan[len(INTAKE) :]]))
            assert needless.total < plain.total, case.id
            # (a vague client's hedges leave the screen, and so the safety item, at zero)
            assert items(needless)["safety"] <= items(plain)["safety"]
            if items(plain)["safety"] > 0:
                assert items(needless)["safety"] < items(plain)["safety"]
    assert compared >= 60


def test_amber_nerve_root_signs_call_for_a_medical_assessment() -> None:
    """DESIGN 3 / domain.md 4 amber row: leg pain worse on cough or sneeze calls for
    `refer medical_assessment` while the session goes on very conservatively."""
    plan = [*INTAKE, "ask cough_sneeze", "ask cough_sneeze", *GENTLE, "end"]
    compared = 0
    for case in clients(LR, None, 80):
        if not case.findings.cough_sneeze:
            continue
        compared += 1
        silent = score(case, run(case, plan))
        referred = score(case, run(case, [*plan[:-1], "refer medical_assessment", "end"]))
        assert items(referred)["safety"] > items(silent)["safety"]
        assert not has_error(referred, "missed_red_flag")
    assert compared >= 15


def test_referring_a_red_flag_without_any_screening_does_not_pass() -> None:
    """DESIGN 1 ('scores come from how the student reasons about this client') and 5.1-5.2
    (intake questions and red-flag screening): `refer red_flag` with no history taken and no
    screening question asked is a guess, and should not earn a pass."""
    for case in clients(RF, None, 40):
        result = score(case, run(case, ["refer red_flag", "end"]))
        assert not result.passed, (case.id, result.total)


# ---------------------------------------------------------------- reasoning items


def test_reassessment_is_rewarded() -> None:
    """DESIGN 5.7 / seed 'Trigger point work...': treatment followed by reassessment."""
    plan = [*INTAKE, *GENTLE, "treat passive_movement glute_max 2 4"]
    retest = ["reassess hip_internal_rotation", "reassess pain_rating"]
    for source in SOFT:
        for case in clients(source, None, 30):
            without = score(case, run(case, [*plan, "end"]))
            with_retest = score(case, run(case, [*plan, *retest, "end"]))
            assert items(with_retest)["reassessment"] > items(without)["reassessment"]
            assert with_retest.total > without.total, case.id


def test_a_conservative_start_is_rewarded() -> None:
    """DESIGN 5.3 / seed 'How students should think about treatment planning': broad,
    moderate work before deep, specific work."""
    deep = ["treat friction deep_rotators 3 4", "check_in", "reassess slr", "end"]
    better_item, better_total = [], []
    for source in SOFT:
        for case in clients(source, None, 40):
            direct = score(case, run(case, [*INTAKE, *deep]))
            warmed = score(case, run(case, [*INTAKE, "treat compression glute_max 3 4", *deep]))
            better_item.append(
                items(warmed)["conservative_start"] > items(direct)["conservative_start"]
            )
            better_total.append(warmed.total > direct.total)
    assert rate(better_item) == 1
    assert rate(better_total) >= 0.8


def test_assessment_before_technique_is_rewarded() -> None:
    """DESIGN 5.1 / seed 'Assessment comes before technique'."""
    treatment = [*GENTLE, "reassess pain_rating", "end"]
    for case in clients(None, None, 60):
        if case.hidden.source is RF:
            continue
        blind = score(case, run(case, treatment))
        assessed = score(case, run(case, [*INTAKE, *treatment]))
        assert items(assessed)["assessment"] > items(blind)["assessment"]


def _flare_signals(steps: Sequence[Step]) -> list[int]:
    return [n for n, s in enumerate(steps) if s.response.signals.sensation in FLARE_WORDS]


def test_escalating_after_repeated_flares_is_a_critical_error() -> None:
    """DESIGN 5.5: after a flare the next treatment lightens, broadens, shifts or stops;
    escalating after repeated flares is penalised (seed: more pressure is not better)."""
    escalate = [
        *INTAKE,
        "treat stripping deep_rotators 4 2",
        "treat stripping deep_rotators 4 2",
        "treat stripping deep_rotators 5 2",
        "end",
    ]
    adapt = [
        *INTAKE,
        "treat stripping deep_rotators 4 2",
        "treat effleurage glute_max 2 3",
        "treat passive_movement lateral_hip 2 3",
        "end",
    ]
    flagged, adapted_clean = [], []
    for case in clients(LR, Irritability.MODERATE, 60) + clients(DG, Irritability.MODERATE, 60):
        steps = run(case, escalate)
        if len(_flare_signals(steps)) < 2:
            continue
        result = score(case, steps)
        flagged.append(has_error(result, "escalation_after_flares"))
        assert not result.passed
        calm_steps = run(case, adapt)
        calm = score(case, calm_steps)
        adapted_clean.append(not has_error(calm, "escalation_after_flares"))
        if _flare_signals(calm_steps):
            assert items(calm)["responsiveness"] > items(result)["responsiveness"]
    assert len(flagged) >= 40
    assert rate(flagged) == 1
    assert rate(adapted_clean) == 1


def test_aggressive_neural_stretch_in_a_nerve_sensitive_client_is_a_critical_error() -> None:
    """Seed 'Passive movement and sports stretching' / DESIGN 3: end-range hamstring
    stretching in a nerve-sensitive client (lumbar_radicular, high nerve_sensitivity)."""
    plan = [
        *INTAKE,
        "treat compression glute_max 2 4",
        "treat stretch hamstrings 4 2",
        "check_in",
        "end",
    ]
    for case in clients(LR, None, 60):
        result = score(case, run(case, plan))
        assert has_error(result, "aggressive_neural_stretch"), case.id
        assert not result.passed
    sensitive_dg = [c for c in clients(DG, None, 80) if c.hidden.nerve_sensitivity > 0.5]
    assert sensitive_dg
    for case in sensitive_dg:
        assert has_error(score(case, run(case, plan)), "aggressive_neural_stretch")
    # the same stretch for a calm nerve is a dosing question, not a critical error
    for case in clients(PC, Irritability.LOW, 40):
        if case.hidden.nerve_sensitivity <= 0.3:
            assert not has_error(score(case, run(case, plan)), "aggressive_neural_stretch")


def test_evidence_matches_the_item() -> None:
    plan = [
        *INTAKE,
        *GENTLE,
        "treat friction deep_rotators 3 3",
        "check_in",
        "reassess slr",
        "reassess pain_rating",
        "educate expectations",
        "educate self_care",
        "end",
    ]
    for case in clients(None, None, 60):
        if case.hidden.source is RF:
            continue
        steps = run(case, plan)
        by_id = {item.id: item for item in score(case, steps).items}
        assert by_id["reassessment"].evidence
        assert all(steps[i].action.kind == "reassess" for i in by_id["reassessment"].evidence)
        assert all(steps[i].action.kind == "treat" for i in by_id["dose"].evidence)
        assert all(
            steps[i].action.kind in ("ask", "observe", "palpate", "test")
            for i in by_id["assessment"].evidence
        )
        assert all(steps[i].action.kind in ("ask", "refer") for i in by_id["safety"].evidence)


def _fitting_plan(case: Case) -> list[str]:
    """Palpate, then work on the tissue this source responds to (domain.md 7, seed)."""
    source = case.hidden.source
    if source is TP:
        region = case.hidden.trigger_points[0].region.value
        return [f"palpate {region}", f"treat trigger_point {region} 2 5"]
    if source is PC and case.hidden.driver is not None:
        # the link of the chain that drives this client (seed: look at the connections)
        region = case.hidden.driver.value
        return [f"palpate {region}", f"treat myofascial {region} 2 6"]
    region, line = {
        LR: ("glute_max", "treat passive_movement glute_max 2 6"),
        DG: ("deep_rotators", "treat friction deep_rotators 2 5"),
        HF: ("hip_flexors", "treat myofascial hip_flexors 2 6"),
    }[source]
    return [f"palpate {region}", line]


def test_technique_that_fits_the_source_beats_chasing_the_pain() -> None:
    """DESIGN 5.6 / seed 'What sciatica means in a sports massage setting': treat the
    tissue that drives the symptoms, which is often not where it hurts."""
    fit_better, outcome_gain = [], []
    for source in SOFT:
        for irritability in (Irritability.LOW, Irritability.MODERATE):
            for case in clients(source, irritability, 30):
                tail = ["check_in", "reassess pain_rating", "end"]
                palpate, treat = _fitting_plan(case)
                # broad warming first, over the tissue a hold will press (seed)
                spot = palpate.split()[1] if source is TP else "glute_max"
                warm = f"treat compression {spot} 2 3"
                fitting = score(case, run(case, [*INTAKE, palpate, warm, treat, *tail]))
                chasing = score(
                    case,
                    run(case, [*INTAKE, "palpate calf", warm, "treat effleurage calf 2 6", *tail]),
                )
                fit_better.append(items(fitting)["technique_fit"] > items(chasing)["technique_fit"])
                outcome_gain.append(items(fitting)["outcome"] - items(chasing)["outcome"])
    assert rate(fit_better) >= 0.9
    assert sum(outcome_gain) / len(outcome_gain) > 0


def test_check_ins_during_deep_work_and_realistic_expectations_are_rewarded() -> None:
    """DESIGN 5.8 / seed 'Trigger point work with clear communication' and 'How students
    should think about treatment planning' (explain what massage may and may not help)."""
    base = [*INTAKE, "treat compression glute_max 2 4", "treat friction glute_med 2 3"]
    for case in clients(None, None, 80):
        if required_referral(case) is not None:
            continue
        quiet = score(case, run(case, [*base, "reassess pain_rating", "end"]))
        talking = score(
            case,
            run(
                case,
                [
                    *base,
                    "check_in",
                    "reassess pain_rating",
                    "educate expectations",
                    "educate self_care",
                    "end",
                ],
            ),
        )
        assert items(talking)["communication"] > items(quiet)["communication"]
        full = next(i for i in talking.items if i.id == "communication")
        assert full.points == full.maximum, full.detail


# ---------------------------------------------------------------- the thesis


ROUTINES: dict[str, list[str]] = {
    "textbook": [
        *INTAKE,
        "treat compression glute_max 3 4",
        "treat myofascial hamstrings 2 6",
        "treat passive_movement deep_rotators 2 5",
        "check_in",
        "reassess slr",
        "reassess pain_rating",
        "educate expectations",
        "educate self_care",
        "end",
    ],
    "deep_tissue": [
        *INTAKE,
        "treat effleurage glute_max 3 3",
        "treat friction deep_rotators 4 5",
        "check_in",
        "treat trigger_point glute_min 4 3",
        "check_in",
        "treat stripping hamstrings 4 4",
        "reassess slr",
        "educate expectations",
        "end",
    ],
    "relaxation": [
        "ask onset",
        "ask location",
        "treat effleurage glute_max 2 10",
        "treat petrissage lumbar 3 10",
        "treat effleurage hamstrings 2 10",
        "end",
    ],
}


def test_no_fixed_routine_passes_across_the_case_mix() -> None:
    """DESIGN 1, the thesis: 'a memorised routine does not pass' — an adaptive expert scores
    high while every fixed routine scores low across the case mix."""
    mix = clients(None, None, 300)
    report = {}
    for name, lines in ROUTINES.items():
        results = [score(case, run(case, lines)) for case in mix]
        mean = sum(r.total for r in results) / len(results)
        passed = rate(r.passed for r in results)
        report[name] = (round(mean, 1), round(passed, 2))
    for name, (mean, passed) in report.items():
        assert mean < PASS_MARK and passed <= 0.35, (name, report)
