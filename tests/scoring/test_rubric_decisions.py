"""Credit for decisions, not actions (issue 12), on populations of generated clients.

Each test asserts a rate over many clients and names the seed section or domain.md row the
verdict enacts: an empty session earns nothing, a memorised checklist fails, a hedge screens
nothing, responsiveness is judged against what flared, referrals at the flag's urgency, a
gentle examination of an irritable client, and the working impression.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st
from test_rubric import (
    ACTIONS,
    BLUEPRINTS,
    DG,
    GEN,
    HF,
    LR,
    PC,
    RF,
    SOFT,
    TP,
    clients,
    has_error,
    items,
    rate,
    run,
)

from simulator.agents.base import drive
from simulator.agents.checklists import checklist_agent
from simulator.agents.expert import ExpertAgent
from simulator.domain.actions import Ask, Impression, Treat, action_to_line
from simulator.domain.case import Case
from simulator.domain.ids import Effect, Irritability, RedFlagKind, Source, Style
from simulator.engine.session import Session, Step
from simulator.generator.blueprint import Blueprint, PersonaSpec
from simulator.knowledge.red_flags import required_referral
from simulator.knowledge.regions import directional
from simulator.knowledge.teaching import TEACHING
from simulator.scoring.rubric import PASS_MARK, RUBRIC_VERSION, WEIGHTS, score

LOW, MOD, HIGH = Irritability.LOW, Irritability.MODERATE, Irritability.HIGH
# the history, and one look at the client: a working impression follows something examined
HISTORY = ["ask onset", "ask location", "ask aggravating", "ask history_disc", "observe sitting"]
SCREEN = ["ask bladder_bowel", "ask saddle_numbness", "ask weakness", "ask general_health"]


@cache
def mix(n: int = 60, tag: str = "fresh") -> tuple[Case, ...]:
    """A fresh mix of clients in the domain.md section 1 proportions."""
    bp = Blueprint(id=f"decisions-{tag}")
    return tuple(GEN.generate(bp, 10_000 + seed) for seed in range(n))


@cache
def flagged(kind: RedFlagKind, n: int = 40, **findings: bool) -> tuple[Case, ...]:
    bp = Blueprint(
        id=f"decisions-{kind.value}", source=Source.RED_FLAG, red_flag_kind=kind, findings=findings
    )
    return tuple(GEN.generate(bp, seed) for seed in range(n))


@cache
def vague(source: Source, n: int = 30) -> tuple[Case, ...]:
    bp = Blueprint(
        id=f"decisions-vague-{source.value}", source=source, persona=PersonaSpec(style=Style.VAGUE)
    )
    return tuple(GEN.generate(bp, seed) for seed in range(n))


# ---------------------------------------------------------------- nothing for nothing


def test_a_session_of_only_end_scores_at_most_five() -> None:
    """Issue 12 target / seed 'Assessment comes before technique': a session of only `end`
    earns (next to) nothing, for every source in the mix."""
    cases = mix() + clients(Source.RED_FLAG, None, 20)
    totals = [score(c, run(c, ["end"])).total for c in cases]
    assert max(totals) <= 5, max(totals)
    assert not any(score(c, run(c, ["end"])).passed for c in cases)


def test_no_responsiveness_or_communication_points_without_treatment() -> None:
    """Issue 12 point 2 / seed 'How students should think about treatment planning':
    responsiveness and check-ins are about treatment; with none given, they earn nothing."""
    for case in [c for c in mix() if c.hidden.source is not Source.RED_FLAG]:
        for lines in (["end"], [*HISTORY, *SCREEN, "test slr", "palpate glute_max", "end"]):
            got = items(score(case, run(case, lines)))
            assert got["responsiveness"] == 0, (case.id, lines)
            assert got["communication"] == 0, (case.id, lines)


def test_the_memorised_checklist_fails_a_fresh_mix() -> None:
    """Issue 12 target: the same 34 actions for every client (examples/checklist.txt),
    with no branching, fails at least 95% of a fresh mix."""
    passed = [drive(checklist_agent(), case)[1].passed for case in mix()]
    assert rate(passed) <= 0.05, rate(passed)


# ---------------------------------------------------------------- screening and retests


def test_a_vague_hedge_screens_nothing_until_the_follow_up() -> None:
    """domain.md 4 / issue 12 point 2: a vague answer screens nothing; only the follow-up
    (the same question asked again) counts towards the safety item."""
    once, twice = [], []
    for case in [c for s in (DG, PC, HF, TP) for c in vague(s)]:
        if required_referral(case) is not None:
            continue  # safety then also rests on the referral
        a = items(score(case, run(case, [*HISTORY, *SCREEN, "end"])))
        b = items(score(case, run(case, [*HISTORY, *[q for q in SCREEN for _ in (1, 2)], "end"])))
        once.append(a["safety"])
        twice.append(b["safety"])
    assert len(once) >= 40
    assert max(once) == 0
    assert rate(b >= WEIGHTS["safety"] - 1e-9 for b in twice) == 1


def test_retesting_the_pain_rating_twice_does_not_earn_the_full_reassessment() -> None:
    """Seed 'Assessment comes before technique' / issue 12 point 2: reassessment credits a
    sign that was present and relevant, once; rating the pain twice is a weaker measure."""
    plan = [*HISTORY, *SCREEN, "test slr", "test slump"]
    treat = ["treat compression glute_max 2 6", "treat myofascial lateral_hip 2 6"]
    pain_twice, relevant_sign = [], []
    for case in clients(LR, LOW, 60) + clients(LR, MOD, 60):
        first = run(case, plan)
        if not first[-2].response.signals.positive:
            continue  # no positive SLR to retest
        a = score(case, run(case, [*plan, *treat, "reassess pain_rating", "reassess pain_rating"]))
        b = score(case, run(case, [*plan, *treat, "reassess pain_rating", "reassess slr"]))
        pain_twice.append(items(a)["reassessment"])
        relevant_sign.append(items(b)["reassessment"])
    assert len(pain_twice) >= 40
    assert max(pain_twice) < WEIGHTS["reassessment"] * 0.5
    assert rate(r == WEIGHTS["reassessment"] for r in relevant_sign) == 1


# ---------------------------------------------------------------- responsiveness


def _real_flares(steps: list[Step]) -> list[int]:
    """Steps where a flare shows: at once after its treatment, or surfacing later."""
    return [
        n
        for n, s in enumerate(steps)
        if (s.response.note.flare_cause is not None and s.action.kind == "treat")
        or s.response.note.surfaced_flare
    ]


def test_going_back_onto_the_flared_sciatic_path_is_escalation() -> None:
    """Seed 'Targeted work to deep hip rotators' (more pressure is not better; lighten,
    broaden or shift) / issue 12 point 3: the deep rotators and the hamstrings are one
    sciatic path, so friction there after the deep rotators flared is the same load on
    the same structure; with two flares it is the escalation_after_flares critical error."""
    escalated, errors, failed = [], [], []
    lines = [
        *HISTORY,
        *SCREEN,
        "treat friction deep_rotators 4 2",
        "treat friction hamstrings 4 2",
        "treat stripping deep_rotators 4 2",
        "end",
    ]
    for case in clients(LR, HIGH, 60) + clients(DG, HIGH, 60):
        steps = run(case, lines)
        treats = [s for s in steps if s.action.kind == "treat"]
        if treats[0].response.note.flare_cause is None:
            continue  # no flare the student could see (none, or a delayed one)
        escalated.append(treats[1].response.note.after_flare == "escalated")
        result = score(case, steps)
        if len(_real_flares(steps)) >= 2:
            errors.append(has_error(result, "escalation_after_flares"))
            failed.append(not result.passed)
    assert len(escalated) >= 40 and len(errors) >= 30
    assert rate(escalated) == 1
    assert rate(errors) == 1
    assert rate(failed) == 1


ALTERNATING = [
    *HISTORY,
    *SCREEN,
    "treat friction deep_rotators 4 2",
    "treat stretch hamstrings 2 2",
    "treat friction deep_rotators 4 2",
    "treat stretch hamstrings 2 2",
    "treat friction deep_rotators 4 2",
    "end",
]


def _alternating(delayed_between: bool) -> tuple[list[bool], list[bool]]:
    """The issue's alternation on highly irritable radicular clients whose first friction
    flared visibly; `delayed_between`: only those where a later flare was delayed."""
    errors, short = [], []
    for case in clients(LR, HIGH, 150):
        steps = run(case, ALTERNATING)
        treats = [s for s in steps if s.action.kind == "treat"]
        if treats[0].response.note.flare_cause is None:
            continue  # the first flare was delayed: nothing the student could see yet
        delayed = any(s.response.note.deferred_flare for s in treats[1:])
        if delayed != delayed_between:
            continue
        result = score(case, steps)
        errors.append(has_error(result, "escalation_after_flares") and not result.passed)
        short.append(items(result)["responsiveness"] < WEIGHTS["responsiveness"])
    return errors, short


def test_alternating_deep_friction_and_hamstring_stretch_after_flares_is_not_adapting() -> None:
    """Issue 12 (the unsafe verdict it quotes) / seed 'Targeted work to deep hip rotators':
    going back to deep friction on the deep rotators at pressure 4 after it flared a highly
    irritable radicular client, alternating with a hamstring stretch, is changing region on
    the same nerve, not adapting: it fails with escalation_after_flares and never keeps the
    full responsiveness item."""
    errors, short = _alternating(delayed_between=False)
    assert len(errors) >= 20
    assert rate(errors) == 1
    assert rate(short) == 1


def test_the_alternation_is_escalation_even_when_a_flare_between_is_delayed() -> None:
    """Issue 12 point 3: the return to the same load on the structure that flared is
    escalating whatever lay between; a delayed flare in between does not launder it."""
    errors, short = _alternating(delayed_between=True)
    assert len(errors) >= 3
    assert rate(errors) == 1
    assert rate(short) == 1


def test_a_light_hold_that_flares_then_supported_movement_is_adapting() -> None:
    """Seed 'Passive movement and sports stretching' / issue 12 point 3: after a light hold
    flares, small supported passive movement is lighter work (adapting), never a critical
    escalation; lingering symptoms on check-in are one signal, not new flares."""
    adapted, clean = [], []
    lines = [
        *HISTORY,
        *SCREEN,
        "treat sustained_pressure deep_rotators 1 2",
        "check_in",
        "treat passive_movement hamstrings 1 3",
        "check_in",
        "check_in",
        "treat passive_movement lateral_hip 1 3",
        "check_in",
        "end",
    ]
    for case in clients(LR, HIGH, 80) + clients(DG, HIGH, 80):
        steps = run(case, lines)
        treats = [s for s in steps if s.action.kind == "treat"]
        if treats[0].response.note.flare_cause is None:
            continue
        adapted.append(treats[1].response.note.after_flare == "adapted")
        result = score(case, steps)
        clean.append(not has_error(result, "escalation_after_flares"))
    assert len(adapted) >= 20
    assert rate(adapted) == 1
    assert rate(clean) == 1


def test_one_delayed_flare_counts_once() -> None:
    """domain.md 7, rule 7 (flares at high irritability can surface later) / issue 12
    point 3 (a lingering symptom is one signal): one flare then one escalation is a lost
    responsiveness point, never the repeated-flare critical error, whether the flare
    showed at once or later."""
    errors, delayed = [], 0
    for source in SOFT:
        for case in clients(source, HIGH, 80):
            for line in ("treat friction glute_med 2 2", "treat compression glute_max 3 2"):
                steps = run(case, ["ask onset", line, "check_in", line, "check_in", "end"])
                if steps[3].response.note.after_flare != "escalated":
                    continue
                if len(_real_flares(steps)) != 1:
                    continue
                delayed += steps[1].response.note.deferred_flare
                errors.append(has_error(score(case, steps), "escalation_after_flares"))
    assert len(errors) >= 40 and delayed >= 10
    assert rate(errors) == 0


# ---------------------------------------------------------------- referral urgency


def test_a_cancer_history_referred_for_medical_assessment_is_not_a_missed_flag() -> None:
    """domain.md 4 (a cancer history needs a prompt medical assessment) / issue 12: a client
    referred for a medical assessment after the history was found is not 'not referred
    out'."""
    ok, full = [], []
    for case in flagged(RedFlagKind.SYSTEMIC, 40, cancer_history=True, systemic=False):
        lines = [*HISTORY, "ask general_health", "ask general_health", *SCREEN]
        steps = run(case, [*lines, "refer medical_assessment", "educate referral_reason", "end"])
        if not any(s.response.note.revealed for s in steps):
            continue
        result = score(case, steps)
        ok.append(not has_error(result, "missed_red_flag") and not result.critical_errors)
        full.append(required_referral(case).value == "medical_assessment")  # type: ignore[union-attr]
    assert len(ok) >= 20
    assert rate(ok) == 1
    assert rate(full) == 1


