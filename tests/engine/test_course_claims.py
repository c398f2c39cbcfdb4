"""The course-of-care claims of the seed and domain.md, re-enacted over populations of clients.

Issue 14: the seed's plan is not one session ("if the client responds well, the therapist can
progress carefully. If symptoms increase, the plan changes"; soreness and flares can show up
later; lasting change needs repeated work with exercise and medical review). Each test plays
the same small course against 100-300 generated clients and asserts a *rate*, as
test_seed_claims does for single sessions; the docstrings name the seed section and the
domain.md rule re-enacted.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable

from test_seed_claims import HIGH, LOW, MOD, SOFT, SOURCE_NAMES, clients, each, rate

from simulator.domain.actions import parse_line, parse_script
from simulator.domain.case import Case
from simulator.domain.ids import REACH_ORDER, Effect, Irritability, Source, Style, Topic
from simulator.engine.course import Course, Interval, play_course
from simulator.knowledge import follow_up
from simulator.knowledge.dose import tensioning_risk
from simulator.knowledge.words import SOURCE_LABEL, SOURCE_NAME
from simulator.scoring.course import CourseScore, score_course

LR, DG, TP, PC, HF, RF = (*SOFT, Source.RED_FLAG)


def course(case: Case, *visits: str, seed: int = 0) -> Course:
    """Play one script per visit (newline-separated lines), `visit` between them."""
    return play_course(case, parse_script("\nvisit\n".join(visits)), seed, visits=len(visits))


def first_interval_worse(c: Course) -> bool:
    return bool(c.intervals) and c.intervals[0].worse


def first(c: Course) -> Interval:
    assert c.intervals, "the course never reached a second visit"
    return c.intervals[0]


def points(score: CourseScore, item: str) -> float:
    return next(i.points for i in score.items if i.id == item)


def says(report: str, lines: Iterable[str]) -> bool:
    return any(line in report for line in lines)


def flared_on_table(c: Course, visit: int = 0) -> bool:
    return any(s.response.effect is Effect.FLARE for s in c.sessions[visit].steps)


FLARE_REPORT = follow_up.FLARE_NERVE + follow_up.FLARE_LOCAL


# ---------------------------------------------------------------- delayed flares (rule 7)


def test_a_flare_that_did_not_show_on_the_table_surfaces_in_the_next_visits_report() -> None:
    """domain.md 5b and 7 rule 7 (seed 'When massage can make symptoms worse'): at high
    irritability the response can be delayed; work one level over tolerance that did not
    flare on the table comes back as a flare at home for ~30% of clients, and the report
    says so. Within tolerance, or at low irritability, nothing flares at home."""
    over = "treat compression glute_max 3 4\nend"  # broad tolerance at high is 2 (5d)
    quiet, surfaced, reported, worse, opened = 0, [], [], [], []
    for case in each(SOFT, (HIGH,), 60):
        c = course(case, over, "end")
        if flared_on_table(c):
            continue  # the flare showed on the table: not a delayed one
        quiet += 1
        i = first(c)
        assert c.sessions[0].state.pain <= case.hidden.pain  # nothing felt by the end
        surfaced.append(i.delayed_flare is not None)
        if i.delayed_flare is not None:
            reported.append(says(i.report, FLARE_REPORT))
            worse.append(i.worse and i.pain_after > i.pain_start)
            opened.append(c.openings[0].effect is Effect.FLARE)
        else:
            assert not says(i.report, FLARE_REPORT), i.report
    assert quiet >= 100
    assert 0.15 <= rate(surfaced) <= 0.45, rate(surfaced)
    assert rate(reported) == 1
    assert rate(opened) == 1
    assert rate(worse) >= 0.9, rate(worse)
    # within tolerance at high, or at low irritability whatever the broad pressure: never
    gentle = [
        course(case, "treat compression glute_max 2 4\nend", "end")
        for case in each(SOFT, (HIGH,), 20)
    ]
    calm = [course(case, over, "end") for case in each(SOFT, (LOW,), 20)]
    assert rate(first(c).delayed_flare is not None for c in gentle + calm) == 0
    assert rate(says(first(c).report, FLARE_REPORT) for c in gentle + calm) == 0


def test_a_nerve_flare_at_home_spreads_and_is_reported_as_leg_symptoms() -> None:
    """domain.md 7 rule 6: for nerve sources a flare is peripheralisation; a delayed flare of
    a nerve-root client comes back with the symptoms further down and tingling."""
    over = "treat compression glute_max 3 4\nend"  # one level over at high
    spread, nerve_words = [], []
    for case in clients(LR, HIGH, 200):
        c = course(case, over, "end")
        i = first(c)
        if i.delayed_flare is None:
            continue
        start, now = case.hidden.reach.level, c.cases[1].hidden.reach.level
        spread.append(now > start or now == len(REACH_ORDER) - 1)
        nerve_words.append(says(i.report, follow_up.FLARE_NERVE))
    assert len(spread) >= 20
    assert rate(nerve_words) == 1
    assert rate(spread) >= 0.9, rate(spread)


# ---------------------------------------------------------------- relief holds or fades


# one plan per source, on the tissue that drives it, light enough for high irritability (5d)
RELIEF_PLANS = {
    PC: "treat effleurage hamstrings 2 4\ntreat myofascial hamstrings 2 5\n"
    "treat myofascial calf 2 5\nend",
    HF: "treat effleurage glute_max 2 4\ntreat myofascial hip_flexors 2 5\n"
    "treat passive_movement hip_flexors 2 4\nend",
}


def _relief_course(irritability: Irritability) -> list[Interval]:
    return [
        first(course(case, plan, "end"))
        for source, plan in RELIEF_PLANS.items()
        for case in clients(source, irritability, 80)
    ]


def test_relief_holds_for_a_low_irritability_client_and_fades_for_a_high_one() -> None:
    """domain.md 5a-5b (seed 'How students should think about treatment planning': some
    clients improve quickly, others need repeated work): the same plan brings similar relief
    on the table, but most of it is still there a few days later at low irritability and
    most of it has slipped back at high."""
    low, high = _relief_course(LOW), _relief_course(HIGH)
    for intervals in (low, high):
        relieved = [i for i in intervals if i.relief_held + i.relief_faded >= 0.5]
        assert len(relieved) >= 0.8 * len(intervals)  # the plan does help on the table
    share = {
        name: statistics.mean(
            i.relief_held / (i.relief_held + i.relief_faded)
            for i in ivs
            if i.relief_held + i.relief_faded >= 0.5
        )
        for name, ivs in (("low", low), ("high", high))
    }
    assert share["low"] >= 0.6 and share["high"] <= 0.3, share
    # back below where they began, or back at the start
    assert rate(i.pain_after < i.pain_start for i in low) >= 0.8
    assert rate(i.pain_after < i.pain_start for i in high) <= 0.2
    assert rate(not i.worse for i in low + high) == 1  # fading is not a flare
    # and the report says which
    held = {
        n: rate(says(i.report, follow_up.HELD) for i in ivs) for n, ivs in (("l", low), ("h", high))
    }
    faded = {
        n: rate(says(i.report, follow_up.FADED) for i in ivs)
        for n, ivs in (("l", low), ("h", high))
    }
    assert held["l"] >= held["h"] + 0.3, held
    assert faded["h"] >= faded["l"] + 0.2, faded


# ---------------------------------------------------------------- soreness (rule 5)


SORENESS_PLANS = {
    "gentle": "treat effleurage glute_max 2 5\ntreat compression glute_med 2 5\nend",
    "deep": "treat compression glute_max 4 5\ntreat compression glute_med 4 5\nend",
    "deep_specific": "treat compression glute_max 4 5\ntreat friction glute_med 3 3\nend",
}


def test_post_massage_soreness_near_one_in_ten_more_after_deep_specific_work() -> None:
    """domain.md 7 rule 5 (Cambron07): about 10% of clients report minor soreness, mostly
    starting within 12 h and gone within ~36 h; deeper pressure and specific work raise the
    rate. Days later it is reported, not felt: it adds no pain to the next visit."""
    cases = each(SOFT, (LOW,), 60)  # all within tolerance at low irritability (5d)
    sore: dict[str, list[bool]] = {}
    for name, plan in SORENESS_PLANS.items():
        sore[name] = []
        for case in cases:
            c = course(case, plan, "end")
            i = first(c)
            assert not flared_on_table(c) and i.delayed_flare is None
            sore[name].append(i.soreness)
            assert says(i.report, follow_up.SORE) == i.soreness, i.report
            # gone by the visit: the pain is the visit's start less the relief that held
            assert abs(i.pain_after - (i.pain_start - i.relief_held)) <= 0.5 + 1e-9
    rates = {name: rate(flags) for name, flags in sore.items()}
    assert 0.05 <= rates["gentle"] <= 0.16, rates
    assert rates["deep"] >= rates["gentle"] + 0.05, rates
    assert rates["deep_specific"] >= rates["deep"] + 0.05, rates
    # a client sore after gentle work is sore after deeper work too
    assert all(d for g, d in zip(sore["gentle"], sore["deep_specific"], strict=True) if g)
    # no hands-on work, no soreness
    assert rate(first(course(case, "ask onset\nend", "end")).soreness for case in cases) == 0


# ---------------------------------------------------------------- home advice


GENTLE = "treat compression glute_max 2 4\n"


def _with_and_without(cases: Iterable[Case], advice: str) -> list[tuple[Interval, Interval]]:
    return [
        (
            first(course(case, f"{GENTLE}educate {advice}\nend", "end")),
            first(course(case, f"{GENTLE}end", "end")),
        )
        for case in cases
    ]


def test_gentle_self_care_advice_helps_a_little() -> None:
    """Seed 'How students should think about treatment planning' (exercise and postural
    change alongside bodywork): advice to keep moving and break up sitting takes a little off
    the pain by the next visit, never adds to it, and the client says it helped."""
    pairs = _with_and_without(each(SOFT, (LOW, MOD, HIGH), 20), "self_care")
    gain = [without.pain_after - advised.pain_after for advised, without in pairs]
    assert min(gain) >= 0
    assert 0.25 <= statistics.mean(gain) <= 1.0, statistics.mean(gain)
    assert rate(advised.advice == {"self_care": 1} for advised, _ in pairs) == 1
    assert rate(follow_up.ADVICE_HELPED[Topic.SELF_CARE] in a.report for a, _ in pairs) == 1
    # advice alone is worth about half a point: a point for about half the clients, odd or
    # even pain alike (the hidden NRS is whole points)
    for parity in (0, 1):
        alone = [
            first(course(case, "ask onset\neducate self_care\nend", "end")).pain_after
            < case.hidden.pain
            for case in each(SOFT, (LOW, MOD, HIGH), 20)
            if case.hidden.pain % 2 == parity
        ]
        assert 0.3 <= rate(alone) <= 0.7, (parity, rate(alone))
    # it never makes the tissue touchier
    order = list(Irritability)
    assert all(
        order.index(a.irritability_after) <= order.index(w.irritability_after) for a, w in pairs
    )


def test_end_range_stretching_hurts_a_sensitive_nerve_and_helps_a_hip_flexor() -> None:
    """Seed 'Passive movement and sports stretching' and domain.md 5c: with strong nerve
    sensitivity, aggressive hamstring stretching increases symptoms (a tensioner); domain.md
    7's static-stretch row: the same advice helps a hip-flexor client."""
    sensitive = [
        case
        for case in each((LR, DG, PC), (MOD, HIGH), 60)
        if tensioning_risk(case.hidden.source, case.hidden.nerve_sensitivity)
    ]
    assert len(sensitive) >= 100
    hurt = _with_and_without(sensitive, "stretching")
    harm = [advised.pain_after - without.pain_after for advised, without in hurt]
    assert min(harm) >= 0 and statistics.mean(harm) >= 0.7, statistics.mean(harm)
    assert rate(a.advice == {"stretching": -1} for a, _ in hurt) == 1
    assert rate(follow_up.ADVICE_HARMED[Topic.STRETCHING] in a.report for a, _ in hurt) == 1
    assert rate(a.worse for a, _ in hurt) >= 0.5, rate(a.worse for a, _ in hurt)
    # the nerve gets touchier: irritability rises unless already high
    assert rate(a.irritability_after is HIGH for a, _ in hurt) == 1
    # hip-flexor clients below high irritability: it helps
    helped = _with_and_without(each((HF,), (LOW, MOD), 60), "stretching")
    gain = [without.pain_after - advised.pain_after for advised, without in helped]
    assert min(gain) >= 0 and statistics.mean(gain) >= 0.25, statistics.mean(gain)
    assert rate(follow_up.ADVICE_HELPED[Topic.STRETCHING] in a.report for a, _ in helped) == 1


