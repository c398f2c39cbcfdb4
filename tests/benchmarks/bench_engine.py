"""Engine throughput: cases generated, actions applied and sessions scored per second.

Run: python tests/benchmarks/bench_engine.py [--quick]
Each figure is printed beside a floor measured in the same run, because absolute times on
shared machines are noisy; the ratios are what to compare between runs.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from simulator.domain.actions import parse_script
from simulator.domain.response import Response, Signals
from simulator.engine.session import Session
from simulator.generator.generate import Generator, default_blueprint
from simulator.scoring.rubric import score

SCRIPT = """
ask onset
ask radiation
ask aggravating
ask sitting_vs_walking
ask history_disc
ask bladder_bowel
ask saddle_numbness
ask weakness
ask general_health
ask pain_rating
observe sitting
observe forward_bend
palpate glute_max
palpate deep_rotators
palpate hamstrings
test slr
test fair
test thomas
treat compression glute_max 3 4
treat effleurage glute_med 2 3
check_in
treat friction deep_rotators 3 4
check_in
treat myofascial hamstrings 3 5
treat trigger_point glute_min 3 2
reassess slr
treat passive_movement glute_max 2 3
check_in
educate expectations
end
"""


def best_of(repeats: int, fn: Callable[[], None]) -> float:
    """The fastest of several runs: the least disturbed by other work on the machine."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer iterations (smoke run)")
    args = parser.parse_args()
    n_cases = 500 if args.quick else 5000
    n_sessions = 200 if args.quick else 2000
    repeats = 2 if args.quick else 5

    generator = Generator()
    blueprint = default_blueprint()
    fake = generator.fake

    def faker_floor() -> None:
        # Faker making the same persona fields alone: seed, a first and a last name, a coin.
        for seed in range(n_cases):
            fake.seed_instance(seed)
            fake.random_int(0, 1)
            fake.random_element(generator.first_names["she"])
            fake.random_element(generator.last_names)

    def generate() -> None:
        for seed in range(n_cases):
            generator.generate(blueprint, seed)

    def faker_api_floor() -> None:
        # The same persona fields through Faker's everyday API (weighted name lists, job,
        # age): what a generator that simply asked Faker for a person would pay.
        for seed in range(n_cases):
            fake.seed_instance(seed)
            fake.first_name()
            fake.last_name()
            fake.job()
            fake.random_int(18, 80)

    floor = best_of(repeats, faker_floor)
    api_floor = best_of(repeats, faker_api_floor)
    gen = best_of(repeats, generate)
    print(
        f"generation: {n_cases / gen:,.0f} cases/s; "
        f"{gen / api_floor:.2f}x Faker's persona API alone ({n_cases / api_floor:,.0f}/s), "
        f"{gen / floor:.2f}x the bare Faker draws the generator makes ({n_cases / floor:,.0f}/s)"
    )

    actions = parse_script(SCRIPT)
    assert len(actions) == 30
    cases = [generator.generate(blueprint, seed) for seed in range(n_sessions)]

    def apply_all() -> None:
        for case in cases:
            session = Session(case, 1)
            for action in actions:
                session.apply(action)

    def apply_and_score() -> None:
        for case in cases:
            session = Session(case, 1)
            for action in actions:
                session.apply(action)
            score(case, session.steps)

    def response_floor() -> None:
        # The unavoidable cost of a step: building its Response, 30 per session.
        for _case in cases:
            for left in range(30):
                Response(text="x", signals=Signals(minutes_left=left))

    played = []
    for case in cases:
        session = Session(case, 1)
        for action in actions:
            session.apply(action)
        played.append((case, session.steps))

    def score_only() -> None:
        for case, steps in played:
            score(case, steps)

    def score_floor() -> None:
        # The least a scorer can do: read every step's action and note once.
        for _case, steps in played:
            sum(1 for step in steps if step.response.note.performed and step.action.kind)

    floor = best_of(repeats, response_floor)
    applied = best_of(repeats, apply_all)
    both = best_of(repeats, apply_and_score)
    per_session_ms = both / n_sessions * 1000
    print(
        f"actions: {30 * n_sessions / applied:,.0f} actions/s "
        f"({applied / floor:.2f}x the floor of building the same 30 responses)"
    )
    print(
        f"session of 30 actions applied and scored: {per_session_ms:.3f} ms "
        f"({n_sessions / both:,.0f} sessions/s on one core)"
    )
    scoring = best_of(repeats, score_only)
    read = best_of(repeats, score_floor)
    print(
        f"scoring: {n_sessions / scoring:,.0f} transcripts/s "
        f"({scoring / read:.1f}x the floor of reading every step once)"
    )


if __name__ == "__main__":
    main()