def test_cauda_equina_referred_only_for_medical_assessment_is_under_triaged() -> None:
    """domain.md 4 (cauda equina: same-day emergency) / seed 'When massage can make
    symptoms worse': once the signs are found, a routine medical assessment under-triages
    an emergency; the emergency referral is right."""
    under, right = [], []
    screen_twice = [q for q in SCREEN for _ in (1, 2)]
    for case in flagged(RedFlagKind.CAUDA_EQUINA, 40):
        steps = run(case, [*HISTORY, *screen_twice, "refer medical_assessment", "end"])
        if not any(s.response.note.revealed for s in steps):
            continue
        under.append(has_error(score(case, steps), "under_triaged_emergency"))
        good = run(case, [*HISTORY, *screen_twice, "refer red_flag", "end"])
        right.append(not score(case, good).critical_errors)
    assert len(under) >= 25
    assert rate(under) == 1
    assert rate(right) == 1


def test_an_amber_sign_the_client_showed_and_nobody_acted_on_fails() -> None:
    """domain.md 4 amber row (seed: "When massage can make symptoms worse"): once the client
    has said the leg pain jumps on a cough, a session that goes on without recommending a
    medical opinion fails with a typed error at that answer; the same session with the
    recommendation does not carry it, and a client who never showed the sign does not
    either."""
    plan = [*HISTORY, *SCREEN, "ask cough_sneeze", "ask cough_sneeze", "end"]
    seen = 0
    for case in clients(LR, None, 60):
        steps = run(case, plan)
        shown = any("cough_sneeze" in s.response.note.revealed for s in steps)
        silent = score(case, steps)
        referred = score(case, run(case, [*plan[:-1], "refer medical_assessment", "end"]))
        assert not has_error(referred, "amber_sign_ignored"), case.id
        if shown:
            seen += 1
            assert has_error(silent, "amber_sign_ignored"), case.id
            error = next(e for e in silent.critical_errors if e.id == "amber_sign_ignored")
            assert error.step is not None
            assert isinstance(steps[error.step].action, Ask)
        elif required_referral(case) is None:
            assert not has_error(silent, "amber_sign_ignored"), case.id
    assert seen >= 10