# ---------------------------------------------------------------- irritability


ORDER = list(Irritability)


def _step(i: Interval) -> int:
    return ORDER.index(i.irritability_after) - ORDER.index(i.irritability_before)


def test_irritability_settles_after_calm_relief_and_rises_after_flares() -> None:
    """domain.md 5a-5b (how little provokes symptoms, how long they take to settle) and
    issue 14: a calm visit with relief lets irritability settle for about half the clients,
    more with fitting self-care; two flares on the table make it easier to provoke next
    time; a calm visit never makes it rise."""
    settle: dict[bool, list[bool]] = {False: [], True: []}
    for advised in (False, True):
        for source, plan in RELIEF_PLANS.items():
            if advised:
                plan = plan.replace("\nend", "\neducate self_care\nend")
            for case in clients(source, MOD, 80):
                c = course(case, plan, "end")
                i = first(c)
                if i.relief_held + i.relief_faded < 1.0 or flared_on_table(c):
                    continue
                settle[advised].append(_step(i) < 0)
                assert _step(i) <= 0
    assert len(settle[False]) >= 100
    assert 0.35 <= rate(settle[False]) <= 0.65, rate(settle[False])
    assert rate(settle[True]) >= rate(settle[False]) + 0.1, (
        rate(settle[True]),
        rate(settle[False]),
    )
    rough = (
        "treat stripping glute_med 5 3\ntreat stripping glute_max 5 3\n"
        "treat friction lumbar 5 3\nend"
    )
    rose = []
    for case in each(SOFT, (LOW, MOD), 40):
        c = course(case, rough, "end")
        if sum(s.response.note.flare_cause is not None for s in c.sessions[0].steps) >= 2:
            rose.append(_step(first(c)) == 1)
    assert len(rose) >= 100 and rate(rose) == 1


