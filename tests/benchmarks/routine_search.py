"""Search for the best fixed action sequence on one case mix; report it on a fresh mix.

Run: python tests/benchmarks/routine_search.py [--train N] [--fresh N] [--iterations N]
     [--checklist]  (start from examples/checklist.txt as well as the six routines)
"""

from __future__ import annotations

import argparse
import time

from simulator.agents.checklists import checklist_text
from simulator.agents.routines import ROUTINES
from simulator.agents.search import fitness, hill_climb
from simulator.domain.actions import action_to_line, parse_script
from simulator.generator.generate import generate_mix


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", type=int, default=150)
    parser.add_argument("--fresh", type=int, default=500)
    parser.add_argument("--iterations", type=int, default=400)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--checklist", action="store_true", help="seed with the checklist too")
    args = parser.parse_args()
    starts = [parse_script(s) for s in ROUTINES.values()]
    if args.checklist:
        starts.append(parse_script(checklist_text()))
    train = generate_mix(args.train, seed=args.seed + 1)
    fresh = generate_mix(args.fresh, seed=args.seed + 2)
    start = time.perf_counter()
    best, train_fit = hill_climb(train, args.iterations, seed=args.seed, starts=starts)
    fresh_fit = fitness(best, fresh)
    elapsed = time.perf_counter() - start
    print("best fixed sequence found:")
    for action in best:
        print("  " + action_to_line(action))
    print(
        f"training mix ({args.train} cases): pass rate {train_fit.pass_rate:.1%}, "
        f"mean {train_fit.mean:.1f}"
    )
    print(
        f"fresh mix ({args.fresh} cases): pass rate {fresh_fit.pass_rate:.1%}, "
        f"mean {fresh_fit.mean:.1f}"
    )
    print(f"{args.iterations} iterations in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