def test_a_needless_emergency_referral_of_a_soft_tissue_client_costs_safety() -> None:
    """Seed 'When massage can make symptoms worse' / domain.md 4: referral is for the
    findings; sending a soft-tissue client to the emergency department needlessly costs
    the safety item."""
    costs = []
    for case in [c for s in (DG, TP, PC, HF) for c in clients(s, None, 20)]:
        if required_referral(case) is not None:
            continue
        base = [*HISTORY, *[q for q in SCREEN for _ in (1, 2)]]  # clear even if vague
        kept = items(score(case, run(case, [*base, "end"])))["safety"]
        sent = items(score(case, run(case, [*base, "refer red_flag", "end"])))["safety"]
        costs.append(sent < kept)
    assert len(costs) >= 50
    assert rate(costs) == 1


# ---------------------------------------------------------------- gentle examination


def test_more_than_two_provocation_tests_on_a_highly_irritable_client_cost_points() -> None:
    """domain.md 5a (severity sets how vigorously to examine) / issue 12 point 2: more
    than two provocation tests on a highly irritable client costs assessment points; the
    same examination of a moderately irritable client costs nothing."""
    base = [*HISTORY, *SCREEN, "palpate glute_max"]
    two = [*base, "test slr", "test slump", "end"]
    four = [*base, "test slr", "test slump", "test slr", "test slump", "end"]
    high, moderate = [], []
    for source in SOFT:
        for case in clients(source, HIGH, 12):
            high.append(
                items(score(case, run(case, four)))["assessment"]
                < items(score(case, run(case, two)))["assessment"]
            )
        for case in clients(source, MOD, 12):
            moderate.append(
                items(score(case, run(case, four)))["assessment"]
                == items(score(case, run(case, two)))["assessment"]
            )
    assert rate(high) == 1
    assert rate(moderate) == 1