# ---------------------------------------------------------------- referral outcomes


def test_a_referral_comes_back_with_a_plausible_outcome_in_the_report() -> None:
    """Seed 'How students should think about treatment planning' (a combined approach that
    may include medical evaluation) and issue 14: a client referred for a medical assessment
    comes back with the GP's findings: a deficit found, or no imaging needed and carry on
    with conservative care. They stay in the course; other clients never mention a doctor."""
    deficit, clear = [], []
    for case in each((LR, DG), (MOD, HIGH), 60):
        c = course(case, f"ask onset\nrefer medical_assessment\n{GENTLE}end", "end")
        assert not c.referred_out and c.visit == 2
        i = first(c)
        assert i.referral == "medical_assessment"
        f = case.findings
        if f.weakness or f.weakness_progressive:
            deficit.append(follow_up.DOCTOR_DEFICIT in i.report)
        else:
            clear.append(follow_up.DOCTOR_CLEAR in i.report)
    assert len(deficit) >= 10 and len(clear) >= 50, (len(deficit), len(clear))
    assert rate(deficit) == 1 and rate(clear) == 1
    unreferred = [first(course(case, f"{GENTLE}end", "end")) for case in each((LR, DG), (MOD,), 30)]
    assert rate("doctor" in i.report.lower() for i in unreferred) == 0


