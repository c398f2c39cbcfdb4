"""A course of care against single sessions: a 3-visit course of 90 actions applied and
scored, beside three single sessions of the same 30 actions each (issue 14).

Run: python tests/benchmarks/bench_course.py [--quick]
The ratio is what to compare between runs (absolute times on shared machines are noisy):
what a course adds is evolving the client between visits, the reports, and scoring each
follow-up with the earlier visits as context plus the course items.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from bench_engine import SCRIPT

from simulator.domain.actions import Visit, parse_script
from simulator.engine.course import play_course
from simulator.engine.session import Session
from simulator.generator.generate import generate_mix
from simulator.scoring.course import score_course
from simulator.scoring.rubric import score

VISITS = 3


def best_of(repeats: int, *fns: Callable[[], None]) -> list[float]:
    """The fastest run of each, interleaved so both meet the same load on a shared machine."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeats):
        for fn, spent in zip(fns, times, strict=True):
            start = time.perf_counter()
            fn()
            spent.append(time.perf_counter() - start)
    return [min(t) for t in times]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer iterations (smoke run)")
    args = parser.parse_args()
    n = 30 if args.quick else 200
    repeats = 2 if args.quick else 9
    cases = generate_mix(n, seed=1)
    visit = parse_script(SCRIPT)
    course_script = [a for k in range(VISITS) for a in ([Visit()] if k else []) + visit]
    actions = sum(1 for a in course_script if a.kind != "visit")

    def sessions() -> None:
        for number, case in enumerate(cases):
            for k in range(VISITS):
                session = Session(case, number + k)
                for action in visit:
                    session.apply(action)
                score(case, session.steps)

    def courses() -> None:
        for number, case in enumerate(cases):
            score_course(play_course(case, course_script, seed=number, visits=VISITS))

    single, course = best_of(repeats, sessions, courses)
    print(f"{n} clients, {actions} actions each ({VISITS} x {len(visit)}), best of {repeats}")
    print(f"three single sessions, applied and scored: {single / n * 1000:7.2f} ms per client")
    print(f"one {VISITS}-visit course, applied and scored: {course / n * 1000:7.2f} ms per client")
    print(f"course / sessions: {course / single:.2f}x")


if __name__ == "__main__":
    main()