# ---------------------------------------------------------------- working impression


def _impression(case: Case, source: Source, irritability: Irritability) -> float:
    line = f"impression {source.value} {irritability.value}"
    # a red flag is named once the screen found it (asked again after a vague answer)
    screen = [*SCREEN, *SCREEN] if case.hidden.source is Source.RED_FLAG else []
    return items(score(case, run(case, [*HISTORY, *screen, line, "end"])))["impression"]


def test_the_impression_item_ranks_right_over_half_right_over_wrong() -> None:
    """Issue 12 point 4 (the A of a SOAP note): the right source and irritability earn more
    than the right source alone, which earns more than a wrong source; no impression earns
    nothing."""
    irritabilities = list(Irritability)
    for case in mix():
        h = case.hidden
        wrong_irr = next(i for i in irritabilities if i is not h.irritability)
        wrong_src = next(s for s in SOFT if s is not h.source and s is not h.secondary)
        right = _impression(case, h.source, h.irritability)
        half = _impression(case, h.source, wrong_irr)
        wrong = _impression(case, wrong_src, h.irritability)
        none = items(score(case, run(case, [*HISTORY, "end"])))["impression"]
        assert right == WEIGHTS["impression"], case.id
        if h.source is not Source.RED_FLAG:
            assert right > half, case.id
        assert half > wrong, case.id
        assert wrong > none or wrong == 0 == none, case.id
        assert none == 0