# ---------------------------------------------------------------- progression (scoring)


# plans on the driving tissue that leave these clients better a few days later
GOOD_PLANS = {
    PC: "test slr\ntreat effleurage hamstrings 3 4\ntreat myofascial hamstrings 3 6\n"
    "treat myofascial calf 3 6\nreassess slr\nend",
    HF: "test thomas\ntreat effleurage glute_max 3 4\ntreat myofascial hip_flexors 3 6\n"
    "treat passive_movement hip_flexors 3 5\nreassess thomas\nend",
}


def _longer(plan: str, more: int = 3) -> str:
    """The same plan progressed: each treatment a few minutes longer."""
    lines = []
    for line in plan.splitlines():
        if line.startswith("treat "):
            *head, minutes = line.split()
            line = " ".join([*head, str(int(minutes) + more)])
        lines.append(line)
    return "\n".join(lines)


def test_progression_after_a_good_report_is_rewarded_over_repeating() -> None:
    """Seed 'How students should think about treatment planning': if the client responds
    well, the therapist can progress carefully. After a good report, a progressed plan earns
    more for plan_progression than the same plan repeated, and a higher course total."""
    gaps, totals, good = [], [], 0
    for source, plan in GOOD_PLANS.items():
        for case in each((source,), (LOW, MOD), 60):
            repeated = course(case, plan, plan)
            if not first(repeated).better:
                continue
            good += 1
            assert says(first(repeated).report, follow_up.HELD)
            progressed = course(case, plan, _longer(plan))
            assert first(progressed) == first(repeated)  # the same report before visit 2
            a, b = score_course(repeated), score_course(progressed)
            gaps.append(points(b, "plan_progression") - points(a, "plan_progression"))
            totals.append(b.total - a.total)
    assert good >= 100, good
    assert rate(g > 0 for g in gaps) >= 0.95, rate(g > 0 for g in gaps)
    assert statistics.mean(gaps) >= 10, statistics.mean(gaps)
    assert statistics.mean(totals) > 0


def _without_reassessment(plan: str) -> str:
    return "\n".join(
        line for line in plan.splitlines() if not line.startswith(("test", "reassess"))
    )


def test_reassessing_at_follow_ups_and_a_fitting_home_plan_at_discharge_are_credited() -> None:
    """Seed 'Trigger point work with clear communication' (followed by reassessment) and
    'How students should think about treatment planning' (exercise and postural change; a
    combined approach): the course credits re-testing before treating at each follow-up,
    and closing an improved course with home advice that fits."""
    for source, plan in GOOD_PLANS.items():
        for case in clients(source, LOW, 25):
            progressed = (plan, _longer(plan), _longer(plan, 5))
            base = score_course(course(case, *progressed))
            blind = score_course(
                course(case, plan, *(_without_reassessment(p) for p in progressed[1:]))
            )
            # (how much a re-test earns depends on whether that sign tells for this client)
            assert points(base, "follow_up_reassessment") > 0
            assert points(blind, "follow_up_reassessment") == 0
            advised = score_course(
                course(
                    case,
                    *progressed[:2],
                    progressed[2].replace("\nend", "\neducate self_care\nend"),
                )
            )
            assert points(advised, "discharge") > points(base, "discharge"), source


AGGRESSIVE = "test slr\ntreat compression glute_max 4 4\ntreat stripping glute_med 4 3\nend"
LIGHTER = "test slr\ntreat compression glute_max 2 4\ntreat effleurage glute_med 2 3\nend"


def test_the_same_aggressive_plan_after_a_worse_report_is_penalised() -> None:
    """Seed 'How students should think about treatment planning': if symptoms increase, the
    plan changes; 'When massage can make symptoms worse': heavy pressure and aggressive
    stripping into acute pain flare. Repeating the load that flared after the client came
    back worse is a critical error and costs plan_progression and no_repeat_flare; lightening
    the plan is credited."""
    worse = 0
    errors, fails, progression, repeats = [], [], [], []
    for case in each(SOFT, (MOD, HIGH), 40):
        again = course(case, AGGRESSIVE, AGGRESSIVE)
        if not first(again).worse:
            continue
        worse += 1
        assert first(again).report and not says(first(again).report, follow_up.HELD)
        lighter = course(case, AGGRESSIVE, LIGHTER)
        a, b = score_course(again), score_course(lighter)
        errors.append(any(e.id == "repeated_flare_after_worse_report" for e in a.critical_errors))
        fails.append(not a.passed and a.total < b.total)
        progression.append(points(a, "plan_progression") < points(b, "plan_progression"))
        repeats.append(points(a, "no_repeat_flare") < points(b, "no_repeat_flare"))
        assert not any(e.id == "repeated_flare_after_worse_report" for e in b.critical_errors)
    assert worse >= 150, worse
    for name, flags in (
        ("error", errors),
        ("fail", fails),
        ("item", progression),
        ("repeat", repeats),
    ):
        assert rate(flags) >= 0.95, (name, rate(flags))


# ---------------------------------------------------------------- red flags