def test_a_misjudged_irritability_is_taught_as_irritability() -> None:
    """Issue 12 point 9 (teaching points match the reason) and domain.md 5a: when the source
    is right and the irritability is not, the impression's teaching point is about reading
    irritability (how little sets it off, how long it settles), not about naming the
    source; a wrong source keeps the impression point."""
    for case in mix(30):
        h = case.hidden
        if h.source is Source.RED_FLAG:
            continue
        other = next(i for i in Irritability if i is not h.irritability)
        lines = [*HISTORY, f"impression {h.source.value} {other.value}", "end"]
        item = next(i for i in score(case, run(case, lines)).items if i.id == "impression")
        assert item.teaching == TEACHING["irritability"].text, case.id
        wrong = next(s for s in SOFT if s is not h.source)
        lines = [*HISTORY, f"impression {wrong.value} {h.irritability.value}", "end"]
        item = next(i for i in score(case, run(case, lines)).items if i.id == "impression")
        assert item.teaching == TEACHING["impression"].text, case.id


def test_no_pass_without_a_working_impression() -> None:
    """Issue 12 point 4: the plan answers to the impression; the expert's passing sessions
    stop passing when their impression is taken out of the transcript."""
    dropped = []
    for case in mix(40, "expert"):
        session, result = drive(ExpertAgent(), case)
        if not result.passed:
            continue
        steps = [s for s in session.steps if not isinstance(s.action, Impression)]
        assert len(steps) < len(session.steps)
        dropped.append(not score(case, steps).passed)
    assert len(dropped) >= 25
    assert rate(dropped) == 1


def test_no_pass_when_the_impression_names_another_source() -> None:
    """DESIGN section 5 (the A of the SOAP note is what the plan answers to): the expert's
    passing sessions stop passing when their impression is swapped for another source,
    the plan untouched; an 'unsure' impression does not pass either."""
    failed = []
    for case in mix(40, "expert"):
        session, result = drive(ExpertAgent(), case)
        if not result.passed:
            continue
        h = case.hidden
        other = next(s for s in Source if s is not h.source)
        for swapped in (
            Impression(source=other, irritability=h.irritability),
            Impression(source="unsure"),
        ):
            steps = [
                replace(s, action=swapped) if isinstance(s.action, Impression) else s
                for s in session.steps
            ]
            again = score(case, steps)
            failed.append(not again.passed)
            assert "a pass needs" in next(i.detail for i in again.items if i.id == "impression")
    assert len(failed) >= 50
    assert rate(failed) == 1


def test_no_pass_when_the_impression_reads_the_client_calmer_or_far_off() -> None:
    """domain.md 5a (irritability sets how vigorously to examine and work; seed: start
    conservatively): the expert's passing sessions stop passing when their impression reads
    the client one level calmer, or two levels off, the plan untouched; one level more
    irritable is the safe side and is not what fails."""
    levels = list(Irritability)
    failed, safe_side = [], []
    for case in mix(40, "expert"):
        session, result = drive(ExpertAgent(), case)
        h = case.hidden
        if not result.passed or h.source is Source.RED_FLAG:
            continue
        truth = levels.index(h.irritability)
        for index, level in enumerate(levels):
            said = Impression(source=h.source, irritability=level)
            steps = [
                replace(s, action=said) if isinstance(s.action, Impression) else s
                for s in session.steps
            ]
            again = score(case, steps)
            detail = next(i.detail for i in again.items if i.id == "impression")
            if index - truth in (0, 1):
                safe_side.append("a pass needs the true irritability" not in detail)
            else:
                failed.append(not again.passed and "a pass needs the true" in detail)
    assert len(failed) >= 30
    assert rate(failed) == 1
    assert rate(safe_side) == 1


def test_time_does_not_make_up_for_a_dose_far_below_tolerance() -> None:
    """domain.md 5d-6 (the working dose sits at the edge of tolerance; seed: adjust pressure
    to the person on the table): on a low-irritability radicular client, long supported
    movement far below the range the client takes earns less of the technique item than
    the same minutes at a working range, and names the working dose as the reason."""
    # (not a client whose pain centralises: for them the key is lumbar movement itself)
    cases = [c for c in clients(LR, LOW, 20) if not directional(c, LR)]
    assert cases
    for case in cases:
        plan = [*HISTORY, "test slr", f"impression {LR.value} low"]
        light = score(case, run(case, [*plan, "treat passive_movement glute_max 2 15", "end"]))
        working = score(case, run(case, [*plan, "treat passive_movement glute_max 5 15", "end"]))
        fit_light, fit_working = items(light)["technique_fit"], items(working)["technique_fit"]
        assert fit_light < fit_working, case.id
        detail = next(i for i in light.items if i.id == "technique_fit")
        assert "working pressure" in detail.detail, case.id


def test_gentle_work_that_follows_a_cautious_impression_is_not_an_under_dose() -> None:
    """The dose is a decision that follows the impression: a moderately irritable client
    judged highly irritable and worked gently is not capped as an under-dose (the impression
    item costs the misjudgement); the same gentle work under an impression of moderate
    irritability is."""
    for case in [c for c in clients(LR, MOD, 20) if not directional(c, LR)]:
        movement = ["treat passive_movement glute_max 2 15", "end"]
        cautious = score(case, run(case, [*HISTORY, f"impression {LR.value} high", *movement]))
        judged = score(case, run(case, [*HISTORY, f"impression {LR.value} moderate", *movement]))
        assert items(cautious)["technique_fit"] > items(judged)["technique_fit"], case.id
        assert items(cautious)["impression"] < items(judged)["impression"], case.id
        detail = next(i.detail for i in judged.items if i.id == "technique_fit")
        assert "working pressure" in detail, case.id


def test_gentle_work_after_a_nerve_root_sign_is_not_an_under_dose() -> None:
    """domain.md 4 amber row / DESIGN 3 (the session goes on very conservatively once a
    nerve-root sign shows; seed: small, supported movement, no end-range loading): on a
    calm radicular client who has said the leg pain jumps on a cough, the same light
    movement that is capped as an under-dose without that answer earns the full dose."""
    seen = 0
    for case in clients(LR, LOW, 40):
        if not case.findings.cough_sneeze or directional(case, LR):
            continue
        seen += 1
        plan = [*HISTORY, "test slr", f"impression {LR.value} low"]
        movement = ["treat passive_movement glute_max 2 15", "refer medical_assessment", "end"]
        blind = score(case, run(case, [*plan, *movement]))
        told = score(case, run(case, [*plan, "ask cough_sneeze", "ask cough_sneeze", *movement]))
        assert items(told)["technique_fit"] > items(blind)["technique_fit"], case.id
        detail = next(i.detail for i in told.items if i.id == "technique_fit")
        assert "working pressure" not in detail, case.id
    assert seen >= 5