def test_a_red_flag_client_referred_urgently_leaves_the_course() -> None:
    """Seed 'When massage can make symptoms worse' and domain.md 4: a red flag is referred,
    not treated; once referred as an emergency the client goes to a doctor and does not come
    back for the next visit. Kept in care over visits instead, the course fails."""
    for n, case in enumerate(clients(RF, None, 100)):
        reason = ("red_flag", "urgent")[n % 2]  # an emergency, or urgent review within days
        c = course(case, f"ask bladder_bowel\nask weakness\nrefer {reason}\nend", "end", "end")
        assert c.referred_out and c.ended and c.last_visit
        assert len(c.sessions) == 1 and c.openings == []
        again = c.apply(parse_script("visit")[0])
        assert not again.note.performed and len(c.sessions) == 1
        s = score_course(c)
        for item in ("plan_progression", "no_repeat_flare", "discharge"):
            assert points(s, item) == next(i.maximum for i in s.items if i.id == item)
        kept = score_course(course(case, GENTLE + "end", GENTLE + "end", GENTLE + "end"))
        assert not kept.passed and points(kept, "plan_progression") == 0


# ---------------------------------------------------------------- the report's words


GIVEAWAYS = (
    "disc",
    "piriformis",
    "nerve root",
    "nerve-root",
    "radicul",
    "sciatic nerve",
    "trigger point",
    "trigger-point",
    "myofascial",
    "hamstring tendon",
    "tendinopathy",
    "hip flexor",
    "hip-flexor",
    "psoas",
    "red flag",
    "cauda equina",
    "tumour",
    "cancer",
    "infection",
)
COURSE_SCRIPTS = (
    (AGGRESSIVE, "test slr\nend", "end"),
    (GOOD_PLANS[PC].replace("\nend", "\neducate stretching\nend"), "end", "end"),
    (f"refer medical_assessment\n{GENTLE}educate self_care\nend", "educate pacing\nend", "end"),
    ("treat compression glute_max 3 4\ntreat friction deep_rotators 3 3\nend", "end", "end"),
)


def _forbidden() -> list[re.Pattern[str]]:
    names = {n for names in SOURCE_NAMES.values() for n in names}
    names |= {part.strip() for name in SOURCE_NAME.values() for part in name.split("/")}
    names |= {label.split(":")[0] for label in SOURCE_LABEL.values()}
    names |= set(GIVEAWAYS)
    names -= {"pelvic"}  # "hip flexor / pelvic" splits into an everyday word
    return [re.compile(rf"\b{re.escape(n.lower())}") for n in sorted(names)]


def test_the_report_never_names_the_source() -> None:
    """DESIGN 3 'Responses' and issue 14: the client's report follows the state and the
    persona's style, and never names the hidden source (the student reasons towards it)."""
    forbidden = _forbidden()
    texts, styles = [], set()
    for case in clients(None, None, 150):
        styles.add(case.persona.style)
        for scripts in COURSE_SCRIPTS:
            c = course(case, *scripts)
            texts += [i.report for i in c.intervals] + [r.text for r in c.openings]
    assert len(texts) >= 800 and styles == set(Style)
    for text in texts:
        lowered = text.lower()
        for pattern in forbidden:
            assert not pattern.search(lowered), (pattern.pattern, text)


def test_easing_off_a_driver_that_reproduced_the_symptoms_answers_a_good_report() -> None:
    """Seed, deep hip rotators: "If direct work reproduces sharp radiating symptoms, more
    pressure is not better"; lighten or move to the tissue next door. A follow-up that goes
    back to the deep-rotator work after a good report, meets a zing and stops pressing
    answered the report; the course does not call the shorter deep-rotator work a dropped
    plan."""
    opening = [
        "ask onset",
        "test fair",
        "palpate deep_rotators",
        "impression deep_gluteal low",
        "treat compression glute_max 3 4",
        "treat sustained_pressure deep_rotators 4 6",
        "end",
    ]
    second = [
        "reassess pain_rating",
        "treat compression glute_max 3 4",
        "treat sustained_pressure deep_rotators 4 2",
        "educate self_care",
        "end",
    ]
    seen = 0
    for case in clients(Source.DEEP_GLUTEAL, Irritability.LOW, 80):
        played = course(case, "\n".join(opening), "\n".join(second))
        if len(played.sessions) < 2 or first_interval_worse(played):
            continue
        zing = next(s for s in played.sessions[1].steps if s.action == parse_line(second[2]))
        if not zing.response.note.reproduced and zing.response.effect is not Effect.FLARE:
            continue
        seen += 1
        item = next(i for i in score_course(played).items if i.id == "plan_progression")
        assert "eased off" in item.detail, (case.id, item.detail)
        assert "dropped" not in item.detail, (case.id, item.detail)
    assert seen >= 5, seen