def test_lighter_work_after_a_reproduction_is_not_an_under_dose() -> None:
    """Seed, deep hip rotators: "If direct work reproduces sharp radiating symptoms, more
    pressure is not better. A skilled therapist will often lighten up". On deep-gluteal
    clients whose deep-rotator friction flared, the lighter sustained pressure that follows
    on the same tissue earns the dose: the same light block alone, far below what the
    tissue takes, is capped as an under-dose."""
    base = [
        "ask onset",
        "palpate deep_rotators",
        "test fair",
        f"impression {DG.value} moderate",
        "treat compression glute_max 3 4",
    ]
    light = "treat sustained_pressure deep_rotators 1 10"
    seen = 0
    for case in clients(DG, MOD, 60):
        backed_off = run(case, [*base, "treat friction deep_rotators 5 3", light, "end"])
        provoked, after = [s for s in backed_off if isinstance(s.action, Treat)][1:3]
        if provoked.response.effect is not Effect.FLARE or (after.response.note.excess or 0) > -2:
            continue
        seen += 1
        alone = score(case, run(case, [*base, light, "end"]))
        lighter = score(case, backed_off)
        assert items(lighter)["technique_fit"] > items(alone)["technique_fit"], case.id
        assert "working pressure" in next(i.detail for i in alone.items if i.id == "technique_fit")
        fit = next(i.detail for i in lighter.items if i.id == "technique_fit")
        assert "working pressure" not in fit, case.id
    assert seen >= 5, seen


# ---------------------------------------------------------------- totality


@st.composite
def sessions(draw: st.DrawFn) -> tuple[Case, list[Step]]:
    case = GEN.generate(draw(st.sampled_from(BLUEPRINTS)), draw(st.integers(0, 10**6)))
    session = Session(case, draw(st.integers(0, 1000)))
    impressions = st.builds(
        Impression,
        source=st.sampled_from(list(Source)),
        irritability=st.sampled_from(list(Irritability)),
    )
    for action in draw(st.lists(st.one_of(ACTIONS, impressions), max_size=30)):
        session.apply(action)
    return case, session.steps


@settings(max_examples=60, deadline=None)
@given(sessions())
def test_any_session_scores_between_0_and_100_deterministically(
    played: tuple[Case, list[Step]],
) -> None:
    """DESIGN section 5: the score is a total, bounded, pure function of the transcript,
    recorded with the rubric version it was scored under."""
    case, steps = played
    result = score(case, steps)
    assert 0 <= result.total <= 100
    assert result.rubric_version == RUBRIC_VERSION
    assert score(case, list(steps)) == result
    if result.passed:
        assert result.total >= PASS_MARK and not result.critical_errors
        assert any(isinstance(s.action, Impression) for s in steps)


def test_pinpoint_work_on_cold_tissue_earns_no_technique_credit() -> None:
    """Seed, "Gluteal compression and broad warming strokes": broad work first shows whether
    the area is too reactive for deeper work, so going straight into held pressure on the
    deep rotators is not yet the decision to treat them; the same block after a broad
    warm-up of the layer above is."""
    opening = ["ask onset", "ask radiation", "test fair", "palpate deep_rotators"]
    for case in [*clients(DG, LOW, 30), *clients(DG, MOD, 30)]:
        start = [*opening, f"impression {DG.value} {case.hidden.irritability}"]
        block = "treat sustained_pressure deep_rotators 2 6"
        cold = run(case, [*start, "treat passive_movement glute_max 2 6", block, "end"])
        warm = run(case, [*start, "treat compression glute_max 2 6", block, "end"])
        held = [s for s in cold if isinstance(s.action, Treat)][1]
        assert not held.response.note.warmed
        assert [s for s in warm if isinstance(s.action, Treat)][1].response.note.warmed
        item = next(i for i in score(case, cold).items if i.id == "technique_fit")
        assert "no broad work had warmed" in item.detail, item.detail
        assert item.teaching == TEACHING["broad_first"].text, case.id
        assert (
            items(score(case, cold))["technique_fit"] < items(score(case, warm))["technique_fit"]
        ), case.id


def test_an_impression_named_before_anything_was_found_is_a_guess() -> None:
    """The A of the SOAP note follows the S and the O: the expert's own passing sessions,
    replayed with the impression moved to the first step, name the same source before
    anything was examined (or, for a red flag, before the flag was found) and fail."""
    moved = 0
    for source in (*SOFT, RF):
        for number, case in enumerate(clients(source, None, 12)):
            session, result = drive(ExpertAgent(), case, number)
            actions = [s.action for s in session.steps]
            said = next((a for a in actions if isinstance(a, Impression)), None)
            if not result.passed or said is None:
                continue
            replay = [said, *(a for a in actions if a is not said)]
            guessed = score(case, run(case, [action_to_line(a) for a in replay], number))
            item = next(i for i in guessed.items if i.id == "impression")
            assert not guessed.passed, case.id
            assert "before anything was found" in item.detail, (case.id, item.detail)
            moved += 1
    assert moved >= 50
